//! SL013 `missing-parameters-file` ([`Rule::MissingParametersFile`](super::Rule)).
//!
//! ## What it does
//! Reports a `rest_parameters` table whose parameters file does not exist
//! (relative to the page, `/x` to the source directory).
//!
//! ## Why is this bad?
//! See `speclift rules --explain SL013` (the registry holds the one text).
//!
//! ## Example
//! ```rst
//! .. rest_parameters:: parameter.yaml
//! ```
//! where the file is `parameters.yaml`.

use std::path::Path;

use speclift_diag::Diagnostic;

use crate::page::Table;
use crate::params_yaml::ParamFile;
use crate::rules::MISSING_PARAM_FILE;

/// The parameters file of `table` (at `file`), when it was read; reports
/// it when it was not.
pub fn check<'p>(
    table: &Table,
    file: &Path,
    params: Option<&'p ParamFile>,
    out: &mut Vec<Diagnostic>,
) -> Option<&'p ParamFile> {
    if params.is_none() {
        out.push(
            Diagnostic::error(
                table.at.clone(),
                format!("parameters file `{}` not found", file.display()),
            )
            .with_code(MISSING_PARAM_FILE)
            .with_hint("fix the path; it is relative to this document"),
        );
    }
    params
}
