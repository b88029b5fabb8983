//! The checker against a real Cinder, the volume service
//! (scripts/live-cinder/start.sh): every
//! attachments operation of seed 000 (specs/block-storage-api-v3-attachments.json)
//! and every v3 snapshot operation (generated from the corpus) passes or
//! fails exactly as `tests/live/cinder-expectations.yaml` records, with an
//! examined finding for each failure; afterwards the Cinder DB holds none
//! of the run's resources, also when the run is interrupted by SIGTERM.
//!
//! Runs when `SPECLIFT_LIVE_CINDER_ENV` names the env file start.sh wrote;
//! under `CI` without it the test fails, so CI cannot skip it silently.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde_json::Value;
use speclift_check::{Cancel, RunOptions, Scenario, plan, run, run_with_signals};

use crate::live_support;
use live_support::{
    Expectation, Listing, assert_clean_run, compare, env_file, pass_or_true_finding, required_file,
    split_variants, verdict_name,
};

const ENV_VAR: &str = "SPECLIFT_LIVE_CINDER_ENV";
const CHILD_VAR: &str = "SPECLIFT_LIVE_CINDER_CHILD";
const MANIFEST: &str = env!("CARGO_MANIFEST_DIR");

/// Both tests use the one Cinder and compare DB row counts: one at a time
/// ([`live_support::CINDER`]; a live-Nova test may run beside them).
static CINDER: &Mutex<()> = &live_support::CINDER;

struct Live {
    url: String,
    project: String,
    token: String,
    db: PathBuf,
}

fn live() -> Option<Live> {
    let env = env_file(ENV_VAR, "Cinder", "scripts/live-cinder/start.sh")?;
    let get = |k: &str| {
        env.get(k)
            .unwrap_or_else(|| panic!("the live-cinder env file has no {k}"))
            .to_string()
    };
    Some(Live {
        url: get("CINDER_URL"),
        project: get("CINDER_PROJECT_ID"),
        token: get("CINDER_TOKEN"),
        db: PathBuf::from(get("CINDER_DB")),
    })
}

/// A spec replayed by the test, and how.
struct Replay {
    name: String,
    spec: Value,
    /// Operation overrides of the scenario file are for seed 000's
    /// attachments; an older revision is replayed as documented.
    overrides: bool,
    /// Cinder serves v3 only: (from, to, the v3 spec for equivalents).
    rebase: Option<(&'static str, &'static str, Value)>,
}

fn seed_spec(file: &str) -> Value {
    let path = Path::new(MANIFEST).join("../../specs").join(file);
    serde_json::from_str(&required_file(&path)).expect("spec is JSON")
}

/// The corpus' Cinder APIs by title, generated in the test.
fn corpus_specs(source: &str) -> BTreeMap<String, Value> {
    let corpus = Path::new(MANIFEST).join("../../../shared/corpus/cinder/api-ref/source");
    let input = corpus.join(source);
    assert!(
        input.exists(),
        "reference data missing: {} (../shared/corpus)",
        input.display()
    );
    let options = speclift_model::ReadOptions {
        root: Some(corpus.clone()),
        ..Default::default()
    };
    let (loaded, _) = speclift_model::read_path(&input, &options);
    loaded
        .iter()
        .map(|l| {
            let spec = serde_json::to_value(speclift_openapi::emit(&l.api).openapi)
                .expect("spec serialises");
            (l.api.title.clone(), spec)
        })
        .collect()
}

/// The v3 block-storage spec of the whole corpus tree.
fn corpus_v3() -> Value {
    corpus_specs(".")
        .into_iter()
        .find(|(title, _)| title.contains("V3") || title.contains("v3"))
        .map(|(_, spec)| spec)
        .expect("the corpus has a v3 API")
}

/// Every spec `contract_against_live_cinder` checks against expectations:
/// seed 000 (attachments), seed 001 (its older revision), seed 003 (v2
/// snapshots, on their v3 equivalents) and the corpus' v3 snapshots page.
/// Seeds 002 (Synnefo) and 004 (Nova) document services not run here.
/// The corpus v3 spec and its plan with the scenario, capped at the
/// microversion Cinder 29.0.0 serves (3.71, scripts/live-cinder/README.md).
fn corpus_v3_plan(live: &Live) -> (Value, plan::Plan) {
    let spec = corpus_v3();
    let mut scenario = scenario();
    scenario.max_microversion = Some("3.71".into());
    let plan = plan::build(&spec, &scenario, &vars(live));
    (spec, plan)
}

fn replay(name: &str, spec: Value, overrides: bool) -> Replay {
    Replay {
        name: name.to_string(),
        spec,
        overrides,
        rebase: None,
    }
}

/// Seed 000: the replay the signal test interrupts.
fn attachments_replay() -> Replay {
    replay(
        "block-storage-api-v3-attachments",
        seed_spec("block-storage-api-v3-attachments.json"),
        true,
    )
}

fn replays() -> Vec<Replay> {
    let snapshots = corpus_specs("v3/volumes-v3-snapshots.inc")
        .into_values()
        .next()
        .expect("the snapshots document has an API");
    vec![
        attachments_replay(),
        replay(
            "block-storage-api-v3-attachments-older-revision",
            seed_spec("block-storage-api-v3-attachments-older-revision.json"),
            false,
        ),
        Replay {
            rebase: Some(("/v2", "/v3", corpus_v3())),
            ..replay(
                "block-storage-api-v2-snapshots",
                seed_spec("block-storage-api-v2-snapshots.json"),
                true,
            )
        },
        replay("cinder-v3-snapshots", snapshots, true),
    ]
}

impl Replay {
    fn plan(&self, live: &Live) -> speclift_check::Plan {
        let mut scenario = scenario();
        if !self.overrides {
            scenario.operations.clear();
        }
        let mut plan = plan::build(&self.spec, &scenario, &vars(live));
        if let Some((from, to, v3)) = &self.rebase {
            plan.rebase(from, to, Some(v3));
        }
        plan
    }
}

fn scenario() -> Scenario {
    Scenario::from_yaml(&required_file(
        &Path::new(MANIFEST).join("tests/live/cinder-scenario.yaml"),
    ))
    .expect("scenario parses")
}

/// Cinder's file lists passes too, so a new pass shows up as a change.
const LISTING: Listing = Listing {
    passes: true,
    causes: false,
};

fn expectations() -> BTreeMap<String, BTreeMap<String, Expectation>> {
    live_support::expectations("cinder-expectations.yaml")
}

/// Rows Cinder has not (soft-)deleted, in the tables this run writes.
fn live_rows(db: &Path) -> BTreeMap<String, i64> {
    [
        "volumes",
        "snapshots",
        "volume_attachment",
        "volume_metadata",
        "snapshot_metadata",
        "volume_types",
        "volume_type_extra_specs",
        "encryption",
        "quality_of_service_specs",
        "group_types",
        "groups",
        "transfers",
        "backups",
    ]
    .iter()
    .map(|table| {
        let out = Command::new("sqlite3")
            .args(["-readonly", "-cmd", ".timeout 10000"])
            .arg(db)
            .arg(format!("SELECT count(*) FROM {table} WHERE deleted = 0"))
            .output()
            .expect("sqlite3 runs (scripts/live-cinder/install.sh installs it)");
        let n = String::from_utf8_lossy(&out.stdout)
            .trim()
            .parse()
            .unwrap_or_else(|_| {
                panic!(
                    "sqlite3 on {table}: {}",
                    String::from_utf8_lossy(&out.stderr)
                )
            });
        (table.to_string(), n)
    })
    .collect()
}

fn options(live: &Live, title: &str) -> RunOptions {
    RunOptions {
        base_url: live.url.clone(),
        token: Some(live.token.clone()),
        title: title.to_string(),
        request_timeout: Duration::from_secs(30),
        ..RunOptions::default()
    }
}

/// The project, also as the admin project the quota and host reads name
/// (noauth: the caller is an admin of its own project).
fn vars(live: &Live) -> BTreeMap<String, String> {
    [
        ("project_id".to_string(), live.project.clone()),
        ("admin_project_id".to_string(), live.project.clone()),
    ]
    .into()
}

#[test]
fn contract_against_live_cinder() {
    let Some(live) = live() else { return };
    let _guard = CINDER.lock().unwrap_or_else(|e| e.into_inner());
    let before = live_rows(&live.db);
    let expectations = expectations();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let mut mismatches = Vec::new();
    for replay in replays() {
        let (name, spec) = (&replay.name, &replay.spec);
        let plan = replay.plan(&live);
        let report = rt.block_on(run(spec, &plan, &options(&live, name), &Cancel::new()));
        println!("== {name}\n{}", report.render_table());
        assert_clean_run(name, &report, &live.token);
        // A spec with no entry at all reports each operation as unexpected.
        let none = BTreeMap::new();
        mismatches.extend(compare(
            name,
            &report,
            expectations.get(name).unwrap_or(&none),
            LISTING,
        ));
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
    assert_eq!(
        live_rows(&live.db),
        before,
        "the run left resources in the Cinder DB"
    );
}

/// The whole corpus v3 spec (every operation, every documented action,
/// reads again at the top of their range), with `--negative`, in one run
/// (its invalid variants are outcomes of their own, `id!variant`, judged
/// apart):
///
/// - the run completes, cleans up everything it created and leaks no
///   token; every verdict of the plan's own operations is the one
///   `cinder-expectations.yaml` records under `cinder-v3`, each non-pass
///   with its cause, and at most 3 failures are speclift's own doing;
/// - Cinder answers a POST or PUT without a body with 500 (`KeyError:
///   'body'`); the run reports those as failures naming the request — at
///   least attachments and groups — and the variants Cinder rejects
///   properly pass.
#[test]
fn whole_v3_spec_with_negative_checks_runs_and_cleans_up() {
    let Some(live) = live() else { return };
    let _guard = CINDER.lock().unwrap_or_else(|e| e.into_inner());
    let before = live_rows(&live.db);
    let (spec, mut plan) = corpus_v3_plan(&live);
    assert!(plan.add_negative(&spec) > 0);
    let rt = tokio::runtime::Runtime::new().unwrap();
    let full = rt.block_on(run(
        &spec,
        &plan,
        &options(&live, "cinder-v3 --negative"),
        &Cancel::new(),
    ));
    assert_clean_run("cinder-v3 --negative", &full, &live.token);
    let (negative, report) = split_variants(&full);
    let mut counts: BTreeMap<(bool, String), usize> = BTreeMap::new();
    for o in &report.outcomes {
        *counts
            .entry((o.operation_id.contains('@'), verdict_name(o.verdict)))
            .or_default() += 1;
    }
    println!(
        "{}
verdicts (repeat at the top of the range?, verdict): {counts:?}",
        full.render_table()
    );
    let expectations = expectations();
    let expected = expectations
        .get("cinder-v3")
        .expect("cinder-expectations.yaml has a cinder-v3 section");
    let mismatches = compare("cinder-v3", &report, expected, LISTING);
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
    let cause_of = |id: &str| expected.get(id).and_then(|e| e.cause.as_deref());
    let ours: Vec<&str> = report
        .outcomes
        .iter()
        .filter(|o| o.verdict == speclift_check::Verdict::Fail)
        .filter(|o| cause_of(&o.operation_id) == Some("speclift"))
        .map(|o| o.operation_id.as_str())
        .collect();
    assert!(
        ours.len() <= 3,
        "failures of speclift's own doing: {ours:?}"
    );
    // Pass or a true finding, over every operation and over those not
    // skipped by design (safety) or for a value no one gave (input).
    let (true_or_pass, total) = pass_or_true_finding(&report, expected);
    let by_design = report
        .outcomes
        .iter()
        .filter(|o| matches!(cause_of(&o.operation_id), Some("safety" | "input")))
        .count();
    println!(
        "{true_or_pass} of {} not skipped by design",
        total - by_design
    );
    // Issue 11's acceptance: at least 85 % (234 of 274 when measured).
    assert!(
        true_or_pass * 100 >= total * 85,
        "pass or true finding fell to {true_or_pass} of {total}"
    );
    for (id, path) in [
        ("createAttachment!no-body", "/attachments (no body)"),
        ("createGroup!no-body", "/groups (no body)"),
    ] {
        let o = negative
            .iter()
            .find(|o| o.operation_id == id)
            .unwrap_or_else(|| panic!("{id} was not checked"));
        assert_eq!(o.got, "500", "{o:?}");
        assert!(
            o.failures.iter().any(|f| f.contains("server error 500")
                && f.contains(&format!("POST /v3/{}{path}", live.project))),
            "{o:?}"
        );
    }
    // The invalid variants that Cinder rejects properly pass.
    let passed = negative
        .iter()
        .filter(|o| o.verdict == speclift_check::Verdict::Pass)
        .count();
    assert!(passed > 0, "no invalid variant was rejected with a 4xx");
    assert_eq!(
        live_rows(&live.db),
        before,
        "the run left resources in the Cinder DB"
    );
}

#[test]
fn sigterm_mid_run_leaves_nothing_behind() {
    let Some(live) = live() else { return };
    let _guard = CINDER.lock().unwrap_or_else(|e| e.into_inner());
    let before = live_rows(&live.db);
    let mut child = ChildGuard(Some(
        Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "live_volume::live_child",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_VAR, "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    ));
    // Signal once the attachment exists (the child then sits in a wait).
    let started = Instant::now();
    loop {
        let now = live_rows(&live.db);
        if now["volume_attachment"] > before["volume_attachment"] {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(90),
            "the child never created an attachment"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let child = child.0.take().unwrap();
    assert!(
        Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .unwrap()
            .success()
    );
    let output = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("interrupted: SIGTERM"),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(!stdout.contains(&live.token));
    assert_eq!(
        live_rows(&live.db),
        before,
        "interrupted run left resources behind:\n{stdout}"
    );
}

/// If the parent fails before it signals, the child is still stopped
/// (SIGTERM: it cleans up) and awaited, so it cannot disturb other tests.
struct ChildGuard(Option<std::process::Child>);

impl Drop for ChildGuard {
    fn drop(&mut self) {
        if let Some(mut child) = self.0.take() {
            let _ = Command::new("kill")
                .args(["-TERM", &child.id().to_string()])
                .status();
            let _ = child.wait();
        }
    }
}

/// The interrupted process of `sigterm_mid_run_leaves_nothing_behind`.
#[test]
#[ignore = "child process of sigterm_mid_run_leaves_nothing_behind"]
fn live_child() {
    assert!(
        std::env::var_os(CHILD_VAR).is_some(),
        "run by sigterm_mid_run_leaves_nothing_behind only"
    );
    let live = live().expect("the parent checked the env");
    let Replay { name, spec, .. } = attachments_replay();
    let mut scenario = scenario();
    // Waits on the attachment until it leaves `attaching`: it never does
    // before os-complete, so the run is mid-flight when the signal comes.
    scenario
        .operations
        .entry("createAttachment".into())
        .or_default()
        .wait = Some(true);
    scenario.wait.timeout_secs = 120;
    let plan = plan::build(&spec, &scenario, &vars(&live));
    let rt = tokio::runtime::Runtime::new().unwrap();
    let report = rt.block_on(run_with_signals(&spec, &plan, &options(&live, &name)));
    print!("{}", report.render_table());
}
