//! SL041 `include-problem` ([`Rule::IncludeProblem`](super::Rule)).
//!
//! ## What it does
//! Reads every page that has `.. include::` directives with the
//! include-following reader and reports what it finds about them: a
//! missing or unreadable file, an include cycle, a file outside the root.
//! (Files lint itself was refused are reported under the same code by
//! [`crate::lint_paths_with`].)
//!
//! ## Why is this bad?
//! See `speclift rules --explain SL041` (the registry holds the one text).
//!
//! ## Example
//! ```rst
//! .. include:: volumes-v3-missing.inc
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use speclift_diag::Diagnostic;
use speclift_rst::confine::Reads;

use crate::page::Page;
use crate::rules::INCLUDE_PROBLEM;
use crate::tree::tidy;

/// Reads every page that includes others with the include-following
/// reader and keeps its findings about `.. include::` directives. The
/// pages are read on all cores, each on a reader of its own; when those
/// cannot be joined (a shared file with decoding problems, whose
/// findings would then name it by whichever page read it), the pages are
/// read again in turn on one reader per root, so shared files are read
/// once and findings are what reading in turn gives.
pub fn check(pages: &[(Page, PathBuf)], reads: &Reads, out: &mut Vec<Diagnostic>) {
    check_reading(pages, reads, Depth::Includes, out);
}

/// How deep the pages are read. [`Depth::Includes`] finds what
/// [`Depth::Whole`] finds (the tests hold it to that on every corpus tree)
/// at a fraction of the cost: a page including a whole API is otherwise
/// parsed again in full, after the model and the page rules have parsed it.
#[derive(Clone, Copy)]
enum Depth {
    /// Included files that hold no `include` directive are loaded, not
    /// parsed ([`speclift_rst::Reader::for_include_findings`]).
    Includes,
    /// Every file parsed, as the model reads it.
    #[cfg_attr(not(test), allow(dead_code))]
    Whole,
}

fn check_reading(
    pages: &[(Page, PathBuf)],
    reads: &Reads,
    depth: Depth,
    out: &mut Vec<Diagnostic>,
) {
    // Directive line → where its argument is, for the caret.
    let at_include: BTreeMap<(PathBuf, u32), &speclift_diag::Location> = pages
        .iter()
        .flat_map(|(p, _)| p.rst_includes.iter())
        .map(|i| ((tidy(&i.at.file), i.at.line), &i.at))
        .collect();
    let including: Vec<(&Page, PathBuf)> = pages
        .iter()
        .filter(|(p, _)| !p.rst_includes.is_empty())
        .map(|(p, _)| (p, speclift_model::default_root(&p.path)))
        .collect();
    let mut seen = BTreeSet::new();
    for diags in read_all(&including, reads, depth) {
        for mut d in diags {
            let Some(loc) = &d.location else {
                continue;
            };
            let file = tidy(&loc.file);
            // The reader locates include findings at the directive's
            // `..` (moved under the argument here) or at its options.
            let directive = at_include.get(&(file.clone(), loc.line)).copied();
            let about_include = directive.is_some() || d.message.contains("include");
            if about_include && seen.insert((file, loc.line, d.message.clone())) {
                if let Some(arg) = directive {
                    d.location = Some(arg.clone());
                }
                out.push(if d.code.is_some() {
                    d
                } else {
                    d.with_code(INCLUDE_PROBLEM)
                });
            }
        }
    }
}

/// What reading each page (with its root) gives, in page order: each on a
/// reader of its own, on all cores, unless those readers cannot be joined
/// into one per root.
fn read_all(including: &[(&Page, PathBuf)], reads: &Reads, depth: Depth) -> Vec<Vec<Diagnostic>> {
    use rayon::prelude::*;
    // One reader per root, forked for each page: the forks share its
    // resolved root and cache of folders.
    let mut bases: BTreeMap<&PathBuf, speclift_rst::Reader> = including
        .iter()
        .map(|(_, root)| (root, reader(root, reads, depth)))
        .collect();
    let read: Vec<(speclift_rst::Reader, Vec<Diagnostic>)> = including
        .par_iter()
        .map(|(page, root)| {
            let mut reader = match bases.get(root) {
                Some(base) => base.fork(),
                None => reader(root, reads, depth),
            };
            let (_, diags) = reader.read(&page.path);
            (reader, diags)
        })
        .collect();
    let mut by_root: BTreeMap<&PathBuf, Vec<speclift_rst::Reader>> = BTreeMap::new();
    let mut found = Vec::with_capacity(read.len());
    for ((_, root), (reader, diags)) in including.iter().zip(read) {
        by_root.entry(root).or_default().push(reader);
        found.push(diags);
    }
    let joined = by_root.into_iter().all(|(root, readers)| {
        bases
            .remove(root)
            .unwrap_or_else(|| reader(root, reads, depth))
            .join(readers)
    });
    if joined {
        found
    } else {
        read_in_turn(including, reads, depth)
    }
}

/// What reading the pages in turn gives, on one reader per root, so shared
/// files are read once.
fn read_in_turn(
    including: &[(&Page, PathBuf)],
    reads: &Reads,
    depth: Depth,
) -> Vec<Vec<Diagnostic>> {
    let mut readers: BTreeMap<&PathBuf, speclift_rst::Reader> = BTreeMap::new();
    including
        .iter()
        .map(|(page, root)| {
            readers
                .entry(root)
                .or_insert_with(|| reader(root, reads, depth))
                .read(&page.path)
                .1
        })
        .collect()
}

/// A reader below `root` that shares the run's file bytes.
fn reader(root: &Path, reads: &Reads, depth: Depth) -> speclift_rst::Reader {
    let reader = speclift_rst::Reader::new(root).with_reads(reads.clone());
    match depth {
        Depth::Includes => reader.for_include_findings(),
        Depth::Whole => reader,
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::Arc;

    use super::*;

    /// Two pages in different folders including one file (and a missing
    /// one each), read on all cores and in turn.
    fn both_ways(shared: &[u8]) -> (Vec<Vec<Diagnostic>>, Vec<Vec<Diagnostic>>) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("api-ref/source/v2")).unwrap();
        std::fs::write(root.join("api-ref/source/common.inc"), shared).unwrap();
        let a = root.join("api-ref/source/index.rst");
        let b = root.join("api-ref/source/v2/index.rst");
        std::fs::write(
            &a,
            "A\n=\n\n.. include:: common.inc\n.. include:: gone.inc\n",
        )
        .unwrap();
        std::fs::write(
            &b,
            "B\n=\n\n.. include:: ../common.inc\n.. include:: gone.inc\n",
        )
        .unwrap();
        let pages: Vec<Page> = [&a, &b]
            .iter()
            .map(|p| {
                let text = std::fs::read_to_string(p).unwrap();
                crate::page::scan(Arc::from(Path::new(p)), &text)
            })
            .collect();
        let including: Vec<(&Page, PathBuf)> = pages
            .iter()
            .map(|p| (p, speclift_model::default_root(&p.path)))
            .collect();
        let reads = Reads::default();
        (
            read_all(&including, &reads, Depth::Includes),
            read_in_turn(&including, &reads, Depth::Includes),
        )
    }

    fn shown(found: &[Vec<Diagnostic>]) -> Vec<String> {
        found.iter().flatten().map(ToString::to_string).collect()
    }

    /// Every page under `dir`, scanned as lint scans it.
    fn pages_of(dir: &Path) -> Vec<(Page, PathBuf)> {
        let mut found = Vec::new();
        crate::tree::walk(dir, &mut found);
        found
            .into_iter()
            .filter(|p| crate::is_page(p))
            .map(|p| {
                let text = String::from_utf8_lossy(&std::fs::read(&p).unwrap()).into_owned();
                (
                    crate::page::scan(Arc::from(p.as_path()), &text),
                    PathBuf::new(),
                )
            })
            .collect()
    }

    fn findings(pages: &[(Page, PathBuf)], depth: Depth) -> Vec<String> {
        let mut out = Vec::new();
        check_reading(pages, &Reads::default(), depth, &mut out);
        out.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn reading_for_includes_finds_what_reading_whole_finds_on_every_corpus_tree() {
        let mut including = 0;
        for tree in speclift_test_support::OS_API_REF_TREES {
            let Some(dir) = speclift_test_support::shared(&format!("corpus/{tree}/api-ref/source"))
            else {
                return;
            };
            let pages = pages_of(&dir);
            including += pages
                .iter()
                .filter(|(p, _)| !p.rst_includes.is_empty())
                .count();
            assert_eq!(
                findings(&pages, Depth::Includes),
                findings(&pages, Depth::Whole),
                "{tree}"
            );
        }
        assert!(including >= 6, "{including} pages include others");
    }

    /// What the corpus does not hold: a nested include in capitals, a
    /// cycle, prose and a sample saying "include", a file that is not
    /// UTF-8, an include of a folder.
    #[test]
    fn reading_for_includes_finds_what_reading_whole_finds_on_odd_includes() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("api-ref/source");
        std::fs::create_dir_all(src.join("sub")).unwrap();
        let files: [(&str, &[u8]); 6] = [
            (
                "index.rst",
                b"Index\n=====\n\n.. include:: plain.inc\n.. include:: nested.inc\n\n.. include:: latin1.inc\n.. include:: sub\n",
            ),
            (
                "plain.inc",
                b"Plain title\n-----\n\n.. literalinclude:: x.json\n\nWill include:: it.\n",
            ),
            ("nested.inc", b"Nested\n\n.. INCLUDE:: gone.inc\n.. include:: loop.inc\n"),
            ("loop.inc", b".. include:: nested.inc\n"),
            ("latin1.inc", b"Caf\xe9 .. literalinclude:: y.json\n"),
            ("sub/other.rst", b"Other\n=====\n\n.. include:: ../plain.inc\n"),
        ];
        for (name, text) in files {
            std::fs::write(src.join(name), text).unwrap();
        }
        let pages = pages_of(&src);
        let found = findings(&pages, Depth::Includes);
        assert_eq!(found, findings(&pages, Depth::Whole));
        for expected in [
            "gone.inc` not found",
            "include cycle",
            "source/sub`: a directory",
        ] {
            assert!(
                found.iter().any(|f| f.contains(expected)),
                "{expected}: {found:#?}"
            );
        }
    }

    #[test]
    fn pages_read_on_all_cores_give_what_reading_in_turn_gives() {
        for shared in [
            &b"Shared.\n"[..],
            &b"Caf\xe9, a shared file that is not UTF-8.\n"[..],
        ] {
            let (parallel, in_turn) = both_ways(shared);
            assert!(shown(&in_turn).iter().any(|d| d.contains("gone.inc")));
            // The second file's findings name it by the first page's path
            // when read in turn: the case the parallel reads must not change.
            let decoding = shown(&in_turn).iter().any(|d| d.contains("invalid UTF-8"));
            assert_eq!(decoding, shared.starts_with(b"Caf"));
            assert_eq!(shown(&parallel), shown(&in_turn));
        }
    }
}
