//! SL001 `invalid-in` ([`Rule::InvalidIn`](super::Rule)).
//!
//! ## What it does
//! Reports a parameters.yaml entry whose `in:` is not header, path, query
//! or body, at the value (os-api-ref's own check, in its words).
//!
//! ## Why is this bad?
//! See `speclift rules --explain SL001` (the registry holds the one text).
//!
//! ## Example
//! ```yaml
//! project_id:
//!   in: url
//! ```

use speclift_diag::Diagnostic;

use crate::params_yaml::{ParamFile, section_rank};
use crate::rules::INVALID_IN;

pub fn check(file: &ParamFile, out: &mut Vec<Diagnostic>) {
    for entry in &file.entries {
        if section_rank(entry).is_some() {
            continue;
        }
        if let Some(f) = entry.field("in") {
            out.push(
                Diagnostic::warning(
                    file.location(f.line, f.column),
                    format!(
                        "`{}` is not a valid value for 'in' (must be one of: body, header, path, query) (see `{}`)",
                        f.value, entry.key
                    ),
                )
                .with_code(INVALID_IN)
                .with_hint("set `in:` to header, path, query or body"),
            );
        }
    }
}
