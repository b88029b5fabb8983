//! SL021 `undocumented-sample-field` ([`Rule::UndocumentedSampleField`](super::Rule)).
//!
//! ## What it does
//! On the model: reports a field of a request or response sample that its
//! body table does not document (free-form maps, objects none of whose
//! keys is documented, are not looked into), unless SL020 already named it
//! as a typo.
//!
//! ## Why is this bad?
//! See `speclift rules --explain SL021` (the registry holds the one text).
//!
//! ## Example
//! ```json
//! {"thing": {"id": "1", "colour": "red"}}
//! ```
//! with no row for `colour`.

use std::collections::BTreeSet;

use speclift_diag::Diagnostic;
use speclift_diag::suggest::closest;

use crate::drift::Group;
use crate::rules::UNDOCUMENTED_SAMPLE_FIELD;

/// Reports the group's undocumented sample fields not in `paired`.
pub fn check(group: &Group<'_>, paired: &BTreeSet<&str>, out: &mut Vec<Diagnostic>) {
    let Group {
        op,
        what,
        documented,
        extra,
        ..
    } = group;
    for (field, sample) in extra.iter().filter(|(f, _)| !paired.contains(f)) {
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
