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
use std::path::PathBuf;

use speclift_diag::Diagnostic;

use crate::page::Page;
use crate::rules::INCLUDE_PROBLEM;
use crate::tree::tidy;

/// Reads every page that includes others with the include-following
/// reader (one per root, so shared files are read once) and keeps its
/// findings about `.. include::` directives.
pub fn check(pages: &[(Page, PathBuf)], out: &mut Vec<Diagnostic>) {
    // Directive line → where its argument is, for the caret.
    let at_include: BTreeMap<(PathBuf, u32), &speclift_diag::Location> = pages
        .iter()
        .flat_map(|(p, _)| p.rst_includes.iter())
        .map(|i| ((tidy(&i.at.file), i.at.line), &i.at))
        .collect();
    let mut readers: BTreeMap<PathBuf, speclift_rst::Reader> = BTreeMap::new();
    let mut seen = BTreeSet::new();
    for (page, _) in pages.iter().filter(|(p, _)| !p.rst_includes.is_empty()) {
        let root = speclift_model::default_root(&page.path);
        let reader = readers
            .entry(root.clone())
            .or_insert_with(|| speclift_rst::Reader::new(root));
        let (_, diags) = reader.read(&page.path);
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
