//! Reads the whole reference corpus and the seeds with `read_file`.

use std::path::{Path, PathBuf};

use speclift_rst::{Block, BlockKind, Document, TableKind, read_file};

use speclift_test_support::reference_data as shared;

fn rst_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            if p.file_name().is_some_and(|n| n != "raw") {
                rst_files(&p, out);
            }
        } else if p.extension().is_some_and(|e| e == "rst" || e == "inc") {
            out.push(p);
        }
    }
}

fn walk<'a>(blocks: &'a [Block], f: &mut dyn FnMut(&'a Block)) {
    for b in blocks {
        f(b);
        match &b.kind {
            BlockKind::BulletList { items } | BlockKind::EnumeratedList { items } => {
                for i in items {
                    walk(&i.blocks, f);
                }
            }
            BlockKind::BlockQuote { blocks } => walk(blocks, f),
            BlockKind::DefinitionList { items } => {
                for i in items {
                    walk(&i.definition, f);
                }
            }
            BlockKind::Directive(d) => walk(&d.body, f),
            _ => {}
        }
    }
}

fn count_directives(doc: &Document, name: &str) -> usize {
    let mut n = 0;
    walk(&doc.blocks, &mut |b| {
        if matches!(&b.kind, BlockKind::Directive(d) if d.name == name) {
            n += 1;
        }
    });
    n
}

// The trees of `../shared/corpus`, each read by its own test below; a
// tree new to the folder fails `every_corpus_tree_has_a_test` by name.
use speclift_test_support::CORPUS_TREES;

fn seed_roots(shared: &Path) -> Vec<PathBuf> {
    let mut seeds: Vec<_> = std::fs::read_dir(shared.join("seeds"))
        .expect("seeds dir")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir() && p.file_name().is_some_and(|n| n != "raw"))
        .collect();
    seeds.sort();
    seeds
}

/// Reads every `.rst`/`.inc` under `root`; returns the file count and the
/// errors and degradations (warnings with a code).
fn read_errors(root: &Path) -> (usize, Vec<String>) {
    let mut list = Vec::new();
    rst_files(root, &mut list);
    let mut errors = Vec::new();
    for f in &list {
        let (_, diags) = read_file(f, root);
        errors.extend(
            diags
                .into_iter()
                .filter(|d| d.is_error() || speclift_diag::degraded::is_degradation(d.code))
                .map(|d| d.to_string()),
        );
    }
    (list.len(), errors)
}

/// Every file of corpus tree `tree` reads with no error or degradation
/// but those containing one of `expected`.
fn tree_reads(tree: &str, expected: &[&str]) {
    let Some(shared) = shared() else { return };
    assert!(
        CORPUS_TREES.contains(&tree),
        "`{tree}` is not in CORPUS_TREES"
    );
    let root = shared.join("corpus").join(tree);
    assert!(root.is_dir(), "corpus tree `{tree}` is missing");
    let (files, errors) = read_errors(&root);
    assert!(files > 0, "`{tree}` has no .rst/.inc file");
    let (known, unexpected): (Vec<_>, Vec<_>) = errors
        .iter()
        .partition(|e| expected.iter().any(|x| e.contains(x)));
    assert!(unexpected.is_empty(), "{tree}: {unexpected:#?}");
    assert_eq!(known.len(), expected.len(), "{tree}: {errors:#?}");
}

#[test]
fn every_corpus_tree_has_a_test() {
    let Some(shared) = shared() else { return };
    let mut trees: Vec<String> = std::fs::read_dir(shared.join("corpus"))
        .expect("corpus dir")
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    trees.sort();
    assert_eq!(
        trees, CORPUS_TREES,
        "the trees of ../shared/corpus changed: give a new tree its test here"
    );
}

#[test]
fn cinder_reads_without_errors() {
    // The one expected problem: Cinder's microversion history includes a
    // file from the Cinder source tree, which the corpus does not carry;
    // Sphinx builds the page without it, so it is a degradation warning.
    tree_reads(
        "cinder",
        &["api_microversion_history.rst:1:1: warning[SD008]: included file"],
    );
}

#[test]
fn designate_reads_without_errors() {
    tree_reads("designate", &[]);
}

#[test]
fn heat_reads_without_errors() {
    tree_reads("heat", &[]);
}

#[test]
fn nova_reads_without_errors() {
    tree_reads("nova", &[]);
}

#[test]
fn octavia_reads_without_errors() {
    tree_reads("octavia", &[]);
}

#[test]
fn swift_reads_without_errors() {
    tree_reads("swift", &[]);
}

#[test]
fn synnefo_reads_without_errors() {
    tree_reads("synnefo", &[]);
}

#[test]
fn seeds_read_without_errors() {
    let Some(shared) = shared() else { return };
    let mut files = 0;
    for root in seed_roots(&shared) {
        let (n, errors) = read_errors(&root);
        files += n;
        assert!(errors.is_empty(), "{}: {errors:#?}", root.display());
    }
    assert!(files > 0, "no seed files found");
}

#[test]
fn spliced_indexes_hold_every_rest_method() {
    let Some(shared) = shared() else { return };
    // Counted with the includes expanded by hand (`grep '^\.\. rest_method::'`
    // over each included file, once per include; Nova includes two files
    // twice).
    for (root, index, expected) in [
        ("corpus/cinder", "api-ref/source/v3/index.rst", 198),
        ("corpus/cinder", "api-ref/source/v2/index.rst", 103),
        ("corpus/nova", "api-ref/source/index.rst", 254),
        // Swift's index includes its pages too: 17, the number of
        // operations os-api-ref renders from it (apiref_oracle.py extract).
        // Designate, Heat and Octavia reach theirs through a toctree (one
        // document per page), which `read_file` does not follow.
        ("corpus/swift", "api-ref/source/index.rst", 17),
    ] {
        let root = shared.join(root);
        let (doc, diags) = read_file(&root.join(index), &root);
        assert!(!diags.iter().any(|d| d.is_error()), "{diags:?}");
        assert_eq!(count_directives(&doc, "rest_method"), expected, "{index}");
        assert_eq!(
            count_directives(&doc, "include"),
            0,
            "{index}: unspliced include"
        );
    }
}

#[test]
fn synnefo_tables() {
    let Some(shared) = shared() else { return };
    let root = shared.join("corpus/synnefo");
    // Simple tables counted as border lines preceded by a blank line; the
    // guides have no grid tables.
    for (file, simple) in [
        ("docs/blockstorage-api-guide.rst", 52),
        ("docs/compute-api-extensions-guide.rst", 19),
        ("docs/compute-api-guide.rst", 144),
    ] {
        let (doc, diags) = read_file(&root.join(file), &root);
        assert!(!diags.iter().any(|d| d.is_error()), "{diags:?}");
        let mut kinds = Vec::new();
        walk(&doc.blocks, &mut |b| {
            if let BlockKind::Table(t) = &b.kind {
                kinds.push(t.kind);
            }
        });
        let n_simple = kinds.iter().filter(|k| **k == TableKind::Simple).count();
        assert_eq!((n_simple, kinds.len()), (simple, simple), "{file}");
    }
}

#[test]
fn corpus_parses_fast() {
    let Some(shared) = shared() else { return };
    let start = std::time::Instant::now();
    for (root, index) in [
        ("corpus/cinder", "api-ref/source/v3/index.rst"),
        ("corpus/cinder", "api-ref/source/v2/index.rst"),
        ("corpus/nova", "api-ref/source/index.rst"),
    ] {
        let root = shared.join(root);
        let _ = read_file(&root.join(index), &root);
    }
    let took = start.elapsed();
    // Generous for unoptimised test builds on a loaded machine.
    assert!(took.as_secs_f64() < 5.0, "took {took:?}");
}
