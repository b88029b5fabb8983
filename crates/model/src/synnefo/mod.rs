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

mod cells;
mod examples;
mod tables;

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Map, Value};
use speclift_diag::{Diagnostic, Location};
use speclift_rst::{Block, BlockKind, Directive, Document, ListItem, Row};

use crate::LoadedApi;
use crate::ir::{
    Api, Method, Operation, ParamIn, Parameter, Request, Response, Sample, StatusCode, Tag,
};
use crate::microversion::VersionRange;
use examples::{Body, Example, RequestLine};
use tables::{Classified, Kind};

/// The one vendor key of this dialect.
pub const VENDOR_KEY: &str = "x-synnefo";

/// Reads one Synnefo API guide (already parsed) into an [`Api`]. Never
/// fails: problems are diagnostics, and whatever could be read is kept.
pub fn read_api(doc: &Document, entry: &Path, root: &Path) -> LoadedApi {
    let _ = root; // The guides reference no other files.
    let mut diagnostics = Vec::new();
    let api = Reader::new(entry, &mut diagnostics).read(doc);
    LoadedApi { api, diagnostics }
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
        }
    }

    fn read(mut self, doc: &Document) -> Api {
        let blocks = flatten(&doc.blocks);
        self.index_sections(&blocks);
        let title_at = blocks
            .iter()
            .position(|b| matches!(b.kind, BlockKind::Section { .. }));
        let (title, source) = match title_at.and_then(|i| blocks.get(i)) {
            Some(Block {
                kind: BlockKind::Section { title, .. },
                location,
            }) => (crate::text::plain(title), location.clone()),
            _ => (String::new(), Location::file_start(self.file)),
        };
        let intro_end = title_at
            .and_then(|t| {
                blocks
                    .iter()
                    .skip(t + 1)
                    .position(|b| matches!(b.kind, BlockKind::Section { .. }))
                    .map(|p| p + t + 1)
            })
            .unwrap_or(blocks.len());
        let intro: Vec<Block> = blocks
            .get(title_at.map_or(0, |t| t + 1)..intro_end)
            .unwrap_or_default()
            .iter()
            .map(|b| (*b).clone())
            .collect();
        let intro = crate::md::blocks(&intro);

        for block in &blocks {
            self.block(block);
        }
        self.close_group();
        let operations = self.operations();

        let name = api_name(&title, self.file);
        let mut description = intro;
        if let Some((base, _)) = self
            .bases
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        {
            if !description.is_empty() {
                description.push_str("\n\n");
            }
            description.push_str(&format!(
                "The guide documents paths without the service's base URL; its examples \
                 address the service at `{base}`."
            ));
        }
        Api {
            name,
            title: if is_generic_title(&title) || title.is_empty() {
                let stem = file_stem(self.file);
                if title.is_empty() {
                    stem
                } else {
                    format!("{title} ({stem})")
                }
            } else {
                title
            },
            description,
            dialect: "synnefo".into(),
            source,
            microversions: None,
            tags: self.tags,
            operations,
        }
    }

    /// First pass: section ids, and the attribute tables of sections that
    /// can be linked to (the "Index of Attributes").
    fn index_sections(&mut self, blocks: &[&Block]) {
        let mut targets: Vec<String> = Vec::new();
        let mut scratch = Vec::new();
        for (i, block) in blocks.iter().enumerate() {
            match &block.kind {
                BlockKind::Target { name, url: None } => targets.push(name.to_ascii_lowercase()),
                BlockKind::Section { title, .. } => {
                    let mut ids = std::mem::take(&mut targets);
                    ids.push(cells::section_id(title));
                    for id in &ids {
                        self.section_titles
                            .entry(id.clone())
                            .or_insert_with(|| crate::text::plain(title));
                    }
                    let body = blocks
                        .get(i + 1..)
                        .unwrap_or_default()
                        .iter()
                        .take_while(|b| !matches!(b.kind, BlockKind::Section { .. }));
                    let mut params: Vec<Parameter> = Vec::new();
                    let mut found = false;
                    for b in body {
                        match &b.kind {
                            BlockKind::Table(t) if !found => {
                                if let Some(c) = tables::classify(t, &mut scratch)
                                    && matches!(c.kind, Kind::Attributes { .. })
                                {
                                    params = table_params(&c, ParamIn::Body);
                                    found = true;
                                }
                            }
                            BlockKind::BulletList { items } if found => {
                                let _ = apply_notes(items, &mut params);
                            }
                            _ => {}
                        }
                    }
                    if found {
                        for id in ids {
                            self.attributes.entry(id).or_insert_with(|| params.clone());
                        }
                    }
                }
                _ => targets.clear(),
            }
        }
    }

    fn block(&mut self, block: &Block) {
        let keep_title = matches!(&block.kind, BlockKind::Directive(d) if is_code(d));
        let title = if keep_title {
            self.pending_title.take()
        } else {
            None
        };
        if !matches!(block.kind, BlockKind::Paragraph { .. }) {
            self.pending_title = None;
        }
        match &block.kind {
            BlockKind::Section { title, level } => self.section(title, *level, &block.location),
            BlockKind::Target { name, .. } => self.pending_targets.push(name.to_ascii_lowercase()),
            BlockKind::Directive(d) if d.name == "rubric" => {
                self.rubric(&d.argument, &block.location)
            }
            BlockKind::Directive(d) if is_code(d) => {
                let language = d.argument.trim().to_ascii_lowercase();
                if !language.is_empty()
                    && !["json", "javascript", "js"].contains(&language.as_str())
                {
                    return;
                }
                let lines: Vec<&str> = d.content.iter().map(|l| l.text.as_str()).collect();
                let locations: Vec<Location> =
                    d.content.iter().map(|l| l.location.clone()).collect();
                self.example(&lines, &locations, title, &block.location, true);
            }
            BlockKind::LiteralBlock { text } => {
                let lines: Vec<&str> = text.lines().collect();
                let locations: Vec<Location> = (0..lines.len())
                    .map(|i| block.location.below(i as u32, block.location.column))
                    .collect();
                self.example(&lines, &locations, None, &block.location, false);
            }
            BlockKind::Paragraph { text } => self.paragraph(text, block),
            BlockKind::BulletList { items } => self.bullets(items, block),
            BlockKind::Table(t) => self.table(t, block),
            BlockKind::Comment { .. } | BlockKind::LineBlock { .. } | BlockKind::Transition => {}
            _ => self.describe(block),
        }
    }

    fn section(&mut self, title: &str, level: usize, at: &Location) {
        if self.current.as_ref().is_some_and(|g| level <= g.level) {
            self.close_group();
        }
        if let Some(g) = &mut self.current {
            // A subsection of an operation (server actions, personality):
            // its body text is request text again.
            g.side = Side::Request;
            g.in_subsection = true;
            g.description
                .push(format!("#### {}", crate::md::inline(title)));
        }
        while self.sections.last().is_some_and(|s| s.level >= level) {
            self.sections.pop();
        }
        let mut ids = std::mem::take(&mut self.pending_targets);
        ids.push(cells::section_id(title));
        self.sections.push(SectionInfo {
            title: crate::text::plain(title),
            level,
            ids,
            location: Some(at.clone()),
        });
        self.prose.clear();
    }

    fn rubric(&mut self, argument: &str, at: &Location) {
        let name = crate::text::plain(argument);
        let lower = name.to_ascii_lowercase();
        let side = if lower.starts_with("request") {
            Some(Side::Request)
        } else if lower.starts_with("respon") {
            Some(Side::Response)
        } else {
            None
        };
        match (&mut self.current, side) {
            (Some(g), Some(side)) => g.side = side,
            (Some(_), None) | (None, Some(_)) => {}
            (None, None) => {
                if !name.is_empty() {
                    self.add_tag(&name, at);
                    self.rubric_tag = Some(name);
                }
            }
        }
    }

    fn add_tag(&mut self, name: &str, at: &Location) {
        if !self.tags.iter().any(|t| t.name == name) {
            self.tags.push(Tag {
                name: name.to_string(),
                description: String::new(),
                location: at.clone(),
                status_tables: Vec::new(),
            });
        }
    }

    fn paragraph(&mut self, text: &str, block: &Block) {
        let trimmed = text.trim();
        let lower = trimmed.to_ascii_lowercase();
        if is_example_title(trimmed) {
            self.pending_title = Some(
                crate::text::plain(trimmed)
                    .trim_end_matches(':')
                    .trim()
                    .to_string(),
            );
            return;
        }
        if let Some(g) = &mut self.current {
            if lower.starts_with("request body") {
                g.side = Side::Request;
                return;
            }
            if lower.starts_with("response body") || lower.starts_with("response code") {
                g.side = Side::Response;
                return;
            }
            if g.side == Side::Response {
                for anchor in cells::anchors(trimmed) {
                    if self.attributes.contains_key(&anchor) && !g.response_links.contains(&anchor)
                    {
                        g.response_links.push(anchor);
                    }
                }
            }
        }
        self.describe(block);
    }

    fn bullets(&mut self, items: &[ListItem], block: &Block) {
        let Some(g) = &mut self.current else {
            self.describe(block);
            return;
        };
        let unmatched = match g.last_list {
            Some(which) => apply_notes(items, g.list_mut(which)),
            None => items.iter().collect(),
        };
        // Notes may also name path parameters (`**server-id** is …`) or
        // fields of the request body documented by a template only.
        let rest: Vec<Block> = unmatched
            .into_iter()
            .map(|item| Block {
                kind: BlockKind::BulletList {
                    items: vec![item.clone()],
                },
                location: item.location.clone(),
            })
            .collect();
        if !rest.is_empty() {
            let md = crate::md::blocks(&rest);
            if !md.trim().is_empty() {
                g.description.push(md);
            }
        }
    }

    /// Prose (paragraphs, notes, other blocks) for the current operation's
    /// description, or the current section's, which becomes it.
    fn describe(&mut self, block: &Block) {
        let md = crate::md::blocks(std::slice::from_ref(block));
        if md.trim().is_empty() {
            return;
        }
        match &mut self.current {
            Some(g) => g.description.push(md),
            None => self.prose.push(md),
        }
    }

    fn table(&mut self, table: &speclift_rst::Table, block: &Block) {
        let Some(t) = tables::classify(table, self.diags) else {
            return;
        };
        match &t.kind {
            Kind::Operations { overview: true } => self.overview_table(&t),
            Kind::Operations { overview: false } => self.operations_table(&t),
            Kind::Other => {}
            kind => {
                let kind = kind.clone();
                if self.current.is_none() {
                    // Index-of-attributes and other reference tables: read
                    // in the first pass, where links can find them.
                    return;
                }
                self.parameter_table(&t, &kind, block);
            }
        }
    }

    fn parameter_table(&mut self, t: &Classified<'_>, kind: &Kind, block: &Block) {
        let Some(g) = &mut self.current else { return };
        match kind {
            Kind::RequestHeaders => {
                extend_unique(&mut g.headers, table_params(t, ParamIn::Header));
                g.last_list = Some(ListRef::Headers);
            }
            Kind::ResponseHeaders => {
                extend_unique(&mut g.response_headers, table_params(t, ParamIn::Header));
                g.last_list = Some(ListRef::ResponseHeaders);
            }
            Kind::QueryParameters => {
                extend_unique(&mut g.query, table_params(t, ParamIn::Query));
                g.last_list = Some(ListRef::Query);
            }
            Kind::ReturnCodes => {
                g.side = Side::Response;
                for row in t.rows {
                    let code_cell = t.cell(row, 0);
                    if code_cell.trim().is_empty() {
                        continue;
                    }
                    match cells::return_code(code_cell) {
                        Ok((code, reason)) => {
                            let text = t.description.map(|i| t.cell(row, i)).unwrap_or("");
                            let described = crate::md::inline(&cells::join_lines(text));
                            let description = if described.is_empty() {
                                if reason.is_empty() { reason_phrase(code).to_string() } else { reason }
                            } else {
                                described
                            };
                            if g.statuses.iter().any(|s| s.code == code) {
                                continue;
                            }
                            g.statuses.push(StatusCode {
                                code,
                                success: (200..300).contains(&code),
                                description,
                                microversions: VersionRange::default(),
                                location: row.location.clone(),
                            });
                        }
                        Err(message) => self.diags.push(
                            Diagnostic::error(t.cell_location(row, 0), message)
                                .with_hint("write the return code as `200 (OK)`: a three-digit HTTP status, then its reason"),
                        ),
                    }
                }
                g.last_list = None;
            }
            Kind::Attributes { heading } => {
                let which = g.body_ref();
                let in_subsection = g.in_subsection;
                let params = table_params(t, ParamIn::Body);
                let base = heading
                    .trim_end_matches("attributes")
                    .trim_end_matches("attribute")
                    .trim()
                    .to_string();
                let list = g.list_mut(which);
                if let Some(parent) = list.iter_mut().find(|p| p.name.eq_ignore_ascii_case(&base)) {
                    // `Personality Attributes` after a `personality`
                    // attribute: its fields, told in its description.
                    let fields = params
                        .iter()
                        .map(|p| {
                            let first = p.description.split("\n\n").next().unwrap_or("");
                            format!("- `{}`: {}", p.name, first)
                        })
                        .collect::<Vec<_>>()
                        .join("\n");
                    let text = format!("Fields:\n\n{fields}");
                    if !parent.description.contains(&text) {
                        parent.description = join_paragraphs(&parent.description, &text);
                    }
                    return;
                }
                if in_subsection {
                    // An attribute table in a subsection describes some
                    // nested structure; without knowing where it nests it
                    // stays prose.
                    self.describe(block);
                    return;
                }
                if let Some(g) = &mut self.current {
                    extend_unique(g.list_mut(which), params);
                    g.last_list = Some(which);
                }
            }
            Kind::Operations { .. } | Kind::Other => {}
        }
    }

    fn overview_table(&mut self, t: &Classified<'_>) {
        let tag = self
            .rubric_tag
            .clone()
            .or_else(|| self.sections.last().map(|s| s.title.clone()))
            .unwrap_or_else(|| "Operations".into());
        if let Some(at) = t.rows.first().map(|r| r.location.clone()) {
            self.add_tag(&tag, &at);
        }
        let description = t.description.or_else(|| {
            // The overview's Description column is the first one.
            Some(0).filter(|&i| Some(i) != t.uri && Some(i) != t.method)
        });
        let mut previous: Option<(String, Option<String>)> = None;
        for row in t.rows {
            let text = description.map(|i| t.cell(row, i)).unwrap_or("").trim();
            let (summary, anchor) = if text.is_empty() || text == "\\" {
                previous.clone().unwrap_or_default()
            } else {
                let first_line = text.lines().next().unwrap_or("");
                (
                    crate::text::plain(first_line),
                    cells::anchors(first_line).into_iter().next(),
                )
            };
            previous = Some((summary.clone(), anchor.clone()));
            for op in self.op_rows(t, row) {
                self.overview.push(OverviewRow {
                    op,
                    tag: tag.clone(),
                    summary: summary.clone(),
                    anchor: anchor.clone(),
                });
            }
        }
    }

    fn operations_table(&mut self, t: &Classified<'_>) {
        let section = self
            .sections
            .last()
            .map(|s| (s.title.clone(), s.level, s.ids.clone(), s.location.clone()));
        let same_section = match (&self.current, &section) {
            (Some(g), Some(s)) => g.level == s.1 && g.title == s.0,
            _ => false,
        };
        if !same_section {
            self.close_group();
            let (title, level, ids) = match section {
                Some((title, level, ids, _)) => (title, level, ids),
                None => (String::new(), 0, Vec::new()),
            };
            let parent_title = self
                .sections
                .iter()
                .rev()
                .nth(1)
                .map(|s| s.title.clone())
                .unwrap_or_default();
            self.current = Some(Group {
                level,
                title,
                ids,
                parent_title,
                ops: Vec::new(),
                side: Side::Request,
                in_subsection: false,
                headers: Vec::new(),
                query: Vec::new(),
                request_body: Vec::new(),
                response_body: Vec::new(),
                response_headers: Vec::new(),
                statuses: Vec::new(),
                seen: Vec::new(),
                response_links: Vec::new(),
                description: std::mem::take(&mut self.prose),
                last_list: None,
            });
        }
        let mut rows = Vec::new();
        for row in t.rows {
            rows.extend(self.op_rows(t, row));
        }
        if let Some(g) = &mut self.current {
            // The URI table is the request, whatever rubric came before it.
            g.side = Side::Request;
            g.last_list = None;
            g.ops.extend(rows);
        }
    }

    /// The operations one table row names: a row continued with `\` (or a
    /// `POST/PUT` cell) names several.
    fn op_rows(&mut self, t: &Classified<'_>, row: &Row) -> Vec<OpRow> {
        let (Some(ui), Some(mi)) = (t.uri, t.method) else {
            return Vec::new();
        };
        let uri_lines = lines_of(t.cell(row, ui));
        let method_lines = lines_of(t.cell(row, mi));
        if uri_lines.is_empty() && method_lines.is_empty() {
            return Vec::new();
        }
        let n = uri_lines.len().max(method_lines.len());
        let mut out = Vec::new();
        for k in 0..n {
            let uri_text = uri_lines.get(k).or(uri_lines.last()).copied().unwrap_or("");
            let method_text = method_lines
                .get(k)
                .or(method_lines.last())
                .copied()
                .unwrap_or("");
            let uri_at = t
                .cell_location(row, ui)
                .below(k as u32, t.cell_location(row, ui).column);
            let method_at = t
                .cell_location(row, mi)
                .below(k as u32, t.cell_location(row, mi).column);
            let uri = match cells::uri(uri_text) {
                Ok(u) => u,
                Err(message) => {
                    self.diags.push(
                        Diagnostic::error(uri_at, message)
                            .with_hint("write the URI as a path, e.g. ``/servers/<server id>``"),
                    );
                    continue;
                }
            };
            for problem in &uri.problems {
                self.diags.push(
                    Diagnostic::warning(uri_at.clone(), problem.clone())
                        .with_hint("close the parameter, e.g. `<flavor-id>`"),
                );
            }
            let methods = match cells::methods(method_text) {
                Ok(m) => m,
                Err(message) => {
                    self.diags.push(
                        Diagnostic::error(method_at, message).with_hint(
                            "write an HTTP method (GET, POST, PUT, DELETE, PATCH, HEAD; several as `POST/PUT`)",
                        ),
                    );
                    continue;
                }
            };
            let mut support = Map::new();
            for col in &t.support {
                let lines = lines_of(t.cell(row, col.index));
                let text = lines.get(k).or(lines.last()).copied().unwrap_or("");
                if let Some(s) = cells::support(text) {
                    support.insert(col.key.clone(), Value::Bool(s.supported));
                }
            }
            for method in methods {
                out.push(OpRow {
                    method,
                    uri: uri.clone(),
                    support: support.clone(),
                    location: uri_at.clone(),
                });
            }
        }
        out
    }

    fn example(
        &mut self,
        lines: &[&str],
        locations: &[Location],
        title: Option<String>,
        at: &Location,
        is_example: bool,
    ) {
        let Some(g) = &mut self.current else { return };
        let Example { request_line, body } = examples::read(lines);
        let line_at = |i: usize| locations.get(i).cloned().unwrap_or_else(|| at.clone());
        let lower = title.as_deref().unwrap_or("").to_ascii_lowercase();
        // The title says it; else a GET/DELETE line shows a response (those
        // requests have no body); else the rubric or sentence before it.
        let bodiless = request_line
            .as_ref()
            .is_some_and(|r| matches!(r.method, Method::Get | Method::Delete | Method::Head));
        let side = if lower.contains("request") {
            Side::Request
        } else if lower.contains("respon") || bodiless {
            Side::Response
        } else {
            g.side
        };
        if let Some(r) = &request_line {
            for op in &g.ops {
                if let Some(prefix) = base_of(&r.path, &op.uri.path) {
                    *self
                        .bases
                        .entry(format!("{}{}", r.origin, prefix))
                        .or_default() += 1;
                    break;
                }
            }
        }
        let location = request_line
            .as_ref()
            .map(|r| line_at(r.line))
            .unwrap_or_else(|| line_at(0));
        let (sample, shape, template) = match body {
            Body::Empty => (None, None, false),
            Body::Json(value) if is_example => (
                Some(Sample {
                    title: title.clone().unwrap_or_default(),
                    microversion: None,
                    file: None,
                    body: value.clone(),
                    location: location.clone(),
                }),
                Some(value),
                false,
            ),
            // A `::` block of real JSON is a body description, not an
            // example: structure only.
            Body::Json(value) => (None, Some(value), true),
            Body::Template(value) => (None, Some(value), true),
            Body::NotJson {
                value,
                line,
                column,
                message,
            } => {
                if is_example {
                    let at = line_at(line);
                    let at = at.below(0, at.column + column.saturating_sub(1) as u32);
                    self.diags.push(
                        Diagnostic::warning(
                            at,
                            format!("this example is not JSON ({message}); it is not emitted as an example"),
                        )
                        .with_hint(
                            "write JSON: double-quoted keys and strings, commas between members, true/false/null",
                        ),
                    );
                }
                (None, value, false)
            }
        };
        if sample.is_some() || shape.is_some() {
            g.seen.push(Seen {
                side,
                sample,
                shape,
                template,
                request_line,
            });
        }
    }

    fn close_group(&mut self) {
        if let Some(g) = self.current.take() {
            self.groups.push(g);
        }
    }

    /// Every operation: the documented ones in document order, then the
    /// overview rows no section documents.
    fn operations(&mut self) -> Vec<Operation> {
        let groups = std::mem::take(&mut self.groups);
        let mut ops = Vec::new();
        for g in &groups {
            for row in &g.ops {
                let op = self.operation(g, row);
                ops.push(op);
            }
        }
        let overview = std::mem::take(&mut self.overview);
        for o in &overview {
            match ops
                .iter_mut()
                .find(|op| op.method == o.op.method && op.path == o.op.uri.path)
            {
                Some(op) => self.compare_support(o, op),
                None => ops.push(self.undocumented(o, &groups)),
            }
        }
        // Tags: by (method, path) in the overview, else by the overview
        // row linking to the section, else the enclosing section.
        let mut previous_tag: Option<String> = None;
        for (op, group_title) in ops
            .iter_mut()
            .zip(groups.iter().flat_map(|g| g.ops.iter().map(move |_| g)))
        {
            if !op.tag.is_empty() {
                previous_tag = Some(op.tag.clone());
                continue;
            }
            let by_path = overview
                .iter()
                .find(|o| o.op.method == op.method && o.op.uri.path == op.path);
            let by_anchor = || {
                overview.iter().find(|o| {
                    o.anchor
                        .as_ref()
                        .is_some_and(|a| group_title.ids.contains(a))
                })
            };
            let by_resource = || {
                let first = first_segment(&op.path);
                overview
                    .iter()
                    .find(|o| first_segment(&o.op.uri.path) == first)
            };
            op.tag = match by_path.or_else(by_anchor).or_else(by_resource) {
                Some(o) => o.tag.clone(),
                // Next to the operation before it in the guide.
                None => match &previous_tag {
                    Some(t) => t.clone(),
                    None if !group_title.parent_title.is_empty() => {
                        group_title.parent_title.clone()
                    }
                    None => "Operations".into(),
                },
            };
            previous_tag = Some(op.tag.clone());
        }
        for op in &ops {
            let tag = op.tag.clone();
            self.add_tag(&tag, &op.location);
        }
        ops
    }

    fn compare_support(&mut self, o: &OverviewRow, op: &Operation) {
        let Some(Value::Object(documented)) = op.extensions.get(VENDOR_KEY) else {
            return;
        };
        for (key, listed) in &o.op.support {
            if let Some(said) = documented.get(key)
                && said != listed
            {
                self.diags.push(
                    Diagnostic::warning(
                        op.location.clone(),
                        format!(
                            "`{} {}`: the operation's table says {key} {} but the API Operations overview (line {}) says {}",
                            op.method.as_str(),
                            op.path,
                            yes_no(said),
                            o.op.location.line,
                            yes_no(listed)
                        ),
                    )
                    .with_hint("make the support marks agree; the operation's own table is used"),
                );
            }
        }
    }

    fn operation(&mut self, g: &Group, row: &OpRow) -> Operation {
        let has_body = matches!(row.method, Method::Post | Method::Put | Method::Patch);
        let mut parameters = path_parameters(row);
        parameters.extend(g.headers.iter().cloned());
        parameters.extend(g.query.iter().cloned());

        let matched = |seen: &&Seen| example_matches(seen, row, &g.ops);
        let request_seen: Vec<&Seen> = g
            .seen
            .iter()
            .filter(|s| s.side == Side::Request)
            .filter(matched)
            .collect();
        let response_seen: Vec<&Seen> = g
            .seen
            .iter()
            .filter(|s| s.side == Side::Response)
            .filter(matched)
            .collect();

        let request = if has_body {
            Request {
                parameters,
                body: body_with_wrapper(&request_seen, &g.request_body, row),
                samples: request_seen
                    .iter()
                    .filter_map(|s| s.sample.clone())
                    .collect(),
            }
        } else {
            Request {
                parameters,
                ..Request::default()
            }
        };

        let mut response_body = g.response_body.clone();
        for anchor in &g.response_links {
            if let Some(attrs) = self.attributes.get(anchor) {
                extend_unique(&mut response_body, attrs.clone());
            }
        }
        let response_body = body_with_wrapper(&response_seen, &response_body, row);
        let response_samples: Vec<Sample> = response_seen
            .iter()
            .filter_map(|s| s.sample.clone())
            .collect();

        let mut statuses = g.statuses.clone();
        if statuses.is_empty() {
            self.diags.push(
                Diagnostic::warning(
                    row.location.clone(),
                    format!(
                        "`{} {}` documents no return codes; 200 is assumed",
                        row.method.as_str(),
                        row.uri.path
                    ),
                )
                .with_hint(
                    "add a `Return Code` / `Description` table under `.. rubric:: Response`",
                ),
            );
            statuses.push(StatusCode {
                code: 200,
                success: true,
                description: "Request succeeded (assumed: no return code is documented)".into(),
                microversions: VersionRange::default(),
                location: row.location.clone(),
            });
        }
        let only_no_content = statuses.iter().filter(|s| s.success).all(|s| s.code == 204);
        let body_code = statuses
            .iter()
            .find(|s| s.success && (s.code != 204 || only_no_content))
            .map(|s| s.code);
        let responses = statuses
            .into_iter()
            .map(|status| {
                let gets_body = status.success && (status.code != 204 || only_no_content);
                let samples = if Some(status.code) == body_code {
                    response_samples.clone()
                } else {
                    Vec::new()
                };
                Response {
                    headers: if status.success {
                        g.response_headers.clone()
                    } else {
                        Vec::new()
                    },
                    body: if gets_body {
                        response_body.clone()
                    } else {
                        Vec::new()
                    },
                    samples,
                    status,
                }
            })
            .collect();

        let mut extensions = BTreeMap::new();
        if !row.support.is_empty() {
            extensions.insert(VENDOR_KEY.to_string(), Value::Object(row.support.clone()));
        }
        Operation {
            method: row.method,
            path: row.uri.path.clone(),
            query: row.uri.query.clone(),
            summary: g.title.clone(),
            description: g.description.join("\n\n"),
            tag: String::new(),
            microversions: VersionRange::default(),
            deprecated: false,
            request,
            responses,
            extensions,
            location: row.location.clone(),
        }
    }

    /// An overview row that no section documents: kept, and marked.
    fn undocumented(&mut self, o: &OverviewRow, groups: &[Group]) -> Operation {
        let linked = o
            .anchor
            .as_ref()
            .and_then(|a| groups.iter().find(|g| g.ids.contains(a)));
        let summary = o
            .anchor
            .as_ref()
            .and_then(|a| self.section_titles.get(a).cloned())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| format!("{} ({})", o.summary, o.tag));
        let mut description =
            "Listed in the guide's API Operations overview; no section of the guide documents it."
                .to_string();
        if let Some(g) = linked {
            let documented: Vec<String> = g
                .ops
                .iter()
                .map(|r| format!("`{} {}`", r.method.as_str(), r.uri.path))
                .collect();
            description.push_str(&format!(
                " The overview links it to the section \"{}\", which documents {}.",
                g.title,
                documented.join(", ")
            ));
        }
        self.diags.push(
            Diagnostic::warning(
                o.op.location.clone(),
                format!(
                    "`{} {}` is listed in the API Operations overview but no section documents it",
                    o.op.method.as_str(),
                    o.op.uri.path
                ),
            )
            .with_hint("add a section with a URI/Method table for it, or correct the overview row"),
        );
        let mut vendor = o.op.support.clone();
        vendor.insert("documented".into(), Value::Bool(false));
        let mut extensions = BTreeMap::new();
        extensions.insert(VENDOR_KEY.to_string(), Value::Object(vendor));
        Operation {
            method: o.op.method,
            path: o.op.uri.path.clone(),
            query: o.op.uri.query.clone(),
            summary,
            description,
            tag: o.tag.clone(),
            microversions: VersionRange::default(),
            deprecated: false,
            request: Request {
                parameters: path_parameters(&o.op),
                ..Request::default()
            },
            responses: Vec::new(),
            extensions,
            location: o.op.location.clone(),
        }
    }
}

/// Blocks in reading order, with block quotes opened (the guides indent
/// some tables and examples).
fn flatten(blocks: &[Block]) -> Vec<&Block> {
    let mut out = Vec::new();
    for b in blocks {
        match &b.kind {
            BlockKind::BlockQuote { blocks } => out.extend(flatten(blocks)),
            _ => out.push(b),
        }
    }
    out
}

fn is_code(d: &Directive) -> bool {
    matches!(d.name.as_str(), "code" | "code-block" | "sourcecode")
}

/// `*Example Attach Volume Request: JSON*`, `**Example**`.
fn is_example_title(text: &str) -> bool {
    let inner = text.trim_matches('*').trim();
    let emphasised = text.starts_with('*') && text.ends_with('*') && !text.contains('\n');
    (emphasised || text.starts_with("Example")) && inner.to_ascii_lowercase().starts_with("example")
}

/// Non-empty lines of a cell (rows continued with `\` are merged with
/// `\n` by the reader).
fn lines_of(cell: &str) -> Vec<&str> {
    cell.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && *l != "\\")
        .collect()
}

fn yes_no(v: &Value) -> &'static str {
    if v.as_bool() == Some(true) {
        "✔"
    } else {
        "✘"
    }
}

fn join_paragraphs(a: &str, b: &str) -> String {
    match (a.trim().is_empty(), b.trim().is_empty()) {
        (true, _) => b.to_string(),
        (_, true) => a.to_string(),
        _ => format!("{a}\n\n{b}"),
    }
}

fn extend_unique(list: &mut Vec<Parameter>, params: Vec<Parameter>) {
    for p in params {
        if !list.iter().any(|q| q.name == p.name) {
            list.push(p);
        }
    }
}

/// One parameter per table row: name, description, type, and what the
/// implementation columns say (the first one, the guide's own service,
/// decides `required`).
fn table_params(t: &Classified<'_>, location_in: ParamIn) -> Vec<Parameter> {
    let mut out = Vec::new();
    for row in t.rows {
        let name = cells::join_lines(&crate::text::plain(t.cell(row, 0)));
        if name.is_empty() || name == "\\" {
            continue;
        }
        let description = t
            .description
            .map(|i| crate::md::inline(&cells::join_lines(t.cell(row, i))))
            .unwrap_or_default();
        let ty =
            t.ty.map(|i| cells::join_lines(&crate::text::plain(t.cell(row, i))))
                .filter(|s| !s.is_empty())
                // Header and query values are strings on the wire.
                .or_else(|| (location_in != ParamIn::Body).then(|| "string".to_string()));
        let mut notes = Vec::new();
        let mut required = false;
        for (n, col) in t.support.iter().enumerate() {
            let Some(s) = cells::support(t.cell(row, col.index)) else {
                continue;
            };
            if n == 0 && s.qualifier == Some("required") {
                required = true;
            }
            let word = match (s.supported, s.qualifier) {
                (false, _) => "not supported",
                (true, Some(q)) => q,
                (true, None) => "supported",
            };
            notes.push(format!("{}: {word}", col.label));
        }
        let support = if notes.is_empty() {
            String::new()
        } else {
            format!("Support: {}.", notes.join("; "))
        };
        out.push(Parameter {
            name,
            key: String::new(),
            location_in,
            ty,
            required,
            description: join_paragraphs(&description, &support),
            microversions: VersionRange::default(),
            location: row.location.clone(),
            definition: None,
        });
    }
    out
}

/// Bullet notes after a table (`* **volumeId** is the id of …`, `* **json**
/// and **xml** parameters are mutually exclusive`) refine the parameters
/// they name. Returns the items that name none.
fn apply_notes<'i>(items: &'i [ListItem], params: &mut [Parameter]) -> Vec<&'i ListItem> {
    let mut unmatched = Vec::new();
    for item in items {
        let text: String = item
            .blocks
            .iter()
            .filter_map(|b| match &b.kind {
                BlockKind::Paragraph { text } => Some(text.as_str()),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join("\n\n");
        let names = noted_names(&text);
        let mut hit = false;
        for p in params.iter_mut() {
            let key = cells::param_name(&p.name);
            if !names
                .iter()
                .any(|n| n == &p.name || cells::param_name(n) == key)
            {
                continue;
            }
            hit = true;
            let lower = text.to_ascii_lowercase();
            if lower.contains("(required)") {
                p.required = true;
            } else if lower.contains("(optional)") {
                p.required = false;
            }
            let md = crate::md::blocks(&item.blocks);
            // `**id** The unique volume ID`: the rest is the description.
            let own = format!("**{}**", p.name);
            let note = match md.strip_prefix(&own).map(str::trim_start) {
                Some(rest) if names.len() == 1 && rest.starts_with(char::is_uppercase) => {
                    rest.to_string()
                }
                _ => md.clone(),
            };
            if !p.description.contains(&note) {
                // The support note stays last.
                let (text, support) = match p.description.find("Support: ") {
                    Some(i) => p.description.split_at(i),
                    None => (p.description.as_str(), ""),
                };
                p.description = join_paragraphs(&join_paragraphs(text.trim_end(), &note), support);
            }
        }
        if !hit {
            unmatched.push(item);
        }
    }
    unmatched
}

/// The bold names a note starts with: `**a**, **b** and **c** …`.
fn noted_names(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = text.trim_start();
    loop {
        let (marker, after) = if let Some(r) = rest.strip_prefix("**") {
            ("**", r)
        } else if let Some(r) = rest.strip_prefix('*') {
            ("*", r)
        } else {
            break;
        };
        let Some(end) = after.find(marker) else { break };
        names.push(after[..end].trim().to_string());
        rest = after[end + marker.len()..].trim_start();
        rest = rest
            .strip_prefix(',')
            .or_else(|| rest.strip_prefix("and "))
            .or_else(|| rest.strip_prefix("or "))
            .unwrap_or(rest)
            .trim_start();
    }
    names
}

fn path_parameters(row: &OpRow) -> Vec<Parameter> {
    row.uri
        .params
        .iter()
        .map(|(name, written)| Parameter {
            name: name.clone(),
            key: String::new(),
            location_in: ParamIn::Path,
            ty: Some("string".into()),
            required: true,
            description: if written.trim_matches(['<', '>', '{', '}']) == name {
                String::new()
            } else {
                format!("Written `{written}` in the guide.")
            },
            microversions: VersionRange::default(),
            location: row.location.clone(),
            definition: None,
        })
        .collect()
}

/// The documented body, led by the wrapper the examples or templates show
/// (`volumeAttachment`), followed by the documented fields and the fields
/// only a template names. Examples that disagree on the wrapper (server
/// actions: `start`, `reboot`, …) give none.
fn body_with_wrapper(seen: &[&Seen], documented: &[Parameter], row: &OpRow) -> Vec<Parameter> {
    let param = |name: String, ty: Option<&str>, required: bool, location: Location| Parameter {
        name,
        key: String::new(),
        location_in: ParamIn::Body,
        ty: ty.map(str::to_string),
        required,
        description: String::new(),
        microversions: VersionRange::default(),
        location,
        definition: None,
    };
    let shaped: Vec<(&&Seen, &Value)> = seen
        .iter()
        .filter_map(|s| s.shape.as_ref().map(|v| (s, v)))
        .collect();
    let wrappers: Vec<Option<(String, &'static str)>> =
        shaped.iter().map(|(_, v)| examples::wrapper(v)).collect();
    let agreed = match wrappers.first() {
        Some(Some(first))
            if wrappers
                .iter()
                .all(|w| w.as_ref().map(|w| &w.0) == Some(&first.0)) =>
        {
            Some(first.clone())
        }
        _ => None,
    };
    let mut body = Vec::new();
    let mut template_keys = Vec::new();
    if let Some((name, ty)) = agreed
        && !documented.iter().any(|p| p.name == name)
    {
        let location = shaped
            .iter()
            .find_map(|(s, _)| s.sample.as_ref().map(|x| x.location.clone()))
            .unwrap_or_else(|| row.location.clone());
        // A body always carries its wrapper.
        body.push(param(name, Some(ty), true, location));
        for (s, value) in &shaped {
            if s.template {
                for key in examples::wrapped_keys(value) {
                    if !documented.iter().any(|p| p.name == key) && !template_keys.contains(&key) {
                        template_keys.push(key);
                    }
                }
            }
        }
    }
    body.extend(documented.iter().cloned());
    body.extend(
        template_keys
            .into_iter()
            .map(|k| param(k, None, false, row.location.clone())),
    );
    body
}

/// Whether an example belongs to `row` among its section's operations:
/// by its request line's path (and method) when it has one.
fn example_matches(seen: &Seen, row: &OpRow, ops: &[OpRow]) -> bool {
    let Some(r) = &seen.request_line else {
        return true;
    };
    let by_path: Vec<&OpRow> = ops
        .iter()
        .filter(|o| base_of(&r.path, &o.uri.path).is_some())
        .collect();
    if by_path.is_empty() {
        // The line names a path no row documents (a typo in the guide):
        // it still illustrates this section.
        return true;
    }
    let by_method: Vec<&&OpRow> = by_path.iter().filter(|o| o.method == r.method).collect();
    let chosen: Vec<&OpRow> = if by_method.is_empty() {
        by_path
    } else {
        by_method.into_iter().copied().collect()
    };
    // The most specific path wins: `/volumes/detail` over `/volumes`.
    let best = chosen.iter().map(|o| o.uri.path.len()).max().unwrap_or(0);
    chosen
        .iter()
        .any(|o| std::ptr::eq(*o, row) && o.uri.path.len() == best)
}

/// If `url_path` ends with an instance of `template`, the part before it:
/// `/compute/v2.0/servers/1134` against `/servers/{server_id}` →
/// `/compute/v2.0`.
fn base_of(url_path: &str, template: &str) -> Option<String> {
    let url: Vec<&str> = url_path.split('/').filter(|s| !s.is_empty()).collect();
    let tpl: Vec<&str> = template.split('/').filter(|s| !s.is_empty()).collect();
    let start = url.len().checked_sub(tpl.len())?;
    let tail = url.get(start..)?;
    let fits = tail
        .iter()
        .zip(&tpl)
        .all(|(u, t)| (t.starts_with('{') && t.ends_with('}')) || u == t);
    if !fits {
        return None;
    }
    let head = url.get(..start)?;
    Some(if head.is_empty() {
        String::new()
    } else {
        format!("/{}", head.join("/"))
    })
}

/// `/servers/{server_id}/ips` → `servers`: the resource an operation is
/// about.
fn first_segment(path: &str) -> &str {
    path.split('/').find(|s| !s.is_empty()).unwrap_or("")
}

fn is_generic_title(title: &str) -> bool {
    matches!(
        crate::text::slug(title).as_str(),
        "api-guide" | "api" | "guide" | "api-reference" | "reference" | "index"
    )
}

fn file_stem(file: &Path) -> String {
    file.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The slug of the guide's title, or of its file name when the title is
/// as generic as "API Guide" (all three Synnefo guides are titled so).
fn api_name(title: &str, file: &Path) -> String {
    if is_generic_title(title) || title.trim().is_empty() {
        let stem = file_stem(file);
        if !stem.is_empty() {
            return crate::text::slug(&stem);
        }
    }
    crate::text::slug(title)
}

fn reason_phrase(code: u16) -> &'static str {
    match code {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        304 => "Not Modified",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        413 => "Request Entity Too Large",
        415 => "Unsupported Media Type",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Response",
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::Arc;

    use speclift_rst::{Cell, Table, TableKind};

    use super::*;

    fn read_text(text: &str) -> LoadedApi {
        let file: Arc<Path> = Arc::from(PathBuf::from("guide.rst"));
        let (doc, _) = speclift_rst::parse_str(file.clone(), text);
        read_api(&doc, &file, Path::new("."))
    }

    fn errors(loaded: &LoadedApi) -> Vec<String> {
        loaded
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.to_string())
            .collect()
    }

    const GUIDE: &str = "\
API Guide
*********

Intro.

API Operations
==============

.. rubric:: Volumes

=========================== ======================== ====== ======== ==========
Description                 URI                      Method Cyclades OS/Compute
=========================== ======================== ====== ======== ==========
`List <#list-volumes>`__    ``/volumes``             GET    ✔        ✔
\\                           ``/volumes/detail``      GET    ✔        **✘**
`Delete <#delete-volume>`__ ``/volumes/<volume id>`` DELETE ✔        ✔
=========================== ======================== ====== ======== ==========

List Volumes
------------

List them.

.. rubric:: Request

=================== ====== ======== ==========
URI                 Method Cyclades OS/Compute
=================== ====== ======== ==========
``/volumes``        GET    ✔        ✔
``/volumes/detail`` GET    ✔        **✘**
=================== ====== ======== ==========

.. rubric:: Response

=========================== =====================
Return Code                 Description
=========================== =====================
200 (OK)                    Request succeeded
500 (Internal Server Error) The request cannot be completed because of an
\\                           internal error
=========================== =====================

*Example List Volumes: JSON (detail)*

.. code::

  GET https://example.org/cyclades/v2/volumes/detail

  {
    \"volumes\": [{\"id\": \"42\",}],   # one
  }
";

    #[test]
    fn reads_overview_sections_and_examples() {
        let loaded = read_text(GUIDE);
        assert!(errors(&loaded).is_empty(), "{:?}", loaded.diagnostics);
        let api = &loaded.api;
        assert_eq!(api.name, "guide");
        assert_eq!(api.dialect, "synnefo");
        assert!(
            api.description.contains("https://example.org/cyclades/v2"),
            "{}",
            api.description
        );
        let ops: Vec<(Method, &str, &str)> = api
            .operations
            .iter()
            .map(|o| (o.method, o.path.as_str(), o.tag.as_str()))
            .collect();
        assert_eq!(
            ops,
            vec![
                (Method::Get, "/volumes", "Volumes"),
                (Method::Get, "/volumes/detail", "Volumes"),
                (Method::Delete, "/volumes/{volume_id}", "Volumes"),
            ]
        );
        let detail = &api.operations[1];
        assert_eq!(
            detail.extensions[VENDOR_KEY],
            serde_json::json!({"cyclades": true, "os-compute": false})
        );
        let codes: Vec<(u16, &str)> = detail
            .responses
            .iter()
            .map(|r| (r.status.code, r.status.description.as_str()))
            .collect();
        assert_eq!(
            codes,
            vec![
                (200, "Request succeeded"),
                (
                    500,
                    "The request cannot be completed because of an internal error"
                )
            ]
        );
        // The example names /volumes/detail: it is that operation's only.
        assert_eq!(detail.responses[0].samples.len(), 1);
        assert_eq!(
            detail.responses[0].samples[0].body,
            serde_json::json!({"volumes": [{"id": "42"}]})
        );
        assert!(api.operations[0].responses[0].samples.is_empty());
        // The overview's DELETE has no section: kept and marked.
        let delete = &api.operations[2];
        assert_eq!(
            delete.extensions[VENDOR_KEY]["documented"],
            serde_json::json!(false)
        );
        assert_eq!(delete.request.parameters[0].name, "volume_id");
        assert_eq!(delete.request.parameters[0].location_in, ParamIn::Path);
        assert!(delete.request.parameters[0].required);
    }

    #[test]
    fn a_method_that_is_not_http_is_an_error_at_its_cell() {
        let loaded = read_text(
            "Guide\n=====\n\nOp\n--\n\n============ ====== ========\nURI          Method Cyclades\n============ ====== ========\n``/volumes`` FETCH  ✔\n============ ====== ========\n",
        );
        let errs = errors(&loaded);
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert!(
            errs[0].starts_with("guide.rst:10:14: error: `FETCH` is not an HTTP method"),
            "{}",
            errs[0]
        );
        assert!(errs[0].contains("help:"));
        assert!(loaded.api.operations.is_empty());
    }

    #[test]
    fn a_uri_that_is_not_a_path_is_an_error() {
        let loaded = read_text(
            "Guide\n=====\n\nOp\n--\n\n======= ====== ========\nURI     Method Cyclades\n======= ====== ========\nvolumes GET    ✔\n======= ====== ========\n",
        );
        let errs = errors(&loaded);
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert!(errs[0].starts_with("guide.rst:10:1: error:"), "{}", errs[0]);
    }

    #[test]
    fn a_missing_header_row_is_reported() {
        // Only top and bottom borders: docutils reads no header row.
        let loaded = read_text(
            "Guide\n=====\n\nOp\n--\n\n============ ====== ========\n``/volumes`` GET    ✔\n============ ====== ========\n",
        );
        let errs = errors(&loaded);
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert!(errs[0].starts_with("guide.rst:8:1: error:"), "{}", errs[0]);
        assert!(errs[0].contains("no header row"));

        // A recognisable header without its border is read, with a warning.
        let loaded = read_text(
            "Guide\n=====\n\nOp\n--\n\n============ ====== ========\nURI          Method Cyclades\n``/volumes`` GET    ✔\n============ ====== ========\n",
        );
        assert!(errors(&loaded).is_empty(), "{:?}", loaded.diagnostics);
        assert!(
            loaded
                .diagnostics
                .iter()
                .any(|d| d.message.contains("no header row"))
        );
        assert_eq!(loaded.api.operations.len(), 1);
    }

    fn cell(text: &str, line: u32, column: u32) -> Cell {
        Cell {
            text: text.into(),
            location: Location::new(PathBuf::from("t.rst"), line, column),
        }
    }

    fn row(cells: Vec<Cell>) -> Row {
        let location = cells
            .first()
            .map(|c| c.location.clone())
            .unwrap_or_else(|| Location::new(PathBuf::from("t.rst"), 1, 1));
        Row { cells, location }
    }

    #[test]
    fn ragged_rows_are_reported_never_indexed_blindly() {
        let table = Table {
            kind: TableKind::Grid,
            header_rows: 1,
            rows: vec![
                row(vec![
                    cell("URI", 1, 1),
                    cell("Method", 1, 10),
                    cell("Cyclades", 1, 20),
                ]),
                row(vec![
                    cell("``/a``", 2, 1),
                    cell("GET", 2, 10),
                    cell("✔", 2, 20),
                ]),
                // Too short: its Method cell is missing.
                row(vec![cell("``/b``", 3, 1)]),
                // Too long: read, with a warning.
                row(vec![
                    cell("``/c``", 4, 1),
                    cell("PUT", 4, 10),
                    cell("✔", 4, 20),
                    cell("x", 4, 30),
                ]),
                // Not a support mark.
                row(vec![
                    cell("``/d``", 5, 1),
                    cell("GET", 5, 10),
                    cell("maybe", 5, 20),
                ]),
            ],
        };
        let doc = Document {
            blocks: vec![
                Block {
                    kind: BlockKind::Section {
                        title: "Op".into(),
                        level: 1,
                    },
                    location: Location::new(PathBuf::from("t.rst"), 1, 1),
                },
                Block {
                    kind: BlockKind::Table(table),
                    location: Location::new(PathBuf::from("t.rst"), 1, 1),
                },
            ],
        };
        let loaded = read_api(&doc, Path::new("t.rst"), Path::new("."));
        let shown: Vec<String> = loaded.diagnostics.iter().map(|d| d.to_string()).collect();
        assert!(
            shown
                .iter()
                .any(|d| d.starts_with("t.rst:3:1: error: this row has 1 cells")),
            "{shown:?}"
        );
        assert!(
            shown
                .iter()
                .any(|d| d.starts_with("t.rst:4:1: warning: this row has 4 cells")),
            "{shown:?}"
        );
        assert!(
            shown
                .iter()
                .any(|d| d.starts_with("t.rst:5:20: warning: `maybe`")),
            "{shown:?}"
        );
        let paths: Vec<&str> = loaded
            .api
            .operations
            .iter()
            .map(|o| o.path.as_str())
            .collect();
        assert_eq!(paths, ["/a", "/c", "/d"]);
        // `/b` names no method: an error at the row, no operation.
        assert!(
            shown
                .iter()
                .any(|d| d.contains("t.rst:3:1: error: the method cell is empty")),
            "{shown:?}"
        );
    }

    #[test]
    fn notes_refine_the_parameters_they_name() {
        let loaded = read_text(
            "Guide\n=====\n\nOp\n--\n\n=========== ====== ========\nURI         Method Cyclades\n=========== ====== ========\n``/things`` POST   ✔\n=========== ====== ========\n\nRequest body contents::\n\n  {\"thing\": {\"name\": <value>, \"size\": <value>, ...}}\n\n=========== ============= ======== ==========\nAttributes  Description   Cyclades OS/Compute\n=========== ============= ======== ==========\nname        The name      required ✔\nsize        The size      ✔        **✘**\n=========== ============= ======== ==========\n\n* **size** (optional) in GB\n\n* Something else entirely.\n\n.. rubric:: Response\n\n=========== ============\nReturn Code Description\n=========== ============\n201 (OK)\n=========== ============\n",
        );
        assert!(errors(&loaded).is_empty(), "{:?}", loaded.diagnostics);
        let op = &loaded.api.operations[0];
        let body: Vec<(&str, Option<&str>, bool)> = op
            .request
            .body
            .iter()
            .map(|p| (p.name.as_str(), p.ty.as_deref(), p.required))
            .collect();
        assert_eq!(
            body,
            vec![
                ("thing", Some("object"), true),
                ("name", None, true),
                ("size", None, false)
            ]
        );
        let size = &op.request.body[2].description;
        assert!(size.starts_with("The size\n\n"), "{size}");
        assert!(size.contains("in GB"), "{size}");
        assert!(
            size.ends_with("Support: Cyclades: supported; OS/Compute: not supported."),
            "{size}"
        );
        assert!(
            op.description.contains("Something else entirely"),
            "{}",
            op.description
        );
        // A code cell without description: the reason phrase describes it.
        assert_eq!(op.responses[0].status.description, "OK");
        assert!(op.request.samples.is_empty(), "templates are not samples");
    }

    #[test]
    fn arbitrary_input_never_panics() {
        let fragments = [
            "API Guide\n*********\n",
            ".. rubric:: Request\n",
            ".. rubric:: Response\n",
            "==== ====== ==\nURI  Method x\n==== ====== ==\n",
            "``/a/<b`` GET ✔\n",
            "\\ ``/c`` POST/PUT ✘\n",
            "==== ====== ==\n",
            "Return Code Description\n",
            "999 (X) y\n",
            ".. code::\n\n  GET https://h/p\n\n  {\"a\": [<v>, ...\n",
            "Response body contents::\n\n  x: {<k>: <v>}\n",
            "* **a** and **b** c\n",
            "Sec\n---\n",
            "\n",
        ];
        let mut seed = 7u64;
        for _ in 0..300 {
            let mut text = String::new();
            for _ in 0..12 {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                text.push_str(fragments[(seed >> 33) as usize % fragments.len()]);
            }
            let _ = read_text(&text);
        }
    }
}
