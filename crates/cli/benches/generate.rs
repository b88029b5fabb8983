//! Generation over the full Cinder and Nova api-ref trees.
//!
//! `cargo xtask bench` (or `cargo bench -p speclift --bench generate`).
//! Prints wall time per full run (min and median of N runs, read + emit +
//! example validation + YAML serialization, no file writes) and the peak
//! resident memory of the process.

mod support;

use std::time::{Duration, Instant};

use speclift::{Format, GenerateOptions, generate};

fn main() {
    support::shipped_allocator();
    let trees = support::cinder_and_nova();
    let runs = support::runs(10);
    let mut times: Vec<Duration> = Vec::with_capacity(runs);
    let (mut operations, mut bytes) = (0usize, 0usize);
    for _ in 0..runs {
        let start = Instant::now();
        let generation = generate(&trees, &GenerateOptions::default());
        bytes = 0;
        operations = 0;
        for api in &generation.apis {
            bytes += api.render(Format::Yaml).map_or(0, |s| s.len());
            operations += api.spec.as_ref().map_or(0, |s| {
                s.paths
                    .paths
                    .values()
                    .map(support::count_ops)
                    .sum::<usize>()
            });
        }
        times.push(start.elapsed());
    }
    times.sort();
    let median = times[times.len() / 2];
    println!(
        "generate cinder+nova: {runs} runs, min {:.1} ms, median {:.1} ms; {operations} operations, {:.1} MiB YAML; peak RSS {} MiB",
        times[0].as_secs_f64() * 1e3,
        median.as_secs_f64() * 1e3,
        bytes as f64 / (1024.0 * 1024.0),
        peak_rss_mib().map_or("?".into(), |m| m.to_string()),
    );
}

/// Peak resident set size (VmHWM) of this process, in MiB (Linux).
fn peak_rss_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}
