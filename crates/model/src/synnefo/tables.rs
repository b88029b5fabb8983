//! What a Synnefo table is, told by its header row: an operations table
//! (URI + Method), request/response headers, request parameters, return
//! codes, or an attribute table; and which columns hold what.

use speclift_diag::{Diagnostic, Location};
use speclift_rst::{Row, Table};

use super::cells;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// URI and Method columns. `overview` when it also has a Description
    /// column (the "API Operations" summary tables).
    Operations {
        overview: bool,
    },
    RequestHeaders,
    ResponseHeaders,
    /// `Request Parameter`: query parameters.
    QueryParameters,
    ReturnCodes,
    /// Name / (Description) / support columns. `heading` is the first
    /// header cell (`Volume attribute`, `Personality Attributes`).
    Attributes {
        heading: String,
    },
    /// `Operation | Description`: the methods a resource (a "level" of
    /// the Pithos guide) takes, its URI told elsewhere.
    MethodList,
    /// `Operations` lists of server actions and similar: no parameters.
    Other,
}

/// An implementation column: `Cyclades`, `OS/Compute`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SupportColumn {
    pub index: usize,
    /// `os-compute`.
    pub key: String,
    /// `OS/Compute`.
    pub label: String,
}

#[derive(Clone, Debug)]
pub struct Classified<'a> {
    pub kind: Kind,
    pub uri: Option<usize>,
    pub method: Option<usize>,
    pub description: Option<usize>,
    pub ty: Option<usize>,
    pub support: Vec<SupportColumn>,
    /// Body rows (header excluded).
    pub rows: &'a [Row],
    pub columns: usize,
}

impl Classified<'_> {
    /// The text of column `i` in `row`, empty when the row is short.
    pub fn cell<'r>(&self, row: &'r Row, i: usize) -> &'r str {
        row.cells.get(i).map(|c| c.text.as_str()).unwrap_or("")
    }

    pub fn cell_location(&self, row: &Row, i: usize) -> Location {
        row.cells
            .get(i)
            .map(|c| c.location.clone())
            .unwrap_or_else(|| row.location.clone())
    }
}

/// Classifies `table`; `None` for tables that carry no API facts.
/// Malformed tables (no header row, ragged rows, support cells that are
/// not marks) are reported into `diags`.
pub fn classify<'a>(table: &'a Table, diags: &mut Vec<Diagnostic>) -> Option<Classified<'a>> {
    let (header, rows): (Vec<String>, &[Row]) = if table.header_rows == 0 {
        let first = table.rows.first()?;
        let header: Vec<String> = first
            .cells
            .iter()
            .map(|c| cells::header_key(&c.text))
            .collect();
        // Attribute tables have no fixed header words: only the known
        // headers are recognisable without their border.
        if kind_of(&header).is_some_and(|k| !matches!(k, Kind::Attributes { .. })) {
            diags.push(
                Diagnostic::warning(
                    first.location.clone(),
                    "this table has no header row; its first row was read as the header",
                )
                .with_rule(speclift_diag::Rule::TableWithoutHeader)
                .with_hint("put a `===` border line under the header row"),
            );
            (header, table.rows.get(1..).unwrap_or_default())
        } else {
            if let Some(row) = table.rows.iter().find(|r| lists_an_operation(r)) {
                diags.push(
                    Diagnostic::error(
                        row.location.clone(),
                        "this table lists an operation but has no header row, so its URI and Method columns are unknown",
                    ).with_rule(speclift_diag::Rule::IncompleteOperationRow)
                    .with_hint("add a header row (`URI`, `Method`, …) followed by a `===` border line"),
                );
            }
            return None;
        }
    } else {
        let header_rows = table.rows.get(..table.header_rows).unwrap_or(&table.rows);
        let width = header_rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
        let header = (0..width)
            .map(|i| {
                let parts: Vec<String> = header_rows
                    .iter()
                    .filter_map(|r| r.cells.get(i))
                    .map(|c| cells::header_key(&c.text))
                    .filter(|s| !s.is_empty())
                    .collect();
                parts.join(" ")
            })
            .collect();
        (
            header,
            table.rows.get(table.header_rows..).unwrap_or_default(),
        )
    };
    let mut kind = kind_of(&header)?;
    if kind == Kind::MethodList && !lists_methods(rows) {
        // Server actions (`Start`, `Reboot`): no methods, no operations.
        kind = Kind::Other;
    }
    let find = |names: &[&str]| header.iter().position(|h| names.contains(&h.as_str()));
    let uri = find(&["uri"]);
    let method = find(&["method"]);
    let description = find(&["description", "value"]).filter(|&i| i > 0);
    let ty = find(&["type"]).filter(|&i| i > 0);
    let label_of = |i: usize| -> String {
        let row = table.rows.get(table.header_rows.saturating_sub(1));
        row.and_then(|r| r.cells.get(i))
            .map(|c| cells::join_lines(&crate::text::plain(&c.text)))
            // A header cell cut at a column border: `Cyclades/`.
            .map(|l| l.trim_end_matches(['/', ' ']).to_string())
            .unwrap_or_default()
    };
    let support = (1..header.len())
        .filter(|&i| Some(i) != uri && Some(i) != method && Some(i) != description && Some(i) != ty)
        .filter(|&i| is_support_column(&header[i], rows, i))
        .map(|i| {
            let label = if table.header_rows == 0 {
                header[i].clone()
            } else {
                label_of(i)
            };
            SupportColumn {
                index: i,
                key: cells::implementation_key(&label),
                label,
            }
        })
        .collect::<Vec<_>>();
    let classified = Classified {
        kind,
        uri,
        method,
        description,
        ty,
        support,
        rows,
        columns: header.len(),
    };
    check_rows(&classified, diags);
    Some(classified)
}

fn kind_of(header: &[String]) -> Option<Kind> {
    let first = header.first()?.as_str();
    let has = |name: &str| header.iter().any(|h| h == name);
    Some(if has("uri") && has("method") {
        Kind::Operations {
            overview: has("description"),
        }
    } else if first.starts_with("request header") {
        Kind::RequestHeaders
    } else if first.starts_with("response header") || first.starts_with("reply header") {
        Kind::ResponseHeaders
    } else if first.starts_with("request parameter") {
        Kind::QueryParameters
    } else if first.starts_with("return code") {
        Kind::ReturnCodes
    } else if ["operation", "operations", "method", "methods"].contains(&first) {
        Kind::MethodList
    } else if first == "uri" {
        Kind::Other
    } else if header.len() >= 2 && !first.is_empty() {
        Kind::Attributes {
            heading: first.to_string(),
        }
    } else {
        return None;
    })
}

/// Implementation columns are named after one (`Cyclades`, `OS/…`), or
/// hold nothing but support marks.
fn is_support_column(header: &str, rows: &[Row], i: usize) -> bool {
    if header.contains("cyclades") || header.starts_with("os/") || header.starts_with("openstack") {
        return true;
    }
    let mut marks = rows
        .iter()
        .filter_map(|r| r.cells.get(i))
        .map(|c| c.text.trim())
        .filter(|t| !t.is_empty())
        .peekable();
    marks.peek().is_some()
        && marks.all(|t| {
            t.lines()
                .map(str::trim)
                .all(|l| l == "\\" || cells::support(l).is_some())
        })
}

/// Every row's first cell is one method (`GET`, `COPY`).
fn lists_methods(rows: &[Row]) -> bool {
    let firsts: Vec<&str> = rows
        .iter()
        .filter_map(|r| r.cells.first())
        .map(|c| c.text.trim())
        .filter(|t| !t.is_empty() && *t != "\\")
        .collect();
    !firsts.is_empty() && firsts.iter().all(|t| cells::method_word(t))
}

fn lists_an_operation(row: &Row) -> bool {
    // Only the eight: any word is a method token, and a table is not an
    // operation table because some cell reads like one.
    let has_method = row.cells.iter().any(|c| {
        cells::methods(&c.text).is_ok_and(|ms| ms.iter().all(crate::ir::Method::is_standard))
    });
    let has_uri = row
        .cells
        .iter()
        .any(|c| crate::text::plain(&c.text).trim_start().starts_with('/'));
    has_method && has_uri
}

/// Ragged rows and support cells that are not marks.
fn check_rows(t: &Classified<'_>, diags: &mut Vec<Diagnostic>) {
    for row in t.rows {
        if row.cells.len() != t.columns && !row.cells.iter().all(|c| c.text.trim().is_empty()) {
            let needed = [t.uri, t.method].into_iter().flatten().max();
            let missing_key_cell = needed.is_some_and(|i| i >= row.cells.len());
            let message = format!(
                "this row has {} cells but the table's header has {}",
                row.cells.len(),
                t.columns
            );
            let hint = "align the row's text with the table's column borders (one cell per column)";
            diags.push(if missing_key_cell {
                Diagnostic::error(
                    row.location.clone(),
                    format!("{message}; its URI or Method cell is missing"),
                )
                .with_rule(speclift_diag::Rule::IncompleteOperationRow)
                .with_hint(hint)
            } else {
                Diagnostic::warning(row.location.clone(), message)
                    .with_rule(speclift_diag::Rule::MisalignedRow)
                    .with_hint(hint)
            });
        }
        for col in &t.support {
            // Rows continued with `\\` hold one mark per line.
            let at = t.cell_location(row, col.index);
            for (k, line) in t.cell(row, col.index).lines().enumerate() {
                let text = line.trim();
                // Several marks in one operations cell: the row reader
                // reads the misaligned row by its words, and says so.
                let misaligned =
                    matches!(t.kind, Kind::Operations { .. }) && super::rows::several_marks(text);
                if !text.is_empty() && text != "\\" && cells::support(text).is_none() && !misaligned
                {
                    diags.push(
                        Diagnostic::warning(
                            at.below(k as u32, at.column),
                            format!("`{text}` in the {} column is not a support mark", col.label),
                        )
                        .with_rule(speclift_diag::Rule::InvalidSupportMark)
                        .with_hint("write ✔, ✘ (or **✘**), required, optional or default"),
                    );
                }
            }
        }
    }
}
