//! Maps: objects whose keys are data, not properties (keyed by a path
//! parameter, named by a placeholder row, or documented as a free-form
//! object).

use serde_json::{Value, json};
use speclift_diag::Diagnostics;
use speclift_model::Parameter;

use super::Path;
use super::overlay::{declared_of, documented_shape, near_miss};
use super::tree::node_mut;
use crate::shape::Shape;
use crate::types::{self, Types};
use crate::versions::range_vendor;

/// A body whose one top-level member is an undocumented scalar, on a
/// path that ends in a placeholder, is keyed by that path parameter:
/// `GET …/extra_specs/{key}` answers `{"capabilities": "gpu"}`, where
/// `capabilities` is the sample's value of `{key}`, not a property. Its
/// values become the object's `additionalProperties` (vendor `map-key`
/// names the parameter); a map's keys are never properties, so never
/// required.
pub fn keyed_by_path_parameter(shape: &mut Shape, path: &str) {
    let Some(name) = path
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .and_then(|s| s.strip_prefix('{')?.strip_suffix('}'))
    else {
        return;
    };
    let scalar = |c: &Shape| {
        let t = c.types.without(Types::NULL);
        !c.documented && !t.is_any() && !t.has(Types::OBJECT) && !t.has(Types::ARRAY)
    };
    // One member: a body of several (an unwrapped quota set) is a record.
    if shape.properties.len() != 1 || !shape.properties.iter().all(|(_, c)| scalar(c)) {
        return;
    }
    // One sampled value does not type the others (`cipher` is a string,
    // `key_size` of the same map an integer): the values stay untyped.
    let values = std::mem::take(&mut shape.properties)
        .into_iter()
        .map(|(_, value)| value)
        .reduce(Shape::merge)
        .map(|mut value| {
            untype_undocumented(&mut value);
            value
        });
    shape.additional = values.map(Box::new);
    shape.required.clear();
    shape.always = None;
    shape.vendor.insert("map-key".into(), json!(name));
}

/// A documented name with a placeholder (`gigabytes_{volume_type}`)
/// stands for many keys of the object in scope: its schema becomes that
/// object's `additionalProperties` (JSON Schema 2020-12
/// `patternProperties` is not in the emitter's model), the names are kept
/// as `key-patterns` in the object's vendor data, and sampled keys it
/// covers (`gigabytes_lvm`) count as documented. Such a name is never a
/// property, so it is never a missing required one either.
pub(super) fn placeholder_keys(
    root: &mut Shape,
    scope: &Path,
    param: &Parameter,
    diags: &mut Diagnostics,
) -> bool {
    let Some((prefix, rest)) = param.name.split_once('{') else {
        return false;
    };
    let Some((_, suffix)) = rest.split_once('}') else {
        return false;
    };
    let declared = declared_of(param, diags);
    let Some(target) = node_mut(root, scope) else {
        return false;
    };
    if !(target.types.is_any() || target.types.has(Types::OBJECT)) {
        return false;
    }
    let value = documented_shape(param, declared);
    for (key, child) in &mut target.properties {
        let covered = key.len() > prefix.len() + suffix.len()
            && key.starts_with(prefix)
            && key.ends_with(suffix);
        if covered && !child.documented {
            child.documented = true;
            child.description.clone_from(&value.description);
        }
    }
    target.additional = Some(Box::new(match target.additional.take() {
        Some(existing) => existing.merge(value),
        None => value,
    }));
    let patterns = target
        .vendor
        .entry("key-patterns".to_string())
        .or_insert_with(|| json!([]));
    if let Value::Array(names) = patterns {
        names.push(json!(param.name));
    }
    true
}

/// A parameter no sample names, in an object none of whose sample keys any
/// parameter of the table names, is a placeholder for those keys
/// (`network_label` in `{"addresses": {"private": [...]}}`, `spec` in
/// `{"key1": "value1"}`): the object is a map and the keys are data.
pub(super) fn stands_for_keys(
    root: &mut Shape,
    scope: &Path,
    param: &Parameter,
    later: &[Parameter],
) -> bool {
    let declared = param.ty.as_deref().and_then(types::declared);
    let Some(target) = node_mut(root, scope) else {
        return false;
    };
    // Cheapest tests first: this runs for every row no sample shows, and
    // the last two cost a pass over the object (and the rest of the table).
    let fits = target.sampled
        && target.types.has(Types::OBJECT)
        && target.additional.is_none()
        && !target.properties.is_empty()
        && target
            .properties
            .iter()
            .all(|(_, c)| !c.documented && declared.is_none_or(|d| d.types.accepts(c.types)));
    if !fits {
        return false;
    }
    let keys: rustc_hash::FxHashSet<&str> =
        target.properties.iter().map(|(k, _)| k.as_str()).collect();
    if later.iter().any(|p| keys.contains(p.name.as_str())) {
        return false;
    }
    // A near miss of a sample key (`attachement` for `attachment`) is a
    // misspelled wrapper, not a name for data keys. So is a name that
    // extends a sample key by whole words (`target_project_id` for a
    // sampled `project_id`): a renamed field whose sample was not updated;
    // data keys are no field names.
    if near_miss(&target.names(), &param.name).is_some()
        || keys.iter().any(|key| extends_by_words(&param.name, key))
    {
        return false;
    }
    for (_, value) in &mut target.properties {
        value.documented = true;
        if !param.description.trim().is_empty() {
            value.description = Some(param.description.trim().to_string());
        }
        value.vendor.extend(range_vendor(&param.microversions));
    }
    target.keyed_by = Some(param.name.clone());
    true
}

/// Whether `name` is `key` with whole `_`-separated words added before or
/// after it (`target_project_id` and `project_id`).
pub(super) fn extends_by_words(name: &str, key: &str) -> bool {
    name.len() > key.len()
        && (name
            .strip_suffix(key)
            .is_some_and(|head| head.ends_with('_'))
            || name
                .strip_prefix(key)
                .is_some_and(|tail| tail.starts_with('_')))
}

/// Documented objects whose members no table documents are free-form
/// (`metadata`, `connection_info`, `capabilities`): one sample's values
/// say nothing about what the service may put there, so their members get
/// no types and any other member is allowed (`additionalProperties: true`).
/// One whose sampled values are all strings is a map (`metadata`,
/// `extra_specs`): its sample keys are data and are dropped. Any other
/// (`{"in_use": 0, "limit": 20}`, nested ones) keeps its sample members,
/// untyped, for the reader. An object whose keys a placeholder parameter
/// names (`network_label`) is a map whose values that parameter documents:
/// those keep their types.
pub(super) fn collapse_maps(shape: &mut Shape) {
    for (_, child) in &mut shape.properties {
        collapse_maps(child);
    }
    if let Some(items) = shape.items.as_deref_mut() {
        collapse_maps(items);
    }
    if let Some(key) = shape.keyed_by.take() {
        let values = std::mem::take(&mut shape.properties)
            .into_iter()
            .map(|(_, value)| value)
            .reduce(Shape::merge);
        shape.additional = values.map(Box::new);
        shape.required.clear();
        shape.always = None;
        shape.vendor.insert("map-key".into(), json!(key));
        return;
    }
    let free_form = shape.declared_object
        && !shape.properties.is_empty()
        && shape.properties.iter().all(|(_, c)| !c.documented);
    if !free_form {
        return;
    }
    let string_map = shape.properties.iter().all(|(_, c)| {
        let non_null = c.types.without(Types::NULL);
        !c.types.is_any() && (non_null == Types::STRING || non_null.is_any())
    });
    if string_map {
        shape.properties.clear();
        shape.required.clear();
        shape.always = None;
    } else {
        for (_, child) in &mut shape.properties {
            untype_undocumented(child);
        }
    }
    shape.additional = Some(Box::default());
}

/// Drops what one sample value implied (type, format, status values) from
/// every undocumented spot at or below `shape`; documented spots keep
/// what their table says.
pub(super) fn untype_undocumented(shape: &mut Shape) {
    if !shape.documented {
        // Containers stay containers (or null), so their sampled members
        // and items still show; scalars may be anything.
        let container = shape.types.without(Types::NULL);
        shape.types = if container == Types::ARRAY || container == Types::OBJECT {
            container.with(Types::NULL)
        } else {
            Types::ANY
        };
        shape.format = None;
        shape.enumeration = None;
    }
    shape.children_mut().for_each(untype_undocumented);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extends_by_words_needs_whole_words() {
        assert!(extends_by_words("target_project_id", "project_id"));
        assert!(extends_by_words("project_id_new", "project_id"));
        assert!(!extends_by_words("subproject_id", "project_id"));
        assert!(!extends_by_words("project_id", "project_id"));
    }
}
