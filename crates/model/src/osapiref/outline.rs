//! The document outline: headings with the blocks they own, which blocks
//! are prose, the statements prose makes, and titles that name parts of
//! an operation (Request, Response, examples) rather than tags.

use std::path::Path;

use speclift_diag::Location;
use speclift_rst::{Block, BlockKind, Document};

use super::prose::{self, Fact, Scope, Statement};
use super::*;
use crate::microversion::Microversion;
use crate::text::plain;

pub(super) fn headings(doc: &Document, entry: &Path) -> Vec<Heading> {
    let blocks = &doc.blocks;
    let starts: Vec<usize> = blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| matches!(b.kind, BlockKind::Section { .. }))
        .map(|(i, _)| i)
        .collect();
    let mut out = Vec::new();
    let first = starts.first().copied().unwrap_or(blocks.len());
    // Text before the first heading only matters if it holds operations.
    if blocks[..first]
        .iter()
        .any(|b| is_directive(b, "rest_method"))
    {
        out.push(Heading {
            idx: None,
            level: 0,
            title: entry
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
            location: Location::file_start(entry),
            parent: None,
            own: 0..first,
            is_op: true,
        });
    }
    let mut stack: Vec<usize> = Vec::new();
    for (n, &i) in starts.iter().enumerate() {
        let Some(Block {
            kind: BlockKind::Section { title, level },
            location,
        }) = blocks.get(i)
        else {
            continue;
        };
        let end = starts.get(n + 1).copied().unwrap_or(blocks.len());
        let k = out.len();
        while stack
            .last()
            .is_some_and(|&s: &usize| out.get(s).is_some_and(|h: &Heading| h.level >= *level))
        {
            stack.pop();
        }
        let own = i + 1..end;
        out.push(Heading {
            idx: Some(i),
            level: *level,
            title: title.clone(),
            location: location.clone(),
            parent: stack.last().copied(),
            is_op: blocks[own.clone()]
                .iter()
                .any(|b| is_directive(b, "rest_method")),
            own,
        });
        stack.push(k);
    }
    out
}

/// Blocks that are prose (what becomes a description).
pub(super) fn is_prose(b: &Block) -> bool {
    match &b.kind {
        BlockKind::Directive(d) => {
            speclift_rst::is_admonition(&d.name)
                || matches!(
                    d.name.as_str(),
                    "seealso"
                        | "versionadded"
                        | "versionchanged"
                        | "deprecated"
                        | "code-block"
                        | "code"
                        | "sourcecode"
                        | "table"
                        | "list-table"
                        | "csv-table"
                )
        }
        BlockKind::Section { .. } | BlockKind::Comment { .. } | BlockKind::Target { .. } => false,
        _ => true,
    }
}

/// The text of a prose block that may state microversions.
pub(super) fn statement_text(b: &Block) -> Option<String> {
    match &b.kind {
        BlockKind::Paragraph { text } => Some(text.clone()),
        BlockKind::Directive(d) if speclift_rst::is_admonition(&d.name) => {
            Some(format!("{}\n{}", d.argument, d.content_text()))
        }
        _ => None,
    }
}

pub(super) fn block_statements(blocks: &[Block]) -> Vec<Statement> {
    let mut out = Vec::new();
    for b in blocks {
        if let BlockKind::Directive(d) = &b.kind {
            let version = d
                .argument
                .split_whitespace()
                .next()
                .and_then(|v| v.parse::<Microversion>().ok());
            match (d.name.as_str(), version) {
                ("versionadded", Some(v)) => out.push(Statement {
                    scope: Scope::All,
                    fact: Fact::Min(v),
                }),
                ("deprecated", _) => out.push(Statement {
                    scope: Scope::All,
                    fact: Fact::Deprecated,
                }),
                _ => {}
            }
        }
        if let Some(text) = statement_text(b) {
            out.extend(prose::statements(&text));
        }
    }
    out
}

/// Titles of the parts of an operation section.
pub(super) fn is_part_title(title: &str) -> bool {
    let t = title.to_ascii_lowercase();
    [
        "request",
        "response",
        "example",
        "parameters",
        "status code",
        "response code",
        "error code",
    ]
    .iter()
    .any(|w| t.contains(w))
}

/// Whether the next block (comments aside) is an example, making a bold
/// paragraph before it that example's title.
pub(super) fn titles_example(rest: &[Block]) -> bool {
    rest.iter()
        .find(|b| !matches!(b.kind, BlockKind::Comment { .. } | BlockKind::Target { .. }))
        .is_some_and(|b| is_directive(b, "literalinclude") || is_directive(b, "code-block"))
}

pub(super) fn is_bold_title(text: &str) -> Option<String> {
    let t = text.trim();
    let inner = t.strip_prefix("**")?.strip_suffix("**")?;
    (!inner.is_empty() && !inner.contains("**")).then(|| plain(inner))
}
