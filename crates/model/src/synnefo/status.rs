//! Return Code tables: the status codes of an operation section.

use speclift_diag::Diagnostic;

use super::tables::Classified;
use super::{Reader, Side, cells};
use crate::ir::StatusCode;
use crate::microversion::VersionRange;

impl Reader<'_> {
    /// A Return Code table: the section's status codes.
    pub(super) fn return_codes(&mut self, t: &Classified<'_>) {
        let Some(g) = &mut self.current else { return };
        g.side = Side::Response;
        for row in t.rows {
            let code_cell = t.cell(row, 0);
            if code_cell.trim().is_empty() {
                continue;
            }
            match cells::return_code(code_cell) {
                Ok((code, reason)) => {
                    let text = t.description.map(|i| t.cell(row, i)).unwrap_or("");
                    let described = crate::md::inline(&reasons(text));
                    let description = if described.is_empty() {
                        if reason.is_empty() { StatusCode::reason_phrase(code).to_string() } else { reason }
                    } else {
                        described
                    };
                    if g.statuses.iter().any(|s| s.code == code) {
                        continue;
                    }
                    g.statuses.push(StatusCode {
                        code,
                        success: (200..300).contains(&code),
                        description,
                        microversions: VersionRange::default(),
                        location: row.location.clone(),
                    });
                }
                Err(message) => self.diags.push(
                    Diagnostic::error(t.cell_location(row, 0), message).with_rule(speclift_diag::Rule::InvalidStatusEntry)
                        .with_hint("write the return code as `200 (OK)`: a three-digit HTTP status, then its reason"),
                ),
            }
        }
        g.last_list = None;
    }
}

/// A description cell: lines wrapped from one sentence are joined; lines
/// that each start a capitalised phrase (`\\` rows under `400 (Bad
/// Request)`: `No name header`, `Illegal header value`) list reasons, joined
/// with `; `.
fn reasons(text: &str) -> String {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && *l != "\\")
        .collect();
    let listed = lines.len() > 1
        && lines
            .iter()
            .skip(1)
            .all(|l| l.starts_with(char::is_uppercase));
    if listed {
        lines.join("; ")
    } else {
        cells::join_lines(text)
    }
}

#[cfg(test)]
mod tests {
    use super::reasons;

    #[test]
    fn listed_reasons_and_wrapped_sentences() {
        assert_eq!(
            reasons("No name header\nIllegal header value"),
            "No name header; Illegal header value"
        );
        assert_eq!(
            reasons("Raised in case of\ninvalid values"),
            "Raised in case of invalid values"
        );
        assert_eq!(reasons(""), "");
    }
}
