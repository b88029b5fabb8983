//! The block parser: one pass over a slice of [`Line`]s, recursing into
//! dedented sub-slices for nested content.
//!
//! Every construct consumes at least one line, so the parser always
//! terminates; `parse_blocks` also guards against a construct that would
//! not advance.

use std::path::Path;
use std::sync::Arc;

use speclift_diag::{Diagnostic, Location};

use crate::ast::*;
use crate::include::Includes;
use crate::line::{self, Line};
use crate::{explicit, table};

/// A section adornment style: the character and whether it has an overline.
pub(crate) type Style = (char, bool);

/// State shared by every file of one document (the entry plus includes).
pub(crate) struct Session<'r> {
    /// Adornment styles in order of first appearance; level = index + 1.
    pub styles: Vec<Style>,
    pub diags: Vec<Diagnostic>,
    /// Set when reading from disk; `None` keeps `.. include::` as a directive.
    pub includes: Option<Includes<'r>>,
}

impl Session<'_> {
    pub fn new() -> Self {
        Session {
            styles: Vec::new(),
            diags: Vec::new(),
            includes: None,
        }
    }

    pub fn warn(&mut self, location: Location, message: impl Into<String>, hint: &str) {
        self.diags.push(
            Diagnostic::warning(location, message)
                .with_rule(speclift_diag::Rule::RstMarkup)
                .with_hint(hint),
        );
    }

    /// An include that cannot be followed: lint and gen report it alike.
    pub fn include_error(&mut self, location: Location, message: impl Into<String>, hint: &str) {
        self.diags.push(
            Diagnostic::error(location, message)
                .with_hint(hint)
                .with_rule(speclift_diag::Rule::IncludeProblem),
        );
    }
}

/// Parses `lines` (already dedented to the context's margin) into blocks.
/// `nested` is true inside list items, directives and quotes, where
/// section titles are not allowed.
pub(crate) fn parse_blocks(
    s: &mut Session<'_>,
    file: &Arc<Path>,
    lines: &[Line<'_>],
    nested: bool,
) -> Vec<Block> {
    let mut p = Parser {
        s,
        file,
        lines,
        nested,
        pos: 0,
        out: Vec::new(),
    };
    while p.pos < p.lines.len() {
        let before = p.pos;
        p.step();
        if p.pos <= before {
            p.pos = before + 1;
        }
    }
    p.out
}

pub(crate) struct Parser<'p, 'r, 'a> {
    pub s: &'p mut Session<'r>,
    pub file: &'p Arc<Path>,
    pub lines: &'p [Line<'a>],
    pub nested: bool,
    pub pos: usize,
    pub out: Vec<Block>,
}

impl<'a> Parser<'_, '_, 'a> {
    fn step(&mut self) {
        let Some(&line) = self.lines.get(self.pos) else {
            return;
        };
        if line.is_blank() {
            self.pos += 1;
        } else if line.indent() > 0 {
            self.block_quote();
        } else if explicit::is_explicit(line.text) {
            self.explicit();
        } else if table::is_grid_top(line.text) {
            self.grid_table();
        } else if table::is_simple_border(line.text) {
            self.simple_table();
        } else if let Some((marker, _)) = bullet_marker(line.text) {
            self.bullet_list(marker);
        } else if let Some(e) = enumerator(line.text).filter(|_| self.enum_item_ok(self.pos)) {
            self.enumerated_list(e.format);
        } else if field_marker(line.text).is_some() {
            self.field_list();
        } else if is_line_block(line.text) {
            self.line_block();
        } else if adornment(line.text).is_some() && self.adorned_line() {
        } else {
            self.text();
        }
    }

    pub fn push(&mut self, kind: BlockKind, location: Location) {
        self.out.push(Block { kind, location });
    }

    /// Where the current line starts (the file's start past its end).
    fn here(&self) -> Location {
        self.line(self.pos).map_or_else(
            || Location::file_start(self.file.clone()),
            |l| l.location(self.file),
        )
    }

    pub fn line(&self, i: usize) -> Option<Line<'a>> {
        self.lines.get(i).copied()
    }

    fn block_quote(&mut self) {
        let start = self.pos;
        let end = line::indented_end(self.lines, start);
        let inner = line::dedent_all(self.lines.get(start..end).unwrap_or(&[]));
        let location = inner.first().map_or_else(
            || Location::file_start(self.file.clone()),
            |l| l.location(self.file),
        );
        let blocks = parse_blocks(self.s, self.file, &inner, true);
        self.push(BlockKind::BlockQuote { blocks }, location);
        self.pos = end;
    }

    /// A line of adornment characters at the start of a block: an overlined
    /// section title or a transition. Returns false when it is neither, so
    /// the line is read as text.
    fn adorned_line(&mut self) -> bool {
        let Some(over) = self.line(self.pos) else {
            return false;
        };
        let Some(c) = adornment(over.text) else {
            return false;
        };
        let title = self.line(self.pos + 1);
        let under = self.line(self.pos + 2);
        if let (Some(title), Some(under)) = (title, under)
            && !title.is_blank()
            && under.indent() == 0
            && adornment(under.text) == Some(c)
        {
            let over_w = over.text.chars().count();
            let under_w = under.text.chars().count();
            let title_w = title.text.trim().chars().count();
            if over_w != under_w {
                self.s.warn(
                    under.location(self.file),
                    "title overline and underline differ in length",
                    "make the overline and underline the same length",
                );
            } else if title_w > over_w {
                self.s.warn(
                    over.location(self.file),
                    "title overline too short",
                    "extend the overline and underline to at least the title's length",
                );
            }
            self.section(title.trim_start(), (c, true));
            self.pos += 3;
            return true;
        }
        let followed_by_blank = title.is_none_or(|t| t.is_blank());
        if over.text.chars().count() >= 4 && followed_by_blank {
            self.push(BlockKind::Transition, over.location(self.file));
            self.pos += 1;
            return true;
        }
        if over.text.chars().count() >= 4 && title.is_some_and(|t| !t.is_blank()) {
            self.s.warn(
                over.location(self.file),
                "section title overline without a matching underline",
                "add an underline of the same character and length, or a blank line after a transition",
            );
        }
        false
    }

    /// Emits a section heading (or, where sections are not allowed, the
    /// title as a paragraph with a warning).
    fn section(&mut self, title: Line<'_>, style: Style) {
        let location = title.location(self.file);
        let text = title.text.trim().to_string();
        if self.nested {
            self.s.warn(
                location.clone(),
                "section title inside nested content (list item, directive or quote)",
                "move the title out of the indented block; it is read as a paragraph",
            );
            self.push(BlockKind::Paragraph { text }, location);
            return;
        }
        let level = match self.s.styles.iter().position(|&st| st == style) {
            Some(i) => i + 1,
            None => {
                self.s.styles.push(style);
                self.s.styles.len()
            }
        };
        self.push(BlockKind::Section { title: text, level }, location);
    }

    /// A non-blank, unindented line that starts no other construct.
    fn text(&mut self) {
        let Some(first) = self.line(self.pos) else {
            return;
        };
        if let Some(next) = self.line(self.pos + 1) {
            if next.indent() == 0 {
                if let Some(c) = adornment(next.text) {
                    let title_w = first.text.trim().chars().count();
                    let under_w = next.text.chars().count();
                    // docutils: a short underline under 4 chars is just text.
                    if under_w >= title_w || under_w >= 4 {
                        if under_w < title_w {
                            self.s.warn(
                                next.location(self.file),
                                "title underline too short",
                                "extend the underline to at least the title's length",
                            );
                        }
                        self.section(first, (c, false));
                        self.pos += 2;
                        return;
                    }
                }
            } else if !next.is_blank() && !first.text.ends_with("::") {
                self.definition_list();
                return;
            }
        }
        self.paragraph();
    }

    fn paragraph(&mut self) {
        let start = self.pos;
        let mut end = start;
        while let Some(l) = self.line(end) {
            if l.is_blank() || (l.indent() > 0 && end > start) {
                break;
            }
            end += 1;
        }
        let lines = self.lines.get(start..end).unwrap_or(&[]);
        let Some(first) = lines.first() else {
            self.pos = start + 1;
            return;
        };
        let location = first.location(self.file);
        let mut text = line::join_text(lines);
        let literal = text.ends_with("::");
        if literal {
            let before = &text[..text.len() - 2];
            text = if before.trim().is_empty() {
                String::new()
            } else if before.ends_with(char::is_whitespace) {
                before.trim_end().to_string()
            } else {
                format!("{before}:")
            };
        }
        if !text.is_empty() {
            self.push(BlockKind::Paragraph { text }, location);
        }
        self.pos = end;
        let next_indented = self.line(end).is_some_and(|l| !l.is_blank());
        if literal {
            let end_loc = lines.last().map_or(first.location(self.file), |l| {
                l.location_at(self.file, l.text.chars().count().saturating_sub(2))
            });
            self.literal_block(end_loc, next_indented);
        } else if next_indented && let Some(l) = self.line(end) {
            self.s.warn(
                l.location(self.file),
                "unexpected indentation",
                "separate the indented block from the paragraph with a blank line",
            );
        }
    }

    /// The indented block after a paragraph ending in `::`.
    fn literal_block(&mut self, marker: Location, no_blank_line: bool) {
        let mut i = self.pos;
        while self.line(i).is_some_and(|l| l.is_blank()) {
            i += 1;
        }
        match self.line(i) {
            Some(l) if l.indent() > 0 => {
                if no_blank_line {
                    self.s.warn(
                        l.location(self.file),
                        "literal block without a blank line before it",
                        "add a blank line after the `::` paragraph",
                    );
                }
                let end = line::indented_end(self.lines, i);
                let block =
                    line::dedent_all(line::trim_blank(self.lines.get(i..end).unwrap_or(&[])));
                let location = block
                    .first()
                    .map_or(marker.clone(), |l| l.location(self.file));
                let text = line::join_text(&block);
                self.push(BlockKind::LiteralBlock { text }, location);
                self.pos = end;
            }
            _ => self.s.warn(
                marker,
                "literal block expected after `::`, none found",
                "indent the literal text under the paragraph, or remove the `::`",
            ),
        }
    }

    fn definition_list(&mut self) {
        let location = self.here();
        let mut items = Vec::new();
        while let (Some(term), Some(next)) = (self.line(self.pos), self.line(self.pos + 1)) {
            if term.is_blank() || term.indent() > 0 || next.is_blank() || next.indent() == 0 {
                break;
            }
            if !items.is_empty() && starts_construct(term.text) {
                break;
            }
            let end = line::indented_end(self.lines, self.pos + 1);
            let def = line::dedent_all(self.lines.get(self.pos + 1..end).unwrap_or(&[]));
            let definition = parse_blocks(self.s, self.file, &def, true);
            items.push(DefinitionItem {
                term: term.text.trim().to_string(),
                definition,
                location: term.location(self.file),
            });
            self.pos = end;
        }
        self.push(BlockKind::DefinitionList { items }, location);
    }

    fn bullet_list(&mut self, marker: char) {
        let location = self.here();
        let items = self.list_items(|_, text| {
            bullet_marker(text)
                .filter(|&(c, _)| c == marker)
                .map(|(_, width)| width)
        });
        self.push(BlockKind::BulletList { items }, location);
    }

    /// The items of a list from the current line on: unindented lines for
    /// which `item_width` gives the chars up to the item text (`None` ends
    /// the list), each with its indented continuation.
    fn list_items(&mut self, item_width: impl Fn(&Self, &str) -> Option<usize>) -> Vec<ListItem> {
        let mut items = Vec::new();
        while let Some(l) = self.line(self.pos) {
            if l.indent() > 0 || l.is_blank() {
                break;
            }
            let Some(width) = item_width(self, l.text) else {
                break;
            };
            let (block, end) = line::first_known_block(self.lines, self.pos, width);
            let blocks = parse_blocks(self.s, self.file, &block, true);
            items.push(ListItem {
                blocks,
                location: l.location(self.file),
            });
            self.pos = end;
        }
        items
    }

    /// docutils: an enumerator starts a list only when the next line is
    /// blank, indented, absent, or another enumerated item.
    fn enum_item_ok(&self, i: usize) -> bool {
        match self.line(i + 1) {
            None => true,
            Some(n) => n.is_blank() || n.indent() > 0 || enumerator(n.text).is_some(),
        }
    }

    fn enumerated_list(&mut self, format: EnumFormat) {
        let location = self.here();
        let items = self.list_items(|p, text| {
            enumerator(text)
                .filter(|e| e.format == format && p.enum_item_ok(p.pos))
                .map(|e| e.width)
        });
        self.push(BlockKind::EnumeratedList { items }, location);
    }

    fn field_list(&mut self) {
        let location = self.here();
        let mut fields = Vec::new();
        while let Some(l) = self.line(self.pos) {
            if l.indent() > 0 || l.is_blank() {
                break;
            }
            let Some((name, width)) = field_marker(l.text) else {
                break;
            };
            let (block, end) = line::first_known_block(self.lines, self.pos, width);
            fields.push(Field {
                name,
                body: line::join_text(line::trim_blank(&block)),
                location: l.location(self.file),
            });
            self.pos = end;
        }
        self.push(BlockKind::FieldList { fields }, location);
    }

    fn line_block(&mut self) {
        let location = self.here();
        let mut lines: Vec<String> = Vec::new();
        while let Some(l) = self.line(self.pos) {
            if l.indent() == 0 && is_line_block(l.text) {
                lines.push(l.text.get(2..).unwrap_or("").to_string());
            } else if l.indent() > 0 && !l.is_blank() && !lines.is_empty() {
                // A continuation of the previous line.
                if let Some(last) = lines.last_mut() {
                    last.push(' ');
                    last.push_str(l.text.trim());
                }
            } else {
                break;
            }
            self.pos += 1;
        }
        self.push(BlockKind::LineBlock { lines }, location);
    }

    fn grid_table(&mut self) {
        let (t, end) = table::grid(self.lines, self.pos, self.file, &mut self.s.diags);
        let location = self.here();
        self.push(BlockKind::Table(t), location);
        self.pos = end;
    }

    fn simple_table(&mut self) {
        let (t, end) = table::simple(self.lines, self.pos, self.file, &mut self.s.diags);
        let location = self.here();
        self.push(BlockKind::Table(t), location);
        self.pos = end;
    }
}

/// docutils accepts any non-alphanumeric printable 7-bit ASCII character.
fn is_adornment_char(c: char) -> bool {
    c.is_ascii_punctuation()
}

/// `Some(c)` when the line is one adornment character repeated.
pub(crate) fn adornment(text: &str) -> Option<char> {
    let c = text.chars().next()?;
    (is_adornment_char(c) && text.chars().all(|x| x == c)).then_some(c)
}

/// `(marker, chars up to the item text)` for `- `, `* `, `+ `, `• `.
pub(crate) fn bullet_marker(text: &str) -> Option<(char, usize)> {
    let mut chars = text.chars();
    let c = chars.next()?;
    if !matches!(c, '-' | '*' | '+' | '•' | '‣' | '⁃') {
        return None;
    }
    let rest = chars.as_str();
    if rest.is_empty() {
        return Some((c, 1));
    }
    let spaces = rest.len() - rest.trim_start_matches(' ').len();
    (spaces > 0).then_some((c, 1 + spaces))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum EnumFormat {
    /// `1.`
    Period,
    /// `1)`
    Paren,
    /// `(1)`
    Enclosed,
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Enumerator {
    pub format: EnumFormat,
    /// Chars up to the item text.
    pub width: usize,
}

pub(crate) fn enumerator(text: &str) -> Option<Enumerator> {
    let (body, format, rest) = if let Some(inner) = text.strip_prefix('(') {
        let close = inner.find(')')?;
        (&inner[..close], EnumFormat::Enclosed, &inner[close + 1..])
    } else {
        let cut = text.find(['.', ')'])?;
        let format = if text[cut..].starts_with('.') {
            EnumFormat::Period
        } else {
            EnumFormat::Paren
        };
        (&text[..cut], format, &text[cut + 1..])
    };
    if !is_enum_value(body) {
        return None;
    }
    let spaces = rest.len() - rest.trim_start_matches(' ').len();
    if !rest.is_empty() && spaces == 0 {
        return None;
    }
    let width = text.len() - rest.len() + spaces; // all ASCII up to here
    Some(Enumerator { format, width })
}

fn is_enum_value(s: &str) -> bool {
    let roman = |s: &str| {
        (s.chars().all(|c| "ivxlcdm".contains(c)) || s.chars().all(|c| "IVXLCDM".contains(c)))
            && s.len() <= 8
    };
    match s.len() {
        0 => false,
        1 => s == "#" || s.chars().all(|c| c.is_ascii_alphanumeric()),
        n => (n <= 9 && s.chars().all(|c| c.is_ascii_digit())) || roman(s),
    }
}

/// `(name, chars up to the body)` for a `:name: body` field marker.
pub(crate) fn field_marker(text: &str) -> Option<(String, usize)> {
    let rest = text.strip_prefix(':')?;
    if rest.starts_with([' ', ':']) {
        return None;
    }
    let mut escaped = false;
    let mut prev = ':';
    for (i, c) in rest.char_indices() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == ':' && prev != ' ' && i > 0 {
            let after = &rest[i + 1..];
            if after.is_empty() || after.starts_with(' ') {
                let name = &rest[..i];
                let spaces = after.len() - after.trim_start_matches(' ').len();
                let width = 1 + name.chars().count() + 1 + spaces;
                return Some((name.to_string(), width));
            }
        }
        prev = c;
    }
    None
}

pub(crate) fn is_line_block(text: &str) -> bool {
    text == "|" || text.starts_with("| ")
}

/// Lines that start a construct other than a paragraph.
fn starts_construct(text: &str) -> bool {
    explicit::is_explicit(text)
        || table::is_grid_top(text)
        || table::is_simple_border(text)
        || bullet_marker(text).is_some()
        || enumerator(text).is_some()
        || field_marker(text).is_some()
        || is_line_block(text)
        || adornment(text).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers() {
        assert_eq!(bullet_marker("- a"), Some(('-', 2)));
        assert_eq!(bullet_marker("*   a"), Some(('*', 4)));
        assert_eq!(bullet_marker("-"), Some(('-', 1)));
        assert_eq!(bullet_marker("--"), None);
        assert_eq!(bullet_marker("**a**"), None);
        assert_eq!(enumerator("1. a").map(|e| e.width), Some(3));
        assert_eq!(
            enumerator("(iv) a").map(|e| e.format),
            Some(EnumFormat::Enclosed)
        );
        assert_eq!(enumerator("#. a").map(|e| e.width), Some(3));
        assert!(enumerator("1.5 GB").is_none());
        assert!(enumerator("ab. c").is_none());
        assert_eq!(field_marker(":tocdepth: 2"), Some(("tocdepth".into(), 11)));
        assert_eq!(field_marker(":ref:`x` text"), None);
        assert_eq!(field_marker(":hidden:"), Some(("hidden".into(), 8)));
        assert_eq!(field_marker(": a: b"), None);
        assert_eq!(adornment("~~~~"), Some('~'));
        assert_eq!(adornment("~~=~"), None);
        assert_eq!(adornment("aaaa"), None);
    }
}
