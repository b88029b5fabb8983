//! A view of one source line inside a (possibly nested) block.
//!
//! Nested constructs (list items, directive content, block quotes) are
//! parsed by re-running the block parser over *dedented* views of the same
//! lines, so every view remembers where its text starts in the file. That is
//! what keeps locations exact at any depth without copying strings.

use std::path::Path;
use std::sync::Arc;

use speclift_diag::Location;

#[derive(Clone, Copy, Debug)]
pub(crate) struct Line<'a> {
    /// The text from `col` on; never has trailing whitespace.
    pub text: &'a str,
    /// 1-based line number in the file.
    pub line: u32,
    /// 1-based column (in characters, tabs expanded) of `text`'s first char.
    pub col: u32,
    /// Leading spaces of `text`, counted once: nested blocks re-read the
    /// same lines at every level, and counting again each time made a list
    /// nested 2,000 deep cost cubic time.
    spaces: usize,
    /// Whether `text` is whitespace only, also counted once.
    blank: bool,
}

impl<'a> Line<'a> {
    pub fn new(text: &'a str, line: u32, col: u32) -> Line<'a> {
        let rest = text.trim_start_matches(' ');
        Line {
            text,
            line,
            col,
            spaces: text.len() - rest.len(),
            blank: rest.trim().is_empty(),
        }
    }

    pub fn is_blank(&self) -> bool {
        self.blank
    }

    /// Leading spaces (tabs were expanded on load, so spaces are all there is).
    pub fn indent(&self) -> usize {
        self.spaces
    }

    /// Drops up to `n` leading spaces; blank lines become empty.
    pub fn dedent(self, n: usize) -> Line<'a> {
        if self.is_blank() {
            return Line {
                text: "",
                spaces: 0,
                ..self
            };
        }
        let n = n.min(self.indent());
        Line {
            text: self.text.get(n..).unwrap_or(""),
            col: self.col + n as u32,
            line: self.line,
            spaces: self.spaces - n,
            blank: false,
        }
    }

    /// Drops the first `n` characters (a list marker, `.. name::`, …).
    pub fn skip_chars(self, n: usize) -> Line<'a> {
        let mut taken = 0u32;
        let mut byte = self.text.len();
        for (i, (b, _)) in self.text.char_indices().enumerate() {
            if i == n {
                byte = b;
                break;
            }
            taken += 1;
        }
        Line::new(
            self.text.get(byte..).unwrap_or(""),
            self.line,
            self.col + taken,
        )
    }

    /// Drops leading spaces, keeping the column right.
    pub fn trim_start(self) -> Line<'a> {
        let n = self.indent();
        Line {
            text: self.text.get(n..).unwrap_or(""),
            col: self.col + n as u32,
            line: self.line,
            spaces: 0,
            blank: self.blank,
        }
    }

    pub fn location(&self, file: &Arc<Path>) -> Location {
        Location::new(file.clone(), self.line, self.col)
    }

    /// The location `chars` characters into the text.
    pub fn location_at(&self, file: &Arc<Path>, chars: usize) -> Location {
        Location::new(file.clone(), self.line, self.col + chars as u32)
    }
}

/// Views over whole file lines.
pub(crate) fn view(lines: &crate::source::Lines) -> Vec<Line<'_>> {
    let mut view = Vec::with_capacity(lines.len());
    view.extend(
        lines
            .iter()
            .enumerate()
            .map(|(i, text)| Line::new(text, u32::try_from(i + 1).unwrap_or(u32::MAX), 1)),
    );
    view
}

/// End (exclusive) of the run of blank-or-indented lines starting at `from`.
pub(crate) fn indented_end(lines: &[Line<'_>], from: usize) -> usize {
    let mut end = from;
    while let Some(l) = lines.get(end) {
        if !l.is_blank() && l.indent() == 0 {
            break;
        }
        end += 1;
    }
    end
}

pub(crate) fn min_indent(lines: &[Line<'_>]) -> usize {
    lines
        .iter()
        .filter(|l| !l.is_blank())
        .map(Line::indent)
        .min()
        .unwrap_or(0)
}

pub(crate) fn dedent_all<'a>(lines: &[Line<'a>]) -> Vec<Line<'a>> {
    let n = min_indent(lines);
    lines.iter().map(|l| l.dedent(n)).collect()
}

/// `lines` without leading and trailing blank lines.
pub(crate) fn trim_blank<'s, 'a>(lines: &'s [Line<'a>]) -> &'s [Line<'a>] {
    let start = lines
        .iter()
        .position(|l| !l.is_blank())
        .unwrap_or(lines.len());
    let end = lines
        .iter()
        .rposition(|l| !l.is_blank())
        .map_or(start, |i| i + 1);
    lines.get(start..end).unwrap_or(&[])
}

/// The block docutils calls "first known indented": line `start` from char
/// `first_chars` on, then the following blank-or-indented lines dedented by
/// their common indentation. Returns the block and the index after it.
pub(crate) fn first_known_block<'a>(
    lines: &[Line<'a>],
    start: usize,
    first_chars: usize,
) -> (Vec<Line<'a>>, usize) {
    let Some(first) = lines.get(start) else {
        return (Vec::new(), start);
    };
    let end = indented_end(lines, start + 1);
    let rest = lines.get(start + 1..end).unwrap_or(&[]);
    let mut block = Vec::with_capacity(rest.len() + 1);
    block.push(first.skip_chars(first_chars));
    block.extend(dedent_all(rest));
    (block, end)
}

pub(crate) fn join_text(lines: &[Line<'_>]) -> String {
    let mut out = String::new();
    for (i, l) in lines.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(l.text);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dedent_and_skip_keep_columns() {
        let l = Line::new("   - é text", 4, 3);
        assert_eq!((l.indent(), l.is_blank()), (3, false));
        assert!(Line::new("    ", 1, 1).is_blank() && Line::new("", 1, 1).is_blank());
        let d = l.dedent(3);
        assert_eq!((d.text, d.col), ("- é text", 6));
        let s = d.skip_chars(4);
        assert_eq!((s.text, s.col), ("text", 10));
        let past = d.skip_chars(99);
        assert_eq!((past.text, past.col), ("", 14));
    }

    #[test]
    fn first_known_block_dedents_the_rest() {
        let src = crate::source::split_lines("- a\n    b\n\n      c\nd\n");
        let v = view(&src);
        let (block, end) = first_known_block(&v, 0, 2);
        assert_eq!(end, 4);
        let texts: Vec<_> = block.iter().map(|l| l.text).collect();
        assert_eq!(texts, ["a", "b", "", "  c"]);
        assert_eq!(block[1].col, 5);
    }
}
