//! Operation sections: the URI/Method table that opens one, its rows (one
//! operation per method and URI), and turning each section's gathered
//! tables and examples into [`Operation`]s, tagged by the overview.

use std::collections::BTreeMap;

use serde_json::Value;
use speclift_diag::Diagnostic;

use super::bodies::{body_with_wrapper, example_matches};
use super::params::{extend_unique, path_parameters};
use super::tables::Classified;
use super::{Group, OpRow, OverviewRow, Reader, Seen, Side, VENDOR_KEY, media};
use crate::ir::{Operation, Request, Response, Sample, StatusCode};
use crate::microversion::VersionRange;

impl Reader<'_> {
    pub(super) fn operations_table(&mut self, t: &Classified<'_>) {
        self.open_group();
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

    /// Makes the innermost section the current operation group, unless it
    /// already is.
    pub(super) fn open_group(&mut self) {
        let section = self
            .sections
            .last()
            .map(|s| (s.title.clone(), s.level, s.ids.clone()));
        let same_section = match (&self.current, &section) {
            (Some(g), Some(s)) => g.level == s.1 && g.title == s.0,
            _ => false,
        };
        if same_section {
            return;
        }
        self.close_group();
        let (title, level, ids) = section.unwrap_or((String::new(), 0, Vec::new()));
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

    pub(super) fn close_group(&mut self) {
        if let Some(g) = self.current.take() {
            self.groups.push(g);
        }
    }

    /// Every operation: the documented ones in document order, then the
    /// overview rows no section documents.
    pub(super) fn operations(&mut self) -> Vec<Operation> {
        let mut groups = std::mem::take(&mut self.groups);
        inherit_same_as(&mut groups);
        let mut ops = Vec::new();
        for g in &groups {
            for row in &g.ops {
                let op = self.operation(g, row);
                ops.push(op);
            }
        }
        let overview = std::mem::take(&mut self.overview);
        for o in &overview {
            let key = path_key(&o.op.uri.path);
            match ops
                .iter_mut()
                .find(|op| op.method == o.op.method && path_key(&op.path) == key)
            {
                Some(op) => {
                    if op.path != o.op.uri.path {
                        self.respelled(&o.op.uri.path, &op.path, &o.op.location);
                    }
                    let others: Vec<&OverviewRow> = overview
                        .iter()
                        .filter(|r| {
                            !std::ptr::eq(*r, o)
                                && r.op.method == o.op.method
                                && path_key(&r.op.uri.path) == key
                        })
                        .collect();
                    self.compare_support(o, &others, op)
                }
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
            let by_path = overview.iter().find(|o| {
                o.op.method == op.method && path_key(&o.op.uri.path) == path_key(&op.path)
            });
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
        self.unify_path_names(&mut ops);
        ops
    }

    /// Reports, once per spelling, a path written with other names.
    fn respelled(&mut self, written: &str, path: &str, at: &speclift_diag::Location) {
        if self.respelled_paths.iter().any(|p| p == written) {
            return;
        }
        self.respelled_paths.push(written.to_string());
        self.diags.push(
            Diagnostic::warning(
                at.clone(),
                format!(
                    "`{written}` is `{path}` with other placeholder names; both are documented as `{path}`"
                ),
            ).with_rule(speclift_diag::Rule::PathParameterNamesDiffer)
            .with_hint("write one placeholder name for one path segment throughout the guide"),
        );
    }

    /// One path written with different placeholder names (`<img-id>`,
    /// `<image-id>`) is one path to OpenAPI: every operation takes the
    /// names of the first one documented there, and each other spelling
    /// is reported once.
    fn unify_path_names(&mut self, ops: &mut [Operation]) {
        let mut first: Vec<(String, String)> = Vec::new();
        for op in ops.iter_mut() {
            let key = path_key(&op.path);
            let Some((_, path)) = first.iter().find(|(k, _)| *k == key) else {
                first.push((key, op.path.clone()));
                continue;
            };
            if *path == op.path {
                continue;
            }
            let names: Vec<String> = template_names(path);
            let old: Vec<String> = template_names(&op.path);
            let (written, at) = (op.path.clone(), op.location.clone());
            self.respelled(&written, path, &at);
            for p in op
                .request
                .parameters
                .iter_mut()
                .filter(|p| p.location_in == crate::ir::ParamIn::Path)
            {
                if let Some(i) = old.iter().position(|n| *n == p.name)
                    && let Some(new) = names.get(i)
                {
                    p.name = new.clone();
                }
            }
            op.path = path.clone();
        }
    }

    pub(super) fn operation(&mut self, g: &Group, row: &OpRow) -> Operation {
        let has_body = super::takes_body(row.method);
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
            let body = body_with_wrapper(&request_seen, &g.request_body, row);
            let samples: Vec<Sample> = request_seen
                .iter()
                .filter_map(|s| s.sample.clone())
                .collect();
            let has_json = !body.is_empty() || !samples.is_empty();
            Request {
                parameters,
                media: media::request(g, row, &request_seen, has_json),
                body,
                samples,
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
                .with_rule(speclift_diag::Rule::NoSuccessStatus)
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
        let has_json = !response_body.is_empty() || !response_samples.is_empty();
        let response_media = media::response(g, row, &response_seen, has_json);
        let only_no_content = statuses.iter().filter(|s| s.success).all(|s| s.code == 204);
        let body_code = statuses
            .iter()
            .find(|s| s.success && (s.code != 204 || only_no_content))
            .map(|s| s.code);
        let responses = statuses
            .into_iter()
            .map(|status| {
                let gets_body = status.success && (status.code != 204 || only_no_content);
                let carries_body = Some(status.code) == body_code;
                let samples = if carries_body {
                    response_samples.clone()
                } else {
                    Vec::new()
                };
                let media = if carries_body {
                    response_media.clone()
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
                    media,
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
            description: flagged(&row.unsupported_by, g.description.join("\n\n")),
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
            .with_rule(speclift_diag::Rule::UndocumentedOverviewOperation)
            .with_hint("add a section with a URI/Method table for it, or correct the overview row"),
        );
        let description = flagged(&o.op.unsupported_by, description);
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
            // As for a section without a Return Code table: 200 is
            // assumed, and said to be, so that the row is warned about
            // once (above), not again for its missing status codes.
            responses: vec![Response {
                status: StatusCode {
                    code: 200,
                    success: true,
                    description: "Request succeeded (assumed: the guide lists this operation only in its overview)".into(),
                    microversions: VersionRange::default(),
                    location: o.op.location.clone(),
                },
                headers: Vec::new(),
                body: Vec::new(),
                samples: Vec::new(),
                media: Vec::new(),
            }],
            extensions,
            location: o.op.location.clone(),
        }
    }
}

/// A section that only says "Same as ``COPY``, without the
/// ``X-Source-Version`` request header" documents its method with the
/// tables of the section it names (same path), less the headers it
/// excludes.
fn inherit_same_as(groups: &mut [Group]) {
    for i in 0..groups.len() {
        let Some(g) = groups.get(i) else { continue };
        let documented = !g.headers.is_empty()
            || !g.query.is_empty()
            || !g.statuses.is_empty()
            || !g.request_body.is_empty()
            || !g.response_body.is_empty()
            || !g.response_headers.is_empty();
        let Some(first) = g.description.first() else {
            continue;
        };
        let Some(rest) = first.trim().strip_prefix("Same as ") else {
            continue;
        };
        if documented {
            continue;
        }
        let named = rest
            .trim_start_matches('`')
            .split(|c: char| !c.is_ascii_alphabetic())
            .next()
            .unwrap_or("");
        let without: Vec<String> = rest
            .split_once("without")
            .map(|(_, w)| {
                // CommonMark by now: `Content-Type` in single backticks.
                w.split('`')
                    .filter(|s| !s.is_empty())
                    .skip(1)
                    .step_by(2)
                    .map(|h| h.to_ascii_lowercase())
                    .collect()
            })
            .unwrap_or_default();
        let paths: Vec<String> = g.ops.iter().map(|o| path_key(&o.uri.path)).collect();
        let source = groups.iter().take(i).rev().find(|s| {
            s.ops.iter().any(|o| {
                o.method.as_str().eq_ignore_ascii_case(named)
                    && paths.contains(&path_key(&o.uri.path))
            })
        });
        let Some(source) = source else { continue };
        let keep = |p: &crate::ir::Parameter| !without.contains(&p.name.to_ascii_lowercase());
        let headers: Vec<_> = source.headers.iter().filter(|p| keep(p)).cloned().collect();
        let (query, statuses, response_headers) = (
            source.query.clone(),
            source.statuses.clone(),
            source
                .response_headers
                .iter()
                .filter(|p| keep(p))
                .cloned()
                .collect(),
        );
        let (request_body, response_body, seen) = (
            source.request_body.clone(),
            source.response_body.clone(),
            source.seen.clone(),
        );
        if let Some(g) = groups.get_mut(i) {
            g.headers = headers;
            g.query = query;
            g.statuses = statuses;
            g.response_headers = response_headers;
            g.request_body = request_body;
            g.response_body = response_body;
            g.seen = seen;
        }
    }
}

/// An operation the guide's own implementation does not support is still
/// documented (the other implementations have it), and says so first.
fn flagged(unsupported_by: &Option<String>, description: String) -> String {
    match unsupported_by {
        Some(label) => {
            let flag = format!(
                "**Not supported by {label}**: the guide marks this operation ✘ for {label} (see `x-synnefo`)."
            );
            if description.trim().is_empty() {
                flag
            } else {
                format!("{flag}\n\n{description}")
            }
        }
        None => description,
    }
}

/// The path with its placeholder names erased: `/images/{}/members`.
pub(super) use speclift_spec::template::erase as path_key;

/// `/a/{x}/b/{y}` → `[x, y]`.
use speclift_spec::template::segment_names as template_names;

/// `/servers/{server_id}/ips` → `servers`: the resource an operation is
/// about.
pub(super) fn first_segment(path: &str) -> &str {
    path.split('/').find(|s| !s.is_empty()).unwrap_or("")
}
