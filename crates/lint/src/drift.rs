//! Sample ↔ table drift, on the model: for each request and response,
//! what its body table and its samples say ([`Group`]), judged by
//! [`rules::field_not_in_samples`] (SL020: documented body fields that no
//! sample shows) and [`rules::undocumented_sample_field`] (SL021: sample
//! fields no table documents), paired into one "did you mean" finding when
//! one is a likely typo of the other (`attachement` → `attachment`).

use std::collections::BTreeSet;

use serde_json::Value;
use speclift_diag::Diagnostic;
use speclift_model::{Api, Parameter, Sample};

use crate::rules;

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
pub struct Names<'a> {
    pub exact: BTreeSet<&'a str>,
    /// (prefix, suffix) around a `{placeholder}`.
    pub patterns: Vec<(&'a str, &'a str)>,
}

/// The part of a documented name a sample key shows.
pub fn leaf(name: &str) -> &str {
    name.rsplit('.').next().unwrap_or(name)
}

pub fn pattern(name: &str) -> Option<(&str, &str)> {
    let (prefix, rest) = name.split_once('{')?;
    let (_, suffix) = rest.split_once('}')?;
    Some((prefix, suffix))
}

impl<'a> Names<'a> {
    pub fn new(body: &'a [Parameter]) -> Self {
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

    pub fn covers(&self, key: &str) -> bool {
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

/// What the body table and the samples of one request or response say,
/// for SL020 and SL021 (`extra`: the sample fields no row documents).
pub struct Group<'a> {
    /// `POST /v3/things`.
    pub op: &'a str,
    /// `request`, `202 response`.
    pub what: &'a str,
    pub body: &'a [Parameter],
    pub documented: Names<'a>,
    /// Every key of every sample.
    pub in_samples: BTreeSet<&'a str>,
    /// Undocumented sample fields, each once, with the sample it is in.
    pub extra: Vec<(&'a str, &'a Sample)>,
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
    let group = Group {
        op,
        what,
        body,
        documented,
        in_samples,
        extra,
    };
    // A documented field paired with a sample field as its likely typo is
    // one finding (SL020's), not two.
    let paired = rules::field_not_in_samples::check(&group, out);
    rules::undocumented_sample_field::check(&group, &paired, out);
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
