//! SL014 `invalid-parameter-entry` ([`Rule::InvalidParameterEntry`](super::Rule)).
//!
//! ## What it does
//! Reports a content line of a `rest_parameters` table that is not a
//! `- name: key` row.
//!
//! ## Why is this bad?
//! See `speclift rules --explain SL014` (the registry holds the one text).
//!
//! ## Example
//! ```rst
//! .. rest_parameters:: parameters.yaml
//!
//!    - project_id
//! ```

use speclift_diag::Diagnostic;

use crate::page::Table;
use crate::rules::INVALID_PARAM_ENTRY;

pub fn check(table: &Table, out: &mut Vec<Diagnostic>) {
    for (at, text) in &table.invalid {
        out.push(
            Diagnostic::warning(at.clone(), format!("invalid parameter definition `{text}`"))
                .with_code(INVALID_PARAM_ENTRY)
                .with_hint("write each row as `- name: key`"),
        );
    }
}
