//! Turning file bytes into clean lines.
//!
//! Everything downstream relies on these invariants: no BOM, `\n` line
//! ends only, tabs expanded to 8-column stops (the RST rule), form feed and
//! vertical tab turned into spaces, trailing whitespace stripped.

use std::borrow::Cow;
use std::path::Path;
use std::sync::Arc;

use speclift_diag::{Diagnostic, Location};

const TAB_STOP: usize = 8;

/// A file's clean lines, kept in one buffer: each line of every document
/// and sample was a `String` of its own, the largest group of allocations
/// in a run.
#[derive(Debug, Default)]
pub(crate) struct Lines {
    text: String,
    /// Where each line ends in `text`; a line starts where the one before
    /// it ends.
    ends: Vec<usize>,
}

impl Lines {
    pub(crate) fn iter(&self) -> impl Iterator<Item = &str> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(&self.ends)
            .map(|(start, &end)| self.text.get(start..end).unwrap_or_default())
    }

    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The cleaned lines joined with nothing between them.
    pub(crate) fn joined(&self) -> &str {
        &self.text
    }
}

/// Decodes `bytes` into lines, reporting binary and non-UTF-8 input.
pub(crate) fn decode(file: &Arc<Path>, bytes: &[u8], diags: &mut Vec<Diagnostic>) -> Lines {
    if let Some(nul) = memchr::memchr(0, bytes) {
        binary(file, &String::from_utf8_lossy(&bytes[..nul]), diags);
        return Lines::default();
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text: Cow<'_, str> = match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(e) => {
            let valid = e.valid_up_to();
            let prefix = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
            let (line, col) = position_after(prefix);
            let byte = bytes.get(valid).copied().unwrap_or_default();
            diags.push(
                Diagnostic::error(
                    Location::new(file.clone(), line, col),
                    format!("invalid UTF-8 (byte 0x{byte:02X}); read with replacement characters"),
                )
                .with_rule(speclift_diag::Rule::UnreadableFile)
                .with_hint("re-save the file as UTF-8"),
            );
            String::from_utf8_lossy(bytes)
        }
    };
    split_lines(&text)
}

/// [`decode`] for text known to be UTF-8 (a table cell, a description):
/// not validated again.
pub(crate) fn decode_str(file: &Arc<Path>, text: &str, diags: &mut Vec<Diagnostic>) -> Lines {
    if let Some(nul) = memchr::memchr(0, text.as_bytes()) {
        binary(file, text.get(..nul).unwrap_or_default(), diags);
        return Lines::default();
    }
    split_lines(text.strip_prefix('\u{feff}').unwrap_or(text))
}

/// Reports a file with a NUL byte after `prefix` as binary.
fn binary(file: &Arc<Path>, prefix: &str, diags: &mut Vec<Diagnostic>) {
    let (line, col) = position_after(prefix);
    diags.push(
        Diagnostic::error(
            Location::new(file.clone(), line, col),
            "binary file: contains a NUL byte",
        )
        .with_rule(speclift_diag::Rule::UnreadableFile)
        .with_hint("only UTF-8 text files can be read as reStructuredText; check the path"),
    );
}

/// Splits on `\n`, `\r\n` and lone `\r`, then cleans each line.
pub(crate) fn split_lines(text: &str) -> Lines {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let bytes = text.as_bytes();
    // Cleaning only shortens a line but for its tabs.
    let mut lines = Lines {
        text: String::with_capacity(text.len()),
        ends: Vec::new(),
    };
    // Most texts hold no tab, `\v` or `\f` at all: one sweep says so, and
    // their lines are then only trimmed, not searched one by one.
    let plain = memchr::memchr3(b'\t', b'\x0b', b'\x0c', bytes).is_none();
    let mut start = 0;
    while start < bytes.len() {
        // Both breaks are ASCII, so every cut falls on a char boundary.
        let cut = memchr::memchr2(b'\n', b'\r', &bytes[start..]).map_or(bytes.len(), |i| start + i);
        let line = text.get(start..cut).unwrap_or_default();
        if plain {
            lines.text.push_str(line.trim_end());
        } else {
            clean(line, &mut lines.text);
        }
        lines.ends.push(lines.text.len());
        start = match bytes.get(cut..cut + 2) {
            Some(b"\r\n") => cut + 2,
            _ => (cut + 1).min(bytes.len()),
        };
    }
    lines
}

/// Appends `line` to `out` with tabs expanded, `\v` and `\f` as spaces,
/// trailing whitespace stripped. Most lines have none of the three: they
/// are copied whole rather than rebuilt a char at a time (every document
/// and sample is split into lines on reading).
fn clean(line: &str, out: &mut String) {
    if !line.bytes().any(|b| matches!(b, b'\t' | b'\x0b' | b'\x0c')) {
        out.push_str(line.trim_end());
        return;
    }
    let start = out.len();
    let mut col = 0usize;
    for c in line.chars() {
        match c {
            '\t' => {
                let next = (col / TAB_STOP + 1) * TAB_STOP;
                out.extend(std::iter::repeat_n(' ', next - col));
                col = next;
            }
            '\u{b}' | '\u{c}' => {
                out.push(' ');
                col += 1;
            }
            c => {
                out.push(c);
                col += 1;
            }
        }
    }
    let kept = out.get(start..).map_or(0, |l| l.trim_end().len());
    out.truncate(start + kept);
}

/// The 1-based line and (tab-expanded) column just after `prefix`.
fn position_after(prefix: &str) -> (u32, u32) {
    let lines = split_lines(prefix);
    let ends_with_break = prefix.ends_with(['\n', '\r']);
    let (line, col) = if ends_with_break || lines.is_empty() {
        (lines.len() + 1, 1)
    } else {
        // Trailing spaces were stripped by `clean`; count them back.
        let last = prefix.rsplit(['\n', '\r']).next().unwrap_or("");
        (lines.len(), expanded_width(last) + 1)
    };
    (
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(col).unwrap_or(u32::MAX),
    )
}

fn expanded_width(s: &str) -> usize {
    s.chars().fold(0, |col, c| {
        if c == '\t' {
            (col / TAB_STOP + 1) * TAB_STOP
        } else {
            col + 1
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use speclift_diag::path;

    fn lines(bytes: &[u8]) -> (Vec<String>, Vec<Diagnostic>) {
        let mut d = Vec::new();
        let l = decode(&path("f.rst"), bytes, &mut d);
        (l.iter().map(str::to_owned).collect(), d)
    }

    #[test]
    fn bom_crlf_cr_and_tabs() {
        let (l, d) = lines(b"\xEF\xBB\xBFa\r\nb\rc\n\tx\ty  \n");
        assert!(d.is_empty());
        assert_eq!(l, ["a", "b", "c", "        x       y"]);
    }

    #[test]
    fn invalid_utf8_names_line_and_column() {
        let (l, d) = lines(b"ok\n\tab\xFFc\n");
        assert_eq!(l[1], "        ab\u{fffd}c");
        assert_eq!(d.len(), 1);
        let loc = d[0].location.as_ref().unwrap();
        assert_eq!((loc.line, loc.column), (2, 11));
        assert!(d[0].message.contains("0xFF"), "{}", d[0].message);
        assert!(d[0].is_error());
    }

    #[test]
    fn nul_means_binary() {
        let (l, d) = lines(b"abc\nd\0e");
        assert!(l.is_empty());
        assert!(d[0].message.contains("binary file"));
        let loc = d[0].location.as_ref().unwrap();
        assert_eq!((loc.line, loc.column), (2, 2));
    }

    /// The rules spelled out a char at a time, as the reader first did.
    fn reference(text: &str) -> Vec<String> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let (mut lines, mut line, mut col) = (Vec::new(), String::new(), 0);
        let mut chars = text.chars().peekable();
        let mut end = |line: &mut String, col: &mut usize| {
            lines.push(line.trim_end().to_owned());
            line.clear();
            *col = 0;
        };
        while let Some(c) = chars.next() {
            match c {
                '\r' => {
                    chars.next_if_eq(&'\n');
                    end(&mut line, &mut col);
                }
                '\n' => end(&mut line, &mut col),
                '\t' => {
                    let next = (col / TAB_STOP + 1) * TAB_STOP;
                    line.extend(std::iter::repeat_n(' ', next - col));
                    col = next;
                }
                '\u{b}' | '\u{c}' => {
                    line.push(' ');
                    col += 1;
                }
                c => {
                    line.push(c);
                    col += 1;
                }
            }
        }
        if !line.is_empty() || col > 0 {
            end(&mut line, &mut col);
        }
        lines
    }

    proptest::proptest! {
        #[test]
        fn lines_are_what_the_rules_give(text in "[a\u{e9}\u{a0}\u{3000} \t\r\n\u{b}\u{c}\u{feff}]{0,40}") {
            let lines: Vec<String> = split_lines(&text).iter().map(str::to_owned).collect();
            proptest::prop_assert_eq!(lines, reference(&text));
        }
    }

    proptest::proptest! {
        #[test]
        fn text_known_to_be_utf8_decodes_alike(text in "[a\u{e9}\t\r\n\u{0}\u{feff}]{0,24}") {
            let (mut a, mut b) = (Vec::new(), Vec::new());
            let from_bytes = decode(&path("f.rst"), text.as_bytes(), &mut a);
            let from_str = decode_str(&path("f.rst"), &text, &mut b);
            proptest::prop_assert!(from_bytes.iter().eq(from_str.iter()));
            let shown = |d: &[Diagnostic]| d.iter().map(ToString::to_string).collect::<Vec<_>>();
            proptest::prop_assert_eq!(shown(&a), shown(&b));
        }
    }

    #[test]
    fn empty_input() {
        assert_eq!(lines(b"").0, Vec::<String>::new());
        assert_eq!(lines(b"\n").0, vec![String::new()]);
    }
}
