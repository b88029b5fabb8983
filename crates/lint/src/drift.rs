//! Sample ↔ table drift, on the model: documented body fields that no
//! sample of the same request or response shows (SL020), and sample fields
//! no table documents (SL021), paired into one "did you mean" finding when
//! one is a likely typo of the other (`attachement` → `attachment`).

use std::collections::BTreeSet;

use serde_json::Value;
use speclift_diag::Diagnostic;
use speclift_model::{Api, Parameter, Sample};

use crate::rules::{FIELD_NOT_IN_SAMPLES, UNDOCUMENTED_SAMPLE_FIELD};
use speclift_diag::suggest::closest;

pub fn check(api: &Api, out: &mut Vec<Diagnostic>) {
    for op in &api.operations {
        let label = format!("{} {}", op.method.as_str(), op.path);
        check_group(
            &label,
            "request",
            &op.request.body,
            &op.request.samples,
            out,
        );
        for r in &op.responses {
            let what = format!("{} response", r.status.code);
            check_group(&label, &what, &r.body, &r.samples, out);
        }
    }
}

/// Documented names as they can appear in a sample: nova writes nested
/// fields as `parent.child` (the sample key is `child`), cinder writes
/// families of keys as `volumes_{volume_type}`.
struct Names<'a> {
    exact: BTreeSet<&'a str>,
    /// (prefix, suffix) around a `{placeholder}`.
    patterns: Vec<(&'a str, &'a str)>,
}

/// The part of a documented name a sample key shows.
fn leaf(name: &str) -> &str {
    name.rsplit('.').next().unwrap_or(name)
}

fn pattern(name: &str) -> Option<(&str, &str)> {
    let (prefix, rest) = name.split_once('{')?;
    let (_, suffix) = rest.split_once('}')?;
    Some((prefix, suffix))
}

impl<'a> Names<'a> {
    fn new(body: &'a [Parameter]) -> Self {
        let mut names = Names {
            exact: BTreeSet::new(),
            patterns: Vec::new(),
        };
        for p in body {
            let name = leaf(&p.name);
            match pattern(name) {
                Some(pat) => names.patterns.push(pat),
                None => {
                    names.exact.insert(name);
                }
            }
        }
        names
    }

    fn covers(&self, key: &str) -> bool {
        self.exact.contains(key)
            || self.patterns.iter().any(|(pre, suf)| {
                key.len() > pre.len() + suf.len() && key.starts_with(pre) && key.ends_with(suf)
            })
    }
}

/// Every key anywhere in `value`.
fn all_keys<'a>(value: &'a Value, out: &mut BTreeSet<&'a str>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                out.insert(k);
                all_keys(v, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| all_keys(v, out)),
        _ => {}
    }
}

/// Keys no table row names, in sample order. An object none of whose keys
/// is documented (below the root) is a free-form map (`metadata`,
/// `connector`) and is not looked into.
/// The undocumented keys of `value`, each once, in document order (`seen`
/// makes "once" a lookup, not a scan of `out`: samples can be large).
fn undocumented<'a>(
    value: &'a Value,
    documented: &Names,
    root: bool,
    out: &mut Vec<&'a str>,
    seen: &mut BTreeSet<&'a str>,
) {
    match value {
        Value::Object(map) => {
            if !root && !map.keys().any(|k| documented.covers(k)) {
                return;
            }
            for (k, v) in map {
                if !documented.covers(k) && seen.insert(k.as_str()) {
                    out.push(k);
                }
                undocumented(v, documented, false, out, seen);
            }
        }
        Value::Array(items) => items
            .iter()
            .for_each(|v| undocumented(v, documented, root, out, seen)),
        _ => {}
    }
}

fn check_group(
    op: &str,
    what: &str,
    body: &[Parameter],
    samples: &[Sample],
    out: &mut Vec<Diagnostic>,
) {
    if body.is_empty() || samples.is_empty() {
        return;
    }
    let documented = Names::new(body);
    let mut in_samples = BTreeSet::new();
    let mut extra: Vec<(&str, &Sample)> = Vec::new();
    let mut extra_names = BTreeSet::new();
    for sample in samples {
        all_keys(&sample.body, &mut in_samples);
        let mut fields = Vec::new();
        undocumented(
            &sample.body,
            &documented,
            true,
            &mut fields,
            &mut BTreeSet::new(),
        );
        for f in fields {
            if extra_names.insert(f) {
                extra.push((f, sample));
            }
        }
    }

    let mut paired = BTreeSet::new();
    let mut seen = BTreeSet::new();
    for param in body {
        let name = leaf(&param.name);
        let shown = match pattern(name) {
            Some(pat) => {
                let one = Names {
                    exact: BTreeSet::new(),
                    patterns: vec![pat],
                };
                in_samples.iter().any(|k| one.covers(k))
            }
            None => in_samples.contains(name),
        };
        if shown || !seen.insert(param.name.as_str()) {
            continue;
        }
        let suggestion = closest(name, extra.iter().map(|(f, _)| *f))
            .or_else(|| closest(name, in_samples.iter().copied()));
        let hint = match suggestion {
            Some(s) => {
                paired.insert(s);
                format!("did you mean `{s}`? The samples use it")
            }
            None => format!(
                "add `{}` to a sample, or remove the row if the API has no such field",
                param.name
            ),
        };
        out.push(
            Diagnostic::warning(
                param.location.clone(),
                format!("`{}` is documented for the {what} of `{op}` but appears in none of its samples", param.name),
            )
            .with_code(FIELD_NOT_IN_SAMPLES)
            .with_hint(hint),
        );
    }
    for (field, sample) in extra.into_iter().filter(|(f, _)| !paired.contains(f)) {
        let file = sample.file.as_ref().map_or_else(
            || "the sample".to_string(),
            |f| format!("`{}`", f.display()),
        );
        let hint = match closest(field, documented.exact.iter().copied()) {
            Some(d) => format!("did you mean `{d}`? The table documents it"),
            None => format!("add a row for `{field}` to the {what} table"),
        };
        out.push(
            Diagnostic::warning(
                sample.location.clone(),
                format!("field `{field}` of {file} is not documented for the {what} of `{op}`"),
            )
            .with_code(UNDOCUMENTED_SAMPLE_FIELD)
            .with_hint(hint),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn param(name: &str) -> Parameter {
        Parameter {
            name: name.into(),
            key: name.into(),
            location_in: speclift_model::ParamIn::Body,
            ty: None,
            required: false,
            description: String::new(),
            microversions: Default::default(),
            location: speclift_diag::Location::file_start(speclift_diag::path("t.inc")),
            definition: None,
        }
    }

    #[test]
    fn dotted_and_templated_names() {
        let body = [
            param("server_usages.flavor"),
            param("volumes_{volume_type}"),
        ];
        let names = Names::new(&body);
        assert!(names.covers("flavor"));
        assert!(names.covers("volumes_lvm"));
        assert!(!names.covers("volumes_"));
        assert!(!names.covers("server_usages"));
    }

    #[test]
    fn free_form_maps_are_not_looked_into() {
        let body = [param("attachment"), param("connector"), param("id")];
        let documented = Names::new(&body);
        let sample = json!({"attachment": {"connector": {"ip": "x", "host": "y"}, "extra": 1}, "other": [{"id": 1, "more": 2}]});
        let mut out = Vec::new();
        undocumented(&sample, &documented, true, &mut out, &mut BTreeSet::new());
        assert_eq!(out, ["extra", "other", "more"]);
    }
}
