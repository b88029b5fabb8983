//! SL023 `missing-sample` ([`Rule::MissingSample`](super::Rule)).
//!
//! ## What it does
//! Reports a `literalinclude` whose file does not exist (relative to the
//! page, `/x` to the source directory).
//!
//! ## Why is this bad?
//! See `speclift rules --explain SL023` (the registry holds the one text).
//!
//! ## Example
//! ```rst
//! .. literalinclude:: samples/thing-create-request.json
//! ```
//! with no such file.

use std::path::Path;

use speclift_diag::Diagnostic;

use crate::page::Include;
use crate::rules::MISSING_SAMPLE;

/// Whether the file `include` names (at `path`) was `found`; reports it
/// when it was not.
pub fn check(include: &Include, path: &Path, found: bool, out: &mut Vec<Diagnostic>) -> bool {
    if !found {
        out.push(
            Diagnostic::error(
                include.at.clone(),
                format!("included file `{}` not found", path.display()),
            )
            .with_code(MISSING_SAMPLE)
            .with_hint("fix the path; it is relative to this document"),
        );
    }
    found
}
