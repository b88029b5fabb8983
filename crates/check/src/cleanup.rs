//! The cleanup: what the run created, on a stack the moment it exists,
//! mirrored into the journal (see [`crate::journal`]), and unwound in
//! reverse on every ending — success, failure, deadline, signal — within
//! its own time budget, which a cancel or the deadline does not cut.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::journal::{self, Cleanup};
use crate::judge::snippet;
use crate::poll::Polls;
use crate::redact::Redactor;
use crate::report::{CleanupOutcome, Report};
use crate::scenario::{WaitConfig, merge_headers};
use crate::transport::{Request, Transport};

/// What the run created and has not removed yet, newest last; kept in the
/// journal file too, when there is one. Each entry with its rank: the
/// place in the plan of the step that created it (0 for fixtures and an
/// earlier run's entries).
pub(crate) struct CleanupStack {
    entries: Mutex<Vec<(usize, Cleanup)>>,
    /// Failed journal writes, reported at the end.
    journal_errors: Mutex<Vec<String>>,
    journal: Option<PathBuf>,
    /// The journal's entries belong to this service root.
    base_url: String,
}

impl CleanupStack {
    pub(crate) fn new(journal: Option<PathBuf>, base_url: String) -> CleanupStack {
        CleanupStack {
            entries: Mutex::new(Vec::new()),
            journal_errors: Mutex::new(Vec::new()),
            journal,
            base_url,
        }
    }

    /// A fixture's removal, on top of the stack (fixtures are created one
    /// after another, before any step).
    pub(crate) fn push(&self, item: Cleanup) {
        self.push_ranked(0, item);
    }

    /// The removal of what the plan's step at `rank` (1-based) created. It
    /// goes above every entry of a lower or equal rank, below those of
    /// steps later in the plan that ended first: steps of independent
    /// chains end in any order, and the stack keeps plan order, so the
    /// cleanup unwinds in the same order every run. What a step depends on
    /// was created (and pushed) before it started, so it stays below.
    pub(crate) fn push_ranked(&self, rank: usize, item: Cleanup) {
        if let Ok(mut stack) = self.entries.lock() {
            let at = stack
                .iter()
                .rposition(|(r, _)| *r <= rank)
                .map_or(0, |i| i + 1);
            stack.insert(at, (rank, item));
            self.save(&stack);
        }
    }

    /// A checked DELETE removed what was at `path`: it leaves the stack.
    pub(crate) fn forget(&self, path: &str) {
        if let Ok(mut stack) = self.entries.lock() {
            stack.retain(|(_, c)| c.path != path);
            self.save(&stack);
        }
    }

    /// The journal writes that failed, for the report.
    pub(crate) fn journal_errors(&self) -> Vec<String> {
        self.journal_errors
            .lock()
            .map(|e| e.clone())
            .unwrap_or_default()
    }

    /// Mirrors the cleanup stack into the journal, if there is one. A
    /// failed write is kept for the report: the run goes on (stopping
    /// would leave more behind), but says the journal is not to be trusted.
    fn save(&self, stack: &[(usize, Cleanup)]) {
        let Some(path) = &self.journal else {
            return;
        };
        let items: Vec<Cleanup> = stack.iter().map(|(_, c)| c.clone()).collect();
        if let Err(e) = journal::save(path, &self.base_url, &items)
            && let Ok(mut errors) = self.journal_errors.lock()
            && !errors.contains(&e)
        {
            errors.push(e);
        }
    }
}

/// Unwinds a [`CleanupStack`]: each removal, retried while the resource is
/// busy, then awaited until it is gone.
pub(crate) struct Cleaner<'a> {
    pub stack: &'a CleanupStack,
    pub transport: &'a Transport,
    pub wait: &'a WaitConfig,
    /// The scenario-wide headers: they stand in for the secret ones an
    /// earlier run's journal entries lack.
    pub headers: &'a BTreeMap<String, String>,
    pub redactor: &'a Redactor,
    /// The cleanup's time budget.
    pub timeout: Duration,
}

impl Cleaner<'_> {
    fn polls(&self) -> Polls<'_> {
        Polls {
            transport: self.transport,
            wait: self.wait,
        }
    }

    /// Removes what the journal lists from earlier runs, before anything
    /// else (with stand-in headers, see [`Cleaner::remove`]). Refuses to go
    /// on when any of them stays (the run would pile more on top), or when
    /// the journal cannot be read or written.
    pub(crate) async fn clean_up_earlier_runs(&self, report: &mut Report) -> Result<(), String> {
        let Some(path) = &self.stack.journal else {
            return Ok(());
        };
        let earlier = journal::load(path, &self.stack.base_url)?;
        if earlier.is_empty() {
            // Prove the journal can be written before creating anything.
            return journal::probe(path);
        }
        // The entries go back to the journal as they were read: no label
        // prefix or stand-in headers pile up over repeated attempts.
        if let Ok(mut stack) = self.stack.entries.lock() {
            *stack = earlier.into_iter().map(|c| (0, c)).collect();
        }
        let mut outcomes = self.clean_up().await;
        for o in &mut outcomes {
            o.resource = format!("left by an earlier run: {}", o.resource);
        }
        let failed = outcomes.iter().filter(|o| !o.ok).count();
        report.cleanup.extend(outcomes);
        if failed > 0 {
            return Err(format!(
                "{failed} resource(s) left by an earlier run could not be removed (still listed in {}); \
                 nothing was run",
                path.display()
            ));
        }
        // Every removal rewrote the journal; a failed write means this run
        // could not keep one, so it must not create anything.
        if self
            .stack
            .journal_errors
            .lock()
            .is_ok_and(|e| !e.is_empty())
        {
            return Err(format!(
                "{}: the cleanup journal could not be written; nothing was run",
                path.display()
            ));
        }
        journal::probe(path)
    }

    /// Unwinds the cleanup stack in reverse creation order, with its own
    /// time budget (a cancel or passed deadline does not stop it).
    pub(crate) async fn clean_up(&self) -> Vec<CleanupOutcome> {
        // Each entry stays on the stack, and so in the journal, until it
        // is gone: a run killed while cleaning up still leaves the list.
        let items: Vec<Cleanup> = self
            .stack
            .entries
            .lock()
            .map(|s| s.iter().map(|(_, c)| c.clone()).collect())
            .unwrap_or_default();
        let budget = Instant::now() + self.timeout;
        // Its requests now answer to this budget, not to cancel/deadline.
        if let Ok(mut b) = self.transport.cleanup_budget.lock() {
            *b = Some(budget);
        }
        let mut out = Vec::new();
        for item in items.iter().rev() {
            let result = self.remove(item, budget).await;
            if result.is_ok()
                && let Ok(mut stack) = self.stack.entries.lock()
            {
                if let Some(i) = stack.iter().rposition(|(_, c)| c == item) {
                    stack.remove(i);
                }
                self.stack.save(&stack);
            }
            out.push(CleanupOutcome {
                resource: item.label.clone(),
                ok: result.is_ok(),
                message: match result {
                    Ok(m) => m,
                    Err(e) => e,
                },
            });
        }
        if let Ok(mut b) = self.transport.cleanup_budget.lock() {
            *b = None;
        }
        out
    }

    async fn remove(&self, item: &Cleanup, budget: Instant) -> Result<String, String> {
        let mv = item.microversion.as_deref();
        // A journal entry from an earlier run lacks its secret headers
        // (never written down): the scenario-wide ones stand in. This
        // run's own entries already carry them.
        let headers = &merge_headers(self.headers, &item.headers);
        for attempt in 0..3 {
            if Instant::now() >= budget {
                return Err("the cleanup time budget ran out".into());
            }
            let method = if item.body.is_some() {
                "POST"
            } else {
                "DELETE"
            };
            let reply = self
                .transport
                .call(&Request {
                    method,
                    path: &item.path,
                    body: item.body.as_ref(),
                    microversion: mv,
                    headers,
                    retry_unsafe: true,
                })
                .await
                .map_err(|e| e.message())?;
            match reply.status {
                404 => return Ok("already gone".into()),
                200..=299 => {
                    if let Some(show) = &item.show {
                        self.polls()
                            .await_gone(show, mv, headers, Some(budget))
                            .await?;
                    }
                    return Ok(format!("deleted ({})", reply.status));
                }
                // Busy (still creating, attached, …): let it settle, retry.
                400 | 409 if attempt < 2 => self.let_settle(item, headers, budget).await,
                status => {
                    return Err(format!(
                        "{method} {} answered {status}: {}",
                        item.path,
                        snippet(self.redactor, &reply.body)
                    ));
                }
            }
        }
        let method = if item.body.is_some() {
            "POST"
        } else {
            "DELETE"
        };
        Err(format!("{method} {} kept failing", item.path))
    }

    /// A busy resource left to settle before the next attempt: polled
    /// while its status is transitional (like [`Polls::await_settled`], but
    /// within the cleanup's budget, whatever a cancel or the deadline say),
    /// or one interval when there is nothing to poll.
    async fn let_settle(
        &self,
        item: &Cleanup,
        headers: &BTreeMap<String, String>,
        budget: Instant,
    ) {
        let interval = Duration::from_millis(self.wait.interval_ms);
        let (Some(show), Some(pointer)) = (&item.show, &item.status_pointer) else {
            tokio::time::sleep(interval).await;
            return;
        };
        let mv = item.microversion.as_deref();
        while Instant::now() < budget {
            let Ok(reply) = self.transport.call(&Request::get(show, mv, headers)).await else {
                return;
            };
            let body: Option<Value> = serde_json::from_slice(&reply.body).ok();
            match body
                .as_ref()
                .and_then(|b| b.pointer(pointer))
                .and_then(Value::as_str)
            {
                Some(s) if self.wait.is_transitional(s) => tokio::time::sleep(interval).await,
                _ => return,
            }
        }
    }
}

/// A plain DELETE of `path` (tests build on it).
#[cfg(test)]
impl Cleanup {
    pub(crate) fn plain(path: &str) -> Cleanup {
        Cleanup {
            label: format!("create {path}"),
            path: path.into(),
            show: None,
            status_pointer: None,
            microversion: None,
            headers: BTreeMap::new(),
            body: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(path: &str) -> Cleanup {
        Cleanup::plain(path)
    }

    fn paths(stack: &CleanupStack) -> Vec<String> {
        stack
            .entries
            .lock()
            .unwrap()
            .iter()
            .map(|(_, c)| c.path.clone())
            .collect()
    }

    #[test]
    fn the_stack_keeps_plan_order_whatever_order_steps_end_in() {
        let stack = CleanupStack::new(None, "http://127.0.0.1:1".into());
        stack.push(item("/fixture-volume"));
        // Step 7 (another chain) ends before steps 2 and 5.
        stack.push_ranked(7, item("/types/t"));
        stack.push_ranked(2, item("/volumes/v"));
        stack.push_ranked(5, item("/volumes/v/snapshot"));
        assert_eq!(
            paths(&stack),
            [
                "/fixture-volume",
                "/volumes/v",
                "/volumes/v/snapshot",
                "/types/t"
            ]
        );
        stack.forget("/volumes/v/snapshot");
        stack.push_ranked(5, item("/volumes/v/snapshot-2"));
        assert_eq!(paths(&stack)[2], "/volumes/v/snapshot-2");
    }
}
