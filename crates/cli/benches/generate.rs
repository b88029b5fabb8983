//! Generation over the full Cinder and Nova api-ref trees.
//!
//! `cargo xtask bench` (or `cargo bench -p speclift --bench generate`).
//! Prints wall time per full run (min and median of N runs, read + emit +
//! example validation + YAML serialization, no file writes) and the peak
//! resident memory of the process.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use speclift::{Format, GenerateOptions, generate};

fn main() {
    let shared = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    let trees = [
        shared.join("cinder/api-ref/source"),
        shared.join("nova/api-ref/source"),
    ];
    if !trees.iter().all(|t| t.is_dir()) {
        eprintln!("bench: ../shared/corpus is missing; it must sit beside the repository");
        std::process::exit(1);
    }
    let runs: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.strip_prefix("--runs=").and_then(|n| n.parse().ok()))
        .unwrap_or(10);
    let mut times: Vec<Duration> = Vec::with_capacity(runs);
    let (mut operations, mut bytes) = (0usize, 0usize);
    for _ in 0..runs {
        let start = Instant::now();
        let generation = generate(&trees, &GenerateOptions::default());
        bytes = 0;
        operations = 0;
        for api in &generation.apis {
            bytes += api.render(Format::Yaml).map_or(0, |s| s.len());
            operations += api
                .spec
                .as_ref()
                .map_or(0, |s| s.paths.paths.values().map(count_ops).sum::<usize>());
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

fn count_ops(item: &utoipa::openapi::PathItem) -> usize {
    [
        &item.get,
        &item.put,
        &item.post,
        &item.delete,
        &item.options,
        &item.head,
        &item.patch,
        &item.trace,
    ]
    .iter()
    .filter(|o| o.is_some())
    .count()
}

/// Peak resident set size (VmHWM) of this process, in MiB (Linux).
fn peak_rss_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}
