//! What a run tells its front end while it goes: events, not drawing. The
//! library draws nothing; the `speclift` binary turns these into a
//! progress bar, a test may collect them.

use std::fmt;
use std::sync::Arc;

/// One thing that happened in a run, in the order it happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Progress {
    /// The run starts this many units of work (fixtures and steps).
    Started { total: usize },
    /// Now working on this: a fixture's name or an operation id (both
    /// redacted), or `cleanup`.
    Working(String),
    /// One unit of work is done.
    Done,
    /// The run is over; nothing follows.
    Finished,
}

/// Where [`Progress`] events go; the default drops them. Called from the
/// run's tasks, so it must be cheap and thread-safe.
#[derive(Clone, Default)]
pub struct ProgressSink(Option<Arc<dyn Fn(Progress) + Send + Sync>>);

impl ProgressSink {
    pub fn new(on_event: impl Fn(Progress) + Send + Sync + 'static) -> ProgressSink {
        ProgressSink(Some(Arc::new(on_event)))
    }

    pub fn emit(&self, event: Progress) {
        if let Some(on_event) = &self.0 {
            on_event(event);
        }
    }
}

impl fmt::Debug for ProgressSink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_some() {
            "ProgressSink(..)"
        } else {
            "ProgressSink(none)"
        })
    }
}
