//! What the live-service tests (`live_volume` for Cinder, `live_nova`) share: the env
//! file a `scripts/live-*/start.sh` writes, and the expectations file each
//! outcome is compared with. A module of the one `it` test binary.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;

use serde::Deserialize;
use speclift_check::{Outcome, Report, Verdict};

/// Held by every live-Cinder test: they share one Cinder and compare
/// what its database holds before and after, so they take turns.
pub static CINDER: Mutex<()> = Mutex::new(());

/// Held by every live-Nova test, likewise (Nova runs its own Cinder, so a
/// Nova test and a Cinder test may run side by side).
pub static NOVA: Mutex<()> = Mutex::new(());

/// The env file named by `var` as `KEY=VALUE` pairs; `None` (with a note)
/// when `var` is unset outside CI. Under CI an unset `var` fails loudly:
/// a live test never skips silently there.
pub fn env_file(var: &str, service: &str, script: &str) -> Option<BTreeMap<String, String>> {
    let Ok(file) = std::env::var(var) else {
        if std::env::var_os("CI").is_some() {
            panic!(
                "{var} is not set under CI: start {service} with {script} and point {var} at \
                 the env file it writes"
            );
        }
        eprintln!("note: {var} unset; live-{service} tests not run");
        return None;
    };
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{var}={file}: {e}"));
    Some(
        text.lines()
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    )
}

pub fn required_file(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// One operation's recorded outcome.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expectation {
    /// The verdict, or alternatives `a|b` for an outcome that varies with
    /// the load on the shared machine (named with its cause like any other).
    pub verdict: String,
    /// Why a non-pass is what it is: the examined finding.
    #[serde(default)]
    pub finding: Option<String>,
    /// Whose the non-pass is: `docs` or `service` (true findings),
    /// `environment` (this deployment lacks it), `safety` (skipped by
    /// design), `input` (a value the run cannot obtain), `speclift`.
    #[serde(default)]
    pub cause: Option<String>,
}

pub const CAUSES: [&str; 6] = [
    "docs",
    "service",
    "environment",
    "safety",
    "input",
    "speclift",
];

/// Expectations per replay name, from `tests/live/FILE`.
pub fn expectations(file: &str) -> BTreeMap<String, BTreeMap<String, Expectation>> {
    let text = required_file(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/live")
            .join(file),
    );
    serde_saphyr::from_str(&text).expect("expectations parse")
}

pub fn verdict_name(v: Verdict) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// How strict an expectations file is.
#[derive(Clone, Copy)]
pub struct Listing {
    /// Every outcome, passes too, has an entry (so a new pass is noticed).
    pub passes: bool,
    /// Every non-pass names one of [`CAUSES`].
    pub causes: bool,
}

/// Each outcome of `report` against its recorded expectation: the same
/// verdict, a finding (and, per `listing`, a cause) for each non-pass, and
/// no stale entry. Returns the mismatches.
pub fn compare(
    name: &str,
    report: &Report,
    expected: &BTreeMap<String, Expectation>,
    listing: Listing,
) -> Vec<String> {
    let mut mismatches = Vec::new();
    for o in &report.outcomes {
        let got = verdict_name(o.verdict);
        let Some(e) = expected.get(&o.operation_id) else {
            if listing.passes || got != "pass" {
                mismatches.push(format!(
                    "{name}: {} ({got}) has no recorded expectation: {:?}",
                    o.operation_id, o.failures
                ));
            }
            continue;
        };
        if !e.verdict.split('|').any(|v| v.trim() == got) {
            mismatches.push(format!(
                "{name}: {} is {got}, expected {}: {:?}",
                o.operation_id, e.verdict, o.failures
            ));
        } else if got != "pass" && e.finding.as_deref().unwrap_or("").trim().is_empty() {
            mismatches.push(format!(
                "{name}: {} is {got} without a recorded finding",
                o.operation_id
            ));
        } else if let Some(c) = e.cause.as_deref().filter(|c| !CAUSES.contains(c)) {
            mismatches.push(format!(
                "{name}: {} has cause {c:?}, expected one of {CAUSES:?}",
                o.operation_id
            ));
        } else if listing.causes && got != "pass" && e.cause.is_none() {
            mismatches.push(format!(
                "{name}: {} is {got} without a cause, expected one of {CAUSES:?}",
                o.operation_id
            ));
        }
    }
    for op in expected.keys() {
        if !report.outcomes.iter().any(|o| &o.operation_id == op) {
            mismatches.push(format!("{name}: expected operation {op} was not checked"));
        }
    }
    mismatches
}

/// A run that set up, cleaned up everything it created and never printed
/// `token` (in its JSON report or its table).
pub fn assert_clean_run(name: &str, report: &Report, token: &str) {
    assert!(
        report.setup_errors.is_empty(),
        "{name}: {:?}",
        report.setup_errors
    );
    assert!(
        report.cleanup.iter().all(|c| c.ok),
        "{name}: not cleaned up: {:?}",
        report.cleanup
    );
    for output in [report.to_json(), report.render_table()] {
        assert!(!output.contains(token), "{name}: the token leaked");
    }
}

/// A `--negative` run's invalid variants (`id!variant`) apart from the
/// report of the plan's own operations, so each is judged by its own rules.
pub fn split_variants(report: &Report) -> (Vec<Outcome>, Report) {
    let (negative, documented): (Vec<Outcome>, Vec<Outcome>) = report
        .outcomes
        .iter()
        .cloned()
        .partition(|o| o.operation_id.contains('!'));
    let mut own = report.clone();
    own.outcomes = documented;
    (negative, own)
}

/// How many of the run's operations passed or end in a true finding (a
/// recorded cause of `docs` or `service`), and how many ran in all;
/// printed as the line the notes quote.
pub fn pass_or_true_finding(
    report: &Report,
    expected: &BTreeMap<String, Expectation>,
) -> (usize, usize) {
    let cause_of = |id: &str| expected.get(id).and_then(|e| e.cause.as_deref());
    let total = report.outcomes.len();
    let good = report
        .outcomes
        .iter()
        .filter(|o| {
            o.verdict == Verdict::Pass
                || matches!(cause_of(&o.operation_id), Some("docs" | "service"))
        })
        .count();
    println!(
        "pass or true finding: {good} of {total} operations ({:.1} %)",
        100.0 * good as f64 / total.max(1) as f64
    );
    (good, total)
}
