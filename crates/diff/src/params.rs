//! Parameter changes within one operation, with rename detection.

use std::collections::BTreeMap;

use crate::schema::{self, Direction};
use crate::spec::{self, Param};
use crate::{ChangeKind, Cx, Severity};

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
            ChangeKind::ParameterInChanged,
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
    // A rename is one change: its removals and additions are not reported
    // again on their own.
    let renames = renames(&removed, &added);
    let renamed = |p: &Param| {
        renames
            .iter()
            .any(|r| r.gone.iter().chain(&r.came).any(|q| std::ptr::eq(*q, p)))
    };
    for o in removed.iter().filter(|p| !renamed(p)) {
        cx.report(
            ChangeKind::ParameterRemoved,
            Severity::Breaking,
            o.pointer.clone(),
            format!("{} parameter `{}` removed", o.location, o.name),
        );
    }
    for rename in &renames {
        report_rename(cx, rename);
    }
    for n in added.iter().filter(|p| !renamed(p)) {
        let (id, severity, what) = if n.required {
            (
                ChangeKind::ParameterAddedRequired,
                Severity::Breaking,
                "required",
            )
        } else {
            (
                ChangeKind::ParameterAdded,
                Severity::NonBreaking,
                "optional",
            )
        };
        cx.report(
            id,
            severity,
            n.pointer.clone(),
            format!("{what} {} parameter `{}` added", n.location, n.name),
        );
    }
}

/// Parameters removed and added together under one `in`, as one change.
struct Rename<'p, 'a> {
    location: &'a str,
    gone: Vec<&'p Param<'a>>,
    came: Vec<&'p Param<'a>>,
}

/// The words of a parameter name (`sort_key` → `sort`, `key`;
/// `X-Auth-Token` → `x`, `auth`, `token`; `sortKey` → `sort`, `key`).
fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if !c.is_alphanumeric() {
            prev_lower = false;
            out.extend((!word.is_empty()).then(|| std::mem::take(&mut word)));
            continue;
        }
        if c.is_uppercase() && prev_lower {
            out.push(std::mem::take(&mut word));
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        word.extend(c.to_lowercase());
    }
    out.extend((!word.is_empty()).then_some(word));
    out
}

/// Removals and additions under the same `in` whose names share a word
/// are a rename (`sort_key`, `sort_dir` → `sort`): grouped as the
/// connected parts of the "shares a word" relation, so each parameter
/// belongs to one change. Unrelated names (`marker` removed, `page`
/// added) stay a removal and an addition.
fn renames<'p, 'a>(removed: &[&'p Param<'a>], added: &[&'p Param<'a>]) -> Vec<Rename<'p, 'a>> {
    // One-letter words (the `X` of `X-Foo`) say nothing about meaning.
    let related = |o: &Param, n: &Param| {
        o.location == n.location && {
            let theirs = words(n.name);
            words(o.name)
                .iter()
                .any(|w| w.chars().count() > 1 && theirs.contains(w))
        }
    };
    let mut gone_taken = vec![false; removed.len()];
    let mut came_taken = vec![false; added.len()];
    let mut out = Vec::new();
    for start in 0..removed.len() {
        if gone_taken[start] {
            continue;
        }
        gone_taken[start] = true;
        let (mut gone, mut came) = (vec![start], Vec::new());
        // Grow the group until neither side gains a member.
        loop {
            let before = (gone.len(), came.len());
            for (j, n) in added.iter().enumerate() {
                if !came_taken[j] && gone.iter().any(|&i| related(removed[i], n)) {
                    came_taken[j] = true;
                    came.push(j);
                }
            }
            for (i, o) in removed.iter().enumerate() {
                if !gone_taken[i] && came.iter().any(|&j| related(o, added[j])) {
                    gone_taken[i] = true;
                    gone.push(i);
                }
            }
            if (gone.len(), came.len()) == before {
                break;
            }
        }
        if came.is_empty() {
            // No addition shares a word with it: a plain removal.
            continue;
        }
        gone.sort_unstable();
        came.sort_unstable();
        out.push(Rename {
            location: removed[start].location,
            gone: gone.into_iter().map(|i| removed[i]).collect(),
            came: came.into_iter().map(|j| added[j]).collect(),
        });
    }
    out
}

/// Says what clients must send instead, at the first new parameter.
fn report_rename(cx: &mut Cx, rename: &Rename) {
    let names = |ps: &[&Param]| {
        ps.iter()
            .map(|p| format!("`{}`", p.name))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let Some(first) = rename.came.first() else {
        return;
    };
    let plural = if rename.gone.len() + rename.came.len() > 2 {
        "s"
    } else {
        ""
    };
    let (gone, came) = (names(&rename.gone), names(&rename.came));
    cx.report(
        ChangeKind::ParameterRenamed,
        Severity::Breaking,
        first.pointer.clone(),
        format!(
            "{} parameter{plural} {gone} replaced by {came}: clients must send {came} instead",
            rename.location
        ),
    );
}

fn compare_one(cx: &mut Cx, old: &Param, new: &Param) {
    let what = format!("{} parameter `{}`", new.location, new.name);
    match (old.required, new.required) {
        (false, true) => cx.report(
            ChangeKind::ParameterBecameRequired,
            Severity::Breaking,
            new.pointer.clone(),
            format!("{what} became required"),
        ),
        (true, false) => cx.report(
            ChangeKind::ParameterBecameOptional,
            Severity::NonBreaking,
            new.pointer.clone(),
            format!("{what} became optional"),
        ),
        _ => {}
    }
    cx.report_range(
        (
            ChangeKind::ParameterMicroversionNarrowed,
            ChangeKind::ParameterMicroversionWidened,
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
