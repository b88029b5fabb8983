//! Rich rendering (source line and caret) through rustc's own renderer.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::{Diagnostic, Severity};

/// Renders `diagnostic` the way rustc does, quoting the offending line of
/// `source` (the text of the diagnostic's file). Falls back to the one-line
/// form when there is no location or the line is out of range.
pub fn render_rich(diagnostic: &Diagnostic, source: Option<&str>, color: bool) -> String {
    let line = diagnostic
        .location
        .as_ref()
        .zip(source)
        .and_then(|(loc, source)| source.lines().nth(loc.line.saturating_sub(1) as usize));
    render_rich_line(diagnostic, line, color)
}

/// The byte offset where each line of a text starts, so that quoting line
/// n of a file costs one slice rather than a walk over the lines before
/// it: a run quotes hundreds of lines of the same parameters.yaml.
#[derive(Clone, Debug)]
pub struct LineIndex(Vec<usize>);

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(
            memchr::memchr_iter(b'\n', text.as_bytes())
                .filter(|&i| i + 1 < text.len())
                .map(|i| i + 1),
        );
        LineIndex(starts)
    }

    /// Line `n` (from 1) of `text`, the text this index was made of, as
    /// `text.lines()` gives it.
    pub fn line<'t>(&self, text: &'t str, n: u32) -> Option<&'t str> {
        let start = *self.0.get(n.checked_sub(1)? as usize)?;
        text.get(start..)?.lines().next()
    }
}

/// [`render_rich`] with the quoted line already found (`None`: the
/// one-line form).
pub fn render_rich_line(diagnostic: &Diagnostic, line: Option<&str>, color: bool) -> String {
    let (Some(loc), Some(line_text)) = (&diagnostic.location, line) else {
        return diagnostic.to_string();
    };
    // Offsets are bytes within the quoted line; columns count characters.
    let start = line_text
        .char_indices()
        .nth(loc.column.saturating_sub(1) as usize)
        .map_or(line_text.len(), |(i, _)| i);
    let end = line_text[start..]
        .find(char::is_whitespace)
        .map_or(line_text.len(), |n| start + n)
        .max(start);
    let level = match diagnostic.severity {
        Severity::Warning => Level::WARNING,
        Severity::Error => Level::ERROR,
    };
    let path = crate::printable(&loc.file.display().to_string()).into_owned();
    let message = crate::printable(&diagnostic.message);
    let mut title = level.primary_title(message.as_ref());
    if let Some(code) = diagnostic.code {
        title = title.id(code);
    }
    let snippet = Snippet::source(line_text)
        .line_start(loc.line as usize)
        .path(path.as_str())
        .annotation(AnnotationKind::Primary.span(start..end));
    let mut report = vec![Group::with_title(title).element(snippet)];
    let hint = diagnostic.hint.as_deref().map(crate::printable);
    if let Some(hint) = &hint {
        report.push(Group::with_title(
            Level::HELP.secondary_title(hint.as_ref()),
        ));
    }
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    renderer.render(&report).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Location, path};

    #[test]
    fn the_line_index_finds_what_lines_finds() {
        for text in ["", "a", "a\n", "a\n\nb", "a\r\nb\r\n", "x\ry\n\n\nz", "\n"] {
            let index = LineIndex::new(text);
            for n in 1..7u32 {
                assert_eq!(
                    index.line(text, n),
                    text.lines().nth(n as usize - 1),
                    "line {n} of {text:?}"
                );
            }
            assert_eq!(index.line(text, 0), None);
        }
    }

    #[test]
    fn control_characters_never_reach_the_terminal() {
        let d = Diagnostic::warning(Location::new(path("p.rst"), 1, 3), "bad \u{1b}]0;t\u{7}")
            .with_hint("see \u{1b}[2J");
        let shown = render_rich(&d, Some("a \u{1b}]0;title\u{7} b"), false);
        assert!(
            !shown.contains('\u{1b}') && !shown.contains('\u{7}'),
            "{shown:?}"
        );
    }

    #[test]
    fn quotes_the_line_with_a_caret() {
        let d = Diagnostic::warning(
            Location::new(path("x.inc"), 2, 6),
            "unknown key `attachement`",
        )
        .with_hint("did you mean `attachment`?");
        let out = render_rich(&d, Some("a\n   - attachement: attachment\n"), false);
        assert!(out.contains("x.inc:2:6"), "{out}");
        assert!(out.contains("- attachement: attachment"), "{out}");
        assert!(out.contains("^^^^^^^^^^^^"), "{out}");
        assert!(out.contains("did you mean"), "{out}");
    }
}
