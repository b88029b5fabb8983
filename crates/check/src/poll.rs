//! Waiting on a resource: polls of its show path until it leaves its
//! transitional states, or is gone. The pause between polls starts short
//! and grows to the scenario's interval; a cancel or the deadline cuts it.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::scenario::WaitConfig;
use crate::transport::{Request, Transport};

/// The polls of one run: its transport and the scenario's `wait` settings.
#[derive(Clone, Copy)]
pub(crate) struct Polls<'a> {
    pub transport: &'a Transport,
    pub wait: &'a WaitConfig,
}

impl Polls<'_> {
    /// Polls `show` until the status at `pointer` leaves the transitional
    /// states. An `error…` status or the timeout is a failure. `answered`
    /// is the body the request that started the work answered with: when
    /// it already shows a transitional status at `pointer` (a create's
    /// `creating`), polling at once would only be told the same, so the
    /// first poll waits one pause.
    pub(crate) async fn await_settled(
        &self,
        show: &str,
        pointer: &str,
        mv: Option<&str>,
        headers: &BTreeMap<String, String>,
        answered: Option<&Value>,
    ) -> Result<(), String> {
        let limit = Instant::now() + Duration::from_secs(self.wait.timeout_secs);
        let mut last = String::from("unknown");
        let mut polls = 0;
        if let Some(status) = answered
            .and_then(|b| b.pointer(pointer))
            .and_then(Value::as_str)
            .filter(|s| self.wait.is_transitional(s))
        {
            last = status.to_string();
            self.pause(polls).await?;
            polls += 1;
        }
        loop {
            if let Ok(reply) = self.transport.call(&Request::get(show, mv, headers)).await {
                if reply.status == 404 {
                    return Err(format!(
                        "GET {show} answered 404 while waiting for it to become ready"
                    ));
                }
                let body: Option<Value> = serde_json::from_slice(&reply.body).ok();
                if let Some(status) = body
                    .as_ref()
                    .and_then(|b| b.pointer(pointer))
                    .and_then(Value::as_str)
                {
                    last = status.to_string();
                    if status.to_ascii_lowercase().starts_with("error") {
                        return Err(format!("the resource went to status `{status}`"));
                    }
                    if !self.wait.is_transitional(status)
                        && !self.sibling_in_transition(body.as_ref(), pointer)
                    {
                        return Ok(());
                    }
                } else {
                    return Ok(()); // nothing to wait on
                }
            }
            if Instant::now() >= limit {
                return Err(format!("still `{last}` after {} s", self.wait.timeout_secs));
            }
            self.pause(polls).await?;
            polls += 1;
        }
    }

    /// Whether another `…_status` member beside the polled one is in a
    /// transitional state: a group's `status` is `available` while its
    /// `replication_status` is still `enabling`, and the next action
    /// (`disable_replication`) would be refused for that.
    fn sibling_in_transition(&self, body: Option<&Value>, pointer: &str) -> bool {
        let parent = pointer.rsplit_once('/').map_or("", |(p, _)| p);
        let Some(members) = body
            .and_then(|b| b.pointer(parent))
            .and_then(Value::as_object)
        else {
            return false;
        };
        members.iter().any(|(k, v)| {
            k.ends_with("_status") && v.as_str().is_some_and(|s| self.wait.is_transitional(s))
        })
    }

    /// Polls `show` until it answers 404.
    pub(crate) async fn await_gone(
        &self,
        show: &str,
        mv: Option<&str>,
        headers: &BTreeMap<String, String>,
        budget: Option<Instant>,
    ) -> Result<(), String> {
        // The cleanup's budget, when given, may end before the wait timeout.
        let started = Instant::now();
        let limit = budget.unwrap_or(started + Duration::from_secs(self.wait.timeout_secs));
        let mut polls = 0;
        loop {
            if let Ok(reply) = self.transport.call(&Request::get(show, mv, headers)).await
                && reply.status == 404
            {
                return Ok(());
            }
            if Instant::now() >= limit {
                return Err(format!(
                    "GET {show} still finds it {} s after the delete",
                    started.elapsed().as_secs()
                ));
            }
            if budget.is_some() {
                tokio::time::sleep(self.poll_delay(polls)).await;
            } else {
                self.pause(polls).await?;
            }
            polls += 1;
        }
    }

    /// The pause before poll `polls + 1`: 50 ms, doubling up to the
    /// scenario's interval. Most resources here settle within a few
    /// hundred milliseconds (a fake-backed volume in < 0.5 s), so a full
    /// interval before the first re-poll is mostly idle time; slow ones
    /// are still polled at the interval.
    pub(crate) fn poll_delay(&self, polls: u32) -> Duration {
        let interval = Duration::from_millis(self.wait.interval_ms);
        Duration::from_millis(50)
            .saturating_mul(1 << polls.min(16))
            .min(interval)
    }

    /// One poll pause (see [`Polls::poll_delay`]), cut short by a cancel
    /// or the deadline.
    pub(crate) async fn pause(&self, polls: u32) -> Result<(), String> {
        tokio::select! {
            _ = tokio::time::sleep(self.poll_delay(polls)) => {}
            _ = self.transport.cancel.cancelled() => {}
        }
        self.transport.ensure_running()
    }
}
