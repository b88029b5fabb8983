//! Grid (`+---+`) and simple (`=== ===`) tables.
//!
//! Both parsers work on character columns of the (tab-expanded) lines and
//! never index past a line's end: malformed tables produce a warning with a
//! location and a best-effort table.

use std::path::Path;
use std::sync::Arc;

use speclift_diag::{Diagnostic, Location};

use crate::ast::*;
use crate::line::Line;

pub(crate) fn is_grid_top(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() >= 3
        && b[0] == b'+'
        && matches!(b[1], b'-' | b'=')
        && b[b.len() - 1] == b'+'
        && b.iter().all(|c| matches!(c, b'+' | b'-' | b'='))
}

/// A full grid separator (`+---+`, `+===+`) anywhere in a table.
fn is_grid_separator(text: &str) -> bool {
    text.starts_with('+') && text.len() > 1 && text.bytes().all(|c| matches!(c, b'+' | b'-' | b'='))
}

/// `=====  =====`: at least two columns (one column is a section adornment).
pub(crate) fn is_simple_border(text: &str) -> bool {
    text.starts_with('=')
        && text.bytes().all(|c| c == b'=' || c == b' ')
        && simple_columns(text).len() >= 2
}

/// Char ranges of the `=` runs of a simple-table border.
fn simple_columns(text: &str) -> Vec<(usize, usize)> {
    let mut cols = Vec::new();
    let mut start = None;
    for (i, c) in text.chars().enumerate() {
        match (c == '=', start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                cols.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        cols.push((s, text.chars().count()));
    }
    cols
}

fn warn(diags: &mut Vec<Diagnostic>, location: Location, message: &str, hint: &str) {
    diags.push(
        Diagnostic::warning(location, message)
            .with_rule(speclift_diag::Rule::RstMarkup)
            .with_hint(hint),
    );
}

/// Chars `from..to` of `chars` (clamped), as a String.
fn slice(chars: &[char], from: usize, to: usize) -> String {
    let to = to.min(chars.len());
    chars
        .get(from.min(to)..to)
        .map_or_else(String::new, |s| s.iter().collect())
}

struct RowBuilder {
    cells: Vec<Vec<String>>,
    cell_locations: Vec<Location>,
    location: Location,
}

impl RowBuilder {
    fn finish(self) -> Row {
        let cells = self
            .cells
            .into_iter()
            .zip(self.cell_locations)
            .map(|(lines, location)| Cell {
                text: cell_text(&lines),
                location,
            })
            .collect();
        Row {
            cells,
            location: self.location,
        }
    }
}

/// Cell lines dedented by their common margin, blank edges dropped.
fn cell_text(lines: &[String]) -> String {
    let margin = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches(' ').len())
        .min()
        .unwrap_or(0);
    let trimmed: Vec<&str> = lines
        .iter()
        .map(|l| l.get(margin..).unwrap_or("").trim_end())
        .collect();
    let start = trimmed
        .iter()
        .position(|l| !l.is_empty())
        .unwrap_or(trimmed.len());
    let end = trimmed
        .iter()
        .rposition(|l| !l.is_empty())
        .map_or(start, |i| i + 1);
    trimmed.get(start..end).unwrap_or(&[]).join("\n")
}

/// Parses the simple table whose top border is `lines[start]`.
pub(crate) fn simple(
    lines: &[Line<'_>],
    start: usize,
    file: &Arc<Path>,
    diags: &mut Vec<Diagnostic>,
) -> (Table, usize) {
    let mut table = Table::new(TableKind::Simple);
    let Some(top) = lines.get(start) else {
        return (table, start + 1);
    };
    let cols = simple_columns(top.text);
    let top_len = top.text.chars().count();

    // Find the header separator and the bottom border (docutils: the second
    // border after the top, or a border followed by a blank line).
    let mut borders = Vec::new();
    let mut bottom = None;
    let mut i = start + 1;
    while let Some(l) = lines.get(i) {
        if is_simple_border(l.text) {
            if l.text.chars().count() != top_len {
                warn(
                    diags,
                    l.location(file),
                    "simple table border does not match the top border",
                    "make every border line of the table the same as the top border",
                );
            }
            borders.push(i);
            let next_blank = lines.get(i + 1).is_none_or(|n| n.is_blank());
            if borders.len() == 2 || next_blank {
                bottom = Some(i);
                break;
            }
        }
        i += 1;
    }
    let (body_end, end, header_sep) = match bottom {
        Some(b) => (b, b + 1, (borders.len() == 2).then(|| borders[0])),
        None => {
            warn(
                diags,
                top.location(file),
                "simple table has no bottom border",
                "close the table with a border line like its top border, followed by a blank line",
            );
            match borders.first() {
                Some(&b) => (b, b + 1, None),
                None => {
                    let e = (start + 1..lines.len())
                        .find(|&k| lines.get(k).is_some_and(|l| l.is_blank()))
                        .unwrap_or(lines.len());
                    (e, e, None)
                }
            }
        }
    };

    let Some(&(first_start, first_end)) = cols.first() else {
        return (table, end);
    };
    let mut current: Option<RowBuilder> = None;
    let mut margin_warned = false;
    for idx in start + 1..body_end {
        let Some(l) = lines.get(idx) else { break };
        if Some(idx) == header_sep {
            if let Some(row) = current.take() {
                table.rows.push(row.finish());
            }
            table.header_rows = table.rows.len();
            continue;
        }
        if l.is_blank() {
            continue;
        }
        // Column-span underlines (`-----  -----`) just end a row.
        if l.text.starts_with('-') && l.text.bytes().all(|c| c == b'-' || c == b' ') {
            if let Some(row) = current.take() {
                table.rows.push(row.finish());
            }
            continue;
        }
        let chars: Vec<char> = l.text.chars().collect();
        let mut cells = Vec::with_capacity(cols.len());
        for (k, &(cs, ce)) in cols.iter().enumerate() {
            let to = cols.get(k + 1).map_or(chars.len(), |next| next.0);
            cells.push((cs, slice(&chars, cs, to)));
            if !margin_warned
                && k + 1 < cols.len()
                && let Some(off) =
                    (ce..to.min(chars.len())).find(|&p| chars.get(p).is_some_and(|c| *c != ' '))
            {
                margin_warned = true;
                warn(
                    diags,
                    l.location_at(file, off),
                    "simple table text crosses a column boundary",
                    "keep cell text within its column (the `=` run of the border) or widen the column",
                );
            }
        }
        let first_cell = slice(&chars, first_start, first_end);
        let first_cell = first_cell.trim();
        // A blank first column continues the previous row; Synnefo writes
        // `\` there to mean the same.
        let continues = first_cell.is_empty() || first_cell == "\\";
        match (&mut current, continues) {
            (Some(row), true) => {
                for (k, (_, text)) in cells.iter().enumerate() {
                    if k == 0 && text.trim() == "\\" {
                        continue;
                    }
                    if let Some(cell) = row.cells.get_mut(k)
                        && !text.trim().is_empty()
                    {
                        cell.push(text.clone());
                    }
                }
            }
            _ => {
                if let Some(row) = current.take() {
                    table.rows.push(row.finish());
                }
                let cell_locations = cells
                    .iter()
                    .map(|(cs, text)| {
                        let lead = text.chars().take_while(|c| *c == ' ').count();
                        let lead = if text.trim().is_empty() { 0 } else { lead };
                        l.location_at(file, cs + lead)
                    })
                    .collect();
                current = Some(RowBuilder {
                    cells: cells
                        .into_iter()
                        .enumerate()
                        .map(|(k, (_, t))| {
                            if k == 0 && t.trim() == "\\" {
                                vec![]
                            } else {
                                vec![t]
                            }
                        })
                        .collect(),
                    cell_locations,
                    location: l.location(file),
                });
            }
        }
    }
    if let Some(row) = current.take() {
        table.rows.push(row.finish());
    }
    (table, end)
}

/// Parses the grid table whose top border is `lines[start]`. Cells spanning
/// columns keep their text in the first spanned cell (the others are
/// empty); row spans are approximated by joining the rows' text.
pub(crate) fn grid(
    lines: &[Line<'_>],
    start: usize,
    file: &Arc<Path>,
    diags: &mut Vec<Diagnostic>,
) -> (Table, usize) {
    let mut table = Table::new(TableKind::Grid);
    let end = (start..lines.len())
        .find(|&k| lines.get(k).is_some_and(|l| l.is_blank()))
        .unwrap_or(lines.len());
    let block = lines.get(start..end).unwrap_or(&[]);
    let Some(top) = block.first() else {
        return (table, start + 1);
    };
    let width = top.text.chars().count();

    // Column boundaries: every `+` of every full separator line.
    let mut bounds: Vec<usize> = Vec::new();
    for l in block.iter().filter(|l| is_grid_separator(l.text)) {
        bounds.extend(
            l.text
                .chars()
                .enumerate()
                .filter(|(_, c)| *c == '+')
                .map(|(i, _)| i),
        );
    }
    bounds.sort_unstable();
    bounds.dedup();

    let mut malformed_warned = false;
    let mut row_lines: Vec<(Line<'_>, Vec<char>)> = Vec::new();
    for l in block.iter().skip(1) {
        let chars: Vec<char> = l.text.chars().collect();
        if !malformed_warned
            && (chars.len() != width
                || !matches!(chars.first(), Some('|' | '+'))
                || !matches!(chars.last(), Some('|' | '+')))
        {
            malformed_warned = true;
            warn(
                diags,
                l.location(file),
                "malformed grid table: line does not match the table's borders",
                "align every line's `|` and `+` with the top border",
            );
        }
        if is_grid_separator(l.text) {
            flush_grid_row(&mut table, &mut row_lines, &bounds, file);
            if l.text.contains('=') && table.header_rows == 0 {
                table.header_rows = table.rows.len();
            }
        } else {
            row_lines.push((*l, chars));
        }
    }
    if !row_lines.is_empty() {
        let loc = row_lines
            .last()
            .map_or(top.location(file), |(l, _)| l.location(file));
        warn(
            diags,
            loc,
            "grid table has no bottom border",
            "close the table with a `+---+` line",
        );
        flush_grid_row(&mut table, &mut row_lines, &bounds, file);
    }
    (table, end)
}

fn flush_grid_row(
    table: &mut Table,
    row_lines: &mut Vec<(Line<'_>, Vec<char>)>,
    bounds: &[usize],
    file: &Arc<Path>,
) {
    let Some((first, first_chars)) = row_lines.first() else {
        return;
    };
    if bounds.len() < 2 {
        row_lines.clear();
        return;
    }
    // A boundary opens a cell when the first line has a `|` (or `+`) there.
    let opens: Vec<bool> = bounds
        .iter()
        .take(bounds.len() - 1)
        .enumerate()
        .map(|(k, &b)| k == 0 || matches!(first_chars.get(b), Some('|' | '+')))
        .collect();
    let ncells = opens.len();
    let mut cells: Vec<Vec<String>> = vec![Vec::new(); ncells];
    for (_, chars) in row_lines.iter() {
        let mut k = 0;
        while k < ncells {
            let mut next = k + 1;
            while next < ncells && !opens[next] {
                next += 1;
            }
            let from = bounds[k] + 1;
            let to = bounds.get(next).copied().unwrap_or(chars.len());
            let text = slice(chars, from, to);
            // Partial separators of row-spanning cells carry no text.
            let separator = !text.is_empty() && text.chars().all(|c| matches!(c, '-' | '=' | '+'));
            if !separator {
                cells[k].push(text);
            }
            k = next;
        }
    }
    let row = Row {
        cells: cells
            .iter()
            .enumerate()
            .map(|(k, lines)| {
                let from = bounds[k] + 1;
                let lead = first_chars
                    .get(from..)
                    .map_or(0, |rest| rest.iter().take_while(|c| **c == ' ').count());
                let text = if opens[k] {
                    cell_text(lines)
                } else {
                    String::new()
                };
                let lead = if text.is_empty() { 0 } else { lead };
                Cell {
                    text,
                    location: first.location_at(file, from + lead),
                }
            })
            .collect(),
        location: first.location(file),
    };
    table.rows.push(row);
    row_lines.clear();
}
