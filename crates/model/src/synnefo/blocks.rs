//! The second pass over a guide's blocks: what each block means where it
//! stands. Sections and rubrics open operations or tags and say which side
//! (request/response) follows; paragraphs and bullet lists become
//! descriptions or notes; tables are handed to the table readers.

use speclift_diag::Location;
use speclift_rst::{Block, BlockKind, Directive, ListItem};

use super::params::apply_notes;
use super::tables::{self, Kind};
use super::{Reader, SectionInfo, Side, cells};

impl Reader<'_> {
    pub(super) fn block(&mut self, block: &Block) {
        let keep_title = matches!(&block.kind, BlockKind::Directive(d) if is_code(d))
            || matches!(block.kind, BlockKind::LiteralBlock { .. });
        let title = if keep_title {
            self.pending_title.take()
        } else {
            None
        };
        if !matches!(block.kind, BlockKind::Paragraph { .. }) {
            self.pending_title = None;
        }
        match &block.kind {
            BlockKind::Section { title, level } => self.section(title, *level, &block.location),
            BlockKind::Target { name, .. } => self.pending_targets.push(name.to_ascii_lowercase()),
            BlockKind::Directive(d) if d.name == "rubric" => {
                self.rubric(&d.argument, &block.location)
            }
            BlockKind::Directive(d) if is_code(d) => {
                let language = d.argument.trim().to_ascii_lowercase();
                if !language.is_empty()
                    && !["json", "javascript", "js", "xml"].contains(&language.as_str())
                {
                    return;
                }
                // An example after a `URI | Method | Description` table in
                // its own section: that table was the section's operation.
                if self.current.is_none() {
                    self.promote_section_rows();
                }
                let lines: Vec<&str> = d.content.iter().map(|l| l.text.as_str()).collect();
                let locations: Vec<Location> =
                    d.content.iter().map(|l| l.location.clone()).collect();
                self.example(&lines, &locations, title, &block.location, true);
            }
            BlockKind::LiteralBlock { text } => {
                let lines: Vec<&str> = text.lines().collect();
                let locations: Vec<Location> = (0..lines.len())
                    .map(|i| block.location.below(i as u32, block.location.column))
                    .collect();
                // After an example title (`Example ``format=json`` reply::`)
                // it is an example; otherwise a body description.
                let titled = title.is_some();
                if titled && self.current.is_none() {
                    self.promote_section_rows();
                }
                self.example(&lines, &locations, title, &block.location, titled);
            }
            BlockKind::Paragraph { text } => self.paragraph(text, block),
            BlockKind::BulletList { items } => self.bullets(items, block),
            BlockKind::Table(t) => self.table(t, block),
            BlockKind::Comment { .. } | BlockKind::LineBlock { .. } | BlockKind::Transition => {}
            _ => self.describe(block),
        }
    }

    pub(super) fn section(&mut self, title: &str, level: usize, at: &Location) {
        if self.current.as_ref().is_some_and(|g| level <= g.level) {
            self.close_group();
        }
        if let Some(g) = &mut self.current {
            // A subsection of an operation (server actions, personality):
            // its body text is request text again.
            g.side = Side::Request;
            g.in_subsection = true;
            g.description
                .push(format!("#### {}", crate::md::inline(title)));
        }
        while self.sections.last().is_some_and(|s| s.level >= level) {
            self.sections.pop();
        }
        let mut ids = std::mem::take(&mut self.pending_targets);
        ids.push(cells::section_id(title));
        self.sections.push(SectionInfo {
            title: crate::text::plain(title),
            level,
            ids,
            location: Some(at.clone()),
        });
        self.prose.clear();
        self.section_rows = None;
        self.method_section(title, at);
    }

    pub(super) fn rubric(&mut self, argument: &str, at: &Location) {
        let name = crate::text::plain(argument);
        let lower = name.to_ascii_lowercase();
        let side = if lower.starts_with("request") {
            Some(Side::Request)
        } else if lower.starts_with("respon") {
            Some(Side::Response)
        } else {
            None
        };
        match (&mut self.current, side) {
            (Some(g), Some(side)) => g.side = side,
            (Some(_), None) | (None, Some(_)) => {}
            (None, None) => {
                if !name.is_empty() {
                    self.add_tag(&name, at);
                    self.rubric_tag = Some(name);
                }
            }
        }
    }

    pub(super) fn paragraph(&mut self, text: &str, block: &Block) {
        let trimmed = text.trim();
        let lower = trimmed.to_ascii_lowercase();
        if is_example_title(trimmed) {
            self.pending_title = Some(
                crate::text::plain(trimmed)
                    .trim_end_matches(':')
                    .trim()
                    .to_string(),
            );
            return;
        }
        if let Some(g) = &mut self.current {
            if lower.starts_with("request body") {
                g.side = Side::Request;
                return;
            }
            if lower.starts_with("response body") || lower.starts_with("response code") {
                g.side = Side::Response;
                return;
            }
            if g.side == Side::Response {
                for anchor in cells::anchors(trimmed) {
                    if self.attributes.contains_key(&anchor) && !g.response_links.contains(&anchor)
                    {
                        g.response_links.push(anchor);
                    }
                }
            }
        }
        self.describe(block);
    }

    pub(super) fn bullets(&mut self, items: &[ListItem], block: &Block) {
        let Some(g) = &mut self.current else {
            self.level_bullets(items);
            self.describe(block);
            return;
        };
        let unmatched = match g.last_list {
            Some(which) => apply_notes(items, g.list_mut(which)),
            None => items.iter().collect(),
        };
        // Notes may also name path parameters (`**server-id** is …`) or
        // fields of the request body documented by a template only.
        let rest: Vec<Block> = unmatched
            .into_iter()
            .map(|item| Block {
                kind: BlockKind::BulletList {
                    items: vec![item.clone()],
                },
                location: item.location.clone(),
            })
            .collect();
        if !rest.is_empty() {
            let md = crate::md::blocks(&rest);
            if !md.trim().is_empty() {
                g.description.push(md);
            }
        }
    }

    /// Prose (paragraphs, notes, other blocks) for the current operation's
    /// description, or the current section's, which becomes it.
    pub(super) fn describe(&mut self, block: &Block) {
        let md = crate::md::blocks(std::slice::from_ref(block));
        if md.trim().is_empty() {
            return;
        }
        match &mut self.current {
            Some(g) => g.description.push(md),
            None => self.prose.push(md),
        }
    }

    pub(super) fn table(&mut self, table: &speclift_rst::Table, block: &Block) {
        let Some(t) = tables::classify(table, self.diags) else {
            return;
        };
        match &t.kind {
            Kind::Operations { overview: true } => self.overview_table(&t),
            Kind::Operations { overview: false } => self.operations_table(&t),
            Kind::MethodList => self.method_list(&t),
            Kind::Other => {}
            kind => {
                let kind = kind.clone();
                if self.current.is_none() && !matches!(kind, Kind::Attributes { .. }) {
                    self.promote_section_rows();
                }
                if self.current.is_none() {
                    // Index-of-attributes and other reference tables: read
                    // in the first pass, where links can find them.
                    return;
                }
                self.parameter_table(&t, &kind, block);
            }
        }
    }
}

pub(super) fn is_code(d: &Directive) -> bool {
    matches!(d.name.as_str(), "code" | "code-block" | "sourcecode")
}

/// `*Example Attach Volume Request: JSON*`, `**Example**`.
pub(super) fn is_example_title(text: &str) -> bool {
    let inner = text.trim_matches('*').trim();
    let emphasised = text.starts_with('*') && text.ends_with('*') && !text.contains('\n');
    (emphasised || text.starts_with("Example")) && inner.to_ascii_lowercase().starts_with("example")
}
