//! SL003 `key-out-of-order` ([`Rule::KeyOutOfOrder`](super::Rule)).
//!
//! ## What it does
//! Reports a parameters.yaml entry that sorts (case-insensitively) before
//! the last valid entry of the same section above it, as os-api-ref does.
//!
//! ## Why is this bad?
//! See `speclift rules --explain SL003` (the registry holds the one text).
//!
//! ## Example
//! ```yaml
//! name:
//!   in: body
//! id:
//!   in: body
//! ```

use speclift_diag::Diagnostic;

use crate::params_yaml::{ParamFile, SECTIONS, with_previous};
use crate::rules::KEY_ORDER;

pub fn check(file: &ParamFile, out: &mut Vec<Diagnostic>) {
    for ((prev, prev_rank), (entry, rank)) in with_previous(file) {
        if rank != prev_rank || entry.key.to_lowercase() >= prev.key.to_lowercase() {
            continue;
        }
        out.push(
            Diagnostic::warning(
                file.location(entry.line, 1),
                format!(
                    "parameters out of order: `{}` should be after `{}`",
                    prev.key, entry.key
                ),
            )
            .with_code(KEY_ORDER)
            .with_hint(format!(
                "sort the `{}` section alphabetically (case-insensitive)",
                SECTIONS[rank]
            )),
        );
    }
}
