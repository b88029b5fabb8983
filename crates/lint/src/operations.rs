//! Rules on whole operations, read from the model: parameters whose
//! microversion range cannot meet the operation's (SL016), operations that
//! state no microversion while all their body parameters do (SL017), and
//! response bodies documented by a table but shown by no sample (SL032).

use speclift_diag::Diagnostic;
use speclift_model::{Api, Operation, Parameter, VersionRange};

use crate::rules::{MISSING_RESPONSE_SAMPLE, OPERATION_VERSION_UNSTATED, VERSION_CONFLICT};

pub fn check(api: &Api, out: &mut Vec<Diagnostic>) {
    for op in &api.operations {
        check_versions(op, out);
        check_unstated_version(op, out);
        check_response_sample(op, out);
    }
}

/// SL017: no `min_version` on the operation, one on every body parameter.
fn check_unstated_version(op: &Operation, out: &mut Vec<Diagnostic>) {
    if op.microversions.min.is_some() {
        return;
    }
    let mut body = op
        .request
        .body
        .iter()
        .chain(op.responses.iter().flat_map(|r| &r.body))
        .peekable();
    if body.peek().is_none() {
        return;
    }
    let mins: Option<Vec<_>> = body.map(|p| p.microversions.min).collect();
    let Some(lowest) = mins.and_then(|m| m.into_iter().min()) else {
        return;
    };
    out.push(
        Diagnostic::warning(
            op.location.clone(),
            format!(
                "`{}` states no min_version, but every body parameter it documents starts at {lowest} or later: below it the page documents no body (or no operation)",
                label(op)
            ),
        )
        .with_code(OPERATION_VERSION_UNSTATED)
        .with_hint(format!(
            "add `min_version: {lowest}` on the line under the `rest_method` (indented, no blank line), or document the body the operation has before {lowest}"
        )),
    );
}

fn label(op: &Operation) -> String {
    format!("{} {}", op.method.as_str(), op.path)
}

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

fn check_versions(op: &Operation, out: &mut Vec<Diagnostic>) {
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

fn check_response_sample(op: &Operation, out: &mut Vec<Diagnostic>) {
    let success = || op.responses.iter().filter(|r| r.status.success);
    let Some(with_body) = success().find(|r| !r.body.is_empty()) else {
        return;
    };
    if success().any(|r| !r.samples.is_empty()) {
        return;
    }
    let table = with_body.body.first().map(|p| &p.location);
    let at = if with_body.status.location == op.location {
        table.unwrap_or(&op.location)
    } else {
        &with_body.status.location
    };
    let from = table.map_or_else(String::new, |t| format!(" (table at line {})", t.line));
    out.push(
        Diagnostic::warning(
            at.clone(),
            format!(
                "`{}` documents a {} response body{from} but shows no response sample",
                label(op),
                with_body.status.code
            ),
        )
        .with_code(MISSING_RESPONSE_SAMPLE)
        .with_hint(
            "add a `.. literalinclude::` of a response sample under a \"Response Example\" heading",
        ),
    );
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
