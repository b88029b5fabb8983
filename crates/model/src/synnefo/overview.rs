//! The "API Operations" overview: its tables, one per rubric (→ tag), and
//! the check that an operation's own support marks agree with it.

use serde_json::Value;
use speclift_diag::{Diagnostic, Location};

use super::tables::Classified;
use super::{OverviewRow, Reader, VENDOR_KEY, cells};
use crate::ir::{Operation, Tag};

impl Reader<'_> {
    pub(super) fn add_tag(&mut self, name: &str, at: &Location) {
        if !self.tags.iter().any(|t| t.name == name) {
            // The enclosing section (a rubric's own, or the one around the
            // section that is the tag), never the document's title.
            let open = self.sections.len();
            let own = self.sections.last().is_some_and(|s| s.title == name);
            let parent = open
                .checked_sub(if own { 2 } else { 1 })
                .filter(|&i| i >= 1)
                .and_then(|i| self.sections.get(i))
                .map(|s| s.title.clone());
            self.tags.push(Tag {
                name: name.to_string(),
                description: String::new(),
                location: at.clone(),
                parent,
                status_tables: Vec::new(),
            });
        }
    }

    pub(super) fn overview_table(&mut self, t: &Classified<'_>) {
        let tag = self
            .rubric_tag
            .clone()
            .or_else(|| self.sections.last().map(|s| s.title.clone()))
            .unwrap_or_else(|| "Operations".into());
        if let Some(at) = t.rows.first().map(|r| r.location.clone()) {
            self.add_tag(&tag, &at);
        }
        let description = t.description.or_else(|| {
            // The overview's Description column is the first one.
            Some(0).filter(|&i| Some(i) != t.uri && Some(i) != t.method)
        });
        let mut previous: Option<(String, Option<String>)> = None;
        let mut section_rows = Vec::new();
        for row in t.rows {
            let text = description.map(|i| t.cell(row, i)).unwrap_or("").trim();
            let (summary, anchor) = if text.is_empty() || text == "\\" {
                previous.clone().unwrap_or_default()
            } else {
                let first_line = text.lines().next().unwrap_or("");
                (
                    crate::text::plain(first_line),
                    cells::anchors(first_line).into_iter().next(),
                )
            };
            previous = Some((summary.clone(), anchor.clone()));
            for op in self.op_rows(t, row) {
                section_rows.push(op.clone());
                self.overview.push(OverviewRow {
                    op,
                    tag: tag.clone(),
                    summary: summary.clone(),
                    anchor: anchor.clone(),
                });
            }
        }
        if let Some(s) = self.sections.last() {
            self.section_rows = Some((s.level, s.title.clone(), section_rows));
        }
    }

    /// A URI/Method/Description table followed, in its own section, by
    /// request or response tables was that section's URI table (`Uri |
    /// Method | Description` in the Pithos guide): its rows are the
    /// section's operations.
    pub(super) fn promote_section_rows(&mut self) {
        let here = self.sections.last().map(|s| (s.level, s.title.clone()));
        let Some((level, title, rows)) = self.section_rows.take() else {
            return;
        };
        if here != Some((level, title)) || rows.is_empty() {
            return;
        }
        self.open_group();
        if let Some(g) = &mut self.current {
            g.ops.extend(rows);
        }
    }

    /// Checks an overview row's support marks against its operation's.
    /// `others` are the other overview rows naming the same operation: an
    /// overview may list one method and path twice (`Create` ✔, `Bulk
    /// creation` ✘); a row that disagrees while another agrees is such a
    /// variant, kept in the operation's vendor data, not a contradiction.
    pub(super) fn compare_support(
        &mut self,
        o: &OverviewRow,
        others: &[&OverviewRow],
        op: &mut Operation,
    ) {
        let Some(Value::Object(documented)) = op.extensions.get_mut(VENDOR_KEY) else {
            return;
        };
        let agrees = |row: &OverviewRow| {
            row.op
                .support
                .iter()
                .all(|(key, listed)| documented.get(key).is_none_or(|said| said == listed))
        };
        if agrees(o) {
            return;
        }
        if others.iter().any(|r| agrees(r)) {
            let mut variant = o.op.support.clone();
            variant.insert("summary".into(), Value::String(o.summary.clone()));
            let list = documented
                .entry("variants")
                .or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(items) = list {
                items.push(Value::Object(variant));
            }
            return;
        }
        for (key, listed) in &o.op.support {
            if let Some(said) = documented.get(key)
                && said != listed
            {
                self.diags.push(
                    Diagnostic::warning(
                        op.location.clone(),
                        format!(
                            "`{} {}`: the operation's table says {key} {} but the API Operations overview (line {}) says {}",
                            op.method.as_str(),
                            op.path,
                            yes_no(said),
                            o.op.location.line,
                            yes_no(listed)
                        ),
                    ).with_rule(speclift_diag::Rule::OverviewContradiction)
                    .with_hint("make the support marks agree; the operation's own table is used"),
                );
            }
        }
    }
}

pub(super) fn yes_no(v: &Value) -> &'static str {
    if v.as_bool() == Some(true) {
        "✔"
    } else {
        "✘"
    }
}
