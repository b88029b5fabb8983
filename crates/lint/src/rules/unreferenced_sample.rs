//! SL024 `unreferenced-sample` ([`Rule::UnreferencedSample`](super::Rule)).
//!
//! ## What it does
//! Reports a `.json` file in a `samples` folder of the linted tree that no
//! page's `literalinclude` names.
//!
//! ## Why is this bad?
//! See `speclift rules --explain SL024` (the registry holds the one text).
//!
//! ## Example
//! `samples/orphan.json`, included by no page.

use std::path::PathBuf;

use speclift_diag::{Diagnostic, Location};

use crate::rules::UNREFERENCED_SAMPLE;
use crate::samples::Included;

pub fn check(samples: &[PathBuf], included: &Included, out: &mut Vec<Diagnostic>) {
    for sample in samples.iter().filter(|s| !included.contains(*s)) {
        out.push(
            Diagnostic::warning(
                Location::file_start(sample.as_path()),
                format!("sample `{}` is included by no document", sample.display()),
            )
            .with_code(UNREFERENCED_SAMPLE)
            .with_hint("include it with `.. literalinclude::` where it belongs, or delete it"),
        );
    }
}
