//! Growth: generation time per operation for 1, 2, 4 and 8 copies of the
//! Cinder api-ref tree generated at once (each copy its own APIs, read
//! from temporary copies). Flat means the pipeline has no step that grows
//! faster than the input; the acceptance bar is 8 copies within 20 % of
//! 1 copy's time per operation.
//!
//! `cargo xtask bench --growth` (or `cargo bench -p speclift --bench
//! growth`; `-- --runs=N` runs per size, median kept).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use speclift::{Format, GenerateOptions, generate, render_all};

const COPIES: [usize; 4] = [1, 2, 4, 8];

fn main() {
    let cinder = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/cinder");
    if !cinder.join("api-ref/source/index.rst").is_file() {
        eprintln!("bench: ../shared/corpus/cinder is missing; it must sit beside the repository");
        std::process::exit(1);
    }
    let runs: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.strip_prefix("--runs=").and_then(|n| n.parse().ok()))
        .unwrap_or(5);
    let work = tempfile::Builder::new()
        .prefix("speclift-growth-")
        .tempdir()
        .unwrap_or_else(|e| {
            eprintln!("bench: cannot create a temp dir: {e}");
            std::process::exit(1);
        });
    let max = COPIES[COPIES.len() - 1];
    let trees: Vec<PathBuf> = (0..max)
        .map(|i| {
            let copy = work.path().join(format!("cinder-{i}"));
            copy_dir(&cinder, &copy);
            copy.join("api-ref/source")
        })
        .collect();
    println!("growth: cinder api-ref copies generated at once, median of {runs} runs");
    println!("  copies   APIs   operations   median ms   µs per operation");
    let mut first = None;
    let mut worst: f64 = 0.0;
    for n in COPIES {
        let inputs = &trees[..n];
        let mut times: Vec<Duration> = Vec::with_capacity(runs);
        let (mut apis, mut operations) = (0, 0);
        for _ in 0..runs {
            let start = Instant::now();
            let generation = generate(inputs, &GenerateOptions::default());
            let texts = render_all(&generation.apis, Format::Yaml);
            times.push(start.elapsed());
            assert!(texts.iter().all(Option::is_some), "every copy generates");
            apis = generation.apis.len();
            operations = generation
                .apis
                .iter()
                .filter_map(|a| a.spec.as_ref())
                .map(|s| s.paths.paths.values().map(count_ops).sum::<usize>())
                .sum();
        }
        times.sort();
        let median = times[times.len() / 2];
        let per_op = median.as_secs_f64() * 1e6 / operations.max(1) as f64;
        let base = *first.get_or_insert(per_op);
        worst = worst.max(per_op / base);
        println!(
            "  {n:>6}   {apis:>4}   {operations:>10}   {:>9.1}   {per_op:>16.1}",
            median.as_secs_f64() * 1e3
        );
    }
    println!(
        "  largest time per operation: {:.2}× that of 1 copy (bar: 1.20×)",
        worst
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("{}: {e}", to.display()));
    for entry in std::fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display())) {
        let entry = entry.expect("readable entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
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
