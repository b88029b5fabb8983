//! Resources told by "level" rather than by URI table, as the Pithos
//! guide does: a bullet list names each level's URI (`Account level:
//! ``https://hostname/v1/<account>```), a section per level lists its
//! methods (`Operation | Description`), and a subsection titled by a
//! method (`HEAD`, `COPY`) documents each.

use speclift_diag::{Diagnostic, Location};
use speclift_rst::{BlockKind, ListItem};

use super::tables::Classified;
use super::{OpRow, OverviewRow, Reader, cells};

/// One level: its name as the bullet says it and its URI as a path.
#[derive(Clone, Debug)]
pub(super) struct Level {
    /// `account`, from `Account level`.
    pub name: String,
    /// `/<account>`: the URI without the origin and the prefix all levels
    /// share.
    pub path: String,
    /// `https://hostname/v1/<account>`, as written.
    pub written: String,
}

impl Reader<'_> {
    /// A bullet list naming two or more levels' URIs defines them.
    pub(super) fn level_bullets(&mut self, items: &[ListItem]) {
        let found: Vec<(String, String)> = items.iter().filter_map(level_item).collect();
        if found.len() < 2 {
            return;
        }
        let paths: Vec<String> = found.iter().map(|(_, url)| url_path(url)).collect();
        let common = common_prefix(&paths);
        for ((name, url), path) in found.into_iter().zip(paths) {
            let rest = path.get(common.len()..).unwrap_or("");
            let path = if rest.is_empty() {
                "/".to_string()
            } else {
                rest.to_string()
            };
            self.levels.push(Level {
                name,
                path,
                written: url,
            });
        }
    }

    /// The level the innermost enclosing section (the current one
    /// excluded when `outer`) stands for.
    pub(super) fn level_of_sections(&self, outer: bool) -> Option<&Level> {
        let skip = usize::from(outer);
        self.sections.iter().rev().skip(skip).find_map(|s| {
            let title = level_name(&s.title);
            self.levels.iter().find(|l| l.name == title)
        })
    }

    /// A section titled by a method inside a level's section documents
    /// that method on the level's URI.
    pub(super) fn method_section(&mut self, title: &str, at: &Location) {
        let plain = crate::text::plain(title);
        let word = plain.trim();
        if !cells::method_word(word) || word.contains(char::is_whitespace) {
            return;
        }
        let Some(level) = self.level_of_sections(true).cloned() else {
            return;
        };
        let Ok(uri) = cells::uri(&level.path) else {
            return;
        };
        let Some(methods) = self.methods(word, at) else {
            return;
        };
        self.open_group();
        let listed = |o: &OverviewRow, m| o.op.method == m && o.op.uri.path == uri.path;
        let summaries: Vec<String> = methods
            .iter()
            .filter_map(|&m| self.overview.iter().find(|o| listed(o, m)))
            .map(|o| o.summary.clone())
            .filter(|s| !s.is_empty())
            .collect();
        if let Some(g) = &mut self.current {
            if let [summary] = summaries.as_slice() {
                g.title = summary.clone();
            } else {
                g.title = format!("{word} ({})", g.parent_title);
            }
            for method in methods {
                g.ops.push(OpRow {
                    method,
                    uri: uri.clone(),
                    support: serde_json::Map::new(),
                    unsupported_by: None,
                    location: at.clone(),
                });
            }
        }
    }

    /// `Operation | Description` in a level's section: the level's
    /// operations, as an overview lists them.
    pub(super) fn method_list(&mut self, t: &Classified<'_>) {
        let Some(level) = self.level_of_sections(false).cloned() else {
            if let Some(row) = t.rows.first() {
                self.diags.push(
                    Diagnostic::warning(
                        row.location.clone(),
                        "this table lists methods but no URI is known for its section",
                    ).with_rule(speclift_diag::Rule::MethodsWithoutUri)
                    .with_hint(
                        "name the section after a level listed with its URI (`* Account level: ``https://host/v1/<account>```), or add a URI column",
                    ),
                );
            }
            return;
        };
        let Ok(uri) = cells::uri(&level.path) else {
            return;
        };
        let tag = self
            .sections
            .last()
            .map(|s| s.title.clone())
            .unwrap_or_default();
        if let Some(at) = self.sections.last().and_then(|s| s.location.clone()) {
            self.add_tag(&tag, &at);
            if let Some(t) = self.tags.iter_mut().find(|t| t.name == tag)
                && t.description.is_empty()
            {
                t.description = format!("Requests on `{}`.", level.written);
            }
        }
        for row in t.rows {
            let word = t.cell(row, 0).trim();
            if word.is_empty() || word == "\\" {
                continue;
            }
            let at = t.cell_location(row, 0);
            let Some(methods) = self.methods(word, &at) else {
                continue;
            };
            let summary = t
                .description
                .or(Some(1))
                .map(|i| cells::join_lines(&crate::text::plain(t.cell(row, i))))
                .unwrap_or_default();
            for method in methods {
                self.overview.push(OverviewRow {
                    op: OpRow {
                        method,
                        uri: uri.clone(),
                        support: serde_json::Map::new(),
                        unsupported_by: None,
                        location: at.clone(),
                    },
                    tag: tag.clone(),
                    summary: summary.clone(),
                    anchor: None,
                });
            }
        }
    }
}

/// `Account level: ``https://hostname/v1/<account>``` → (`account`, URL).
fn level_item(item: &ListItem) -> Option<(String, String)> {
    let text = item.blocks.iter().find_map(|b| match &b.kind {
        BlockKind::Paragraph { text } => Some(text.as_str()),
        _ => None,
    })?;
    let (name, rest) = text.split_once(':')?;
    let url = rest.trim().strip_prefix("``")?.strip_suffix("``")?.trim();
    let name = level_name(name);
    let is_uri = url.starts_with('/') || url.contains("://");
    (is_uri && !name.is_empty()).then(|| (name, url.to_string()))
}

/// `Account Level`, `account level`, `Account` → `account`.
fn level_name(title: &str) -> String {
    let lower = crate::text::plain(title).trim().to_lowercase();
    lower
        .strip_suffix(" level")
        .unwrap_or(&lower)
        .trim()
        .to_string()
}

/// `https://hostname/v1/<account>` → `/v1/<account>`.
fn url_path(url: &str) -> String {
    let after_origin = match url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("", |i| &rest[i..]),
        None => url,
    };
    let trimmed = after_origin.trim_end_matches('/');
    if trimmed.is_empty() {
        "/".to_string()
    } else {
        trimmed.to_string()
    }
}

/// The literal leading segments every path shares (`/v1`), never a
/// placeholder and never a whole path but the root.
fn common_prefix(paths: &[String]) -> String {
    let split: Vec<Vec<&str>> = paths
        .iter()
        .map(|p| p.split('/').filter(|s| !s.is_empty()).collect())
        .collect();
    let mut prefix = String::new();
    for i in 0.. {
        let Some(first) = split.first().and_then(|s| s.get(i)) else {
            break;
        };
        let shared = split.iter().all(|s| s.get(i) == Some(first));
        if !shared || first.contains(['<', '{']) {
            break;
        }
        prefix.push('/');
        prefix.push_str(first);
    }
    prefix
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn level_paths_lose_origin_and_shared_prefix() {
        assert_eq!(url_path("https://hostname/v1/"), "/v1");
        assert_eq!(url_path("https://hostname/v1/<account>"), "/v1/<account>");
        let paths = vec![
            "/v1".to_string(),
            "/v1/<account>".to_string(),
            "/v1/<account>/<container>".to_string(),
        ];
        assert_eq!(common_prefix(&paths), "/v1");
        assert_eq!(common_prefix(&["/<a>".into(), "/<a>/b".into()]), "");
    }

    #[test]
    fn level_names() {
        assert_eq!(level_name("Account Level"), "account");
        assert_eq!(level_name("Top level"), "top");
        assert_eq!(level_name("Object"), "object");
    }
}
