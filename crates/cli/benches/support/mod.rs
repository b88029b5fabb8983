//! What the benches share: the reference trees beside the repository, the
//! `--runs=N` argument, scratch folders and tree copies, and counting a
//! spec's operations. A module folder, not a bench target of its own.

#![allow(dead_code)] // each bench uses a part

use std::path::PathBuf;

/// `../shared/corpus/REL` beside the repository, spelled as a user would
/// give it (no `crates/cli/../../..` from this crate's folder, which lint
/// tidies in every finding's path); exits with a message when it is
/// missing (a bench has nothing to measure then).
pub fn corpus(rel: &str) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpus")
        .join(rel);
    match path.canonicalize() {
        Ok(path) => path,
        Err(_) => {
            eprintln!(
                "bench: ../shared/corpus/{rel} is missing; it must sit beside the repository"
            );
            std::process::exit(1);
        }
    }
}

/// The Cinder and Nova api-ref source trees.
pub fn cinder_and_nova() -> [PathBuf; 2] {
    [
        corpus("cinder/api-ref/source"),
        corpus("nova/api-ref/source"),
    ]
}

/// `--runs=N` from the bench's arguments, else `default`.
pub fn runs(default: usize) -> usize {
    std::env::args()
        .skip(1)
        .find_map(|a| a.strip_prefix("--runs=").and_then(|n| n.parse().ok()))
        .unwrap_or(default)
}

/// A scratch folder removed when dropped; exits when none can be made.
pub fn scratch(prefix: &str) -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix(prefix)
        .tempdir()
        .unwrap_or_else(|e| {
            eprintln!("bench: cannot create a temp dir: {e}");
            std::process::exit(1);
        })
}

#[allow(unused_imports)] // as `dead_code` above: not every bench copies trees
pub use speclift_test_support::copy_dir;

pub fn count_ops(item: &utoipa::openapi::PathItem) -> usize {
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

/// The allocator the `speclift` binary runs with (`src/main.rs`), so a
/// bench times what users run. With glibc's malloc both `lint` and `gen`
/// took about a third longer in process (lint on Cinder + Nova: 77.5 ms
/// against 59.3 ms).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Sets the allocator's options as `speclift` does; each bench's `main`
/// calls it first.
pub fn shipped_allocator() {
    speclift::allocator::tune();
}
