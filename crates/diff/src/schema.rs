//! Request and response body changes.
//!
//! Requests and responses are mirror images: a client must be able to send
//! what it sent before (so a request may only accept more) and must
//! understand what it receives (so a response may only promise more).

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use crate::spec::{self, Doc, Operation, escape};
use crate::{ChangeKind, Cx, Severity};

/// Schemas nested deeper than this are recursive; compare no further.
const MAX_DEPTH: usize = 24;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Direction {
    Parameter,
    Request,
    Response,
}

use Direction::{Parameter, Request, Response};

impl Direction {
    /// The registry kind of a type, enum or format change in this
    /// direction.
    fn kind(self, change: ScalarChange) -> ChangeKind {
        match (self, change) {
            (Parameter, ScalarChange::TypeChanged) => ChangeKind::ParameterTypeChanged,
            (Parameter, ScalarChange::EnumNarrowed) => ChangeKind::ParameterEnumNarrowed,
            (Parameter, ScalarChange::EnumWidened) => ChangeKind::ParameterEnumWidened,
            (Request, ScalarChange::TypeChanged) => ChangeKind::RequestPropertyTypeChanged,
            (Request, ScalarChange::EnumNarrowed) => ChangeKind::RequestPropertyEnumNarrowed,
            (Request, ScalarChange::EnumWidened) => ChangeKind::RequestPropertyEnumWidened,
            (Response, ScalarChange::TypeChanged) => ChangeKind::ResponsePropertyTypeChanged,
            (Response, ScalarChange::EnumNarrowed) => ChangeKind::ResponsePropertyEnumNarrowed,
            (Response, ScalarChange::EnumWidened) => ChangeKind::ResponsePropertyEnumWidened,
            (Parameter, ScalarChange::FormatChanged) => ChangeKind::ParameterFormatChanged,
            (Request, ScalarChange::FormatChanged) => ChangeKind::RequestPropertyFormatChanged,
            (Response, ScalarChange::FormatChanged) => ChangeKind::ResponsePropertyFormatChanged,
        }
    }

    /// Whether a value set growing (`widened`) or shrinking breaks clients.
    fn breaks(self, widened: bool) -> Severity {
        let breaking = match self {
            Parameter | Request => !widened,
            Response => widened,
        };
        if breaking {
            Severity::Breaking
        } else {
            Severity::NonBreaking
        }
    }

    /// The kind of a body change: `request` for a request, `response` for
    /// a response.
    fn body_kind(self, request: ChangeKind, response: ChangeKind) -> ChangeKind {
        if self == Response { response } else { request }
    }

    fn noun(self) -> &'static str {
        match self {
            Parameter => "parameter",
            Request => "request",
            Response => "response",
        }
    }
}

#[derive(Clone, Copy)]
enum ScalarChange {
    TypeChanged,
    EnumNarrowed,
    EnumWidened,
    FormatChanged,
}

pub(crate) fn compare_request(cx: &mut Cx, old: &Operation, new: &Operation) {
    let old_body = old.value.get("requestBody").map(|b| cx.old.resolve(b));
    let new_body = new.value.get("requestBody").map(|b| cx.new.resolve(b));
    let pointer = format!("{}/requestBody", new.pointer);
    match (old_body, new_body) {
        (None, None) => {}
        (Some(_), None) => cx.report(
            ChangeKind::RequestBodyRemoved,
            Severity::NonBreaking,
            format!("{}/requestBody", old.pointer),
            "request body removed",
        ),
        (None, Some(n)) => {
            let required = n.get("required").and_then(Value::as_bool) == Some(true);
            let (id, severity, what) = if required {
                (
                    ChangeKind::RequestBodyAddedRequired,
                    Severity::Breaking,
                    "required",
                )
            } else {
                (
                    ChangeKind::RequestBodyAdded,
                    Severity::NonBreaking,
                    "optional",
                )
            };
            cx.report(id, severity, pointer, format!("{what} request body added"));
        }
        (Some(o), Some(n)) => {
            if let (Some((_, os)), Some((media, ns))) = (body_schema(o), body_schema(n)) {
                let at = format!("{pointer}/content/{}/schema", escape(media));
                compare_body(cx, Request, os, ns, &at);
            }
        }
    }
}

pub(crate) fn compare_responses(cx: &mut Cx, old: &Operation, new: &Operation) {
    let codes = |op: &Operation<'_>| -> Vec<String> {
        op.value
            .get("responses")
            .and_then(Value::as_object)
            .map(|r| r.keys().cloned().collect())
            .unwrap_or_default()
    };
    let (old_codes, new_codes) = (codes(old), codes(new));
    let all: BTreeSet<&String> = old_codes.iter().chain(&new_codes).collect();
    for code in all {
        let pointer = |op: &Operation<'_>| format!("{}/responses/{}", op.pointer, escape(code));
        let (in_old, in_new) = (old_codes.contains(code), new_codes.contains(code));
        let success = code.starts_with('2');
        // Losing a success status breaks clients; losing an error one does not.
        let loss = if success {
            Severity::Breaking
        } else {
            Severity::NonBreaking
        };
        if !in_new {
            let kind = if success { "success" } else { "error" };
            cx.report(
                ChangeKind::ResponseStatusRemoved,
                loss,
                pointer(old),
                format!("{kind} status {code} removed"),
            );
            continue;
        }
        if !in_old {
            cx.report(
                ChangeKind::ResponseStatusAdded,
                Severity::NonBreaking,
                pointer(new),
                format!("status {code} added"),
            );
            continue;
        }
        let old_schema = response(cx.old, old, code).and_then(body_schema);
        let new_schema = response(cx.new, new, code).and_then(body_schema);
        match (old_schema, new_schema) {
            (Some(_), None) => cx.report(
                ChangeKind::ResponseBodyRemoved,
                loss,
                pointer(old),
                format!("status {code} no longer has a body"),
            ),
            (None, Some(_)) => cx.report(
                ChangeKind::ResponseBodyAdded,
                Severity::NonBreaking,
                pointer(new),
                format!("status {code} now has a body"),
            ),
            (Some((_, os)), Some((media, ns))) => {
                let at = format!("{}/content/{}/schema", pointer(new), escape(media));
                compare_body(cx, Response, os, ns, &at);
            }
            (None, None) => {}
        }
    }
}

fn response<'a>(doc: Doc<'a>, op: &Operation<'a>, code: &str) -> Option<&'a Value> {
    op.value
        .get("responses")
        .and_then(|r| r.get(code))
        .map(|r| doc.resolve(r))
}

/// The JSON schema of a request body or response: `application/json`, or
/// else the first media type with a schema.
fn body_schema(body: &Value) -> Option<(&str, &Value)> {
    let content = body.get("content")?.as_object()?;
    if let Some(schema) = content
        .get("application/json")
        .and_then(|c| c.get("schema"))
    {
        return Some(("application/json", schema));
    }
    content
        .iter()
        .find_map(|(media, c)| Some((media.as_str(), c.get("schema")?)))
}

/// Compares two bodies: variants (`oneOf` of actions) first, then each
/// matched pair from its root, where a wrapper change is looked for.
fn compare_body(cx: &mut Cx, dir: Direction, old: &Value, new: &Value, at: &str) {
    let old = cx.old.resolve(old);
    let new = cx.new.resolve(new);
    let old_variants = variants(cx.old, old);
    let new_variants = variants(cx.new, new);
    if old_variants.len() == 1 && new_variants.len() == 1 {
        compare_root(cx, dir, old_variants[0], new_variants[0], at);
        return;
    }
    // Match variants by the property names they share; a variant sharing
    // none with any remaining one was removed (or added).
    let mut unmatched: Vec<(usize, &Value)> = new_variants.iter().copied().enumerate().collect();
    for o in &old_variants {
        let names = property_names(cx.old, o);
        let best = unmatched
            .iter()
            .enumerate()
            .map(|(slot, (_, n))| (slot, names.intersection(&property_names(cx.new, n)).count()))
            .filter(|(_, overlap)| *overlap > 0)
            .max_by_key(|(slot, overlap)| (*overlap, usize::MAX - slot));
        match best {
            Some((slot, _)) => {
                let (i, n) = unmatched.remove(slot);
                compare_root(cx, dir, o, n, &format!("{at}/oneOf/{i}"));
            }
            // A variant fewer narrows what may be sent or received.
            None => cx.report(
                dir.body_kind(
                    ChangeKind::RequestBodyVariantRemoved,
                    ChangeKind::ResponseBodyVariantRemoved,
                ),
                dir.breaks(false),
                at.to_string(),
                format!("{} body variant {} removed", dir.noun(), show_names(&names)),
            ),
        }
    }
    for (i, n) in unmatched {
        cx.report(
            dir.body_kind(
                ChangeKind::RequestBodyVariantAdded,
                ChangeKind::ResponseBodyVariantAdded,
            ),
            Severity::NonBreaking,
            format!("{at}/oneOf/{i}"),
            format!(
                "{} body variant {} added",
                dir.noun(),
                show_names(&property_names(cx.new, n))
            ),
        );
    }
}

fn variants<'a>(doc: Doc<'a>, schema: &'a Value) -> Vec<&'a Value> {
    match schema
        .get("oneOf")
        .or_else(|| schema.get("anyOf"))
        .and_then(Value::as_array)
    {
        Some(list) if !list.is_empty() => list.iter().map(|v| doc.resolve(v)).collect(),
        _ => vec![schema],
    }
}

fn properties(schema: &Value) -> Option<&Map<String, Value>> {
    schema.get("properties").and_then(Value::as_object)
}

fn property_names(doc: Doc<'_>, schema: &Value) -> BTreeSet<String> {
    properties(doc.resolve(schema))
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default()
}

fn required(schema: &Value) -> BTreeSet<&str> {
    schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

fn show_names<'a>(names: impl IntoIterator<Item = &'a String>) -> String {
    let list: Vec<_> = names.into_iter().map(|n| format!("`{n}`")).collect();
    if list.is_empty() {
        "{}".into()
    } else {
        format!("{{{}}}", list.join(", "))
    }
}

/// The root of a body: when the top-level property names are disjoint the
/// body was (un)wrapped or restructured, which breaks every client; the
/// wrapped content is then compared with the old root.
fn compare_root(cx: &mut Cx, dir: Direction, old: &Value, new: &Value, at: &str) {
    let old_names = property_names(cx.old, old);
    let new_names = property_names(cx.new, new);
    let disjoint =
        !old_names.is_empty() && !new_names.is_empty() && old_names.is_disjoint(&new_names);
    if !disjoint {
        compare_schema(cx, dir, old, new, at, "", 0);
        return;
    }
    let id = dir.body_kind(
        ChangeKind::RequestBodyWrapperChanged,
        ChangeKind::ResponseBodyWrapperChanged,
    );
    let single = |names: &BTreeSet<String>| match names.iter().collect::<Vec<_>>()[..] {
        [one] => Some(one.clone()),
        _ => None,
    };
    let noun = dir.noun();
    if let Some(wrapper) = single(&new_names) {
        let inner = properties(new).and_then(|p| p.get(&wrapper));
        if let Some(inner) = inner.filter(|i| !property_names(cx.new, i).is_disjoint(&old_names)) {
            let inner_at = format!("{at}/properties/{}", escape(&wrapper));
            cx.report(
                id,
                Severity::Breaking,
                inner_at.clone(),
                format!(
                    "{noun} body is now wrapped in `{wrapper}`: the top-level {} moved into it",
                    show_names(&old_names)
                ),
            );
            compare_schema(cx, dir, old, cx.new.resolve(inner), &inner_at, &wrapper, 1);
            return;
        }
    }
    if let Some(wrapper) = single(&old_names) {
        let inner = properties(old).and_then(|p| p.get(&wrapper));
        if let Some(inner) = inner.filter(|i| !property_names(cx.old, i).is_disjoint(&new_names)) {
            cx.report(
                id,
                Severity::Breaking,
                at.to_string(),
                format!("{noun} body is no longer wrapped in `{wrapper}`: its content moved to the top level"),
            );
            compare_schema(cx, dir, cx.old.resolve(inner), new, at, "", 1);
            return;
        }
    }
    cx.report(
        id,
        Severity::Breaking,
        at.to_string(),
        format!(
            "{noun} body top level changed from {} to {}",
            show_names(&old_names),
            show_names(&new_names)
        ),
    );
}

fn child(field: &str, name: &str) -> String {
    if field.is_empty() {
        name.to_string()
    } else {
        format!("{field}.{name}")
    }
}

/// Compares two (sub)schemas of a body; `field` names the spot for
/// messages (`attachment.connector`), `at` is its pointer in the new doc.
fn compare_schema(
    cx: &mut Cx,
    dir: Direction,
    old: &Value,
    new: &Value,
    at: &str,
    field: &str,
    depth: usize,
) {
    if depth > MAX_DEPTH {
        return;
    }
    let old = cx.old.resolve(old);
    let new = cx.new.resolve(new);
    let what = if field.is_empty() {
        format!("{} body", dir.noun())
    } else {
        format!("{} property `{field}`", dir.noun())
    };
    compare_scalar(cx, dir, old, new, at, &what);

    if let (Some(op), Some(np)) = (properties(old), properties(new)) {
        let (old_req, new_req) = (required(old), required(new));
        for (name, o) in op {
            let name_at = format!("{at}/properties/{}", escape(name));
            let path = child(field, name);
            let Some(n) = np.get(name) else {
                let was_required = old_req.contains(name.as_str());
                let severity = match dir {
                    Response => Severity::Breaking,
                    _ if was_required => Severity::Breaking,
                    _ => Severity::NonBreaking,
                };
                let adj = if was_required { "required " } else { "" };
                cx.report(
                    dir.body_kind(
                        ChangeKind::RequestPropertyRemoved,
                        ChangeKind::ResponsePropertyRemoved,
                    ),
                    severity,
                    name_at,
                    format!("{adj}{} property `{path}` removed", dir.noun()),
                );
                continue;
            };
            let now_required = new_req.contains(name.as_str());
            if old_req.contains(name.as_str()) != now_required {
                // Becoming optional widens what may be sent or received.
                let (id, became) = if now_required {
                    (
                        dir.body_kind(
                            ChangeKind::RequestPropertyBecameRequired,
                            ChangeKind::ResponsePropertyBecameRequired,
                        ),
                        "required",
                    )
                } else {
                    (
                        dir.body_kind(
                            ChangeKind::RequestPropertyBecameOptional,
                            ChangeKind::ResponsePropertyBecameOptional,
                        ),
                        "optional",
                    )
                };
                cx.report(
                    id,
                    dir.breaks(!now_required),
                    name_at.clone(),
                    format!("{} property `{path}` became {became}", dir.noun()),
                );
            }
            compare_range(cx, dir, o, n, &name_at, &path);
            compare_schema(cx, dir, o, n, &name_at, &path, depth + 1);
        }
        for (name, _) in np.iter().filter(|(k, _)| !op.contains_key(*k)) {
            let name_at = format!("{at}/properties/{}", escape(name));
            let path = child(field, name);
            let (id, severity, adj) = match dir {
                Response => (ChangeKind::ResponsePropertyAdded, Severity::NonBreaking, ""),
                _ if new_req.contains(name.as_str()) => (
                    ChangeKind::RequestPropertyAddedRequired,
                    Severity::Breaking,
                    "required ",
                ),
                _ => (
                    ChangeKind::RequestPropertyAdded,
                    Severity::NonBreaking,
                    "optional ",
                ),
            };
            cx.report(
                id,
                severity,
                name_at,
                format!("{adj}{} property `{path}` added", dir.noun()),
            );
        }
    }
    if let (Some(o), Some(n)) = (old.get("items"), new.get("items")) {
        compare_schema(
            cx,
            dir,
            o,
            n,
            &format!("{at}/items"),
            &format!("{field}[]"),
            depth + 1,
        );
    }
    if let (Some(o), Some(n)) = (
        old.get("additionalProperties").filter(|v| v.is_object()),
        new.get("additionalProperties").filter(|v| v.is_object()),
    ) {
        let at = format!("{at}/additionalProperties");
        compare_schema(cx, dir, o, n, &at, &child(field, "*"), depth + 1);
    }
}

/// A property's microversion range: narrowing drops it from versions that
/// had it, which breaks clients either way.
fn compare_range(cx: &mut Cx, dir: Direction, old: &Value, new: &Value, at: &str, path: &str) {
    let ranges = (
        spec::range(cx.old.resolve(old)),
        spec::range(cx.new.resolve(new)),
    );
    cx.report_range(
        (
            ChangeKind::PropertyMicroversionNarrowed,
            ChangeKind::PropertyMicroversionWidened,
        ),
        at,
        ranges,
        &format!("{} property `{path}` now in", dir.noun()),
    );
}

/// `type` as a set; absent means any.
fn types(schema: &Value) -> BTreeSet<&str> {
    match schema.get("type") {
        Some(Value::String(t)) => BTreeSet::from([t.as_str()]),
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => BTreeSet::new(),
    }
}

fn show_types(types: &BTreeSet<&str>) -> String {
    types.iter().copied().collect::<Vec<_>>().join(" | ")
}

/// Type, enum and format of one schema, the parts every direction shares.
pub(crate) fn compare_scalar(
    cx: &mut Cx,
    dir: Direction,
    old: &Value,
    new: &Value,
    at: &str,
    what: &str,
) {
    let old = cx.old.resolve(old);
    let new = cx.new.resolve(new);
    let (ot, nt) = (types(old), types(new));
    // An absent type accepts anything: the widest possible set.
    if ot != nt && !(ot.is_empty() && nt.is_empty()) {
        let widened = nt.is_empty() || !ot.is_empty() && ot.is_subset(&nt);
        let narrowed = ot.is_empty() || nt.is_subset(&ot);
        let show = |t: &BTreeSet<&str>| {
            if t.is_empty() {
                "any".to_string()
            } else {
                show_types(t)
            }
        };
        cx.report(
            dir.kind(ScalarChange::TypeChanged),
            if widened || narrowed {
                dir.breaks(widened)
            } else {
                Severity::Breaking
            },
            at,
            format!("type of {what} changed from {} to {}", show(&ot), show(&nt)),
        );
    }
    // A format only means something for an unchanged type: a new one
    // narrows what is accepted, a dropped one widens it, another one is
    // both.
    let format_of = |s: &Value| s.get("format").and_then(Value::as_str).map(str::to_string);
    let (of, nf) = (format_of(old), format_of(new));
    if ot == nt && of != nf {
        let show = |f: &Option<String>| {
            f.as_deref()
                .map_or("none".to_string(), |f| format!("`{f}`"))
        };
        let severity = match (&of, &nf) {
            (None, Some(_)) => dir.breaks(false),
            (Some(_), None) => dir.breaks(true),
            _ => Severity::Breaking,
        };
        cx.report(
            dir.kind(ScalarChange::FormatChanged),
            severity,
            at,
            format!(
                "format of {what} changed from {} to {}",
                show(&of),
                show(&nf)
            ),
        );
    }
    let enum_of = |s: &Value| -> Option<BTreeSet<String>> {
        s.get("enum")
            .and_then(Value::as_array)
            .map(|e| e.iter().map(Value::to_string).collect())
    };
    let (oe, ne) = (enum_of(old), enum_of(new));
    let (removed, added): (Vec<String>, Vec<String>) = match (&oe, &ne) {
        (Some(o), Some(n)) => (
            o.difference(n).cloned().collect(),
            n.difference(o).cloned().collect(),
        ),
        // An enum appearing restricts to its values; disappearing frees all.
        (None, Some(_)) => (vec!["any other value".into()], Vec::new()),
        (Some(_), None) => (Vec::new(), vec!["any value".into()]),
        (None, None) => (Vec::new(), Vec::new()),
    };
    if !removed.is_empty() {
        cx.report(
            dir.kind(ScalarChange::EnumNarrowed),
            dir.breaks(false),
            at,
            format!("{what} no longer allows {}", removed.join(", ")),
        );
    }
    if !added.is_empty() {
        cx.report(
            dir.kind(ScalarChange::EnumWidened),
            dir.breaks(true),
            at,
            format!("{what} now also allows {}", added.join(", ")),
        );
    }
}
