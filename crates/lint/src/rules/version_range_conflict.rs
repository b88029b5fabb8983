//! SL016 `version-range-conflict` ([`Rule::VersionRangeConflict`](super::Rule)).
//!
//! ## What it does
//! On the model: reports a parameter of an operation whose microversion
//! range (`min_version`/`max_version` in parameters.yaml) cannot meet the
//! operation's own range.
//!
//! ## Why is this bad?
//! See `speclift rules --explain SL016` (the registry holds the one text).
//!
//! ## Example
//! ```rst
//! .. rest_method:: POST /v3/{project_id}/things
//!    max_version: 3.10
//! ```
//! with `name:` in parameters.yaml at `min_version: 3.20`.

use speclift_diag::Diagnostic;
use speclift_model::{Operation, Parameter, VersionRange};

use super::operation_label as label;
use crate::rules::VERSION_CONFLICT;

/// Why `p`'s range and `op`'s cannot overlap, if they cannot.
fn conflict(p: &VersionRange, op: &VersionRange) -> Option<String> {
    if let (Some(pmax), Some(omin)) = (p.max, op.min)
        && pmax < omin
    {
        return Some(format!(
            "its max_version {pmax} is below the operation's min_version {omin}"
        ));
    }
    if let (Some(pmin), Some(omax)) = (p.min, op.max)
        && pmin > omax
    {
        return Some(format!(
            "its min_version {pmin} is above the operation's max_version {omax}"
        ));
    }
    None
}

pub fn check(op: &Operation, out: &mut Vec<Diagnostic>) {
    let params: Vec<&Parameter> = op
        .request
        .parameters
        .iter()
        .chain(&op.request.body)
        .chain(
            op.responses
                .iter()
                .flat_map(|r| r.headers.iter().chain(&r.body)),
        )
        .collect();
    let mut seen = Vec::new();
    for p in params {
        let Some(why) = conflict(&p.microversions, &op.microversions) else {
            continue;
        };
        // Response parameters repeat per success code.
        if seen.contains(&&p.location) {
            continue;
        }
        seen.push(&p.location);
        let defined = p
            .definition
            .as_ref()
            .map_or_else(String::new, |d| format!(" (defined at {d})"));
        out.push(
            Diagnostic::warning(
                p.location.clone(),
                format!(
                    "`{}` can never apply to `{}`: {why}",
                    p.name,
                    label(op)
                ),
            )
            .with_code(VERSION_CONFLICT)
            .with_hint(format!(
                "fix the versions of `{}`{defined} ({}) or of the operation ({}), or use another key",
                p.key,
                p.microversions,
                op.microversions
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conflicting_ranges() {
        let op = VersionRange::between(Some((3, 27)), None);
        assert!(
            conflict(&VersionRange::between(None, Some((3, 20))), &op)
                .is_some_and(|w| w.contains("3.20"))
        );
        assert!(
            conflict(
                &VersionRange::between(Some((3, 30)), None),
                &VersionRange::between(None, Some((3, 29)))
            )
            .is_some()
        );
    }

    #[test]
    fn overlapping_ranges_pass() {
        let op = VersionRange::between(Some((3, 27)), Some((3, 50)));
        assert!(conflict(&VersionRange::between(None, Some((3, 27))), &op).is_none());
        assert!(conflict(&VersionRange::between(Some((3, 50)), None), &op).is_none());
        assert!(conflict(&VersionRange::between(None, None), &op).is_none());
        assert!(
            conflict(
                &VersionRange::between(Some((3, 1)), None),
                &VersionRange::between(None, None)
            )
            .is_none()
        );
    }
}
