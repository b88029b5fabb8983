//! `speclift check`: the arguments, the driver, the progress bar and the
//! async runtime. The checking itself is the `speclift_check` library
//! (plan, run, report); this is its front end, beside gen, lint and diff.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::Value;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use speclift_check::auth::KeystoneCredentials;
use speclift_check::redact::Redactor;
use speclift_check::scenario::{Scenario, check_header, merge_headers};
use speclift_check::transport::{Origin, parse_base_url};
use speclift_check::{Progress, ProgressSink, RunOptions, run_with_signals};
use speclift_check::{input, plan, spec};

/// Replay a generated spec's documented requests against a live service
/// and report where the service and its documentation disagree.
#[derive(Clone, Debug, clap::Args)]
pub struct CheckArgs {
    /// The generated OpenAPI document (YAML or JSON).
    #[arg(value_name = "SPEC")]
    pub spec: PathBuf,
    /// Service root the spec's paths are appended to: an http:// or
    /// https:// URL, e.g. `http://127.0.0.1:8776`.
    #[arg(long, value_name = "URL", value_parser = parse_base_url)]
    pub base_url: String,
    /// Scenario file (YAML): variables, fixtures, per-operation overrides.
    #[arg(long, value_name = "FILE")]
    pub scenario: Option<PathBuf>,
    /// A variable, e.g. `--var project_id=abc` (repeatable).
    #[arg(long = "var", value_name = "NAME=VALUE", value_parser = parse_var)]
    pub vars: Vec<(String, String)>,
    /// An extra HTTP header sent with every request, e.g.
    /// `--header X-Service-Roles=service` (repeatable). Replaces the
    /// scenario's `headers` entry of the same name; a scenario operation's
    /// own `headers` still apply over it. Values of headers whose name
    /// contains token, secret, password, key or authorization are never
    /// printed.
    #[arg(long = "header", value_name = "NAME=VALUE", value_parser = parse_header)]
    pub headers: Vec<(String, String)>,
    /// Token sent as X-Auth-Token (default: $OS_TOKEN; else Keystone
    /// password auth from OS_AUTH_URL/OS_USERNAME/OS_PASSWORD/…).
    #[arg(long, value_name = "TOKEN", hide_default_value = true)]
    pub token: Option<String>,
    /// The service's highest microversion, e.g. `3.71`: reads are checked
    /// at both ends of their documented range, the upper end capped here.
    /// Overrides the scenario's `max-microversion`.
    #[arg(long, value_name = "X.Y", value_parser = parse_microversion)]
    pub max_microversion: Option<String>,
    /// Send requests documented under one path prefix to another, e.g.
    /// `--rebase /v2=/v3` for a v2 spec against a service that serves v3
    /// only.
    #[arg(long, value_name = "FROM=TO", value_parser = parse_rebase)]
    pub rebase: Option<(String, String)>,
    /// With `--rebase`: the spec of the API the service serves; operations
    /// it does not document (same method and path after rebasing) are
    /// skipped, with the reason.
    #[arg(long, value_name = "SPEC", requires = "rebase")]
    pub equivalents: Option<PathBuf>,
    /// Keep the list of created, not yet removed resources in FILE while
    /// running (secrets left out). A run killed outright leaves it behind;
    /// the next run with the same FILE removes those resources first. One
    /// run at a time per FILE (a lock on FILE.lock).
    #[arg(long, value_name = "FILE")]
    pub journal: Option<PathBuf>,
    /// Print the plan and send nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Also send invalid variants of the operations the plan runs safely
    /// (no body, a required property removed, a wrong JSON type, a value
    /// outside its enum, a required query parameter left out): a
    /// documented 4xx passes, a 5xx or an acceptance fails.
    #[arg(long)]
    pub negative: bool,
    /// Undocumented response fields fail instead of warn.
    #[arg(long)]
    pub strict: bool,
    /// Accept any TLS certificate.
    #[arg(long)]
    pub insecure: bool,
    /// Independent operations in flight at once.
    #[arg(short = 'j', long = "jobs", value_name = "N", default_value_t = 4)]
    pub jobs: usize,
    /// Run partition K of N (1-based), e.g. `--partition 2/3`.
    #[arg(long, value_name = "K/N", value_parser = parse_partition)]
    pub partition: Option<(usize, usize)>,
    /// Write a report: `junit=FILE` or `json=FILE` (repeatable).
    #[arg(long = "report", value_name = "KIND=FILE", value_parser = parse_report)]
    pub reports: Vec<(ReportKind, PathBuf)>,
    /// Per-request timeout, e.g. `30s`, `2m`, `500ms` (a plain number is
    /// seconds, as in earlier versions).
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = parse_duration)]
    pub timeout: Duration,
    /// Extra attempts for safe requests on connection errors, 5xx and 429.
    #[arg(long, value_name = "N", default_value_t = 2)]
    pub retries: u32,
    /// Global deadline for the run, e.g. `10m`, `1h30m` (a plain number is
    /// seconds); cleanup still runs after it.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub deadline: Option<Duration>,
    /// No progress bar.
    #[arg(short, long)]
    pub quiet: bool,
    /// Send a token or password over plain `http://` to a host other than
    /// this machine (a warning instead of an error).
    #[arg(long)]
    pub allow_insecure_http: bool,
    /// Response bodies larger than this fail their step, e.g. `32M`.
    #[arg(long, value_name = "SIZE", default_value = "8M", value_parser = input::parse_size)]
    pub max_body_size: u64,
    /// Input files (spec, scenario) larger than this are refused.
    #[arg(long, value_name = "SIZE", default_value = "16M", value_parser = input::parse_size)]
    pub max_file_size: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportKind {
    Junit,
    Json,
}

pub fn parse_var(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.to_string())),
        _ => Err(format!("`{s}`: expected NAME=VALUE")),
    }
}

pub fn parse_header(s: &str) -> Result<(String, String), String> {
    let Some((name, value)) = s.split_once('=') else {
        return Err("expected NAME=VALUE, e.g. X-Service-Roles=service".to_string());
    };
    let (name, value) = (name.trim(), value.trim());
    check_header(name, value)?;
    Ok((name.to_string(), value.to_string()))
}

/// A duration with a unit (`30s`, `10m`, `1h30m`, `500ms`), or a plain
/// number of seconds (what `--timeout` and `--deadline` took before units).
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let parsed = match s.parse::<u64>() {
        Ok(seconds) => Ok(Duration::from_secs(seconds)),
        Err(_) => humantime::parse_duration(s).map_err(|e| e.to_string()),
    };
    match parsed {
        Ok(d) if d.is_zero() => Err(format!("`{s}`: must be longer than zero")),
        Ok(d) => Ok(d),
        Err(e) => Err(format!(
            "`{s}`: {e}; expected a duration such as 30s, 10m, 1h30m or 500ms"
        )),
    }
}

pub fn parse_microversion(s: &str) -> Result<String, String> {
    spec::parse_version(s)
        .map(|_| s.trim().to_string())
        .ok_or_else(|| format!("`{s}`: expected a microversion MAJOR.MINOR, e.g. 3.71"))
}

pub fn parse_rebase(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((from, to)) if from.starts_with('/') && to.starts_with('/') => Ok((
            from.trim_end_matches('/').into(),
            to.trim_end_matches('/').into(),
        )),
        _ => Err(format!(
            "`{s}`: expected FROM=TO path prefixes, e.g. /v2=/v3"
        )),
    }
}

pub fn parse_partition(s: &str) -> Result<(usize, usize), String> {
    let parsed = s
        .split_once('/')
        .and_then(|(k, n)| Some((k.trim().parse().ok()?, n.trim().parse().ok()?)));
    match parsed {
        Some((k, n)) if k >= 1 && k <= n => Ok((k, n)),
        _ => Err(format!("`{s}`: expected K/N with 1 ≤ K ≤ N, e.g. 1/3")),
    }
}

pub fn parse_report(s: &str) -> Result<(ReportKind, PathBuf), String> {
    match s.split_once('=') {
        Some(("junit", f)) if !f.is_empty() => Ok((ReportKind::Junit, PathBuf::from(f))),
        Some(("json", f)) if !f.is_empty() => Ok((ReportKind::Json, PathBuf::from(f))),
        _ => Err(format!("`{s}`: expected junit=FILE or json=FILE")),
    }
}

/// A spec from YAML or JSON text (see [`input::parse_spec`]).
pub fn load_spec(text: &str) -> Result<Value, String> {
    input::parse_spec(text)
}

/// The regular file at `path` (at most `cap` bytes), parsed by `parse`;
/// errors name the file.
fn read_with<T>(
    path: &Path,
    cap: u64,
    parse: impl FnOnce(&str) -> Result<T, String>,
) -> Result<T, String> {
    input::read_regular(path, cap)
        .and_then(|t| parse(&t))
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// Plain `http://` carrying a credential: warnings, or the error when a
/// non-loopback host would get it without `--allow-insecure-http`.
pub fn insecure_http(
    base_url: &str,
    token: bool,
    keystone: Option<&KeystoneCredentials>,
    allowed: bool,
) -> Result<Vec<String>, String> {
    let mut targets = Vec::new();
    if token || keystone.is_some() {
        targets.push(("the token", "--base-url", base_url));
    }
    if let Some(k) = keystone {
        targets.push(("the password", "OS_AUTH_URL", k.auth_url.as_str()));
    }
    let mut warnings = Vec::new();
    for (what, name, url) in targets {
        let Some(origin) = Origin::of(url).filter(Origin::is_plain_http) else {
            continue;
        };
        let message = format!("{name} {origin} is plain http: {what} travels unencrypted");
        if origin.is_loopback() || allowed {
            warnings.push(format!("warning: {message}"));
        } else {
            return Err(format!(
                "{message} to another machine; use https, or pass --allow-insecure-http"
            ));
        }
    }
    Ok(warnings)
}

/// The progress bar on stderr, drawn from the run's [`Progress`] events
/// (indicatif draws nothing when stderr is not a terminal).
fn progress_bar(enabled: bool) -> ProgressSink {
    if !enabled {
        return ProgressSink::default();
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{spinner} [{bar:30}] {pos}/{len} {wide_msg}") {
        bar.set_style(style.progress_chars("=> "));
    }
    ProgressSink::new(move |event| match event {
        Progress::Started { total } => bar.set_length(total as u64),
        Progress::Working(what) => bar.set_message(what),
        Progress::Done => bar.inc(1),
        Progress::Finished => bar.finish_and_clear(),
    })
}

/// Runs `speclift check`; returns the process exit status (0: every
/// checked operation passed and everything was cleaned up; 1: findings;
/// 2: unusable input).
pub fn run_check(args: &CheckArgs) -> i32 {
    let token = args
        .token
        .clone()
        .or_else(|| std::env::var("OS_TOKEN").ok().filter(|t| !t.is_empty()));
    let mut redactor = Redactor::new();
    if let Some(t) = &token {
        redactor.add_secret(t);
    }
    let keystone = if token.is_none() {
        KeystoneCredentials::from_env()
    } else {
        None
    };
    if let Some(k) = &keystone {
        redactor.add_secret(&k.password);
    }
    let fail = |redactor: &Redactor, msg: String| {
        eprintln!(
            "speclift check: {}",
            speclift_diag::printable(&redactor.redact(&msg))
        );
        2
    };
    let cap = args.max_file_size;
    let spec = match read_with(&args.spec, cap, load_spec) {
        Ok(s) => s,
        Err(e) => {
            // Spec loading reports like every other command, with its code.
            let d = speclift_diag::Diagnostic::error(
                speclift_diag::Location::file_start(args.spec.as_path()),
                redactor.redact(&e),
            )
            .with_rule(speclift_diag::Rule::UnreadableSpec)
            .with_hint("pass a spec file written by `speclift gen`");
            eprintln!("{}", speclift_diag::render_rich(&d, None, false));
            return 2;
        }
    };
    let mut scenario = match &args.scenario {
        None => Scenario::default(),
        Some(path) => match read_with(path, cap, Scenario::from_yaml) {
            Ok(s) => s,
            Err(e) => return fail(&redactor, e),
        },
    };
    // The command line is scenario-wide: it replaces the scenario's
    // top-level header of the same name, not an operation's own.
    let cli_headers: BTreeMap<String, String> = args.headers.iter().cloned().collect();
    scenario.headers = merge_headers(&scenario.headers, &cli_headers);
    redactor.add_header_secrets(&scenario.headers);
    for o in scenario.operations.values() {
        redactor.add_header_secrets(&o.headers);
    }
    if let Some(max) = &args.max_microversion {
        scenario.max_microversion = Some(max.clone());
    }
    let vars: BTreeMap<String, String> = args.vars.iter().cloned().collect();
    let mut plan = plan::build(&spec, &scenario, &vars);
    if let Some((from, to)) = &args.rebase {
        let equivalents = match &args.equivalents {
            None => None,
            Some(path) => match read_with(path, cap, load_spec) {
                Ok(s) if spec::operations(&s).is_empty() => {
                    return fail(
                        &redactor,
                        format!(
                            "{}: documents no operations; --equivalents takes the OpenAPI spec \
                             of the API the service serves",
                            path.display()
                        ),
                    );
                }
                Ok(s) => Some(s),
                Err(e) => return fail(&redactor, e),
            },
        };
        if plan.rebase(from, to, equivalents.as_ref()) == 0 {
            return fail(
                &redactor,
                format!(
                    "--rebase {from}={to}: no documented path starts with the segment {from}; \
                     give FROM as the spec's own prefix, e.g. /v2"
                ),
            );
        }
    }
    if args.negative {
        plan.add_negative(&spec);
    }
    if let Some((k, n)) = args.partition
        && let Err(e) = plan.partition(k, n)
    {
        return fail(&redactor, e);
    }
    if args.dry_run {
        print!(
            "{}",
            speclift_diag::printable(&redactor.redact(&plan.render()))
        );
        // The plan ends with its `safety:` line; the totals go to stderr,
        // beside the other run messages.
        let skipped = plan.steps.iter().filter(|s| s.skip.is_some()).count();
        eprintln!(
            "speclift check: dry run: {} planned, {} to send, {} skipped; nothing was sent",
            speclift_diag::counted(plan.steps.len(), "step"),
            plan.steps.len() - skipped,
            skipped
        );
        return 0;
    }
    match insecure_http(
        &args.base_url,
        token.is_some(),
        keystone.as_ref(),
        args.allow_insecure_http,
    ) {
        Ok(warnings) => {
            for w in warnings {
                eprintln!(
                    "speclift check: {}",
                    speclift_diag::printable(&redactor.redact(&w))
                );
            }
        }
        Err(e) => return fail(&redactor, e),
    }
    // Before any request: a report that cannot be written, or that would
    // overwrite an input, is found now, not after the whole run.
    let inputs: Vec<&Path> = [
        Some(&args.spec),
        args.scenario.as_ref(),
        args.equivalents.as_ref(),
        args.journal.as_ref(),
    ]
    .into_iter()
    .flatten()
    .map(PathBuf::as_path)
    .collect();
    let outputs: Vec<&Path> = args.reports.iter().map(|(_, p)| p.as_path()).collect();
    if let Err(e) = input::check_outputs(&outputs, &inputs) {
        return fail(&redactor, e);
    }
    // A service that is down is one message, not one error per operation.
    if let Err(e) = speclift_check::reach::probe(&args.base_url, args.timeout) {
        eprintln!(
            "speclift check: {}",
            speclift_diag::printable(&redactor.redact(&e))
        );
        return 1;
    }
    let title = spec
        .pointer("/info/title")
        .and_then(Value::as_str)
        .unwrap_or("speclift check")
        .to_string();
    let options = RunOptions {
        base_url: args.base_url.clone(),
        token,
        keystone,
        insecure: args.insecure,
        request_timeout: args.timeout.max(Duration::from_millis(1)),
        retries: args.retries,
        concurrency: args.jobs.max(1),
        deadline: args.deadline,
        strict: args.strict,
        progress: progress_bar(!args.quiet),
        title,
        journal: args.journal.clone(),
        max_body: args.max_body_size,
        ..RunOptions::default()
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => return fail(&redactor, format!("could not start the async runtime: {e}")),
    };
    let report = runtime.block_on(run_with_signals(&spec, &plan, &options));
    let mut status = report.exit_code();
    for (kind, path) in &args.reports {
        let text = match kind {
            ReportKind::Junit => report.to_junit(),
            ReportKind::Json => report.to_json(),
        };
        if let Err(e) = std::fs::write(path, text) {
            eprintln!("speclift check: could not write {}: {e}", path.display());
            status = 2;
        }
    }
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(report.render_table().as_bytes());
    status
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_over_plain_http_warn_and_fail_off_this_machine() {
        let keystone = |url: &str| KeystoneCredentials {
            auth_url: url.into(),
            username: "u".into(),
            password: "pw-secret-1".into(),
            user_domain: "Default".into(),
            project_name: None,
            project_id: None,
            project_domain: "Default".into(),
        };
        // No credential: nothing to say.
        assert!(
            insecure_http("http://cloud.example", false, None, false)
                .unwrap()
                .is_empty()
        );
        // Loopback: a warning.
        let w = insecure_http("http://127.0.0.1:8776", true, None, false).unwrap();
        assert!(
            w[0].contains("plain http") && w[0].contains("token"),
            "{w:?}"
        );
        // Another machine: an error, unless allowed.
        let e = insecure_http("http://cloud.example:8776", true, None, false).unwrap_err();
        assert!(e.contains("--allow-insecure-http"), "{e}");
        assert_eq!(
            insecure_http("http://cloud.example", true, None, true)
                .unwrap()
                .len(),
            1
        );
        assert!(
            insecure_http("https://cloud.example", true, None, false)
                .unwrap()
                .is_empty()
        );
        // The password goes to OS_AUTH_URL, the token it buys to the base URL.
        let k = keystone("http://keystone.example/v3");
        let e = insecure_http("https://cloud.example", false, Some(&k), false).unwrap_err();
        assert!(e.contains("OS_AUTH_URL") && e.contains("password"), "{e}");
        assert!(!e.contains("pw-secret"), "{e}");
        let k = keystone("https://keystone.example/v3");
        let e = insecure_http("http://cloud.example", false, Some(&k), false).unwrap_err();
        assert!(e.contains("--base-url"), "{e}");
    }

    #[test]
    fn a_report_over_the_spec_is_refused_before_any_request() {
        use clap::Parser;
        #[derive(clap::Parser)]
        struct Cmd {
            #[command(flatten)]
            check: CheckArgs,
        }
        let dir = tempfile::tempdir().unwrap();
        let spec_text =
            r#"{"paths": {"/v2/xs": {"get": {"responses": {"200": {"description": "ok"}}}}}}"#;
        let spec = dir.path().join("spec.json");
        std::fs::write(&spec, spec_text).unwrap();
        // A listener that counts connections: none may arrive.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let spec_arg = spec.display().to_string();
        let bad_reports = [
            format!("json={spec_arg}"),
            format!("junit={}/no/such/dir/r.xml", dir.path().display()),
        ];
        for report in &bad_reports {
            let argv = [
                "check",
                &spec_arg,
                "--base-url",
                &url,
                "--quiet",
                "--report",
                report,
            ];
            let args = Cmd::try_parse_from(argv).unwrap().check;
            assert_eq!(run_check(&args), 2, "{report}");
            assert!(listener.accept().is_err(), "{report}: a request was sent");
        }
        assert_eq!(std::fs::read_to_string(&spec).unwrap(), spec_text);
        // A FIFO or device as the spec: refused at once, never opened.
        #[cfg(unix)]
        {
            let argv = ["check", "/dev/zero", "--base-url", &url];
            let args = Cmd::try_parse_from(argv).unwrap().check;
            assert_eq!(run_check(&args), 2);
        }
    }

    #[test]
    fn base_urls_and_durations_are_checked_at_parse_time() {
        assert_eq!(
            parse_base_url("http://127.0.0.1:8776").unwrap(),
            "http://127.0.0.1:8776"
        );
        assert!(parse_base_url("https://cloud.example/volume/").is_ok());
        for bad in [
            "notaurl",
            "127.0.0.1:8776",
            "ftp://host",
            "http://",
            "http://h/?x=1",
            "",
        ] {
            let e = parse_base_url(bad).unwrap_err();
            assert!(e.contains("e.g."), "{bad}: {e}");
        }
        assert_eq!(parse_duration("30s").unwrap(), Duration::from_secs(30));
        assert_eq!(parse_duration("45").unwrap(), Duration::from_secs(45));
        assert_eq!(parse_duration("10m").unwrap(), Duration::from_secs(600));
        assert_eq!(parse_duration("1h 30m").unwrap(), Duration::from_secs(5400));
        assert_eq!(parse_duration("500ms").unwrap(), Duration::from_millis(500));
        for bad in ["0", "0s", "ten", "10 parsecs", "-5"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn argument_parsers() {
        assert_eq!(parse_var("a=b=c").unwrap(), ("a".into(), "b=c".into()));
        assert!(parse_var("=x").is_err());
        assert_eq!(parse_partition("2/3").unwrap(), (2, 3));
        for bad in ["0/3", "4/3", "x/3", "3"] {
            assert!(parse_partition(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_microversion(" 3.71").unwrap(), "3.71");
        assert_eq!(
            parse_rebase("/v2/=/v3").unwrap(),
            ("/v2".into(), "/v3".into())
        );
        assert!(parse_rebase("v2=v3").is_err());
        assert!(parse_microversion("latest").is_err());
        assert_eq!(parse_report("junit=o.xml").unwrap().0, ReportKind::Junit);
        assert!(parse_report("xml=o").is_err());
        assert_eq!(
            parse_header(" X-Service-Roles = service").unwrap(),
            ("X-Service-Roles".into(), "service".into())
        );
        assert_eq!(parse_header("X-A=b=c").unwrap().1, "b=c");
        for bad in ["X-A", "=v", "bad name=v", "X-A=a\nb"] {
            assert!(parse_header(bad).is_err(), "{bad}");
        }
        let err = parse_header("X-Api-Key=s3cr\u{7}et").unwrap_err();
        assert!(!err.contains("s3cr"), "the value leaked: {err}");
    }

    /// `speclift check SPEC --base-url http://127.0.0.1:9 --dry-run ARGS…`;
    /// `files` are written into a temporary directory first, and `{dir}`
    /// in an argument names it.
    fn dry_run(files: &[(&str, &str)], extra: &[&str]) -> i32 {
        use clap::Parser;
        #[derive(clap::Parser)]
        struct Cmd {
            #[command(flatten)]
            check: CheckArgs,
        }
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        let dir_arg = dir.path().display().to_string();
        let spec = format!("{dir_arg}/spec.json");
        let mut argv = vec![
            "check",
            &spec,
            "--base-url",
            "http://127.0.0.1:9",
            "--dry-run",
        ];
        let extra: Vec<String> = extra.iter().map(|a| a.replace("{dir}", &dir_arg)).collect();
        argv.extend(extra.iter().map(String::as_str));
        run_check(&Cmd::try_parse_from(argv).unwrap().check)
    }

    #[test]
    fn unusable_rebase_equivalents_and_scenario_are_refused() {
        let spec =
            r#"{"paths": {"/v2/xs": {"get": {"responses": {"200": {"description": "ok"}}}}}}"#;
        let v3 = spec.replace("/v2/", "/v3/");
        let files = [
            ("spec.json", spec),
            ("v3.json", v3.as_str()),
            ("list.json", "[1, 2]"),
            ("latest.yaml", "max-microversion: latest"),
        ];
        assert_eq!(dry_run(&files, &["--rebase", "/v2=/v3"]), 0);
        let with_v3 = ["--rebase", "/v2=/v3", "--equivalents", "{dir}/v3.json"];
        assert_eq!(dry_run(&files, &with_v3), 0);
        // Nothing documented under /v1: the rebase would change nothing.
        assert_eq!(dry_run(&files, &["--rebase", "/v1=/v3"]), 2);
        let not_a_spec = ["--rebase", "/v2=/v3", "--equivalents", "{dir}/list.json"];
        assert_eq!(dry_run(&files, &not_a_spec), 2);
        let missing = ["--rebase", "/v2=/v3", "--equivalents", "{dir}/none.json"];
        assert_eq!(dry_run(&files, &missing), 2);
        assert_eq!(dry_run(&files, &["--scenario", "{dir}/latest.yaml"]), 2);
        assert_eq!(dry_run(&files, &["--max-microversion", "3.9"]), 0);
    }

    #[test]
    fn loads_yaml_and_json_specs() {
        assert_eq!(load_spec("{\"a\": 1}").unwrap()["a"], 1);
        assert_eq!(load_spec("a: 1\n").unwrap()["a"], 1);
        assert!(load_spec("a: [").is_err());
    }
}
