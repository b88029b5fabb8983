//! Locating `../shared` test data.

use std::path::{Path, PathBuf};

/// `shared/` beside the repository.
pub fn shared_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(3)
        .map(|p| p.join("shared"))
        .unwrap_or_default()
}

/// `shared/<rel>` when present. Missing data fails under CI and is
/// skipped with a note elsewhere.
pub fn shared(rel: &str) -> Option<PathBuf> {
    let path = shared_dir().join(rel);
    if path.exists() {
        return Some(path);
    }
    if std::env::var_os("CI").is_some() {
        panic!("test data {} is missing (CI is set)", path.display());
    }
    eprintln!("note: {} is missing; skipping", path.display());
    None
}

// Not every test binary uses every helper.
#[allow(dead_code)]
/// Output with the machine-specific location of `shared/` replaced.
pub fn portable(text: &str) -> String {
    text.replace(&shared_dir().display().to_string(), "<shared>")
}
