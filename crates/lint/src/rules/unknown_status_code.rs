//! SL030 `unknown-status-code` ([`Rule::UnknownStatusCode`](super::Rule)).
//!
//! ## What it does
//! Reports a code of a `rest_status_code` list that the status file the
//! directive names does not define (its least-indented `NNN:` keys).
//!
//! ## Why is this bad?
//! See `speclift rules --explain SL030` (the registry holds the one text).
//!
//! ## Example
//! ```rst
//! .. rest_status_code:: error status.yaml
//!
//!    - 409
//! ```
//! with no `409:` in status.yaml.

use std::collections::BTreeSet;
use std::path::Path;

use speclift_diag::{Diagnostic, Location};

use crate::rules::UNKNOWN_STATUS_CODE;

/// `code`, listed at `at`, against the `codes` the status file at `path`
/// defines.
pub fn check(
    at: &Location,
    code: &str,
    path: &Path,
    codes: &BTreeSet<String>,
    out: &mut Vec<Diagnostic>,
) {
    if codes.contains(code) {
        return;
    }
    out.push(
        Diagnostic::warning(
            at.clone(),
            format!("status code {code} is not defined in `{}`", path.display()),
        )
        .with_code(UNKNOWN_STATUS_CODE)
        .with_hint(format!(
            "add `{code}:` with a `default:` text to {}, or fix the code",
            path.display()
        )),
    );
}
