//! Growth: generation time per operation for 1, 2, 4 and 8 copies of the
//! Cinder api-ref tree generated at once (each copy its own APIs, read
//! from temporary copies). Flat means the pipeline has no step that grows
//! faster than the input; the acceptance bar is 8 copies within 20 % of
//! 1 copy's time per operation.
//!
//! `cargo xtask bench --growth` (or `cargo bench -p speclift --bench
//! growth`; `-- --runs=N` runs per size, median kept).

mod support;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use speclift::{Format, GenerateOptions, generate, render_all};

const COPIES: [usize; 4] = [1, 2, 4, 8];

fn main() {
    support::shipped_allocator();
    let cinder = support::corpus("cinder");
    let runs = support::runs(5);
    let work = support::scratch("speclift-growth-");
    let max = COPIES[COPIES.len() - 1];
    let trees: Vec<PathBuf> = (0..max)
        .map(|i| {
            let copy = work.path().join(format!("cinder-{i}"));
            support::copy_dir(&cinder, &copy);
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
                .map(|s| {
                    s.paths
                        .paths
                        .values()
                        .map(support::count_ops)
                        .sum::<usize>()
                })
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
