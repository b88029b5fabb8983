//! Every parameters.yaml of the corpus, the seeds and api-ref/ against the
//! published JSON Schema, with the known failures pinned.

use std::path::{Path, PathBuf};

use speclift_model::parameters_file_schema;

fn files_named(dir: &Path, name: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            files_named(&path, name, out);
        } else if path.file_name().is_some_and(|n| n == name) {
            out.push(path);
        }
    }
}

#[test]
fn parameter_files_validate_against_the_schema() {
    let shared = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared"));
    if !shared.join("corpus").is_dir() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but {} (the corpus) is missing",
            shared.display()
        );
        eprintln!("note: {} is missing; skipping", shared.display());
        return;
    }
    let repo = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."));
    let mut files = Vec::new();
    for dir in [
        shared.join("corpus"),
        shared.join("seeds"),
        repo.join("api-ref"),
    ] {
        files_named(&dir, "parameters.yaml", &mut files);
    }
    let validator = jsonschema::validator_for(&parameters_file_schema()).expect("compiles");
    let mut failures: Vec<String> = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("readable");
        let shown = file
            .strip_prefix(shared)
            .or(file.strip_prefix(repo))
            .unwrap_or(file);
        match serde_saphyr::from_str::<serde_json::Value>(&text) {
            Ok(value) => {
                for e in validator.iter_errors(&value) {
                    failures.push(format!("{}: {}: {e}", shown.display(), e.instance_path()));
                }
            }
            Err(e) => failures.push(format!("{}: not YAML: {e}", shown.display())),
        }
    }
    eprintln!("{} files, {} failures:", files.len(), failures.len());
    for f in &failures {
        eprintln!("  {f}");
    }
    assert!(files.len() >= 10, "too few files: {files:?}");
    for typo in [
        "'require' was unexpected",
        "'requered' was unexpected",
        "duplicate mapping key",
    ] {
        assert!(
            failures.iter().any(|f| f.contains(typo)),
            "{typo} not caught"
        );
    }
    // Pinned: upstream quirks the schema rightly rejects (listed above).
    assert_eq!(failures.len(), PINNED_FAILURES, "{failures:#?}");
}

/// 8 `format:` fields os-api-ref ignores, 6 misspelled fields (`require`,
/// `requered`, `descripition`) and the missing description that goes with
/// one, 2 seed files with duplicate keys (not valid YAML maps), and their
/// repeats across the corpus and seed copies.
const PINNED_FAILURES: usize = 20;
