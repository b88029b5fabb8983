//! A line-oriented reader for the reStructuredText subset that API
//! references use.
//!
//! The reader never panics and never stops at the first problem: whatever
//! the input (binary garbage, tabs, CRLF, unterminated constructs), it
//! returns a best-effort [`Document`] plus diagnostics with file:line:col.
//!
//! Entry points:
//! - [`parse_str`]: one string, no file access (`.. include::` is kept as a
//!   directive block).
//! - [`read_file`] / [`Reader`]: a file on disk, with `.. include::`
//!   followed (paths relative to the document being built, as in Sphinx, confined to a root,
//!   cycles and depth > [`MAX_INCLUDE_DEPTH`] reported) and the included
//!   blocks spliced in place, sharing the includer's section-adornment
//!   levels as docutils does. Every block keeps its own file's location.
//! - [`markdown`]: RST inline markup and blocks rendered as CommonMark.
//!
//! Invariants of the output:
//! - Text is normalised on load: BOM stripped, `\r\n`/`\r` → `\n`, tabs
//!   expanded to 8-column stops, trailing whitespace removed. Locations are
//!   1-based; columns count characters *after* tab expansion (what an
//!   editor with 8-wide tabs shows).
//! - Sections are flat headings; `level` is the rank of the adornment style
//!   (char, has-overline) by first appearance across the include chain.
//!   Titles inside nested content become paragraphs (with a warning).
//! - Directive names are lower-cased (docutils matches them
//!   case-insensitively). `content` is the raw content, dedented, without
//!   leading/trailing blank lines; `body` is filled only for directives
//!   whose content is RST (admonitions, `versionadded`, `rest_parameters`,
//!   `rest_status_code`, `container`, `only`, `topic`, …). For argument-less
//!   admonitions (`.. note:: text`) text on the directive line is content.
//! - Simple-table rows whose first column is blank or exactly `\` are
//!   merged into the previous row (cell texts joined with `\n`). Grid cells
//!   spanning columns keep their text in the first spanned cell.
//! - Footnotes, citations and substitution definitions are kept as
//!   [`BlockKind::Comment`]s (API references do not use them).

pub mod ast;
mod block;
pub mod confine;
mod explicit;
mod include;
mod line;
pub mod markdown;
mod source;
mod table;

use std::path::Path;
use std::sync::Arc;

pub use ast::*;
pub use explicit::{ADMONITIONS, is_admonition};
pub use include::{MAX_INCLUDE_DEPTH, Reader, normalize_path, read_file};
use speclift_diag::Diagnostic;

/// Parses one RST string. No file access: `.. include::` stays a
/// [`BlockKind::Directive`].
pub fn parse_str(file: Arc<Path>, text: &str) -> (Document, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let lines = source::decode_str(&file, text, &mut diags);
    let view = line::view(&lines);
    let mut session = block::Session::new();
    let blocks = block::parse_blocks(&mut session, &file, &view, false);
    diags.extend(session.diags);
    (Document { blocks }, diags)
}

#[cfg(test)]
mod tests {
    use super::*;
    use speclift_diag::{Severity, path};

    fn parse(text: &str) -> (Vec<Block>, Vec<Diagnostic>) {
        let (doc, diags) = parse_str(path("t.rst"), text);
        (doc.blocks, diags)
    }

    fn at(b: &Block) -> (u32, u32) {
        (b.location.line, b.location.column)
    }

    fn para(b: &Block) -> &str {
        match &b.kind {
            BlockKind::Paragraph { text } => text,
            other => panic!("not a paragraph: {other:?}"),
        }
    }

    fn directive(b: &Block) -> &Directive {
        match &b.kind {
            BlockKind::Directive(d) => d,
            other => panic!("not a directive: {other:?}"),
        }
    }

    fn table(b: &Block) -> &Table {
        match &b.kind {
            BlockKind::Table(t) => t,
            other => panic!("not a table: {other:?}"),
        }
    }

    fn cells(row: &Row) -> Vec<&str> {
        row.cells.iter().map(|c| c.text.as_str()).collect()
    }

    fn sections(blocks: &[Block]) -> Vec<(String, usize)> {
        blocks
            .iter()
            .filter_map(|b| match &b.kind {
                BlockKind::Section { title, level } => Some((title.clone(), *level)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn sections_rank_styles_by_first_appearance() {
        let (b, d) = parse("=============\n Compute API\n=============\n\nA\n=\n\nB\n-\n\nC\n=\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(
            sections(&b),
            [
                ("Compute API".into(), 1),
                ("A".into(), 2),
                ("B".into(), 3),
                ("C".into(), 2)
            ]
        );
        // The overlined title is indented by one space.
        assert_eq!(at(&b[0]), (2, 2));
        assert_eq!(at(&b[1]), (5, 1));
    }

    #[test]
    fn short_underlines() {
        let (b, d) = parse("Long title\n~~~~\n\nTitle\n--\n");
        assert_eq!(sections(&b), [("Long title".into(), 1)]);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].severity, Severity::Warning);
        assert!(d[0].message.contains("underline too short"));
        assert_eq!(
            d[0].location.as_ref().map(|l| (l.line, l.column)),
            Some((2, 1))
        );
        // Under 4 chars and shorter than the title: ordinary text.
        assert_eq!(para(&b[1]), "Title\n--");
    }

    #[test]
    fn transition_is_not_a_section() {
        let (b, _) = parse("para\n\n----\n\nnext\n");
        assert!(matches!(b[1].kind, BlockKind::Transition));
        assert_eq!(at(&b[1]), (3, 1));
        assert_eq!(para(&b[2]), "next");
    }

    #[test]
    fn literal_block_markers() {
        let (b, d) =
            parse("Example::\n\n    {\"a\": 1}\n      nested\n\nText ::\n\n  x\n\n::\n\n  y\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(para(&b[0]), "Example:");
        assert!(
            matches!(&b[1].kind, BlockKind::LiteralBlock { text } if text == "{\"a\": 1}\n  nested")
        );
        assert_eq!(at(&b[1]), (3, 5));
        assert_eq!(para(&b[2]), "Text");
        assert!(matches!(&b[3].kind, BlockKind::LiteralBlock { text } if text == "x"));
        // A lone `::` leaves no paragraph.
        assert!(matches!(&b[4].kind, BlockKind::LiteralBlock { text } if text == "y"));
        assert_eq!(b.len(), 5);
    }

    #[test]
    fn literal_block_missing_is_a_warning() {
        let (b, d) = parse("See::\n\nnot indented\n");
        assert_eq!(para(&b[0]), "See:");
        assert_eq!(para(&b[1]), "not indented");
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("literal block expected"));
    }

    #[test]
    fn note_with_text_on_the_directive_line() {
        let src = ".. note:: Everything except for `Complete attachment` is new as of the 3.27\n          microversion.\n\nafter\n";
        let (b, d) = parse(src);
        assert!(d.is_empty(), "{d:?}");
        let n = directive(&b[0]);
        assert_eq!(n.name, "note");
        assert_eq!(n.argument, "");
        assert_eq!(n.content.len(), 2);
        assert_eq!(n.content[1].text, "microversion.");
        assert_eq!(
            (n.content[1].location.line, n.content[1].location.column),
            (2, 11)
        );
        assert_eq!(at(&n.body[0]), (1, 11));
        assert!(para(&n.body[0]).ends_with("3.27\nmicroversion."));
        assert_eq!(para(&b[1]), "after");
    }

    #[test]
    fn continued_arguments_keep_each_lines_location() {
        let (b, d) = parse(".. rest_method:: GET /v3/things\n   min_version: 3.27\n\nText.\n");
        assert!(d.is_empty(), "{d:?}");
        let m = directive(&b[0]);
        assert_eq!(m.argument, "GET /v3/things min_version: 3.27");
        let lines: Vec<_> = m
            .argument_lines
            .iter()
            .map(|l| (l.text.as_str(), l.location.line, l.location.column))
            .collect();
        assert_eq!(
            lines,
            [("GET /v3/things", 1, 18), ("min_version: 3.27", 2, 4)]
        );
    }

    #[test]
    fn directive_argument_options_and_content() {
        let src = "\
.. rest_parameters:: parameters.yaml

   - project_id: project_id_path
   - name: name

.. literalinclude:: ./samples/a.json
   :language: javascript

.. code-block:: json
   :linenos:

     {
       \"a\": 1
     }
";
        let (b, d) = parse(src);
        assert!(d.is_empty(), "{d:?}");
        let p = directive(&b[0]);
        assert_eq!(
            (p.name.as_str(), p.argument.as_str()),
            ("rest_parameters", "parameters.yaml")
        );
        let BlockKind::BulletList { items } = &p.body[0].kind else {
            panic!("{:?}", p.body)
        };
        assert_eq!(items.len(), 2);
        assert_eq!((items[1].location.line, items[1].location.column), (4, 4));
        assert_eq!(para(&items[1].blocks[0]), "name: name");
        let l = directive(&b[1]);
        assert_eq!(l.argument, "./samples/a.json");
        assert_eq!(l.option("language"), Some("javascript"));
        assert_eq!(l.options[0].location.line, 7);
        let c = directive(&b[2]);
        assert_eq!(c.option("linenos"), Some(""));
        assert!(c.body.is_empty());
        assert_eq!(c.content_text(), "{\n  \"a\": 1\n}");
        assert_eq!(
            (c.content[0].location.line, c.content[0].location.column),
            (12, 6)
        );
    }

    #[test]
    fn directive_names_are_case_insensitive_and_versions_split() {
        let (b, _) =
            parse(".. Important:: Read this.\n\n.. versionadded:: 2.17 Added the thing.\n");
        assert_eq!(directive(&b[0]).name, "important");
        assert_eq!(para(&directive(&b[0]).body[0]), "Read this.");
        let v = directive(&b[1]);
        assert_eq!(v.argument, "2.17");
        assert_eq!(para(&v.body[0]), "Added the thing.");
        assert_eq!(at(&v.body[0]), (3, 24));
    }

    #[test]
    fn include_stays_a_directive_in_parse_str() {
        let (b, d) = parse(".. include:: other.inc\n");
        assert!(d.is_empty());
        assert_eq!(directive(&b[0]).argument, "other.inc");
    }

    #[test]
    fn comments_and_targets() {
        let src = "\
.. -*- rst -*-
.. quota-sets should arguably live closer to limits, but that would mess up
   our nice alphabetical ordering
.. _os-quota-sets:
.. _certain compute drivers: https://docs.openstack.org/nova/latest/user/
   support-matrix.html
..
   bare comment body

text
";
        let (b, d) = parse(src);
        assert!(d.is_empty(), "{d:?}");
        assert!(matches!(&b[0].kind, BlockKind::Comment { text } if text == "-*- rst -*-"));
        assert!(
            matches!(&b[1].kind, BlockKind::Comment { text } if text.ends_with("mess up\nour nice alphabetical ordering"))
        );
        assert!(
            matches!(&b[2].kind, BlockKind::Target { name, url: None } if name == "os-quota-sets")
        );
        assert!(
            matches!(&b[3].kind, BlockKind::Target { name, url: Some(u) }
            if name == "certain compute drivers" && u == "https://docs.openstack.org/nova/latest/user/support-matrix.html")
        );
        assert!(matches!(&b[4].kind, BlockKind::Comment { text } if text == "bare comment body"));
        assert_eq!(at(&b[4]), (7, 1));
        assert_eq!(para(&b[5]), "text");
    }

    #[test]
    fn nested_lists() {
        let src = "- one\n  continued\n\n  - inner\n* star\n\n• dot\n\n#. first\n#. second\n\n(a) alpha\n";
        let (b, d) = parse(src);
        assert!(d.is_empty(), "{d:?}");
        let BlockKind::BulletList { items } = &b[0].kind else {
            panic!()
        };
        assert_eq!(items.len(), 1);
        assert_eq!(para(&items[0].blocks[0]), "one\ncontinued");
        assert_eq!(at(&items[0].blocks[0]), (1, 3));
        let BlockKind::BulletList { items: inner } = &items[0].blocks[1].kind else {
            panic!()
        };
        assert_eq!((inner[0].location.line, inner[0].location.column), (4, 3));
        assert!(matches!(&b[1].kind, BlockKind::BulletList { items } if items.len() == 1));
        assert!(matches!(&b[2].kind, BlockKind::BulletList { items } if items.len() == 1));
        assert!(matches!(&b[3].kind, BlockKind::EnumeratedList { items } if items.len() == 2));
        assert!(matches!(&b[4].kind, BlockKind::EnumeratedList { items } if items.len() == 1));
    }

    #[test]
    fn enumerator_needs_a_list_like_next_line() {
        let (b, _) = parse("A. Smith wrote\nthis sentence.\n");
        assert_eq!(para(&b[0]), "A. Smith wrote\nthis sentence.");
    }

    #[test]
    fn definition_field_quote_and_line_blocks() {
        let src = "\
term
    definition text

:tocdepth: 2
:other: multi
  line

para

    quoted
    text

| line one
|
| line three
";
        let (b, d) = parse(src);
        assert!(d.is_empty(), "{d:?}");
        let BlockKind::DefinitionList { items } = &b[0].kind else {
            panic!("{:?}", b[0])
        };
        assert_eq!(items[0].term, "term");
        assert_eq!(at(&items[0].definition[0]), (2, 5));
        let BlockKind::FieldList { fields } = &b[1].kind else {
            panic!()
        };
        assert_eq!(
            (fields[0].name.as_str(), fields[0].body.as_str()),
            ("tocdepth", "2")
        );
        assert_eq!(fields[1].body, "multi\nline");
        assert_eq!(para(&b[2]), "para");
        let BlockKind::BlockQuote { blocks } = &b[3].kind else {
            panic!()
        };
        assert_eq!(para(&blocks[0]), "quoted\ntext");
        assert_eq!(at(&b[3]), (10, 5));
        assert!(
            matches!(&b[4].kind, BlockKind::LineBlock { lines } if lines == &["line one", "", "line three"])
        );
    }

    #[test]
    fn lone_bar_spacer() {
        let (b, _) = parse("|\n\n=== ===\na   b\n=== ===\n");
        assert!(matches!(&b[0].kind, BlockKind::LineBlock { lines } if lines == &[""]));
        assert_eq!(table(&b[1]).rows.len(), 1);
    }

    #[test]
    fn grid_table_with_header_and_span() {
        let src = "\
+--------+-------------+
| Status | Description |
+========+=============+
| a      | first       |
|        | more        |
+--------+-------------+
| spanning both cells  |
+--------+-------------+
";
        let (b, d) = parse(src);
        assert!(d.is_empty(), "{d:?}");
        let t = table(&b[0]);
        assert_eq!(
            (t.kind, t.header_rows, t.rows.len()),
            (TableKind::Grid, 1, 3)
        );
        assert_eq!(cells(&t.rows[0]), ["Status", "Description"]);
        assert_eq!(cells(&t.rows[1]), ["a", "first\nmore"]);
        assert_eq!(cells(&t.rows[2]), ["spanning both cells", ""]);
        let c = &t.rows[1].cells[1];
        assert_eq!((c.location.line, c.location.column), (4, 12));
    }

    #[test]
    fn ragged_grid_table_warns() {
        let (b, d) = parse("+---+---+\n| a | b\n| c | d |\n");
        let t = table(&b[0]);
        assert!(!t.rows.is_empty());
        assert_eq!(d.len(), 2, "{d:?}");
        assert_eq!(d[0].location.as_ref().map(|l| l.line), Some(2));
        assert!(d[1].message.contains("no bottom border"));
    }

    #[test]
    fn simple_table_continuations() {
        let src = "\
=================== ====== ========
URI                 Method Cyclades
=================== ====== ========
``/servers``        GET    ✔
\\                   POST   ✔
500 (Error)         x      The request cannot be
                           completed
last                x      text past the border
=================== ====== ========
";
        let (b, d) = parse(src);
        assert!(d.is_empty(), "{d:?}");
        let t = table(&b[0]);
        assert_eq!(
            (t.kind, t.header_rows, t.rows.len()),
            (TableKind::Simple, 1, 4)
        );
        assert_eq!(cells(&t.rows[0]), ["URI", "Method", "Cyclades"]);
        assert_eq!(cells(&t.rows[1]), ["``/servers``", "GET\nPOST", "✔\n✔"]);
        assert_eq!(
            cells(&t.rows[2]),
            ["500 (Error)", "x", "The request cannot be\ncompleted"]
        );
        assert_eq!(cells(&t.rows[3])[2], "text past the border");
        assert_eq!(t.rows[3].location.line, 8);
        let c = &t.rows[1].cells[1];
        assert_eq!((c.location.line, c.location.column), (4, 21));
    }

    #[test]
    fn malformed_simple_tables_warn() {
        let (b, d) = parse("===== =====\nabcdefghijkl\n\n");
        assert_eq!(table(&b[0]).rows.len(), 1);
        let msgs: Vec<_> = d.iter().map(|d| d.message.as_str()).collect();
        assert!(
            msgs.iter().any(|m| m.contains("no bottom border")),
            "{msgs:?}"
        );
        assert!(
            msgs.iter().any(|m| m.contains("crosses a column")),
            "{msgs:?}"
        );
        let cross = d.iter().find(|d| d.message.contains("crosses")).unwrap();
        assert_eq!(
            cross.location.as_ref().map(|l| (l.line, l.column)),
            Some((2, 6))
        );
    }

    #[test]
    fn tabs_expand_to_eight_columns() {
        let (b, d) = parse("para\n\n\tquoted\n\n-\titem\n");
        assert!(d.is_empty());
        assert_eq!(at(&b[1]), (3, 9));
        let BlockKind::BulletList { items } = &b[2].kind else {
            panic!()
        };
        assert_eq!(at(&items[0].blocks[0]), (5, 9));
    }

    #[test]
    fn hostile_input_does_not_panic() {
        for src in [
            "",
            "\n",
            "..",
            ".. ",
            "::",
            "=",
            "+",
            "+-",
            "|",
            "- ",
            "(",
            "1.",
            ".. _",
            ".. _`x",
            ".. |x| y",
            "====\n",
            "=== ===",
            "+--+\n|",
            "\u{feff}",
            "é\n===",
            ".. note::\n\n   Title\n   =====\n",
        ] {
            let _ = parse(src);
        }
        let (b, d) = parse("a\u{0}b");
        assert!(b.is_empty());
        assert!(d[0].message.contains("binary"));
    }
}
