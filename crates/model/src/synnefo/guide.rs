//! The guide as a whole: its name and title, the intro as the API
//! description, and the first pass that indexes section ids and the
//! attribute tables links can point to ("Index of Attributes").

use std::path::Path;

use speclift_diag::Location;
use speclift_rst::{Block, BlockKind, Document};

use super::params::{apply_notes, table_params};
use super::tables::{self, Kind};
use super::{Reader, cells};
use crate::ir::{Api, ParamIn, Parameter};

impl Reader<'_> {
    pub(super) fn read(mut self, doc: &Document) -> Api {
        let blocks = flatten(&doc.blocks);
        self.index_sections(&blocks);
        let title_at = blocks
            .iter()
            .position(|b| matches!(b.kind, BlockKind::Section { .. }));
        let (title, source) = match title_at.and_then(|i| blocks.get(i)) {
            Some(Block {
                kind: BlockKind::Section { title, .. },
                location,
            }) => (crate::text::plain(title), location.clone()),
            _ => (String::new(), Location::file_start(self.file)),
        };
        let intro_end = title_at
            .and_then(|t| {
                blocks
                    .iter()
                    .skip(t + 1)
                    .position(|b| matches!(b.kind, BlockKind::Section { .. }))
                    .map(|p| p + t + 1)
            })
            .unwrap_or(blocks.len());
        let intro: Vec<Block> = blocks
            .get(title_at.map_or(0, |t| t + 1)..intro_end)
            .unwrap_or_default()
            .iter()
            .map(|b| (*b).clone())
            .collect();
        let intro = crate::md::blocks(&intro);

        for block in &blocks {
            self.block(block);
        }
        self.close_group();
        let operations = self.operations();

        let name = api_name(&title, self.file);
        let mut description = intro;
        if let Some((base, _)) = self
            .bases
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        {
            if !description.is_empty() {
                description.push_str("\n\n");
            }
            description.push_str(&format!(
                "The guide documents paths without the service's base URL; its examples \
                 address the service at `{base}`."
            ));
        }
        Api {
            name,
            title: if is_generic_title(&title) || title.is_empty() {
                let stem = file_stem(self.file);
                if title.is_empty() {
                    stem
                } else {
                    format!("{title} ({stem})")
                }
            } else {
                title
            },
            description,
            dialect: "synnefo".into(),
            source,
            microversions: None,
            tags: self.tags,
            operations,
        }
    }

    /// First pass: section ids, and the attribute tables of sections that
    /// can be linked to (the "Index of Attributes").
    pub(super) fn index_sections(&mut self, blocks: &[&Block]) {
        let mut targets: Vec<String> = Vec::new();
        let mut scratch = Vec::new();
        for (i, block) in blocks.iter().enumerate() {
            match &block.kind {
                BlockKind::Target { name, url: None } => targets.push(name.to_ascii_lowercase()),
                BlockKind::Section { title, .. } => {
                    let mut ids = std::mem::take(&mut targets);
                    ids.push(cells::section_id(title));
                    for id in &ids {
                        self.section_titles
                            .entry(id.clone())
                            .or_insert_with(|| crate::text::plain(title));
                    }
                    let body = blocks
                        .get(i + 1..)
                        .unwrap_or_default()
                        .iter()
                        .take_while(|b| !matches!(b.kind, BlockKind::Section { .. }));
                    let mut params: Vec<Parameter> = Vec::new();
                    let mut found = false;
                    for b in body {
                        match &b.kind {
                            BlockKind::Table(t) if !found => {
                                if let Some(c) = tables::classify(t, &mut scratch)
                                    && matches!(c.kind, Kind::Attributes { .. })
                                {
                                    params = table_params(&c, ParamIn::Body);
                                    found = true;
                                }
                            }
                            BlockKind::BulletList { items } if found => {
                                let _ = apply_notes(items, &mut params);
                            }
                            _ => {}
                        }
                    }
                    if found {
                        for id in ids {
                            self.attributes.entry(id).or_insert_with(|| params.clone());
                        }
                    }
                }
                _ => targets.clear(),
            }
        }
    }
}

/// Blocks in reading order, with block quotes opened (the guides indent
/// some tables and examples).
pub(super) fn flatten(blocks: &[Block]) -> Vec<&Block> {
    let mut out = Vec::new();
    for b in blocks {
        match &b.kind {
            BlockKind::BlockQuote { blocks } => out.extend(flatten(blocks)),
            _ => out.push(b),
        }
    }
    out
}

pub(super) fn is_generic_title(title: &str) -> bool {
    matches!(
        crate::text::slug(title).as_str(),
        "api-guide" | "api" | "guide" | "api-reference" | "reference" | "index"
    )
}

pub(super) fn file_stem(file: &Path) -> String {
    file.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The slug of the guide's title, or of its file name when the title is
/// as generic as "API Guide" (all three Synnefo guides are titled so).
pub(super) fn api_name(title: &str, file: &Path) -> String {
    if is_generic_title(title) || title.trim().is_empty() {
        let stem = file_stem(file);
        if !stem.is_empty() {
            return crate::text::slug(&stem);
        }
    }
    crate::text::slug(title)
}
