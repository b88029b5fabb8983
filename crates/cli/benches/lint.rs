//! `lint` against `gen` on the Cinder and Nova api-ref trees, alternating
//! (lint, gen, lint, gen, …) so both see the same load: first in process
//! (gen without writing its specs), then as users run them, the
//! `speclift` binary's `lint -q` against `gen -q -o DIR`. Lint reads the
//! same files and the model, so it should cost less than generating,
//! which also emits, validates examples and serializes.
//!
//! `cargo xtask bench --lint` (or `cargo bench -p speclift --bench lint`;
//! `-- --runs=N`).

mod support;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use speclift::{Format, GenerateOptions, generate, render_all};

fn main() {
    support::shipped_allocator();
    let trees = support::cinder_and_nova();
    let runs = support::runs(10);
    let (mut lint, mut gen_times, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    let mut findings = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let report = speclift_lint::lint_paths(&trees);
        let l = start.elapsed();
        findings = report.diagnostics.len();
        let start = Instant::now();
        let generation = generate(&trees, &GenerateOptions::default());
        let _ = render_all(&generation.apis, Format::Yaml);
        let g = start.elapsed();
        ratios.push(l.as_secs_f64() / g.as_secs_f64());
        lint.push(l);
        gen_times.push(g);
    }
    println!(
        "lint vs gen, cinder+nova, {runs} alternating pairs: lint median {:.1} ms ({findings} findings), gen median {:.1} ms; median lint/gen per pair {:.2}",
        median(lint),
        median(gen_times),
        median_ratio(ratios)
    );

    let out = support::scratch("speclift-bench-lint-");
    let command = |args: &[&str]| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_speclift"));
        command
            .args(args)
            .args(&trees)
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        command
    };
    let out_arg = out.path().to_string_lossy().into_owned();
    let mut lint_cmd = command(&["lint", "-q"]);
    let mut gen_cmd = command(&["gen", "-q", "-o", &out_arg]);
    let (mut lint, mut gen_times, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        let l = time(&mut lint_cmd);
        let g = time(&mut gen_cmd);
        ratios.push(l.as_secs_f64() / g.as_secs_f64());
        lint.push(l);
        gen_times.push(g);
    }
    println!(
        "speclift lint vs speclift gen -o DIR, cinder+nova, {runs} alternating pairs: lint median {:.1} ms, gen median {:.1} ms; median lint/gen per pair {:.2}",
        median(lint),
        median(gen_times),
        median_ratio(ratios)
    );
}

/// How long `command` runs; a failure to start it ends the bench.
fn time(command: &mut Command) -> Duration {
    let start = Instant::now();
    if let Err(e) = command.status() {
        eprintln!("bench: cannot run speclift: {e}");
        std::process::exit(1);
    }
    start.elapsed()
}

fn median(mut times: Vec<Duration>) -> f64 {
    times.sort();
    times[times.len() / 2].as_secs_f64() * 1e3
}

fn median_ratio(mut ratios: Vec<f64>) -> f64 {
    ratios.sort_by(f64::total_cmp);
    ratios[ratios.len() / 2]
}
