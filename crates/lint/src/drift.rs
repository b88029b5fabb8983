//! Sample ↔ table drift, on the model: documented body fields that no
//! sample of the same request or response shows (SL020), and sample fields
//! no table documents (SL021), paired into one "did you mean" finding when
//! one is a likely typo of the other (`attachement` → `attachment`).

use std::collections::BTreeSet;

use serde_json::Value;
use speclift_diag::Diagnostic;
use speclift_model::{Api, Parameter, Sample};

use crate::rules::{FIELD_NOT_IN_SAMPLES, UNDOCUMENTED_SAMPLE_FIELD};
use crate::suggest::closest;

pub fn check(api: &Api, out: &mut Vec<Diagnostic>) {
    for op in &api.operations {
        let label = format!("{} {}", op.method.as_str(), op.path);
        check_group(&label, "request", &op.request.body, &op.request.samples, out);
        for r in &op.responses {
            let what = format!("{} response", r.status.code);
            check_group(&label, &what, &r.body, &r.samples, out);
        }
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
fn undocumented<'a>(value: &'a Value, documented: &BTreeSet<&str>, root: bool, out: &mut Vec<&'a str>) {
    match value {
        Value::Object(map) => {
            if !root && !map.keys().any(|k| documented.contains(k.as_str())) {
                return;
            }
            for (k, v) in map {
                if !documented.contains(k.as_str()) && !out.contains(&k.as_str()) {
                    out.push(k);
                }
                undocumented(v, documented, false, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| undocumented(v, documented, root, out)),
        _ => {}
    }
}

fn check_group(op: &str, what: &str, body: &[Parameter], samples: &[Sample], out: &mut Vec<Diagnostic>) {
    if body.is_empty() || samples.is_empty() {
        return;
    }
    let documented: BTreeSet<&str> = body.iter().map(|p| p.name.as_str()).collect();
    let mut in_samples = BTreeSet::new();
    let mut extra: Vec<(&str, &Sample)> = Vec::new();
    for sample in samples {
        all_keys(&sample.body, &mut in_samples);
        let mut fields = Vec::new();
        undocumented(&sample.body, &documented, true, &mut fields);
        for f in fields {
            if !extra.iter().any(|(e, _)| *e == f) {
                extra.push((f, sample));
            }
        }
    }

    let mut paired = BTreeSet::new();
    let mut seen = BTreeSet::new();
    for param in body {
        if in_samples.contains(param.name.as_str()) || !seen.insert(param.name.as_str()) {
            continue;
        }
        let suggestion = closest(&param.name, extra.iter().map(|(f, _)| *f))
            .or_else(|| closest(&param.name, in_samples.iter().copied()));
        let hint = match suggestion {
            Some(s) => {
                paired.insert(s);
                format!("did you mean `{s}`? The samples use it")
            }
            None => format!("add `{}` to a sample, or remove the row if the API has no such field", param.name),
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
        let file = sample
            .file
            .as_ref()
            .map_or_else(|| "the sample".to_string(), |f| format!("`{}`", f.display()));
        let hint = match closest(field, documented.iter().copied()) {
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

    #[test]
    fn free_form_maps_are_not_looked_into() {
        let documented = BTreeSet::from(["attachment", "connector", "id"]);
        let sample = json!({"attachment": {"connector": {"ip": "x", "host": "y"}, "extra": 1}, "other": [{"id": 1, "more": 2}]});
        let mut out = Vec::new();
        undocumented(&sample, &documented, true, &mut out);
        assert_eq!(out, ["extra", "other", "more"]);
    }
}
