//! `parse_str` never panics, and every location points into the input.

use proptest::prelude::*;
use speclift_diag::path;
use speclift_rst::{Block, BlockKind, parse_str};

/// Checks `blocks` recursively; `lines` is the input's line count.
fn check(blocks: &[Block], lines: u32) {
    let ok = |line: u32, what: &str| {
        assert!(
            line >= 1 && line <= lines.max(1),
            "{what} at line {line} of {lines}"
        );
    };
    for b in blocks {
        ok(b.location.line, "block");
        assert!(b.location.column >= 1);
        match &b.kind {
            BlockKind::BulletList { items } | BlockKind::EnumeratedList { items } => {
                for i in items {
                    ok(i.location.line, "item");
                    check(&i.blocks, lines);
                }
            }
            BlockKind::BlockQuote { blocks } => check(blocks, lines),
            BlockKind::DefinitionList { items } => {
                for i in items {
                    ok(i.location.line, "term");
                    check(&i.definition, lines);
                }
            }
            BlockKind::FieldList { fields } => {
                fields.iter().for_each(|f| ok(f.location.line, "field"))
            }
            BlockKind::Table(t) => {
                for r in &t.rows {
                    ok(r.location.line, "row");
                    r.cells.iter().for_each(|c| ok(c.location.line, "cell"));
                }
                assert!(t.header_rows <= t.rows.len());
            }
            BlockKind::Directive(d) => {
                d.options.iter().for_each(|o| ok(o.location.line, "option"));
                d.content
                    .iter()
                    .for_each(|c| ok(c.location.line, "content"));
                check(&d.body, lines);
            }
            _ => {}
        }
    }
}

fn line_count(text: &str) -> u32 {
    // Lines as the reader counts them: `\r\n`, `\r` and `\n` all end one.
    let normalized = text.replace("\r\n", "\n").replace('\r', "\n");
    normalized.lines().count() as u32
}

fn run(text: &str) {
    let (doc, diags) = parse_str(path("p.rst"), text);
    let lines = line_count(text);
    check(&doc.blocks, lines);
    for d in diags {
        if let Some(l) = &d.location {
            assert!(l.line >= 1 && l.line <= lines.max(1) + 1, "diagnostic {d}");
        }
    }
}

const FRAGMENTS: &[&str] = &[
    ".. x::",
    ".. note:: text",
    ".. code-block:: json",
    ".. include:: a.inc",
    ".. _t:",
    ".. _t: http://x",
    "..",
    ".. comment",
    "   :opt: v",
    "   :opt:",
    "===",
    "=====",
    "=== ===",
    "===  ====  =",
    "---",
    "~~~~",
    "+--+",
    "+--+--+",
    "+==+==+",
    "|  |  |",
    "| a | b",
    "|",
    "| line",
    "- a",
    "* b",
    "+ c",
    "• d",
    "1. e",
    "#. f",
    "(a) g",
    "i) h",
    ":field: x",
    ":f:",
    "term",
    "    indented",
    "\tTab",
    "a\tb",
    "text::",
    "::",
    "\\",
    "``lit``",
    "`ref`_",
    "",
    "",
    "",
    " ",
    "\r",
    "\r\n",
    "é ü",
    "\u{feff}",
    "Title",
];

fn rstish() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (prop::sample::select(FRAGMENTS), 0usize..4, prop::bool::ANY),
        0..40,
    )
    .prop_map(|parts| {
        let mut s = String::new();
        for (frag, indent, crlf) in parts {
            s.push_str(&" ".repeat(indent));
            s.push_str(frag);
            s.push_str(if crlf { "\r\n" } else { "\n" });
        }
        s
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_strings_never_panic(text in any::<String>()) {
        run(&text);
    }

    #[test]
    fn rst_fragments_never_panic(text in rstish()) {
        run(&text);
    }

    #[test]
    fn markdown_never_panics(text in rstish()) {
        let (doc, _) = parse_str(path("p.rst"), &text);
        let _ = speclift_rst::markdown::blocks(&doc.blocks);
        let _ = speclift_rst::markdown::inline(&text);
    }
}
