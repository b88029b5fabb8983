//! Explicit markup: `.. name:: …` directives, `.. _name:` targets and
//! comments.

use crate::ast::*;
use crate::block::{Parser, parse_blocks};
use crate::line::{self, Line};

pub(crate) fn is_explicit(text: &str) -> bool {
    text == ".." || text.starts_with(".. ")
}

/// docutils' specific admonitions (`.. note::` …), plus the generic
/// `.. admonition:: Title`.
pub const ADMONITIONS: [&str; 10] = [
    "note",
    "warning",
    "important",
    "tip",
    "caution",
    "attention",
    "danger",
    "error",
    "hint",
    "admonition",
];

/// Whether `name` is an admonition directive (see [`ADMONITIONS`]).
pub fn is_admonition(name: &str) -> bool {
    ADMONITIONS.contains(&name)
}

/// Directives with no argument: text on the directive line is content.
fn takes_no_argument(name: &str) -> bool {
    (is_admonition(name) && name != "admonition")
        || matches!(
            name,
            "seealso" | "todo" | "compound" | "epigraph" | "highlights" | "pull-quote"
        )
}

/// Directives whose first argument is a version and the rest is content.
fn is_version_change(name: &str) -> bool {
    matches!(
        name,
        "versionadded" | "versionchanged" | "deprecated" | "versionremoved"
    )
}

/// Directives whose content is itself RST (parsed into `body`).
fn has_rst_content(name: &str) -> bool {
    takes_no_argument(name)
        || is_version_change(name)
        || matches!(
            name,
            "rest_parameters"
                | "rest_status_code"
                | "container"
                | "only"
                | "topic"
                | "sidebar"
                | "admonition"
                | "table"
                | "list-table"
                | "glossary"
                | "hlist"
        )
}

/// The directive name in `name:: …`: the text before the first `::` that
/// is followed by whitespace or the line end, if it is a valid name.
fn directive_name(rest: &str) -> Option<&str> {
    let mut from = 0;
    while let Some(i) = rest.get(from..).and_then(|r| r.find("::")) {
        let at = from + i;
        let after = &rest[at + 2..];
        if after.is_empty() || after.starts_with(' ') {
            let name = &rest[..at];
            let valid = name.chars().next().is_some_and(|c| c.is_alphanumeric())
                && name
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ':' | '.' | '+'));
            return valid.then_some(name);
        }
        from = at + 1;
    }
    None
}

impl Parser<'_, '_, '_> {
    pub(crate) fn explicit(&mut self) {
        let Some(first) = self.line(self.pos) else {
            return;
        };
        let location = first.location(self.file);
        // `..` plus the spaces after it.
        let marker = 2 + (first.text.len() - 2 - first.text[2..].trim_start_matches(' ').len());
        let rest = first.skip_chars(marker);
        if rest.text.is_empty() && self.line(self.pos + 1).is_none_or(|l| l.is_blank()) {
            // An empty comment ends at once, so a following block quote
            // is not swallowed.
            self.push(
                BlockKind::Comment {
                    text: String::new(),
                },
                location,
            );
            self.pos += 1;
            return;
        }
        let (block, end) = line::first_known_block(self.lines, self.pos, marker);
        self.pos = end;
        let head = rest.text;
        if let Some(target) = head.strip_prefix('_') {
            self.target(target, &block, location);
        } else if head.starts_with('[') || head.starts_with('|') {
            // Footnotes, citations and substitution definitions are not
            // used by API references; keep their text as a comment.
            let text = line::join_text(line::trim_blank(&block));
            self.push(BlockKind::Comment { text }, location);
        } else if let Some(name) = directive_name(head) {
            let name_len = name.chars().count();
            let name = name.to_lowercase();
            self.directive(name, name_len, block, location);
        } else {
            let text = line::join_text(line::trim_blank(&block));
            self.push(BlockKind::Comment { text }, location);
        }
    }

    fn target(&mut self, spec: &str, block: &[Line<'_>], location: speclift_diag::Location) {
        let split = if let Some(quoted) = spec.strip_prefix('`') {
            quoted
                .find("`:")
                .map(|i| (quoted[..i].to_string(), &quoted[i + 2..]))
        } else {
            let mut found = None;
            let mut escaped = false;
            for (i, c) in spec.char_indices() {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == ':' {
                    let after = &spec[i + 1..];
                    if after.is_empty() || after.starts_with(' ') {
                        found = Some((spec[..i].to_string(), after));
                        break;
                    }
                }
            }
            found
        };
        let Some((name, after)) = split else {
            self.s.warn(
                location.clone(),
                "malformed hyperlink target",
                "write targets as `.. _name:` or `.. _name: url`",
            );
            let text = line::join_text(line::trim_blank(block));
            self.push(BlockKind::Comment { text }, location);
            return;
        };
        // URLs may be wrapped; docutils joins the pieces without spaces.
        let mut url = after.trim().to_string();
        for l in block.iter().skip(1) {
            url.push_str(l.text.trim());
        }
        let url = (!url.is_empty()).then_some(url);
        self.push(BlockKind::Target { name, url }, location);
    }

    fn directive(
        &mut self,
        name: String,
        name_len: usize,
        block: Vec<Line<'_>>,
        location: speclift_diag::Location,
    ) {
        // The first line of `block` starts at the name; skip `name::` and
        // the spaces after it.
        let mut block = block;
        if let Some(first) = block.first_mut() {
            *first = first.skip_chars(name_len + 2).trim_start();
        }
        let first_blank = block.iter().position(Line::is_blank).unwrap_or(block.len());
        let (arg_block, after) = block.split_at(first_blank);
        let opt_start = arg_block
            .iter()
            .position(|l| crate::block::field_marker(l.text).is_some())
            .unwrap_or(arg_block.len());
        let (arg_lines, opt_lines) = arg_block.split_at(opt_start);
        let options = self.options(opt_lines);

        let mut argument = String::new();
        let mut argument_lines = Vec::new();
        let mut content: Vec<Line<'_>> = Vec::new();
        // Whether content[0] sits on the directive line (already at its
        // own column; not part of the dedent).
        let mut first_inline = false;
        if takes_no_argument(&name) {
            if arg_lines.first().is_some_and(|l| !l.is_blank()) {
                first_inline = true;
            }
            content.extend_from_slice(arg_lines);
            content.extend_from_slice(after);
        } else if is_version_change(&name) {
            if let Some(first) = arg_lines.first() {
                let version = first.text.split(' ').next().unwrap_or("");
                argument = version.to_string();
                let rest = first.skip_chars(version.chars().count()).trim_start();
                if !rest.is_blank() {
                    content.push(rest);
                    first_inline = true;
                }
                content.extend_from_slice(&arg_lines[1..]);
            }
            content.extend_from_slice(after);
        } else {
            argument_lines = arg_lines
                .iter()
                .filter(|l| !l.is_blank())
                .map(|l| {
                    let t = l.trim_start();
                    ContentLine {
                        text: t.text.trim().to_string(),
                        location: t.location(self.file),
                    }
                })
                .collect::<Vec<_>>();
            argument = argument_lines
                .iter()
                .map(|l| l.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            content.extend_from_slice(after);
        }

        // Dedent the content by its own margin (the directive line's text,
        // if any, is already at its column).
        let skip = usize::from(first_inline);
        let rest = content.get(skip..).unwrap_or(&[]);
        let dedented = line::dedent_all(rest);
        content.truncate(skip);
        content.extend(dedented);
        let content_lines = line::trim_blank(&content);

        let body = if has_rst_content(&name) {
            parse_blocks(self.s, self.file, content_lines, true)
        } else {
            Vec::new()
        };
        let directive = Directive {
            content: content_lines
                .iter()
                .map(|l| ContentLine {
                    text: l.text.to_string(),
                    location: l.location(self.file),
                })
                .collect(),
            name,
            argument,
            argument_lines,
            options,
            body,
        };
        if directive.name == "include" {
            let nested = self.nested;
            if let Some(blocks) = self.s.include(self.file, &directive, &location, nested) {
                self.out.extend(blocks);
                return;
            }
        }
        self.push(BlockKind::Directive(Box::new(directive)), location);
    }

    fn options(&mut self, lines: &[Line<'_>]) -> Vec<DirectiveOption> {
        let mut options: Vec<DirectiveOption> = Vec::new();
        for l in lines {
            if let Some((name, width)) = crate::block::field_marker(l.text) {
                options.push(DirectiveOption {
                    name,
                    value: l.skip_chars(width).text.trim().to_string(),
                    location: l.location(self.file),
                });
            } else if let Some(last) = options.last_mut() {
                // A wrapped option value.
                if !last.value.is_empty() {
                    last.value.push(' ');
                }
                last.value.push_str(l.text.trim());
            }
        }
        options
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(directive_name("note:: x"), Some("note"));
        assert_eq!(directive_name("code-block::"), Some("code-block"));
        assert_eq!(directive_name("py:function:: f()"), Some("py:function"));
        assert_eq!(directive_name("rest_method::  GET /"), Some("rest_method"));
        assert_eq!(directive_name("not a directive:: x"), None);
        assert_eq!(directive_name("a::b"), None);
        assert_eq!(directive_name("-*- rst -*-"), None);
    }
}
