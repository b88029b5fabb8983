//! Bodies that are not JSON: object data, plain-text listings, and the XML
//! a `format=xml` parameter asks for. Told by the headers and parameters a
//! section documents, and by its XML examples.

use super::{Group, OpRow, Seen, Side, takes_body};
use crate::ir::{Media, Method, Parameter, TextSample};

pub(super) const XML: &str = "application/xml";
const JSON: &str = "application/json";
const BINARY: &str = "application/octet-stream";
const TEXT: &str = "text/plain";

/// Whether an example's text is XML (`<?xml …`, or an element when the
/// block is titled as an example).
pub(super) fn is_xml(lines: &[&str], titled: bool) -> bool {
    let first = lines.iter().map(|l| l.trim()).find(|l| !l.is_empty());
    match first {
        Some(l) if l.starts_with("<?xml") => true,
        Some(l) => titled && l.starts_with('<') && !l.starts_with("<#"),
        None => false,
    }
}

fn find<'p>(params: &'p [Parameter], name: &str) -> Option<&'p Parameter> {
    params.iter().find(|p| p.name.eq_ignore_ascii_case(name))
}

/// The `format` query parameter and which of `json`, `xml` it names.
fn format_param(g: &Group) -> Option<(bool, bool)> {
    let p = find(&g.query, "format")?;
    let d = p.description.to_ascii_lowercase();
    Some((d.contains("json"), d.contains("xml")))
}

fn add(out: &mut Vec<Media>, media_type: &str, description: &str, binary: bool) {
    if !out.iter().any(|m| m.media_type == media_type) {
        out.push(Media {
            media_type: media_type.to_string(),
            description: description.to_string(),
            binary,
            samples: Vec::new(),
        });
    }
}

fn samples(out: &mut Vec<Media>, seen: &[&Seen], side: Side) {
    for s in seen.iter().filter(|s| s.side == side) {
        if let Some((media_type, sample)) = &s.text {
            add(out, media_type, "", false);
            if let Some(m) = out.iter_mut().find(|m| &m.media_type == media_type) {
                m.samples.push(sample.clone());
            }
        }
    }
}

/// What a request of `row` sends besides JSON: the data `Content-Type`
/// names when the section documents that header but no JSON body.
pub(super) fn request(g: &Group, row: &OpRow, seen: &[&Seen], has_json: bool) -> Vec<Media> {
    let mut out = Vec::new();
    if !takes_body(row.method) {
        return out;
    }
    if !has_json && find(&g.headers, "Content-Type").is_some() {
        add(
            &mut out,
            BINARY,
            "The data, of the media type the `Content-Type` header names (any).",
            true,
        );
    }
    samples(&mut out, seen, Side::Request);
    out
}

/// What the reply of `row` carries besides JSON: object data when a GET
/// documents a `Content-Type` reply header; otherwise a plain-text
/// listing when a `format` parameter offers extended (JSON/XML) replies;
/// XML when `format` offers it or an example shows it.
pub(super) fn response(g: &Group, row: &OpRow, seen: &[&Seen], has_json: bool) -> Vec<Media> {
    let mut out = Vec::new();
    if row.method == Method::Head {
        return out;
    }
    // `format` chooses the reply of a read; elsewhere it is the format of
    // error replies (`409 Conflict`), which are not documented as such.
    let format = format_param(g).filter(|_| row.method == Method::Get);
    if row.method == Method::Get {
        if find(&g.response_headers, "Content-Type").is_some() {
            add(
                &mut out,
                BINARY,
                "The data (or the requested ranges of it), of the media type the `Content-Type` header names.",
                true,
            );
        } else if format.is_some_and(|(json, xml)| json || xml) {
            add(
                &mut out,
                TEXT,
                "A list of names, one per line (the reply without a `format` parameter).",
                false,
            );
        }
    }
    if format.is_some_and(|(json, _)| json) && !has_json {
        // No fields and no example say what the JSON holds: any JSON.
        add(&mut out, JSON, "The reply with `format=json`.", false);
    }
    if format.is_some_and(|(_, xml)| xml) {
        add(&mut out, XML, "The reply with `format=xml`.", false);
    }
    samples(&mut out, seen, Side::Response);
    if let Some(m) = out.iter_mut().find(|m| m.media_type == XML)
        && m.description.is_empty()
    {
        m.description = "An XML document.".to_string();
    }
    out
}

/// An XML example as a text sample.
pub(super) fn xml_sample(
    lines: &[&str],
    title: Option<&str>,
    location: speclift_diag::Location,
) -> (String, TextSample) {
    let text = lines
        .iter()
        .map(|l| l.trim_end())
        .collect::<Vec<_>>()
        .join("\n")
        .trim_matches('\n')
        .to_string();
    (
        XML.to_string(),
        TextSample {
            title: title.unwrap_or("").to_string(),
            text: dedent(&text),
            location,
        },
    )
}

fn dedent(text: &str) -> String {
    let indent = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    text.lines()
        .map(|l| l.get(indent..).unwrap_or(l.trim_start()))
        .collect::<Vec<_>>()
        .join("\n")
}
