//! `SPECLIFT_TIMINGS`: the stages a run reaches on stderr when it is set,
//! nothing when it is not (or is `0`), and the same specs either way.

use std::process::{Command, Output};

use crate::common::{repo_root, temp_dir};

fn generate(timings: Option<&str>, out: &std::path::Path) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_speclift"));
    command
        .arg("gen")
        .arg(repo_root().join("api-ref/cinder-v3-attachments"))
        .arg("-o")
        .arg(out)
        .env_remove(speclift_diag::timings::VAR);
    if let Some(value) = timings {
        command.env(speclift_diag::timings::VAR, value);
    }
    command.output().expect("the speclift binary runs")
}

fn stage_lines(output: &Output) -> Vec<String> {
    String::from_utf8_lossy(&output.stderr)
        .lines()
        .filter(|l| l.starts_with("speclift-timings:"))
        .map(str::to_string)
        .collect()
}

fn files(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut found: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).unwrap())
        })
        .collect();
    found.sort();
    found
}

#[test]
fn timings_name_each_stage_in_order_and_change_nothing_else() {
    let dir = temp_dir("timings");
    let (plain, timed, zero) = (
        dir.path().join("plain"),
        dir.path().join("timed"),
        dir.path().join("zero"),
    );
    let plain_run = generate(None, &plain);
    let timed_run = generate(Some("1"), &timed);
    let zero_run = generate(Some("0"), &zero);
    for run in [&plain_run, &timed_run, &zero_run] {
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
    }
    assert_eq!(stage_lines(&plain_run), Vec::<String>::new());
    assert_eq!(stage_lines(&zero_run), Vec::<String>::new());
    assert_eq!(
        files(&plain),
        files(&timed),
        "the specs do not depend on the timings"
    );
    assert_eq!(files(&plain), files(&zero));

    let lines = stage_lines(&timed_run);
    let position = |stage: &str| {
        lines
            .iter()
            .position(|l| l.ends_with(stage))
            .unwrap_or_else(|| panic!("no `{stage}` line in {lines:#?}"))
    };
    let order = [
        "start",
        "read: toctrees followed",
        "read: every document read",
        "emitted",
        "copied as JSON",
        "gen: generated",
        "gen: configured",
        "gen: diagnostics rendered, specs written",
        "gen: done",
    ];
    let positions: Vec<usize> = order.iter().map(|s| position(s)).collect();
    assert!(positions.is_sorted(), "{lines:#?}");
    // Wall and CPU milliseconds, then the thread: each line says when.
    let first = &lines[0];
    assert!(
        first.starts_with("speclift-timings:")
            && first.contains(" ms")
            && first.contains("ThreadId("),
        "{first}"
    );
    // The rest of stderr is what a run without timings prints.
    let rest = |output: &Output| {
        String::from_utf8_lossy(&output.stderr)
            .lines()
            .filter(|l| !l.starts_with("speclift-timings:"))
            .map(|l| l.replace("/timed", "/plain").replace("/zero", "/plain"))
            .collect::<Vec<_>>()
    };
    assert_eq!(rest(&plain_run), rest(&timed_run));
}
