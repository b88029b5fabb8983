//! Response bodies against the operation's JSON Schema (2020-12), with the
//! spec's `components` beside the schema so `#/components/…` references
//! resolve as they do in the document; and drift: fields the service
//! returns that the docs never mention.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use jsonschema::Validator;
use serde_json::Value;
use speclift_spec::validation;

use crate::spec;

/// At most this many schema errors are reported per response.
const MAX_ERRORS: usize = 10;

/// Compiled validators, one per schema location, shared across requests
/// (compiling costs far more than validating).
#[derive(Default)]
pub struct Validators {
    cache: Mutex<HashMap<String, Arc<Result<Validator, String>>>>,
}

impl Validators {
    /// Errors of `instance` against `schema`; `key` names the schema's
    /// place in the spec for the cache.
    /// `version` is the microversion the request was sent at; see
    /// [`at_version`].
    pub fn validate(
        &self,
        spec: &Value,
        key: &str,
        schema: &Value,
        version: Option<(u32, u32)>,
        instance: &Value,
    ) -> Vec<String> {
        let compiled = {
            let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
            cache
                .entry(format!("{key} @{version:?}"))
                .or_insert_with(|| {
                    Arc::new(validation::compile(
                        &at_version(schema, version),
                        spec.get("components"),
                    ))
                })
                .clone()
        };
        match compiled.as_ref() {
            Ok(v) => validation::errors(v, instance, MAX_ERRORS),
            Err(e) => vec![format!("the documented schema does not compile: {e}")],
        }
    }
}

/// `schema` as the service must satisfy it at `version`: a member whose
/// `x-openstack` range excludes the version (or, with no version sent,
/// any member that needs one) is not required. speclift's emitter already
/// leaves members of fewer versions than their operation out of
/// `required`; this also covers specs written elsewhere. Inline schemas
/// only: members of `$ref`'d components keep their `required`.
pub fn at_version(schema: &Value, version: Option<(u32, u32)>) -> Value {
    let mut out = schema.clone();
    relax(&mut out, version, 0);
    out
}

fn in_range(member: &Value, version: Option<(u32, u32)>) -> bool {
    let Some(range) = member.as_object() else {
        return true;
    };
    let min = spec::min_ver(range).and_then(spec::parse_version);
    let max = spec::max_ver(range).and_then(spec::parse_version);
    match version {
        None => min.is_none(),
        Some(v) => min.is_none_or(|m| m <= v) && max.is_none_or(|m| m >= v),
    }
}

fn relax(schema: &mut Value, version: Option<(u32, u32)>, depth: usize) {
    let Value::Object(map) = schema else { return };
    if depth > 64 {
        return;
    }
    if let Some(props) = map.get("properties").and_then(Value::as_object) {
        let out_of_range: Vec<String> = props
            .iter()
            .filter(|(_, m)| !in_range(m, version))
            .map(|(k, _)| k.clone())
            .collect();
        if let Some(Value::Array(required)) = map.get_mut("required") {
            required.retain(|r| {
                r.as_str()
                    .is_none_or(|r| !out_of_range.iter().any(|o| o == r))
            });
        }
    }
    for (key, child) in map.iter_mut() {
        match key.as_str() {
            "properties" | "patternProperties" | "$defs" => {
                if let Value::Object(members) = child {
                    members
                        .values_mut()
                        .for_each(|m| relax(m, version, depth + 1));
                }
            }
            "allOf" | "anyOf" | "oneOf" | "prefixItems" => {
                if let Value::Array(list) = child {
                    list.iter_mut().for_each(|m| relax(m, version, depth + 1));
                }
            }
            "items" | "additionalProperties" | "not" | "if" | "then" | "else" => {
                relax(child, version, depth + 1)
            }
            _ => {}
        }
    }
}

/// JSON pointers of object members in `instance` that `schema` does not
/// mention. A schema that says nothing about an object's members (no
/// `properties`) or allows any (`additionalProperties`/`patternProperties`)
/// documents them all.
pub fn drift(spec: &Value, schema: &Value, instance: &Value) -> Vec<String> {
    let mut out = Vec::new();
    walk(spec, schema, instance, &mut String::new(), &mut out, 0);
    out
}

fn walk(
    spec: &Value,
    schema: &Value,
    instance: &Value,
    pointer: &mut String,
    out: &mut Vec<String>,
    depth: usize,
) {
    if depth > 64 {
        return;
    }
    let schema = spec::resolve(spec, schema);
    // Members documented by any branch of a composition count.
    let branches: Vec<&Value> = std::iter::once(schema)
        .chain(
            ["allOf", "anyOf", "oneOf"]
                .iter()
                .filter_map(|k| schema.get(*k).and_then(Value::as_array))
                .flatten()
                .map(|b| spec::resolve(spec, b)),
        )
        .collect();
    match instance {
        Value::Object(map) => {
            let open = branches.iter().any(|b| {
                b.get("patternProperties").is_some()
                    || b.get("additionalProperties")
                        .is_some_and(|a| a != &Value::Bool(false))
            });
            let has_props = branches.iter().any(|b| b.get("properties").is_some());
            for (key, value) in map {
                let sub = branches
                    .iter()
                    .find_map(|b| b.get("properties").and_then(|p| p.get(key)))
                    .or_else(|| {
                        branches
                            .iter()
                            .find_map(|b| b.get("additionalProperties").filter(|a| a.is_object()))
                    });
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&spec::escape(key));
                match sub {
                    Some(sub) => walk(spec, sub, value, pointer, out, depth + 1),
                    None if has_props && !open => out.push(pointer.clone()),
                    None => {}
                }
                pointer.truncate(len);
            }
        }
        Value::Array(items) => {
            if let Some(item_schema) = branches.iter().find_map(|b| b.get("items")) {
                // One report per field, not per element: elements share a shape.
                let mut seen = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    let len = pointer.len();
                    pointer.push_str(&format!("/{i}"));
                    let mut found = Vec::new();
                    walk(spec, item_schema, item, pointer, &mut found, depth + 1);
                    pointer.truncate(len);
                    for f in found {
                        let generic = generalise(&f, len);
                        if !seen.contains(&generic) {
                            seen.push(generic);
                        }
                    }
                }
                out.extend(seen);
            }
        }
        _ => {}
    }
}

/// `/xs/3/extra` → `/xs/*/extra` (the index right after `prefix_len`).
fn generalise(pointer: &str, prefix_len: usize) -> String {
    let (head, tail) = pointer.split_at(prefix_len.min(pointer.len()));
    let rest = tail.trim_start_matches('/');
    let after = rest.find('/').map(|i| &rest[i..]).unwrap_or("");
    format!("{head}/*{after}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec() -> Value {
        json!({"components": {"schemas": {
            "Thing": {"type": "object", "required": ["id"], "properties": {
                "id": {"type": "string"},
                "metadata": {"type": "object", "additionalProperties": {"type": "string"}}
            }}
        }}})
    }

    #[test]
    fn validates_with_component_refs() {
        let v = Validators::default();
        let schema = json!({"type": "object", "properties": {"thing": {"$ref": "#/components/schemas/Thing"}}});
        assert!(
            v.validate(&spec(), "k", &schema, None, &json!({"thing": {"id": "1"}}))
                .is_empty()
        );
        let errors = v.validate(&spec(), "k", &schema, None, &json!({"thing": {"id": 1}}));
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].starts_with("/thing/id: "), "{errors:?}");
        let missing = v.validate(&spec(), "k", &schema, None, &json!({"thing": {}}));
        assert!(
            missing[0].contains("\"id\" is a required property"),
            "{missing:?}"
        );
    }

    #[test]
    fn members_outside_the_version_are_not_required() {
        let schema = json!({"type": "object", "required": ["a", "b", "c"], "properties": {
            "a": {"type": "string"},
            "b": {"type": "string", "x-openstack": {"min-ver": "3.41"}},
            "c": {"type": "object", "required": ["d"], "properties": {
                "d": {"x-openstack": {"max-ver": "3.10"}}}}
        }});
        let required = |s: &Value| s["required"].clone();
        assert_eq!(required(&at_version(&schema, None)), json!(["a", "c"]));
        assert_eq!(
            required(&at_version(&schema, Some((3, 41)))),
            json!(["a", "b", "c"])
        );
        let v = at_version(&schema, Some((3, 11)));
        assert_eq!(
            (required(&v), v["properties"]["c"]["required"].clone()),
            (json!(["a", "c"]), json!([]))
        );
    }

    #[test]
    fn broken_schemas_are_reported_not_panicked() {
        let v = Validators::default();
        let errors = v.validate(&spec(), "bad", &json!({"type": 12}), None, &json!(1));
        assert!(errors[0].contains("does not compile"), "{errors:?}");
    }

    #[test]
    fn drift_lists_undocumented_fields_once() {
        let schema = json!({"type": "object", "properties": {"things": {"type": "array",
            "items": {"$ref": "#/components/schemas/Thing"}}}});
        let body = json!({"things": [
            {"id": "1", "new": 1, "metadata": {"any": "x"}},
            {"id": "2", "new": 2}
        ], "links": []});
        assert_eq!(drift(&spec(), &schema, &body), ["/things/*/new", "/links"]);
    }

    #[test]
    fn open_and_composed_schemas_document_their_members() {
        let open = json!({"type": "object", "properties": {"a": {}}, "additionalProperties": true});
        assert!(drift(&spec(), &open, &json!({"a": 1, "b": 2})).is_empty());
        let composed = json!({"allOf": [{"properties": {"a": {}}}, {"properties": {"b": {}}}]});
        assert_eq!(
            drift(&spec(), &composed, &json!({"a": 1, "b": 2, "c": 3})),
            ["/c"]
        );
        let silent = json!({"type": "object"});
        assert!(drift(&spec(), &silent, &json!({"x": 1})).is_empty());
    }
}
