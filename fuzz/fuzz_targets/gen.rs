//! The whole `gen` pipeline on a small tree: the input is split at NUL
//! bytes into `index.rst`, `parameters.yaml` and `samples/sample.json`,
//! written to this process's scratch directory (on tmpfs when there is
//! one; `SPECLIFT_FUZZ_SCRATCH` picks another parent). Never panics;
//! every diagnostic is located; a spec it writes reads back.
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

/// One directory per process, made once and overwritten by every exec:
/// creating and removing a fresh tree per exec cost more syscalls than
/// the small seeds cost parsing. The three files are rewritten each time,
/// so no exec sees another's input.
fn scratch() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let base = std::env::var_os("SPECLIFT_FUZZ_SCRATCH")
            .map(PathBuf::from)
            .or_else(|| Some(PathBuf::from("/dev/shm")).filter(|p| p.is_dir()))
            .unwrap_or_else(std::env::temp_dir);
        let dir = base.join(format!("speclift-fuzz-gen-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("samples")).expect("scratch directory");
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.splitn(3, '\0');
    let index = parts.next().unwrap_or("");
    let parameters = parts.next().unwrap_or("");
    let sample = parts.next().unwrap_or("{}");
    let dir = scratch();
    std::fs::write(dir.join("index.rst"), index).expect("write index.rst");
    std::fs::write(dir.join("parameters.yaml"), parameters).expect("write parameters.yaml");
    std::fs::write(dir.join("samples/sample.json"), sample).expect("write sample");
    let options = speclift::GenerateOptions {
        root: Some(dir.to_path_buf()),
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
});
