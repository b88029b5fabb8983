//! Compiling a schema of a spec for validating instances (examples, live
//! responses) against it, so that the emitter's example check and the
//! contract checker judge by the same rules.

use jsonschema::Draft;
use serde_json::Value;

/// Every `$ref` string in `v`.
fn refs<'v>(v: &'v Value, out: &mut Vec<&'v str>) {
    match v {
        Value::Object(map) => {
            for (key, child) in map {
                match (key.as_str(), child) {
                    ("$ref", Value::String(r)) => out.push(r),
                    _ => refs(child, out),
                }
            }
        }
        Value::Array(list) => list.iter().for_each(|c| refs(c, out)),
        _ => {}
    }
}

/// The part of `components` that the references `pending` (a schema's
/// `$ref`s) reach, transitively, or `None` when a reference is not a plain
/// `#/components/<kind>/<name>` (then all of `components` goes along).
/// Copying only that part keeps compiling one example's schema
/// proportional to what it uses, not to the whole document.
fn reachable_components<'v>(mut pending: Vec<&'v str>, components: &'v Value) -> Option<Value> {
    let mut out = serde_json::Map::new();
    while let Some(reference) = pending.pop() {
        let rest = reference.strip_prefix("#/components/")?;
        let (kind, name) = rest.split_once('/')?;
        if name.contains(['/', '~']) {
            return None;
        }
        let target = components.get(kind)?.get(name)?;
        let slot = out
            .entry(kind)
            .or_insert_with(|| Value::Object(serde_json::Map::new()));
        let Value::Object(slot) = slot else {
            return None;
        };
        if !slot.contains_key(name) {
            slot.insert(name.to_string(), target.clone());
            refs(target, &mut pending);
        }
    }
    Some(Value::Object(out))
}

/// A validator for `schema` (JSON Schema 2020-12), with the document's
/// `components` beside it so `#/components/...` references resolve as they
/// do in the document. The emitter's example check and the contract
/// checker both compile through it, so examples and live responses are
/// judged by the same rules.
pub fn compile(
    schema: &Value,
    components: Option<&Value>,
) -> Result<jsonschema::Validator, String> {
    let options = jsonschema::options().with_draft(Draft::Draft202012);
    let mut found = Vec::new();
    refs(schema, &mut found);
    match (schema, components) {
        (Value::Object(map), Some(components)) if !found.is_empty() => {
            let mut root = map.clone();
            root.entry("components").or_insert_with(|| {
                reachable_components(found, components).unwrap_or_else(|| components.clone())
            });
            options.build(&Value::Object(root))
        }
        _ => options.build(schema),
    }
    .map_err(|e| e.to_string())
}

/// At most `max` validation errors of `instance`, each prefixed with the
/// instance path it is about.
pub fn errors(validator: &jsonschema::Validator, instance: &Value, max: usize) -> Vec<String> {
    validator
        .iter_errors(instance)
        .take(max)
        .map(|e| {
            let at = e.instance_path().as_str().to_string();
            if at.is_empty() {
                e.to_string()
            } else {
                format!("{at}: {e}")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_reachable_components_go_along() {
        let components = json!({"schemas": {
            "A": {"type": "object", "properties": {"b": {"$ref": "#/components/schemas/B"}}},
            "B": {"type": "integer"},
            "Unused": {"type": "string"}
        }});
        let schema = json!({"items": {"$ref": "#/components/schemas/A"}});
        fn refs_of(schema: &Value) -> Vec<&str> {
            let mut found = Vec::new();
            refs(schema, &mut found);
            found
        }
        let reached = reachable_components(refs_of(&schema), &components).expect("plain refs");
        let names: Vec<_> = reached["schemas"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        assert_eq!(names, ["A", "B"]);
        // A reference of another form takes every component along.
        let odd = json!({"$ref": "#/components/schemas/A/properties/b"});
        assert_eq!(reachable_components(refs_of(&odd), &components), None);
        let validator = compile(&schema, Some(&components)).unwrap();
        assert!(validator.is_valid(&json!([{"b": 1}])));
        assert!(!validator.is_valid(&json!([{"b": "one"}])));
        let validator = compile(&odd, Some(&components)).unwrap();
        assert!(!validator.is_valid(&json!("one")));
    }

    #[test]
    fn errors_name_the_instance_path_and_stop_at_max() {
        let schema = json!({"type": "object", "properties": {
            "a": {"type": "integer"}, "b": {"type": "integer"}}});
        let validator = compile(&schema, None).unwrap();
        let all = errors(&validator, &json!({"a": "x", "b": "y"}), usize::MAX);
        assert_eq!(all.len(), 2, "{all:?}");
        assert!(
            all.iter()
                .all(|e| e.starts_with("/a: ") || e.starts_with("/b: ")),
            "{all:?}"
        );
        assert_eq!(errors(&validator, &json!({"a": "x", "b": "y"}), 1).len(), 1);
        assert!(errors(&validator, &json!({"a": 1}), usize::MAX).is_empty());
        let top = errors(&validator, &json!(3), usize::MAX);
        assert!(!top[0].starts_with('/'), "{top:?}");
        assert!(compile(&json!({"type": 7}), None).is_err());
    }
}
