//! SL017 `operation-version-unstated` ([`Rule::OperationVersionUnstated`](super::Rule)).
//!
//! ## What it does
//! On the model: reports an operation that states no `min_version` while
//! every body parameter it documents has one, naming the lowest.
//!
//! ## Why is this bad?
//! See `speclift rules --explain SL017` (the registry holds the one text).
//!
//! ## Example
//! ```yaml
//! name:
//!   in: body
//!   min_version: 3.27
//! ```
//! the only body parameter of a `rest_method` without `min_version`.

use speclift_diag::Diagnostic;
use speclift_model::Operation;

use super::operation_label as label;
use crate::rules::OPERATION_VERSION_UNSTATED;

/// SL017: no `min_version` on the operation, one on every body parameter.
pub fn check(op: &Operation, out: &mut Vec<Diagnostic>) {
    if op.microversions.min.is_some() {
        return;
    }
    let mut body = op
        .request
        .body
        .iter()
        .chain(op.responses.iter().flat_map(|r| &r.body))
        .peekable();
    if body.peek().is_none() {
        return;
    }
    let mins: Option<Vec<_>> = body.map(|p| p.microversions.min).collect();
    let Some(lowest) = mins.and_then(|m| m.into_iter().min()) else {
        return;
    };
    out.push(
        Diagnostic::warning(
            op.location.clone(),
            format!(
                "`{}` states no min_version, but every body parameter it documents starts at {lowest} or later: below it the page documents no body (or no operation)",
                label(op)
            ),
        )
        .with_code(OPERATION_VERSION_UNSTATED)
        .with_hint(format!(
            "add `min_version: {lowest}` on the line under the `rest_method` (indented, no blank line), or document the body the operation has before {lowest}"
        )),
    );
}
