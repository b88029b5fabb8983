//! SL031 `invalid-status-code` ([`Rule::InvalidStatusCode`](super::Rule)).
//!
//! ## What it does
//! Reports an item of a `rest_status_code` list that is not a registered
//! three-digit HTTP status code.
//!
//! ## Why is this bad?
//! See `speclift rules --explain SL031` (the registry holds the one text).
//!
//! ## Example
//! ```rst
//! .. rest_status_code:: success status.yaml
//!
//!    - 299
//! ```

use speclift_diag::{Diagnostic, Location};

use crate::rules::INVALID_STATUS_CODE;
use crate::status::is_registered;

/// Whether `code` (listed at `at`) is a registered status code; reports it
/// when it is not.
pub fn check(at: &Location, code: &str, out: &mut Vec<Diagnostic>) -> bool {
    let number = code
        .parse::<u16>()
        .ok()
        .filter(|_| code.len() == 3 && code.bytes().all(|b| b.is_ascii_digit()));
    if number.is_some_and(is_registered) {
        return true;
    }
    out.push(
        Diagnostic::warning(at.clone(), format!("`{code}` is not an HTTP status code"))
            .with_code(INVALID_STATUS_CODE)
            .with_hint("use a registered three-digit code (200, 202, 404, …); check for a typo"),
    );
    false
}
