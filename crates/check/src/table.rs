//! Lays out check's result table within a fixed width: the short columns
//! (verdict, expected, got, time) first, the operation last and wrapped,
//! so a long path or operation id never pushes a line past the width.

/// The widest line the table writes: fits a 100-column terminal and a CI
/// log viewer without horizontal scrolling.
pub const WIDTH: usize = 100;

/// The narrowest the wrapped last column gets, even when the short columns
/// are unusually wide (a line may then exceed [`WIDTH`]).
const MIN_LAST: usize = 24;

/// `text` broken at spaces into lines of at most `width` characters; a
/// word longer than `width` (a URL) is cut.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut len = 0usize;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let mut word: Vec<char> = word.chars().collect();
        if len > 0 && len + 1 + word.len() <= width {
            line.push(' ');
            line.extend(&word);
            len += 1 + word.len();
            continue;
        }
        if len > 0 {
            lines.push(std::mem::take(&mut line));
        }
        while word.len() > width {
            lines.push(word.drain(..width).collect());
        }
        len = word.len();
        line = word.into_iter().collect();
    }
    if len > 0 || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// `text` wrapped to [`WIDTH`] behind `first` (e.g. `"    - "`), its
/// continuation lines indented as far as `first` is long.
pub fn paragraph(first: &str, text: &str) -> String {
    let indent = first.chars().count();
    let mut out = String::new();
    // A message may hold lines of its own (a quoted body): each wraps.
    let lines = text
        .split('\n')
        .flat_map(|l| wrap(l, WIDTH.saturating_sub(indent)));
    for (i, line) in lines.enumerate() {
        if i == 0 {
            out.push_str(first);
        } else {
            out.push_str(&" ".repeat(indent));
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// A table whose last column wraps: `rows` are the cells under `headers`;
/// each row renders to one or more lines.
pub struct Table<const N: usize> {
    widths: [usize; N],
}

impl<const N: usize> Table<N> {
    /// Column widths fitted to `headers` and `rows`.
    pub fn fit(headers: &[&str; N], rows: &[[String; N]]) -> Self {
        let mut widths = headers.map(|h| h.chars().count());
        for row in rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        let fixed: usize = widths[..N - 1].iter().map(|w| w + 2).sum();
        widths[N - 1] = widths[N - 1].min(WIDTH.saturating_sub(fixed).max(MIN_LAST));
        Table { widths }
    }

    /// One row: the short cells padded, the last cell wrapped under its
    /// column.
    pub fn row(&self, cells: &[String; N]) -> String {
        let mut first = String::new();
        for (cell, w) in cells[..N - 1].iter().zip(self.widths) {
            first.push_str(cell);
            first.push_str(&" ".repeat(w.saturating_sub(cell.chars().count()) + 2));
        }
        let indent = first.chars().count();
        let mut out = String::new();
        for (i, line) in wrap(&cells[N - 1], self.widths[N - 1]).iter().enumerate() {
            if i == 0 {
                out.push_str(&first);
            } else {
                out.push_str(&" ".repeat(indent));
            }
            out.push_str(line);
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_at_spaces_and_cuts_long_words() {
        assert_eq!(wrap("a bb ccc", 4), ["a bb", "ccc"]);
        assert_eq!(wrap("abcdefghij x", 4), ["abcd", "efgh", "ij x"]);
        assert_eq!(wrap("", 4), [""]);
        assert_eq!(wrap("one  two", 20), ["one two"]);
    }

    #[test]
    fn paragraph_indents_its_continuations() {
        let text = "word ".repeat(40);
        let out = paragraph("    - ", &text);
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines.len() > 1, "{out}");
        assert!(lines[0].starts_with("    - word"), "{out}");
        assert!(lines[1].starts_with("      word"), "{out}");
        assert!(lines.iter().all(|l| l.chars().count() <= WIDTH), "{out}");
        let two = paragraph("- ", "first\nsecond");
        assert_eq!(two, "- first\n  second\n");
    }

    #[test]
    fn the_last_column_wraps_under_itself() {
        let headers = ["verdict", "time", "operation"];
        let long = format!("GET /{} (op_id)", "segment/".repeat(20));
        let rows = [["pass".to_string(), "3 ms".to_string(), long.clone()]];
        let table = Table::fit(&headers, &rows);
        let out = table.row(&rows[0]);
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines.len() > 1, "{out}");
        assert!(lines.iter().all(|l| l.chars().count() <= WIDTH), "{out}");
        let column = "pass     3 ms  ".len();
        assert!(lines[0].starts_with("pass     3 ms  GET"), "{out}");
        assert!(lines[1][..column].trim().is_empty(), "{out}");
        // Nothing lost: the cell's words come back in order.
        let joined: Vec<&str> = lines.iter().map(|l| &l[column..]).collect();
        assert_eq!(joined.concat().replace(' ', ""), long.replace(' ', ""));
    }
}
