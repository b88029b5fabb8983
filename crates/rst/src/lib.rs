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
//! - [`read_file`]: a file on disk, with `.. include::` followed (paths
//!   relative to the including file, confined to a root, cycles reported)
//!   and the included blocks spliced in place, sharing the includer's
//!   section-adornment levels as docutils does.
//! - [`markdown`]: RST inline markup and blocks rendered as CommonMark.

pub mod ast;
pub mod markdown;

pub use ast::*;
