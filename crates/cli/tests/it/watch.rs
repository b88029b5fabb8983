//! `gen --watch`: a save under the watched tree is regenerated on disk,
//! with the diagnostics printed anew.

use crate::common;

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const PAGE: &str = "\
==========
Things API
==========

List things
===========

.. rest_method:: GET /v1/things

Lists things.

Normal response codes: 200

Response
--------

.. rest_parameters:: parameters.yaml

   - things: things
";

const PARAMETERS: &str = "\
things:
  description: |
    The things.
  in: body
  required: true
  type: array
";

/// The line each run ends with.
const SUMMARY: &str = "speclift: wrote 1 of 1 spec";

/// Polls `path` until its text satisfies `done`, for at most a generous
/// `limit` (a loaded CI machine), returning the last text read.
fn wait_for(path: &Path, limit: Duration, done: impl Fn(&str) -> bool) -> String {
    let start = Instant::now();
    loop {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        if done(&text) || start.elapsed() > limit {
            return text;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_saved_page_is_regenerated() {
    let dir = common::temp_dir("watch");
    let tree = dir.path().join("tree");
    let out = dir.path().join("out");
    std::fs::create_dir_all(&tree).unwrap();
    std::fs::write(tree.join("index.rst"), PAGE).unwrap();
    std::fs::write(tree.join("parameters.yaml"), PARAMETERS).unwrap();

    let mut child = Command::new(env!("CARGO_BIN_EXE_speclift"))
        .arg("gen")
        .arg("--watch")
        .arg(&tree)
        .arg("-o")
        .arg(&out)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("speclift starts");
    // stderr is read as it comes, so the test can wait for a run's summary.
    let stderr = Arc::new(Mutex::new(String::new()));
    let reader = {
        let mut pipe = child.stderr.take().unwrap();
        let stderr = Arc::clone(&stderr);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = pipe.read(&mut buf) {
                if n == 0 {
                    break;
                }
                stderr
                    .lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        })
    };
    let summaries = |text: &Mutex<String>| text.lock().unwrap().matches(SUMMARY).count();
    let spec = out.join("things-api.yaml");
    let first = wait_for(&spec, Duration::from_secs(60), |t| {
        t.contains("Lists things")
    });
    assert!(first.contains("Lists things"), "first run: {first}");

    // A save that changes the operation's description (and adds a row
    // naming an undefined key: a warning, printed on this run).
    let edited = PAGE
        .replace("Lists things.", "Lists every widget.")
        .replace(
            "   - things: things\n",
            "   - things: things\n   - nothing: nothing\n",
        );
    std::fs::write(tree.join("index.rst"), edited).unwrap();
    let second = wait_for(&spec, Duration::from_secs(60), |t| {
        t.contains("Lists every widget")
    });

    // The summary is printed after the spec is written: wait for the
    // second one before ending the watcher, or the kill can beat it.
    let start = Instant::now();
    while summaries(&stderr) < 2 && start.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(20));
    }
    // The child never exits on its own: end it by its PID.
    child.kill().expect("the watcher is still running");
    let _ = child.wait();
    let _ = reader.join();
    let stderr = stderr.lock().unwrap().clone();
    assert!(
        second.contains("Lists every widget") && !second.contains("Lists things"),
        "after the save: {second}\nstderr:\n{stderr}"
    );
    assert_eq!(
        stderr.matches(SUMMARY).count(),
        2,
        "one summary per run:\n{stderr}"
    );
    assert!(stderr.contains("`nothing`"), "the new warning:\n{stderr}");
}
