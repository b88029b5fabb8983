//! A documented body parameter applied to the shape: overlaid on the
//! spot a sample shows, or added where no sample shows it, with the
//! type, required-ness and version checks against the samples.

use serde_json::Value;
use speclift_diag::suggest::distance;
use speclift_diag::{Diagnostic, Diagnostics};
use speclift_model::{Parameter, Sample};

use super::tree::{node, node_mut, parent_of, reach};
use super::{Path, Step};
use crate::shape::Shape;
use crate::types::{self, Types};
use crate::versions::range_vendor;

/// What the row's type name means; an unknown name is reported.
pub(super) fn declared_of(param: &Parameter, diags: &mut Diagnostics) -> Option<types::Declared> {
    let ty = param.ty.as_deref()?;
    let declared = types::declared(ty);
    if declared.is_none() {
        diags.push(unknown_type(param, ty));
    }
    declared
}

pub fn unknown_type(param: &Parameter, ty: &str) -> Diagnostic {
    Diagnostic::warning(
        param.location.clone(),
        format!(
            "parameter `{}` has unknown type `{ty}`; its schema has no type",
            param.name
        ),
    )
    .with_rule(speclift_diag::Rule::UnknownParameterType)
    .with_hint(format!("use one of: {}", types::KNOWN_TYPES))
}

/// Applies a documented parameter to the sampled spot at `path`.
pub(super) fn overlay(
    root: &mut Shape,
    path: &Path,
    param: &Parameter,
    samples: &[Sample],
    diags: &mut Diagnostics,
) {
    let declared = declared_of(param, diags);
    let Some(spot) = node_mut(root, path) else {
        return;
    };
    // Tables may document one field twice (`id` as an integer up to 2.52,
    // a uuid from 2.53): the descriptions and version ranges add up.
    let description = param.description.trim();
    let range = match (spot.documented, spot.range) {
        (true, Some(before)) => before.union(param.microversions),
        _ => param.microversions,
    };
    match &mut spot.description {
        Some(before)
            if spot.documented && !description.is_empty() && before.as_str() != description =>
        {
            before.push_str("\n\n");
            before.push_str(description);
        }
        _ if !description.is_empty() => spot.description = Some(description.to_string()),
        _ => {}
    }
    spot.documented = true;
    spot.range = Some(range);
    spot.vendor.remove(speclift_spec::ext::MIN_VER);
    spot.vendor.remove(speclift_spec::ext::MAX_VER);
    spot.vendor.extend(range_vendor(&range));
    if let Some(declared) = declared {
        // Samples of other versions may show other types: only those of
        // the parameter's versions have to agree.
        let in_range = in_range_types(samples, param, path);
        if declared.types.accepts(spot.types) {
            // A documented `uuid` whose samples are no UUIDs keeps no
            // format: the annotation must not contradict the examples.
            let strings_sampled = in_range.is_some_and(|t| t.has(Types::STRING));
            if let Some(format) = declared.format.filter(|_| !strings_sampled) {
                spot.format = Some(format.to_string());
            }
            spot.types = declared.types.with(spot.types.only(Types::NULL));
            spot.declared_object = declared.types == Types::OBJECT;
            spot.typed = true;
        } else if in_range.is_some_and(|t| declared.types.accepts(t)) {
            spot.types = spot.types.union(declared.types);
            spot.typed = true;
        } else {
            diags.push(
                Diagnostic::warning(
                    param.location.clone(),
                    format!(
                        "body parameter `{}` is documented as `{}` but the samples show {}; \
                         the schema follows the samples",
                        param.name,
                        param.ty.as_deref().unwrap_or_default(),
                        spot.types
                    ),
                )
                .with_rule(speclift_diag::Rule::TypeContradictsSamples)
                .with_hint("fix the parameter's type or the sample so that they agree"),
            );
        }
    }
    if !param.required {
        return;
    }
    let Some(Step::Prop(name)) = path.last() else {
        return;
    };
    let Some(parent) = node_mut(root, &parent_of(path)) else {
        return;
    };
    if parent.always_has(name) {
        parent.require(name);
    } else if !in_range_samples_have(samples, param, name, &parent_of(path)) {
        diags.push(
            Diagnostic::warning(
                param.location.clone(),
                format!(
                    "body parameter `{}` is documented as required but not every sample has it; \
                     the schema leaves it optional",
                    param.name
                ),
            )
            .with_rule(speclift_diag::Rule::RequiredNotInSamples)
            .with_hint("mark the parameter optional, or add it to every sample"),
        );
    }
}

/// What the table says of `param`, as a shape of its own.
pub(super) fn documented_shape(param: &Parameter, declared: Option<types::Declared>) -> Shape {
    let mut shape = declared.map_or_else(Shape::default, |d| {
        let mut s = Shape::of_types(d.types);
        s.format = d.format.map(str::to_string);
        s.declared_object = d.types == Types::OBJECT;
        s.typed = true;
        s
    });
    shape.documented = true;
    shape.range = Some(param.microversions);
    if !param.description.trim().is_empty() {
        shape.description = Some(param.description.trim().to_string());
    }
    shape.vendor.extend(range_vendor(&param.microversions));
    shape
}

/// Adds a documented parameter no sample shows, in the current wrapper.
/// Returns its path, or `None` when the wrapper cannot hold properties.
pub(super) fn add(
    root: &mut Shape,
    scope: &Path,
    name: &str,
    param: &Parameter,
    samples: &[Sample],
    diags: &mut Diagnostics,
) -> Option<Path> {
    let declared = declared_of(param, diags);
    let mut target_path = scope.clone();
    let mut target = node(root, &target_path)?;
    if target.types.has(Types::ARRAY) && !target.types.has(Types::OBJECT) {
        if target.items.is_none() {
            // Every sample shows the list empty, or none shows it
            // (`volumes_attached: []`, then `volumes_attached.id`): the
            // table's member says its elements are objects.
            node_mut(root, &target_path)?.items = Some(Box::new(Shape::of_types(Types::OBJECT)));
        }
        target_path.push(Step::Items);
        target = node(root, &target_path)?;
    }
    let holds_properties = target.types.is_any() || target.types.has(Types::OBJECT);
    if !holds_properties {
        diags.push(
            Diagnostic::warning(
                param.location.clone(),
                format!(
                    "body parameter `{}` is in no sample and its wrapper is not an object; \
                     it is left out of the schema",
                    param.name
                ),
            )
            .with_rule(speclift_diag::Rule::FieldNotInSamples)
            .with_hint("add the parameter to a sample body, or fix the table order"),
        );
        return None;
    }
    let sampled = target.sampled;
    let target = node_mut(root, &target_path)?;
    let shape = documented_shape(param, declared);
    let misspelled = sampled
        .then(|| {
            let undocumented: Vec<String> = target
                .properties
                .iter()
                .filter(|(_, c)| c.sampled && !c.documented)
                .map(|(k, _)| k.clone())
                .collect();
            near_miss(&undocumented, name)
        })
        .flatten();
    if let Some(key) = &misspelled {
        diags.push(
            Diagnostic::warning(
                param.location.clone(),
                format!(
                    "body parameter `{}` is in no sample; did you mean `{key}`, which the samples \
                     show and no parameter documents?",
                    param.name
                ),
            )
            .with_rule(speclift_diag::Rule::FieldNotInSamples)
            .with_hint(format!(
                "rename the table entry to `{key}`, or fix the sample if `{}` is right",
                param.name
            )),
        );
    }
    if param.required {
        if sampled {
            if misspelled.is_none() && samples.iter().any(|s| in_range(s, param)) {
                diags.push(
                    Diagnostic::warning(
                        param.location.clone(),
                        format!(
                            "body parameter `{}` is documented as required but no sample has it; \
                         the schema leaves it optional",
                            param.name
                        ),
                    )
                    .with_rule(speclift_diag::Rule::RequiredNotInSamples)
                    .with_hint("add the parameter to the samples, or mark it optional"),
                );
            }
        } else {
            target.require(name);
        }
    }
    if let Some(existing) = target.property_mut(name) {
        *existing = std::mem::take(existing).merge(shape);
    } else {
        target.properties.push((name.to_string(), shape));
    }
    target_path.push(Step::Prop(name.to_string()));
    Some(target_path)
}

/// The first of `keys` within edit distance 2 of `name` (but not equal):
/// what a misspelled parameter name most likely meant. Not
/// `suggest::closest` (a third of the word, case-folded): a sample key is
/// placed by this match, not merely suggested, so the bound is fixed and
/// case counts, as it does in JSON.
pub(super) fn near_miss(keys: &[String], name: &str) -> Option<String> {
    let len = name.chars().count();
    keys.iter()
        .filter(|k| k.as_str() != name)
        // Lengths two apart are at least two edits apart: no distance to
        // compute for most keys of a large object.
        .filter(|k| k.len().abs_diff(name.len()) <= 8 && k.chars().count().abs_diff(len) <= 2)
        .map(|k| (distance(k, name), k))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k.clone())
}

/// Whether a sample shows a version the parameter exists in. A sample
/// without a version shows the base version.
pub(super) fn in_range(sample: &Sample, param: &Parameter) -> bool {
    match sample.microversion {
        Some(v) => param.microversions.contains(v),
        None => param.microversions.min.is_none(),
    }
}

/// The types the samples of the parameter's versions show at `path`.
pub(super) fn in_range_types(
    samples: &[Sample],
    param: &Parameter,
    path: &[Step],
) -> Option<Types> {
    samples
        .iter()
        .filter(|s| in_range(s, param))
        .flat_map(|s| reach(&s.body, path))
        .map(Types::of)
        .reduce(Types::with)
}

/// Whether every sample of a version the parameter exists in has it
/// wherever its parent appears (older samples lacking a newer field are
/// no documentation error).
pub(super) fn in_range_samples_have(
    samples: &[Sample],
    param: &Parameter,
    name: &str,
    parent: &[Step],
) -> bool {
    let mut parents = samples
        .iter()
        .filter(|s| in_range(s, param))
        .flat_map(|s| reach(&s.body, parent))
        .filter_map(Value::as_object)
        .peekable();
    parents.peek().is_some() && parents.all(|p| p.contains_key(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_miss_is_within_two_edits() {
        assert_eq!(
            near_miss(&["volume".into(), "spec".into()], "specs"),
            Some("spec".into())
        );
        assert_eq!(near_miss(&["volume".into()], "network_label"), None);
    }
}
