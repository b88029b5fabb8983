//! The document tree the reader produces.
//!
//! Sections are kept *flat*: a [`BlockKind::Section`] is a heading with a
//! level, and the blocks after it belong to it until the next heading of the
//! same or a higher level. That is how `.. include::` behaves in docutils
//! (an included file continues the includer's section hierarchy), and it
//! keeps the consumers simple. Nested content (list items, directive bodies,
//! block quotes) is a proper tree.

use serde::Serialize;
use speclift_diag::Location;

/// A parsed document: the entry file with its includes spliced in.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Document {
    pub blocks: Vec<Block>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Block {
    pub kind: BlockKind,
    /// Where the block starts (for a section: the title line).
    pub location: Location,
}

#[derive(Clone, Debug, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum BlockKind {
    /// A section heading. `level` is 1 for the first adornment style seen in
    /// the document (includes share the includer's styles), 2 for the next…
    Section { title: String, level: usize },
    /// Paragraph text with inline markup kept verbatim; lines joined by `\n`.
    Paragraph { text: String },
    /// `- item` / `* item` / `+ item`.
    BulletList { items: Vec<ListItem> },
    /// `1.`, `#.`, `(a)`, `i)` … items.
    EnumeratedList { items: Vec<ListItem> },
    /// The indented block after a paragraph ending in `::` (or a lone `::`).
    LiteralBlock { text: String },
    /// Indented text that is not a literal block.
    BlockQuote { blocks: Vec<Block> },
    /// `term` followed by an indented definition.
    DefinitionList { items: Vec<DefinitionItem> },
    /// `:name: value` fields outside directives.
    FieldList { fields: Vec<Field> },
    /// `| line` blocks; the Synnefo guides use a lone `|` as a spacer.
    LineBlock { lines: Vec<String> },
    /// A grid (`+---+`) or simple (`=== ===`) table.
    Table(Table),
    /// `.. name:: argument` with options and content. Boxed: a directive
    /// is six vectors and strings, and every paragraph and list item of a
    /// document would otherwise take its size, copied each time a block
    /// vector grows (`gen -q` on Cinder took 0.966 of the time once boxed).
    Directive(Box<Directive>),
    /// `.. anything that is not a directive, target or substitution`.
    Comment { text: String },
    /// `.. _name:` hyperlink target.
    Target { name: String, url: Option<String> },
    /// `----` between paragraphs.
    Transition,
}

#[derive(Clone, Debug, Serialize)]
pub struct ListItem {
    pub blocks: Vec<Block>,
    pub location: Location,
}

#[derive(Clone, Debug, Serialize)]
pub struct DefinitionItem {
    pub term: String,
    pub definition: Vec<Block>,
    pub location: Location,
}

#[derive(Clone, Debug, Serialize)]
pub struct Field {
    pub name: String,
    pub body: String,
    pub location: Location,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TableKind {
    Grid,
    Simple,
}

#[derive(Clone, Debug, Serialize)]
pub struct Table {
    pub kind: TableKind,
    /// Number of leading rows that form the header (0 when there is none).
    pub header_rows: usize,
    pub rows: Vec<Row>,
}

impl Table {
    /// A table of `kind` with no rows yet.
    pub fn new(kind: TableKind) -> Table {
        Table {
            kind,
            header_rows: 0,
            rows: Vec::new(),
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Row {
    pub cells: Vec<Cell>,
    pub location: Location,
}

#[derive(Clone, Debug, Serialize)]
pub struct Cell {
    /// Cell text with inline markup verbatim; continuation lines joined by
    /// `\n` (simple-table rows continued with a `\` first cell are merged).
    pub text: String,
    pub location: Location,
}

#[derive(Clone, Debug, Serialize)]
pub struct Directive {
    pub name: String,
    /// Everything after `::` on the directive line, plus continuation lines
    /// of the argument, trimmed.
    pub argument: String,
    /// The argument's lines, trimmed, each located at its first character
    /// (empty for directives whose argument is not free text).
    pub argument_lines: Vec<ContentLine>,
    /// `:name: value` lines directly after the directive line, in order.
    pub options: Vec<DirectiveOption>,
    /// The raw content lines (dedented), each with its location. Empty lines
    /// inside the content are kept so literal content round-trips.
    pub content: Vec<ContentLine>,
    /// The content parsed as RST, for directives whose content is RST
    /// (`note`, `warning`, `rest_parameters`, …). Literal directives
    /// (`code`, `code-block`, `literalinclude`) leave this empty.
    pub body: Vec<Block>,
}

impl Directive {
    pub fn option(&self, name: &str) -> Option<&str> {
        self.options
            .iter()
            .find(|o| o.name == name)
            .map(|o| o.value.as_str())
    }

    /// The content lines joined with `\n`, trailing blank lines removed.
    pub fn content_text(&self) -> String {
        let mut lines: Vec<&str> = self.content.iter().map(|l| l.text.as_str()).collect();
        while lines.last().is_some_and(|l| l.trim().is_empty()) {
            lines.pop();
        }
        lines.join("\n")
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct DirectiveOption {
    pub name: String,
    pub value: String,
    pub location: Location,
}

#[derive(Clone, Debug, Serialize)]
pub struct ContentLine {
    pub text: String,
    pub location: Location,
}
