//! A real process gets SIGTERM / SIGINT mid-run and still removes what it
//! created. The test re-runs its own binary as the child (the ignored
//! `child_run` test), against a fake service in the parent.

#![cfg(unix)]

use crate::common;

use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{Answer, Handler, ITEM, Server, THING_ID, things_plan, things_spec, waits};
use serde_json::json;
use speclift_check::{Cancel, RunOptions, run, run_with_signals};
const CHILD_URL: &str = "SPECLIFT_CHECK_SIGNAL_CHILD_URL";
const CHILD_JOURNAL: &str = "SPECLIFT_CHECK_SIGNAL_CHILD_JOURNAL";

/// Creates succeed; the thing stays `creating` until deleted, so the run
/// sits in its wait when the signal comes.
fn never_ready() -> Handler {
    let gone = Arc::new(std::sync::atomic::AtomicBool::new(false));
    Arc::new(move |r, _| {
        let gone_now = gone.load(std::sync::atomic::Ordering::SeqCst);
        match (r.method.as_str(), r.path.as_str()) {
            ("POST", "/v1/p/things") => Answer::Json(
                202,
                json!({"thing": {"id": THING_ID, "status": "creating"}}),
            ),
            ("GET", ITEM) if gone_now => Answer::Empty(404),
            ("GET", ITEM) => Answer::Json(
                200,
                json!({"thing": {"id": THING_ID, "status": "creating"}}),
            ),
            ("DELETE", ITEM) => {
                gone.store(true, std::sync::atomic::Ordering::SeqCst);
                Answer::Empty(202)
            }
            _ => Answer::Empty(404),
        }
    })
}

/// Starts the child run against `server` and waits until it polls its
/// thing; `journal` is passed on.
fn child_waiting_on_its_thing(
    server: &Server,
    journal: Option<&std::path::Path>,
) -> std::process::Child {
    let mut command = Command::new(std::env::current_exe().unwrap());
    if let Some(journal) = journal {
        command.env(CHILD_JOURNAL, journal);
    }
    let child = command
        .args([
            "--exact",
            "signal::child_run",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_URL, &server.url)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while !server.lines().contains(&format!("GET {ITEM}")) {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "child never created the thing: {:?}",
            server.lines()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child
}

/// Sends `signal` to a child run waiting on its thing; checks that the
/// thing was deleted anyway and returns the child's stdout.
fn interrupt_with(signal: &str) -> String {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(Server::start(never_ready()));
    let child = child_waiting_on_its_thing(&server, None);
    let status = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let output = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).to_string();
    let lines = server.lines();
    assert!(
        lines.contains(&format!("DELETE {ITEM}")),
        "no cleanup: {lines:?}\n{stdout}"
    );
    stdout
}

#[test]
fn sigterm_mid_run_cleans_up() {
    let stdout = interrupt_with("-TERM");
    assert!(stdout.contains("interrupted: SIGTERM"), "{stdout}");
    assert!(stdout.contains("cleanup: 1 of 1 removed"), "{stdout}");
    assert!(stdout.contains("CHILD EXIT 1"), "{stdout}");
}

#[test]
fn sigint_mid_run_cleans_up() {
    let stdout = interrupt_with("-INT");
    assert!(stdout.contains("interrupted: SIGINT"), "{stdout}");
}

/// SIGKILL cannot be caught: the child removes nothing, but its journal
/// lists the thing, and the next run with that journal deletes it first.
#[test]
fn sigkill_leaves_a_journal_the_next_run_clears() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(Server::start(never_ready()));
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("check-journal.json");
    let mut child = child_waiting_on_its_thing(&server, Some(&journal));
    child.kill().unwrap(); // SIGKILL
    let _ = child.wait();
    assert!(!server.lines().contains(&format!("DELETE {ITEM}")));
    let listed = std::fs::read_to_string(&journal).expect("the journal outlives the child");
    assert!(listed.contains(ITEM), "{listed}");
    assert!(!listed.contains("t0ken"), "{listed}");

    // The next run: nothing of its own to do, the leftover goes first.
    let mut plan = things_plan(&waits(20, 5), "v");
    plan.steps.clear();
    let options = RunOptions {
        base_url: server.url.clone(),
        token: Some("t0ken".into()),
        journal: Some(journal.clone()),
        ..RunOptions::default()
    };
    let report = rt.block_on(run(&things_spec(), &plan, &options, &Cancel::new()));
    assert!(report.setup_errors.is_empty(), "{:?}", report.setup_errors);
    assert_eq!(report.cleanup.len(), 1, "{:?}", report.cleanup);
    assert!(report.cleanup[0].ok, "{:?}", report.cleanup);
    assert!(
        report.cleanup[0]
            .resource
            .starts_with("left by an earlier run: "),
        "{:?}",
        report.cleanup
    );
    assert!(server.lines().contains(&format!("DELETE {ITEM}")));
    assert!(!journal.exists(), "a clean run leaves no journal");
}

/// The child side; run only by the tests above.
#[test]
#[ignore = "child process of the signal tests"]
fn child_run() {
    let url = std::env::var(CHILD_URL).expect("run by sigterm_mid_run_cleans_up only");
    let rt = tokio::runtime::Runtime::new().unwrap();
    let plan = things_plan(&waits(20, 60), "v");
    let options = RunOptions {
        base_url: url,
        token: Some("t0ken".into()),
        journal: std::env::var_os(CHILD_JOURNAL).map(Into::into),
        ..RunOptions::default()
    };
    let report = rt.block_on(run_with_signals(&things_spec(), &plan, &options));
    print!("{}", report.render_table());
    println!("CHILD EXIT {}", report.exit_code());
}
