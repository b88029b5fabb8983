//! The rule registry: every finding `speclift lint` can report, with a
//! stable code and the paragraph `speclift lint --explain CODE` prints.
//!
//! Codes are grouped by what they check and never reused:
//! SL001–SL009 parameters.yaml, SL010–SL019 parameter tables,
//! SL020–SL029 samples, SL030–SL039 status codes, SL040–SL049 RST,
//! SL050–SL059 findings of the model reader passed through, SL060–SL069
//! lint configuration.
//!
//! Any rule can be silenced: for one file with a comment line
//! `speclift-lint: ignore SL003, SL006` (`# …` in YAML, `.. …` in RST), or
//! in `.speclift.toml` (see [`crate::config`]) everywhere (`[lint] ignore`)
//! or per glob (`[lint.per-file-ignores]`).

use speclift_diag::Severity;

#[derive(Debug)]
pub struct Rule {
    /// Stable code, e.g. `SL012`.
    pub code: &'static str,
    /// Kebab-case name, e.g. `undocumented-sample-field`.
    pub name: &'static str,
    pub default_severity: Severity,
    /// One line, for listings and SARIF `shortDescription`.
    pub summary: &'static str,
    /// One paragraph: what is wrong, why it matters, how to fix it.
    pub explanation: &'static str,
}

pub const INVALID_IN: &str = "SL001";
pub const SECTION_ORDER: &str = "SL002";
pub const KEY_ORDER: &str = "SL003";
pub const MISSING_FIELD: &str = "SL004";
pub const DUPLICATE_KEY: &str = "SL005";
pub const UNUSED_KEY: &str = "SL006";
pub const UNKNOWN_KEY: &str = "SL010";
pub const MISSING_PATH_PARAM: &str = "SL011";
pub const EXTRA_PATH_PARAM: &str = "SL012";
pub const MISSING_PARAM_FILE: &str = "SL013";
pub const INVALID_PARAM_ENTRY: &str = "SL014";
pub const IN_CONTRADICTS_TABLE: &str = "SL015";
pub const VERSION_CONFLICT: &str = "SL016";
pub const OPERATION_VERSION_UNSTATED: &str = "SL017";
pub const FIELD_NOT_IN_SAMPLES: &str = "SL020";
pub const UNDOCUMENTED_SAMPLE_FIELD: &str = "SL021";
pub const INVALID_SAMPLE_JSON: &str = "SL022";
pub const MISSING_SAMPLE: &str = "SL023";
pub const UNREFERENCED_SAMPLE: &str = "SL024";
pub const UNKNOWN_STATUS_CODE: &str = "SL030";
pub const INVALID_STATUS_CODE: &str = "SL031";
pub const MISSING_RESPONSE_SAMPLE: &str = "SL032";
pub const UNKNOWN_DIRECTIVE: &str = "SL040";
pub const INCLUDE_PROBLEM: &str = "SL041";
pub const BROKEN_LINK: &str = "SL042";
pub const RST_MARKUP: &str = "SL043";
pub const DOCUMENTATION_ERROR: &str = "SL050";
pub const INVALID_CONFIG: &str = "SL060";

static RULES: &[Rule] = &[
    Rule {
        code: INVALID_IN,
        name: "invalid-in",
        default_severity: Severity::Warning,
        summary: "a parameters.yaml entry has an `in` other than header, path, query or body",
        explanation: "Every entry in parameters.yaml says where the parameter travels with `in:`, \
and os-api-ref only knows `header`, `path`, `query` and `body`. Any other value (a typo such as \
`querry`, or `formData`) makes os-api-ref skip the entry's ordering check and leaves readers \
guessing; speclift cannot place the parameter in the generated OpenAPI either. Set `in:` to one of \
the four values.",
    },
    Rule {
        code: SECTION_ORDER,
        name: "section-out-of-order",
        default_severity: Severity::Warning,
        summary: "a parameters.yaml entry is in a section before one already seen",
        explanation: "os-api-ref expects parameters.yaml grouped by `in`, in the order header, path, \
query, body, and warns (\"Section out of order\") when an entry's section comes after a later \
section has started. Keeping the file grouped makes keys easy to find and duplicates easy to spot. \
Move the entry up into the block of its section.",
    },
    Rule {
        code: KEY_ORDER,
        name: "key-out-of-order",
        default_severity: Severity::Warning,
        summary: "parameters.yaml keys are not in alphabetical order within a section",
        explanation: "Within each section of parameters.yaml, os-api-ref expects keys in \
alphabetical order, compared case-insensitively, and warns (\"Parameters out of order\") \
otherwise. Sorted keys keep the file reviewable and make near-duplicate keys (`volume_id`, \
`volume_id_1`) sit side by side. Move the entry to its alphabetical place.",
    },
    Rule {
        code: MISSING_FIELD,
        name: "missing-field",
        default_severity: Severity::Warning,
        summary: "a parameters.yaml entry lacks `in`, `type` or `description`",
        explanation: "A parameter table row shows the entry's `in`, `type` and `description`; an \
entry without one renders an empty cell (os-api-ref fails outright on a missing `in`), and \
speclift cannot type the parameter in the generated OpenAPI. Add the missing fields to the entry.",
    },
    Rule {
        code: DUPLICATE_KEY,
        name: "duplicate-key",
        default_severity: Severity::Warning,
        summary: "a key is defined twice in parameters.yaml",
        explanation: "YAML keeps only the last of two equal keys, so the first definition of a \
duplicated parameters.yaml key is silently ignored: tables show whichever came last, which is \
rarely what the author of the first one meant. Remove one definition, or rename it (os-api-ref \
files use numbered suffixes such as `status_2`).",
    },
    Rule {
        code: UNUSED_KEY,
        name: "unused-key",
        default_severity: Severity::Warning,
        summary: "a parameters.yaml key is never referenced by any parameter table",
        explanation: "A key no `rest_parameters` table refers to documents nothing: it is either \
left over from a removed parameter or the table that should use it refers to a misspelt key. \
Delete the entry, or fix the table that was meant to use it. Only reported when the whole tree \
that uses the parameters file was linted.",
    },
    Rule {
        code: UNKNOWN_KEY,
        name: "unknown-parameter-key",
        default_severity: Severity::Warning,
        summary: "a parameter table refers to a key parameters.yaml does not define",
        explanation: "Each line `- name: key` of a `rest_parameters` table looks `key` up in the \
parameters file; os-api-ref warns \"No field definition for ... found\" and drops the row when \
the key is missing, so the parameter silently vanishes from the published reference. Fix the \
key (speclift suggests the closest defined one) or add the definition.",
    },
    Rule {
        code: MISSING_PATH_PARAM,
        name: "missing-path-parameter",
        default_severity: Severity::Warning,
        summary: "a `{parameter}` of the operation's URL is in none of its tables",
        explanation: "Every `{name}` in a `rest_method` URL must be documented by a row of the \
operation's parameter tables, or readers never learn what it is; os-api-ref warns \"No path \
parameter ... found in rest_parameter stanza\". Add a row `- name: key` whose name matches the \
URL template exactly.",
    },
    Rule {
        code: EXTRA_PATH_PARAM,
        name: "extra-path-parameter",
        default_severity: Severity::Warning,
        summary: "a table lists a path parameter the operation's URL does not have",
        explanation: "A table row whose definition says `in: path` documents a URL segment, but the \
operation's `rest_method` URL has no `{name}` of that name: either the URL or the row name is \
wrong (a renamed template variable), or the row was copied from another operation. Rename the \
row to match the URL template, or remove it.",
    },
    Rule {
        code: MISSING_PARAM_FILE,
        name: "missing-parameters-file",
        default_severity: Severity::Error,
        summary: "a `rest_parameters` directive names a file that does not exist",
        explanation: "`.. rest_parameters:: parameters.yaml` names the file its keys are looked up \
in, relative to the document. When the file is missing, os-api-ref renders an empty table and \
every row of it is lost. Fix the path.",
    },
    Rule {
        code: INVALID_PARAM_ENTRY,
        name: "invalid-parameter-entry",
        default_severity: Severity::Warning,
        summary: "a line of a `rest_parameters` table is not `- name: key`",
        explanation: "The content of a `rest_parameters` directive is a YAML list of one-entry \
mappings, `- name: key`. os-api-ref skips anything else (\"Invalid parameter definition\"), so the \
row is lost. Rewrite the line as `- name: key`.",
    },
    Rule {
        code: IN_CONTRADICTS_TABLE,
        name: "in-contradicts-table",
        default_severity: Severity::Warning,
        summary: "a row's `in` contradicts where its table puts it",
        explanation: "A parameter's definition says where it travels (`in:`), and the table row \
says it again: a table under a Response heading documents the response, which has no path or \
query parameters, and a dotted row name (`volume.status`) is a field nested in the body, which \
cannot travel in a header, the path or the query. Such a row usually reuses a key defined for \
another place (`status` pointing at `status_query`) and is rendered with that place's meaning. Use \
a key defined for the place the row is in. Row order alone is not judged, nor are tables under no \
Request or Response heading.",
    },
    Rule {
        code: VERSION_CONFLICT,
        name: "version-range-conflict",
        default_severity: Severity::Warning,
        summary: "a parameter's microversion range cannot meet its operation's",
        explanation: "A parameter with `min_version`/`max_version` in parameters.yaml exists only in that range of microversions, and an operation with `min_version`/`max_version` on its `rest_method` only in its own. When the parameter's `max_version` is below the operation's `min_version`, or its `min_version` above the operation's `max_version`, the row documents something no client can ever send or receive: usually a key shared by two operations whose versions differ, or a typo in a version (`3.7` for `3.70`). Fix the versions, or give the operation its own key.",
    },
    Rule {
        code: OPERATION_VERSION_UNSTATED,
        name: "operation-version-unstated",
        default_severity: Severity::Warning,
        summary: "every body parameter of an operation has a min_version, the operation none",
        explanation: "An operation whose `rest_method` has no `min_version:` line exists, as documented, from the API's first microversion, and a client may call it without any microversion header. When every body parameter of its request and responses carries a `min_version`, the operation almost certainly appeared at the lowest of them, and a client following the page gets a 404 below it: Cinder's attachments answer 404 without `3.27`. Add `min_version: X` under the `rest_method` line (indented, no blank line between), or, if the operation really is older, document the body it had before.",
    },
    Rule {
        code: FIELD_NOT_IN_SAMPLES,
        name: "field-not-in-samples",
        default_severity: Severity::Warning,
        summary: "a documented body field appears in none of the operation's samples",
        explanation: "A body parameter the table documents should appear in at least one sample \
of the same request or response; when it appears in none, the table and the samples have \
drifted apart, often through a typo in the table (`attachement` for `attachment`), and clients \
copying the table send a field the server ignores. Fix the name (speclift suggests the closest \
sample field) or add the field to a sample.",
    },
    Rule {
        code: UNDOCUMENTED_SAMPLE_FIELD,
        name: "undocumented-sample-field",
        default_severity: Severity::Warning,
        summary: "a sample has a field no table of the operation documents",
        explanation: "Every field of a request or response sample should be documented by a row of \
the matching parameter table; an undocumented field is either missing from the table or left \
over in the sample after a rename. Add a row for it (speclift suggests the closest documented \
name when the table has a near miss) or remove it from the sample.",
    },
    Rule {
        code: INVALID_SAMPLE_JSON,
        name: "invalid-sample-json",
        default_severity: Severity::Warning,
        summary: "an included `.json` sample is not valid JSON",
        explanation: "Samples are what clients copy; a `.json` sample that does not parse (a \
trailing comma, a comment, an ellipsis standing for omitted fields) cannot be sent as is, and \
speclift cannot check it against the tables. Make it valid JSON.",
    },
    Rule {
        code: MISSING_SAMPLE,
        name: "missing-sample",
        default_severity: Severity::Error,
        summary: "a `literalinclude` names a sample file that does not exist",
        explanation: "Sphinx fails or renders nothing for an included sample file that does not \
exist, so the operation loses its example. Fix the path, or add the sample file.",
    },
    Rule {
        code: UNREFERENCED_SAMPLE,
        name: "unreferenced-sample",
        default_severity: Severity::Warning,
        summary: "a sample file in the tree is included by no document",
        explanation: "A `.json` file under a samples folder that no `literalinclude` refers to is \
published nowhere: usually the document that should include it names another file. Include it \
where it belongs, or delete it.",
    },
    Rule {
        code: UNKNOWN_STATUS_CODE,
        name: "unknown-status-code",
        default_severity: Severity::Warning,
        summary: "a listed status code is not defined in the status file the list names",
        explanation: "`.. rest_status_code:: success ../status.yaml` looks each listed code up in the named status file to describe it; a code the file does not define is rendered without a description, and it is often a typo of a code the file does define. Add the code with a `default:` text to the status file, or fix the code.",
    },
    Rule {
        code: INVALID_STATUS_CODE,
        name: "invalid-status-code",
        default_severity: Severity::Warning,
        summary: "a listed status code is not a registered HTTP status code",
        explanation: "Each line of a `rest_status_code` list must be a three-digit HTTP status code registered with IANA (`- 200`, `- 404: reason`). Anything else (`- 4040`, `- 299`, `- 20O`) is a typo that clients cannot match against a real response, and os-api-ref renders it as it is. Fix the code.",
    },
    Rule {
        code: MISSING_RESPONSE_SAMPLE,
        name: "missing-response-sample",
        default_severity: Severity::Warning,
        summary: "a response body is documented by a table but shown by no sample",
        explanation: "When an operation's response table documents body fields, readers expect a response example beside it, and speclift uses it to check the table (SL020, SL021) and to give the OpenAPI response an example. An operation whose success responses have a body table but no sample has usually lost its `literalinclude`, or had it put under a Request heading. Add a response sample under a \"Response Example\" heading.",
    },
    Rule {
        code: UNKNOWN_DIRECTIVE,
        name: "unknown-directive",
        default_severity: Severity::Warning,
        summary: "a directive is not one of docutils, Sphinx or os-api-ref",
        explanation: "Sphinx reports an unknown directive as an error and drops its content, so a misspelt directive (`rest_paramters`) silently loses a whole table or example. Directives of docutils, of Sphinx and its common extensions, of os-api-ref, and any domain directive (`py:function`) are known. Fix the name; for a project-specific extension, silence SL040 in `.speclift.toml`.",
    },
    Rule {
        code: INCLUDE_PROBLEM,
        name: "include-problem",
        default_severity: Severity::Error,
        summary: "an `.. include::` cannot be followed",
        explanation: "`.. include::` splices another file into the page; when the file does not exist, lies outside the document tree, includes itself through a cycle, or uses an option speclift does not support, the included operations are missing from the published page and from the generated OpenAPI. These are the RST reader's own findings. Fix the path (Sphinx resolves it against the document being built, `/x` against the source directory) or break the cycle.",
    },
    Rule {
        code: BROKEN_LINK,
        name: "broken-internal-link",
        default_severity: Severity::Warning,
        summary: "an internal link names no section or label in the tree",
        explanation: "A link `` `text <#anchor>`_ `` must match the anchor of a section title (its lower-cased words joined by `-`, as docutils makes ids) or of a `.. _label:`, and `:ref:` must name a `.. _label:`; otherwise the link leads nowhere. Titles change, links do not follow: fix the link (speclift suggests the closest anchor) or add a label. Only the linted tree is searched, so lint the whole source directory.",
    },
    Rule {
        code: RST_MARKUP,
        name: "rst-markup",
        default_severity: Severity::Warning,
        summary: "the RST reader found a markup problem in a page",
        explanation: "speclift's RST reader reports markup that docutils would also reject or misread: malformed targets, inconsistent title adornments, titles in nested content, tables whose borders do not line up and the like. Sphinx renders such markup differently from what the author meant, and speclift reads it on a best-effort basis. Fix the markup as the hint says.",
    },
    Rule {
        code: DOCUMENTATION_ERROR,
        name: "documentation-error",
        default_severity: Severity::Warning,
        summary: "speclift's model reader reported a problem no other rule covers",
        explanation: "`speclift gen` reads the documentation into its model and reports what it cannot read as written (a `rest_method` without a path, an example it cannot place, a status code missing from status.yaml, …). `speclift lint` passes those findings on under this code, unless a more specific rule already reported on the same line, so lint never says less than gen. The message and hint say what to fix.",
    },
    Rule {
        code: INVALID_CONFIG,
        name: "invalid-config",
        default_severity: Severity::Error,
        summary: "`.speclift.toml` cannot be read or names an unknown rule",
        explanation: "`.speclift.toml` beside (or above) the linted tree configures lint: `[lint] ignore = [\"SL006\"]` silences rules everywhere, and `[lint.per-file-ignores]` maps a glob relative to the config file to codes silenced in matching files. A file that is not TOML, has keys of the wrong type, or names a code no rule has silences nothing it was meant to. Fix the file; `speclift lint --explain CODE` lists what a code means.",
    },
];

/// Every rule, in code order.
pub fn rules() -> &'static [Rule] {
    RULES
}

/// The rule with `code` (case-insensitive: `sl012` works too).
pub fn explain(code: &str) -> Option<&'static Rule> {
    RULES
        .iter()
        .find(|r| r.code.eq_ignore_ascii_case(code.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_sorted_and_explained() {
        let codes: Vec<_> = rules().iter().map(|r| r.code).collect();
        let mut sorted = codes.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(codes, sorted);
        for r in rules() {
            assert!(r.code.len() == 5 && r.code.starts_with("SL"), "{}", r.code);
            assert!(
                r.explanation.len() > 100,
                "{} explanation too short",
                r.code
            );
            assert!(
                !r.explanation.contains('\n'),
                "{} explanation is one paragraph",
                r.code
            );
            assert!(
                r.name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                r.name
            );
        }
    }

    #[test]
    fn explain_finds_codes_case_insensitively() {
        assert_eq!(
            explain("sl010").map(|r| r.name),
            Some("unknown-parameter-key")
        );
        assert!(explain("SL999").is_none());
    }
}
