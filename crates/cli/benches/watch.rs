//! `gen --watch` save-to-disk latency: the time from saving one changed
//! file of the Cinder tree (a temporary copy) to the regenerated v3 spec
//! showing the change on disk, measured from outside by polling the spec
//! as a doc writer's browser or editor would.
//!
//! `cargo xtask bench --watch` (or `cargo bench -p speclift --bench watch`;
//! `-- --runs=N`). Target: under 100 ms.

mod support;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const PAGE: &str = "api-ref/source/v3/attachments.inc";
const LINE: &str = "Lists all, lists all with details";

fn main() {
    support::shipped_allocator();
    let cinder = support::corpus("cinder");
    let runs = support::runs(10);
    let work = support::scratch("speclift-watch-");
    let tree = work.path().join("cinder");
    support::copy_dir(&cinder, &tree);
    let out = work.path().join("out");
    let spec = out.join("block-storage-api-v3.yaml");
    let mut child = Command::new(env!("CARGO_BIN_EXE_speclift"))
        .arg("gen")
        .arg("--watch")
        .arg(tree.join("api-ref/source"))
        .arg("-o")
        .arg(&out)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("speclift starts");
    let page = tree.join(PAGE);
    let original = std::fs::read_to_string(&page).expect("the page");
    let mut latencies = Vec::new();
    if wait_for(&spec, "Lists all, lists all", Duration::from_secs(60)).is_none() {
        let _ = child.kill();
        eprintln!("bench: the first run wrote no {}", spec.display());
        std::process::exit(1);
    }
    for i in 0..runs {
        // Let the previous run's burst settle, as between two saves.
        std::thread::sleep(Duration::from_millis(300));
        let marker = format!("Lists all (edit {i}), lists all with details");
        std::fs::write(&page, original.replacen(LINE, &marker, 1)).expect("save");
        let saved = Instant::now();
        match wait_for(&spec, &marker, Duration::from_secs(30)) {
            Some(seen) => latencies.push(seen.duration_since(saved)),
            None => eprintln!("bench: run {i}: the change never reached the spec"),
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    latencies.sort();
    let ms = |d: &Duration| d.as_secs_f64() * 1e3;
    match (latencies.first(), latencies.last()) {
        (Some(min), Some(max)) => println!(
            "gen --watch, cinder, one-file change: save to spec on disk in {} of {runs} runs; min {:.1} ms, median {:.1} ms, max {:.1} ms (target < 100 ms)",
            latencies.len(),
            ms(min),
            ms(&latencies[latencies.len() / 2]),
            ms(max)
        ),
        _ => {
            eprintln!("bench: no run reached the disk");
            std::process::exit(1);
        }
    }
}

/// When `path` first holds `marker`, polled every millisecond (the file is
/// replaced by rename: only a changed inode or mtime is read in full).
fn wait_for(path: &Path, marker: &str, limit: Duration) -> Option<Instant> {
    use std::os::unix::fs::MetadataExt;
    let start = Instant::now();
    let mut last_inode = None;
    while start.elapsed() < limit {
        if let Ok(meta) = std::fs::metadata(path)
            && last_inode != Some((meta.ino(), meta.mtime_nsec()))
        {
            let seen = Instant::now();
            last_inode = Some((meta.ino(), meta.mtime_nsec()));
            if std::fs::read_to_string(path).is_ok_and(|t| t.contains(marker)) {
                return Some(seen);
            }
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    None
}
