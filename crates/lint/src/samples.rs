//! Sample-file rules that need no model: included files exist, parse, and
//! every sample in a `samples` folder is included somewhere.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use speclift_diag::{Diagnostic, Location};

use crate::page::Page;
use crate::rules::{INVALID_SAMPLE_JSON, MISSING_SAMPLE, UNREFERENCED_SAMPLE};
use crate::tree::{Files, referenced};

pub fn is_sample_file(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "json")
        && path
            .parent()
            .into_iter()
            .flat_map(Path::components)
            .any(|c| c.as_os_str() == "samples")
}

/// Checks the page's includes; returns the files they name.
pub fn check_includes(
    page: &Page,
    root: &Path,
    files: &mut Files,
    out: &mut Vec<Diagnostic>,
) -> BTreeSet<PathBuf> {
    let mut included = BTreeSet::new();
    for include in &page.includes {
        let path = referenced(&page.path, &include.target, root);
        included.insert(path.clone());
        let Some(text) = files.read(&path) else {
            out.push(
                Diagnostic::error(
                    include.at.clone(),
                    format!("included file `{}` not found", path.display()),
                )
                .with_code(MISSING_SAMPLE)
                .with_hint("fix the path; it is relative to this document"),
            );
            continue;
        };
        if path.extension().is_some_and(|e| e == "json")
            && let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(&text)
        {
            let line = u32::try_from(e.line()).unwrap_or(u32::MAX).max(1);
            let column = u32::try_from(e.column()).unwrap_or(u32::MAX).max(1);
            out.push(
                Diagnostic::warning(
                    Location::new(path.as_path(), line, column),
                    format!("sample is not valid JSON: {e}"),
                )
                .with_code(INVALID_SAMPLE_JSON)
                .with_hint(format!("make it valid JSON (included from {})", include.at)),
            );
        }
    }
    included
}

pub fn check_unreferenced(
    samples: &[PathBuf],
    included: &BTreeSet<PathBuf>,
    out: &mut Vec<Diagnostic>,
) {
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
