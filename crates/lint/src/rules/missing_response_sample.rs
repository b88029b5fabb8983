//! SL032 `missing-response-sample` ([`Rule::MissingResponseSample`](super::Rule)).
//!
//! ## What it does
//! On the model: reports an operation whose success response has a body
//! table but no response sample under any success code.
//!
//! ## Why is this bad?
//! See `speclift rules --explain SL032` (the registry holds the one text).
//!
//! ## Example
//! ```rst
//! Response Parameters
//! -------------------
//!
//! .. rest_parameters:: parameters.yaml
//!
//!    - id: id
//! ```
//! and no `.. literalinclude::` under a "Response Example" heading.

use speclift_diag::Diagnostic;
use speclift_model::Operation;

use super::operation_label as label;
use crate::rules::MISSING_RESPONSE_SAMPLE;

pub fn check(op: &Operation, out: &mut Vec<Diagnostic>) {
    let success = || op.responses.iter().filter(|r| r.status.success);
    let Some(with_body) = success().find(|r| !r.body.is_empty()) else {
        return;
    };
    if success().any(|r| !r.samples.is_empty()) {
        return;
    }
    let table = with_body.body.first().map(|p| &p.location);
    let at = if with_body.status.location == op.location {
        table.unwrap_or(&op.location)
    } else {
        &with_body.status.location
    };
    let from = table.map_or_else(String::new, |t| format!(" (table at line {})", t.line));
    out.push(
        Diagnostic::warning(
            at.clone(),
            format!(
                "`{}` documents a {} response body{from} but shows no response sample",
                label(op),
                with_body.status.code
            ),
        )
        .with_code(MISSING_RESPONSE_SAMPLE)
        .with_hint(
            "add a `.. literalinclude::` of a response sample under a \"Response Example\" heading",
        ),
    );
}
