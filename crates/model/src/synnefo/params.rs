//! Parameter tables (request headers, request parameters, attributes),
//! the bullet notes that refine the parameters they name, and the path
//! parameters a URI declares.

use speclift_rst::{Block, BlockKind, ListItem};

use super::tables::{Classified, Kind};
use super::{ListRef, OpRow, Reader, cells};
use crate::ir::{ParamIn, Parameter};
use crate::microversion::VersionRange;

impl Reader<'_> {
    pub(super) fn parameter_table(&mut self, t: &Classified<'_>, kind: &Kind, block: &Block) {
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
            Kind::ReturnCodes => self.return_codes(t),
            Kind::Attributes { heading } => {
                if values_table(t, heading, g) {
                    return;
                }
                // Requests without a body (GET, HEAD, DELETE): any
                // attribute table describes the reply.
                let bodiless = g.ops.iter().all(|o| !super::takes_body(o.method));
                let which = if bodiless {
                    ListRef::ResponseBody
                } else {
                    g.body_ref()
                };
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
            Kind::Operations { .. } | Kind::MethodList | Kind::Other => {}
        }
    }
}

/// A table headed by the name of a documented header or query parameter
/// (`sort_dir | Description`) lists that parameter's values: they go to
/// its description.
fn values_table(t: &Classified<'_>, heading: &str, g: &mut super::Group) -> bool {
    let Some(param) = g
        .query
        .iter_mut()
        .chain(g.headers.iter_mut())
        .find(|p| p.name.eq_ignore_ascii_case(heading))
    else {
        return false;
    };
    let values: Vec<String> = table_params(t, ParamIn::Body)
        .into_iter()
        .map(|v| {
            let first = v.description.split("\n\n").next().unwrap_or("").trim();
            if first.is_empty() {
                format!("- `{}`", v.name)
            } else {
                format!("- `{}`: {first}", v.name)
            }
        })
        .collect();
    let text = format!("Values:\n\n{}", values.join("\n"));
    if !param.description.contains(&text) {
        param.description = join_paragraphs(&param.description, &text);
    }
    true
}

pub(super) fn join_paragraphs(a: &str, b: &str) -> String {
    match (a.trim().is_empty(), b.trim().is_empty()) {
        (true, _) => b.to_string(),
        (_, true) => a.to_string(),
        _ => format!("{a}\n\n{b}"),
    }
}

pub(super) fn extend_unique(list: &mut Vec<Parameter>, params: Vec<Parameter>) {
    for p in params {
        if !list.iter().any(|q| q.name == p.name) {
            list.push(p);
        }
    }
}

/// One parameter per table row: name, description, type, and what the
/// implementation columns say (the first one, the guide's own service,
/// decides `required`).
pub(super) fn table_params(t: &Classified<'_>, location_in: ParamIn) -> Vec<Parameter> {
    let mut out = Vec::new();
    for row in t.rows {
        let name = cells::join_lines(&crate::text::plain(t.cell(row, 0)));
        if name.is_empty() || name == "\\" {
            continue;
        }
        let mut description = t
            .description
            .map(|i| crate::md::inline(&cells::join_lines(t.cell(row, i))))
            .unwrap_or_default();
        // The raw cell: `X-Object-Meta-*` is no emphasis to strip.
        let raw = cells::join_lines(t.cell(row, 0));
        let name = match cells::header_pattern(&raw).filter(|_| location_in == ParamIn::Header) {
            Some(pattern) => {
                description = join_paragraphs(&description, &pattern.note());
                pattern.name
            }
            None => name,
        };
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
pub(super) fn apply_notes<'i>(
    items: &'i [ListItem],
    params: &mut [Parameter],
) -> Vec<&'i ListItem> {
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
            let pattern = cells::pattern_key(&p.name);
            if !names.iter().any(|n| {
                n == &p.name
                    || cells::param_name(n) == key
                    || pattern
                        .as_ref()
                        .is_some_and(|k| cells::pattern_key(n).as_ref() == Some(k))
            }) {
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
pub(super) fn noted_names(text: &str) -> Vec<String> {
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

pub(super) fn path_parameters(row: &OpRow) -> Vec<Parameter> {
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
