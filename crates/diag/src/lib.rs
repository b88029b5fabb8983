//! Diagnostics shared by every speclift stage.
//!
//! Every stage reports problems as [`Diagnostic`] values instead of failing
//! fast, so one run shows the author everything that is wrong. A diagnostic
//! always names a [`Location`] (file:line:column, 1-based) when the problem
//! has one, and a hint saying what to do about it.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

pub mod degraded;
mod render;
pub mod rules;
pub mod suggest;
pub mod timings;

pub use rules::Rule;

/// `1 error`, `2 errors`: the counts in summary lines. English plurals
/// of the nouns summaries use (error, warning, finding, spec) add an `s`.
pub fn counted(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}
pub use render::{LineIndex, render_rich, render_rich_line};

/// `text` safe to print on a terminal: control characters other than
/// newline and tab (ESC, BEL, CR, the C1 range, DEL) written as `\u{1b}`
/// escapes, so bytes from a server or a document can neither move the
/// cursor, retitle the window nor hide what comes before them. Every
/// human-facing output of speclift passes through here.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A point in a source file. Lines and columns are 1-based; columns count
/// characters, not bytes, so they match what an editor shows.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Location {
    #[serde(serialize_with = "serialize_path")]
    pub file: Arc<Path>,
    pub line: u32,
    pub column: u32,
}

fn serialize_path<S: serde::Serializer>(p: &Arc<Path>, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&p.display())
}

impl Location {
    pub fn new(file: impl Into<Arc<Path>>, line: u32, column: u32) -> Self {
        Location {
            file: file.into(),
            line,
            column,
        }
    }

    /// The start of `file`, for problems with a whole file.
    pub fn file_start(file: impl Into<Arc<Path>>) -> Self {
        Location::new(file, 1, 1)
    }

    /// The same file, `lines` further down, at `column`.
    pub fn below(&self, lines: u32, column: u32) -> Self {
        Location::new(self.file.clone(), self.line + lines, column)
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = self.file.display().to_string();
        write!(f, "{}:{}:{}", printable(&file), self.line, self.column)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// One problem found in the input.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable code of its [`Rule`] (e.g. `SL012`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<&'static str>,
    pub message: String,
    /// What the author should do about it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
}

impl Diagnostic {
    pub fn error(location: impl Into<Option<Location>>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code: None,
            message: message.into(),
            hint: None,
            location: location.into(),
        }
    }

    pub fn warning(location: impl Into<Option<Location>>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(location, message)
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn with_code(mut self, code: &'static str) -> Self {
        self.code = Some(code);
        self
    }

    /// Sets the code of `rule`, from the one registry.
    pub fn with_rule(self, rule: Rule) -> Self {
        self.with_code(rule.code())
    }

    /// The registered rule of this diagnostic's code.
    pub fn rule(&self) -> Option<Rule> {
        self.code.and_then(Rule::from_code)
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The one-line form `file:line:col: severity: message`, with the hint on a
/// second line, as compilers print it.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(loc) = &self.location {
            write!(f, "{loc}: ")?;
        }
        write!(f, "{}", self.severity)?;
        if let Some(code) = self.code {
            write!(f, "[{code}]")?;
        }
        write!(f, ": {}", printable(&self.message))?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  = help: {}", printable(hint))?;
        }
        Ok(())
    }
}

/// Collects diagnostics during one stage. Kept as a plain vector so stages
/// can hand their findings on without shared mutable state.
#[derive(Clone, Debug, Default)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    pub fn error(&mut self, location: impl Into<Option<Location>>, message: impl Into<String>) {
        self.push(Diagnostic::error(location, message));
    }

    pub fn warning(&mut self, location: impl Into<Option<Location>>, message: impl Into<String>) {
        self.push(Diagnostic::warning(location, message));
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.0.iter()
    }

    /// Sorted by location so output is stable whatever order stages ran in.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.0.sort_by(|a, b| {
            (&a.location, a.severity, &a.message).cmp(&(&b.location, b.severity, &b.message))
        });
        self.0.dedup();
        self.0
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a Diagnostic;
    type IntoIter = std::slice::Iter<'a, Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl From<Vec<Diagnostic>> for Diagnostics {
    fn from(v: Vec<Diagnostic>) -> Self {
        Diagnostics(v)
    }
}

/// Shorthand for tests and callers that build paths from strings.
pub fn path(p: impl AsRef<Path>) -> Arc<Path> {
    Arc::from(PathBuf::from(p.as_ref()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped_for_terminals() {
        assert_eq!(printable("plain\ttext\n"), "plain\ttext\n");
        assert_eq!(
            printable("\u{1b}]0;pwned\u{7}x\r"),
            "\\u{1b}]0;pwned\\u{7}x\\u{d}"
        );
        assert_eq!(printable("\u{9b}31m"), "\\u{9b}31m");
        let d = Diagnostic::error(
            Location::new(path("a\u{1b}.rst"), 1, 1),
            "GET /v1/\u{1b}[2J",
        )
        .with_hint("fix \u{7}");
        let shown = d.to_string();
        assert!(
            !shown.contains('\u{1b}') && !shown.contains('\u{7}'),
            "{shown}"
        );
    }

    #[test]
    fn display_has_location_severity_and_hint() {
        let d = Diagnostic::warning(Location::new(path("a.rst"), 3, 7), "bad thing")
            .with_hint("do the good thing");
        assert_eq!(
            d.to_string(),
            "a.rst:3:7: warning: bad thing\n  = help: do the good thing"
        );
    }

    #[test]
    fn sorted_by_location() {
        let mut ds = Diagnostics::new();
        ds.error(Location::new(path("b"), 1, 1), "x");
        ds.warning(Location::new(path("a"), 9, 1), "y");
        ds.warning(Location::new(path("a"), 2, 1), "z");
        let lines: Vec<_> = ds.into_sorted().iter().map(|d| d.message.clone()).collect();
        assert_eq!(lines, ["z", "y", "x"]);
    }
}
