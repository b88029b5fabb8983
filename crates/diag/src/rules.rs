//! The one registry of diagnostic codes: every diagnostic any speclift
//! command reports (gen, lint, diff, check's spec loading) carries the code
//! of one [`Rule`] listed here, with its kebab-case name, default severity,
//! one-line summary and the paragraph `speclift rules --explain CODE`
//! prints. `docs/rules.md` is generated from this table (`cargo xtask
//! rules`), and configuration (`.speclift.toml`, `--select`, `--ignore`)
//! names these codes.
//!
//! Codes are never reused. `SD…` are the degradations: what os-api-ref's
//! own build tolerates with a warning, costing only the element it touches
//! (`gen` counts them in its summary). `SL…` are grouped by what they
//! judge: SL001–SL009 parameters.yaml, SL010–SL019 parameter tables and
//! `rest_method`, SL020–SL029 samples, SL030–SL039 status codes,
//! SL040–SL049 RST and input files, SL050–SL059 the model reader's other
//! findings, SL060–SL069 configuration, SL070–SL079 schema inference
//! (gen's emitter), SL080–SL089 the Synnefo dialect, SL090–SL099 reading
//! generated specs (diff, check). Where gen and lint judge the same thing
//! they report the same code.

use crate::Severity;

macro_rules! rules {
    ($($variant:ident = $code:literal, $name:literal, $severity:ident, $summary:literal, $explanation:literal;)*) => {
        /// One rule: a stable code and what it means.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule {
            $($variant,)*
        }

        impl Rule {
            /// Every rule, degradations (`SD…`) first, each family in code order.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant,)*];

            /// The stable code, e.g. `SL012`.
            pub const fn code(self) -> &'static str {
                match self {
                    $(Rule::$variant => $code,)*
                }
            }

            /// The kebab-case name, e.g. `extra-path-parameter`.
            pub const fn name(self) -> &'static str {
                match self {
                    $(Rule::$variant => $name,)*
                }
            }

            /// The severity the rule reports at unless configured otherwise.
            pub const fn default_severity(self) -> Severity {
                match self {
                    $(Rule::$variant => Severity::$severity,)*
                }
            }

            /// One line, for listings and SARIF `shortDescription`.
            pub const fn summary(self) -> &'static str {
                match self {
                    $(Rule::$variant => $summary,)*
                }
            }

            /// One paragraph: what is wrong, why it matters, how to fix it.
            pub const fn explanation(self) -> &'static str {
                match self {
                    $(Rule::$variant => $explanation,)*
                }
            }
        }
    };
}

rules! {
    ExtensionMethod = "SD001", "extension-method", Warning,
        "an operation's method is not one of OpenAPI 3.1's eight",
        "OpenAPI 3.1 has eight methods (GET, PUT, POST, DELETE, OPTIONS, HEAD, PATCH, TRACE); os-api-ref renders any method token. An operation on another method (Swift's `COPY`) is written under its path item's registered `x-oai-additionalOperations` extension (with `gen --openapi 3.2`, under `additionalOperations`), so tools that know only the eight skip it. Nothing to fix when the service really uses the method; generate OpenAPI 3.2 for tools that read `additionalOperations`.";
    LenientSample = "SD002", "lenient-sample", Warning,
        "a sample is JSON only after removing comments or trailing commas",
        "A `literalinclude`d JSON sample with trailing commas or `//` comments renders in os-api-ref but is not JSON: clients copying it get a parse error. speclift reads it without them, so the example and the inferred schema survive. Remove the trailing commas and comments from the sample.";
    VerbatimSample = "SD003", "verbatim-sample", Warning,
        "a sample is not JSON and is kept as written in the description",
        "A sample that is not JSON (`...` elisions, XML, a curl command line, a headers-only HTTP transcript) cannot be an OpenAPI example nor a source of schema: it is kept as written in the operation's description and the body schema comes from the parameter tables alone. Make the sample valid JSON, or mark a non-JSON example with its `:language:`.";
    BesideTheInclude = "SD004", "beside-the-include", Warning,
        "a referenced file is found only beside the including `.inc`",
        "Sphinx resolves an include, sample or parameter file against the folder of the document being built, not of the `.inc` that names it. A file found only beside the including `.inc` works here but breaks when another document includes that `.inc`. Write the path relative to the document being built, or `/path` from the source directory.";
    ParameterField = "SD005", "parameter-field", Warning,
        "a parameters.yaml field cannot be used and is dropped",
        "A parameters.yaml field of the wrong shape (a list where a scalar belongs), an invalid `in`, a `required` that is not a boolean, a microversion bound that is not MAJOR.MINOR, or a key defined twice differently costs only that field (or, for `in`, that parameter): the rest of the entry is kept, as os-api-ref renders it. Fix the field as the hint says.";
    PathTemplate = "SD006", "path-template", Warning,
        "an invalid path template is written as the nearest valid one",
        "OpenAPI path templates name each `{parameter}` once, closed and non-empty. A `rest_method` path with `{}`, an unclosed or nested brace, or a repeated name is repaired into the nearest valid template so the document stays valid OpenAPI, and the operation may no longer match the URL readers see. Fix the template in the `rest_method` line.";
    OperationLeftOut = "SD007", "operation-left-out", Warning,
        "an operation OpenAPI cannot hold is left out",
        "A `rest_method` whose method is not an HTTP token (`GET/PUT`) or that lacks a path cannot be an OpenAPI operation: it is left out and the rest of the API is written. Write one `rest_method` per method, as `METHOD /path`.";
    MissingFile = "SD008", "missing-file", Warning,
        "a referenced include, sample, parameter or status file does not exist",
        "Sphinx and os-api-ref warn about a file that does not exist and render the page without it; speclift does the same, so only what the file would have added (operations, an example, parameter rows, status descriptions) is missing. Fix the path, or add the file.";
    UndefinedParameter = "SD009", "undefined-parameter", Warning,
        "a `rest_parameters` key is not defined in parameters.yaml",
        "os-api-ref skips a `rest_parameters` row whose key the parameters file does not define, with a warning, so the parameter vanishes from the page; the spec leaves it out likewise. Fix the key (the hint suggests the closest defined one) or add the definition to parameters.yaml.";
    InvalidIn = "SL001", "invalid-in", Warning,
        "a parameters.yaml entry has an `in` other than header, path, query or body",
        "Every entry in parameters.yaml says where the parameter travels with `in:`, and os-api-ref only knows `header`, `path`, `query` and `body`. Any other value (a typo such as `querry`, or `formData`) makes os-api-ref skip the entry's ordering check and leaves readers guessing; speclift cannot place the parameter in the generated OpenAPI either. Set `in:` to one of the four values.";
    SectionOutOfOrder = "SL002", "section-out-of-order", Warning,
        "a parameters.yaml entry is in a section before one already seen",
        "os-api-ref expects parameters.yaml grouped by `in`, in the order header, path, query, body, and warns (\\\"Section out of order\\\") when an entry's section comes after a later section has started. Keeping the file grouped makes keys easy to find and duplicates easy to spot. Move the entry up into the block of its section.";
    KeyOutOfOrder = "SL003", "key-out-of-order", Warning,
        "parameters.yaml keys are not in alphabetical order within a section",
        "Within each section of parameters.yaml, os-api-ref expects keys in alphabetical order, compared case-insensitively, and warns (\\\"Parameters out of order\\\") otherwise. Sorted keys keep the file reviewable and make near-duplicate keys (`volume_id`, `volume_id_1`) sit side by side. Move the entry to its alphabetical place.";
    MissingField = "SL004", "missing-field", Warning,
        "a parameters.yaml entry lacks `in`, `type` or `description`",
        "A parameter table row shows the entry's `in`, `type` and `description`; an entry without one renders an empty cell (os-api-ref fails outright on a missing `in`), and speclift cannot type the parameter in the generated OpenAPI. Add the missing fields to the entry.";
    DuplicateKey = "SL005", "duplicate-key", Warning,
        "a key is defined twice in parameters.yaml",
        "YAML keeps only the last of two equal keys, so the first definition of a duplicated parameters.yaml key is silently ignored: tables show whichever came last, which is rarely what the author of the first one meant. Remove one definition, or rename it (os-api-ref files use numbered suffixes such as `status_2`).";
    UnusedKey = "SL006", "unused-key", Warning,
        "a parameters.yaml key is never referenced by any parameter table",
        "A key no `rest_parameters` table refers to documents nothing: it is either left over from a removed parameter or the table that should use it refers to a misspelt key. Delete the entry, or fix the table that was meant to use it. Only reported when the whole tree that uses the parameters file was linted.";
    InvalidParametersFile = "SL007", "invalid-parameters-file", Error,
        "parameters.yaml cannot be read as os-api-ref reads it",
        "os-api-ref fails to build a page whose parameters file is not valid YAML, holds an entry that is not a mapping, or an entry without `in:`. No parameter of the file can be trusted then, so the API that uses it gets no spec. Fix the YAML at the position shown.";
    UnknownParameterField = "SL008", "unknown-parameter-field", Warning,
        "a parameters.yaml entry has a field os-api-ref does not know, or one field twice",
        "os-api-ref reads `in`, `type`, `description`, `required`, `min_version` and `max_version` (and a few more) from each parameters.yaml entry; any other field (`requred`, `descripton`) is ignored, usually a typo of a real one whose value is then lost. A field written twice keeps its last value. Fix the field name, or remove the repeat.";
    UnknownParameterKey = "SL010", "unknown-parameter-key", Warning,
        "a parameter table refers to a key parameters.yaml does not define",
        "Each line `- name: key` of a `rest_parameters` table looks `key` up in the parameters file; os-api-ref warns \\\"No field definition for ... found\\\" and drops the row when the key is missing, so the parameter silently vanishes from the published reference. Fix the key (speclift suggests the closest defined one) or add the definition.";
    MissingPathParameter = "SL011", "missing-path-parameter", Warning,
        "a `{parameter}` of the operation's URL is in none of its tables",
        "Every `{name}` in a `rest_method` URL must be documented by a row of the operation's parameter tables, or readers never learn what it is; os-api-ref warns \\\"No path parameter ... found in rest_parameter stanza\\\". Add a row `- name: key` whose name matches the URL template exactly.";
    ExtraPathParameter = "SL012", "extra-path-parameter", Warning,
        "a table lists a path parameter the operation's URL does not have",
        "A table row whose definition says `in: path` documents a URL segment, but the operation's `rest_method` URL has no `{name}` of that name: either the URL or the row name is wrong (a renamed template variable), or the row was copied from another operation. Rename the row to match the URL template, or remove it.";
    MissingParametersFile = "SL013", "missing-parameters-file", Error,
        "a `rest_parameters` directive names a file that does not exist",
        "`.. rest_parameters:: parameters.yaml` names the file its keys are looked up in, relative to the document. When the file is missing, os-api-ref renders an empty table and every row of it is lost. Fix the path.";
    InvalidParameterEntry = "SL014", "invalid-parameter-entry", Warning,
        "a line of a `rest_parameters` table is not `- name: key`",
        "The content of a `rest_parameters` directive is a YAML list of one-entry mappings, `- name: key`. os-api-ref skips anything else (\\\"Invalid parameter definition\\\"), so the row is lost. Rewrite the line as `- name: key`.";
    InContradictsTable = "SL015", "in-contradicts-table", Warning,
        "a row's `in` contradicts where its table puts it",
        "A parameter's definition says where it travels (`in:`), and the table row says it again: a table under a Response heading documents the response, which has no path or query parameters, and a dotted row name (`volume.status`) is a field nested in the body, which cannot travel in a header, the path or the query. Such a row usually reuses a key defined for another place (`status` pointing at `status_query`) and is rendered with that place's meaning. Use a key defined for the place the row is in. Row order alone is not judged, nor are tables under no Request or Response heading.";
    VersionRangeConflict = "SL016", "version-range-conflict", Warning,
        "a parameter's microversion range cannot meet its operation's",
        "A parameter with `min_version`/`max_version` in parameters.yaml exists only in that range of microversions, and an operation with `min_version`/`max_version` on its `rest_method` only in its own. When the parameter's `max_version` is below the operation's `min_version`, or its `min_version` above the operation's `max_version`, the row documents something no client can ever send or receive: usually a key shared by two operations whose versions differ, or a typo in a version (`3.7` for `3.70`). Fix the versions, or give the operation its own key.";
    OperationVersionUnstated = "SL017", "operation-version-unstated", Warning,
        "every body parameter of an operation has a min_version, the operation none",
        "An operation whose `rest_method` has no `min_version:` line exists, as documented, from the API's first microversion, and a client may call it without any microversion header. When every body parameter of its request and responses carries a `min_version`, the operation almost certainly appeared at the lowest of them, and a client following the page gets a 404 below it: Cinder's attachments answer 404 without `3.27`. Add `min_version: X` under the `rest_method` line (indented, no blank line between), or, if the operation really is older, document the body it had before.";
    InvalidRestMethod = "SL018", "invalid-rest-method", Warning,
        "a `rest_method` line has text speclift does not understand",
        "A `rest_method` directive is `METHOD /path`, optionally followed by indented `min_version: X` and `max_version: Y` lines. Other text is ignored, so a misspelt option (`min_verison`) silently loses the operation's microversion range. Write the directive as described.";
    InvalidMicroversion = "SL019", "invalid-microversion", Error,
        "a microversion is not written as MAJOR.MINOR",
        "Microversions are `MAJOR.MINOR` pairs compared as numbers (`2.2` is not `2.20`); a value such as `2.x` or `latest` cannot be ordered, so the operation's range would be wrong. Write the microversion as MAJOR.MINOR, e.g. `2.20`.";
    FieldNotInSamples = "SL020", "field-not-in-samples", Warning,
        "a documented body field appears in none of the operation's samples",
        "A body parameter the table documents should appear in at least one sample of the same request or response; when it appears in none, the table and the samples have drifted apart, often through a typo in the table (`attachement` for `attachment`), and clients copying the table send a field the server ignores. Fix the name (speclift suggests the closest sample field) or add the field to a sample.";
    UndocumentedSampleField = "SL021", "undocumented-sample-field", Warning,
        "a sample has a field no table of the operation documents",
        "Every field of a request or response sample should be documented by a row of the matching parameter table; an undocumented field is either missing from the table or left over in the sample after a rename. Add a row for it (speclift suggests the closest documented name when the table has a near miss) or remove it from the sample.";
    InvalidSampleJson = "SL022", "invalid-sample-json", Warning,
        "an included `.json` sample is not valid JSON",
        "Samples are what clients copy; a `.json` sample that does not parse (a trailing comma, a comment, an ellipsis standing for omitted fields) cannot be sent as is, and speclift cannot check it against the tables. Make it valid JSON.";
    MissingSample = "SL023", "missing-sample", Error,
        "a `literalinclude` names a sample file that does not exist",
        "Sphinx fails or renders nothing for an included sample file that does not exist, so the operation loses its example. Fix the path, or add the sample file.";
    UnreferencedSample = "SL024", "unreferenced-sample", Warning,
        "a sample file in the tree is included by no document",
        "A `.json` file under a samples folder that no `literalinclude` refers to is published nowhere: usually the document that should include it names another file. Include it where it belongs, or delete it.";
    SampleDirectionUnknown = "SL025", "sample-direction-unknown", Warning,
        "it cannot be told whether a sample is a request or a response",
        "speclift tells request samples from response samples by the heading above the `literalinclude` (\"Request Example\", \"Response Example\") or the file name (`*-req.json`, `*-resp.json`). When neither says, the sample is taken as a response, and a request sample then documents the wrong body. Put the sample under a \"Request Example\" or \"Response Example\" heading.";
    DuplicateSampleKey = "SL026", "duplicate-sample-key", Warning,
        "a key appears twice in one object of a sample",
        "JSON parsers keep one of two equal keys in an object (most keep the last), so the first value of a duplicated key in a sample is silently lost, and readers see a body no server sends. Remove or rename one of the keys.";
    UnparsableSample = "SL027", "unparsable-sample", Error,
        "a sample that must be JSON does not parse",
        "A sample read as JSON (by its `.json` name or `:language: json`) that does not parse even after comments and trailing commas are removed cannot give the operation an example or a schema. Fix the JSON at the position shown, or mark a non-JSON example with its `:language:`.";
    UnknownStatusCode = "SL030", "unknown-status-code", Warning,
        "a listed status code is not defined in the status file the list names",
        "`.. rest_status_code:: success ../status.yaml` looks each listed code up in the named status file to describe it; a code the file does not define is rendered without a description, and it is often a typo of a code the file does define. Add the code with a `default:` text to the status file, or fix the code.";
    InvalidStatusCode = "SL031", "invalid-status-code", Warning,
        "a listed status code is not a registered HTTP status code",
        "Each line of a `rest_status_code` list must be a three-digit HTTP status code registered with IANA (`- 200`, `- 404: reason`). Anything else (`- 4040`, `- 299`, `- 20O`) is a typo that clients cannot match against a real response, and os-api-ref renders it as it is. Fix the code.";
    MissingResponseSample = "SL032", "missing-response-sample", Warning,
        "a response body is documented by a table but shown by no sample",
        "When an operation's response table documents body fields, readers expect a response example beside it, and speclift uses it to check the table (SL020, SL021) and to give the OpenAPI response an example. An operation whose success responses have a body table but no sample has usually lost its `literalinclude`, or had it put under a Request heading. Add a response sample under a \\\"Response Example\\\" heading.";
    InvalidStatusFile = "SL033", "invalid-status-file", Error,
        "status.yaml has an entry that is not a status code mapping",
        "status.yaml maps three-digit HTTP status codes to their descriptions (`404:` then `  default: text`). A key that is not a status code, a code defined twice or a code that is not a mapping breaks os-api-ref's lookup of every code of the file. Fix the entry as the hint says.";
    StatusTextMissing = "SL034", "status-text-missing", Warning,
        "status.yaml has no text for a listed code in the list's kind",
        "`rest_status_code` lists look up each code's description in status.yaml under the list's kind (`success`, `error`) or `default`. A code whose entry has neither renders without a description, and the OpenAPI response gets a generic one. Add a `default:` text for the code.";
    NoSuccessStatus = "SL035", "no-success-status", Warning,
        "an operation documents no success status code",
        "Every operation needs at least one documented success status (a `rest_status_code:: success` list, or a Return Code table), or clients cannot tell what a working call answers; speclift assumes 200, which is wrong for many creates (201, 202) and deletes (204). Document the success codes.";
    InvalidStatusEntry = "SL036", "invalid-status-entry", Error,
        "a status code list or table entry cannot be read",
        "A `rest_status_code` directive takes `success` or `error` and a status file, and its content lists codes (`- 200`, `- 404: reason`); a Synnefo Return Code table writes `200 (OK)`. An entry that is none of these is lost. Rewrite the entry as described.";
    UnknownDirective = "SL040", "unknown-directive", Warning,
        "a directive is not one of docutils, Sphinx or os-api-ref",
        "Sphinx reports an unknown directive as an error and drops its content, so a misspelt directive (`rest_paramters`) silently loses a whole table or example. Directives of docutils, of Sphinx and its common extensions, of os-api-ref, and any domain directive (`py:function`) are known. Fix the name; for a project-specific extension, silence SL040 in `.speclift.toml`.";
    IncludeProblem = "SL041", "include-problem", Error,
        "an `.. include::` cannot be followed",
        "`.. include::` splices another file into the page; when the file does not exist, lies outside the document tree, includes itself through a cycle, or uses an option speclift does not support, the included operations are missing from the published page and from the generated OpenAPI. These are the RST reader's own findings. Fix the path (Sphinx resolves it against the document being built, `/x` against the source directory) or break the cycle.";
    BrokenInternalLink = "SL042", "broken-internal-link", Warning,
        "an internal link names no section or label in the tree",
        "A link `` `text <#anchor>`_ `` must match the anchor of a section title (its lower-cased words joined by `-`, as docutils makes ids) or of a `.. _label:`, and `:ref:` must name a `.. _label:`; otherwise the link leads nowhere. Titles change, links do not follow: fix the link (speclift suggests the closest anchor) or add a label. Only the linted tree is searched, so lint the whole source directory.";
    RstMarkup = "SL043", "rst-markup", Warning,
        "the RST reader found a markup problem in a page",
        "speclift's RST reader reports markup that docutils would also reject or misread: malformed targets, inconsistent title adornments, titles in nested content, tables whose borders do not line up and the like. Sphinx renders such markup differently from what the author meant, and speclift reads it on a best-effort basis. Fix the markup as the hint says.";
    UnreadableFile = "SL044", "unreadable-file", Error,
        "an input file cannot be read (missing, unlistable, binary or not UTF-8)",
        "speclift reads documentation as UTF-8 text. A path that does not exist, a folder that cannot be listed, a file with NUL bytes or invalid UTF-8 is reported once; invalid bytes are read as replacement characters so the rest of the file still counts. Fix the path or re-encode the file as UTF-8.";
    AmbiguousHeading = "SL045", "ambiguous-heading", Warning,
        "a heading is at the same level as the operation it belongs to",
        "os-api-ref pages nest \"Request\" and \"Response\" headings under the operation's heading. A heading with the operation's own adornment reads as a sibling operation in the rendered page's table of contents, and speclift reads it as part of the operation above. Underline it with the adornment the other Request/Response headings use.";
    NoOperations = "SL046", "no-operations", Error,
        "an input documents no API operations",
        "`speclift gen` writes one spec per API it finds: an api-ref source directory (with `index.rst`) or a `.rst`/`.inc` file with `rest_method` directives (or a Synnefo guide's operation tables). An input with none yields no spec. Pass the api-ref source directory.";
    ForeignDialectPage = "SL047", "foreign-dialect-page", Warning,
        "a Synnefo-looking page inside an os-api-ref tree yields no API",
        "A page with `URI | Method` tables but no `rest_method` inside an os-api-ref tree is rendered by os-api-ref as plain tables, not operations, so speclift does not read it as a Synnefo guide either. Document its operations with `rest_method`, or generate it on its own with `--dialect synnefo`.";
    DocumentationError = "SL050", "documentation-error", Warning,
        "speclift's model reader reported a problem no other rule covers",
        "`speclift gen` reads the documentation into its model and reports what it cannot read as written (a `rest_method` without a path, an example it cannot place, a status code missing from status.yaml, …). `speclift lint` passes those findings on under this code, unless a more specific rule already reported on the same line, so lint never says less than gen. The message and hint say what to fix.";
    InvalidConfig = "SL060", "invalid-config", Error,
        "`.speclift.toml` cannot be read or names an unknown rule",
        "`.speclift.toml` beside (or above) the linted tree configures lint: `[lint] ignore = [\\\"SL006\\\"]` silences rules everywhere, and `[lint.per-file-ignores]` maps a glob relative to the config file to codes silenced in matching files. A file that is not TOML, has keys of the wrong type, or names a code no rule has silences nothing it was meant to. Fix the file; `speclift lint --explain CODE` lists what a code means.";
    RequiredNotInSamples = "SL070", "required-not-in-samples", Warning,
        "a required body parameter is missing from some or all samples",
        "A body parameter documented `required: true` that a sample of the same body lacks is either not required or the sample is incomplete; a schema marking it required would reject the documentation's own example, so the schema leaves it optional. Set `required: false`, or add the field to the samples.";
    TypeContradictsSamples = "SL071", "type-contradicts-samples", Warning,
        "a body parameter's documented type differs from what the samples show",
        "When parameters.yaml says `type: integer` and the samples show a string, one of them is wrong, and clients built from either break on the other. The schema follows the samples (they are what the service sent). Fix the `type:` in parameters.yaml, or the sample.";
    BodyOnBodilessMethod = "SL072", "body-on-bodiless-method", Warning,
        "a GET, HEAD or DELETE operation documents a request body",
        "`in: body` parameters or a request sample on a method whose requests carry no body (GET, HEAD, and DELETE as OpenAPI 3.1 treats it) document nothing a client can send; usually a response table sits under a Request heading. The request body is left out. Move the table or sample under the Response heading.";
    UnknownParameterType = "SL073", "unknown-parameter-type", Warning,
        "a parameter's `type` is not one os-api-ref documents use",
        "parameters.yaml types are JSON-ish names (`string`, `integer`, `float`, `boolean`, `object`, `array`, `uuid`, …). An unknown name (`strin`, `UUID4`) gives the parameter's schema no type, so generated clients take any value. Use a known type name.";
    WrapperPlacement = "SL074", "wrapper-placement", Warning,
        "body parameters are listed before their wrapper with no sample to place them",
        "Body tables list a wrapper object (`volume`) and then its fields; rows listed before the wrapper, with no sample showing where they belong, are put inside the wrapper as os-api-ref readers would read them. List the wrapper first, or add a sample.";
    PathRewritten = "SL075", "path-rewritten", Warning,
        "a documented path is written differently in the OpenAPI document",
        "OpenAPI path keys have no trailing slash duplicates and no query strings; a documented path such as `/v3/{project_id}/volumes/detail?all_tenants=1` or `/v3/` is written in its OpenAPI form, and the original is kept on the operation where the checker needs it. Write the path as the service routes it.";
    PathParameterNamesDiffer = "SL076", "path-parameter-names-differ", Warning,
        "one path is written with different parameter names",
        "`/servers/{server_id}` and `/servers/{id}` are one path to OpenAPI and to the service; documenting them with different names splits one resource into two in readers' minds and forces one name on the spec (the first documented). Use the same parameter names for the same path everywhere.";
    StatusNotInTable = "SL077", "status-not-in-table", Warning,
        "a sample's `status` is not listed in the statuses table",
        "A \"… statuses\" table lists the values a resource's `status` field takes, and becomes the schema's `enum`; a sample showing another value means the table is incomplete (or the sample outdated). The schema allows the value. Add it to the table, or fix the sample.";
    InternalError = "SL078", "internal-error", Error,
        "speclift produced a document it cannot serialize or whose example fails its schema",
        "speclift validates every example it writes against its own schema; a failure (or an OpenAPI document that cannot be serialized) is a bug in speclift, not in the documentation. Please report it with the input; the API gets no spec meanwhile.";
    TableWithoutHeader = "SL080", "table-without-header", Warning,
        "a Synnefo guide table has no header row",
        "Synnefo guides' tables start with a header row (`URI | Method | …`, `Request Header Name | Value`) that tells speclift what each column means; without one the first row is read as the header. Add the header row.";
    IncompleteOperationRow = "SL081", "incomplete-operation-row", Error,
        "a Synnefo operation row lacks its URI or Method cell",
        "An operation row of a Synnefo overview or operation table must fill the URI and Method columns; without one of them the row cannot be an operation and is lost. Align the row with the table's column borders and fill both cells.";
    MisalignedRow = "SL082", "misaligned-row", Warning,
        "a Synnefo table row does not line up with the table's columns",
        "A simple table's cells are cut at the column borders of its header; a row whose text crosses them is read by its words (a URI, a method) and may lose the rest. Align the row's text with the column borders, one cell per column.";
    InvalidSupportMark = "SL083", "invalid-support-mark", Warning,
        "a cell of an implementation column is not a support mark",
        "The implementation columns of Synnefo overviews hold `✔`, `✘`, `**✘**`, `required` or `default`, which become `x-synnefo` support flags; other text is ignored. Write one of the marks.";
    InvalidUri = "SL084", "invalid-uri", Error,
        "a Synnefo URI cell is not a path",
        "An operation's URI is a path such as ``/servers/<server id>``; a cell that is not one (prose, an absolute URL without a path) cannot be placed in the spec and the operation is lost. Write the URI as a path.";
    UnclosedUriParameter = "SL085", "unclosed-uri-parameter", Warning,
        "a Synnefo URI has an unclosed `<parameter>`",
        "A URI parameter is written `<name>`; an unclosed one (`/flavors/<flavor-id`) is closed at the end of its segment, which may not be what the author meant. Close the parameter.";
    InvalidMethod = "SL086", "invalid-method", Error,
        "a Synnefo method cell is not an HTTP method",
        "The Method cell of a Synnefo operation row names HTTP methods (`GET`, several as `POST/PUT`); anything else cannot be an operation and the row is lost. Write an HTTP method.";
    MethodsWithoutUri = "SL087", "methods-without-uri", Warning,
        "a Synnefo table lists methods but no URI is known for its section",
        "Pithos-style guides give each level's URI in a bullet list and then list the level's methods in an `Operation | Description` table; a methods table in a section no level URI belongs to cannot be placed. Name the level's URI in the level list.";
    UndocumentedOverviewOperation = "SL088", "undocumented-overview-operation", Warning,
        "an operation of the API Operations overview is documented by no section",
        "Every row of a Synnefo guide's API Operations overview should have a section documenting its request, reply and return codes; a row without one is kept from the overview alone (`x-synnefo.documented: false`, 200 assumed). Document the operation, or remove the row.";
    OverviewContradiction = "SL089", "overview-contradiction", Warning,
        "an operation's table and the API Operations overview disagree",
        "A Synnefo operation's own table and the guide's overview both state its URI, method and support marks; when they differ, one of them is outdated. Make them agree.";
    BrokenRef = "SL090", "broken-ref", Error,
        "a `$ref` in a compared spec leads nowhere",
        "`speclift diff` resolves every local `$ref` of both specs; a reference to a schema the document does not hold would compare as \"any value\" and hide changes, so the comparison stops. Point the `$ref` at a schema in the same document, or regenerate the spec.";
    UnreadableSpec = "SL091", "unreadable-spec", Error,
        "a spec given to `diff` or `check` cannot be read as OpenAPI",
        "`speclift diff` and `speclift check` read specs as JSON or YAML OpenAPI documents (or, for diff, generate them from api-ref documentation). A file that is missing, too large, not JSON/YAML, or not an OpenAPI object cannot be compared or replayed. Fix the path, or regenerate the spec with `speclift gen`.";
}

impl Rule {
    /// The rule with `code`, case-insensitively (`sl012` works too).
    pub fn from_code(code: &str) -> Option<Rule> {
        let code = code.trim();
        Rule::ALL
            .iter()
            .copied()
            .find(|r| r.code().eq_ignore_ascii_case(code))
    }

    /// Whether the rule degrades one element where os-api-ref tolerates a
    /// quirk (the `SD…` family).
    pub fn is_degradation(self) -> bool {
        self.code().starts_with("SD")
    }

    /// The anchor of the rule on the rules page (`docs/rules.md#sl012`).
    pub fn anchor(self) -> String {
        self.code().to_ascii_lowercase()
    }
}

/// The text of `docs/rules.md`: every rule with its anchor (`#sl012`,
/// what SARIF `helpUri`s point at), name, default severity, summary and
/// explanation. Written by `cargo xtask rules`; a test fails when the
/// committed page is stale.
pub fn rules_page() -> String {
    let mut out = String::from(
        "# Diagnostic codes\n\n\
         <!-- Generated from crates/diag/src/rules.rs by `cargo xtask rules`; do not edit. -->\n\n\
         Every diagnostic of `speclift gen`, `lint`, `diff` and `check`'s spec loading carries \
         one of these codes. `SD…` codes mark a degradation: os-api-ref's own build tolerates \
         the quirk, and the spec loses only the element it touches. Select, silence or re-level \
         them in `.speclift.toml` (`[lint] select`, `ignore`, `[lint.severity]`, \
         `[lint.per-file-ignores]`) or with `--select`/`--ignore` on `gen` and `lint`; \
         `speclift rules` lists them and `speclift rules --explain CODE` explains one.\n\n\
         | code | name | default | summary |\n| --- | --- | --- | --- |\n",
    );
    for r in Rule::ALL {
        out.push_str(&format!(
            "| [{}](#{}) | `{}` | {} | {} |\n",
            r.code(),
            r.anchor(),
            r.name(),
            r.default_severity(),
            r.summary().replace('|', "\\|")
        ));
    }
    for r in Rule::ALL {
        out.push_str(&format!(
            "\n## {}\n\n`{}`, {} by default: {}.\n\n{}\n",
            r.code(),
            r.name(),
            r.default_severity(),
            r.summary(),
            r.explanation()
        ));
    }
    out
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_sorted_and_explained() {
        let codes: Vec<_> = Rule::ALL.iter().map(|r| r.code()).collect();
        let mut sorted = codes.clone();
        sorted.sort_by_key(|c| (!c.starts_with("SD"), *c));
        sorted.dedup();
        assert_eq!(codes, sorted);
        let mut names: Vec<_> = Rule::ALL.iter().map(|r| r.name()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), Rule::ALL.len(), "names are unique");
        for r in Rule::ALL {
            let code = r.code();
            assert!(
                code.len() == 5 && (code.starts_with("SL") || code.starts_with("SD")),
                "{code}"
            );
            assert!(r.explanation().len() > 100, "{code} explanation too short");
            assert!(!r.explanation().contains('\n'), "{code} is one paragraph");
            assert!(!r.summary().ends_with('.'), "{code} summary is a phrase");
            assert!(
                r.name().chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                r.name()
            );
        }
    }

    /// `docs/rules.md` is what the registry generates (`cargo xtask rules`).
    #[test]
    fn the_rules_page_is_current() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/rules.md");
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            committed == rules_page(),
            "docs/rules.md is stale or missing: run `cargo xtask rules`"
        );
        for r in Rule::ALL {
            assert!(committed.contains(&format!("\n## {}\n", r.code())));
        }
    }

    #[test]
    fn from_code_is_case_insensitive() {
        assert_eq!(Rule::from_code(" sl010"), Some(Rule::UnknownParameterKey));
        assert_eq!(Rule::from_code("SD002"), Some(Rule::LenientSample));
        assert_eq!(Rule::from_code("SL999"), None);
        assert!(Rule::LenientSample.is_degradation());
        assert!(!Rule::UnknownParameterKey.is_degradation());
    }
}
