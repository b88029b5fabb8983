//! SL011 `missing-path-parameter` ([`Rule::MissingPathParameter`](super::Rule)).
//!
//! ## What it does
//! Reports a `{name}` of a `rest_method` URL that no row of the
//! operation's tables names (os-api-ref's check, in its words), at the
//! `rest_method`, where gen reports the same judgment.
//!
//! ## Why is this bad?
//! See `speclift rules --explain SL011` (the registry holds the one text).
//!
//! ## Example
//! ```rst
//! .. rest_method:: POST /v3/{project_id}/things
//! ```
//! with no `- project_id: …` row.

use std::collections::BTreeSet;

use speclift_diag::Diagnostic;

use crate::page::Method;
use crate::rules::MISSING_PATH_PARAM;

/// os-api-ref: every `{name}` of the URL must be a row name.
pub fn check(method: &Method, out: &mut Vec<Diagnostic>) {
    let names: BTreeSet<&str> = method
        .tables
        .iter()
        .flat_map(|t| t.rows.iter().map(|r| r.name.as_str()))
        .collect();
    // At the `rest_method`, where gen reports the same judgment (SL011),
    // so the two are recognised as one and reported once.
    let at = &method.at;
    for param in method.path_params() {
        if names.contains(param.as_str()) {
            continue;
        }
        let hint = if method.tables.is_empty() {
            format!("add a `rest_parameters` table with a row `- {param}: <key>`")
        } else {
            format!("add a row `- {param}: <key>` to the request table")
        };
        out.push(
            Diagnostic::warning(
                at.clone(),
                format!("no path parameter `{param}` found in rest_parameter stanza"),
            )
            .with_code(MISSING_PATH_PARAM)
            .with_hint(hint),
        );
    }
}
