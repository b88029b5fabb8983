//! The rows of URI/Method tables as operations: one per method and URI
//! line (rows continued with `\` and `POST/PUT` cells name several), rows
//! whose text does not line up with the table's columns read by their
//! words, and extension methods (`COPY`, `MOVE`).

use serde_json::{Map, Value};
use speclift_diag::{Diagnostic, Location};
use speclift_rst::Row;

use super::tables::Classified;
use super::{OpRow, Reader, cells};
use crate::ir::Method;

/// One line of a row, cell by cell, as the table's columns hold it.
struct Line<'r> {
    uri: &'r str,
    method: &'r str,
    marks: Vec<&'r str>,
}

impl Reader<'_> {
    /// The operations one table row names.
    pub(super) fn op_rows(&mut self, t: &Classified<'_>, row: &Row) -> Vec<OpRow> {
        let (Some(ui), Some(mi)) = (t.uri, t.method) else {
            return Vec::new();
        };
        let uri_lines = lines_of(t.cell(row, ui));
        let method_lines = lines_of(t.cell(row, mi));
        if uri_lines.is_empty() && method_lines.is_empty() {
            return Vec::new();
        }
        let mark_lines: Vec<Vec<&str>> = t
            .support
            .iter()
            .map(|col| lines_of(t.cell(row, col.index)))
            .collect();
        let n = uri_lines.len().max(method_lines.len());
        let mut out = Vec::new();
        for k in 0..n {
            let pick = |lines: &[&'_ str]| -> String {
                lines
                    .get(k)
                    .or(lines.last())
                    .copied()
                    .unwrap_or("")
                    .to_string()
            };
            let (uri_text, method_text) = (pick(&uri_lines), pick(&method_lines));
            let marks: Vec<String> = mark_lines.iter().map(|l| pick(l)).collect();
            let uri_at = t
                .cell_location(row, ui)
                .below(k as u32, t.cell_location(row, ui).column);
            let method_at = t
                .cell_location(row, mi)
                .below(k as u32, t.cell_location(row, mi).column);
            let line = Line {
                uri: &uri_text,
                method: &method_text,
                marks: marks.iter().map(String::as_str).collect(),
            };
            let fits = cells::uri(line.uri).is_ok()
                && cells::methods(line.method).is_ok_and(|ms| {
                    // `✔` is a token too: a misaligned row's mark in the
                    // Method column is no method.
                    ms.iter()
                        .all(|m| m.is_standard() || cells::method_word(m.as_str()))
                })
                && !line.marks.iter().any(|m| several_marks(m));
            let joined;
            let line = if fits {
                line
            } else {
                joined = row_words(row, k);
                match realign(&joined, t.support.len()) {
                    Some(words) => {
                        self.diags.push(
                            Diagnostic::warning(
                                row.location.below(k as u32, row.location.column),
                                format!(
                                    "this row's text does not line up with the table's columns; it is read as `{} {}`",
                                    words.method,
                                    crate::text::plain(words.uri)
                                ),
                            ).with_rule(speclift_diag::Rule::MisalignedRow)
                            .with_hint("align each cell's text under its column's `===` border"),
                        );
                        words
                    }
                    None => line,
                }
            };
            out.extend(self.line_ops(t, &line, uri_at, method_at));
        }
        out
    }

    fn line_ops(
        &mut self,
        t: &Classified<'_>,
        line: &Line<'_>,
        uri_at: Location,
        method_at: Location,
    ) -> Vec<OpRow> {
        let uri = match cells::uri(line.uri) {
            Ok(u) => u,
            Err(message) => {
                self.diags.push(
                    Diagnostic::error(uri_at, message)
                        .with_rule(speclift_diag::Rule::InvalidUri)
                        .with_hint("write the URI as a path, e.g. ``/servers/<server id>``"),
                );
                return Vec::new();
            }
        };
        for problem in &uri.problems {
            self.diags.push(
                Diagnostic::warning(uri_at.clone(), problem.clone())
                    .with_rule(speclift_diag::Rule::UnclosedUriParameter)
                    .with_hint("close the parameter, e.g. `<flavor-id>`"),
            );
        }
        let methods = match self.methods(line.method, &method_at) {
            Some(m) => m,
            None => return Vec::new(),
        };
        let mut support = Map::new();
        let mut unsupported_by = None;
        for (n, (col, text)) in t.support.iter().zip(&line.marks).enumerate() {
            if let Some(s) = cells::support(text) {
                support.insert(col.key.clone(), Value::Bool(s.supported));
                if n == 0 && !s.supported {
                    unsupported_by = Some(col.label.clone());
                }
            }
        }
        methods
            .into_iter()
            .map(|method| OpRow {
                method,
                uri: uri.clone(),
                support: support.clone(),
                unsupported_by: unsupported_by.clone(),
                location: uri_at.clone(),
            })
            .collect()
    }

    /// The methods of a method cell; `None` (reported) when it names none.
    /// Extension methods (`COPY`) are kept, with the model's warning.
    pub(super) fn methods(&mut self, text: &str, at: &Location) -> Option<Vec<Method>> {
        match cells::methods(text) {
            Ok(methods) => {
                // Once per method and guide: an overview row and its
                // section name the same operation.
                for method in &methods {
                    if let Some(d) = method.unusual(at)
                        && !self.unusual_methods.contains(method)
                    {
                        self.unusual_methods.push(*method);
                        self.diags.push(d);
                    }
                }
                Some(methods)
            }
            Err(message) => {
                self.diags.push(Diagnostic::error(at.clone(), message).with_rule(speclift_diag::Rule::InvalidMethod).with_hint(
                    "write an HTTP method (GET, POST, PUT, DELETE, PATCH, HEAD; several as `POST/PUT`)",
                ));
                None
            }
        }
    }
}

/// `✔   ✔`: the marks of several columns in one cell, their text not
/// under their columns.
pub(super) fn several_marks(cell: &str) -> bool {
    let words: Vec<&str> = cell.split_whitespace().collect();
    words.len() > 1 && words.iter().all(|w| cells::support(w).is_some())
}

/// Line `k` of every cell of `row`, joined by spaces.
fn row_words(row: &Row, k: usize) -> String {
    row.cells
        .iter()
        .map(|c| {
            let lines: Vec<&str> = c.text.lines().collect();
            lines.get(k).or(lines.last()).copied().unwrap_or("").trim()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A row read by its words, ignoring columns: the first word that is a
/// URI, the first method after it, then the support marks in order.
fn realign(text: &str, mark_columns: usize) -> Option<Line<'_>> {
    let words = words(text);
    let u = words
        .iter()
        .position(|w| crate::text::plain(w).trim_start().starts_with('/'))?;
    let m = u
        + 1
        + words
            .get(u + 1..)?
            .iter()
            .position(|w| cells::method_word(w))?;
    let marks: Vec<&str> = words
        .get(m + 1..)?
        .iter()
        .copied()
        .filter(|w| cells::support(w).is_some())
        .take(mark_columns)
        .collect();
    Some(Line {
        uri: words.get(u)?,
        method: words.get(m)?,
        marks,
    })
}

/// Whitespace-separated words, keeping ``` ``literals`` ``` and
/// `<placeholders>` (which may hold spaces) whole.
fn words(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut in_literal = false;
    let mut in_angle = false;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '`' && chars.peek().is_some_and(|&(_, n)| n == '`') {
            chars.next();
            in_literal = !in_literal;
            start.get_or_insert(i);
            continue;
        }
        match c {
            '<' => in_angle = true,
            '>' => in_angle = false,
            _ => {}
        }
        if c.is_whitespace() && !in_literal && !in_angle {
            if let Some(s) = start.take() {
                out.push(&text[s..i]);
            }
        } else {
            start.get_or_insert(i);
        }
    }
    if let Some(s) = start {
        out.push(&text[s..]);
    }
    out
}

/// Non-empty lines of a cell (rows continued with `\` are merged with
/// `\n` by the reader).
pub(super) fn lines_of(cell: &str) -> Vec<&str> {
    cell.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && *l != "\\")
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_literals_and_placeholders_whole() {
        assert_eq!(
            words("``/ports/<port id>`` PUT    ✔  ✔"),
            vec!["``/ports/<port id>``", "PUT", "✔", "✔"]
        );
        assert_eq!(
            words("/servers/<server id> GET"),
            vec!["/servers/<server id>", "GET"]
        );
    }

    #[test]
    fn a_misaligned_row_is_read_by_its_words() {
        let line = realign("``/ports/<port id>`` PUT ✔ **✘**", 2).unwrap();
        assert_eq!(line.uri, "``/ports/<port id>``");
        assert_eq!(line.method, "PUT");
        assert_eq!(line.marks, vec!["✔", "**✘**"]);
        assert!(realign("no uri here GET", 2).is_none());
        assert!(realign("``/ports`` nothing", 2).is_none());
    }
}
