//! Executing a plan against a live service: the orchestration.
//!
//! Safety rules, in the order they matter: every resource the run creates
//! goes on a cleanup stack the moment it exists (`cleanup`); the
//! stack is unwound in reverse on every ending (success, failure,
//! deadline, SIGINT/SIGTERM); a signal or the deadline cuts a read in
//! flight at once, while a write in flight gets a short grace
//! ([`WRITE_GRACE`]) to finish, so a create's resource is most likely
//! recorded and removed; only safe methods (GET, HEAD, OPTIONS) are
//! retried. How a request is sent and read is [`crate::transport`]; how
//! one step is executed and judged, `step` and [`crate::judge`].

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::auth::{self, KeystoneCredentials};
use crate::cancel::stop_signal;
use crate::cleanup::CleanupStack;
use crate::journal;
use crate::plan::Plan;
use crate::progress::{Progress, ProgressSink};
use crate::redact::Redactor;
use crate::report::{Outcome, Report};
use crate::scenario::Fixture;
use crate::services::Endpoints;
use crate::step::{Runner, not_run};
use crate::transport::{self, Origin, Transport};
use crate::validate::Validators;
use crate::vars::Variables;

// The run's public vocabulary, where callers have always found it.
pub use crate::cancel::Cancel;
pub use crate::transport::{CallError, MICROVERSION_HEADER, Reply, TOKEN_HEADER, WRITE_GRACE};

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
/// Runs `plan` against `options.base_url` and reports per operation.
pub async fn run(spec: &Value, plan: &Plan, options: &RunOptions, cancel: &Cancel) -> Report {
    let redactor = redactor(plan, options);
    let mut report = Report::new(&options.title, redactor.clone());
    // Held until this function returns: the journal is this run's alone.
    let _journal_lock = match options.journal.as_deref().map(journal::lock).transpose() {
        Ok(lock) => lock,
        Err(e) => {
            report.setup_errors.push(e);
            return report;
        }
    };
    let start = Start {
        spec,
        plan,
        options,
        cancel,
    };
    let runner = match connect(&start, redactor, &mut report).await {
        Ok(runner) => Arc::new(runner),
        Err(e) => {
            report.setup_errors.push(e);
            return report;
        }
    };
    runner.progress.emit(Progress::Started {
        total: plan.steps.len() + plan.fixtures.len(),
    });
    if let Err(e) = runner.cleaner().clean_up_earlier_runs(&mut report).await {
        report.setup_errors.push(e);
        finish(&runner, &mut report);
        return report;
    }
    let setup_ok = create_fixtures(&runner, plan, &mut report).await;
    report.outcomes =
        execute_steps(&runner, plan, options.concurrency, setup_ok, &mut report).await;
    runner.progress.emit(Progress::Working("cleanup".into()));
    report.cleanup.extend(runner.cleaner().clean_up().await);
    finish(&runner, &mut report);
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

/// What a run starts from.
struct Start<'a> {
    spec: &'a Value,
    plan: &'a Plan,
    options: &'a RunOptions,
    cancel: &'a Cancel,
}

/// Every secret the run knows before it starts: the token, the password,
/// secret-looking headers of the scenario and of each step.
fn redactor(plan: &Plan, options: &RunOptions) -> Redactor {
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
    redactor
}

/// The client, the credentials (a Keystone token, whose secret joins the
/// redactor, and the report's) and the endpoints: the [`Runner`] of this
/// run, or why there is none.
async fn connect(
    start: &Start<'_>,
    mut redactor: Redactor,
    report: &mut Report,
) -> Result<Runner, String> {
    let Start {
        spec,
        plan,
        options,
        cancel,
    } = *start;
    let client = build_client(options)?;
    let Some(origin) = Origin::of(&options.base_url) else {
        return Err(format!(
            "the base URL `{}` is not an absolute http(s) URL",
            options.base_url
        ));
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
        let t = answer.map_err(|e| format!("Keystone authentication failed: {e}"))?;
        redactor.add_secret(&t.token);
        report.redactor = redactor.clone();
        if let Some(p) = t.project_id {
            variables.entry("project_id".into()).or_insert(p);
        }
        token = Some(t.token);
    }
    // An endpoint gets credentials over plain http to another machine only
    // when the base URL already does (the CLI allowed that explicitly).
    let insecure_http = options.base_url.starts_with("http://") && !origin.is_loopback();
    let endpoints = Endpoints::resolve(&plan.endpoints, &variables, insecure_http)?;
    let transport = Transport {
        client,
        base_url: options.base_url.clone(),
        token,
        service: plan.service.clone(),
        origin,
        endpoint_origins: endpoints.origins(),
        retries: options.retries,
        backoff: options.backoff,
        max_body: options.max_body,
        cancel: cancel.clone(),
        deadline: options.deadline.map(|d| (Instant::now() + d, d)),
        cleanup_budget: Mutex::new(None),
    };
    Ok(Runner {
        spec: spec.clone(),
        service: plan.service.clone(),
        max_microversion: plan.max_microversion.clone(),
        wait: plan.wait.clone(),
        headers: plan.headers.clone(),
        endpoints,
        state_waits: plan.state_waits.clone(),
        strict: options.strict,
        cleanup_timeout: options.cleanup_timeout,
        transport,
        cleanup: CleanupStack::new(options.journal.clone(), options.base_url.clone()),
        slowest_settle: Mutex::new(BTreeMap::new()),
        vars: Variables::new(variables),
        validators: Validators::default(),
        progress: options.progress.clone(),
        redactor,
    })
}

/// The scenario's fixtures, in order, up to the first that fails (named
/// in the report). Whether all of them exist. Each is created in order
/// (so the cleanup stack's order is the scenario's), but its wait is
/// deferred: the next fixtures are created while it settles (four
/// volumes settle together, not one after another), and a fixture that
/// names what an earlier one captured waits for that one first. Every
/// wait ends before the first step.
async fn create_fixtures(runner: &Arc<Runner>, plan: &Plan, report: &mut Report) -> bool {
    // Each with the body its create answered (see `Polls::await_settled`).
    let mut settling: Vec<(&Fixture, Option<Value>)> = Vec::new();
    for fixture in &plan.fixtures {
        runner.progress.emit(Progress::Working(
            speclift_diag::printable(&runner.redactor.redact(&fixture.name)).into_owned(),
        ));
        let (needed, rest): (Vec<_>, Vec<_>) = settling
            .into_iter()
            .partition(|(earlier, _)| names_a_capture_of(fixture, earlier));
        settling = rest;
        if !await_fixtures(runner, needed, report).await {
            return false;
        }
        match runner.create_fixture(fixture).await {
            Ok(answered) if fixture.wait.is_some() => settling.push((fixture, answered)),
            Ok(_) => {}
            Err(e) => {
                report
                    .setup_errors
                    .push(format!("fixture `{}`: {e}", fixture.name));
                // What is still settling is removed by the cleanup all the same.
                return false;
            }
        }
        runner.progress.emit(Progress::Done);
    }
    await_fixtures(runner, settling, report).await
}

/// Whether `fixture`'s requests name a variable `earlier` captures.
fn names_a_capture_of(fixture: &Fixture, earlier: &Fixture) -> bool {
    let text = serde_json::to_string(fixture).unwrap_or_default();
    earlier
        .capture
        .keys()
        .any(|v| text.contains(&format!("{{{v}}}")))
}

/// Waits for `fixtures` to settle, together; the first that does not (in
/// scenario order) is named in the report. Whether all settled.
async fn await_fixtures(
    runner: &Arc<Runner>,
    fixtures: Vec<(&Fixture, Option<Value>)>,
    report: &mut Report,
) -> bool {
    let mut set = tokio::task::JoinSet::new();
    for (i, (f, answered)) in fixtures.iter().enumerate() {
        let (runner, f, answered) = (runner.clone(), (*f).clone(), answered.clone());
        set.spawn(async move { (i, runner.await_fixture(&f, answered.as_ref()).await) });
    }
    let mut failed: Vec<(usize, String)> = Vec::new();
    while let Some(done) = set.join_next().await {
        match done {
            Ok((_, Ok(()))) => {}
            Ok((i, Err(e))) => failed.push((i, e)),
            Err(e) => failed.push((usize::MAX, format!("internal error in a wait: {e}"))),
        }
    }
    failed.sort();
    match failed.into_iter().next() {
        Some((i, e)) => {
            let name = fixtures.get(i).map_or("?", |(f, _)| f.name.as_str());
            report.setup_errors.push(format!("fixture `{name}`: {e}"));
            false
        }
        None => true,
    }
}

/// The plan's steps, each started once the earlier steps it depends on
/// have ended (see [`crate::schedule`]): independent resource chains
/// overlap, at most `concurrency` steps at once; with one, the plan order
/// exactly. The checked steps' outcomes in plan order. Without the
/// fixtures (`setup_ok` false) nothing is sent.
async fn execute_steps(
    runner: &Arc<Runner>,
    plan: &Plan,
    concurrency: usize,
    setup_ok: bool,
    report: &mut Report,
) -> Vec<Outcome> {
    if !setup_ok {
        return plan
            .steps
            .iter()
            .filter(|s| s.checked)
            .map(|s| not_run(s, "a fixture could not be created"))
            .collect();
    }
    let deps = crate::schedule::dependencies(&plan.steps);
    let limit = concurrency.max(1);
    let mut started = vec![false; plan.steps.len()];
    let mut ended = vec![false; plan.steps.len()];
    let mut running: BTreeMap<tokio::task::Id, usize> = BTreeMap::new();
    let mut set = tokio::task::JoinSet::new();
    let mut outcomes: Vec<(usize, Option<Outcome>)> = Vec::new();
    loop {
        // The earliest steps whose dependencies have ended go first, so
        // one job replays the plan in order.
        for (i, step) in plan.steps.iter().enumerate() {
            if set.len() >= limit {
                break;
            }
            if started[i] || !deps[i].iter().all(|&j| ended[j]) {
                continue;
            }
            started[i] = true;
            let (runner, step) = (runner.clone(), step.clone());
            let task = set.spawn(async move {
                let checked = step.checked;
                checked.then_some(runner.execute(step, i + 1).await)
            });
            running.insert(task.id(), i);
        }
        let Some(done) = set.join_next_with_id().await else {
            break;
        };
        let (id, outcome) = match done {
            Ok((id, outcome)) => (id, outcome),
            Err(e) => {
                report
                    .setup_errors
                    .push(format!("internal error in a step: {e}"));
                (e.id(), None)
            }
        };
        if let Some(i) = running.remove(&id) {
            ended[i] = true;
            outcomes.push((i, outcome));
        }
    }
    outcomes.sort_by_key(|(j, _)| *j);
    outcomes.into_iter().filter_map(|(_, o)| o).collect()
}

/// The end of every run that got this far: failed journal writes
/// reported, the progress display told, why it stopped early (if it did).
fn finish(runner: &Runner, report: &mut Report) {
    report.setup_errors.extend(
        runner
            .cleanup
            .journal_errors()
            .iter()
            .map(|e| format!("the cleanup journal could not be written: {e}")),
    );
    runner.progress.emit(Progress::Finished);
    report.interrupted = runner.transport.stop_reason();
}

pub fn build_client(options: &RunOptions) -> Result<reqwest::Client, String> {
    transport::build_client(options.insecure, options.request_timeout)
}
