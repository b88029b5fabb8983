//! SL004 `missing-field` ([`Rule::MissingField`](super::Rule)).
//!
//! ## What it does
//! Reports a parameters.yaml entry (not an inline `{…}` one) without
//! `in`, `type` or `description` (or with an empty `in`).
//!
//! ## Why is this bad?
//! See `speclift rules --explain SL004` (the registry holds the one text).
//!
//! ## Example
//! ```yaml
//! name:
//!   in: body
//!   required: true
//! ```
//! (no `type`, no `description`).

use speclift_diag::Diagnostic;

use crate::params_yaml::ParamFile;
use crate::rules::MISSING_FIELD;

pub fn check(file: &ParamFile, out: &mut Vec<Diagnostic>) {
    for entry in file.entries.iter().filter(|e| !e.inline) {
        let missing: Vec<_> = ["in", "type", "description"]
            .into_iter()
            .filter(|f| {
                entry
                    .field(f)
                    .is_none_or(|v| v.value.is_empty() && *f == "in")
            })
            .collect();
        if missing.is_empty() {
            continue;
        }
        let list = missing
            .iter()
            .map(|m| format!("`{m}`"))
            .collect::<Vec<_>>()
            .join(", ");
        out.push(
            Diagnostic::warning(
                file.location(entry.line, 1),
                format!("parameter `{}` has no {list}", entry.key),
            )
            .with_code(MISSING_FIELD)
            .with_hint(format!("add {list} to the entry")),
        );
    }
}
