//! Status tables in a tag's prose: a bold title or a paragraph ending in
//! "statuses" followed by a table whose first column lists the values
//! (`**Snapshot statuses**` in Cinder's snapshot reference).

use speclift_rst::{Block, BlockKind};

use crate::ir::StatusTable;
use crate::text::plain;

/// The status tables among `blocks`, in document order.
pub(crate) fn tables(blocks: &[Block]) -> Vec<StatusTable> {
    let mut out = Vec::new();
    for pair in blocks.windows(2) {
        let [intro, next] = pair else { continue };
        let (BlockKind::Paragraph { text }, BlockKind::Table(table)) = (&intro.kind, &next.kind)
        else {
            continue;
        };
        let title = plain(text);
        let title = title.trim().trim_end_matches(':').trim();
        if !title.to_ascii_lowercase().ends_with("statuses") {
            continue;
        }
        let values: Vec<String> = table
            .rows
            .iter()
            .skip(table.header_rows)
            .filter_map(|row| row.cells.first())
            .map(|cell| plain(&cell.text))
            // Grid tables without a `===` header line keep their header row.
            .filter(|v| !["status", "statuses", "value"].contains(&v.to_ascii_lowercase().as_str()))
            // A value is one word; anything else is prose in the table.
            .filter(|v| !v.is_empty() && !v.contains(char::is_whitespace))
            .collect();
        if values.is_empty() {
            continue;
        }
        out.push(StatusTable {
            title: title.to_string(),
            values,
            location: next.location.clone(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use speclift_diag::path;

    fn blocks(src: &str) -> Vec<Block> {
        speclift_rst::parse_str(path("snapshots.inc"), src).0.blocks
    }

    #[test]
    fn a_bold_statuses_title_before_a_grid_table() {
        let src = "\
Snapshots
=========

**Snapshot statuses**

+----------------+----------------------------------+
| Status         | Description                      |
+----------------+----------------------------------+
| creating       | The snapshot is being created.   |
+----------------+----------------------------------+
| ``available``  | The snapshot is ready to use.    |
+----------------+----------------------------------+

Other text.

+-------+
| x     |
+-------+
";
        let found = tables(&blocks(src));
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].title, "Snapshot statuses");
        assert_eq!(found[0].values, ["creating", "available"]);
        assert_eq!(found[0].location.line, 6);
        assert_eq!(found[0].location.column, 1);
    }

    #[test]
    fn a_simple_table_after_a_paragraph_ending_in_statuses() {
        let src = "\
The possible backup statuses:

========= ===========
Status    Description
========= ===========
creating  Being made.
error     It failed.
========= ===========
";
        let found = tables(&blocks(src));
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].values, ["creating", "error"]);
        assert_eq!(found[0].title, "The possible backup statuses");
    }
}
