//! The whole `gen` pipeline on a small tree: the input is split at NUL
//! bytes into `index.rst`, `parameters.yaml` and `samples/sample.json`,
//! written to a fresh temporary directory (on tmpfs when there is one).
//! Never panics; every diagnostic is located; a spec it writes reads back.
#![no_main]

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use libfuzzer_sys::fuzz_target;

static RUN: AtomicU64 = AtomicU64::new(0);

fn scratch() -> PathBuf {
    let base = if std::path::Path::new("/dev/shm").is_dir() {
        PathBuf::from("/dev/shm")
    } else {
        std::env::temp_dir()
    };
    base.join(format!(
        "speclift-fuzz-gen-{}-{}",
        std::process::id(),
        RUN.fetch_add(1, Ordering::Relaxed)
    ))
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.splitn(3, '\0');
    let index = parts.next().unwrap_or("");
    let parameters = parts.next().unwrap_or("");
    let sample = parts.next().unwrap_or("{}");
    let dir = scratch();
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("samples")).expect("scratch directory");
    std::fs::write(dir.join("index.rst"), index).expect("write index.rst");
    std::fs::write(dir.join("parameters.yaml"), parameters).expect("write parameters.yaml");
    std::fs::write(dir.join("samples/sample.json"), sample).expect("write sample");
    let options = speclift::GenerateOptions {
        root: Some(dir.clone()),
        ..Default::default()
    };
    let generation = speclift::generate(&[dir.join("index.rst")], &options);
    for d in generation.all_diagnostics() {
        assert!(d.location.is_some(), "unlocated: {d}");
    }
    for api in &generation.apis {
        if let Some(json) = api.render(speclift::Format::Json) {
            let value: serde_json::Value = serde_json::from_str(&json).expect("gen wrote JSON");
            // Our own readers accept what gen writes.
            let _ = speclift_diff::diff(&value, &value);
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
});
