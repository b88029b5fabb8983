//! The os-api-ref dialect: OpenStack `api-ref` sources (`rest_method`,
//! `rest_parameters`, `rest_status_code`, `parameters.yaml`, samples).
//!
//! The RST tree is flat (headings carry levels). An *operation section*
//! is a heading whose own blocks hold a `rest_method`; its deeper headings
//! (Request, Response, examples) belong to it. Its *tag* is the nearest
//! enclosing heading that is not an operation section.

pub(crate) mod params;
pub(crate) mod prose;
pub(crate) mod samples;
pub(crate) mod status;
pub(crate) mod statuses;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;

use speclift_diag::{Diagnostic, Location};
use speclift_rst::{Block, BlockKind, ContentLine, Directive, Document};

use crate::LoadedApi;
use crate::files::{Resolved, Root, dir_of};
use crate::ir::{
    Api, Method, MicroversionInfo, Operation, ParamIn, Parameter, Request, Response, Sample,
    StatusCode, Tag,
};
use crate::md;
use crate::microversion::{Microversion, VersionRange};
use crate::text::{plain, slug};
use params::{ParamFile, parse_param_list};
use prose::{Fact, Scope, Statement};
use samples::Direction;
use status::{ListedCode, StatusFile};

pub const DIALECT: &str = "os-api-ref";

/// Files shared between the documents of one run, each loaded once.
pub struct Loader {
    pub root: Root,
    /// Where `/`-prefixed references point: Sphinx reads them relative to
    /// the source dir (`/../../doc/api_samples/…` in Nova).
    source_dir: PathBuf,
    params: BTreeMap<PathBuf, Rc<ParamFile>>,
    statuses: BTreeMap<PathBuf, Rc<StatusFile>>,
    /// Rendered parameter descriptions by (file, key).
    descriptions: BTreeMap<(PathBuf, String), String>,
}

impl Loader {
    pub fn new(root: Root, source_dir: PathBuf) -> Loader {
        Loader {
            root,
            source_dir,
            params: BTreeMap::new(),
            statuses: BTreeMap::new(),
            descriptions: BTreeMap::new(),
        }
    }

    /// Resolves a reference written in a document in `dir`.
    fn resolve(
        &self,
        dir: &Path,
        reference: &str,
        what: &str,
        at: &Location,
    ) -> Result<Resolved, Diagnostic> {
        match reference.trim().strip_prefix('/') {
            Some(rel) => self.root.resolve(&self.source_dir, rel, what, at),
            None => self.root.resolve(dir, reference, what, at),
        }
    }

    fn param_file(
        &mut self,
        file: &Resolved,
        at: &Location,
        diags: &mut Vec<Diagnostic>,
    ) -> Rc<ParamFile> {
        read_once(
            &mut self.params,
            &self.root,
            (file, "parameter file", at),
            diags,
            ParamFile::parse,
            ParamFile::failed,
        )
    }

    fn status_file(
        &mut self,
        file: &Resolved,
        at: &Location,
        diags: &mut Vec<Diagnostic>,
    ) -> Rc<StatusFile> {
        read_once(
            &mut self.statuses,
            &self.root,
            (file, "status file", at),
            diags,
            StatusFile::parse,
            StatusFile::default,
        )
    }

    /// The status.yaml that describes codes listed in prose in `dir`:
    /// `dir/status.yaml`, `dir/../status.yaml`, else the root's
    /// `api-ref/source/status.yaml`. Absence is normal (Nova has none).
    fn nearest_status(
        &mut self,
        dir: &Path,
        at: &Location,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Rc<StatusFile>> {
        let root_default = self.root.path().join("api-ref/source");
        for (base, rel) in [
            (dir, "status.yaml"),
            (dir, "../status.yaml"),
            (root_default.as_path(), "status.yaml"),
        ] {
            let candidate = base.join(rel);
            let Ok(canonical) = candidate.canonicalize() else {
                continue;
            };
            if !self.root.contains(&canonical) || !canonical.is_file() {
                continue;
            }
            let resolved = Resolved {
                display: crate::files::normalize(&candidate),
                canonical,
            };
            return Some(self.status_file(&resolved, at, diags));
        }
        None
    }

    fn description(
        &mut self,
        file: &Path,
        def: &params::ParamDef,
        diags: &mut Vec<Diagnostic>,
    ) -> String {
        let cache_key = (file.to_path_buf(), def.key.clone());
        if let Some(d) = self.descriptions.get(&cache_key) {
            return d.clone();
        }
        let (text, found) = md::rst_text(def.description_at.file.clone(), &def.description);
        // The renderer counts lines from the description's start.
        let base = def.description_at.line.saturating_sub(1);
        diags.extend(found.into_iter().map(|mut d| {
            if let Some(l) = d.location.as_mut() {
                l.file = def.description_at.file.clone();
                l.line += base;
                if l.line == def.description_at.line {
                    l.column += def.description_at.column.saturating_sub(1);
                }
            }
            d
        }));
        self.descriptions.insert(cache_key, text.clone());
        text
    }
}

/// Whether the document (includes spliced) documents any operation.
pub fn has_operations(doc: &Document) -> bool {
    doc.blocks.iter().any(|b| is_directive(b, "rest_method"))
}

fn is_directive(b: &Block, name: &str) -> bool {
    matches!(&b.kind, BlockKind::Directive(d) if d.name == name)
}

struct Heading {
    /// Index of the heading block (`None` for the text before any heading).
    idx: Option<usize>,
    level: usize,
    title: String,
    location: Location,
    parent: Option<usize>,
    /// Block range of the heading's own blocks (up to the next heading).
    own: std::ops::Range<usize>,
    is_op: bool,
}

fn headings(doc: &Document, entry: &Path) -> Vec<Heading> {
    let blocks = &doc.blocks;
    let starts: Vec<usize> = blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| matches!(b.kind, BlockKind::Section { .. }))
        .map(|(i, _)| i)
        .collect();
    let mut out = Vec::new();
    let first = starts.first().copied().unwrap_or(blocks.len());
    // Text before the first heading only matters if it holds operations.
    if blocks[..first]
        .iter()
        .any(|b| is_directive(b, "rest_method"))
    {
        out.push(Heading {
            idx: None,
            level: 0,
            title: entry
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
            location: Location::file_start(entry),
            parent: None,
            own: 0..first,
            is_op: true,
        });
    }
    let mut stack: Vec<usize> = Vec::new();
    for (n, &i) in starts.iter().enumerate() {
        let Some(Block {
            kind: BlockKind::Section { title, level },
            location,
        }) = blocks.get(i)
        else {
            continue;
        };
        let end = starts.get(n + 1).copied().unwrap_or(blocks.len());
        let k = out.len();
        while stack
            .last()
            .is_some_and(|&s: &usize| out.get(s).is_some_and(|h: &Heading| h.level >= *level))
        {
            stack.pop();
        }
        let own = i + 1..end;
        out.push(Heading {
            idx: Some(i),
            level: *level,
            title: title.clone(),
            location: location.clone(),
            parent: stack.last().copied(),
            is_op: blocks[own.clone()]
                .iter()
                .any(|b| is_directive(b, "rest_method")),
            own,
        });
        stack.push(k);
    }
    out
}

/// Blocks that are prose (what becomes a description).
fn is_prose(b: &Block) -> bool {
    match &b.kind {
        BlockKind::Directive(d) => matches!(
            d.name.as_str(),
            "note"
                | "warning"
                | "important"
                | "caution"
                | "attention"
                | "danger"
                | "error"
                | "hint"
                | "tip"
                | "admonition"
                | "seealso"
                | "versionadded"
                | "versionchanged"
                | "deprecated"
                | "code-block"
                | "code"
                | "sourcecode"
                | "table"
                | "list-table"
                | "csv-table"
        ),
        BlockKind::Section { .. } | BlockKind::Comment { .. } | BlockKind::Target { .. } => false,
        _ => true,
    }
}

/// The text of a prose block that may state microversions.
fn statement_text(b: &Block) -> Option<String> {
    match &b.kind {
        BlockKind::Paragraph { text } => Some(text.clone()),
        BlockKind::Directive(d)
            if matches!(
                d.name.as_str(),
                "note"
                    | "warning"
                    | "important"
                    | "caution"
                    | "attention"
                    | "tip"
                    | "hint"
                    | "admonition"
            ) =>
        {
            Some(format!("{}\n{}", d.argument, d.content_text()))
        }
        _ => None,
    }
}

fn block_statements(blocks: &[Block]) -> Vec<Statement> {
    let mut out = Vec::new();
    for b in blocks {
        if let BlockKind::Directive(d) = &b.kind {
            let version = d
                .argument
                .split_whitespace()
                .next()
                .and_then(|v| v.parse::<Microversion>().ok());
            match (d.name.as_str(), version) {
                ("versionadded", Some(v)) => out.push(Statement {
                    scope: Scope::All,
                    fact: Fact::Min(v),
                }),
                ("deprecated", _) => out.push(Statement {
                    scope: Scope::All,
                    fact: Fact::Deprecated,
                }),
                _ => {}
            }
        }
        if let Some(text) = statement_text(b) {
            out.extend(prose::statements(&text));
        }
    }
    out
}

/// Titles of the parts of an operation section.
fn is_part_title(title: &str) -> bool {
    let t = title.to_ascii_lowercase();
    [
        "request",
        "response",
        "example",
        "parameters",
        "status code",
        "response code",
        "error code",
    ]
    .iter()
    .any(|w| t.contains(w))
}

/// Whether the next block (comments aside) is an example, making a bold
/// paragraph before it that example's title.
fn titles_example(rest: &[Block]) -> bool {
    rest.iter()
        .find(|b| !matches!(b.kind, BlockKind::Comment { .. } | BlockKind::Target { .. }))
        .is_some_and(|b| is_directive(b, "literalinclude") || is_directive(b, "code-block"))
}

fn is_bold_title(text: &str) -> Option<String> {
    let t = text.trim();
    let inner = t.strip_prefix("**")?.strip_suffix("**")?;
    (!inner.is_empty() && !inner.contains("**")).then(|| plain(inner))
}

/// Reads one os-api-ref document (includes already spliced) as an API.
pub fn read_api(doc: &Document, entry: &Path, loader: &mut Loader) -> LoadedApi {
    let mut diags = Vec::new();
    let heads = headings(doc, entry);
    let blocks = &doc.blocks;
    let title_head = heads.iter().find(|h| h.idx.is_some());
    let title = title_head.map(|h| plain(&h.title)).unwrap_or_else(|| {
        entry
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    });
    let description_blocks: Vec<Block> = match title_head {
        Some(h) => blocks[h.own.clone()]
            .iter()
            .filter(|b| is_prose(b))
            .cloned()
            .collect(),
        None => Vec::new(),
    };
    let description = md::blocks(&description_blocks);
    let doc_location =
        title_head.map_or_else(|| Location::file_start(entry), |h| h.location.clone());

    let mut tags: Vec<Tag> = Vec::new();
    let mut tag_statements: BTreeMap<usize, Vec<Statement>> = BTreeMap::new();
    let mut operations = Vec::new();
    let mut seen_methods: BTreeSet<Location> = BTreeSet::new();

    for (k, h) in heads.iter().enumerate() {
        if !h.is_op {
            continue;
        }
        // Nearest enclosing non-operation heading.
        let mut p = h.parent;
        while let Some(i) = p {
            if heads.get(i).is_some_and(|x| x.is_op) {
                p = heads.get(i).and_then(|x| x.parent);
            } else {
                break;
            }
        }
        let (tag_name, tag_stmts) = match p.and_then(|i| heads.get(i).map(|t| (i, t))) {
            Some((i, t)) => {
                let name = plain(&t.title);
                if !tags.iter().any(|x| x.name == name) {
                    let own: Vec<Block> = blocks[t.own.clone()]
                        .iter()
                        .filter(|b| is_prose(b))
                        .cloned()
                        .collect();
                    tags.push(Tag {
                        name: name.clone(),
                        description: md::blocks(&own),
                        location: t.location.clone(),
                        status_tables: statuses::tables(&blocks[t.own.clone()]),
                    });
                }
                let stmts = tag_statements
                    .entry(i)
                    .or_insert_with(|| block_statements(&blocks[t.own.clone()]))
                    .clone();
                (name, stmts)
            }
            None => {
                if !tags.iter().any(|x| x.name == title) {
                    tags.push(Tag {
                        name: title.clone(),
                        description: description.clone(),
                        location: doc_location.clone(),
                        status_tables: statuses::tables(&description_blocks),
                    });
                }
                (title.clone(), Vec::new())
            }
        };
        // The section runs until a heading at its level or above, or the
        // next operation section. A Request/Response heading written at
        // the operation's own level (an adornment slip) still belongs to it.
        let mut end = blocks.len();
        for n in &heads[k + 1..] {
            if n.is_op || n.level < h.level {
                end = n.idx.unwrap_or(end);
                break;
            }
            if n.level == h.level {
                if !is_part_title(&n.title) {
                    end = n.idx.unwrap_or(end);
                    break;
                }
                diags.push(
                    Diagnostic::warning(
                        n.location.clone(),
                        format!("`{}` has the same heading level as the operation `{}`; it is read as part of it", plain(&n.title), plain(&h.title)),
                    )
                    .with_hint("underline it with the adornment the other Request/Response headings use"),
                );
            }
        }
        let start = h.own.start;
        let section = SectionInput {
            blocks: &blocks[start..end.max(start)],
            own_len: h.own.end.min(end).saturating_sub(start),
            summary: plain(&h.title),
            tag: tag_name,
            tag_statements: &tag_stmts,
            entry,
        };
        for op in read_operation_section(&section, loader, &mut diags) {
            if seen_methods.insert(op.location.clone()) {
                operations.push(op);
            }
        }
    }

    let microversions = microversion_info(&title, entry, &operations);
    let api = Api {
        name: slug(&title),
        title,
        description,
        dialect: DIALECT.to_string(),
        source: Location::file_start(entry),
        microversions,
        tags,
        operations,
    };
    LoadedApi {
        api,
        diagnostics: diags,
    }
}

struct SectionInput<'a> {
    /// From the block after the heading to the end of the section.
    blocks: &'a [Block],
    /// How many of `blocks` come before the first subsection.
    own_len: usize,
    summary: String,
    tag: String,
    tag_statements: &'a [Statement],
    entry: &'a Path,
}

struct MethodLine {
    method: Method,
    path: String,
    query: Option<String>,
    range: VersionRange,
    location: Location,
}

/// A status code with its description resolved.
struct Listed {
    code: ListedCode,
    description: String,
}

fn read_operation_section(
    s: &SectionInput,
    loader: &mut Loader,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Operation> {
    let mut methods = Vec::new();
    let mut description_blocks = Vec::new();
    let mut request = Request::default();
    let mut response_headers = Vec::new();
    let mut response_body = Vec::new();
    let mut response_samples: Vec<Sample> = Vec::new();
    let mut codes: Vec<Listed> = Vec::new();
    let mut subsection: Option<String> = None;
    let mut bold: Option<String> = None;

    for (i, b) in s.blocks.iter().enumerate() {
        let own = i < s.own_len;
        let dir = dir_of(&b.location.file);
        match &b.kind {
            BlockKind::Section { title, .. } => {
                subsection = Some(plain(title));
                bold = None;
            }
            BlockKind::Directive(d) if d.name == "rest_method" && own => {
                methods.extend(parse_method(d, &b.location, diags));
            }
            BlockKind::Directive(d) if d.name == "rest_parameters" => {
                let is_response = subsection
                    .as_deref()
                    .is_some_and(|t| t.to_ascii_lowercase().contains("response"));
                for p in read_parameters(d, &b.location, &dir, s.entry, loader, diags) {
                    match (is_response, p.location_in) {
                        (false, ParamIn::Body) => request.body.push(p),
                        (false, _) => request.parameters.push(p),
                        (true, ParamIn::Header) => response_headers.push(p),
                        (true, ParamIn::Body) => response_body.push(p),
                        // A path/query definition reused for a response
                        // field: os-api-ref shows it as a row, so it is a
                        // body field here.
                        (true, other) => {
                            diags.push(
                                Diagnostic::warning(
                                    p.location.clone(),
                                    format!(
                                        "`{}` in a response table is defined with `in: {}`; it is read as a body field",
                                        p.name,
                                        other.as_str()
                                    ),
                                )
                                .with_hint(format!("give the response field its own key with `in: body` (not `{}`)", p.key)),
                            );
                            response_body.push(Parameter {
                                location_in: ParamIn::Body,
                                ..p
                            });
                        }
                    }
                }
            }
            BlockKind::Directive(d) if d.name == "rest_status_code" => {
                codes.extend(read_status_directive(d, &b.location, &dir, loader, diags));
            }
            BlockKind::Directive(d) if d.name == "literalinclude" => {
                let titles: Vec<&str> = bold
                    .iter()
                    .chain(subsection.iter())
                    .map(String::as_str)
                    .collect();
                let read = read_sample(d, &b.location, &dir, &titles, loader, diags);
                // A bold title names the one example after it.
                bold = None;
                if let Some((direction, sample)) = read {
                    match direction {
                        Direction::Request => request.samples.push(sample),
                        Direction::Response => response_samples.push(sample),
                    }
                }
            }
            BlockKind::Paragraph { text } => {
                let mut found = Vec::new();
                if let Some(listed) = status::parse_status_paragraph(text, &b.location, &mut found)
                {
                    diags.extend(found);
                    let status_file = loader.nearest_status(&dir, &b.location, diags);
                    codes.extend(
                        listed
                            .into_iter()
                            .map(|code| describe(code, status_file.as_deref(), diags)),
                    );
                } else if let Some(title) =
                    is_bold_title(text).filter(|_| titles_example(&s.blocks[i + 1..]))
                {
                    bold = Some(title);
                } else if own {
                    description_blocks.push(b.clone());
                }
            }
            _ if own && is_prose(b) => description_blocks.push(b.clone()),
            _ => {}
        }
    }

    let own_statements: Vec<Statement> = block_statements(&description_blocks)
        .into_iter()
        .filter(|st| st.scope.covers(&s.summary))
        .collect();
    let description = md::blocks(&description_blocks);
    if !codes.iter().any(|c| c.code.success) {
        for m in &methods {
            diags.push(
                Diagnostic::warning(
                    m.location.clone(),
                    format!(
                        "no success status code is documented for `{} {}`; 200 is assumed",
                        m.method.as_str(),
                        m.path
                    ),
                )
                .with_hint(
                    "add `Normal response codes: 200` or a `.. rest_status_code:: success` list",
                ),
            );
        }
        if let Some(m) = methods.first() {
            let code = ListedCode {
                code: 200,
                success: true,
                reason: None,
                microversions: VersionRange::default(),
                location: m.location.clone(),
            };
            codes.insert(
                0,
                Listed {
                    code,
                    description: status::reason_phrase(200).to_string(),
                },
            );
        }
    }
    let responses = build_responses(codes, response_headers, response_body, response_samples);

    methods
        .into_iter()
        .map(|m| {
            let responses = responses.clone();
            let (microversions, deprecated) =
                resolve_range(m.range, &own_statements, s.tag_statements, &s.summary);
            Operation {
                method: m.method,
                path: m.path,
                query: m.query,
                summary: s.summary.clone(),
                description: description.clone(),
                tag: s.tag.clone(),
                microversions,
                deprecated,
                request: request.clone(),
                responses,
                extensions: BTreeMap::new(),
                location: m.location,
            }
        })
        .collect()
}

/// The directive's own range wins, then the operation's prose, then the
/// tag's; each bound separately.
fn resolve_range(
    content: VersionRange,
    own: &[Statement],
    tag: &[Statement],
    summary: &str,
) -> (VersionRange, bool) {
    let pick = |stmts: &[Statement], min: bool| {
        stmts
            .iter()
            .filter(|st| st.scope.covers(summary))
            .find_map(|st| match (st.fact, min) {
                (Fact::Min(v), true) | (Fact::Max(v), false) => Some(v),
                _ => None,
            })
    };
    let range = VersionRange {
        min: content
            .min
            .or_else(|| pick(own, true))
            .or_else(|| pick(tag, true)),
        max: content
            .max
            .or_else(|| pick(own, false))
            .or_else(|| pick(tag, false)),
    };
    let deprecated = own
        .iter()
        .chain(tag)
        .any(|st| st.fact == Fact::Deprecated && st.scope.covers(summary));
    (range, deprecated)
}

/// The directive's argument and the content lines after it. docutils
/// also takes the argument from the next line when the directive line has
/// none (`.. rest_method::` / `   GET /x`); the reader gives that line to
/// the content.
fn argument_and_content(d: &Directive) -> (String, &[ContentLine]) {
    if !d.argument.trim().is_empty() {
        return (d.argument.trim().to_string(), &d.content);
    }
    match d.content.iter().position(|l| !l.text.trim().is_empty()) {
        Some(i) => (d.content[i].text.trim().to_string(), &d.content[i + 1..]),
        None => (String::new(), &d.content),
    }
}

fn parse_method(d: &Directive, at: &Location, diags: &mut Vec<Diagnostic>) -> Option<MethodLine> {
    let (line, content) = argument_and_content(d);
    let mut parts = line.split_whitespace();
    let (Some(method_text), Some(target)) = (parts.next(), parts.next()) else {
        diags.push(
            Diagnostic::error(
                at.clone(),
                format!("`rest_method` needs a method and a path, found `{line}`"),
            )
            .with_hint("write `.. rest_method:: GET /v3/{project_id}/volumes`"),
        );
        return None;
    };
    let Some(method) = Method::parse(method_text) else {
        diags.push(
            Diagnostic::error(at.clone(), format!("`{method_text}` is not an HTTP method"))
                .with_hint("use one of GET, PUT, POST, DELETE, PATCH, HEAD, OPTIONS, TRACE"),
        );
        return None;
    };
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p.to_string(), Some(q.to_string())),
        None => (target.to_string(), None),
    };
    // `min_version:`/`max_version:` lines: docutils gives them to the
    // directive as content; our reader sees a continued argument.
    let mut range = VersionRange::default();
    let rest: Vec<(String, Location)> = parts
        .map(|t| (t.to_string(), at.clone()))
        .chain(content.iter().flat_map(|l| {
            l.text
                .split_whitespace()
                .map(|t| (t.to_string(), l.location.clone()))
                .collect::<Vec<_>>()
        }))
        .collect();
    let mut tokens = rest.iter();
    while let Some((token, loc)) = tokens.next() {
        let (key, inline) = match token.split_once(':') {
            Some((k, v)) => (k, v),
            None => (token.as_str(), ""),
        };
        let bound = match key {
            "min_version" => &mut range.min,
            "max_version" => &mut range.max,
            _ => {
                diags.push(
                    Diagnostic::warning(loc.clone(), format!("unexpected `{token}` in `rest_method`; it is ignored"))
                        .with_hint("write `METHOD /path`, optionally followed by `min_version: X` / `max_version: Y` lines"),
                );
                continue;
            }
        };
        let value = if inline.is_empty() {
            tokens.next().map_or("", |(v, _)| v.as_str())
        } else {
            inline
        };
        match value.parse::<Microversion>() {
            Ok(v) => *bound = Some(v),
            Err(e) => diags.push(
                Diagnostic::error(loc.clone(), e)
                    .with_hint("write the microversion as MAJOR.MINOR, e.g. `2.20`"),
            ),
        }
    }
    Some(MethodLine {
        method,
        path,
        query,
        range,
        location: at.clone(),
    })
}

/// Reads and parses `file` once per run (a parameters.yaml is shared by
/// dozens of pages); a file that cannot be read is one diagnostic and an
/// empty result, so every page using it still gets its own diagnostics.
fn read_once<T>(
    cache: &mut BTreeMap<PathBuf, Rc<T>>,
    root: &Root,
    (file, what, at): (&Resolved, &str, &Location),
    diags: &mut Vec<Diagnostic>,
    parse: impl FnOnce(&Arc<Path>, &str) -> (T, Vec<Diagnostic>),
    empty: impl FnOnce() -> T,
) -> Rc<T> {
    if let Some(parsed) = cache.get(&file.canonical) {
        return parsed.clone();
    }
    let display: Arc<Path> = Arc::from(file.display.as_path());
    let parsed = match root.read(&file.canonical, what, at) {
        Ok(text) => {
            let (parsed, found) = parse(&display, &text);
            diags.extend(found);
            parsed
        }
        Err(d) => {
            diags.push(d);
            empty()
        }
    };
    let parsed = Rc::new(parsed);
    cache.insert(file.canonical.clone(), parsed.clone());
    parsed
}

/// Resolves a `rest_parameters` table. The file is relative to the
/// directive's file, falling back to the entry document's folder.
fn read_parameters(
    d: &Directive,
    at: &Location,
    dir: &Path,
    entry: &Path,
    loader: &mut Loader,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Parameter> {
    let arg = d.argument.trim();
    if arg.is_empty() {
        diags.push(
            Diagnostic::error(at.clone(), "`rest_parameters` names no parameter file")
                .with_hint("write `.. rest_parameters:: parameters.yaml`"),
        );
        return Vec::new();
    }
    let resolved = match loader.resolve(dir, arg, "parameter file", at) {
        Ok(r) => r,
        Err(first) => match loader.resolve(&dir_of(entry), arg, "parameter file", at) {
            Ok(r) if !first.message.contains("outside the root") => r,
            _ => {
                diags.push(first);
                return Vec::new();
            }
        },
    };
    let file = loader.param_file(&resolved, at, diags);
    let refs = parse_param_list(&d.content, diags);
    let mut out = Vec::new();
    for r in refs {
        let Some(def) = file.get(&r.key) else {
            if file.loaded {
                diags.push(
                    Diagnostic::error(
                        r.location.clone(),
                        format!(
                            "parameter key `{}` is not defined in {}",
                            r.key,
                            resolved.display.display()
                        ),
                    )
                    .with_hint(format!(
                        "define `{}` in that file, or use the key of an existing definition",
                        r.key
                    )),
                );
            }
            continue;
        };
        let Some(location_in) = def.location_in else {
            continue;
        };
        let description = loader.description(&resolved.canonical, def, diags);
        out.push(Parameter {
            name: r.name,
            key: r.key,
            location_in,
            ty: def.ty.clone(),
            required: def.required,
            description,
            microversions: def.microversions,
            location: r.location,
            definition: Some(def.location.clone()),
        });
    }
    out
}

fn read_status_directive(
    d: &Directive,
    at: &Location,
    dir: &Path,
    loader: &mut Loader,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Listed> {
    let Some((success, path)) = status::parse_directive_argument(&d.argument) else {
        diags.push(
            Diagnostic::error(
                at.clone(),
                format!(
                    "`rest_status_code` expects `success|error FILE`, found `{}`",
                    d.argument.trim()
                ),
            )
            .with_hint("write `.. rest_status_code:: success ../status.yaml`"),
        );
        return Vec::new();
    };
    let file = match loader.resolve(dir, path, "status file", at) {
        Ok(r) => Some(loader.status_file(&r, at, diags)),
        Err(e) => {
            diags.push(e);
            None
        }
    };
    status::parse_code_list(&d.content, success, diags)
        .into_iter()
        .map(|code| describe(code, file.as_deref(), diags))
        .collect()
}

fn describe(code: ListedCode, file: Option<&StatusFile>, diags: &mut Vec<Diagnostic>) -> Listed {
    let from_file = file.and_then(|f| {
        let text = f.describe(code.code, code.reason.as_deref());
        if text.is_none() && f.has(code.code) {
            if let Some(reason) = &code.reason {
                diags.push(
                    Diagnostic::warning(
                        code.location.clone(),
                        format!("status.yaml has no `{reason}` text for {}", code.code),
                    )
                    .with_hint(
                        "add the key under the code in status.yaml; its `default` text is used",
                    ),
                );
            }
            return f.describe(code.code, None);
        }
        text
    });
    let description = match from_file {
        Some(t) => md::rst_text(code.location.file.clone(), t).0,
        None => status::reason_phrase(code.code).to_string(),
    };
    Listed { code, description }
}

fn read_sample(
    d: &Directive,
    at: &Location,
    dir: &Path,
    titles: &[&str],
    loader: &mut Loader,
    diags: &mut Vec<Diagnostic>,
) -> Option<(Direction, Sample)> {
    let (arg, content) = argument_and_content(d);
    let arg = arg.as_str();
    // Options, too, land in the content when the argument did.
    let language = d.option("language").map(str::to_string).or_else(|| {
        content.iter().find_map(|l| {
            l.text
                .trim()
                .strip_prefix(":language:")
                .map(|v| v.trim().to_string())
        })
    });
    if arg.is_empty() {
        diags.push(
            Diagnostic::error(at.clone(), "`literalinclude` names no file")
                .with_hint("write `.. literalinclude:: samples/example.json`"),
        );
        return None;
    }
    // Confinement first: a path escaping the root is an error whatever its
    // language, and is never read.
    let resolved = match loader.resolve(dir, arg, "sample", at) {
        Ok(r) => r,
        Err(e) => {
            diags.push(e);
            return None;
        }
    };
    if !samples::is_json(language.as_deref(), arg) {
        diags.push(
            Diagnostic::warning(
                at.clone(),
                format!("example `{arg}` is not JSON; it is skipped"),
            )
            .with_hint("only JSON examples become samples; mark JSON with `:language: javascript`"),
        );
        return None;
    }
    let text = match loader.root.read(&resolved.canonical, "sample", at) {
        Ok(t) => t,
        Err(e) => {
            diags.push(e);
            return None;
        }
    };
    let display: Arc<Path> = Arc::from(resolved.display.as_path());
    let body = match samples::parse_json(&display, &text) {
        Ok(v) => v,
        Err(e) => {
            diags.push(e);
            return None;
        }
    };
    let direction = samples::direction(titles, arg).unwrap_or_else(|| {
        diags.push(
            Diagnostic::warning(at.clone(), format!("cannot tell whether example `{arg}` is a request or a response; response is assumed"))
                .with_hint("put the example under a \"Request Example\" or \"Response Example\" heading"),
        );
        Direction::Response
    });
    let title = titles.first().copied().unwrap_or("").to_string();
    let microversion = samples::microversion(&title, arg);
    let file = loader.root.relative(&resolved.canonical);
    Some((
        direction,
        Sample {
            title,
            microversion,
            file: Some(file),
            body,
            location: at.clone(),
        },
    ))
}

/// One response per status code, first listing wins. Response headers go
/// to every success code, body parameters to every success code with a
/// body (not 204), samples to the codes whose microversions they match.
fn build_responses(
    codes: Vec<Listed>,
    headers: Vec<Parameter>,
    body: Vec<Parameter>,
    samples: Vec<Sample>,
) -> Vec<Response> {
    let mut out: Vec<Response> = Vec::new();
    for Listed { code, description } in codes {
        if out.iter().any(|r| r.status.code == code.code) {
            continue;
        }
        out.push(Response {
            status: StatusCode {
                code: code.code,
                success: code.success,
                description,
                microversions: code.microversions,
                location: code.location,
            },
            headers: Vec::new(),
            body: Vec::new(),
            samples: Vec::new(),
        });
    }
    // Success codes first, as documentation lists them.
    out.sort_by_key(|r| !r.status.success);
    attach_to_success(&mut out, &headers, &body, &samples);
    out
}

fn attach_to_success(
    out: &mut [Response],
    headers: &[Parameter],
    body: &[Parameter],
    samples: &[Sample],
) {
    let success: Vec<usize> = out
        .iter()
        .enumerate()
        .filter(|(_, r)| r.status.success)
        .map(|(i, _)| i)
        .collect();
    let with_body: Vec<usize> = success
        .iter()
        .copied()
        .filter(|&i| out[i].status.code != 204)
        .collect();
    let body_targets = if with_body.is_empty() {
        success.iter().copied().take(1).collect()
    } else {
        with_body.clone()
    };
    let default = body_targets.first().copied();
    for &i in &success {
        out[i].headers.extend(headers.iter().cloned());
    }
    for &i in &body_targets {
        out[i].body.extend(body.iter().cloned());
    }
    for sample in samples {
        let matching: Vec<usize> = match sample.microversion {
            Some(v) => body_targets
                .iter()
                .copied()
                .filter(|&i| {
                    !out[i].status.microversions.is_unbounded()
                        && out[i].status.microversions.contains(v)
                })
                .collect(),
            None => Vec::new(),
        };
        let targets = if matching.is_empty() {
            default.into_iter().collect()
        } else {
            matching
        };
        for i in targets {
            out[i].samples.push(sample.clone());
        }
    }
}

/// The microversion header's service and the range the documents
/// mention, when the API is microversioned at all.
fn microversion_info(title: &str, entry: &Path, ops: &[Operation]) -> Option<MicroversionInfo> {
    let mut seen: Vec<Microversion> = Vec::new();
    let mut add = |r: &VersionRange| seen.extend(r.min.into_iter().chain(r.max));
    for op in ops {
        add(&op.microversions);
        for p in op.request.parameters.iter().chain(&op.request.body) {
            add(&p.microversions);
        }
        for r in &op.responses {
            add(&r.status.microversions);
            for p in r.headers.iter().chain(&r.body) {
                add(&p.microversions);
            }
        }
    }
    let min = seen.iter().min().copied()?;
    let max = seen.iter().max().copied();
    Some(MicroversionInfo {
        service: service_type(title, entry),
        range: VersionRange {
            min: Some(min),
            max,
        },
    })
}

/// The service type named in `OpenStack-API-Version: <service> X.Y`. The
/// documents never spell it out, so it is guessed from the API title,
/// then from the project folder the document lives in.
fn service_type(title: &str, entry: &Path) -> String {
    const BY_TITLE: &[(&str, &str)] = &[
        ("compute", "compute"),
        ("block storage", "volume"),
        ("shared file", "shared-file-system"),
        ("image", "image"),
        ("network", "network"),
        ("identity", "identity"),
        ("placement", "placement"),
        ("bare metal", "baremetal"),
        ("baremetal", "baremetal"),
        ("load balancer", "load-balancer"),
        ("container infrastructure", "container-infra"),
        ("key manager", "key-manager"),
        ("orchestration", "orchestration"),
        ("object storage", "object-store"),
    ];
    const BY_PROJECT: &[(&str, &str)] = &[
        ("nova", "compute"),
        ("cinder", "volume"),
        ("manila", "shared-file-system"),
        ("glance", "image"),
        ("neutron", "network"),
        ("keystone", "identity"),
        ("placement", "placement"),
        ("ironic", "baremetal"),
        ("octavia", "load-balancer"),
        ("magnum", "container-infra"),
        ("barbican", "key-manager"),
        ("heat", "orchestration"),
        ("swift", "object-store"),
    ];
    let t = title.to_ascii_lowercase();
    if let Some((_, v)) = BY_TITLE.iter().find(|(k, _)| t.contains(k)) {
        return v.to_string();
    }
    let folders: Vec<String> = entry
        .ancestors()
        .filter_map(|a| {
            a.file_name()
                .map(|n| n.to_string_lossy().to_ascii_lowercase())
        })
        .collect();
    BY_PROJECT
        .iter()
        .find(|(k, _)| folders.iter().any(|f| f.contains(k)))
        .map(|(_, v)| v.to_string())
        .unwrap_or_else(|| slug(title).split('-').next().unwrap_or("api").to_string())
}

#[cfg(test)]
mod tests;
