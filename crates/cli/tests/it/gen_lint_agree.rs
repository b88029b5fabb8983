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
