//! The intermediate model every dialect produces and every later stage
//! (OpenAPI emission, lint, diff, contract checks) consumes.
//!
//! It records what the documentation *says*, already resolved (parameter
//! keys looked up, samples loaded, status codes described) but not yet
//! shaped into OpenAPI. Order is document order; the emitter sorts.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;
use speclift_diag::Location;

use crate::microversion::VersionRange;

/// One API: what becomes one OpenAPI document (e.g. Block Storage v3).
#[derive(Clone, Debug, Serialize)]
pub struct Api {
    /// File-name-safe identifier, e.g. `block-storage-api-v3`.
    pub name: String,
    /// The document title, e.g. `Block Storage API V3 (CURRENT)`.
    pub title: String,
    /// CommonMark text of the document's introduction.
    pub description: String,
    /// The dialect that read it (`os-api-ref`, `synnefo`).
    pub dialect: String,
    /// The file the API was read from (its index.rst or single file).
    pub source: Location,
    /// Microversion header service name (`volume`, `compute`) when the API
    /// is microversioned, with the range the documents mention.
    pub microversions: Option<MicroversionInfo>,
    pub tags: Vec<Tag>,
    pub operations: Vec<Operation>,
}

#[derive(Clone, Debug, Serialize)]
pub struct MicroversionInfo {
    pub service: String,
    pub range: VersionRange,
}

/// A group of operations: one top-level section of the reference.
#[derive(Clone, Debug, Serialize)]
pub struct Tag {
    pub name: String,
    pub description: String,
    pub location: Location,
    /// The title of the section that holds this one, when that is not the
    /// document's own title (the hierarchy portals show as tag groups).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Tables of status values in the tag's prose ("**Snapshot
    /// statuses**"), which the `status` fields of its bodies take.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub status_tables: Vec<StatusTable>,
}

/// A table listing the values a status field takes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StatusTable {
    /// The title before the table, e.g. `Snapshot statuses`.
    pub title: String,
    /// The first column, in table order.
    pub values: Vec<String>,
    /// The table's first line.
    pub location: Location,
}

/// An HTTP method. The eight OpenAPI 3.1 names its path items have fields
/// for, and any other RFC 9110 method token (Swift's `COPY`, WebDAV's
/// `MOVE`, a placeholder such as `METHOD`) as [`Method::Extension`]: the
/// documentation says the operation exists, so the model keeps it and the
/// emitter decides where OpenAPI can hold it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Patch,
    Head,
    Options,
    Trace,
    /// Any other method token, upper-cased like the eight.
    Extension(MethodToken),
}

/// An RFC 9110 method token of at most [`MethodToken::CAPACITY`] bytes,
/// stored inline so that [`Method`] stays `Copy` (no call site clones).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MethodToken {
    // Zero-padded: byte order then equals string order.
    bytes: [u8; MethodToken::CAPACITY],
    len: u8,
}

impl MethodToken {
    /// Longer than any registered method (`UPDATEREDIRECTREF` has 17).
    pub const CAPACITY: usize = 24;

    /// `text` upper-cased, when it is a token (RFC 9110 `tchar`s) that fits.
    pub fn new(text: &str) -> Option<MethodToken> {
        if text.is_empty() || text.len() > Self::CAPACITY || !text.bytes().all(is_tchar) {
            return None;
        }
        let mut bytes = [0; Self::CAPACITY];
        for (slot, b) in bytes.iter_mut().zip(text.bytes()) {
            *slot = b.to_ascii_uppercase();
        }
        Some(MethodToken {
            bytes,
            len: text.len() as u8,
        })
    }

    pub fn as_str(&self) -> &str {
        // Built from ASCII tchars only, so always UTF-8.
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or_default()
    }
}

impl std::fmt::Debug for MethodToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.as_str())
    }
}

/// RFC 9110 §5.6.2 `tchar`.
fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

impl Method {
    /// One of the eight, or any other method token (`COPY`); `None` for
    /// text that cannot be a method at all (`GET/PUT`, `{x}`, empty).
    pub fn parse(s: &str) -> Option<Method> {
        Some(match s.to_ascii_uppercase().as_str() {
            "GET" => Method::Get,
            "PUT" => Method::Put,
            "POST" => Method::Post,
            "DELETE" => Method::Delete,
            "PATCH" => Method::Patch,
            "HEAD" => Method::Head,
            "OPTIONS" => Method::Options,
            "TRACE" => Method::Trace,
            _ => Method::Extension(MethodToken::new(s)?),
        })
    }

    pub fn as_str(&self) -> &str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Patch => "PATCH",
            Method::Head => "HEAD",
            Method::Options => "OPTIONS",
            Method::Trace => "TRACE",
            Method::Extension(token) => token.as_str(),
        }
    }

    /// One of the eight methods OpenAPI 3.1 path items have a field for.
    pub fn is_standard(&self) -> bool {
        !matches!(self, Method::Extension(_))
    }

    /// The warning for an extension method, at `at`, or `None` for the
    /// eight. Shared by the dialects so the wording is one.
    pub fn unusual(&self, at: &Location) -> Option<speclift_diag::Diagnostic> {
        let Method::Extension(token) = self else {
            return None;
        };
        Some(
            speclift_diag::Diagnostic::warning(
                at.clone(),
                format!(
                    "`{token}` is not one of OpenAPI 3.1's eight methods; the operation is \
                     written under its path's `x-oai-additionalOperations` \
                     (`additionalOperations` with `--openapi 3.2`)",
                    token = token.as_str()
                ),
            )
            .with_hint(
                "nothing to do if the service really answers this method; if it is a \
                 placeholder, write the real method (GET, PUT, POST, DELETE, PATCH, HEAD, \
                 OPTIONS, TRACE)",
            )
            .with_code(speclift_diag::degraded::EXTENSION_METHOD),
        )
    }
}

impl Serialize for Method {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// One documented section describing `METHOD /path`. Several sections may
/// document the same method and path (e.g. server actions); the emitter
/// merges them, so the model keeps each one as written.
#[derive(Clone, Debug, Serialize)]
pub struct Operation {
    pub method: Method,
    /// The documented path, verbatim, without any query string.
    pub path: String,
    /// The query string the documentation wrote after the path, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    /// Section title.
    pub summary: String,
    /// CommonMark description: the section's prose, notes and warnings.
    pub description: String,
    /// Name of the [`Tag`] this operation belongs to.
    pub tag: String,
    pub microversions: VersionRange,
    pub deprecated: bool,
    pub request: Request,
    pub responses: Vec<Response>,
    /// Dialect-specific facts (e.g. Synnefo support columns), emitted under
    /// one vendor key.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub extensions: BTreeMap<String, serde_json::Value>,
    /// The `rest_method` line (or URI table row).
    pub location: Location,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Request {
    /// Path, query and header parameters, in table order.
    pub parameters: Vec<Parameter>,
    /// Body parameters in table order (flat, as documented: a wrapper such
    /// as `attachment` is followed by its fields).
    pub body: Vec<Parameter>,
    pub samples: Vec<Sample>,
    /// Bodies in other media types than JSON (object data, XML).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub media: Vec<Media>,
}

/// A body in a media type other than JSON: object data, a plain-text
/// listing, an XML document. JSON bodies are `body` and `samples`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Media {
    /// `application/octet-stream`, `text/plain`, `application/xml`.
    pub media_type: String,
    /// What the body holds (CommonMark), for its schema.
    pub description: String,
    /// Bytes of any kind (object data) rather than text.
    pub binary: bool,
    /// Examples as written, in this media type.
    pub samples: Vec<TextSample>,
}

/// An example that is text, not JSON (an XML document, a listing).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TextSample {
    pub title: String,
    pub text: String,
    /// The example block.
    pub location: Location,
}

/// The response documented for one status code.
#[derive(Clone, Debug, Serialize)]
pub struct Response {
    pub status: StatusCode,
    /// Response headers in table order.
    pub headers: Vec<Parameter>,
    /// Body parameters in table order.
    pub body: Vec<Parameter>,
    pub samples: Vec<Sample>,
    /// Bodies in other media types than JSON.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub media: Vec<Media>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StatusCode {
    pub code: u16,
    pub success: bool,
    pub description: String,
    /// Some codes apply only to some microversions ("200 (microversions
    /// 2.0 - 2.100), 202 (microversion 2.101 - )").
    pub microversions: VersionRange,
    pub location: Location,
}

impl StatusCode {
    /// The standard reason phrase of `code` (`404` → `Not Found`, RFC 9110
    /// wording), for codes no status table describes; `Response` for a code
    /// HTTP does not name.
    pub fn reason_phrase(code: u16) -> &'static str {
        match code {
            100 => "Continue",
            101 => "Switching Protocols",
            200 => "OK",
            201 => "Created",
            202 => "Accepted",
            203 => "Non-Authoritative Information",
            204 => "No Content",
            205 => "Reset Content",
            206 => "Partial Content",
            207 => "Multi-Status",
            300 => "Multiple Choices",
            301 => "Moved Permanently",
            302 => "Found",
            303 => "See Other",
            304 => "Not Modified",
            307 => "Temporary Redirect",
            308 => "Permanent Redirect",
            400 => "Bad Request",
            401 => "Unauthorized",
            402 => "Payment Required",
            403 => "Forbidden",
            404 => "Not Found",
            405 => "Method Not Allowed",
            406 => "Not Acceptable",
            407 => "Proxy Authentication Required",
            408 => "Request Timeout",
            409 => "Conflict",
            410 => "Gone",
            411 => "Length Required",
            412 => "Precondition Failed",
            413 => "Content Too Large",
            414 => "URI Too Long",
            415 => "Unsupported Media Type",
            416 => "Range Not Satisfiable",
            417 => "Expectation Failed",
            422 => "Unprocessable Content",
            423 => "Locked",
            424 => "Failed Dependency",
            426 => "Upgrade Required",
            428 => "Precondition Required",
            429 => "Too Many Requests",
            431 => "Request Header Fields Too Large",
            451 => "Unavailable For Legal Reasons",
            500 => "Internal Server Error",
            501 => "Not Implemented",
            502 => "Bad Gateway",
            503 => "Service Unavailable",
            504 => "Gateway Timeout",
            505 => "HTTP Version Not Supported",
            507 => "Insufficient Storage",
            _ => "Response",
        }
    }
}

// Also the `in` of a `parameters.yaml` entry, so the published schema for
// those files (named `ParameterLocation` there) and the model agree. A plain
// comment: doc comments land in that schema's descriptions.
/// Where a parameter is sent.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
#[schemars(rename = "ParameterLocation")]
pub enum ParamIn {
    Header,
    Path,
    Query,
    Body,
}

impl ParamIn {
    pub fn parse(s: &str) -> Option<ParamIn> {
        Some(match s {
            "header" => ParamIn::Header,
            "path" => ParamIn::Path,
            "query" => ParamIn::Query,
            "body" => ParamIn::Body,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ParamIn::Header => "header",
            ParamIn::Path => "path",
            ParamIn::Query => "query",
            ParamIn::Body => "body",
        }
    }
}

/// A documented parameter: one row of a parameter table, resolved.
#[derive(Clone, Debug, Serialize)]
pub struct Parameter {
    /// The name as the table shows it (the wire name).
    pub name: String,
    /// The parameters.yaml key it was resolved from (empty for dialects
    /// without a parameter file).
    pub key: String,
    pub location_in: ParamIn,
    /// The documented type as written (`string`, `uuid`, `dict`, …).
    pub ty: Option<String>,
    pub required: bool,
    /// CommonMark.
    pub description: String,
    pub microversions: VersionRange,
    /// The table row.
    pub location: Location,
    /// Where the definition lives (parameters.yaml line), when separate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub definition: Option<Location>,
}

/// An example request or response body.
#[derive(Clone, Debug, Serialize)]
pub struct Sample {
    /// The example's title ("Example Attach a volume … (v2.49)"), if any.
    pub title: String,
    /// The microversion the example shows, from its title or its folder.
    pub microversion: Option<crate::microversion::Microversion>,
    /// The sample file (relative to the API's root), when included.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<PathBuf>,
    pub body: serde_json::Value,
    /// The directive or code block.
    pub location: Location,
}

#[cfg(test)]
mod method_tests {
    use super::*;

    #[test]
    fn the_eight_parse_in_any_case() {
        assert_eq!(Method::parse("get"), Some(Method::Get));
        assert_eq!(Method::parse("Trace"), Some(Method::Trace));
        assert!(Method::Get.is_standard());
    }

    #[test]
    fn other_tokens_are_extension_methods_upper_cased() {
        let copy = Method::parse("copy").expect("a token");
        assert!(!copy.is_standard());
        assert_eq!(copy.as_str(), "COPY");
        assert_eq!(Method::parse("COPY"), Some(copy));
        let long = "UPDATEREDIRECTREF";
        assert_eq!(
            Method::parse(long).map(|m| m.as_str().to_string()),
            Some(long.into())
        );
        assert_eq!(
            serde_json::to_value(copy).ok(),
            Some(serde_json::json!("COPY"))
        );
        let at = Location::file_start(std::path::Path::new("x.rst"));
        assert!(copy.unusual(&at).is_some_and(|d| !d.is_error()));
        assert!(Method::Get.unusual(&at).is_none());
    }

    #[test]
    fn what_is_not_a_token_is_not_a_method() {
        for text in [
            "",
            "GET/PUT",
            "{x}",
            "GÉT",
            "a b",
            &"X".repeat(MethodToken::CAPACITY + 1),
        ] {
            assert_eq!(Method::parse(text), None, "{text:?}");
        }
    }
}
