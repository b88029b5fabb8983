//! One operation section: its `rest_method` line(s), microversion range,
//! and the directives under it read into [`Operation`]s.
//!
//! [`Operation`]: crate::ir::Operation

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use speclift_diag::{Diagnostic, Location};
use speclift_rst::{BlockKind, ContentLine, Directive};

use super::directives::{
    SampleRead, Site, describe, read_parameters, read_sample, read_status_directive,
};
use super::outline::{block_statements, is_bold_title, is_prose, titles_example};
use super::prose::{Fact, Statement};
use super::responses::build_responses;
use super::samples::Direction;
use super::status::{self, ListedCode};
use super::*;
use crate::files::{Resolved, Root, dir_of};
use crate::ir::{Method, Operation, ParamIn, Parameter, Request, Sample};
use crate::md;
use crate::microversion::{Microversion, VersionRange};
use crate::text::plain;

pub(super) fn read_operation_section(
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
    // Examples that are not JSON, as written, for the description.
    let mut verbatim: Vec<String> = Vec::new();
    let mut codes: Vec<Listed> = Vec::new();
    let mut subsection: Option<String> = None;
    // The headings above the current block, with the side each names.
    let mut sides = HeadingSides::default();
    let mut bold: Option<String> = None;

    for (i, b) in s.blocks.iter().enumerate() {
        let own = i < s.own_len;
        let dir = dir_of(&b.location.file);
        let site = Site {
            at: &b.location,
            dir: &dir,
            entry: s.entry,
        };
        match &b.kind {
            BlockKind::Section { title, level } => {
                subsection = Some(plain(title));
                sides.enter(*level, &plain(title));
                bold = None;
            }
            BlockKind::Directive(d) if d.name == "rest_method" && own => {
                methods.extend(parse_method(d, &b.location, diags));
            }
            BlockKind::Directive(d) if d.name == "rest_parameters" => {
                let is_response = sides.is_response();
                for p in read_parameters(d, &site, loader, diags) {
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
                                ).with_rule(speclift_diag::Rule::InContradictsTable)
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
                codes.extend(read_status_directive(d, &site, loader, diags));
            }
            BlockKind::Directive(d) if d.name == "literalinclude" => {
                let titles: Vec<&str> = bold
                    .iter()
                    .chain(subsection.iter())
                    .map(String::as_str)
                    .collect();
                let read = read_sample(d, &site, &titles, loader, diags);
                // A bold title names the one example after it.
                bold = None;
                match read {
                    Some(SampleRead::Sample(Direction::Request, sample)) => {
                        request.samples.push(sample)
                    }
                    Some(SampleRead::Sample(Direction::Response, sample)) => {
                        response_samples.push(sample)
                    }
                    Some(SampleRead::Verbatim(markdown)) => verbatim.push(markdown),
                    None => {}
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
    let description = [md::blocks(&description_blocks)]
        .into_iter()
        .chain(verbatim)
        .filter(|part| !part.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
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
                .with_rule(speclift_diag::Rule::NoSuccessStatus)
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
                    description: crate::StatusCode::reason_phrase(200).to_string(),
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
                resolve_range(m.range, &own_statements, &s.tag_statements, &s.summary);
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
pub(super) fn resolve_range(
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
pub(super) fn argument_and_content(d: &Directive) -> (String, &[ContentLine]) {
    let (argument, content, _) = super::syntax::argument_and_content(d);
    (argument, content)
}

pub(super) fn parse_method(
    d: &Directive,
    at: &Location,
    diags: &mut Vec<Diagnostic>,
) -> Option<MethodLine> {
    let (line, content) = argument_and_content(d);
    // Every word with its own location: the argument's continuation lines
    // (`min_version: 3.27` under the directive) are told apart.
    let argument_words = if d.argument.trim().is_empty() || d.argument_lines.is_empty() {
        line.split_whitespace()
            .map(|w| (w.to_string(), at.clone()))
            .collect()
    } else {
        words(&d.argument_lines)
    };
    let mut parts = argument_words.iter().map(|(w, _)| w.as_str());
    let (Some(method_text), Some(target)) = (parts.next(), parts.next()) else {
        diags.push(
            Diagnostic::warning(
                at.clone(),
                format!("`rest_method` needs a method and a path, found `{line}`; the operation is left out"),
            )
            .with_code(speclift_diag::degraded::OPERATION_LEFT_OUT)
            .with_hint("write `.. rest_method:: GET /v3/{project_id}/volumes`"),
        );
        return None;
    };
    let Some(method) = Method::parse(method_text) else {
        // os-api-ref prints any text as the method; OpenAPI cannot hold
        // this one, so only this operation is lost.
        diags.push(
            Diagnostic::warning(
                at.clone(),
                format!("`{method_text}` is not an HTTP method; the operation is left out"),
            )
            .with_code(speclift_diag::degraded::OPERATION_LEFT_OUT)
            .with_hint(
                "a method is one word of letters, digits and `!#$%&'*+-.^_`|~` (at most 24): \
                     GET, PUT, POST, DELETE, PATCH, HEAD, OPTIONS, TRACE, or e.g. COPY",
            ),
        );
        return None;
    };
    let method_at = argument_words.first().map_or(at, |(_, loc)| loc);
    diags.extend(method.unusual(method_at));
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p.to_string(), Some(q.to_string())),
        None => (target.to_string(), None),
    };
    // `min_version:`/`max_version:` lines: docutils gives them to the
    // directive as content; our reader sees a continued argument.
    let mut range = VersionRange::default();
    let rest: Vec<(String, Location)> = argument_words
        .iter()
        .skip(2)
        .cloned()
        .chain(words(content))
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
                    Diagnostic::warning(loc.clone(), format!("unexpected `{token}` in `rest_method`; it is ignored")).with_rule(speclift_diag::Rule::InvalidRestMethod)
                        .with_hint("write `METHOD /path`, optionally followed by `min_version: X` / `max_version: Y` lines"),
                );
                continue;
            }
        };
        let (value, value_at) = if inline.is_empty() {
            tokens.next().map_or(("", loc), |(v, at)| (v.as_str(), at))
        } else {
            (inline, loc)
        };
        match value.parse::<Microversion>() {
            Ok(v) => *bound = Some(v),
            Err(e) => diags.push(
                Diagnostic::error(value_at.clone(), e)
                    .with_rule(speclift_diag::Rule::InvalidMicroversion)
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

/// The whitespace-separated words of `lines`, each located at its first
/// character.
fn words(lines: &[ContentLine]) -> Vec<(String, Location)> {
    let mut out = Vec::new();
    for line in lines {
        let mut start: Option<(usize, u32)> = None;
        // A space after the end closes the last word.
        let chars = line.text.char_indices().chain([(line.text.len(), ' ')]);
        for (column, (i, c)) in (line.location.column..).zip(chars) {
            match (c.is_whitespace(), start) {
                (false, None) => start = Some((i, column)),
                (true, Some((from, col))) => {
                    let at = Location::new(line.location.file.clone(), line.location.line, col);
                    out.push((line.text[from..i].to_string(), at));
                    start = None;
                }
                _ => {}
            }
        }
    }
    out
}

/// Reads and parses `file` once per run (a parameters.yaml is shared by
/// dozens of pages); a file that cannot be read is one diagnostic and an
/// empty result, so every page using it still gets its own diagnostics.
/// `ahead` is the file parsed ahead by the same spelling, if it was
/// (taken only on a cache miss, and then not read again). Also says
/// whether this call read the file, and if so whether reading it gave
/// diagnostics (`None`: it came from the cache).
pub(super) fn read_once<T>(
    cache: &mut BTreeMap<PathBuf, Arc<T>>,
    root: &Root,
    (file, what, at): (&Resolved, &str, &Location),
    diags: &mut Vec<Diagnostic>,
    ahead: impl FnOnce() -> Option<(T, Vec<Diagnostic>)>,
    parse: impl FnOnce(&Arc<Path>, &str) -> (T, Vec<Diagnostic>),
    empty: impl FnOnce() -> T,
) -> (Arc<T>, Option<bool>) {
    if let Some(parsed) = cache.get(&file.canonical) {
        return (parsed.clone(), None);
    }
    let before = diags.len();
    let display: Arc<Path> = Arc::from(file.display.as_path());
    let parsed = match ahead() {
        // Parsed ahead, by the same spelling: what reading it now gives.
        Some((parsed, found)) => {
            diags.extend(found);
            parsed
        }
        None => match root.read(&file.canonical, what, at) {
            Ok(text) => {
                let (parsed, found) = parse(&display, &text);
                diags.extend(found);
                parsed
            }
            Err(d) => {
                diags.push(d);
                empty()
            }
        },
    };
    let parsed = Arc::new(parsed);
    cache.insert(file.canonical.clone(), parsed.clone());
    (parsed, Some(diags.len() > before))
}

/// Which side (request or response) the headings above a parameter table
/// give it. A heading naming neither (`Parameters` under `Response`, as
/// some trees nest them) passes on the side of the heading it sits in; a
/// table under no side-naming heading is a request table.
#[derive(Default)]
struct HeadingSides {
    /// (level, `Some(true)` response / `Some(false)` request / `None`).
    stack: Vec<(usize, Option<bool>)>,
}

impl HeadingSides {
    fn enter(&mut self, level: usize, title: &str) {
        while self.stack.last().is_some_and(|(l, _)| *l >= level) {
            self.stack.pop();
        }
        let lower = title.to_ascii_lowercase();
        let side = if lower.contains("response") {
            Some(true)
        } else if lower.contains("request") {
            Some(false)
        } else {
            None
        };
        self.stack.push((level, side));
    }

    fn is_response(&self) -> bool {
        self.stack
            .iter()
            .rev()
            .find_map(|(_, side)| *side)
            .unwrap_or(false)
    }
}
