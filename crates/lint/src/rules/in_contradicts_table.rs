//! SL015 `in-contradicts-table` ([`Rule::InContradictsTable`](super::Rule)).
//!
//! ## What it does
//! Reports a row whose definition's `in:` cannot be where the table puts
//! it: a path or query parameter in a response table, or a dotted (nested
//! body) name defined in a header, the path or the query.
//!
//! ## Why is this bad?
//! See `speclift rules --explain SL015` (the registry holds the one text).
//!
//! ## Example
//! ```rst
//! Response Parameters
//! -------------------
//!
//! .. rest_parameters:: parameters.yaml
//!
//!    - status: status_query
//! ```
//! with `status_query` defined `in: query`.

use speclift_diag::Diagnostic;

use crate::page::{Role, Row, Table};
use crate::rules::IN_CONTRADICTS_TABLE;

/// Why a row defined `in: place` cannot be where the table puts it: a
/// response has no path or query parameters, and a dotted row name
/// (`volume.status`) is a field nested in the body, so it cannot travel in
/// a header, the path or the query. Ordering alone is not judged
/// (upstream tables often list path rows after body rows), nor are tables
/// under no Request/Response heading.
fn misplaced(role: Option<Role>, place: &str, name: &str) -> Option<&'static str> {
    if matches!(place, "header" | "path" | "query") && name.contains('.') {
        return Some("its dotted name makes it a field nested in the body");
    }
    match (role?, place) {
        (Role::Response, "path" | "query") => Some("it is listed in a response table"),
        _ => None,
    }
}

/// Whether `row`, defined `in: place`, is misplaced in `table`; reports it
/// when it is.
pub fn check(row: &Row, table: &Table, place: &str, out: &mut Vec<Diagnostic>) -> bool {
    let Some(why) = misplaced(table.role, place, &row.name) else {
        return false;
    };
    out.push(
        Diagnostic::warning(
            row.at.clone(),
            format!("`{}` is defined with `in: {place}` but {why}", row.name),
        )
        .with_code(IN_CONTRADICTS_TABLE)
        .with_hint(format!(
            "use a key defined with `in: body` for this field (not `{}`)",
            row.key
        )),
    );
    true
}
