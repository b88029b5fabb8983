//! Request and response examples (`.. literalinclude::` of JSON files).

use std::path::Path;
use std::sync::Arc;

use speclift_diag::{Diagnostic, Location};

use crate::microversion::Microversion;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Request,
    Response,
}

/// Request or response, from the nearest titles (most specific first) or,
/// failing those, the file name (`-req`, `request`, `-resp`, `response`).
pub fn direction(titles: &[&str], file: &str) -> Option<Direction> {
    for t in titles {
        if let Some(d) = direction_of_words(&t.to_ascii_lowercase()) {
            return Some(d);
        }
    }
    let name = Path::new(file)
        .file_stem()
        .map(|s| s.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if name.contains("request")
        || name.ends_with("-req")
        || name.ends_with("_req")
        || name.contains("-req-")
    {
        return Some(Direction::Request);
    }
    if name.contains("response")
        || name.ends_with("-resp")
        || name.ends_with("_resp")
        || name.contains("-resp-")
    {
        return Some(Direction::Response);
    }
    None
}

fn direction_of_words(lower: &str) -> Option<Direction> {
    match (lower.find("request"), lower.find("response")) {
        (Some(_), None) => Some(Direction::Request),
        (None, Some(_)) => Some(Direction::Response),
        // "… request and response": the last word names what is shown.
        (Some(a), Some(b)) => Some(if a > b {
            Direction::Request
        } else {
            Direction::Response
        }),
        (None, None) => None,
    }
}

/// The microversion an example shows: `(v2.49)` or "microversion 2.49" in
/// its title, else a `v2.49` folder in its path.
pub fn microversion(title: &str, path: &str) -> Option<Microversion> {
    let lower = title.to_ascii_lowercase();
    let mut from = 0;
    while let Some(pos) = lower.get(from..).and_then(|s| s.find("(v")) {
        let start = from + pos + 2;
        if let Some(inner) = lower[start..]
            .find(')')
            .map(|e| lower[start..start + e].trim())
            && inner.contains('.')
            && let Ok(v) = inner.parse::<Microversion>()
        {
            return Some(v);
        }
        from = start;
    }
    let words: Vec<&str> = lower.split_whitespace().collect();
    for pair in words.windows(2) {
        if pair[0].starts_with("microversion") {
            let t = pair[1].trim_matches(|c: char| !c.is_ascii_alphanumeric());
            if t.contains('.')
                && let Ok(v) = t.parse()
            {
                return Some(v);
            }
        }
    }
    Path::new(path).components().find_map(|c| {
        let s = c.as_os_str().to_str()?;
        let rest = s.strip_prefix('v')?;
        if rest.contains('.') {
            rest.parse().ok()
        } else {
            None
        }
    })
}

/// Whether a literalinclude holds JSON, by its `:language:` or, without
/// one, its extension.
pub fn is_json(language: Option<&str>, path: &str) -> bool {
    match language.map(|l| l.trim().to_ascii_lowercase()) {
        Some(l) if !l.is_empty() => matches!(l.as_str(), "json" | "javascript" | "js" | "none"),
        _ => path.to_ascii_lowercase().ends_with(".json"),
    }
}

/// Parses a sample; errors point into the sample file.
pub fn parse_json(file: &Arc<Path>, text: &str) -> Result<serde_json::Value, Diagnostic> {
    serde_json::from_str(text).map_err(|e| {
        let line = u32::try_from(e.line()).unwrap_or(u32::MAX).max(1);
        // serde_json counts bytes; diagnostics count characters.
        let line_text = text.lines().nth(line as usize - 1).unwrap_or("");
        let byte_col = e.column().saturating_sub(1).min(line_text.len());
        let mut col = byte_col;
        while col > 0 && !line_text.is_char_boundary(col) {
            col -= 1;
        }
        let column = line_text[..col].chars().count() as u32 + 1;
        Diagnostic::error(
            Location::new(file.clone(), line, column),
            format!("invalid JSON in sample: {e}"),
        )
        .with_rule(speclift_diag::Rule::UnparsableSample)
        .with_hint("fix the JSON, or mark a non-JSON example with its `:language:`")
    })
}

/// Warnings for keys that appear twice in one object of a sample that
/// parsed: JSON readers keep only one of them (serde_json the last), so
/// the sample says less than its text shows. Each at the repeat.
///
/// Scanned a byte at a time (the structure is ASCII), keys borrowed from
/// the text: every sample of a tree is scanned. A string is crossed in
/// jumps to its next `"` or `\`, and the line and column are counted only
/// for a key found repeated, which few samples have.
pub fn duplicate_keys(file: &Arc<Path>, text: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // One entry per open container: the keys seen, when it is an object.
    let mut open: Vec<Option<rustc_hash::FxHashSet<&str>>> = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut expect_key = false;
    while let Some(&b) = bytes.get(i) {
        let at = i;
        i += 1;
        match b {
            b'{' => {
                open.push(Some(rustc_hash::FxHashSet::default()));
                expect_key = true;
            }
            b'[' => {
                open.push(None);
                expect_key = false;
            }
            b'}' | b']' => {
                open.pop();
                expect_key = false;
            }
            b',' => expect_key = matches!(open.last(), Some(Some(_))),
            b'"' => {
                let start = i;
                let end = loop {
                    let Some(found) = bytes
                        .get(i..)
                        .and_then(|rest| memchr::memchr2(b'"', b'\\', rest))
                    else {
                        // Unclosed: the string runs to the end.
                        i = bytes.len();
                        break i;
                    };
                    i += found + 1;
                    if bytes.get(i - 1) == Some(&b'"') {
                        break i - 1;
                    }
                    // The escaped char, whole: `\"` does not close.
                    if bytes.get(i).is_some() {
                        i += 1;
                        while bytes.get(i).is_some_and(|&c| c & 0xC0 == 0x80) {
                            i += 1;
                        }
                    }
                };
                let key = text.get(start..end).unwrap_or_default();
                if expect_key && let Some(Some(keys)) = open.last_mut() {
                    if !keys.insert(key) {
                        let (line, col) = position(bytes.get(..at).unwrap_or_default());
                        out.push(repeated_key(Location::new(file.clone(), line, col), key));
                    }
                    expect_key = false;
                }
            }
            _ => {}
        }
    }
    out
}

/// The line and column just after `before`: columns count chars, so only
/// a char's first byte moves one.
fn position(before: &[u8]) -> (u32, u32) {
    let line_start = memchr::memrchr(b'\n', before).map_or(0, |n| n + 1);
    let lines = memchr::memchr_iter(b'\n', before).count();
    let chars = before
        .get(line_start..)
        .unwrap_or_default()
        .iter()
        .filter(|&&b| b & 0xC0 != 0x80)
        .count();
    (
        u32::try_from(lines + 1).unwrap_or(u32::MAX),
        u32::try_from(chars + 1).unwrap_or(u32::MAX),
    )
}

/// The warning for `key` repeated at `at`.
fn repeated_key(at: Location, key: &str) -> Diagnostic {
    Diagnostic::warning(
        at,
        format!("key `{key}` appears twice in one object of this sample; only the last one counts"),
    )
    .with_rule(speclift_diag::Rule::DuplicateSampleKey)
    .with_hint("remove or rename one of them")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`duplicate_keys`] as first written, a char at a time.
    fn reference(file: &Arc<Path>, text: &str) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        // One entry per open container: the keys seen, when it is an object.
        let mut open: Vec<Option<rustc_hash::FxHashSet<String>>> = Vec::new();
        let (mut line, mut col) = (1u32, 1u32);
        let mut chars = text.chars().peekable();
        let mut expect_key = false;
        while let Some(c) = chars.next() {
            let (at_line, at_col) = (line, col);
            if c == '\n' {
                line += 1;
                col = 1;
            } else {
                col += 1;
            }
            match c {
                '{' => {
                    open.push(Some(rustc_hash::FxHashSet::default()));
                    expect_key = true;
                }
                '[' => {
                    open.push(None);
                    expect_key = false;
                }
                '}' | ']' => {
                    open.pop();
                    expect_key = false;
                }
                ',' => expect_key = matches!(open.last(), Some(Some(_))),
                '"' => {
                    let mut s = String::new();
                    while let Some(c) = chars.next() {
                        col += 1;
                        match c {
                            '"' => break,
                            '\\' => {
                                if let Some(e) = chars.next() {
                                    col += 1;
                                    s.push('\\');
                                    s.push(e);
                                }
                            }
                            '\n' => {
                                line += 1;
                                col = 1;
                                s.push(c);
                            }
                            _ => s.push(c),
                        }
                    }
                    if expect_key && let Some(Some(keys)) = open.last_mut() {
                        if !keys.insert(s.clone()) {
                            out.push(repeated_key(
                                Location::new(file.clone(), at_line, at_col),
                                &s,
                            ));
                        }
                        expect_key = false;
                    }
                }
                _ => {}
            }
        }
        out
    }

    /// Objects of repeating keys (escaped quotes, a two-byte char, a
    /// space), nested, over lines: what the scan is about.
    fn sample() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::strategy::Strategy as _;
        const KEYS: [&str; 4] = ["a", "\u{e9}t\u{e9}", "a\\\"b", "x y"];
        const VALUES: [&str; 4] = [
            "1",
            "\"\u{e9}\\\\\"",
            "[{\"a\": 1, \"a\": [2]}]",
            "{\"\u{e9}t\u{e9}\": {}, \"\u{e9}t\u{e9}\": \"}\"}",
        ];
        proptest::collection::vec((0..4usize, 0..4usize, proptest::bool::ANY), 0..10).prop_map(
            |items| {
                let body: Vec<String> = items
                    .iter()
                    .map(|&(k, v, newline)| {
                        format!(
                            "{}\"{}\": {}",
                            if newline { "\n  " } else { " " },
                            KEYS[k],
                            VALUES[v]
                        )
                    })
                    .collect();
                format!("{{{}}}", body.join(","))
            },
        )
    }

    proptest::proptest! {
        #[test]
        fn duplicate_keys_are_what_scanning_chars_finds(text in sample()) {
            let f: Arc<Path> = Arc::from(Path::new("s.json"));
            let found = |d: Vec<Diagnostic>| -> Vec<String> { d.iter().map(|d| format!("{d:?}")).collect() };
            proptest::prop_assert_eq!(found(duplicate_keys(&f, &text)), found(reference(&f, &text)));
        }

        /// Broken samples too: unclosed strings, a `\\` last, stray brackets.
        #[test]
        fn duplicate_keys_in_any_text_are_what_scanning_chars_finds(text in "[{}\\[\\],:\"\\\\a\u{e9}\n ]{0,40}") {
            let f: Arc<Path> = Arc::from(Path::new("s.json"));
            let found = |d: Vec<Diagnostic>| -> Vec<String> { d.iter().map(|d| format!("{d:?}")).collect() };
            proptest::prop_assert_eq!(found(duplicate_keys(&f, &text)), found(reference(&f, &text)));
        }
    }

    #[test]
    fn direction_from_titles_then_file_name() {
        assert_eq!(
            direction(&["Response Example (v3.65)"], "x.json"),
            Some(Direction::Response)
        );
        assert_eq!(
            direction(
                &[
                    "Example Attach a volume to an instance and tag it (v2.49): JSON request",
                    "Request"
                ],
                "a.json"
            ),
            Some(Direction::Request)
        );
        assert_eq!(
            direction(
                &["Example Create Volume", "Response"],
                "volume-create-req.json"
            ),
            Some(Direction::Response)
        );
        assert_eq!(
            direction(&["Example Create Volume"], "volume-create-req.json"),
            Some(Direction::Request)
        );
        assert_eq!(
            direction(&[], "samples/attachment-update-response.json"),
            Some(Direction::Response)
        );
        assert_eq!(
            direction(&[], "attach-volume-to-server-resp.json"),
            Some(Direction::Response)
        );
        assert_eq!(direction(&["Example"], "attachment-complete.json"), None);
    }

    #[test]
    fn microversion_from_title_or_folder() {
        let mv = |s: &str| s.parse::<Microversion>().unwrap();
        assert_eq!(
            microversion("Example Attach … and tag it (v2.49): JSON request", ""),
            Some(mv("2.49"))
        );
        assert_eq!(
            microversion("Response Example (v3.65)", ""),
            Some(mv("3.65"))
        );
        assert_eq!(
            microversion("Example for microversion 2.20", ""),
            Some(mv("2.20"))
        );
        assert_eq!(microversion("Example (v2)", "a/b.json"), None);
        assert_eq!(
            microversion("Example", "../../doc/api_samples/os-volumes/v2.49/x.json"),
            Some(mv("2.49"))
        );
        assert_eq!(microversion("Example", "samples/versions/x.json"), None);
    }

    #[test]
    fn json_errors_point_into_the_file() {
        let f: Arc<Path> = Arc::from(Path::new("s.json"));
        assert!(parse_json(&f, "{\"a\": [1, 2]}").is_ok());
        let text = "{\n  \"a\": {\"x\": 1, \"y\": \"\\\"x\\\"\", \"x\": 2},\n  \"b\": [{\"a\": 1}, {\"a\": 2}],\n  \"a\": 3\n}";
        assert!(parse_json(&f, text).is_ok());
        let dups = duplicate_keys(&f, text);
        let at: Vec<(u32, u32)> = dups
            .iter()
            .map(|d| d.location.as_ref().map_or((0, 0), |l| (l.line, l.column)))
            .collect();
        // `x` twice in the inner object, `a` twice at the top; the `a`s
        // of two array elements are no repeat.
        assert_eq!(at, [(2, 31), (4, 3)], "{dups:?}");
        let e = parse_json(&f, "{\n  \"é\": 1,\n  \"b\": ]\n}").unwrap_err();
        let l = e.location.unwrap();
        assert_eq!((l.line, l.column), (3, 8));
        assert!(is_json(Some("javascript"), "a.txt"));
        assert!(!is_json(Some("xml"), "a.json"));
        assert!(is_json(None, "a.json"));
        assert!(!is_json(None, "a.xml"));
    }
}
