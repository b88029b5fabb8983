//! Sample files without the model: each `literalinclude` of a page is
//! judged by [`rules::missing_sample`] (SL023), then, when read, by
//! [`rules::invalid_sample_json`] (SL022); what no page includes is
//! [`rules::unreferenced_sample`] (SL024).

use std::path::{Path, PathBuf};

use speclift_diag::Diagnostic;

use crate::page::Page;
use crate::rules;
use crate::tree::{Files, referenced};

pub fn is_sample_file(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "json")
        && path
            .parent()
            .into_iter()
            .flat_map(Path::components)
            .any(|c| c.as_os_str() == "samples")
}

/// The files the pages' includes name. Only asked whether it holds a
/// file: hashed, since comparing paths component by component made the
/// ordered set a tenth of the text rules' time.
pub type Included = rustc_hash::FxHashSet<PathBuf>;

/// Checks the page's includes; adds the files they name to `included`.
pub fn check_includes(
    page: &Page,
    root: &Path,
    files: &mut Files,
    included: &mut Included,
    out: &mut Vec<Diagnostic>,
) {
    for include in &page.includes {
        let path = referenced(&page.path, &include.target, root);
        included.insert(path.clone());
        let text = files.read(&path);
        if !rules::missing_sample::check(include, &path, text.is_some(), out) {
            continue;
        }
        if let Some(text) = text {
            rules::invalid_sample_json::check(include, &path, &text, out);
        }
    }
}
