//! `lint` against `gen` on the Cinder and Nova api-ref trees, in process,
//! alternating (lint, gen, lint, gen, …) so both see the same load. Lint
//! reads the same files and the model, so it should cost less than
//! generating, which also emits, validates examples and serializes.
//!
//! `cargo xtask bench --lint` (or `cargo bench -p speclift --bench lint`;
//! `-- --runs=N`).

mod support;

use std::time::{Duration, Instant};

use speclift::{Format, GenerateOptions, generate, render_all};

fn main() {
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
    let median = |mut v: Vec<Duration>| {
        v.sort();
        v[v.len() / 2].as_secs_f64() * 1e3
    };
    ratios.sort_by(f64::total_cmp);
    println!(
        "lint vs gen, cinder+nova, {runs} alternating pairs: lint median {:.1} ms ({findings} findings), gen median {:.1} ms; median lint/gen per pair {:.2}",
        median(lint),
        median(gen_times),
        ratios[ratios.len() / 2]
    );
}
