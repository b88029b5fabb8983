//! SL010 `unknown-parameter-key` ([`Rule::UnknownParameterKey`](super::Rule)).
//!
//! ## What it does
//! Reports a table row whose key the parameters file does not define, at
//! the key, with the closest defined key as the hint (os-api-ref's "No
//! field definition" warning, in its words).
//!
//! ## Why is this bad?
//! See `speclift rules --explain SL010` (the registry holds the one text).
//!
//! ## Example
//! ```rst
//!    - name: nme
//! ```
//! where parameters.yaml defines `name`.

use std::path::Path;

use speclift_diag::Diagnostic;
use speclift_diag::suggest::closest;

use crate::page::{Row, Table};
use crate::params_yaml::{Entry, ParamFile};
use crate::rules::UNKNOWN_KEY;

/// The definition of `row`'s key in the table's parameters file (`file`,
/// read as `params`); reports the row when there is none.
pub fn check<'p>(
    row: &Row,
    table: &Table,
    (file, params): (&Path, &'p ParamFile),
    out: &mut Vec<Diagnostic>,
) -> Option<&'p Entry> {
    if let Some(entry) = params.get(&row.key) {
        return Some(entry);
    }
    let mut at = row.at.clone();
    at.column = row.key_column;
    let keys = params.entries.iter().map(|e| e.key.as_str());
    let hint = match closest(&row.key, keys) {
        Some(k) => format!("did you mean `{k}`?"),
        None => format!("define `{}` in {}", row.key, file.display()),
    };
    out.push(
        Diagnostic::warning(
            at,
            format!(
                "no field definition for `{}` found in `{}`",
                row.key, table.file
            ),
        )
        .with_code(UNKNOWN_KEY)
        .with_hint(hint),
    );
    None
}
