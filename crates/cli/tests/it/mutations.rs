//! Mutation tests of the whole pipeline. The project's own `api-ref/`
//! documents, broken at random the way hands and bad merges break real
//! files (lines dropped, duplicated, re-indented, truncated; stray markup;
//! directives out of place), never make `generate` or `lint` panic, every
//! diagnostic they report has a location, and a spec, when one is still
//! produced, serialises.
//!
//! Where the property tests in speclift-rst and speclift-model feed
//! arbitrary text to one stage, these start from valid documents, so the
//! edits reach the deeper stages (tables, samples, schemas, components).

use crate::common;

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use speclift::{Format, GenerateOptions, generate};

/// Each seed of `api-ref/` and the input to generate it from (the index,
/// the source directory or the guide, as `cargo xtask specs` finds them).
const SEEDS: [(&str, &str); 5] = [
    ("cinder-v3-attachments", "index.rst"),
    ("cinder-v3-attachments-older", "index.rst"),
    ("cinder-v2-snapshots", "index.rst"),
    ("nova-volume-attachments", "api-ref/source"),
    (
        "synnefo-compute-extensions",
        "compute-api-extensions-guide.rst",
    ),
];

/// Lines an edit may drop in: directives, options, table and list rows,
/// adornments, and values that are wrong in type or range.
const LINES: [&str; 18] = [
    ".. rest_method:: GET /v3/{project_id}/x/{y}",
    ".. rest_parameters:: parameters.yaml",
    ".. literalinclude:: samples/nothing.json",
    ".. include:: missing.inc",
    "   :language: javascript",
    "  - attachment_id: attachment_id_path",
    "  - nope: not_a_key",
    "====================",
    "--------",
    ".. rest_status_code:: success status.yaml",
    "   min_version: 3.x",
    "   max_version: 99999999999999999999.1",
    "  in: nowhere",
    "  type: [",
    "+-----+-----+",
    "| a   | b",
    "================  ======",
    "Normal response codes: 200, 2x2",
];

/// Fragments an edit may insert inside a line.
const BITS: [&str; 14] = [
    "`", "*", "_", ":", "{", "}", "\t", "é", "\u{3000}", "\\", "::", "|", "\r", "\u{feff}",
];

#[derive(Clone, Debug)]
enum Edit {
    Delete(usize),
    Duplicate { from: usize, to: usize },
    Indent(usize, usize),
    Dedent(usize),
    Truncate { line: usize, at: usize },
    InsertBit { line: usize, at: usize, bit: usize },
    InsertLine { line: usize, which: usize },
    CutFrom(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let n = any::<usize>;
    prop_oneof![
        n().prop_map(Edit::Delete),
        (n(), n()).prop_map(|(from, to)| Edit::Duplicate { from, to }),
        (n(), 1..8usize).prop_map(|(l, k)| Edit::Indent(l, k)),
        n().prop_map(Edit::Dedent),
        (n(), n()).prop_map(|(line, at)| Edit::Truncate { line, at }),
        (n(), n(), n()).prop_map(|(line, at, bit)| Edit::InsertBit { line, at, bit }),
        (n(), n()).prop_map(|(line, which)| Edit::InsertLine { line, which }),
        n().prop_map(Edit::CutFrom),
    ]
}

/// The char boundary nearest below `at % (len + 1)`.
fn boundary(s: &str, at: usize) -> usize {
    let mut i = at % (s.len() + 1);
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    for e in edits {
        if lines.is_empty() {
            lines.push(String::new());
        }
        let at = |i: usize| i % lines.len();
        match *e {
            Edit::Delete(i) => {
                lines.remove(at(i));
            }
            Edit::Duplicate { from, to } => {
                let line = lines[at(from)].clone();
                lines.insert(at(to), line);
            }
            Edit::Indent(i, k) => {
                let i = at(i);
                lines[i].insert_str(0, &" ".repeat(k));
            }
            Edit::Dedent(i) => {
                let i = at(i);
                lines[i] = lines[i].trim_start().to_string();
            }
            Edit::Truncate { line, at: cut } => {
                let i = at(line);
                let b = boundary(&lines[i], cut);
                lines[i].truncate(b);
            }
            Edit::InsertBit { line, at: pos, bit } => {
                let i = at(line);
                let b = boundary(&lines[i], pos);
                lines[i].insert_str(b, BITS[bit % BITS.len()]);
            }
            Edit::InsertLine { line, which } => {
                let i = at(line);
                lines.insert(i, LINES[which % LINES.len()].to_string());
            }
            Edit::CutFrom(i) => {
                let i = at(i);
                lines.truncate(i.max(1));
            }
        }
    }
    lines.join("\n")
}

/// Every file below `dir`, sorted, relative to it.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("readable seed directory") {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path.strip_prefix(dir).expect("below dir").to_path_buf());
            }
        }
    }
    out.sort();
    out
}

fn copy_tree(from: &Path, to: &Path, files: &[PathBuf]) {
    for f in files {
        let target = to.join(f);
        std::fs::create_dir_all(target.parent().expect("a file has a parent")).unwrap();
        std::fs::copy(from.join(f), target).unwrap();
    }
}

/// Which file of the seed an edit hits: mostly a document (RST, an
/// include, parameters.yaml, status.yaml), where most of the logic is;
/// sometimes any file, samples included.
#[derive(Clone, Copy, Debug)]
enum Target {
    Document(usize),
    Any(usize),
}

fn target() -> impl Strategy<Value = Target> {
    prop_oneof![
        3 => any::<usize>().prop_map(Target::Document),
        1 => any::<usize>().prop_map(Target::Any),
    ]
}

fn is_document(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| ["rst", "inc", "yaml"].contains(&e.to_str().unwrap_or_default()))
}

fn check_pipeline(seed: usize, file: Target, edits: &[Edit]) -> Result<(), TestCaseError> {
    let (name, input) = SEEDS[seed % SEEDS.len()];
    let source = common::repo_root().join("api-ref").join(name);
    let all = files(&source);
    let documents: Vec<&PathBuf> = all.iter().filter(|f| is_document(f)).collect();
    let target = match file {
        Target::Document(i) => documents[i % documents.len()],
        Target::Any(i) => &all[i % all.len()],
    };
    let dir = common::temp_dir("mutation");
    copy_tree(&source, dir.path(), &all);
    let original = std::fs::read_to_string(source.join(target)).unwrap();
    std::fs::write(dir.path().join(target), apply(&original, edits)).unwrap();

    let inputs = [dir.path().join(input)];
    let generation = generate(&inputs, &GenerateOptions::default());
    for d in generation.all_diagnostics() {
        prop_assert!(d.location.is_some(), "{target:?}: {d}");
    }
    for api in &generation.apis {
        // An API whose documentation has errors renders nothing; any other
        // renders in both formats.
        let failed = api.has_errors();
        for format in [Format::Yaml, Format::Json] {
            prop_assert_eq!(api.render(format).is_some(), !failed, "{:?}", target);
        }
    }
    let report = speclift_lint::lint_paths(&inputs);
    for d in &report.diagnostics {
        prop_assert!(d.location.is_some(), "{target:?}: {d}");
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(160))]

    #[test]
    fn broken_documents_never_panic(
        seed in 0..SEEDS.len(),
        file in target(),
        edits in proptest::collection::vec(edit(), 1..8),
    ) {
        check_pipeline(seed, file, &edits)?;
    }
}

#[test]
fn every_seed_is_mutated() {
    // The strategy indexes SEEDS: it must list every seed of api-ref/ (a
    // new one would otherwise go untested) and each must name a real input.
    let api_ref = common::repo_root().join("api-ref");
    let mut seeds: Vec<String> = std::fs::read_dir(&api_ref)
        .expect("api-ref/")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    seeds.sort();
    let mut listed: Vec<&str> = SEEDS.iter().map(|(name, _)| *name).collect();
    listed.sort();
    assert_eq!(seeds, listed, "SEEDS must list every directory of api-ref/");
    for (name, input) in SEEDS {
        let path = common::repo_root().join("api-ref").join(name).join(input);
        assert!(path.exists(), "{} is missing", path.display());
    }
}

#[test]
fn edits_apply_at_char_boundaries() {
    let edits = [
        Edit::InsertBit {
            line: 0,
            at: 1,
            bit: 7,
        },
        Edit::Truncate { line: 0, at: 2 },
        Edit::InsertLine { line: 5, which: 0 },
        Edit::Delete(3),
    ];
    let out = apply("é\nb\nc", &edits);
    assert_eq!(
        out,
        format!("é\nb\n{}", LINES[0]),
        "truncating inside `é` keeps the whole char"
    );
}
