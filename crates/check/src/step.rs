//! Executing one step: its path and body filled from the variables
//! earlier steps produced, the request sent, the reply judged (see
//! [`crate::judge`]), what it created recorded for the cleanup and what
//! it started awaited; and the scenario's fixtures, created before the
//! first step.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::cleanup::{Cleaner, CleanupStack};
use crate::journal::Cleanup;
use crate::judge::{Judge, check_reply, expected_label, snippet};
use crate::plan::{Source, Step, StepKind, template_names};
use crate::poll::Polls;
use crate::progress::{Progress, ProgressSink};
use crate::redact::Redactor;
use crate::report::{Outcome, Verdict};
use crate::scenario::{Fixture, WaitConfig, merge_headers};
use crate::services::{Endpoints, StateWait};
use crate::transport::{CallError, Reply, Request, Transport};
use crate::validate::Validators;

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
    pub vars: Mutex<BTreeMap<String, String>>,
    pub validators: Validators,
    pub progress: ProgressSink,
    pub redactor: Redactor,
}

impl Runner {
    fn polls(&self) -> Polls<'_> {
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

    fn var(&self, name: &str) -> Option<String> {
        self.vars.lock().ok()?.get(name).cloned()
    }

    fn set_var(&self, name: &str, value: String) {
        if let Ok(mut v) = self.vars.lock() {
            v.insert(name.to_string(), value);
        }
    }

    /// `{name}` placeholders filled with live values; the first missing
    /// name is the error.
    fn fill(&self, template: &str) -> Result<String, String> {
        let mut out = template.to_string();
        for name in template_names(template) {
            let value = self.var(&name).ok_or(name.clone())?;
            out = out.replace(&format!("{{{name}}}"), &value);
        }
        Ok(out)
    }

    fn fill_body(&self, body: &mut Value) -> Result<(), String> {
        match body {
            Value::String(s) if !template_names(s).is_empty() => {
                *s = self.fill(s)?;
            }
            Value::Array(items) => items.iter_mut().try_for_each(|i| self.fill_body(i))?,
            Value::Object(map) => map.values_mut().try_for_each(|v| self.fill_body(v))?,
            _ => {}
        }
        Ok(())
    }

    pub(crate) async fn execute(self: Arc<Self>, step: Step) -> Outcome {
        self.progress.emit(Progress::Working(
            speclift_diag::printable(&self.redactor.redact(&step.operation_id)).into_owned(),
        ));
        let out = self.execute_inner(&step).await;
        self.progress.emit(Progress::Done);
        out
    }

    async fn execute_inner(&self, step: &Step) -> Outcome {
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
            .fill(&step.path)
            .and_then(|p| Ok(p + &step.query_string(|t| self.fill(t))?))
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
                match (self.var(&r.variable), b.pointer_mut(&r.pointer)) {
                    (Some(v), Some(slot)) => *slot = Value::String(v),
                    _ => {
                        return not_run(
                            step,
                            &format!("needs `{}` for the body's {}", r.variable, r.pointer),
                        );
                    }
                }
            }
            if let Err(missing) = self.fill_body(b) {
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
            failures.extend(self.record_created(step, &reply, body.as_ref()).await);
        }
        if success && step.kind == StepKind::Delete {
            failures.extend(self.record_deleted(step, &path, &reply).await);
        }
        if success && step.negative.is_none() {
            failures.extend(self.await_states(step).await);
        }
        if success && matches!(step.kind, StepKind::Action | StepKind::Update) {
            // Best effort, never a verdict: some actions end in a state
            // that lasts (`os-reserve` leaves `attaching` until the
            // attach), others pass through one (`os-extend`'s
            // `extending`), and the next action should not meet that.
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
                Some(v) => self.set_var(variable, v),
                None => failures.push(format!(
                    "created something but the response has no {} to take `{variable}` from, so it \
                     cannot be cleaned up",
                    source.expression()
                )),
            }
        }
        if let Some(delete) = &step.delete_path {
            match self.fill(delete) {
                Ok(path) => {
                    let show = step
                        .wait
                        .as_ref()
                        .map(|w| w.show_path.clone())
                        .or_else(|| Some(delete.clone()));
                    self.cleanup.push(Cleanup {
                        label: format!("{} {path}", step.operation_id),
                        show: show.and_then(|s| self.fill(&s).ok()),
                        status_pointer: step.wait.as_ref().map(|w| w.status_pointer.clone()),
                        microversion: step.microversion.clone(),
                        headers: step.headers.clone(),
                        path,
                        body: step.delete_body.clone(),
                    });
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
        let show = self.fill(&wait.show_path).ok()?;
        let started = Instant::now();
        let settled = self
            .polls()
            .await_settled(
                &show,
                &wait.status_pointer,
                step.microversion.as_deref(),
                &step.headers,
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
            (Some(gone), 202) => match self.fill(gone) {
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

    /// Where a fixture's path template points, and the microversion
    /// headers and version to send there: on its endpoint, an absolute URL
    /// with that service's headers (see [`crate::services`]).
    fn fixture_target(&self, f: &Fixture, template: &str) -> Result<Target, String> {
        self.target(f.endpoint.as_deref(), template, f.microversion.as_deref())
    }

    /// `template` filled, on `endpoint` (a scenario endpoint) or the base
    /// URL, with the microversion asked of that endpoint's service.
    fn target(
        &self,
        endpoint: Option<&str>,
        template: &str,
        microversion: Option<&str>,
    ) -> Result<Target, String> {
        let path = self
            .fill(template)
            .map_err(|m| format!("`{{{m}}}` has no value"))?;
        let Some(service) = endpoint else {
            return Ok(Target {
                url: path,
                headers: self.headers.clone(),
                microversion: microversion.map(str::to_string),
            });
        };
        let mut headers = self.headers.clone();
        if let Some(mv) = microversion {
            headers = merge_headers(&headers, &crate::microversion::header_map(service, mv));
        }
        Ok(Target {
            url: self.endpoints.url(service, &path)?,
            headers,
            // Asked through `headers`, for the endpoint's own service.
            microversion: None,
        })
    }

    pub(crate) async fn create_fixture(&self, f: &Fixture) -> Result<(), String> {
        self.transport.ensure_running()?;
        let Target {
            url: path,
            headers,
            microversion: mv,
        } = self.fixture_target(f, &f.path)?;
        let mut body = f.body.clone();
        if let Some(b) = body.as_mut() {
            self.fill_body(b)
                .map_err(|m| format!("`{{{m}}}` has no value"))?;
        }
        let reply = self
            .transport
            .call(&Request {
                method: &f.method.to_uppercase(),
                path: &path,
                body: body.as_ref(),
                microversion: mv.as_deref(),
                headers: &headers,
                retry_unsafe: false,
            })
            .await
            .map_err(|e| e.message())?;
        if !(200..300).contains(&reply.status) {
            return Err(format!(
                "{} {path} answered {}: {}",
                f.method,
                reply.status,
                snippet(&self.redactor, &reply.body)
            ));
        }
        let response: Option<Value> = serde_json::from_slice(&reply.body).ok();
        let mut missing = Vec::new();
        for (variable, pointer) in &f.capture {
            match response
                .as_ref()
                .and_then(|r| r.pointer(pointer))
                .and_then(scalar)
            {
                Some(v) => self.set_var(variable, v),
                None => missing.push(format!("{variable} ({pointer})")),
            }
        }
        // A GET made nothing: its captures are names to use, not to remove.
        if f.reads() {
            return if missing.is_empty() {
                Ok(())
            } else {
                Err(format!(
                    "the service's list has no {} (it lists nothing to use)",
                    missing.join(", ")
                ))
            };
        }
        // Registered before anything can fail, so it is always removed. A
        // fixture without `delete` acts on an earlier one, removed as that.
        if let Some(delete) = &f.delete {
            match self.fixture_target(f, delete) {
                Ok(Target {
                    url: delete,
                    headers,
                    microversion: mv,
                }) => self.cleanup.push(Cleanup {
                    label: format!("fixture {} {delete}", f.name),
                    show: f
                        .wait
                        .as_ref()
                        .and_then(|w| self.fixture_target(f, &w.path).ok())
                        .map(|t| t.url)
                        .or_else(|| Some(delete.clone())),
                    status_pointer: f.wait.as_ref().map(|w| w.status.clone()),
                    microversion: mv,
                    headers,
                    path: delete,
                    body: None,
                }),
                Err(m) => {
                    return Err(format!("created it, but cannot delete it: {m}"));
                }
            }
        }
        if !missing.is_empty() {
            return Err(format!("the response has no {}", missing.join(", ")));
        }
        if let Some(w) = &f.wait {
            let show = self.fixture_target(f, &w.path)?;
            self.polls()
                .await_settled(
                    &show.url,
                    &w.status,
                    show.microversion.as_deref(),
                    &show.headers,
                )
                .await?;
        }
        Ok(())
    }

    /// The scenario's state waits after `step` succeeded (see
    /// [`StateWait`]): each polls until its status is reached; an
    /// `error…` status, a 404 or the timeout is a failure of the step.
    async fn await_states(&self, step: &Step) -> Vec<String> {
        let mut failures = Vec::new();
        for w in self
            .state_waits
            .iter()
            .filter(|w| w.after == step.operation_id)
        {
            if let Err(e) = self.await_state(w).await {
                failures.push(format!(
                    "waiting for `{}` at {}: {e}",
                    w.until.join("|"),
                    w.path
                ));
            }
        }
        failures
    }

    async fn await_state(&self, w: &StateWait) -> Result<(), String> {
        let Target {
            url,
            headers,
            microversion: mv,
        } = self.target(w.endpoint.as_deref(), &w.path, w.microversion.as_deref())?;
        let timeout = w.timeout_secs.unwrap_or(self.wait.timeout_secs);
        let started = Instant::now();
        let mut last = String::from("unknown");
        let mut polls = 0u32;
        loop {
            match self
                .transport
                .call(&Request::get(&url, mv.as_deref(), &headers))
                .await
            {
                Ok(reply) if reply.status == 404 => {
                    return Err(format!("GET {url} answered 404"));
                }
                Ok(reply) => {
                    let body: Option<Value> = serde_json::from_slice(&reply.body).ok();
                    if let Some(status) = body
                        .as_ref()
                        .and_then(|b| b.pointer(&w.status))
                        .and_then(Value::as_str)
                    {
                        if w.reached(status) {
                            return Ok(());
                        }
                        if status.to_ascii_lowercase().starts_with("error") {
                            return Err(format!("the resource went to status `{status}`"));
                        }
                        last = status.to_string();
                    }
                }
                Err(e) => last = e.message(),
            }
            if started.elapsed() >= Duration::from_secs(timeout) {
                return Err(format!("still `{last}` after {timeout} s"));
            }
            self.polls().pause(polls).await?;
            polls += 1;
        }
    }
}

/// Where one request of a fixture or state wait goes (see
/// [`Runner::target`]).
struct Target {
    url: String,
    headers: BTreeMap<String, String>,
    microversion: Option<String>,
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
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
