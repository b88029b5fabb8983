//! Executing one step: its path and body filled from the variables
//! earlier steps produced, the request sent (a base-version 404/400 once
//! more at the service's maximum), the reply judged (see
//! [`crate::judge`]), what it created recorded for the cleanup and what
//! it started awaited. The scenario's fixtures and state waits are
//! `fixture`.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::cleanup::{Cleaner, CleanupStack};
use crate::journal::Cleanup;
use crate::judge::{Judge, check_reply, expected_label};
use crate::plan::{Source, Step, StepKind};
use crate::poll::Polls;
use crate::progress::{Progress, ProgressSink};
use crate::redact::Redactor;
use crate::report::{Outcome, Verdict};
use crate::scenario::WaitConfig;
use crate::services::{Endpoints, StateWait};
use crate::transport::{CallError, Reply, Request, Transport};
use crate::validate::Validators;
use crate::vars::Variables;

/// How long a step waits, at most, for the resource an action answered
/// 202 on to leave its transitional states (see [`Runner::settle`]).
const ACTION_SETTLE: Duration = Duration::from_secs(5);

/// The least an action's settle may take, whatever the service's pace.
const ACTION_SETTLE_FLOOR: Duration = Duration::from_secs(1);

/// What executes the steps of one run: the spec and scenario settings
/// they are judged and sent by, the live variables they produce and
/// consume, and the run's transport and cleanup stack.
pub(crate) struct Runner {
    pub spec: Value,
    pub service: Option<String>,
    /// Where a base-version 404/400 is retried ([`crate::discover`]).
    pub max_microversion: Option<String>,
    pub wait: WaitConfig,
    /// Scenario-wide extra headers (fixtures; steps carry their own).
    pub headers: BTreeMap<String, String>,
    /// The scenario's other services, where fixtures and state waits may go.
    pub endpoints: Endpoints,
    pub state_waits: Vec<StateWait>,
    /// Undocumented response fields fail instead of warn.
    pub strict: bool,
    /// The cleanup's time budget.
    pub cleanup_timeout: Duration,
    pub transport: Transport,
    pub cleanup: CleanupStack,
    /// The longest each kind of resource (by its show path template) took
    /// to leave its transitional states in this run (creates, actions): the
    /// service's own pace, which bounds how long an action's settle waits
    /// (see [`Runner::action_settle`]).
    pub slowest_settle: Mutex<BTreeMap<String, Duration>>,
    pub vars: Variables,
    pub validators: Validators,
    pub progress: ProgressSink,
    pub redactor: Redactor,
}

impl Runner {
    pub(crate) fn polls(&self) -> Polls<'_> {
        Polls {
            transport: &self.transport,
            wait: &self.wait,
        }
    }

    /// The cleanup of this run's stack (or of an earlier run's, loaded
    /// into it).
    pub(crate) fn cleaner(&self) -> Cleaner<'_> {
        Cleaner {
            stack: &self.cleanup,
            transport: &self.transport,
            wait: &self.wait,
            headers: &self.headers,
            redactor: &self.redactor,
            timeout: self.cleanup_timeout,
        }
    }

    /// Executes `step`, the plan's step number `rank` (1-based: what it
    /// creates keeps that place on the cleanup stack).
    pub(crate) async fn execute(self: Arc<Self>, step: Step, rank: usize) -> Outcome {
        self.progress.emit(Progress::Working(
            speclift_diag::printable(&self.redactor.redact(&step.operation_id)).into_owned(),
        ));
        let out = self.execute_inner(&step, rank).await;
        self.progress.emit(Progress::Done);
        out
    }

    async fn execute_inner(&self, step: &Step, rank: usize) -> Outcome {
        if let Some(reason) = &step.skip {
            let ending = Ending {
                got: "-",
                verdict: Verdict::Skip,
                took: Duration::ZERO,
            };
            return outcome(step, ending, vec![reason.clone()], vec![]);
        }
        if let Err(why) = self.transport.ensure_running() {
            return not_run(step, &why);
        }
        let path = match self
            .vars
            .fill(&step.path)
            .and_then(|p| Ok(p + &step.query_string(|t| self.vars.fill(t))?))
        {
            Ok(p) => p,
            Err(missing) => {
                return not_run(
                    step,
                    &format!("needs `{{{missing}}}`, which no earlier step produced"),
                );
            }
        };
        let mut body = step.body.clone();
        if let Some(b) = body.as_mut() {
            for r in &step.body_refs {
                match (self.vars.get(&r.variable), b.pointer_mut(&r.pointer)) {
                    (Some(v), Some(slot)) => *slot = Value::String(v),
                    _ => {
                        return not_run(
                            step,
                            &format!("needs `{}` for the body's {}", r.variable, r.pointer),
                        );
                    }
                }
            }
            if let Err(missing) = self.vars.fill_body(b) {
                return not_run(step, &format!("needs `{{{missing}}}` for its body"));
            }
        }
        let started = Instant::now();
        let reply = self
            .transport
            .call(&Request {
                method: &step.method,
                path: &path,
                body: body.as_ref(),
                microversion: step.microversion.as_deref(),
                headers: &step.headers,
                retry_unsafe: false,
            })
            .await;
        let took = started.elapsed();
        let (reply, step, discovered) = match reply {
            Ok(r) => self.discover(step, &path, body.as_ref(), r).await,
            Err(e) => (Err(e), std::borrow::Cow::Borrowed(step), None),
        };
        let step = step.as_ref();
        let reply = match reply {
            Ok(r) => r,
            Err(e) => {
                let ending = Ending {
                    got: &e.label(),
                    verdict: Verdict::Error,
                    took,
                };
                return outcome(step, ending, vec![e.message()], vec![]);
            }
        };
        let op = self
            .spec
            .get("paths")
            .and_then(|p| p.get(step.spec_path()))
            .and_then(|item| item.get(step.method.to_lowercase()))
            .and_then(Value::as_object);
        let empty = serde_json::Map::new();
        let (mut failures, mut warnings) = match &step.negative {
            Some(what) => {
                let sent = format!(
                    "{} {path} {}",
                    step.method,
                    body.as_ref()
                        .map_or("(no body)".to_string(), Value::to_string)
                );
                crate::negative::check(step, what, &sent, &reply)
            }
            None => check_reply(
                op.unwrap_or(&empty),
                step,
                &reply,
                &Judge {
                    spec: &self.spec,
                    service: self.service.as_deref(),
                    validators: &self.validators,
                    redactor: &self.redactor,
                    strict: self.strict,
                },
            ),
        };
        warnings.extend(discovered);
        let success = (200..300).contains(&reply.status);
        if success && matches!(step.kind, StepKind::Create | StepKind::Lookup) {
            failures.extend(self.record_created(step, &reply, body.as_ref(), rank).await);
        }
        if success && step.kind == StepKind::Delete {
            failures.extend(self.record_deleted(step, &path, &reply).await);
        }
        if success && step.negative.is_none() {
            failures.extend(self.await_states(step).await);
        }
        let lasting = step
            .action
            .as_deref()
            .is_some_and(crate::plan::begins_lasting_state);
        if success && matches!(step.kind, StepKind::Action | StepKind::Update) && !lasting {
            // Best effort, never a verdict: some actions pass through a
            // state (`os-extend`'s `extending`), and the next action
            // should not meet that. Those that begin a state another
            // action ends (`os-reserve`'s `attaching`) are not awaited:
            // polling would only wait out the bound.
            let _ = tokio::time::timeout(self.action_settle(step), self.settle(step, &reply)).await;
        }
        let verdict = if !failures.is_empty() {
            Verdict::Fail
        } else if !warnings.is_empty() {
            Verdict::Warn
        } else {
            Verdict::Pass
        };
        let ending = Ending {
            got: &reply.status.to_string(),
            verdict,
            took,
        };
        outcome(step, ending, failures, warnings)
    }

    /// A base-version 404/400 retried once at the service's maximum
    /// ([`crate::discover`]): the reply to judge, the step as sent, and the
    /// documentation warning when the retry succeeded.
    async fn discover<'s>(
        &self,
        step: &'s Step,
        path: &str,
        body: Option<&Value>,
        first: Reply,
    ) -> (
        Result<Reply, CallError>,
        std::borrow::Cow<'s, Step>,
        Option<String>,
    ) {
        let retry = crate::discover::retry_version(
            step,
            self.service.as_deref(),
            self.max_microversion.as_deref(),
            first.status,
        );
        let Some(version) = retry else {
            return (Ok(first), std::borrow::Cow::Borrowed(step), None);
        };
        let again = Request {
            method: &step.method,
            path,
            body,
            microversion: Some(version),
            headers: &step.headers,
            retry_unsafe: false,
        };
        match self.transport.call(&again).await {
            Ok(again) if crate::discover::served(step, again.status) => {
                let mut at = step.clone();
                at.microversion = Some(version.to_string());
                let warning = step
                    .negative
                    .is_none()
                    .then(|| crate::discover::warning(step, first.status, version));
                (Ok(again), std::borrow::Cow::Owned(at), warning)
            }
            _ => (Ok(first), std::borrow::Cow::Borrowed(step), None),
        }
    }

    /// Takes the produced variables, registers the cleanup and waits for
    /// an asynchronous resource. Returns failures.
    async fn record_created(
        &self,
        step: &Step,
        reply: &Reply,
        request: Option<&Value>,
        rank: usize,
    ) -> Vec<String> {
        let mut failures = Vec::new();
        let response: Option<Value> = serde_json::from_slice(&reply.body).ok();
        for (variable, source) in &step.produces {
            let value = match source {
                Source::Response { pointer } => response
                    .as_ref()
                    .and_then(|r| r.pointer(pointer))
                    .and_then(scalar),
                Source::RequestKey { pointer } => request
                    .and_then(|r| r.pointer(pointer))
                    .and_then(Value::as_object)
                    .and_then(|m| m.keys().next().cloned()),
            };
            match value {
                Some(v) => self.vars.set(variable, v),
                None => failures.push(format!(
                    "created something but the response has no {} to take `{variable}` from, so it \
                     cannot be cleaned up",
                    source.expression()
                )),
            }
        }
        if let Some(delete) = &step.delete_path {
            match self.vars.fill(delete) {
                Ok(path) => {
                    let show = step
                        .wait
                        .as_ref()
                        .map(|w| w.show_path.clone())
                        .or_else(|| Some(delete.clone()));
                    self.cleanup.push_ranked(
                        rank,
                        Cleanup {
                            label: format!("{} {path}", step.operation_id),
                            show: show.and_then(|s| self.vars.fill(&s).ok()),
                            status_pointer: step.wait.as_ref().map(|w| w.status_pointer.clone()),
                            microversion: step.microversion.clone(),
                            headers: step.headers.clone(),
                            path,
                            body: step.delete_body.clone(),
                        },
                    );
                }
                Err(missing) => failures.push(format!(
                    "created something it cannot delete: `{{{missing}}}` unknown"
                )),
            }
        }
        failures.extend(self.settle(step, reply).await);
        failures
    }

    /// After a step with a [`crate::plan::Wait`] (a create, or an action
    /// on such a resource, answered 202): polls until the resource leaves
    /// its transitional states, so the next step meets it at rest.
    async fn settle(&self, step: &Step, reply: &Reply) -> Option<String> {
        let wait = step
            .wait
            .as_ref()
            .filter(|w| w.forced || reply.status == 202)?;
        let show = self.vars.fill(&wait.show_path).ok()?;
        let started = Instant::now();
        let answered: Option<Value> = serde_json::from_slice(&reply.body).ok();
        let settled = self
            .polls()
            .await_settled(
                &show,
                &wait.status_pointer,
                step.microversion.as_deref(),
                &step.headers,
                answered.as_ref(),
            )
            .await;
        if settled.is_ok()
            && let Ok(mut slowest) = self.slowest_settle.lock()
        {
            let took = slowest.entry(wait.show_path.clone()).or_default();
            *took = (*took).max(started.elapsed());
        }
        settled.err()
    }

    /// A checked DELETE succeeded: the resource leaves the cleanup stack
    /// once it is gone (after a 202, once its show answers 404). If it
    /// never goes, it stays listed and the final cleanup tries again.
    async fn record_deleted(&self, step: &Step, path: &str, reply: &Reply) -> Vec<String> {
        let failures: Vec<String> = match (&step.gone_path, reply.status) {
            (Some(gone), 202) => match self.vars.fill(gone) {
                Ok(show) => self
                    .polls()
                    .await_gone(&show, step.microversion.as_deref(), &step.headers, None)
                    .await
                    .err()
                    .into_iter()
                    .collect(),
                Err(_) => Vec::new(),
            },
            _ => Vec::new(),
        };
        if failures.is_empty() {
            self.cleanup.forget(path);
        }
        failures
    }

    /// How long an action's settle may wait: three times the slowest settle
    /// of its kind of resource seen so far (of any, when its own never
    /// settled), between [`ACTION_SETTLE_FLOOR`] and [`ACTION_SETTLE`].
    /// Some actions leave a state that lasts until another action ends it
    /// (`os-reserve`'s `attaching`, `os-begin_detaching`'s `detaching`);
    /// polling cannot tell those from slow work, so the wait is scaled to
    /// how fast this service finishes work it does finish.
    fn action_settle(&self, step: &Step) -> Duration {
        let slowest = self.slowest_settle.lock().ok().and_then(|m| {
            // This resource's own pace, else the slowest of any.
            let show = step.wait.as_ref().map(|w| w.show_path.as_str());
            show.and_then(|p| m.get(p).copied())
                .or_else(|| m.values().max().copied())
        });
        slowest
            .unwrap_or(ACTION_SETTLE)
            .saturating_mul(3)
            .clamp(ACTION_SETTLE_FLOOR, ACTION_SETTLE)
    }
}

/// A step that was not sent, and why.
pub(crate) fn not_run(step: &Step, why: &str) -> Outcome {
    let ending = Ending {
        got: "-",
        verdict: Verdict::NotRun,
        took: Duration::ZERO,
    };
    outcome(step, ending, vec![why.to_string()], vec![])
}

/// How a step ended: the report's "got" column, the verdict, the time.
struct Ending<'a> {
    got: &'a str,
    verdict: Verdict,
    took: Duration,
}

fn outcome(
    step: &Step,
    ending: Ending<'_>,
    failures: Vec<String>,
    warnings: Vec<String>,
) -> Outcome {
    let Ending { got, verdict, took } = ending;
    Outcome {
        operation_id: step.operation_id.clone(),
        method: step.method.clone(),
        path: step.path.clone(),
        expected: expected_label(step),
        got: got.to_string(),
        verdict,
        millis: took.as_millis().try_into().unwrap_or(u64::MAX),
        failures,
        warnings,
    }
}

/// A string or number at a JSON pointer, as a variable's value.
pub(crate) fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}
