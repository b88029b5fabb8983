//! Examples and body templates: which side and operation they belong to,
//! the base URL their request lines reveal, and the wrapper parameter
//! (`volumeAttachment`) their structure gives a body.

use serde_json::Value;
use speclift_diag::{Diagnostic, Location};

use super::examples::{self, Body, Example};
use super::{OpRow, Reader, Seen, Side, media};
use crate::ir::{Method, ParamIn, Parameter, Sample};
use crate::microversion::VersionRange;

impl Reader<'_> {
    pub(super) fn example(
        &mut self,
        lines: &[&str],
        locations: &[Location],
        title: Option<String>,
        at: &Location,
        is_example: bool,
    ) {
        let Some(g) = &mut self.current else { return };
        if is_header_block(lines) {
            // `x-image-meta-id: 9405…` lines: reply headers shown, not a body.
            return;
        }
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
        } else if lower.contains("respon") || lower.contains("repl") || bodiless {
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
        if media::is_xml(lines, is_example) {
            let at = line_at(0);
            g.seen.push(Seen {
                side,
                sample: None,
                shape: None,
                template: false,
                request_line,
                text: Some(media::xml_sample(lines, title.as_deref(), at)),
            });
            return;
        }
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
                        ).with_rule(speclift_diag::Rule::VerbatimSample)
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
                text: None,
            });
        }
    }
}

/// Lines of `Name: value` only: an HTTP header listing.
fn is_header_block(lines: &[&str]) -> bool {
    let mut any = false;
    for line in lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()) {
        let Some((name, _)) = line.split_once(':') else {
            return false;
        };
        let token = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !token || !name.contains('-') {
            return false;
        }
        any = true;
    }
    any
}

/// The documented body, led by the wrapper the examples or templates show
/// (`volumeAttachment`), followed by the documented fields and the fields
/// only a template names. Examples that disagree on the wrapper (server
/// actions: `start`, `reboot`, …) give none.
pub(super) fn body_with_wrapper(
    seen: &[&Seen],
    documented: &[Parameter],
    row: &OpRow,
) -> Vec<Parameter> {
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
pub(super) fn example_matches(seen: &Seen, row: &OpRow, ops: &[OpRow]) -> bool {
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
pub(super) fn base_of(url_path: &str, template: &str) -> Option<String> {
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
