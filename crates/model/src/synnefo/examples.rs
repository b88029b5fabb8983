//! Example and template blocks of the Synnefo guides.
//!
//! An example is a `.. code::` block that may start with a request line
//! (`GET https://example.org/compute/v2.0/servers`), then JSON written by
//! hand: `# comments`, trailing commas. A template (`Response body
//! contents::`) uses `<value>` placeholders and `...` ellipses. Real JSON
//! (after removing comments and trailing commas) becomes a sample; anything
//! else is read leniently, for its structure only.

use serde_json::{Map, Number, Value};

use crate::ir::Method;

/// `GET https://example.org/compute/v2.0/servers/1134`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestLine {
    pub method: Method,
    /// The URL's path (no scheme, host or query).
    pub path: String,
    /// Everything before the path: `https://example.org`.
    pub origin: String,
    /// 0-based index of the line in the block.
    pub line: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Body {
    /// Nothing but (maybe) a request line.
    Empty,
    /// Valid JSON once comments and trailing commas are gone.
    Json(Value),
    /// Placeholders or ellipses: structure only (placeholders are `null`).
    Template(Value),
    /// Meant as an example but not JSON (missing commas, `True`, single
    /// quotes). `value` is the lenient reading when there is one; `line` is
    /// 0-based in the block.
    NotJson {
        value: Option<Value>,
        line: usize,
        /// 1-based, in characters; 0 when unknown.
        column: usize,
        message: String,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Example {
    pub request_line: Option<RequestLine>,
    pub body: Body,
}

pub fn read(lines: &[&str]) -> Example {
    let mut lines: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    let request_line = lines
        .iter()
        .position(|l| !l.trim().is_empty())
        .and_then(|i| request_line(&lines[i], i));
    if let Some(r) = &request_line {
        // Blanked, not removed, so JSON error lines still match the block.
        if let Some(l) = lines.get_mut(r.line) {
            l.clear();
        }
    }
    let cleaned = clean(&lines.join("\n"));
    if cleaned.trim().is_empty() {
        return Example {
            request_line,
            body: Body::Empty,
        };
    }
    let body = match serde_json::from_str::<Value>(&cleaned) {
        Ok(v) => Body::Json(v),
        Err(e) => {
            let lenient = lenient(&cleaned);
            match lenient {
                Ok((value, flags)) if flags.template => Body::Template(value),
                Ok((value, _)) => Body::NotJson {
                    value: Some(value),
                    line: e.line().saturating_sub(1),
                    column: e.column(),
                    message: json_message(&e),
                },
                Err((line, message)) => Body::NotJson {
                    value: None,
                    line,
                    column: 0,
                    message,
                },
            }
        }
    };
    Example { request_line, body }
}

/// serde_json's message without its position, which is relative to the
/// block; the caller locates it in the file.
fn json_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

fn request_line(line: &str, index: usize) -> Option<RequestLine> {
    let mut words = line.split_whitespace();
    let word = words.next()?;
    let method = Method::parse(word)?;
    // A transcript writes methods in upper case; `see /x` is prose.
    if !method.is_standard() && word.bytes().any(|b| b.is_ascii_lowercase()) {
        return None;
    }
    let target = words.next()?;
    if words.next().is_some() {
        return None;
    }
    let (origin, rest) = match target.find("://") {
        Some(scheme_end) => {
            let after = &target[scheme_end + 3..];
            let host_end = after.find('/').unwrap_or(after.len());
            (
                target[..scheme_end + 3 + host_end].to_string(),
                &after[host_end..],
            )
        }
        None if target.starts_with('/') => (String::new(), target),
        None => return None,
    };
    let path = rest.split(['?', '#']).next().unwrap_or("");
    Some(RequestLine {
        method,
        path: if path.is_empty() {
            "/".into()
        } else {
            path.into()
        },
        origin,
        line: index,
    })
}

/// Removes `# comments` outside strings and commas before `}`/`]`,
/// keeping every line where it was.
pub fn clean(text: &str) -> String {
    let mut out: Vec<char> = Vec::with_capacity(text.len());
    let mut in_string = false;
    let mut escaped = false;
    let mut in_comment = false;
    for c in text.chars() {
        if in_comment {
            if c == '\n' {
                in_comment = false;
                out.push(c);
            }
            continue;
        }
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' || c == '\n' {
                in_string = false;
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '#' => in_comment = true,
            '}' | ']' => {
                // A trailing comma: the last non-space char before this one.
                if let Some(i) = out.iter().rposition(|c| !c.is_whitespace())
                    && out[i] == ','
                {
                    out[i] = ' ';
                }
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out.into_iter().collect()
}

#[derive(Clone, Copy, Debug, Default)]
struct Flags {
    /// Placeholders or ellipses: a template, not an example.
    template: bool,
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Open(char),
    Close(char),
    Comma,
    Colon,
    Str(String),
    /// A bare word; `key:` glued to its colon is a key.
    Word(String),
    Key(String),
    Placeholder,
    Ellipsis,
}

/// The deepest nesting read; deeper input is cut off, never a stack
/// overflow.
const MAX_DEPTH: usize = 64;

/// Reads JSON-like text forgivingly: bare and single-quoted keys and
/// strings, Python literals, missing commas, `<placeholders>` (→ `null`;
/// as keys: the member is dropped), `...` (dropped), and a top level of
/// `key: value` members without braces. Errors: (0-based line, message).
fn lenient(text: &str) -> Result<(Value, Flags), (usize, String)> {
    let toks = tokens(text);
    let mut p = Parser {
        toks: &toks,
        at: 0,
        flags: Flags::default(),
    };
    let starts_with_member = matches!(p.peek(), Some(Tok::Key(_)))
        || matches!(
            (p.toks.first().map(|t| &t.0), p.toks.get(1).map(|t| &t.0)),
            (
                Some(Tok::Str(_) | Tok::Word(_) | Tok::Placeholder),
                Some(Tok::Colon)
            )
        );
    let value = if starts_with_member {
        Value::Object(p.members(None, 0))
    } else {
        match p.value(0) {
            Some(v) => v,
            None => {
                let line = p.toks.first().map(|t| t.1).unwrap_or(0);
                return Err((line, "no JSON value found".into()));
            }
        }
    };
    Ok((value, p.flags))
}

fn tokens(text: &str) -> Vec<(Tok, usize)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut line = 0usize;
    let mut i = 0usize;
    while let Some(&c) = chars.get(i) {
        match c {
            '\n' => {
                line += 1;
                i += 1;
            }
            c if c.is_whitespace() => i += 1,
            '{' | '[' => {
                out.push((Tok::Open(c), line));
                i += 1;
            }
            '}' | ']' => {
                out.push((Tok::Close(c), line));
                i += 1;
            }
            ',' => {
                out.push((Tok::Comma, line));
                i += 1;
            }
            ':' => {
                out.push((Tok::Colon, line));
                i += 1;
            }
            '"' | '\'' => {
                let mut s = String::new();
                i += 1;
                while let Some(&d) = chars.get(i) {
                    i += 1;
                    match d {
                        '\\' => {
                            if let Some(&e) = chars.get(i) {
                                s.push(match e {
                                    'n' => '\n',
                                    't' => '\t',
                                    other => other,
                                });
                                i += 1;
                            }
                        }
                        // An unterminated string ends with its line.
                        '\n' => {
                            line += 1;
                            break;
                        }
                        d if d == c => break,
                        d => s.push(d),
                    }
                }
                out.push((Tok::Str(s), line));
            }
            '<' => {
                // A placeholder runs to `>` on the same line.
                while let Some(&d) = chars.get(i) {
                    if d == '\n' {
                        break;
                    }
                    i += 1;
                    if d == '>' {
                        break;
                    }
                }
                out.push((Tok::Placeholder, line));
            }
            _ => {
                let start = i;
                while let Some(&d) = chars.get(i) {
                    if d.is_whitespace() || "{}[],\"'<".contains(d) {
                        break;
                    }
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                let tok = if word.starts_with("...") {
                    Tok::Ellipsis
                } else if let Some(key) = word.strip_suffix(':') {
                    Tok::Key(key.to_string())
                } else {
                    Tok::Word(word)
                };
                out.push((tok, line));
            }
        }
    }
    out
}

struct Parser<'a> {
    toks: &'a [(Tok, usize)],
    at: usize,
    flags: Flags,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.at).map(|t| &t.0)
    }

    fn next(&mut self) -> Option<Tok> {
        let t = self.toks.get(self.at).map(|t| t.0.clone());
        self.at += 1;
        t
    }

    /// One value; `None` at the end of input or on a token that cannot
    /// start one (which is consumed, so callers always make progress).
    fn value(&mut self, depth: usize) -> Option<Value> {
        match self.next()? {
            Tok::Open('{') if depth < MAX_DEPTH => {
                Some(Value::Object(self.members(Some('}'), depth + 1)))
            }
            Tok::Open(_) if depth < MAX_DEPTH => Some(self.elements(depth + 1)),
            Tok::Open(_) => None,
            Tok::Str(s) => Some(Value::String(s)),
            Tok::Word(w) | Tok::Key(w) => Some(word(&w)),
            Tok::Placeholder => {
                self.flags.template = true;
                Some(Value::Null)
            }
            Tok::Ellipsis => {
                self.flags.template = true;
                None
            }
            Tok::Close(_) | Tok::Comma | Tok::Colon => None,
        }
    }

    /// Object members up to `close` (or the end of input).
    fn members(&mut self, close: Option<char>, depth: usize) -> Map<String, Value> {
        let mut map = Map::new();
        while let Some(tok) = self.peek().cloned() {
            match tok {
                Tok::Close(c) => {
                    self.at += 1;
                    if Some(c) == close {
                        break;
                    }
                }
                Tok::Comma | Tok::Colon => self.at += 1,
                Tok::Ellipsis => {
                    self.flags.template = true;
                    self.at += 1;
                }
                Tok::Key(k) => {
                    self.at += 1;
                    self.member(&mut map, Some(k), depth);
                }
                Tok::Str(k) | Tok::Word(k) => {
                    self.at += 1;
                    if self.peek() == Some(&Tok::Colon) {
                        self.at += 1;
                    }
                    self.member(&mut map, Some(k), depth);
                }
                Tok::Placeholder => {
                    // `<key>: <value>`: any key; the member says nothing
                    // about structure.
                    self.flags.template = true;
                    self.at += 1;
                    if self.peek() == Some(&Tok::Colon) {
                        self.at += 1;
                    }
                    self.member(&mut map, None, depth);
                }
                Tok::Open(_) => {
                    // A value without a key (`}, {` typos): read and drop.
                    let _ = self.value(depth);
                }
            }
        }
        map
    }

    fn member(&mut self, map: &mut Map<String, Value>, key: Option<String>, depth: usize) {
        if matches!(self.peek(), Some(Tok::Close(_) | Tok::Comma) | None) {
            return;
        }
        let value = self.value(depth);
        if let (Some(k), Some(v)) = (key, value) {
            map.insert(k, v);
        }
    }

    fn elements(&mut self, depth: usize) -> Value {
        let mut items = Vec::new();
        while let Some(tok) = self.peek().cloned() {
            match tok {
                Tok::Close(_) => {
                    self.at += 1;
                    break;
                }
                Tok::Comma | Tok::Colon => self.at += 1,
                Tok::Key(_) => {
                    // `"2718": [...]` inside an array: keep the value.
                    self.at += 1;
                }
                Tok::Str(_) if self.toks.get(self.at + 1).map(|t| &t.0) == Some(&Tok::Colon) => {
                    self.at += 2;
                }
                _ => {
                    if let Some(v) = self.value(depth) {
                        items.push(v);
                    }
                }
            }
        }
        Value::Array(items)
    }
}

fn word(w: &str) -> Value {
    match w {
        "true" | "True" => Value::Bool(true),
        "false" | "False" => Value::Bool(false),
        "null" | "None" => Value::Null,
        _ => {
            if let Ok(i) = w.parse::<i64>() {
                Value::Number(i.into())
            } else if let Some(n) = w.parse::<f64>().ok().and_then(Number::from_f64) {
                Value::Number(n)
            } else {
                Value::String(w.to_string())
            }
        }
    }
}

/// The single top-level key of an object body, e.g. `volumeAttachment`,
/// with the JSON type of its value (`object`/`array`): the wrapper the
/// documented attributes live in.
pub fn wrapper(value: &Value) -> Option<(String, &'static str)> {
    let obj = value.as_object()?;
    if obj.len() != 1 {
        return None;
    }
    let (k, v) = obj.iter().next()?;
    let ty = match v {
        Value::Object(_) => "object",
        Value::Array(_) => "array",
        _ => return None,
    };
    Some((k.clone(), ty))
}

/// Literal keys nested directly in the wrapper (template keys such as
/// `volumeId: <value>`), skipping generic names (`volume_attachment_attribute`).
pub fn wrapped_keys(value: &Value) -> Vec<String> {
    let Some(inner) = value.as_object().and_then(|o| o.values().next()) else {
        return Vec::new();
    };
    let fields = match inner {
        Value::Object(o) => Some(o),
        Value::Array(a) => a.first().and_then(Value::as_object),
        _ => None,
    };
    fields
        .map(|o| {
            o.keys()
                .filter(|k| !k.to_ascii_lowercase().contains("attribute"))
                .cloned()
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read_str(text: &str) -> Example {
        let lines: Vec<&str> = text.lines().collect();
        read(&lines)
    }

    #[test]
    fn comments_and_trailing_commas_are_removed() {
        let e = read_str(
            "GET https://example.org/compute/v2.0/servers/1134/os-volume_attachments\n\n{\n  \"volumeAttachments\": [\n    {\n      \"device\": \"\",      # Unused\n      \"id\": 9,\n    }\n  ]\n}",
        );
        assert_eq!(
            e.body,
            Body::Json(json!({"volumeAttachments": [{"device": "", "id": 9}]}))
        );
        let r = e.request_line.unwrap();
        assert_eq!(r.method, Method::Get);
        assert_eq!(r.path, "/compute/v2.0/servers/1134/os-volume_attachments");
        assert_eq!(r.origin, "https://example.org");
    }

    #[test]
    fn hash_inside_strings_is_kept() {
        let text = r##"{"a": "x # y", "b": "\"#"}"##;
        assert_eq!(clean(text), text);
        assert_eq!(clean("{\"a\": 1, # c\n}"), "{\"a\": 1  \n}");
        assert_eq!(clean("[1, 2 , ]"), "[1, 2   ]");
    }

    #[test]
    fn templates_are_structure_only() {
        let e = read_str("{\n  \"volumeAttachment\": {\n      \"volumeId\": <value>,\n  }\n}");
        assert_eq!(
            e.body,
            Body::Template(json!({"volumeAttachment": {"volumeId": null}}))
        );
        let e = read_str("volumes: [\n  {\n    <volume attribute>: <value>,\n    ...\n  }, ...\n]");
        assert_eq!(e.body, Body::Template(json!({"volumes": [{}]})));
        let e = read_str("reassign: {project: <project id>}");
        assert_eq!(
            e.body,
            Body::Template(json!({"reassign": {"project": null}}))
        );
        let e = read_str(
            "addresses: [\n  <network id>: [\n    {\n      version: <4 or 6>,\n      OS-EXT-TYPE:type: <floating or fixed>\n    },\n  ],\n]",
        );
        assert!(matches!(e.body, Body::Template(_)), "{e:?}");
    }

    #[test]
    fn python_literals_are_not_json_but_readable() {
        let e = read_str("{\"volume\": {\"bootable\": True, \"x\": None}}");
        let Body::NotJson {
            value,
            line,
            column,
            message,
        } = e.body
        else {
            panic!("{e:?}");
        };
        assert_eq!(
            value,
            Some(json!({"volume": {"bootable": true, "x": null}}))
        );
        assert_eq!((line, column), (0, 25));
        assert!(!message.contains("line"), "{message}");
    }

    #[test]
    fn missing_commas_are_reported_on_their_line() {
        let e = read_str("{\n  \"a\": \"x\"\n  \"b\": 1\n}");
        match e.body {
            Body::NotJson { value, line, .. } => {
                assert_eq!(value, Some(json!({"a": "x", "b": 1})));
                assert_eq!(line, 2);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn request_line_alone_is_empty() {
        let e = read_str("DELETE https://example.org/compute/v2.0/os-floating-ips/42");
        assert_eq!(e.body, Body::Empty);
        assert_eq!(e.request_line.unwrap().method, Method::Delete);
        assert!(
            read_str("POST https://example.org//cyclades/v2/volumes/42/action\n\n{}")
                .request_line
                .is_some()
        );
    }

    #[test]
    fn garbage_never_panics() {
        for text in [
            "{",
            "}",
            "[[[[",
            "<",
            "'",
            "\"",
            "...",
            ":",
            "a: b: c",
            "{<x}: <y>, ...}",
            "]]{{",
        ] {
            let _ = read_str(text);
        }
        let deep = "[".repeat(10_000);
        let _ = read_str(&deep);
    }

    #[test]
    fn wrappers() {
        let t =
            json!({"volumeAttachment": {"volumeId": null, "volume_attachment_attribute": null}});
        assert_eq!(wrapper(&t), Some(("volumeAttachment".into(), "object")));
        assert_eq!(wrapped_keys(&t), vec!["volumeId".to_string()]);
        assert_eq!(wrapper(&json!({"a": 1, "b": 2})), None);
        assert_eq!(
            wrapper(&json!({"servers": [{"id": 1}]})),
            Some(("servers".into(), "array"))
        );
        assert_eq!(
            wrapped_keys(&json!({"servers": [{"id": 1}]})),
            vec!["id".to_string()]
        );
    }
}
