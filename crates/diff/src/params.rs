//! Parameter changes within one operation, with rename detection.

use std::collections::BTreeMap;

use crate::schema::{self, Direction};
use crate::spec::{self, Param};
use crate::{Cx, Severity};

/// Order of `in` values in output: the order os-api-ref tables use.
fn in_rank(location: &str) -> usize {
    ["header", "path", "query", "cookie"]
        .iter()
        .position(|l| *l == location)
        .unwrap_or(usize::MAX)
}

pub(crate) fn compare(cx: &mut Cx, old: &[Param], new: &[Param]) {
    let old_by_key: BTreeMap<_, _> = old.iter().map(|p| (p.key(), p)).collect();
    let new_by_key: BTreeMap<_, _> = new.iter().map(|p| (p.key(), p)).collect();

    for (key, o) in &old_by_key {
        if let Some(n) = new_by_key.get(key) {
            compare_one(cx, o, n);
        }
    }

    let mut removed: Vec<&Param> = old_by_key
        .iter()
        .filter(|(k, _)| !new_by_key.contains_key(*k))
        .map(|(_, p)| *p)
        .collect();
    let mut added: Vec<&Param> = new_by_key
        .iter()
        .filter(|(k, _)| !old_by_key.contains_key(*k))
        .map(|(_, p)| *p)
        .collect();

    // The same name on both sides under another `in`: moved, not removed.
    let mut moved = Vec::new();
    removed.retain(|o| match added.iter().position(|n| n.name == o.name) {
        Some(i) => {
            moved.push((*o, added.remove(i)));
            false
        }
        None => true,
    });
    for (o, n) in moved {
        cx.report(
            "parameter-in-changed",
            Severity::Breaking,
            n.pointer.clone(),
            format!(
                "parameter `{}` moved from {} to {}",
                n.name, o.location, n.location
            ),
        );
    }

    removed.sort_by_key(|p| (in_rank(p.location), p.location, p.name));
    added.sort_by_key(|p| (in_rank(p.location), p.location, p.name));
    for o in &removed {
        cx.report(
            "parameter-removed",
            Severity::Breaking,
            o.pointer.clone(),
            format!("{} parameter `{}` removed", o.location, o.name),
        );
    }
    rename_hints(cx, &removed, &added);
    for n in &added {
        let (id, severity, what) = if n.required {
            ("parameter-added-required", Severity::Breaking, "required")
        } else {
            ("parameter-added", Severity::NonBreaking, "optional")
        };
        cx.report(
            id,
            severity,
            n.pointer.clone(),
            format!("{what} {} parameter `{}` added", n.location, n.name),
        );
    }
}

/// Removals and additions under the same `in` are most likely a rename
/// (`sort_key`, `sort_dir` → `sort`); say so, since clients must follow.
fn rename_hints(cx: &mut Cx, removed: &[&Param], added: &[&Param]) {
    let mut locations: Vec<&str> = removed.iter().map(|p| p.location).collect();
    locations.dedup();
    for location in locations {
        let gone: Vec<_> = removed.iter().filter(|p| p.location == location).collect();
        let came: Vec<_> = added.iter().filter(|p| p.location == location).collect();
        let Some(first) = came.first() else { continue };
        let names = |ps: &[&&Param]| {
            ps.iter()
                .map(|p| format!("`{}`", p.name))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let plural = if gone.len() + came.len() > 2 { "s" } else { "" };
        cx.report(
            "parameter-renamed",
            Severity::Breaking,
            first.pointer.clone(),
            format!(
                "{location} parameter{plural} {} replaced by {}: clients must send {} instead",
                names(&gone),
                names(&came),
                names(&came)
            ),
        );
    }
}

fn compare_one(cx: &mut Cx, old: &Param, new: &Param) {
    let what = format!("{} parameter `{}`", new.location, new.name);
    match (old.required, new.required) {
        (false, true) => cx.report(
            "parameter-became-required",
            Severity::Breaking,
            new.pointer.clone(),
            format!("{what} became required"),
        ),
        (true, false) => cx.report(
            "parameter-became-optional",
            Severity::NonBreaking,
            new.pointer.clone(),
            format!("{what} became optional"),
        ),
        _ => {}
    }
    cx.report_range(
        (
            "parameter-microversion-narrowed",
            "parameter-microversion-widened",
        ),
        new.pointer.clone(),
        (spec::range(old.value), spec::range(new.value)),
        &format!("{what} now accepted in"),
    );
    if let (Some(o), Some(n)) = (old.schema, new.schema) {
        schema::compare_scalar(
            cx,
            Direction::Parameter,
            o,
            n,
            &format!("{}/schema", new.pointer),
            &what,
        );
    }
}
