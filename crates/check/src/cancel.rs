//! Stopping a run: a cancel (a signal, a caller) and the global deadline.
//! Requests in flight answer to both (see [`crate::transport`]); the
//! cleanup does not (see [`crate::cleanup`]).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use tokio::sync::Notify;

/// Stops a run between requests; cloneable, shared with signal handlers.
#[derive(Clone, Debug, Default)]
pub struct Cancel {
    inner: Arc<CancelInner>,
}

#[derive(Debug, Default)]
struct CancelInner {
    flag: AtomicBool,
    notify: Notify,
    reason: Mutex<Option<String>>,
}

impl Cancel {
    pub fn new() -> Cancel {
        Cancel::default()
    }

    /// The first reason wins.
    pub fn cancel(&self, reason: &str) {
        if let Ok(mut r) = self.inner.reason.lock() {
            r.get_or_insert_with(|| reason.to_string());
        }
        self.inner.flag.store(true, Ordering::SeqCst);
        self.inner.notify.notify_waiters();
    }

    pub fn is_cancelled(&self) -> bool {
        self.inner.flag.load(Ordering::SeqCst)
    }

    pub fn reason(&self) -> Option<String> {
        self.inner.reason.lock().ok().and_then(|r| r.clone())
    }

    pub async fn cancelled(&self) {
        loop {
            let notified = self.inner.notify.notified();
            if self.is_cancelled() {
                return;
            }
            notified.await;
        }
    }
}

/// Resolves with the reason once `cancel` fires or `deadline` passes.
pub(crate) async fn stop_signal(cancel: &Cancel, deadline: Option<Instant>) -> String {
    let passed = async {
        match deadline {
            Some(d) => tokio::time::sleep_until(d.into()).await,
            None => std::future::pending().await,
        }
    };
    tokio::select! {
        _ = cancel.cancelled() => cancel.reason().unwrap_or_else(|| "cancelled".into()),
        _ = passed => "the global deadline passed".into(),
    }
}
