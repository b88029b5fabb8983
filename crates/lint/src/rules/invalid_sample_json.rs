//! SL022 `invalid-sample-json` ([`Rule::InvalidSampleJson`](super::Rule)).
//!
//! ## What it does
//! Parses every included `.json` sample strictly and reports where the
//! parser stops.
//!
//! ## Why is this bad?
//! See `speclift rules --explain SL022` (the registry holds the one text).
//!
//! ## Example
//! ```json
//! {"name": "a",}
//! ```

use std::path::Path;

use speclift_diag::{Diagnostic, Location};

use crate::page::Include;
use crate::rules::INVALID_SAMPLE_JSON;

/// The sample at `path` (with `text`), included by `include`.
pub fn check(include: &Include, path: &Path, text: &str, out: &mut Vec<Diagnostic>) {
    if path.extension().is_none_or(|e| e != "json") {
        return;
    }
    let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(text) else {
        return;
    };
    let line = u32::try_from(e.line()).unwrap_or(u32::MAX).max(1);
    let column = u32::try_from(e.column()).unwrap_or(u32::MAX).max(1);
    out.push(
        Diagnostic::warning(
            Location::new(path, line, column),
            format!("sample is not valid JSON: {e}"),
        )
        .with_code(INVALID_SAMPLE_JSON)
        .with_hint(format!("make it valid JSON (included from {})", include.at)),
    );
}
