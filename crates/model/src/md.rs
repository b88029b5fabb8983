//! RST → CommonMark, delegated to `speclift_rst::markdown`; kept behind
//! these functions so the dialects do not depend on its details.

use std::path::Path;
use std::sync::Arc;

use speclift_diag::Diagnostic;
use speclift_rst::Block;

/// Inline markup of one line (a title, a table cell) as CommonMark.
pub fn inline(text: &str) -> String {
    speclift_rst::markdown::inline(text).trim().to_string()
}

/// Blocks as CommonMark.
pub fn blocks(blocks: &[Block]) -> String {
    speclift_rst::markdown::blocks(blocks).trim().to_string()
}

/// RST source text (a parameter or status description) as CommonMark,
/// with the parser's diagnostics (lines counted from the text's start).
pub fn rst_text(file: Arc<Path>, text: &str) -> (String, Vec<Diagnostic>) {
    let (doc, diags) = speclift_rst::parse_str(file, text);
    (blocks(&doc.blocks), diags)
}
