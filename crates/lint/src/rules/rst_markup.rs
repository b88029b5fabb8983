//! SL043 `rst-markup` ([`Rule::RstMarkup`](super::Rule)).
//!
//! ## What it does
//! Passes on the RST reader's own findings about a page (read alone, its
//! includes kept as directives), under SL043 unless the reader gave one a
//! code of its own.
//!
//! ## Why is this bad?
//! See `speclift rules --explain SL043` (the registry holds the one text).
//!
//! ## Example
//! ```rst
//! Title
//! ===
//! ```
//! An underline shorter than its title.

use speclift_diag::Diagnostic;

use crate::page::Page;
use crate::rules::RST_MARKUP;

/// The reader's findings about a page, coded. Include problems come from
/// reading the page with includes followed; the rest from reading it alone.
pub fn check(page: &Page, out: &mut Vec<Diagnostic>) {
    for d in &page.diagnostics {
        out.push(match d.code {
            Some(_) => d.clone(),
            None => d.clone().with_code(RST_MARKUP),
        });
    }
}
