//! Status codes: `status.yaml`, `.. rest_status_code::` lists, and the
//! older "Normal response codes: 200" paragraphs.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use speclift_diag::{Diagnostic, Location};
use speclift_rst::ContentLine;

use super::params::{RawEntry, loc, read_raw};
use crate::microversion::{Microversion, VersionRange};

/// A loaded status.yaml: code → reason key → text.
#[derive(Clone, Debug, Default)]
pub struct StatusFile {
    codes: BTreeMap<u16, BTreeMap<String, String>>,
}

impl StatusFile {
    pub fn parse(file: &Arc<Path>, text: &str) -> (StatusFile, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let raw = match read_raw(file, text) {
            Ok(raw) => raw,
            Err(e) => {
                diags.push(e);
                return (StatusFile::default(), diags);
            }
        };
        let mut out = StatusFile::default();
        for (code, entry) in raw.0 {
            let at = loc(file, &code);
            let Some(n) = parse_code(&code.value) else {
                diags.push(
                    Diagnostic::error(at, format!("`{}` is not an HTTP status code", code.value))
                        .with_rule(speclift_diag::Rule::InvalidStatusFile)
                        .with_hint("status.yaml keys are three-digit codes such as 404"),
                );
                continue;
            };
            if out.codes.contains_key(&n) {
                diags.push(
                    Diagnostic::error(at, format!("duplicate status code `{n}`"))
                        .with_rule(speclift_diag::Rule::InvalidStatusFile)
                        .with_hint("the first definition is used; remove this one"),
                );
                continue;
            }
            let RawEntry::Map(fields) = entry.value else {
                diags.push(
                    Diagnostic::error(at, format!("status code `{n}` is not a mapping"))
                        .with_rule(speclift_diag::Rule::InvalidStatusFile)
                        .with_hint("write `404:` followed by `  default: text`"),
                );
                continue;
            };
            let reasons = fields
                .into_iter()
                .map(|(k, v)| {
                    (
                        k.value,
                        v.map(|v| v.value.text().trim().to_string())
                            .unwrap_or_default(),
                    )
                })
                .collect();
            out.codes.insert(n, reasons);
        }
        (out, diags)
    }

    /// The text for `code` under `reason` (`default` when `None`).
    pub fn describe(&self, code: u16, reason: Option<&str>) -> Option<&str> {
        self.codes
            .get(&code)?
            .get(reason.unwrap_or("default"))
            .map(String::as_str)
    }

    pub fn has(&self, code: u16) -> bool {
        self.codes.contains_key(&code)
    }
}

fn parse_code(s: &str) -> Option<u16> {
    let s = s.trim();
    if s.len() == 3 && s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok().filter(|n| (100..600).contains(n))
    } else {
        None
    }
}

/// A status code as the documentation lists it, before its description
/// is looked up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListedCode {
    pub code: u16,
    pub success: bool,
    /// A status.yaml reason key (`- 404: volume_not_found`).
    pub reason: Option<String>,
    pub microversions: VersionRange,
    pub location: Location,
}

/// `success` or `error` and the status.yaml path from the directive's
/// argument.
pub fn parse_directive_argument(arg: &str) -> Option<(bool, &str)> {
    let mut parts = arg.split_whitespace();
    let kind = parts.next()?;
    let path = parts.next()?;
    if parts.next().is_some() {
        return None;
    }
    match kind {
        "success" => Some((true, path)),
        "error" => Some((false, path)),
        _ => None,
    }
}

/// The `- 200` / `- 404: reason_key` lines of `.. rest_status_code::`.
pub fn parse_code_list(
    content: &[ContentLine],
    success: bool,
    diags: &mut Vec<Diagnostic>,
) -> Vec<ListedCode> {
    let mut out = Vec::new();
    for line in content {
        let t = line.text.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let item = t.strip_prefix('-').map(str::trim).unwrap_or(t);
        let (code, reason) = match item.split_once(':') {
            Some((c, r)) => (
                c.trim(),
                Some(r.trim().to_string()).filter(|r| !r.is_empty()),
            ),
            None => (item, None),
        };
        match parse_code(code) {
            Some(code) => out.push(ListedCode {
                code,
                success,
                reason,
                microversions: VersionRange::default(),
                location: line.location.clone(),
            }),
            None => diags.push(
                Diagnostic::error(
                    line.location.clone(),
                    format!("`{t}` is not a status code entry"),
                )
                .with_rule(speclift_diag::Rule::InvalidStatusEntry)
                .with_hint("write `- 200` or `- 404: reason_key_in_status_yaml`"),
            ),
        }
    }
    out
}

/// Codes from a paragraph such as "Normal response codes: 200" and
/// "Error response codes: badRequest(400), itemNotFound(404)"; both may
/// share one paragraph. `None` when the paragraph is not one of these.
pub fn parse_status_paragraph(
    text: &str,
    at: &Location,
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<ListedCode>> {
    let lower = text.to_ascii_lowercase();
    let markers = find_markers(&lower);
    if markers
        .first()
        .is_none_or(|m| lower[..m.start].trim() != "")
    {
        return None;
    }
    let mut out = Vec::new();
    for (i, m) in markers.iter().enumerate() {
        let end = markers.get(i + 1).map_or(text.len(), |n| n.start);
        let body = text.get(m.body..end).unwrap_or("");
        let line_offset = text.get(..m.start).unwrap_or("").matches('\n').count() as u32;
        let here = if line_offset == 0 {
            at.clone()
        } else {
            at.below(line_offset, at.column)
        };
        for piece in split_top_level(body) {
            let piece = piece.trim().trim_end_matches('.').trim();
            if piece.is_empty() {
                continue;
            }
            let listed = parse_listed(piece);
            if !listed.is_empty() {
                out.extend(listed.into_iter().map(|(code, microversions)| ListedCode {
                    code,
                    success: m.success,
                    reason: None,
                    microversions,
                    location: here.clone(),
                }));
            } else {
                diags.push(
                    Diagnostic::warning(
                        here.clone(),
                        format!("`{piece}` is not a status code; it is ignored"),
                    )
                    .with_rule(speclift_diag::Rule::InvalidStatusCode)
                    .with_hint("list codes as `200` or `name(404)`, separated by commas"),
                );
            }
        }
    }
    Some(out)
}

struct Marker {
    start: usize,
    body: usize,
    success: bool,
}

/// Where "Normal response codes:" and "Error response codes:" start. The
/// wordings os-api-ref trees use: `normal`, `success` or `successful` for
/// success and `error` for errors, an optional `HTTP`, `response code` or
/// `response codes`, any capitalisation, and a colon — or, without the
/// colon, a code right after (`Normal response codes 200`).
fn find_markers(lower: &str) -> Vec<Marker> {
    let mut out = Vec::new();
    for (word, success) in [
        ("normal", true),
        ("successful", true),
        ("success", true),
        ("error", false),
    ] {
        let mut from = 0;
        while let Some(pos) = lower.get(from..).and_then(|s| s.find(word)) {
            let start = from + pos;
            from = start + word.len();
            // A whole word: `successful` is not `success` + `ful`.
            let before = lower[..start].chars().next_back();
            let after = lower[from..].chars().next();
            if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric)
            {
                continue;
            }
            if let Some(body) = marker_body(&lower[from..])
                && !out.iter().any(|m: &Marker| m.start == start)
            {
                out.push(Marker {
                    start,
                    body: lower.len() - body.len(),
                    success,
                });
            }
        }
    }
    out.sort_by_key(|m| m.start);
    out
}

/// After the marker's first word: ` [http] response code[s][:]`; the text
/// after it, or `None` when this is no marker.
fn marker_body(rest: &str) -> Option<&str> {
    let rest = rest.trim_start();
    let rest = rest.strip_prefix("http").map_or(rest, str::trim_start);
    let rest = rest.strip_prefix("response")?.trim_start();
    let rest = rest.strip_prefix("code")?;
    let rest = rest.strip_prefix('s').unwrap_or(rest);
    let after = rest.trim_start();
    match after.strip_prefix(':') {
        Some(body) => Some(body),
        None if after.starts_with(|c: char| c.is_ascii_digit()) => Some(after),
        None => None,
    }
}

/// Splits on commas outside parentheses.
fn split_top_level(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0i32, 0);
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth <= 0 => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out
}

/// Every code in one comma-separated piece: `200`, `badRequest(400)`,
/// `itemNotFound (404)`, `200 (microversions 2.0 - 2.100)`, `202
/// (microversion 2.101 - )`. A piece may hold several entries when the
/// author left out the commas (`forbidden(403)\nitemNotFound(404)`, a
/// line break only): os-api-ref renders prose as written, so every code in
/// it is documented. Each code takes the microversion range written between
/// it and the next code.
fn parse_listed(piece: &str) -> Vec<(u16, VersionRange)> {
    let bytes = piece.as_bytes();
    let mut found: Vec<(u16, usize, usize)> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let j = (i..bytes.len())
                .find(|&j| !bytes[j].is_ascii_digit())
                .unwrap_or(bytes.len());
            // Not part of a version such as `2.100`.
            let in_version = (i > 0 && bytes[i - 1] == b'.') || bytes.get(j) == Some(&b'.');
            if j - i == 3
                && !in_version
                && let Some(code) = parse_code(&piece[i..j])
            {
                found.push((code, i, j));
            }
            i = j;
        } else {
            i += 1;
        }
    }
    let ends: Vec<usize> = found
        .iter()
        .skip(1)
        .map(|&(_, start, _)| start)
        .chain([piece.len()])
        .collect();
    found
        .iter()
        .zip(ends)
        .map(|(&(code, _, end), next)| {
            let rest = piece.get(end..next).unwrap_or("");
            // Only the parenthesis right after the code qualifies it.
            let rest = match rest.find(')') {
                Some(close) if rest.trim_start().starts_with('(') => &rest[..=close],
                _ => rest,
            };
            let range = rest
                .to_ascii_lowercase()
                .contains("microversion")
                .then(|| parse_range(rest))
                .flatten();
            (code, range.unwrap_or_default())
        })
        .collect()
}

/// `(microversions 2.0 - 2.100)` → 2.0..=2.100; `(microversion 2.101 - )`
/// → 2.101.. ; `(microversion 2.5)` → exactly 2.5 and later is not
/// implied, so it is read as a minimum.
pub fn parse_range(s: &str) -> Option<VersionRange> {
    let inner = s
        .trim()
        .trim_start_matches('(')
        .trim_end_matches(')')
        .trim();
    let lower = inner.to_ascii_lowercase();
    let body = lower
        .strip_prefix("microversions")
        .or_else(|| lower.strip_prefix("microversion"))
        .unwrap_or(&lower)
        .trim();
    let (lo, hi) = match body.split_once('-') {
        Some((lo, hi)) => (lo.trim(), Some(hi.trim())),
        None => (body, None),
    };
    let min = if lo.is_empty() {
        None
    } else {
        Some(lo.parse::<Microversion>().ok()?)
    };
    let max = match hi {
        Some(h) if !h.is_empty() => Some(h.parse::<Microversion>().ok()?),
        _ => None,
    };
    (min.is_some() || max.is_some()).then_some(VersionRange { min, max })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at() -> Location {
        Location::new(Path::new("a.inc"), 7, 1)
    }

    fn codes(v: &[ListedCode]) -> Vec<(u16, bool)> {
        v.iter().map(|c| (c.code, c.success)).collect()
    }

    #[test]
    fn normal_and_error_paragraphs() {
        let mut d = Vec::new();
        let v = parse_status_paragraph("Normal response codes: 200, 202", &at(), &mut d).unwrap();
        assert_eq!(codes(&v), [(200, true), (202, true)]);
        let v = parse_status_paragraph(
            "Error response codes: badRequest(400), unauthorized(401),\nitemNotFound (404), badrequest(400)",
            &at(),
            &mut d,
        )
        .unwrap();
        assert_eq!(
            codes(&v),
            [(400, false), (401, false), (404, false), (400, false)]
        );
        assert!(d.is_empty(), "{d:?}");
        assert!(parse_status_paragraph("Deletes an attachment.", &at(), &mut d).is_none());
        assert!(
            parse_status_paragraph("See the Normal response codes: 200", &at(), &mut d).is_none()
        );
    }

    #[test]
    fn both_kinds_in_one_paragraph_get_their_own_lines() {
        let mut d = Vec::new();
        let v = parse_status_paragraph(
            "Normal response codes: 202\nError response codes: badRequest(400), itemNotFound(404)",
            &at(),
            &mut d,
        )
        .unwrap();
        assert_eq!(codes(&v), [(202, true), (400, false), (404, false)]);
        assert_eq!(v[0].location.line, 7);
        assert_eq!(v[1].location.line, 8);
    }

    #[test]
    fn nova_microversion_form() {
        let mut d = Vec::new();
        let v = parse_status_paragraph(
            "Normal response codes: 200 (microversions 2.0 - 2.100), 202 (microversion 2.101 - )",
            &at(),
            &mut d,
        )
        .unwrap();
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(codes(&v), [(200, true), (202, true)]);
        assert_eq!(v[0].microversions.min, Some(Microversion::new(2, 0)));
        assert_eq!(v[0].microversions.max, Some(Microversion::new(2, 100)));
        assert_eq!(v[1].microversions.min, Some(Microversion::new(2, 101)));
        assert_eq!(v[1].microversions.max, None);
    }

    #[test]
    fn marker_wordings() {
        let mut d = Vec::new();
        for (text, want) in [
            ("Success response codes: 201", [(201, true)]),
            ("Successful response code: 204", [(204, true)]),
            ("Normal HTTP response codes: 202", [(202, true)]),
            ("Normal response codes 200", [(200, true)]),
            ("ERROR RESPONSE CODES: 404", [(404, false)]),
        ] {
            let v = parse_status_paragraph(text, &at(), &mut d)
                .unwrap_or_else(|| panic!("{text}: no marker"));
            assert_eq!(codes(&v), want, "{text}");
        }
        assert!(d.is_empty(), "{d:?}");
        for text in [
            "Success is reported with 200.",
            "Normal response: the server.",
            "Errorresponse codes: 404",
        ] {
            assert!(
                parse_status_paragraph(text, &at(), &mut d).is_none(),
                "{text}"
            );
        }
    }

    #[test]
    fn entries_without_commas_between_them() {
        let mut d = Vec::new();
        let v = parse_status_paragraph(
            "Error response codes: badRequest(400), unauthorized(401), forbidden(403)\nitemNotFound(404), conflict(409)",
            &at(),
            &mut d,
        )
        .unwrap();
        assert_eq!(
            codes(&v),
            [
                (400, false),
                (401, false),
                (403, false),
                (404, false),
                (409, false)
            ]
        );
        let v = parse_status_paragraph(
            "Normal response codes: 200 (microversions 2.0 - 2.100) 202 (microversion 2.101 - )",
            &at(),
            &mut d,
        )
        .unwrap();
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(codes(&v), [(200, true), (202, true)]);
        assert_eq!(v[0].microversions.max, Some(Microversion::new(2, 100)));
        assert_eq!(v[1].microversions.min, Some(Microversion::new(2, 101)));
        let v =
            parse_status_paragraph("Normal response codes: 200 201 204", &at(), &mut d).unwrap();
        assert_eq!(codes(&v), [(200, true), (201, true), (204, true)]);
    }

    #[test]
    fn singular_and_capitalised_marker_and_junk() {
        let mut d = Vec::new();
        let v = parse_status_paragraph("Normal Response Code: 204", &at(), &mut d).unwrap();
        assert_eq!(codes(&v), [(204, true)]);
        let v = parse_status_paragraph("Error response codes: oops, 404", &at(), &mut d).unwrap();
        assert_eq!(codes(&v), [(404, false)]);
        assert_eq!(d.len(), 1);
        assert!(!d[0].is_error() && d[0].hint.is_some());
    }

    #[test]
    fn status_yaml_and_code_lists() {
        let file: Arc<Path> = Arc::from(Path::new("status.yaml"));
        let (s, d) = StatusFile::parse(
            &file,
            "200:\n  default: |\n    Request was successful.\n404:\n  default: Not here.\n  volume: No such volume.\n",
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(s.describe(200, None), Some("Request was successful."));
        assert_eq!(s.describe(404, Some("volume")), Some("No such volume."));
        assert_eq!(s.describe(404, Some("nope")), None);
        let content: Vec<ContentLine> = ["- 200", "", "- 404: volume", "- abc"]
            .iter()
            .enumerate()
            .map(|(i, t)| ContentLine {
                text: t.to_string(),
                location: Location::new(Path::new("a.inc"), 3 + i as u32, 4),
            })
            .collect();
        let mut d = Vec::new();
        let v = parse_code_list(&content, false, &mut d);
        assert_eq!(codes(&v), [(200, false), (404, false)]);
        assert_eq!(v[1].reason.as_deref(), Some("volume"));
        assert_eq!(v[1].location.line, 5);
        assert_eq!(d.len(), 1);
        assert_eq!(
            parse_directive_argument("success ../status.yaml"),
            Some((true, "../status.yaml"))
        );
        assert_eq!(parse_directive_argument("sucess x"), None);
    }

    #[test]
    fn status_yaml_errors() {
        let file: Arc<Path> = Arc::from(Path::new("status.yaml"));
        let (_, d) = StatusFile::parse(
            &file,
            "200:\n  default: a\nabc:\n  default: b\n200:\n  default: c\n",
        );
        assert_eq!(d.len(), 2, "{d:?}");
        assert_eq!(d[0].location.as_ref().unwrap().line, 3);
        assert_eq!(d[1].location.as_ref().unwrap().line, 5);
    }
}
