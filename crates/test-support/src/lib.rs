//! What the integration tests (and benches) of every speclift crate share:
//! the reference data in `../shared` beside the repository, found or
//! skipped with a note outside CI and failing loudly under `CI`; the lists
//! of its corpus trees and Synnefo guides that tests check themselves
//! against; scratch folders and tree copies.
//!
//! A dev-dependency only. Its helpers panic with a message on what a test
//! cannot go on without (that is how a test fails).

use std::path::{Path, PathBuf};

/// The trees of `../shared/corpus`, one folder each. Tests that read every
/// tree compare this list with the folder, so a tree new to the corpus
/// fails by name until a test reads it.
pub const CORPUS_TREES: [&str; 7] = [
    "cinder",
    "designate",
    "heat",
    "nova",
    "octavia",
    "swift",
    "synnefo",
];

/// The os-api-ref trees of [`CORPUS_TREES`] (all but Synnefo's guides).
pub const OS_API_REF_TREES: [&str; 6] = ["cinder", "designate", "heat", "nova", "octavia", "swift"];

/// Every `*-api-guide.rst` of `corpus/synnefo/docs` (the other files there
/// are admin and developer guides), in folder order.
pub const SYNNEFO_API_GUIDES: [&str; 6] = [
    "blockstorage-api-guide.rst",
    "compute-api-extensions-guide.rst",
    "compute-api-guide.rst",
    "image-api-guide.rst",
    "network-api-guide.rst",
    "object-api-guide.rst",
];

/// The repository's root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `../shared` beside the repository, whether or not it is there, without
/// `..` (diagnostics name files under it, and tests replace this prefix).
pub fn shared_dir() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest
        .ancestors()
        .nth(3)
        .map(|beside| beside.join("shared"))
        .unwrap_or_else(|| manifest.join("../../../shared"))
}

/// `../shared/REL` when present; missing, `None` with a note (the caller
/// returns early) outside CI, and a failed test under `CI`.
pub fn shared(rel: &str) -> Option<PathBuf> {
    let path = shared_dir().join(rel);
    required_input(
        path.exists(),
        &path,
        "is part of ../shared, the reference data beside the repository",
    )
    .then_some(path)
}

/// `../shared` itself when it holds both `corpus` and `seeds`; as
/// [`shared`] otherwise.
pub fn reference_data() -> Option<PathBuf> {
    let dir = shared_dir();
    let present = dir.join("corpus").is_dir() && dir.join("seeds").is_dir();
    required_input(
        present,
        &dir,
        "(corpus and seeds) must sit beside the repository",
    )
    .then_some(dir)
}

/// Whether a test's external input at `path` is there. Missing under `CI`
/// fails the test (CI must never skip silently); elsewhere it prints a note
/// saying `how` to provide it, and the caller returns early.
pub fn required_input(present: bool, path: &Path, how: &str) -> bool {
    if present {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI is set but {} is missing: it {how}",
        path.display()
    );
    eprintln!("note: {} is missing ({how}); test not run", path.display());
    false
}

/// A fresh empty directory of its own (tests run in parallel threads of
/// one process, so a name alone is no key), removed when dropped.
pub fn temp_dir(name: &str) -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix(&format!("speclift-test-{name}-"))
        .tempdir()
        .unwrap_or_else(|e| panic!("cannot create a temp dir for {name}: {e}"))
}

/// Copies the tree `from` into `to` (created), files and folders.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("{}: {e}", to.display()));
    let entries = std::fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display()));
    for entry in entries {
        let entry = entry.unwrap_or_else(|e| panic!("{}: {e}", from.display()));
        let target = to.join(entry.file_name());
        let is_dir = entry
            .file_type()
            .unwrap_or_else(|e| panic!("{}: {e}", entry.path().display()))
            .is_dir();
        if is_dir {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap_or_else(|e| {
                panic!("{} -> {}: {e}", entry.path().display(), target.display())
            });
        }
    }
}
