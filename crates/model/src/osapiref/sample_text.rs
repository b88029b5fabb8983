//! What a sample file's text means, as leniently as os-api-ref renders it.
//!
//! Sphinx shows any included file; a sample that is not strict JSON only
//! costs a highlighting warning there. So here: strict JSON is read as
//! is; JSON whose only flaws have one clear meaning (trailing commas,
//! `//` and `/* */` comments) is read with a warning; an HTTP transcript
//! (`GET /x HTTP/1.1`, headers, body) gives its body; anything else (`...`
//! elisions, XML, a curl command) is kept verbatim for the operation's
//! description, with a warning, and the schema then comes from the
//! parameter tables alone.

use serde_json::Value;

use super::samples::Direction;

/// The reading of one sample text.
#[derive(Debug, PartialEq)]
pub enum SampleText {
    /// JSON, strictly or after a clear repair (`repaired` says which).
    Json {
        body: Value,
        repaired: Option<&'static str>,
        /// A transcript says which way it goes.
        direction: Option<Direction>,
    },
    /// Not readable as JSON: kept as written. `why` completes "it is ".
    Verbatim { why: String },
}

/// Reads `text`, expected to be JSON when `json` (by language/extension).
pub fn read(text: &str, json: bool) -> SampleText {
    if let Some(t) = transcript(text) {
        return match t.body.trim() {
            "" => SampleText::Verbatim {
                why: "an HTTP transcript without a body".into(),
            },
            body => match json_leniently(body) {
                Some((body, repaired)) => SampleText::Json {
                    body,
                    repaired,
                    direction: Some(t.direction),
                },
                None => SampleText::Verbatim {
                    why: "an HTTP transcript whose body is not JSON".into(),
                },
            },
        };
    }
    let looks_json = matches!(text.trim_start().chars().next(), Some('{' | '['));
    if !json && !looks_json {
        return SampleText::Verbatim {
            why: "not JSON".into(),
        };
    }
    match json_leniently(text) {
        Some((body, repaired)) => SampleText::Json {
            body,
            repaired,
            direction: None,
        },
        None if has_elision(text) => SampleText::Verbatim {
            why: "JSON with `...` elisions".into(),
        },
        None => SampleText::Verbatim {
            why: "not valid JSON".into(),
        },
    }
}

/// Strict JSON, else JSON after removing comments and trailing commas.
fn json_leniently(text: &str) -> Option<(Value, Option<&'static str>)> {
    if let Ok(v) = serde_json::from_str(text) {
        return Some((v, None));
    }
    let (cleaned, what) = clean(text);
    let what = what?;
    serde_json::from_str(&cleaned).ok().map(|v| (v, Some(what)))
}

/// Comments and trailing commas outside strings removed (each replaced by
/// spaces, so positions stay), and what was removed.
fn clean(text: &str) -> (String, Option<&'static str>) {
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<char> = Vec::with_capacity(chars.len());
    let (mut comments, mut commas) = (false, false);
    let mut i = 0;
    let mut in_string = false;
    while i < chars.len() {
        let c = chars[i];
        if in_string {
            out.push(c);
            if c == '\\' {
                if let Some(&n) = chars.get(i + 1) {
                    out.push(n);
                    i += 1;
                }
            } else if c == '"' {
                in_string = false;
            }
            i += 1;
            continue;
        }
        match (c, chars.get(i + 1)) {
            ('"', _) => {
                in_string = true;
                out.push(c);
            }
            ('/', Some('/')) => {
                comments = true;
                while i < chars.len() && chars[i] != '\n' {
                    out.push(' ');
                    i += 1;
                }
                continue;
            }
            ('/', Some('*')) => {
                comments = true;
                let end = (i + 2..chars.len().saturating_sub(1))
                    .find(|&j| chars[j] == '*' && chars[j + 1] == '/')
                    .map_or(chars.len(), |j| j + 2);
                for &skipped in &chars[i..end] {
                    out.push(if skipped == '\n' { '\n' } else { ' ' });
                }
                i = end;
                continue;
            }
            ('}' | ']', _) => {
                if let Some(j) = out.iter().rposition(|c| !c.is_whitespace())
                    && out[j] == ','
                {
                    out[j] = ' ';
                    commas = true;
                }
                out.push(c);
            }
            _ => out.push(c),
        }
        i += 1;
    }
    let what = match (comments, commas) {
        (true, true) => Some("comments and trailing commas"),
        (true, false) => Some("comments"),
        (false, true) => Some("trailing commas"),
        (false, false) => None,
    };
    (out.into_iter().collect(), what)
}

/// `...`/`....`/`…` standing for omitted members, outside strings.
fn has_elision(text: &str) -> bool {
    let mut in_string = false;
    let mut escaped = false;
    let mut dots = 0;
    for c in text.chars() {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                dots = 0;
            }
            '.' => {
                dots += 1;
                if dots >= 3 {
                    return true;
                }
            }
            '…' => return true,
            _ => dots = 0,
        }
    }
    false
}

struct Transcript<'a> {
    direction: Direction,
    body: &'a str,
}

/// `GET /x HTTP/1.1` or `HTTP/1.1 200 OK`, header lines, a blank line,
/// the body.
fn transcript(text: &str) -> Option<Transcript<'_>> {
    let trimmed = text.trim_start();
    let first = trimmed.lines().next()?.trim();
    let words: Vec<&str> = first.split_whitespace().collect();
    let direction = match words.as_slice() {
        [version, code, ..] if version.starts_with("HTTP/") && code.parse::<u16>().is_ok() => {
            Direction::Response
        }
        [method, target, version]
            if version.starts_with("HTTP/")
                && crate::ir::Method::parse(method).is_some()
                && !target.is_empty() =>
        {
            Direction::Request
        }
        _ => return None,
    };
    // Headers end at the first blank line; without one, there is no body.
    let after_first = &trimmed[trimmed.find('\n').map_or(trimmed.len(), |i| i + 1)..];
    let mut offset = 0;
    for line in after_first.split_inclusive('\n') {
        offset += line.len();
        if line.trim().is_empty() {
            return Some(Transcript {
                direction,
                body: &after_first[offset..],
            });
        }
    }
    Some(Transcript {
        direction,
        body: "",
    })
}

/// `text` as a CommonMark fenced code block in `language`, with a fence
/// longer than any backtick run inside.
pub fn fenced(text: &str, language: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    format!("{fence}{language}\n{}\n{fence}", text.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn body(text: &str) -> (Value, Option<&'static str>) {
        match read(text, true) {
            SampleText::Json { body, repaired, .. } => (body, repaired),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn strict_json_is_read_as_is() {
        assert_eq!(body("{\"a\": [1]}"), (json!({"a": [1]}), None));
    }

    #[test]
    fn trailing_commas_and_comments_have_one_meaning() {
        assert_eq!(
            body("{\"a\": [1, 2,],\n \"b\": \"x,]\",\n}"),
            (json!({"a": [1, 2], "b": "x,]"}), Some("trailing commas"))
        );
        assert_eq!(
            body("{\n  // the id\n  \"id\": \"http://x\" /* note */\n}"),
            (json!({"id": "http://x"}), Some("comments"))
        );
    }

    #[test]
    fn elisions_and_other_text_are_kept_verbatim() {
        let why = |t: &str, json: bool| match read(t, json) {
            SampleText::Verbatim { why } => why,
            other => panic!("{other:?}"),
        };
        assert!(why("{\"servers\": [ {\"id\": 1}, ... ]}", true).contains("elisions"));
        assert!(why("{\"a\": \"...\", }x", true).contains("not valid JSON"));
        assert_eq!(why("<a/>", false), "not JSON");
        assert_eq!(why("curl -X GET http://x/v2", false), "not JSON");
    }

    #[test]
    fn transcripts_give_their_body_and_direction() {
        let response = "HTTP/1.1 200 OK\nContent-Type: application/json\n\n[{\"name\": \"c\"}]\n";
        assert_eq!(
            read(response, false),
            SampleText::Json {
                body: json!([{"name": "c"}]),
                repaired: None,
                direction: Some(Direction::Response)
            }
        );
        let request = "PUT /v1/a/c HTTP/1.1\nX-Auth-Token: t\n\n{\"k\": 1,}";
        assert!(matches!(
            read(request, false),
            SampleText::Json {
                repaired: Some("trailing commas"),
                direction: Some(Direction::Request),
                ..
            }
        ));
        assert!(matches!(
            read("HTTP/1.1 204 No Content\nX-Trans-Id: 1\n", false),
            SampleText::Verbatim { .. }
        ));
        assert!(matches!(
            read("HTTP/1.1 200 OK\n\n<xml/>", false),
            SampleText::Verbatim { .. }
        ));
    }

    #[test]
    fn fences_outgrow_backticks_inside() {
        assert_eq!(fenced("a", "json"), "```json\na\n```");
        assert_eq!(fenced("x ```` y", ""), "`````\nx ```` y\n`````");
    }
}
