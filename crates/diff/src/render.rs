//! The change list as terminal text, Markdown and JSON.

use std::fmt::Write;

use crate::{Change, Severity};

fn label(severity: Severity) -> &'static str {
    match severity {
        Severity::Breaking => "breaking",
        Severity::NonBreaking => "non-breaking",
    }
}

fn summary(changes: &[Change]) -> String {
    let breaking = changes.iter().filter(|c| c.is_breaking()).count();
    let plural = if changes.len() == 1 { "" } else { "s" };
    format!(
        "{} change{plural}: {breaking} breaking, {} non-breaking",
        changes.len(),
        changes.len() - breaking
    )
}

/// Breaking changes first (what a reviewer must look at), each group in
/// diff order.
fn by_severity(changes: &[Change]) -> impl Iterator<Item = &Change> {
    let breaking = changes.iter().filter(|c| c.is_breaking());
    breaking.chain(changes.iter().filter(|c| !c.is_breaking()))
}

/// Compiler-style text: one block per change, then a summary line.
pub fn render_human(changes: &[Change]) -> String {
    if changes.is_empty() {
        return "no changes\n".into();
    }
    let mut out = String::new();
    for c in by_severity(changes) {
        let _ = writeln!(out, "{}[{}]: {}", label(c.severity), c.id(), c.message);
        if let Some(op) = &c.operation {
            let _ = writeln!(out, "  --> {op}");
        }
        let _ = writeln!(out, "   = at {}", c.location);
        out.push('\n');
    }
    let _ = writeln!(out, "{}", summary(changes));
    out
}

/// A `|` would end a Markdown table cell; backticks stay (code spans).
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// A pull-request comment: a summary and one table per severity.
pub fn render_markdown(changes: &[Change]) -> String {
    let mut out = String::from("## API changes\n\n");
    if changes.is_empty() {
        out.push_str("No changes.\n");
        return out;
    }
    let _ = writeln!(out, "{}\n", summary(changes));
    for (severity, title) in [
        (Severity::Breaking, "Breaking changes"),
        (Severity::NonBreaking, "Non-breaking changes"),
    ] {
        let group: Vec<_> = changes.iter().filter(|c| c.severity == severity).collect();
        if group.is_empty() {
            continue;
        }
        let _ = writeln!(out, "### {title}\n");
        out.push_str("| Operation | Change | Details |\n|---|---|---|\n");
        for c in group {
            let op = c
                .operation
                .as_deref()
                .map_or(String::new(), |o| format!("`{}`", cell(o)));
            let _ = writeln!(out, "| {op} | `{}` | {} |", c.id(), cell(&c.message));
        }
        out.push('\n');
    }
    out
}

/// The changes as a pretty-printed JSON array, in diff order.
pub fn render_json(changes: &[Change]) -> String {
    serde_json::to_string_pretty(changes).unwrap_or_else(|_| "[]".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ChangeKind;

    fn change(kind: ChangeKind, severity: Severity, message: &str) -> Change {
        Change {
            kind,
            severity,
            operation: Some("GET /a|b".into()),
            location: "/paths/~1a".into(),
            message: message.into(),
        }
    }

    #[test]
    fn human_puts_breaking_first_and_summarises() {
        let cs = [
            change(ChangeKind::OperationAdded, Severity::NonBreaking, "added"),
            change(ChangeKind::OperationRemoved, Severity::Breaking, "removed"),
        ];
        let out = render_human(&cs);
        let removed = out
            .find("breaking[operation-removed]")
            .expect("breaking line");
        let added = out
            .find("non-breaking[operation-added]")
            .expect("non-breaking line");
        assert!(removed < added, "{out}");
        assert!(
            out.ends_with("2 changes: 1 breaking, 1 non-breaking\n"),
            "{out}"
        );
        assert_eq!(render_human(&[]), "no changes\n");
    }

    #[test]
    fn markdown_escapes_cells() {
        let cs = [change(
            ChangeKind::OperationRemoved,
            Severity::Breaking,
            "a | b",
        )];
        let out = render_markdown(&cs);
        assert!(
            out.contains("| `GET /a\\|b` | `operation-removed` | a \\| b |"),
            "{out}"
        );
        assert!(!out.contains("Non-breaking changes"), "{out}");
    }

    #[test]
    fn json_uses_kebab_case_severity() {
        let cs = [change(
            ChangeKind::OperationAdded,
            Severity::NonBreaking,
            "x",
        )];
        let v: serde_json::Value = serde_json::from_str(&render_json(&cs)).expect("json");
        assert_eq!(v[0]["severity"], "non-breaking");
        assert_eq!(v[0]["id"], "operation-added");
    }
}
