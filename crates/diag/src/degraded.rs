//! Codes of the warnings where `gen` degrades one element instead of
//! failing the API: what os-api-ref's Sphinx build tolerates is a warning
//! here too, and it costs only the element it touches. `gen` counts these
//! in its summary line; `gen --deny warnings` fails on them. The codes are
//! those of the registry ([`crate::rules`]), named here for the readers.

use crate::rules::Rule;

/// A method other than OpenAPI 3.1's eight: the operation is written under
/// the path item's `x-oai-additionalOperations` (3.2: `additionalOperations`).
pub const EXTENSION_METHOD: &str = Rule::ExtensionMethod.code();
/// A sample read as JSON only after removing comments or trailing commas.
pub const LENIENT_SAMPLE: &str = Rule::LenientSample.code();
/// A sample that is not JSON, kept as written in the operation description.
pub const VERBATIM_SAMPLE: &str = Rule::VerbatimSample.code();
/// A referenced file found only beside the including `.inc`, not where
/// Sphinx looks (the folder of the document being built).
pub const BESIDE_THE_INCLUDE: &str = Rule::BesideTheInclude.code();
/// A parameters.yaml field that cannot be used (wrong shape, invalid `in`,
/// `required` or version): that field is dropped, the rest kept. A key
/// defined twice differently keeps its last definition, as PyYAML does.
pub const PARAMETER_FIELD: &str = Rule::ParameterField.code();
/// An invalid path template, written as the nearest valid one.
pub const PATH_TEMPLATE: &str = Rule::PathTemplate.code();

/// An operation OpenAPI cannot hold at all (its method is not a token,
/// e.g. `GET/PUT`): left out, the rest of the API written.
pub const OPERATION_LEFT_OUT: &str = Rule::OperationLeftOut.code();

/// A referenced file that does not exist (an include, a sample, a
/// parameter or status file): Sphinx and os-api-ref warn and render
/// without it, so only what it would have added is missing.
pub const MISSING_FILE: &str = Rule::MissingFile.code();
/// A `rest_parameters` key parameters.yaml does not define: os-api-ref
/// skips the row with a warning, and so does the spec.
pub const UNDEFINED_PARAMETER: &str = Rule::UndefinedParameter.code();

/// Whether `code` is one of the codes above.
pub fn is_degradation(code: Option<&str>) -> bool {
    code.is_some_and(|c| c.starts_with("SD"))
}
