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
    for diags in read_all(&including, reads) {
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
fn read_all(including: &[(&Page, PathBuf)], reads: &Reads) -> Vec<Vec<Diagnostic>> {
    use rayon::prelude::*;
    // One reader per root, forked for each page: the forks share its
    // resolved root and cache of folders.
    let mut bases: BTreeMap<&PathBuf, speclift_rst::Reader> = including
        .iter()
        .map(|(_, root)| (root, reader(root, reads)))
        .collect();
    let read: Vec<(speclift_rst::Reader, Vec<Diagnostic>)> = including
        .par_iter()
        .map(|(page, root)| {
            let mut reader = match bases.get(root) {
                Some(base) => base.fork(),
                None => reader(root, reads),
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
            .unwrap_or_else(|| reader(root, reads))
            .join(readers)
    });
    if joined {
        found
    } else {
        read_in_turn(including, reads)
    }
}

/// What reading the pages in turn gives, on one reader per root, so shared
/// files are read once.
fn read_in_turn(including: &[(&Page, PathBuf)], reads: &Reads) -> Vec<Vec<Diagnostic>> {
    let mut readers: BTreeMap<&PathBuf, speclift_rst::Reader> = BTreeMap::new();
    including
        .iter()
        .map(|(page, root)| {
            readers
                .entry(root)
                .or_insert_with(|| reader(root, reads))
                .read(&page.path)
                .1
        })
        .collect()
}

/// A reader below `root` that shares the run's file bytes.
fn reader(root: &Path, reads: &Reads) -> speclift_rst::Reader {
    speclift_rst::Reader::new(root).with_reads(reads.clone())
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
            read_all(&including, &reads),
            read_in_turn(&including, &reads),
        )
    }

    fn shown(found: &[Vec<Diagnostic>]) -> Vec<String> {
        found.iter().flatten().map(ToString::to_string).collect()
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
