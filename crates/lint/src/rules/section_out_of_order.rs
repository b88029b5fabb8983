//! SL002 `section-out-of-order` ([`Rule::SectionOutOfOrder`](super::Rule)).
//!
//! ## What it does
//! Reports a parameters.yaml entry whose section (`in:`) comes before the
//! section of the last valid entry above it (order: header, path, query,
//! body), as os-api-ref does.
//!
//! ## Why is this bad?
//! See `speclift rules --explain SL002` (the registry holds the one text).
//!
//! ## Example
//! ```yaml
//! name:
//!   in: body
//! project_id:
//!   in: path
//! ```

use speclift_diag::Diagnostic;

use crate::params_yaml::{ParamFile, SECTIONS, with_previous};
use crate::rules::SECTION_ORDER;

pub fn check(file: &ParamFile, out: &mut Vec<Diagnostic>) {
    for ((prev, prev_rank), (entry, rank)) in with_previous(file) {
        if rank >= prev_rank {
            continue;
        }
        out.push(
            Diagnostic::warning(
                file.location(entry.line, 1),
                format!(
                    "section out of order: `{}` is in section `{}`, but the `{}` section already started (see `{}`)",
                    entry.key, SECTIONS[rank], SECTIONS[prev_rank], prev.key
                ),
            )
            .with_code(SECTION_ORDER)
            .with_hint(format!(
                "all parameters in section `{}` should be after section `{}`: move `{}` up (order: header, path, query, body)",
                SECTIONS[prev_rank], SECTIONS[rank], entry.key
            )),
        );
    }
}
