//! Every parameters.yaml of the corpus, the seeds and api-ref/ against the
//! published JSON Schema, one test per tree of `../shared/corpus`, with what
//! the schema rightly rejects in each tree pinned by kind. A tree added to
//! the corpus fails `every_corpus_tree_has_a_test` by name until it gets its
//! line in [`CORPUS_TREES`] and its test.

use std::path::{Path, PathBuf};

use speclift_model::parameters_file_schema;

/// Each tree of `../shared/corpus` and what the schema rejects in its
/// parameters.yaml files: (substring of the failure, how many). These are
/// upstream quirks: `format:` and `default:` fields os-api-ref ignores (it
/// renders neither; a default belongs in the description), misspelled
/// field names (`require`, `requered`, `descripition`) and the missing
/// description that goes with one.
const CORPUS_TREES: &[(&str, &[(&str, usize)])] = &[
    (
        "cinder",
        &[
            ("'format' was unexpected", 2),
            ("'require' was unexpected", 3),
            ("'requered' was unexpected", 2),
            ("'descripition' was unexpected", 1),
            ("\"description\" is a required property", 1),
        ],
    ),
    ("designate", &[]),
    ("heat", &[("'default' was unexpected", 16)]),
    ("nova", &[("'format' was unexpected", 4)]),
    ("octavia", &[]),
    ("swift", &[]),
    // The Synnefo guides have no parameters.yaml.
    ("synnefo", &[]),
];

use speclift_test_support::reference_data as shared;

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

/// The parameters.yaml files under `dir` and every schema failure in them,
/// each shown relative to `shown_from`.
fn failures_under(dir: &Path, shown_from: &Path) -> (usize, Vec<String>) {
    let mut files = Vec::new();
    files_named(dir, "parameters.yaml", &mut files);
    let validator = jsonschema::validator_for(&parameters_file_schema()).expect("compiles");
    let mut failures: Vec<String> = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("readable");
        let shown = file.strip_prefix(shown_from).unwrap_or(file);
        match serde_saphyr::from_str::<serde_json::Value>(&text) {
            Ok(value) => {
                for e in validator.iter_errors(&value) {
                    failures.push(format!("{}: {}: {e}", shown.display(), e.instance_path()));
                }
            }
            Err(e) => failures.push(format!("{}: not YAML: {e}", shown.display())),
        }
    }
    (files.len(), failures)
}

/// Every failure is one of `expected`'s kinds, as many times as pinned.
fn assert_pinned(what: &str, failures: &[String], expected: &[(&str, usize)]) {
    let unexpected: Vec<&String> = failures
        .iter()
        .filter(|f| !expected.iter().any(|(kind, _)| f.contains(kind)))
        .collect();
    assert!(
        unexpected.is_empty(),
        "{what}: failures of no pinned kind: {unexpected:#?}"
    );
    for (kind, count) in expected {
        let found = failures.iter().filter(|f| f.contains(kind)).count();
        assert_eq!(found, *count, "{what}: `{kind}` failures: {failures:#?}");
    }
}

fn check_tree(tree: &str) {
    let Some(shared) = shared() else { return };
    let expected = CORPUS_TREES
        .iter()
        .find(|(name, _)| *name == tree)
        .map(|(_, e)| *e)
        .unwrap_or_else(|| panic!("`{tree}` is not in CORPUS_TREES"));
    let dir = shared.join("corpus").join(tree);
    assert!(
        dir.is_dir(),
        "corpus tree `{tree}` is missing: {}",
        dir.display()
    );
    let (files, failures) = failures_under(&dir, &shared);
    eprintln!("{tree}: {files} files, {} failures", failures.len());
    if dir.join("api-ref").is_dir() {
        assert!(
            files > 0,
            "the os-api-ref tree `{tree}` has no parameters.yaml"
        );
    }
    assert_pinned(tree, &failures, expected);
}

#[test]
fn every_corpus_tree_has_a_test() {
    let Some(shared) = shared() else { return };
    let mut trees: Vec<String> = std::fs::read_dir(shared.join("corpus"))
        .expect("corpus readable")
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    trees.sort();
    let listed: Vec<&str> = CORPUS_TREES.iter().map(|(name, _)| *name).collect();
    let new: Vec<&String> = trees
        .iter()
        .filter(|t| !listed.contains(&t.as_str()))
        .collect();
    assert!(
        new.is_empty(),
        "trees in ../shared/corpus with no parameters.yaml test: {new:?}; add each to \
         CORPUS_TREES with what the schema rejects in it, and a test"
    );
    let gone: Vec<&&str> = listed
        .iter()
        .filter(|t| !trees.iter().any(|have| have == *t))
        .collect();
    assert!(
        gone.is_empty(),
        "trees listed but not in ../shared/corpus: {gone:?}"
    );
}

#[test]
fn cinder_parameter_files() {
    check_tree("cinder");
}

#[test]
fn designate_parameter_files() {
    check_tree("designate");
}

#[test]
fn heat_parameter_files() {
    check_tree("heat");
}

#[test]
fn nova_parameter_files() {
    check_tree("nova");
}

#[test]
fn octavia_parameter_files() {
    check_tree("octavia");
}

#[test]
fn swift_parameter_files() {
    check_tree("swift");
}

#[test]
fn synnefo_parameter_files() {
    check_tree("synnefo");
}

/// The seeds and the embedded api-ref/: two seed files with duplicate keys
/// (not valid YAML maps) and the copies of upstream quirks they carry.
#[test]
fn seed_and_embedded_parameter_files() {
    let Some(shared) = shared() else { return };
    let (seed_files, seeds) = failures_under(&shared.join("seeds"), &shared);
    assert!(seed_files >= 4, "too few seed files: {seed_files}");
    assert_pinned(
        "seeds",
        &seeds,
        &[
            ("duplicate mapping key", 2),
            ("'format' was unexpected", 4),
            ("'require' was unexpected", 1),
        ],
    );
    let repo = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."));
    let (files, failures) = failures_under(&repo.join("api-ref"), repo);
    assert!(files > 0, "api-ref/ has no parameters.yaml");
    assert!(failures.is_empty(), "api-ref/: {failures:#?}");
}
