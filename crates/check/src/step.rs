//! Executing a plan against a live service.
//!
//! Safety rules, in the order they matter: every resource the run creates
//! goes on a cleanup stack the moment it exists; the stack is unwound in
//! reverse on every ending (success, failure, deadline, SIGINT/SIGTERM);
//! a signal or the deadline cuts a read in flight at once, while a write in
//! flight gets a short grace ([`WRITE_GRACE`]) to finish, so a create's
//! resource is most likely recorded and removed; only safe methods (GET,
//! HEAD, OPTIONS) are retried. How a request is sent and read (no
//! redirects, credentials on their origin only, capped bodies) is
//! [`crate::transport`].

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde_json::Value;
use tokio::sync::{Notify, Semaphore};

use crate::auth::{self, KeystoneCredentials};
use crate::journal::{self, Cleanup};
use crate::plan::{Plan, Source, Step, StepKind, template_names};
use crate::progress::{Progress, ProgressSink};
use crate::redact::{Redactor, is_secret_header};
use crate::report::{CleanupOutcome, Outcome, Report, Verdict};
use crate::scenario::{Fixture, merge_headers};
use crate::services::{self, Endpoints, StateWait};
use crate::spec;
use crate::transport::{self, BodyError, Origin};
use crate::validate::{Validators, drift};

/// How long a step waits, at most, for the resource an action answered
/// 202 on to leave its transitional states (see [`Runner::settle`]).
const ACTION_SETTLE: Duration = Duration::from_secs(5);

/// The least an action's settle may take, whatever the service's pace.
const ACTION_SETTLE_FLOOR: Duration = Duration::from_secs(1);

pub const MICROVERSION_HEADER: &str = "OpenStack-API-Version";
pub const TOKEN_HEADER: &str = "X-Auth-Token";

/// How long a write (POST, PUT, PATCH, DELETE) already in flight may still
/// take after a cancel or the deadline: cutting it at once could leave a
/// resource the run never learns the id of, so never removes.
pub const WRITE_GRACE: Duration = Duration::from_secs(5);

#[derive(Clone, Debug)]
pub struct RunOptions {
    /// Service root the spec's paths are appended to, e.g.
    /// `http://127.0.0.1:8776`.
    pub base_url: String,
    /// Sent as `X-Auth-Token`; never printed.
    pub token: Option<String>,
    /// Keystone password auth, used when `token` is unset.
    pub keystone: Option<KeystoneCredentials>,
    /// Accept any TLS certificate (off by default).
    pub insecure: bool,
    pub request_timeout: Duration,
    /// Extra attempts for safe requests on connection errors, 5xx and 429.
    pub retries: u32,
    /// First retry delay; doubles per attempt.
    pub backoff: Duration,
    /// Independent operations (reads) in flight at once.
    pub concurrency: usize,
    /// Stop starting requests after this long (cleanup still runs).
    pub deadline: Option<Duration>,
    /// Budget for the cleanup after the run.
    pub cleanup_timeout: Duration,
    /// Drift (undocumented fields) fails instead of warns.
    pub strict: bool,
    /// Where the run's progress goes (a front end draws it; the default
    /// drops it).
    pub progress: ProgressSink,
    /// Report title (the JUnit suite name).
    pub title: String,
    /// The cleanup journal: what the run created and has not removed yet,
    /// kept on disk, so a run killed outright leaves a list; a run given
    /// the same file removes what it lists first (see [`crate::journal`]).
    pub journal: Option<std::path::PathBuf>,
    /// Response bodies larger than this fail their step (never read whole).
    pub max_body: u64,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            base_url: String::new(),
            token: None,
            keystone: None,
            insecure: false,
            request_timeout: Duration::from_secs(30),
            retries: 2,
            backoff: Duration::from_millis(250),
            concurrency: 4,
            deadline: None,
            cleanup_timeout: Duration::from_secs(180),
            strict: false,
            progress: ProgressSink::default(),
            title: "speclift check".to_string(),
            journal: None,
            max_body: transport::DEFAULT_MAX_BODY,
        }
    }
}

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

/// Runs `plan`, cancelling on SIGINT (Ctrl-C) or SIGTERM; cleanup runs
/// after the signal, and the report says what was interrupted.
pub async fn run_with_signals(spec: &Value, plan: &Plan, options: &RunOptions) -> Report {
    let cancel = Cancel::new();
    // Handlers are installed before the first request, so a signal can
    // never take the default (kill) path while something exists.
    let watcher = tokio::spawn(watch_signals(cancel.clone()));
    let report = run(spec, plan, options, &cancel).await;
    watcher.abort();
    report
}

#[cfg(unix)]
fn watch_signals(cancel: Cancel) -> impl std::future::Future<Output = ()> {
    use tokio::signal::unix::{SignalKind, signal};
    let streams = (
        signal(SignalKind::terminate()),
        signal(SignalKind::interrupt()),
    );
    async move {
        let (Ok(mut term), Ok(mut int)) = streams else {
            return;
        };
        tokio::select! {
            _ = term.recv() => cancel.cancel("SIGTERM"),
            _ = int.recv() => cancel.cancel("SIGINT (Ctrl-C)"),
        }
    }
}

#[cfg(not(unix))]
fn watch_signals(cancel: Cancel) -> impl std::future::Future<Output = ()> {
    async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            cancel.cancel("Ctrl-C");
        }
    }
}

/// Runs `plan` against `options.base_url` and reports per operation.
pub async fn run(spec: &Value, plan: &Plan, options: &RunOptions, cancel: &Cancel) -> Report {
    let mut redactor = Redactor::new();
    if let Some(t) = &options.token {
        redactor.add_secret(t);
    }
    if let Some(k) = &options.keystone {
        redactor.add_secret(&k.password);
    }
    redactor.add_header_secrets(&plan.headers);
    for step in &plan.steps {
        redactor.add_header_secrets(&step.headers);
    }
    let mut report = Report::new(&options.title, redactor.clone());
    // Held until this function returns: the journal is this run's alone.
    let _journal_lock = match options.journal.as_deref().map(journal::lock).transpose() {
        Ok(lock) => lock,
        Err(e) => {
            report.setup_errors.push(e);
            return report;
        }
    };
    let client = match build_client(options) {
        Ok(c) => c,
        Err(e) => {
            report.setup_errors.push(e);
            return report;
        }
    };
    let Some(origin) = Origin::of(&options.base_url) else {
        report.setup_errors.push(format!(
            "the base URL `{}` is not an absolute http(s) URL",
            options.base_url
        ));
        return report;
    };
    let mut variables = plan.variables.clone();
    let mut token = options.token.clone();
    if token.is_none()
        && let Some(creds) = &options.keystone
    {
        let stop = stop_signal(cancel, options.deadline.map(|d| Instant::now() + d));
        let answer = tokio::select! {
            answer = auth::keystone_token(&client, creds, options.request_timeout, options.max_body) => answer,
            why = stop => Err(format!("interrupted: {why}")),
        };
        match answer {
            Ok(t) => {
                redactor.add_secret(&t.token);
                report.redactor = redactor.clone();
                if let Some(p) = t.project_id {
                    variables.entry("project_id".into()).or_insert(p);
                }
                token = Some(t.token);
            }
            Err(e) => {
                report
                    .setup_errors
                    .push(format!("Keystone authentication failed: {e}"));
                return report;
            }
        }
    }
    // An endpoint gets credentials over plain http to another machine only
    // when the base URL already does (the CLI allowed that explicitly).
    let insecure_http = options.base_url.starts_with("http://") && !origin.is_loopback();
    let endpoints = match Endpoints::resolve(&plan.endpoints, &variables, insecure_http) {
        Ok(e) => e,
        Err(e) => {
            report.setup_errors.push(e);
            return report;
        }
    };
    let runner = Arc::new(Runner {
        endpoint_origins: endpoints.origins(),
        endpoints,
        state_waits: plan.state_waits.clone(),
        spec: spec.clone(),
        service: plan.service.clone(),
        max_microversion: plan.max_microversion.clone(),
        wait: plan.wait.clone(),
        headers: plan.headers.clone(),
        options: options.clone(),
        token,
        client,
        origin,
        cleanup_budget: Mutex::new(None),
        slowest_settle: Mutex::new(BTreeMap::new()),
        vars: Mutex::new(variables),
        cleanup: Mutex::new(Vec::new()),
        journal_errors: Mutex::new(Vec::new()),
        validators: Validators::default(),
        cancel: cancel.clone(),
        deadline: options.deadline.map(|d| Instant::now() + d),
        progress: options.progress.clone(),
        redactor,
    });

    runner.progress.emit(Progress::Started {
        total: plan.steps.len() + plan.fixtures.len(),
    });
    if let Err(e) = runner.clean_up_earlier_runs(&mut report).await {
        report.setup_errors.push(e);
        runner.finish(&mut report);
        return report;
    }
    let mut setup_ok = true;
    for fixture in &plan.fixtures {
        runner.progress.emit(Progress::Working(
            speclift_diag::printable(&runner.redactor.redact(&fixture.name)).into_owned(),
        ));
        if let Err(e) = runner.create_fixture(fixture).await {
            report
                .setup_errors
                .push(format!("fixture `{}`: {e}", fixture.name));
            setup_ok = false;
            break;
        }
        runner.progress.emit(Progress::Done);
    }

    let mut outcomes: Vec<(usize, Option<Outcome>)> = Vec::new();
    let mut i = 0;
    while i < plan.steps.len() {
        // A run of consecutive reads is independent: run it concurrently.
        let end = if plan.steps[i].kind == StepKind::Read {
            plan.steps[i..]
                .iter()
                .position(|s| s.kind != StepKind::Read)
                .map_or(plan.steps.len(), |n| i + n)
        } else {
            i + 1
        };
        if !setup_ok {
            for (j, step) in plan.steps.iter().enumerate().take(end).skip(i) {
                outcomes.push((
                    j,
                    step.checked
                        .then(|| not_run(step, "a fixture could not be created")),
                ));
            }
        } else if end - i == 1 {
            let outcome = runner.clone().execute(plan.steps[i].clone()).await;
            outcomes.push((i, plan.steps[i].checked.then_some(outcome)));
        } else {
            let permits = Arc::new(Semaphore::new(options.concurrency.max(1)));
            let mut set = tokio::task::JoinSet::new();
            for (j, step) in plan.steps.iter().enumerate().take(end).skip(i) {
                let (runner, step, permits) = (runner.clone(), step.clone(), permits.clone());
                set.spawn(async move {
                    let _permit = permits.acquire_owned().await;
                    let checked = step.checked;
                    (j, checked.then_some(runner.execute(step).await))
                });
            }
            while let Some(done) = set.join_next().await {
                match done {
                    Ok(result) => outcomes.push(result),
                    Err(e) => report
                        .setup_errors
                        .push(format!("internal error in a read: {e}")),
                }
            }
        }
        i = end;
    }
    outcomes.sort_by_key(|(j, _)| *j);
    report.outcomes = outcomes.into_iter().filter_map(|(_, o)| o).collect();
    runner.progress.emit(Progress::Working("cleanup".into()));
    report.cleanup.extend(runner.clean_up().await);
    runner.finish(&mut report);
    // Anything a message quoted goes through the redactor at render time;
    // the stored strings are redacted too, for callers that read fields.
    for o in &mut report.outcomes {
        o.failures = o
            .failures
            .iter()
            .map(|f| runner.redactor.redact(f))
            .collect();
        o.warnings = o
            .warnings
            .iter()
            .map(|w| runner.redactor.redact(w))
            .collect();
        o.got = runner.redactor.redact(&o.got);
    }
    report
}

pub fn build_client(options: &RunOptions) -> Result<reqwest::Client, String> {
    transport::build_client(options.insecure, options.request_timeout)
}

/// Resolves with the reason once `cancel` fires or `deadline` passes.
async fn stop_signal(cancel: &Cancel, deadline: Option<Instant>) -> String {
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

fn not_run(step: &Step, why: &str) -> Outcome {
    outcome(
        step,
        "-",
        Verdict::NotRun,
        Duration::ZERO,
        vec![why.to_string()],
        vec![],
    )
}

fn outcome(
    step: &Step,
    got: &str,
    verdict: Verdict,
    took: Duration,
    failures: Vec<String>,
    warnings: Vec<String>,
) -> Outcome {
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

fn expected_label(step: &Step) -> String {
    if step.expected.is_empty() {
        return "2xx".to_string();
    }
    status_label(&step.expected)
}

/// `201|202`, with a whole class (every code of `4xx`, as a negative
/// variant expects) written as `4xx` so the table stays narrow.
pub(crate) fn status_label(expected: &[u16]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut done: Vec<u16> = Vec::new();
    for &code in expected {
        let class = code / 100;
        if done.contains(&class) {
            continue;
        }
        let whole = (class * 100..class * 100 + 100).all(|c| expected.contains(&c));
        if whole {
            done.push(class);
            parts.push(format!("{class}xx"));
        } else {
            parts.push(code.to_string());
        }
    }
    parts.join("|")
}

#[cfg(test)]
mod status_label_tests {
    use super::status_label;

    #[test]
    fn a_whole_class_is_written_as_its_class() {
        let mut codes: Vec<u16> = (400..500).collect();
        codes.push(202);
        assert_eq!(status_label(&codes), "4xx|202");
        assert_eq!(status_label(&[200, 404]), "200|404");
    }
}

/// A response, read whole.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

#[derive(Debug)]
pub enum CallError {
    Timeout,
    Connect(String),
    /// Cut short in flight by a cancel or the deadline; the reason.
    Interrupted(String),
    /// The body passed the cap (bytes).
    TooLarge(u64),
    Other(String),
}

impl CallError {
    /// The report's "got" column.
    fn label(&self) -> String {
        match self {
            CallError::Timeout => "timeout".into(),
            CallError::Connect(_) => "connection error".into(),
            CallError::Interrupted(_) => "interrupted".into(),
            CallError::TooLarge(_) => "body too large".into(),
            CallError::Other(_) => "request error".into(),
        }
    }

    fn message(&self) -> String {
        match self {
            CallError::Timeout => "no complete response within the per-request timeout".into(),
            CallError::Connect(e) => format!("could not connect: {e}"),
            CallError::Interrupted(why) => format!("stopped in flight: {why}"),
            CallError::TooLarge(cap) => format!(
                "the response body is larger than the {} limit; raise --max-body-size to read it",
                transport::size_label(*cap)
            ),
            CallError::Other(e) => e.clone(),
        }
    }
}

struct Runner {
    spec: Value,
    service: Option<String>,
    /// Where a base-version 404/400 is retried ([`crate::discover`]).
    max_microversion: Option<String>,
    wait: crate::scenario::WaitConfig,
    /// Scenario-wide extra headers (fixtures; steps carry their own).
    headers: BTreeMap<String, String>,
    options: RunOptions,
    token: Option<String>,
    client: reqwest::Client,
    /// Where credentials may go: the base URL's origin.
    origin: Origin,
    /// The scenario's other services: credentials may go there too.
    endpoints: Endpoints,
    endpoint_origins: Vec<Origin>,
    state_waits: Vec<StateWait>,
    /// Set while the cleanup runs: its end. Requests then ignore cancel
    /// and deadline, and are cut at this instant instead.
    cleanup_budget: Mutex<Option<Instant>>,
    /// The longest each kind of resource (by its show path template) took
    /// to leave its transitional states in this run (creates, actions): the
    /// service's own pace, which bounds how long an action's settle waits
    /// (see [`Runner::action_settle`]).
    slowest_settle: Mutex<BTreeMap<String, Duration>>,
    vars: Mutex<BTreeMap<String, String>>,
    cleanup: Mutex<Vec<Cleanup>>,
    /// Failed journal writes, reported at the end.
    journal_errors: Mutex<Vec<String>>,
    validators: Validators,
    cancel: Cancel,
    deadline: Option<Instant>,
    progress: ProgressSink,
    redactor: Redactor,
}

impl Runner {
    fn stop_reason(&self) -> Option<String> {
        if self.cancel.is_cancelled() {
            return self.cancel.reason();
        }
        if self.deadline.is_some_and(|d| Instant::now() >= d) {
            return Some(format!(
                "the global deadline ({} s) passed",
                self.options.deadline.unwrap_or_default().as_secs()
            ));
        }
        None
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

    fn push_cleanup(&self, item: Cleanup) {
        if let Ok(mut stack) = self.cleanup.lock() {
            stack.push(item);
            self.save_journal(&stack);
        }
    }

    /// The end of every run that got this far: failed journal writes
    /// reported, the progress bar gone, why it stopped early (if it did).
    fn finish(&self, report: &mut Report) {
        if let Ok(errors) = self.journal_errors.lock() {
            report.setup_errors.extend(
                errors
                    .iter()
                    .map(|e| format!("the cleanup journal could not be written: {e}")),
            );
        }
        self.progress.emit(Progress::Finished);
        report.interrupted = self.stop_reason();
    }

    /// Mirrors the cleanup stack into the journal, if there is one. A
    /// failed write is kept for the report: the run goes on (stopping
    /// would leave more behind), but says the journal is not to be trusted.
    fn save_journal(&self, stack: &[Cleanup]) {
        if let Some(path) = &self.options.journal
            && let Err(e) = journal::save(path, &self.options.base_url, stack)
            && let Ok(mut errors) = self.journal_errors.lock()
            && !errors.contains(&e)
        {
            errors.push(e);
        }
    }

    /// One HTTP exchange, retried for safe methods on connection errors,
    /// timeouts, 5xx and 429.
    async fn call(
        &self,
        method: &str,
        path: &str,
        body: Option<&Value>,
        microversion: Option<&str>,
        headers: &BTreeMap<String, String>,
        retry_unsafe: bool,
    ) -> Result<Reply, CallError> {
        let safe = matches!(method, "GET" | "HEAD" | "OPTIONS") || retry_unsafe;
        let attempts = if safe { self.options.retries + 1 } else { 1 };
        let mut last = Err(CallError::Other("no attempt made".into()));
        for attempt in 0..attempts {
            if attempt > 0 {
                let delay = self
                    .options
                    .backoff
                    .saturating_mul(1 << (attempt - 1).min(6));
                self.bounded(method, async {
                    tokio::time::sleep(delay).await;
                    Ok(())
                })
                .await?;
            }
            last = self
                .bounded(
                    method,
                    self.send_once(method, path, body, microversion, headers),
                )
                .await;
            let retry = match &last {
                Ok(r) => r.status >= 500 || r.status == 429,
                Err(CallError::Timeout | CallError::Connect(_)) => true,
                Err(_) => false,
            };
            if !retry {
                break;
            }
        }
        last
    }

    /// Runs `request` within the run's limits: during the cleanup, its
    /// budget; otherwise cancel and deadline, which cut a read at once and
    /// a write after [`WRITE_GRACE`]. Nothing starts once stopped.
    async fn bounded<T>(
        &self,
        method: &str,
        request: impl std::future::Future<Output = Result<T, CallError>>,
    ) -> Result<T, CallError> {
        let budget = self.cleanup_budget.lock().ok().and_then(|b| *b);
        if let Some(end) = budget {
            return match tokio::time::timeout_at(end.into(), request).await {
                Ok(result) => result,
                Err(_) => Err(CallError::Interrupted(
                    "the cleanup time budget ran out".into(),
                )),
            };
        }
        if let Some(why) = self.stop_reason() {
            return Err(CallError::Interrupted(why));
        }
        let write = !matches!(method, "GET" | "HEAD" | "OPTIONS");
        let stop = async {
            let why = stop_signal(&self.cancel, self.deadline).await;
            if write {
                tokio::time::sleep(WRITE_GRACE).await;
            }
            why
        };
        tokio::select! {
            result = request => result,
            why = stop => Err(CallError::Interrupted(why)),
        }
    }

    async fn send_once(
        &self,
        method: &str,
        path: &str,
        body: Option<&Value>,
        microversion: Option<&str>,
        extra: &BTreeMap<String, String>,
    ) -> Result<Reply, CallError> {
        // Fixtures and state waits on another service's endpoint come as
        // absolute URLs (see [`crate::services`]).
        let url = if services::is_absolute(path) {
            path.to_string()
        } else {
            format!("{}{}", self.options.base_url.trim_end_matches('/'), path)
        };
        let method = reqwest::Method::from_bytes(method.as_bytes())
            .map_err(|e| CallError::Other(e.to_string()))?;
        let mut headers = HeaderMap::new();
        headers.insert("Accept", HeaderValue::from_static("application/json"));
        if let Some(token) = &self.token {
            let mut value = HeaderValue::from_str(token)
                .map_err(|_| CallError::Other("the token is not a valid header value".into()))?;
            value.set_sensitive(true);
            headers.insert(TOKEN_HEADER, value);
        }
        if let (Some(service), Some(mv)) = (&self.service, microversion) {
            crate::microversion::insert(&mut headers, service, mv).map_err(CallError::Other)?;
        }
        // Inserted last, so a scenario header replaces a built-in one of
        // the same name instead of being sent beside it.
        for (name, value) in extra {
            let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                CallError::Other(format!("`{name}` is not a valid HTTP header name"))
            })?;
            let mut value = HeaderValue::from_str(value).map_err(|_| {
                CallError::Other(format!("the value of header `{name}` is not valid"))
            })?;
            value.set_sensitive(is_secret_header(name.as_str()));
            headers.insert(name, value);
        }
        // The base URL's origin, or a scenario endpoint's when the URL is on it.
        let allowed = Origin::of(&url)
            .filter(|o| self.endpoint_origins.contains(o))
            .unwrap_or_else(|| self.origin.clone());
        transport::guard_origin(&url, &allowed, &headers).map_err(CallError::Other)?;
        let mut request = self.client.request(method, &url).headers(headers);
        if let Some(b) = body {
            request = request.json(b);
        }
        let response = request.send().await.map_err(classify_error)?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = transport::read_body(response, self.options.max_body)
            .await
            .map_err(|e| match e {
                BodyError::TooLarge { cap } => CallError::TooLarge(cap),
                BodyError::Read(e) => classify_error(e),
            })?;
        Ok(Reply {
            status,
            headers,
            body,
        })
    }

    fn ensure_running(&self) -> Result<(), String> {
        match self.stop_reason() {
            Some(why) => Err(why),
            None => Ok(()),
        }
    }

    async fn execute(self: Arc<Self>, step: Step) -> Outcome {
        self.progress.emit(Progress::Working(
            speclift_diag::printable(&self.redactor.redact(&step.operation_id)).into_owned(),
        ));
        let out = self.execute_inner(&step).await;
        self.progress.emit(Progress::Done);
        out
    }

    async fn execute_inner(&self, step: &Step) -> Outcome {
        if let Some(reason) = &step.skip {
            return outcome(
                step,
                "-",
                Verdict::Skip,
                Duration::ZERO,
                vec![reason.clone()],
                vec![],
            );
        }
        if let Err(why) = self.ensure_running() {
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
            .call(
                &step.method,
                &path,
                body.as_ref(),
                step.microversion.as_deref(),
                &step.headers,
                false,
            )
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
                return outcome(
                    step,
                    &e.label(),
                    Verdict::Error,
                    took,
                    vec![e.message()],
                    vec![],
                );
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
                &self.spec,
                op.unwrap_or(&empty),
                step,
                self.service.as_deref(),
                &reply,
                &Judge {
                    validators: &self.validators,
                    redactor: &self.redactor,
                    strict: self.options.strict,
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
        outcome(
            step,
            &reply.status.to_string(),
            verdict,
            took,
            failures,
            warnings,
        )
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
        match self
            .call(
                &step.method,
                path,
                body,
                Some(version),
                &step.headers,
                false,
            )
            .await
        {
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
                    self.push_cleanup(Cleanup {
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
                    .await_gone(&show, step.microversion.as_deref(), &step.headers, None)
                    .await
                    .err()
                    .into_iter()
                    .collect(),
                Err(_) => Vec::new(),
            },
            _ => Vec::new(),
        };
        if failures.is_empty()
            && let Ok(mut stack) = self.cleanup.lock()
        {
            stack.retain(|c| c.path != path);
            self.save_journal(&stack);
        }
        failures
    }

    /// Polls `show` until the status at `pointer` leaves the transitional
    /// states. An `error…` status or the timeout is a failure.
    async fn await_settled(
        &self,
        show: &str,
        pointer: &str,
        mv: Option<&str>,
        headers: &BTreeMap<String, String>,
    ) -> Result<(), String> {
        let limit = Instant::now() + Duration::from_secs(self.wait.timeout_secs);
        let mut last = String::from("unknown");
        let mut polls = 0;
        loop {
            if let Ok(reply) = self.call("GET", show, None, mv, headers, false).await {
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
    async fn await_gone(
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
            if let Ok(reply) = self.call("GET", show, None, mv, headers, false).await
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
    fn poll_delay(&self, polls: u32) -> Duration {
        let interval = Duration::from_millis(self.wait.interval_ms);
        Duration::from_millis(50)
            .saturating_mul(1 << polls.min(16))
            .min(interval)
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

    /// One poll pause (see [`Runner::poll_delay`]), cut short by a cancel
    /// or the deadline.
    async fn pause(&self, polls: u32) -> Result<(), String> {
        tokio::select! {
            _ = tokio::time::sleep(self.poll_delay(polls)) => {}
            _ = self.cancel.cancelled() => {}
        }
        self.ensure_running()
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

    async fn create_fixture(&self, f: &Fixture) -> Result<(), String> {
        self.ensure_running()?;
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
            .call(
                &f.method.to_uppercase(),
                &path,
                body.as_ref(),
                mv.as_deref(),
                &headers,
                false,
            )
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
                }) => self.push_cleanup(Cleanup {
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
            self.await_settled(
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
                .call("GET", &url, None, mv.as_deref(), &headers, false)
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
            self.pause(polls).await?;
            polls += 1;
        }
    }

    /// Removes what the journal lists from earlier runs, before anything
    /// else (with stand-in headers, see [`Runner::remove`]). Refuses to go
    /// on when any of them stays (the run would pile more on top), or when
    /// the journal cannot be read or written.
    async fn clean_up_earlier_runs(&self, report: &mut Report) -> Result<(), String> {
        let Some(path) = &self.options.journal else {
            return Ok(());
        };
        let earlier = journal::load(path, &self.options.base_url)?;
        if earlier.is_empty() {
            // Prove the journal can be written before creating anything.
            return journal::probe(path);
        }
        // The entries go back to the journal as they were read: no label
        // prefix or stand-in headers pile up over repeated attempts.
        if let Ok(mut stack) = self.cleanup.lock() {
            *stack = earlier;
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
        if self.journal_errors.lock().is_ok_and(|e| !e.is_empty()) {
            return Err(format!(
                "{}: the cleanup journal could not be written; nothing was run",
                path.display()
            ));
        }
        journal::probe(path)
    }

    /// Unwinds the cleanup stack in reverse creation order, with its own
    /// time budget (a cancel or passed deadline does not stop it).
    async fn clean_up(&self) -> Vec<CleanupOutcome> {
        // Each entry stays on the stack, and so in the journal, until it
        // is gone: a run killed while cleaning up still leaves the list.
        let items: Vec<Cleanup> = self.cleanup.lock().map(|s| s.clone()).unwrap_or_default();
        let budget = Instant::now() + self.options.cleanup_timeout;
        // Its requests now answer to this budget, not to cancel/deadline.
        if let Ok(mut b) = self.cleanup_budget.lock() {
            *b = Some(budget);
        }
        let mut out = Vec::new();
        for item in items.iter().rev() {
            let result = self.remove(item, budget).await;
            if result.is_ok()
                && let Ok(mut stack) = self.cleanup.lock()
            {
                if let Some(i) = stack.iter().rposition(|c| c == item) {
                    stack.remove(i);
                }
                self.save_journal(&stack);
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
        if let Ok(mut b) = self.cleanup_budget.lock() {
            *b = None;
        }
        out
    }

    async fn remove(&self, item: &Cleanup, budget: Instant) -> Result<String, String> {
        let mv = item.microversion.as_deref();
        // A journal entry from an earlier run lacks its secret headers
        // (never written down): the scenario-wide ones stand in. This
        // run's own entries already carry them.
        let headers = &merge_headers(&self.headers, &item.headers);
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
                .call(method, &item.path, item.body.as_ref(), mv, headers, true)
                .await
                .map_err(|e| e.message())?;
            match reply.status {
                404 => return Ok("already gone".into()),
                200..=299 => {
                    if let Some(show) = &item.show {
                        self.await_gone(show, mv, headers, Some(budget)).await?;
                    }
                    return Ok(format!("deleted ({})", reply.status));
                }
                // Busy (still creating, attached, …): let it settle, retry.
                400 | 409 if attempt < 2 => {
                    if let (Some(show), Some(pointer)) = (&item.show, &item.status_pointer) {
                        let _ = self
                            .settle_for_cleanup(show, pointer, mv, headers, budget)
                            .await;
                    } else {
                        tokio::time::sleep(Duration::from_millis(self.wait.interval_ms)).await;
                    }
                }
                status => {
                    return Err(format!(
                        "{method} {} answered {status}: {}",
                        item.path,
                        snippet(&self.redactor, &reply.body)
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

    /// [`Runner::await_settled`] for cleanup: ignores cancel and deadline.
    async fn settle_for_cleanup(
        &self,
        show: &str,
        pointer: &str,
        mv: Option<&str>,
        headers: &BTreeMap<String, String>,
        budget: Instant,
    ) -> Result<(), ()> {
        while Instant::now() < budget {
            let reply = self
                .call("GET", show, None, mv, headers, false)
                .await
                .map_err(|_| ())?;
            let body: Option<Value> = serde_json::from_slice(&reply.body).ok();
            match body
                .as_ref()
                .and_then(|b| b.pointer(pointer))
                .and_then(Value::as_str)
            {
                Some(s) if self.wait.is_transitional(s) => {
                    tokio::time::sleep(Duration::from_millis(self.wait.interval_ms)).await;
                }
                _ => return Ok(()),
            }
        }
        Err(())
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

fn classify_error(e: reqwest::Error) -> CallError {
    if e.is_timeout() {
        CallError::Timeout
    } else if e.is_connect() {
        CallError::Connect(transport::error_chain(&e))
    } else {
        CallError::Other(transport::error_chain(&e))
    }
}

/// The start of a body, for messages: redacted whole first, then cut
/// (see [`Redactor::snippet`]).
fn snippet(redactor: &Redactor, body: &[u8]) -> String {
    redactor.snippet(&String::from_utf8_lossy(body), 300)
}

/// What judges a reply beside the spec: the compiled schemas, the
/// redactor (every quoted body passes it before it is cut) and whether
/// drift fails.
pub struct Judge<'a> {
    pub validators: &'a Validators,
    pub redactor: &'a Redactor,
    pub strict: bool,
}

/// The checks on one reply: documented status, sample status, schema,
/// drift and microversion echo. Returns (failures, warnings).
/// One action of a shared action endpoint answered with a body that has
/// none of the top-level members the documented one has: that body is
/// another action's (Cinder documents a 200 body for the image-metadata
/// actions only), so judging this reply by it would be a false failure.
fn another_actions_body(spec: &Value, step: &Step, schema: &Value, body: &Value) -> bool {
    let (true, Some(got)) = (step.one_of_actions, body.as_object()) else {
        return false;
    };
    let documented = spec::resolve(spec, schema)
        .get("properties")
        .and_then(Value::as_object);
    documented.is_some_and(|props| !props.is_empty() && got.keys().all(|k| !props.contains_key(k)))
}

pub fn check_reply(
    spec: &Value,
    op: &serde_json::Map<String, Value>,
    step: &Step,
    service: Option<&str>,
    reply: &Reply,
    judge: &Judge,
) -> (Vec<String>, Vec<String>) {
    let Judge {
        validators,
        redactor,
        strict,
    } = *judge;
    let mut failures = Vec::new();
    let mut warnings = Vec::new();
    let status = reply.status;
    let documented = if step.expected.is_empty() {
        (200..300).contains(&status)
    } else {
        step.expected.contains(&status)
    };
    if !documented {
        // A redirect is judged, never followed: name where it points.
        let location = reply
            .headers
            .get("Location")
            .filter(|_| (300..400).contains(&status))
            .map(|l| {
                format!(
                    "; a redirect to `{}`, not followed",
                    String::from_utf8_lossy(l.as_bytes())
                )
            })
            .unwrap_or_default();
        failures.push(format!(
            "status {status} is not a documented success code ({}){location}; body: {}",
            expected_label(step),
            snippet(redactor, &reply.body)
        ));
        return (failures, warnings);
    }
    if let Some(sample) = step.sample_status
        && sample != status
    {
        failures.push(format!(
            "status {status}, but the documented sample is a {sample} response"
        ));
    }
    if let (Some(service), Some(mv)) = (service, step.microversion.as_deref())
        && let Some(echo) = reply
            .headers
            .get(MICROVERSION_HEADER)
            .and_then(|v| v.to_str().ok())
    {
        let want = format!("{service} {mv}");
        if !echo.trim().eq_ignore_ascii_case(&want) {
            failures.push(format!(
                "asked for `{want}`, the service answered at `{echo}`"
            ));
        }
    }
    let schema = spec::response_schema(op, status);
    let blank = reply.body.iter().all(u8::is_ascii_whitespace);
    match (schema, blank) {
        (Some(_), true) if !step.one_of_actions => failures.push(format!(
            "the docs show a JSON body for {status}, the response has none"
        )),
        (Some(_), true) => {}
        (None, true) => {}
        (schema, false) => match serde_json::from_slice::<Value>(&reply.body) {
            Err(e) => {
                if schema.is_some() {
                    failures.push(format!(
                        "the response body is not JSON ({e}): {}",
                        snippet(redactor, &reply.body)
                    ));
                }
            }
            Ok(body) => match schema.filter(|s| !another_actions_body(spec, step, s, &body)) {
                Some(schema) => {
                    let key = format!("{} {} {status}", step.method, step.spec_path());
                    let version = step.microversion.as_deref().and_then(spec::parse_version);
                    for e in validators.validate(spec, &key, schema, version, &body) {
                        failures.push(format!("schema: {e}"));
                    }
                    for field in drift(spec, schema, &body) {
                        let message = format!("drift: undocumented field {field}");
                        if strict {
                            failures.push(message)
                        } else {
                            warnings.push(message)
                        }
                    }
                }
                None => {
                    let message = match (&step.action, schema.is_some()) {
                        (Some(action), true) => format!(
                            "drift: the docs show no body of action `{action}` for {status} (the \
                             one they show is another action's), the service sent one"
                        ),
                        _ => format!(
                            "drift: the docs show no body for {status}, the service sent one"
                        ),
                    };
                    if strict {
                        failures.push(message)
                    } else {
                        warnings.push(message)
                    }
                }
            },
        },
    }
    (failures, warnings)
}
