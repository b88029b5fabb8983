//! The portal built from the Cinder and Nova specs.
//!
//! `cargo xtask bench-portal` (or `cargo bench -p speclift --bench portal`).
//! The specs are generated once, untimed, and written as JSON; each timed
//! run is a whole `speclift portal`: read and parse the spec files, render
//! every page, the search index and Swagger UI views, write the site.
//! Prints min and median wall time and the site's size, against the
//! targets (2 s, 15 MB); exits non-zero when the site outgrows 15 MB.

mod support;

use std::time::{Duration, Instant};

use speclift::{Format, GenerateOptions, generate};

const SIZE_LIMIT: u64 = 15 * 1000 * 1000;

fn main() {
    support::shipped_allocator();
    let trees = support::cinder_and_nova();
    let runs = support::runs(10);

    let work = tempfile::tempdir().expect("temp dir");
    let specs = work.path().join("specs");
    std::fs::create_dir_all(&specs).expect("specs dir");
    for api in generate(&trees, &GenerateOptions::default()).apis {
        if let Some(json) = api.render(Format::Json) {
            std::fs::write(specs.join(api.file_name(Format::Json)), json).expect("spec written");
        }
    }

    let site = work.path().join("site");
    let mut times: Vec<Duration> = Vec::with_capacity(runs);
    let mut summary = None;
    for _ in 0..runs {
        let _ = std::fs::remove_dir_all(&site);
        let start = Instant::now();
        let built =
            speclift_portal::build_site(std::slice::from_ref(&specs), &site).expect("portal built");
        times.push(start.elapsed());
        summary = Some(built);
    }
    let Some(summary) = summary else {
        eprintln!("bench: --runs must be at least 1");
        std::process::exit(2);
    };
    times.sort();
    let operations: usize = summary.apis.iter().map(|a| a.1).sum();
    let actions: usize = summary.apis.iter().map(|a| a.2).sum();
    println!(
        "portal cinder+nova: {runs} runs, min {:.1} ms, median {:.1} ms (target < 2000 ms); \
         {} APIs, {operations} operations, {actions} actions; {} files, {:.2} MB (limit 15 MB)",
        times[0].as_secs_f64() * 1e3,
        times[times.len() / 2].as_secs_f64() * 1e3,
        summary.apis.len(),
        summary.files,
        summary.bytes as f64 / 1e6,
    );
    if summary.bytes > SIZE_LIMIT {
        eprintln!(
            "bench: the site is {} bytes, over the 15 MB limit",
            summary.bytes
        );
        std::process::exit(1);
    }
}
