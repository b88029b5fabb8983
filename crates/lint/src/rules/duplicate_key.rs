//! SL005 `duplicate-key` ([`Rule::DuplicateKey`](super::Rule)).
//!
//! ## What it does
//! Reports a parameters.yaml key defined a second time (a YAML parser
//! keeps only the last; this scanner sees both).
//!
//! ## Why is this bad?
//! See `speclift rules --explain SL005` (the registry holds the one text).
//!
//! ## Example
//! ```yaml
//! name:
//!   in: body
//! name:
//!   in: query
//! ```

use std::collections::HashMap;

use speclift_diag::Diagnostic;

use crate::params_yaml::{Entry, ParamFile};
use crate::rules::DUPLICATE_KEY;

pub fn check(file: &ParamFile, out: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, &Entry> = HashMap::new();
    for entry in &file.entries {
        match seen.get(entry.key.as_str()) {
            Some(first) => out.push(
                Diagnostic::warning(
                    file.location(entry.line, 1),
                    format!(
                        "parameter `{}` is already defined on line {}",
                        entry.key, first.line
                    ),
                )
                .with_code(DUPLICATE_KEY)
                .with_hint("remove one definition or rename it; YAML keeps only the last"),
            ),
            None => {
                seen.insert(&entry.key, entry);
            }
        }
    }
}
