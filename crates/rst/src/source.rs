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

/// Decodes `bytes` into lines, reporting binary and non-UTF-8 input.
pub(crate) fn decode(file: &Arc<Path>, bytes: &[u8], diags: &mut Vec<Diagnostic>) -> Vec<String> {
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        let (line, col) = position_after(&String::from_utf8_lossy(&bytes[..nul]));
        diags.push(
            Diagnostic::error(
                Location::new(file.clone(), line, col),
                "binary file: contains a NUL byte",
            )
            .with_rule(speclift_diag::Rule::UnreadableFile)
            .with_hint("only UTF-8 text files can be read as reStructuredText; check the path"),
        );
        return Vec::new();
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

/// Splits on `\n`, `\r\n` and lone `\r`, then cleans each line.
pub(crate) fn split_lines(text: &str) -> Vec<String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let mut start = 0;
    while start < bytes.len() {
        // Both breaks are ASCII, so every cut falls on a char boundary.
        let cut = memchr::memchr2(b'\n', b'\r', &bytes[start..]).map_or(bytes.len(), |i| start + i);
        lines.push(clean(text.get(start..cut).unwrap_or_default()));
        start = match bytes.get(cut..cut + 2) {
            Some(b"\r\n") => cut + 2,
            _ => (cut + 1).min(bytes.len()),
        };
    }
    lines
}

/// `line` with tabs expanded, `\v` and `\f` as spaces, trailing
/// whitespace stripped. Most lines have none of the three: they are
/// copied whole rather than rebuilt a char at a time (every document and
/// sample is split into lines on reading).
fn clean(line: &str) -> String {
    if !line.bytes().any(|b| matches!(b, b'\t' | b'\x0b' | b'\x0c')) {
        return line.trim_end().to_owned();
    }
    let mut out = String::with_capacity(line.len());
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
    out.truncate(out.trim_end().len());
    out
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
        (l, d)
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
            proptest::prop_assert_eq!(split_lines(&text), reference(&text));
        }
    }

    #[test]
    fn empty_input() {
        assert_eq!(lines(b"").0, Vec::<String>::new());
        assert_eq!(lines(b"\n").0, vec![String::new()]);
    }
}
