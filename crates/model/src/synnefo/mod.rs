//! The Synnefo/Cyclades API-guide dialect: everything is told in tables
//! and examples.
//!
//! - "API Operations": `.. rubric::` groups (→ tags) of simple tables with
//!   Description / URI / Method / support columns.
//! - One section per operation: a URI/Method table (one operation per row
//!   and method), Request Header / Request Parameter / attribute tables,
//!   `.. rubric:: Response` with a Return Code table, response attribute
//!   tables or links to an "Index of Attributes" section, and examples in
//!   `.. code::` blocks and `::` literal blocks.
//! - Support columns (`Cyclades`, `OS/Compute`, …) become
//!   `extensions["x-synnefo"]` on operations and a support note on
//!   parameters; unsupported operations are kept and marked.
//!
//! Structure from body templates (`{"volumeAttachment": {"volumeId":
//! <value>}}`) is passed on the way the os-api-ref dialect does it: a
//! wrapper parameter (`volumeAttachment`, type object) followed by its
//! fields, so the emitter needs nothing dialect-specific.
//!
//! Reading is two passes of one `Reader` over the guide's blocks:
//! - `guide`: the API's name, title and description, and the first pass
//!   (section ids, "Index of Attributes" tables);
//! - `blocks`: the second pass, block by block;
//! - `overview`: the "API Operations" tables and the tags;
//! - `operation`: URI/Method tables and building the [`Operation`]s;
//! - `params`: header, parameter and attribute tables, bullet notes;
//! - `status`: Return Code tables;
//! - `bodies`: examples and templates, wrappers, the base URL;
//! - `tables`, `cells`, `examples`: what a table, a cell and an
//!   example block say, as pure functions.
//!
//! [`Operation`]: crate::ir::Operation

mod blocks;
mod bodies;
mod cells;
mod examples;

/// The example reader, for [`crate::fuzzing`].
#[doc(hidden)]
pub fn fuzz_example(lines: &[&str]) -> bool {
    examples::read(lines).request_line.is_some()
}
mod guide;
mod levels;
mod media;
mod operation;
mod overview;
mod params;
mod rows;
mod status;
mod tables;

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Map, Value};
use speclift_diag::{Diagnostic, Location};
use speclift_rst::Document;

use crate::LoadedApi;
use crate::ir::{Method, Parameter, Sample, StatusCode, Tag};
use examples::RequestLine;

/// The one vendor key of this dialect.
pub const VENDOR_KEY: &str = "x-synnefo";

/// Reads one Synnefo API guide (already parsed) into an [`Api`](crate::ir::Api). Never
/// fails: problems are diagnostics, and whatever could be read is kept.
pub fn read_api(doc: &Document, entry: &Path, root: &Path) -> LoadedApi {
    let _ = root; // The guides reference no other files.
    let mut diagnostics = Vec::new();
    let api = Reader::new(entry, &mut diagnostics).read(doc);
    LoadedApi { api, diagnostics }
}

/// Whether requests of `method` carry a body in these guides.
fn takes_body(method: Method) -> bool {
    matches!(method, Method::Post | Method::Put | Method::Patch)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Side {
    Request,
    Response,
}

/// Which parameter list the last table filled, so that the bullet notes
/// after it can refine those parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ListRef {
    Headers,
    Query,
    RequestBody,
    ResponseBody,
    ResponseHeaders,
}

/// One (method, URI) row of a URI/Method table.
#[derive(Clone, Debug)]
struct OpRow {
    method: Method,
    uri: cells::Uri,
    support: Map<String, Value>,
    /// The guide's own implementation (its first support column) when
    /// that column marks the operation ✘: `Cyclades/Network`.
    unsupported_by: Option<String>,
    location: Location,
}

/// A row of an "API Operations" overview table.
#[derive(Clone, Debug)]
struct OverviewRow {
    op: OpRow,
    tag: String,
    /// The link text of the Description cell (`List`, `Get Details`).
    summary: String,
    anchor: Option<String>,
}

/// An example or template met inside an operation section.
#[derive(Clone, Debug)]
struct Seen {
    side: Side,
    sample: Option<Sample>,
    /// The JSON-ish structure, for the wrapper parameter.
    shape: Option<Value>,
    /// From a template: its literal wrapped keys are documented names.
    template: bool,
    request_line: Option<RequestLine>,
    /// A text example (XML) with its media type.
    text: Option<(String, crate::ir::TextSample)>,
}

/// The operations of one section (usually one; `GET /volumes` and
/// `GET /volumes/detail` share one), and everything documented for them.
#[derive(Debug)]
struct Group {
    level: usize,
    title: String,
    ids: Vec<String>,
    /// The nearest enclosing section that is not an operation section.
    parent_title: String,
    ops: Vec<OpRow>,
    side: Side,
    in_subsection: bool,
    headers: Vec<Parameter>,
    query: Vec<Parameter>,
    request_body: Vec<Parameter>,
    response_body: Vec<Parameter>,
    response_headers: Vec<Parameter>,
    statuses: Vec<StatusCode>,
    seen: Vec<Seen>,
    /// Index-of-attributes anchors linked from the response prose.
    response_links: Vec<String>,
    description: Vec<String>,
    last_list: Option<ListRef>,
}

impl Group {
    fn list_mut(&mut self, which: ListRef) -> &mut Vec<Parameter> {
        match which {
            ListRef::Headers => &mut self.headers,
            ListRef::Query => &mut self.query,
            ListRef::RequestBody => &mut self.request_body,
            ListRef::ResponseBody => &mut self.response_body,
            ListRef::ResponseHeaders => &mut self.response_headers,
        }
    }

    fn body_ref(&self) -> ListRef {
        match self.side {
            Side::Request => ListRef::RequestBody,
            Side::Response => ListRef::ResponseBody,
        }
    }
}

#[derive(Debug, Default)]
struct SectionInfo {
    title: String,
    level: usize,
    ids: Vec<String>,
    location: Option<Location>,
}

struct Reader<'d> {
    file: &'d Path,
    diags: &'d mut Vec<Diagnostic>,
    /// Anchor → the attributes its section's table lists.
    attributes: BTreeMap<String, Vec<Parameter>>,
    /// Every section id (explicit targets and title ids) → section title.
    section_titles: BTreeMap<String, String>,
    tags: Vec<Tag>,
    rubric_tag: Option<String>,
    overview: Vec<OverviewRow>,
    groups: Vec<Group>,
    current: Option<Group>,
    /// Open sections, outermost first.
    sections: Vec<SectionInfo>,
    /// Prose of the current section before its URI table.
    prose: Vec<String>,
    pending_targets: Vec<String>,
    pending_title: Option<String>,
    /// Example base URLs (`https://example.org/compute/v2.0`) → count.
    bases: BTreeMap<String, usize>,
    /// Resources named by level (`Account level: ``…/<account>```).
    levels: Vec<levels::Level>,
    /// The rows of a URI/Method/Description table in the current section,
    /// which become the section's operations if request or response
    /// tables follow it there.
    section_rows: Option<(usize, String, Vec<OpRow>)>,
    /// Paths already reported as written with other placeholder names.
    respelled_paths: Vec<String>,
    /// Extension methods already warned about.
    unusual_methods: Vec<Method>,
}

impl<'d> Reader<'d> {
    fn new(file: &'d Path, diags: &'d mut Vec<Diagnostic>) -> Self {
        Reader {
            file,
            diags,
            attributes: BTreeMap::new(),
            section_titles: BTreeMap::new(),
            tags: Vec::new(),
            rubric_tag: None,
            overview: Vec::new(),
            groups: Vec::new(),
            current: None,
            sections: Vec::new(),
            prose: Vec::new(),
            pending_targets: Vec::new(),
            pending_title: None,
            bases: BTreeMap::new(),
            levels: Vec::new(),
            section_rows: None,
            respelled_paths: Vec::new(),
            unusual_methods: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests;
