//! SL006 `unused-key` ([`Rule::UnusedKey`](super::Rule)).
//!
//! ## What it does
//! Reports a parameters.yaml entry no table of the linted tree refers to,
//! for each parameters file some table names (a file no table names is
//! not judged).
//!
//! ## Why is this bad?
//! See `speclift rules --explain SL006` (the registry holds the one text).
//!
//! ## Example
//! ```yaml
//! name:
//!   in: body
//! ```
//! with no `- …: name` row anywhere.

use std::collections::BTreeMap;
use std::path::PathBuf;

use speclift_diag::Diagnostic;

use crate::params_yaml::ParamFile;
use crate::rules::UNUSED_KEY;
use crate::tables::Used;

/// Once every page was read: the keys of each file in `used` no table
/// used.
pub fn check(used: &Used, params: &BTreeMap<PathBuf, ParamFile>, out: &mut Vec<Diagnostic>) {
    for (file, keys) in used {
        let Some(params) = params.get(file) else {
            continue;
        };
        for entry in params.entries.iter().filter(|e| !keys.contains(&e.key)) {
            out.push(
                Diagnostic::warning(
                    params.location(entry.line, 1),
                    format!("parameter `{}` is defined but never used", entry.key),
                )
                .with_code(UNUSED_KEY)
                .with_hint("delete it, or fix the table that meant to refer to it"),
            );
        }
    }
}
