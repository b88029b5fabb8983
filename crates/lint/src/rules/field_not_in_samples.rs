//! SL020 `field-not-in-samples` ([`Rule::FieldNotInSamples`](super::Rule)).
//!
//! ## What it does
//! On the model: reports a documented body field of a request or response
//! that none of its samples shows (dotted names by their last part,
//! `{placeholder}` names as patterns), with the likeliest sample field as
//! a "did you mean".
//!
//! ## Why is this bad?
//! See `speclift rules --explain SL020` (the registry holds the one text).
//!
//! ## Example
//! ```rst
//!    - attachment: attachment
//! ```
//! where the response sample has `"attachement": {…}` (SL021's finding
//! about `attachement` is then this one's hint, not a finding of its own).

use std::collections::BTreeSet;

use speclift_diag::Diagnostic;
use speclift_diag::suggest::closest;

use crate::drift::{Group, Names, leaf, pattern};
use crate::rules::FIELD_NOT_IN_SAMPLES;

/// Reports the group's unshown fields; returns the sample fields it named
/// as likely typos, which SL021 then leaves out.
pub fn check<'a>(group: &Group<'a>, out: &mut Vec<Diagnostic>) -> BTreeSet<&'a str> {
    let Group {
        op,
        what,
        body,
        in_samples,
        extra,
        ..
    } = group;
    let mut paired = BTreeSet::new();
    let mut seen = BTreeSet::new();
    for param in *body {
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
    paired
}
