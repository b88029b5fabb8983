//! SL012 `extra-path-parameter` ([`Rule::ExtraPathParameter`](super::Rule)).
//!
//! ## What it does
//! Reports a row defined `in: path` whose name is no `{name}` of the
//! operation's URL, with the closest URL variable as the hint.
//!
//! ## Why is this bad?
//! See `speclift rules --explain SL012` (the registry holds the one text).
//!
//! ## Example
//! ```rst
//! .. rest_method:: GET /v3/{project_id}/things/{thing_id}
//!
//! .. rest_parameters:: parameters.yaml
//!
//!    - id: thing_id_path
//! ```

use speclift_diag::Diagnostic;
use speclift_diag::suggest::closest;

use crate::page::{Method, Row};
use crate::rules::EXTRA_PATH_PARAM;

/// `row`, defined `in: path`, against the variables of `method`'s URL
/// (`url_params`).
pub fn check(row: &Row, method: &Method, url_params: &[String], out: &mut Vec<Diagnostic>) {
    if url_params.contains(&row.name) {
        return;
    }
    let hint = match closest(&row.name, url_params.iter().map(String::as_str)) {
        Some(p) => format!("did you mean `{p}`? The URL is `{}`", method.url),
        None => format!("the URL `{}` has no `{{{}}}`", method.url, row.name),
    };
    out.push(
        Diagnostic::warning(
            row.at.clone(),
            format!("path parameter `{}` is not in the URL", row.name),
        )
        .with_code(EXTRA_PATH_PARAM)
        .with_hint(hint),
    );
}
