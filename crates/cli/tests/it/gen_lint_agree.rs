//! gen and lint agree: whatever `gen` reports about a tree, `lint` reports
//! too, with the same code, file, line and severity (lint may say more).
//! Runs over every os-api-ref tree of `../shared/corpus`, each named here,
//! so a tree new to the corpus is a named failure until it is listed.
//! Also: every diagnostic gen reports carries a code of the registry.

use crate::common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::*;
use speclift_diag::{Diagnostic, Rule, Severity};

// The os-api-ref trees of the corpus (folders with `api-ref/source/index.rst`).
use speclift_test_support::OS_API_REF_TREES as TREES;

type Said = (&'static str, PathBuf, u32, Severity);

fn said<'a>(diagnostics: impl IntoIterator<Item = &'a Diagnostic>) -> BTreeSet<Said> {
    diagnostics
        .into_iter()
        .filter_map(|d| {
            let loc = d.location.as_ref()?;
            let file = loc
                .file
                .canonicalize()
                .unwrap_or_else(|_| loc.file.to_path_buf());
            Some((d.code.unwrap_or("(none)"), file, loc.line, d.severity))
        })
        .collect()
}

fn os_api_ref_trees(corpus: &Path) -> Vec<String> {
    let mut found: Vec<String> = std::fs::read_dir(corpus)
        .expect("corpus lists")
        .filter_map(Result::ok)
        .filter(|e| e.path().join("api-ref/source/index.rst").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    found.sort();
    found
}

#[test]
fn every_os_api_ref_tree_is_compared() {
    let Some(shared) = shared() else { return };
    assert_eq!(
        os_api_ref_trees(&shared.join("corpus")),
        TREES,
        "a tree was added to or removed from ../shared/corpus: list it in TREES"
    );
}

fn agree(tree: &str) {
    let Some(shared) = shared() else { return };
    let source = shared.join("corpus").join(tree).join("api-ref/source");
    agree_on(tree, source, true);
}

/// The quirk trees (one small tree per class of os-api-ref quirk, errors
/// included) agree too.
#[test]
fn quirk_trees() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/quirks");
    let mut trees: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("quirks")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    trees.sort();
    assert!(trees.len() > 40, "{}", trees.len());
    for tree in trees {
        let name = tree
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        agree_on(&name, tree, false);
    }
}

fn agree_on(tree: &str, source: PathBuf, must_find: bool) {
    let inputs = [source];
    let generation = speclift::generate(&inputs, &speclift::GenerateOptions::default());
    let gen_said = said(generation.all_diagnostics());
    let uncoded: Vec<_> = generation
        .all_diagnostics()
        .filter(|d| d.rule().is_none())
        .map(ToString::to_string)
        .collect();
    assert!(
        uncoded.is_empty(),
        "{tree}: gen reports without a registered code:\n{}",
        uncoded.join("\n")
    );
    let lint_said = said(&speclift_lint::lint_paths(&inputs).diagnostics);
    let missing: Vec<String> = gen_said
        .difference(&lint_said)
        .map(|(code, file, line, severity)| {
            format!("{}:{line}: {severity}[{code}]", file.display())
        })
        .collect();
    assert!(
        missing.is_empty(),
        "{tree}: gen reports {} finding(s) lint does not report alike:\n{}",
        missing.len(),
        missing.join("\n")
    );
    // The comparison compared something: gen has findings on every tree.
    assert!(
        !must_find || !gen_said.is_empty(),
        "{tree}: gen reported nothing"
    );
    assert!(
        gen_said
            .iter()
            .all(|(code, ..)| Rule::from_code(code).is_some())
    );
}

#[test]
fn cinder() {
    agree("cinder");
}

#[test]
fn designate() {
    agree("designate");
}

#[test]
fn heat() {
    agree("heat");
}

#[test]
fn nova() {
    agree("nova");
}

#[test]
fn octavia() {
    agree("octavia");
}

#[test]
fn swift() {
    agree("swift");
}

/// A small api-ref tree (`api-ref/source/…`) written byte for byte.
fn crafted_tree(name: &str, files: &[(&str, &[u8])]) -> (tempfile::TempDir, PathBuf) {
    let dir = temp_dir(name);
    let source = dir.path().join("api-ref/source");
    std::fs::create_dir_all(&source).expect("source dir");
    for (file, bytes) in files {
        std::fs::write(source.join(file), bytes).expect("write");
    }
    (dir, source)
}

/// Both ways: what gen says lint says too, and on the files gen reads
/// without complaint lint finds nothing (it used to, reading them unlike
/// gen). Returns what lint said.
fn agree_both_ways(tree: &str, source: PathBuf, quiet_files: &[&str]) -> BTreeSet<Said> {
    agree_on(tree, source.clone(), false);
    let lint = speclift_lint::lint_paths(std::slice::from_ref(&source));
    for file in quiet_files {
        let said: Vec<String> = lint
            .diagnostics
            .iter()
            .filter(|d| d.location.as_ref().is_some_and(|l| l.file.ends_with(file)))
            .map(ToString::to_string)
            .collect();
        assert!(
            said.is_empty(),
            "{tree}: gen reads {file} without a finding, lint says:\n{}",
            said.join("\n")
        );
    }
    said(&lint.diagnostics)
}

const INDEX: &[u8] = b"=====\n API\n=====\n\n.. include:: things.inc\n";
const PARAMETERS: &[u8] =
    b"name:\n  in: body\n  required: true\n  type: string\n  description: The name.\n";

/// Lone CR line ends (classic Mac): docutils, the YAML parser and gen take
/// `\r` as a line end; lint read such a parameters.yaml as one line
/// (SL006 on a key `name:\r  in`, SL010 on every row) and put carets on
/// the wrong columns.
#[test]
fn lone_cr_line_ends() {
    let page = "Things\n======\n\nCreate thing\n~~~~~~~~~~~~\n\n\
                .. rest_method:: POST /v3/{project_id}/things\n\n\
                Request\n-------\n\n.. rest_parameters:: parameters.yaml\n\n   - name: name\n   - other: nme\n"
        .replace('\n', "\r");
    let parameters = String::from_utf8_lossy(PARAMETERS).replace('\n', "\r");
    let (_dir, source) = crafted_tree(
        "lone-cr",
        &[
            ("index.rst", INDEX),
            ("things.inc", page.as_bytes()),
            ("parameters.yaml", parameters.as_bytes()),
        ],
    );
    let lint = agree_both_ways("lone-cr", source, &["parameters.yaml"]);
    // Gen's findings on the page (SL011 line 7, SD009 line 15) are lint's
    // too, and lint's own judgment of the same row is on gen's line.
    assert!(
        lint.iter().any(|(code, file, line, _)| *code == "SL010"
            && file.ends_with("things.inc")
            && *line == 15),
        "{lint:?}"
    );
}

/// A byte-order mark at the start of status.yaml: gen's YAML parser skips
/// it, lint read the first code as `\u{feff}202` and reported 202 as not
/// defined (SL030).
#[test]
fn bom_in_status_yaml() {
    let page = b"Things\n======\n\nCreate thing\n~~~~~~~~~~~~\n\n\
                 .. rest_method:: POST /v3/things\n\n\
                 .. rest_status_code:: success status.yaml\n\n   - 202\n\n\
                 Request\n-------\n\n.. rest_parameters:: parameters.yaml\n\n   - name: name\n";
    let (_dir, source) = crafted_tree(
        "bom-status",
        &[
            ("index.rst", INDEX),
            ("things.inc", page),
            ("parameters.yaml", PARAMETERS),
            ("status.yaml", b"\xef\xbb\xbf202:\n  default: Accepted.\n"),
        ],
    );
    let lint = agree_both_ways("bom-status", source, &["things.inc", "status.yaml"]);
    assert!(lint.is_empty(), "{lint:?}");
}

/// An empty index.rst: gen finds no operation and says so (SL046, an
/// error); lint used to say nothing at all. The model now says it for both.
#[test]
fn empty_index() {
    let (_dir, source) = crafted_tree("empty-index", &[("index.rst", b"")]);
    let lint = agree_both_ways("empty-index", source.clone(), &["index.rst"]);
    let codes: Vec<_> = lint.iter().map(|(code, ..)| *code).collect();
    assert_eq!(codes, ["SL046"]);
    let generation = speclift::generate(&[source], &speclift::GenerateOptions::default());
    assert_eq!(said(generation.all_diagnostics()), lint);
}
