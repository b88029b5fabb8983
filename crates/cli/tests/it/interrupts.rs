//! `gen` interrupted while writing leaves no `.NAME.PID.tmp` behind, and
//! `-o` naming a file says so.

use crate::common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn temp_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".tmp"))
                .collect()
        })
        .unwrap_or_default()
}

fn written(dir: &Path) -> usize {
    std::fs::read_dir(dir).map_or(0, |e| e.count())
}

#[cfg(unix)]
#[test]
fn an_interrupted_gen_leaves_no_temporary_files() {
    let input = common::repo_root().join("api-ref/cinder-v3-attachments");
    // The same API 120 times: 120 specs (name, name-2, …) written one
    // after the other, so the signal lands while one is being written.
    // (All are read before the first is written: more copies only make
    // the test slower, ~16 ms each in a debug build.)
    const COPIES: usize = 120;
    let inputs = vec![input.display().to_string(); COPIES];
    let mut stopped_early = 0;
    for (signal, code) in [("-INT", 130), ("-TERM", 143), ("-INT", 130)] {
        let out = tempfile::tempdir().unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_speclift"))
            .arg("gen")
            .args(&inputs)
            .arg("-o")
            .arg(out.path())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let started = Instant::now();
        while written(out.path()) < 3 {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "gen never wrote"
            );
            std::thread::sleep(Duration::from_millis(1));
        }
        let kill = Command::new("kill")
            .args([signal, &child.id().to_string()])
            .status()
            .unwrap();
        assert!(kill.success());
        let status = child.wait().unwrap();
        assert_eq!(
            temp_files(out.path()),
            Vec::<String>::new(),
            "{signal} left temporary files"
        );
        // Stopped early (not all written), exiting as for the signal.
        if written(out.path()) < COPIES {
            assert_eq!(status.code(), Some(code), "{signal}: {status:?}");
            stopped_early += 1;
        }
    }
    assert!(
        stopped_early > 0,
        "no signal landed before the last spec was written"
    );
}

#[test]
fn an_output_that_is_a_file_is_named_as_such() {
    let file = tempfile::NamedTempFile::new().unwrap();
    let input = common::repo_root().join("api-ref/cinder-v3-attachments");
    let output = Command::new(env!("CARGO_BIN_EXE_speclift"))
        .arg("gen")
        .arg(&input)
        .arg("-o")
        .arg(file.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    // Before: "File exists (os error 17)".
    assert!(stderr.contains("is a file, not a directory"), "{stderr}");
}
