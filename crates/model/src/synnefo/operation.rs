//! Operation sections: the URI/Method table that opens one, its rows (one
//! operation per method and URI), and turning each section's gathered
//! tables and examples into [`Operation`]s, tagged by the overview.

use std::collections::BTreeMap;

use serde_json::{Map, Value};
use speclift_diag::Diagnostic;
use speclift_rst::Row;

use super::bodies::{body_with_wrapper, example_matches};
use super::params::{extend_unique, path_parameters};
use super::tables::Classified;
use super::{Group, OpRow, OverviewRow, Reader, Seen, Side, VENDOR_KEY, cells};
use crate::ir::{Method, Operation, Request, Response, Sample, StatusCode};
use crate::microversion::VersionRange;

impl Reader<'_> {
    pub(super) fn operations_table(&mut self, t: &Classified<'_>) {
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
    pub(super) fn op_rows(&mut self, t: &Classified<'_>, row: &Row) -> Vec<OpRow> {
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
            for method in &methods {
                self.diags.extend(method.unusual(&method_at));
            }
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

    pub(super) fn close_group(&mut self) {
        if let Some(g) = self.current.take() {
            self.groups.push(g);
        }
    }

    /// Every operation: the documented ones in document order, then the
    /// overview rows no section documents.
    pub(super) fn operations(&mut self) -> Vec<Operation> {
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

    pub(super) fn operation(&mut self, g: &Group, row: &OpRow) -> Operation {
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
    pub(super) fn undocumented(&mut self, o: &OverviewRow, groups: &[Group]) -> Operation {
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

/// Non-empty lines of a cell (rows continued with `\` are merged with
/// `\n` by the reader).
pub(super) fn lines_of(cell: &str) -> Vec<&str> {
    cell.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && *l != "\\")
        .collect()
}

/// `/servers/{server_id}/ips` → `servers`: the resource an operation is
/// about.
pub(super) fn first_segment(path: &str) -> &str {
    path.split('/').find(|s| !s.is_empty()).unwrap_or("")
}
