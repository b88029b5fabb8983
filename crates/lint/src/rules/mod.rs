//! Lint's names for the rules of the one registry
//! ([`speclift_diag::rules`]): every finding `speclift lint` can report
//! carries a registered code, and gen reports the same code where it
//! judges the same thing.
//!
//! As ruff's `codes.rs`: this module is the table, and every lint rule
//! (but SL050 and SL060, below) has one file here named after it, holding
//! its check with a
//! `## What it does / ## Why is this bad? / ## Example` comment. The
//! explanation itself stays in the registry ([`Rule::explanation`]), the
//! one text `speclift rules --explain`, `docs/rules.md` and SARIF print:
//! the registry lives in `speclift-diag`, below gen as well as lint
//! (the model and gen's emitter report SL0xx codes too), so a rule file
//! cannot feed it; the rule file names the code instead.
//!
//! The grouped modules beside this one only walk what the rules of their
//! files judge: `params_yaml` (SL001–SL005), `tables` (SL006,
//! SL010–SL015), `samples` (SL022–SL024), `status` (SL030, SL031) and
//! `drift` (SL020, SL021, which pair a documented field and its likely
//! typo in a sample into one finding). SL050 is the model's
//! findings passed on ([`crate::lint_paths_with`]), SL060 `config`.
//!
//! Any rule can be silenced: for one file with a comment line
//! `speclift-lint: ignore SL003, SL006` (`# …` in YAML, `.. …` in RST), or
//! in `.speclift.toml` (see [`crate::config`]) everywhere (`[lint] ignore`)
//! or per glob (`[lint.per-file-ignores]`).

pub use speclift_diag::Rule;

pub mod broken_internal_link;
pub mod duplicate_key;
pub mod extra_path_parameter;
pub mod field_not_in_samples;
pub mod in_contradicts_table;
pub mod include_problem;
pub mod invalid_in;
pub mod invalid_parameter_entry;
pub mod invalid_sample_json;
pub mod invalid_status_code;
pub mod key_out_of_order;
pub mod missing_field;
pub mod missing_parameters_file;
pub mod missing_path_parameter;
pub mod missing_response_sample;
pub mod missing_sample;
pub mod operation_version_unstated;
pub mod rst_markup;
pub mod section_out_of_order;
pub mod undocumented_sample_field;
pub mod unknown_directive;
pub mod unknown_parameter_key;
pub mod unknown_status_code;
pub mod unreferenced_sample;
pub mod unused_key;
pub mod version_range_conflict;

use speclift_diag::Diagnostic;
use speclift_model::{Api, Operation};

/// The rules on whole operations (read from the model), per operation in
/// this order.
pub fn check_operations(api: &Api, out: &mut Vec<Diagnostic>) {
    for op in &api.operations {
        version_range_conflict::check(op, out);
        operation_version_unstated::check(op, out);
        missing_response_sample::check(op, out);
    }
}

/// `POST /v3/things`, as findings about an operation name it.
fn operation_label(op: &Operation) -> String {
    format!("{} {}", op.method.as_str(), op.path)
}

pub const INVALID_IN: &str = Rule::InvalidIn.code();
pub const SECTION_ORDER: &str = Rule::SectionOutOfOrder.code();
pub const KEY_ORDER: &str = Rule::KeyOutOfOrder.code();
pub const MISSING_FIELD: &str = Rule::MissingField.code();
pub const DUPLICATE_KEY: &str = Rule::DuplicateKey.code();
pub const UNUSED_KEY: &str = Rule::UnusedKey.code();
pub const UNKNOWN_KEY: &str = Rule::UnknownParameterKey.code();
pub const MISSING_PATH_PARAM: &str = Rule::MissingPathParameter.code();
pub const EXTRA_PATH_PARAM: &str = Rule::ExtraPathParameter.code();
pub const MISSING_PARAM_FILE: &str = Rule::MissingParametersFile.code();
pub const INVALID_PARAM_ENTRY: &str = Rule::InvalidParameterEntry.code();
pub const IN_CONTRADICTS_TABLE: &str = Rule::InContradictsTable.code();
pub const VERSION_CONFLICT: &str = Rule::VersionRangeConflict.code();
pub const OPERATION_VERSION_UNSTATED: &str = Rule::OperationVersionUnstated.code();
pub const FIELD_NOT_IN_SAMPLES: &str = Rule::FieldNotInSamples.code();
pub const UNDOCUMENTED_SAMPLE_FIELD: &str = Rule::UndocumentedSampleField.code();
pub const INVALID_SAMPLE_JSON: &str = Rule::InvalidSampleJson.code();
pub const MISSING_SAMPLE: &str = Rule::MissingSample.code();
pub const UNREFERENCED_SAMPLE: &str = Rule::UnreferencedSample.code();
pub const UNKNOWN_STATUS_CODE: &str = Rule::UnknownStatusCode.code();
pub const INVALID_STATUS_CODE: &str = Rule::InvalidStatusCode.code();
pub const MISSING_RESPONSE_SAMPLE: &str = Rule::MissingResponseSample.code();
pub const UNKNOWN_DIRECTIVE: &str = Rule::UnknownDirective.code();
pub const INCLUDE_PROBLEM: &str = Rule::IncludeProblem.code();
pub const BROKEN_LINK: &str = Rule::BrokenInternalLink.code();
pub const RST_MARKUP: &str = Rule::RstMarkup.code();
pub const DOCUMENTATION_ERROR: &str = Rule::DocumentationError.code();
pub const INVALID_CONFIG: &str = Rule::InvalidConfig.code();

/// Every rule of the registry, in code order (degradations first).
pub fn rules() -> &'static [Rule] {
    Rule::ALL
}

/// The rule with `code` (case-insensitive: `sl012` works too).
pub fn explain(code: &str) -> Option<Rule> {
    Rule::from_code(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each rule file is named after its rule, names the code and the
    /// registry's name on its first line, and has ruff's three sections;
    /// no code has two files. Every lint rule but SL050 (the model's
    /// findings passed on) and SL060 (`config`) has one.
    #[test]
    fn one_file_per_rule_named_after_it() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules");
        let mut codes = Vec::new();
        for entry in std::fs::read_dir(&dir).expect("rules dir") {
            let path = entry.expect("entry").path();
            let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
            if stem == "mod" {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("rule file");
            let first = text.lines().next().unwrap_or("");
            let code = first
                .strip_prefix("//! ")
                .and_then(|r| r.split_whitespace().next())
                .unwrap_or("");
            let rule = Rule::from_code(code).unwrap_or_else(|| panic!("{stem}: `{first}`"));
            assert_eq!(rule.name().replace('-', "_"), stem, "{first}");
            assert!(first.contains(&format!("`{}`", rule.name())), "{first}");
            assert!(first.contains(&format!("[`Rule::{rule:?}`]")), "{first}");
            for section in ["## What it does", "## Why is this bad?", "## Example"] {
                assert!(
                    text.contains(&format!("//! {section}\n")),
                    "{stem}: {section}"
                );
            }
            assert!(text.contains("pub fn check"), "{stem} has no check");
            codes.push(rule.code());
        }
        codes.sort_unstable();
        assert_eq!(
            codes,
            [
                "SL001", "SL002", "SL003", "SL004", "SL005", "SL006", "SL010", "SL011", "SL012",
                "SL013", "SL014", "SL015", "SL016", "SL017", "SL020", "SL021", "SL022", "SL023",
                "SL024", "SL030", "SL031", "SL032", "SL040", "SL041", "SL042", "SL043",
            ]
        );
    }

    #[test]
    fn explain_finds_codes_case_insensitively() {
        assert_eq!(
            explain("sl010").map(Rule::name),
            Some("unknown-parameter-key")
        );
        assert!(explain("SL999").is_none());
    }
}
