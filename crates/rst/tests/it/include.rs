//! `read_file` with includes, on small trees written to a temp directory.

use std::path::Path;

use speclift_rst::{BlockKind, Document, Reader, read_file};
use tempfile::TempDir;

/// A fresh directory per test, removed on drop.
fn tree(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

fn sections(doc: &Document) -> Vec<(String, usize, String, u32)> {
    doc.blocks
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::Section { title, level } => Some((
                title.clone(),
                *level,
                b.location
                    .file
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                b.location.line,
            )),
            _ => None,
        })
        .collect()
}

#[test]
fn nested_includes_resolve_against_the_document_as_in_sphinx() {
    let dir = tree(&[
        ("src/index.rst", "Index\n=====\n\n.. include:: v3/a.inc\n"),
        // `common.inc` is beside index.rst; `/shared.inc` is from the
        // source directory; `../b.inc` only makes sense from v3/.
        (
            "src/v3/a.inc",
            ".. include:: common.inc\n\n.. include:: /shared.inc\n\n.. include:: ../b.inc\n",
        ),
        ("src/common.inc", "Common\n------\n"),
        ("src/shared.inc", "Shared\n------\n"),
        ("src/b.inc", "Beside\n------\n"),
    ]);
    let reader = Reader::new(dir.path()).with_source_dir(dir.path().join("src"));
    let (doc, diags) = { reader }.read(&dir.path().join("src/index.rst"));
    let titles: Vec<String> = sections(&doc).into_iter().map(|s| s.0).collect();
    assert_eq!(titles, ["Index", "Common", "Shared", "Beside"]);
    // Found only beside the including file: read, with a warning there.
    assert_eq!(diags.len(), 1, "{diags:?}");
    let d = &diags[0];
    assert!(!d.is_error());
    assert!(d.message.contains("`../b.inc` is not in"), "{d}");
    let at = d
        .location
        .as_ref()
        .map(|l| (l.file.ends_with("a.inc"), l.line));
    assert_eq!(at, Some((true, 5)));
}

#[test]
fn includes_are_spliced_and_share_section_levels() {
    let dir = tree(&[
        (
            "src/index.rst",
            "=====\nIndex\n=====\n\n.. include:: v3/a.inc\n\nTail\n====\n",
        ),
        (
            "src/v3/a.inc",
            // As Sphinx reads it: relative to the document, src/index.rst.
            "A\n=\n\ntext\n\n.. include:: b.inc\n\nSub\n---\n",
        ),
        ("src/b.inc", "B\n=\n\nC\n~\n"),
    ]);
    let (doc, diags) = read_file(&dir.path().join("src/index.rst"), dir.path());
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(
        sections(&doc),
        [
            ("Index".to_string(), 1, "index.rst".to_string(), 2),
            ("A".into(), 2, "a.inc".into(), 1),
            ("B".into(), 2, "b.inc".into(), 1),
            ("C".into(), 3, "b.inc".into(), 4),
            ("Sub".into(), 4, "a.inc".into(), 8),
            ("Tail".into(), 2, "index.rst".into(), 7),
        ]
    );
    assert!(
        !doc.blocks
            .iter()
            .any(|b| matches!(&b.kind, BlockKind::Directive(_)))
    );
    // Locations name the included file by a tidy path.
    let b = doc
        .blocks
        .iter()
        .find(|b| matches!(&b.kind, BlockKind::Section { title, .. } if title == "B"))
        .unwrap();
    assert!(
        b.location.file.ends_with("src/b.inc"),
        "{:?}",
        b.location.file
    );
    assert!(!b.location.file.to_string_lossy().contains(".."));
}

fn single_error(diags: &[speclift_diag::Diagnostic]) -> &speclift_diag::Diagnostic {
    let errors: Vec<_> = diags.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 1, "{diags:?}");
    errors[0]
}

#[test]
fn missing_include_is_a_degradation_warning_at_the_directive() {
    // Sphinx builds the page without the file: only its text is missing.
    let dir = tree(&[("index.rst", "text\n\n  .. include:: nope.inc\n")]);
    let (doc, diags) = read_file(&dir.path().join("index.rst"), dir.path());
    assert_eq!(diags.len(), 1, "{diags:?}");
    let e = &diags[0];
    assert!(!e.is_error());
    assert_eq!(e.code, Some(speclift_diag::degraded::MISSING_FILE));
    assert!(e.message.contains("not found"), "{e}");
    let loc = e.location.as_ref().unwrap();
    assert_eq!((loc.line, loc.column), (3, 3));
    assert!(e.hint.is_some());
    // The directive is kept (inside the block quote).
    assert_eq!(doc.blocks.len(), 2);
}

#[test]
fn include_outside_the_root_is_never_read() {
    let dir = tree(&[
        ("root/index.rst", ".. include:: ../secret.inc\n"),
        ("secret.inc", "Secret\n======\n"),
    ]);
    let (doc, diags) = read_file(&dir.path().join("root/index.rst"), &dir.path().join("root"));
    let e = single_error(&diags);
    assert!(e.message.contains("outside the root"), "{e}");
    assert!(matches!(&doc.blocks[0].kind, BlockKind::Directive(d) if d.name == "include"));
}

#[test]
fn include_cycle_reports_the_chain() {
    let dir = tree(&[
        ("a.rst", "A\n=\n\n.. include:: b.inc\n"),
        ("b.inc", "x\n\n.. include:: a.rst\n"),
    ]);
    let (_, diags) = read_file(&dir.path().join("a.rst"), dir.path());
    let e = single_error(&diags);
    assert!(e.message.contains("include cycle"), "{e}");
    assert!(
        e.message.contains("a.rst → ") && e.message.contains("b.inc → "),
        "{e}"
    );
    let loc = e.location.as_ref().unwrap();
    assert!(loc.file.ends_with("b.inc"));
    assert_eq!(loc.line, 3);
}

#[test]
fn include_depth_is_limited() {
    let files: Vec<(String, String)> = (0..40)
        .map(|i| {
            (
                format!("f{i}.inc"),
                format!("line {i}\n\n.. include:: f{}.inc\n", i + 1),
            )
        })
        .collect();
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let dir = tree(&refs);
    let (doc, diags) = read_file(&dir.path().join("f0.inc"), dir.path());
    let e = single_error(&diags);
    assert!(e.message.contains("deeper than 32"), "{e}");
    let paragraphs = doc
        .blocks
        .iter()
        .filter(|b| matches!(b.kind, BlockKind::Paragraph { .. }))
        .count();
    assert_eq!(paragraphs, 33);
}

#[test]
fn binary_and_bad_utf8_includes() {
    let dir = tree(&[(
        "index.rst",
        ".. include:: bin.inc\n\n.. include:: latin1.inc\n",
    )]);
    std::fs::write(dir.path().join("bin.inc"), b"abc\0def").unwrap();
    std::fs::write(dir.path().join("latin1.inc"), b"caf\xe9\n").unwrap();
    let (doc, diags) = read_file(&dir.path().join("index.rst"), dir.path());
    let errors: Vec<_> = diags.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 2, "{diags:?}");
    assert!(errors[0].message.contains("binary file"));
    assert!(errors[1].message.contains("invalid UTF-8"));
    let loc = errors[1].location.as_ref().unwrap();
    assert!(loc.file.ends_with("latin1.inc"));
    assert_eq!((loc.line, loc.column), (1, 4));
    assert!(matches!(&doc.blocks[0].kind, BlockKind::Paragraph { text } if text == "caf\u{fffd}"));
}

#[test]
fn reader_caches_and_missing_entry_is_reported() {
    let dir = tree(&[
        ("a.rst", ".. include:: p.inc\n"),
        ("b.rst", ".. include:: p.inc\n"),
        ("p.inc", "shared\n"),
    ]);
    let mut reader = Reader::new(dir.path());
    for f in ["a.rst", "b.rst"] {
        let (doc, diags) = reader.read(&dir.path().join(f));
        assert!(diags.is_empty());
        assert!(matches!(&doc.blocks[0].kind, BlockKind::Paragraph { text } if text == "shared"));
    }
    let (doc, diags) = reader.read(Path::new("/definitely/not/here.rst"));
    assert!(doc.blocks.is_empty());
    assert!(single_error(&diags).message.contains("cannot read"));
}

#[test]
fn empty_file_is_an_empty_document() {
    let dir = tree(&[("e.rst", "")]);
    let (doc, diags) = read_file(&dir.path().join("e.rst"), dir.path());
    assert!(doc.blocks.is_empty() && diags.is_empty());
}

#[test]
fn include_options_cut_the_file_as_docutils_does() {
    let inc = "A\n-\n\n.. start\n\nB\n-\n\n.. end\n\nC\n-\n";
    let dir = tree(&[
        (
            "index.rst",
            "Index\n=====\n\n.. include:: x.inc\n   :start-after: .. start\n   :end-before: .. end\n\n.. include:: x.inc\n   :start-line: 10\n\n.. include:: x.inc\n   :start-after: no such marker\n",
        ),
        ("x.inc", inc),
    ]);
    let (doc, diags) = read_file(&dir.path().join("index.rst"), dir.path());
    let found: Vec<(String, u32)> = sections(&doc).into_iter().map(|s| (s.0, s.3)).collect();
    // Locations stay those of the included file.
    assert_eq!(
        found,
        [("Index".into(), 1), ("B".into(), 6), ("C".into(), 11)]
    );
    // A marker that is not there: docutils includes nothing, and says so.
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert!(diags[0].message.contains("no such marker"), "{diags:?}");
    assert_eq!(diags[0].location.as_ref().map(|l| l.line), Some(11));
}
