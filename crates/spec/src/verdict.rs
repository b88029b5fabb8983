//! A quick verdict on an instance against a schema, with no compilation:
//! the schema and the instance are walked together, keyword by keyword.
//!
//! Why: every example of a generated spec is validated against its schema
//! (`speclift_openapi::check_examples`), and compiling a schema with
//! jsonschema costs far more than walking one example through it — a
//! compile per schema was an eighth of `gen`'s instructions on Cinder.
//! The schemas speclift writes use a dozen keywords, which are decided
//! here exactly; anything else (another keyword, a reference that is not a
//! plain `#/components/schemas/NAME`, a number that is not a plain integer
//! where equality is asked) is [`Verdict::Unsure`], and the caller
//! compiles the schema as before. Whatever jsonschema rejects is never
//! [`Verdict::Valid`] here (a differential test holds to it), so the
//! verdicts callers act on, and every error message, stay jsonschema's.

use serde_json::{Map, Value};

/// What the walk could tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Valid,
    Invalid,
    /// A keyword or reference outside what is decided here.
    Unsure,
}

use Verdict::{Invalid, Unsure, Valid};

impl Verdict {
    /// Both hold: invalid as soon as one is, unsure while one may fail.
    fn and(self, other: Verdict) -> Verdict {
        match (self, other) {
            (Invalid, _) | (_, Invalid) => Invalid,
            (Unsure, _) | (_, Unsure) => Unsure,
            (Valid, Valid) => Valid,
        }
    }
}

/// References followed in a row before giving up: a recursive schema
/// walked with a recursive instance ends, but is never worth the walk.
const MAX_DEPTH: usize = 64;

/// A schema checked to be one the walk decides: every keyword in it and in
/// the components it reaches is one [`Quick::verdict`] knows, with a value
/// of the shape the 2020-12 meta-schema asks for, so that the schema
/// compiles (jsonschema refuses one that does not, and that refusal must
/// not be skipped).
#[derive(Clone, Copy, Debug)]
pub struct Quick<'s> {
    schema: &'s Value,
    schemas: Option<&'s Map<String, Value>>,
}

/// [`Quick`] for `schema`, `#/components/schemas/NAME` references resolved
/// in `components` as in the document; `None` when the schema or a
/// component it reaches uses anything else.
pub fn quick<'s>(schema: &'s Value, components: Option<&'s Value>) -> Option<Quick<'s>> {
    let schemas = components
        .and_then(|c| c.get("schemas"))
        .and_then(Value::as_object);
    let mut reached = Vec::new();
    well_formed(schema, schemas, &mut reached).then_some(Quick { schema, schemas })
}

impl Quick<'_> {
    /// `instance` against the schema (2020-12).
    pub fn verdict(&self, instance: &Value) -> Verdict {
        check(self.schema, self.schemas, instance, 0)
    }
}

const TYPES: [&str; 7] = [
    "null", "boolean", "string", "array", "object", "number", "integer",
];

/// Whether `schema` keeps to the keywords decided here, each with a value
/// the meta-schema accepts; `reached` holds the components already
/// checked (a recursive one is checked once).
fn well_formed<'s>(
    schema: &'s Value,
    schemas: Option<&'s Map<String, Value>>,
    reached: &mut Vec<&'s str>,
) -> bool {
    let map = match schema {
        Value::Bool(_) => return true,
        Value::Object(map) => map,
        _ => return false,
    };
    let strings = |v: &Value| v.as_array().is_some_and(|l| l.iter().all(Value::is_string));
    let unique = |l: &Vec<Value>| l.iter().enumerate().all(|(i, a)| !l[..i].contains(a));
    map.iter().all(|(keyword, value)| match keyword.as_str() {
        "type" => match value {
            Value::String(t) => TYPES.contains(&t.as_str()),
            Value::Array(l) => {
                !l.is_empty()
                    && unique(l)
                    && l.iter()
                        .all(|t| t.as_str().is_some_and(|t| TYPES.contains(&t)))
            }
            _ => false,
        },
        "enum" => value.is_array(),
        "required" => strings(value) && value.as_array().is_some_and(unique),
        "properties" => value
            .as_object()
            .is_some_and(|p| p.values().all(|s| well_formed(s, schemas, reached))),
        "additionalProperties" | "propertyNames" | "items" => well_formed(value, schemas, reached),
        "allOf" | "anyOf" | "oneOf" => value
            .as_array()
            .is_some_and(|l| !l.is_empty() && l.iter().all(|s| well_formed(s, schemas, reached))),
        "$ref" => {
            let Some(reference) = value.as_str() else {
                return false;
            };
            let Some(target) = component(reference, schemas) else {
                return false;
            };
            if reached.contains(&reference) {
                return true;
            }
            reached.push(reference);
            well_formed(target, schemas, reached)
        }
        "description" | "title" | "$comment" | "format" | "contentMediaType"
        | "contentEncoding" => value.is_string(),
        "deprecated" | "readOnly" | "writeOnly" => value.is_boolean(),
        "examples" => value.is_array(),
        // `example` is OpenAPI's, unknown to JSON Schema: no assertion.
        "const" | "default" | "example" => true,
        k => k.starts_with("x-"),
    })
}

/// `instance` against `schema`, which [`well_formed`] admitted: every
/// keyword in it is one decided below or an annotation.
fn check(
    schema: &Value,
    schemas: Option<&Map<String, Value>>,
    instance: &Value,
    depth: usize,
) -> Verdict {
    if depth > MAX_DEPTH {
        return Unsure;
    }
    let map = match schema {
        Value::Bool(true) => return Valid,
        Value::Bool(false) => return Invalid,
        Value::Object(map) => map,
        _ => return Unsure,
    };
    let mut verdict = Valid;
    for (keyword, value) in map {
        let this = match keyword.as_str() {
            "type" => type_matches(value, instance),
            "enum" => match value {
                Value::Array(allowed) => one_of_values(allowed, instance),
                _ => Unsure,
            },
            "const" => one_of_values(std::slice::from_ref(value), instance),
            "required" => required(value, instance),
            "properties" => properties(value, map, schemas, instance, depth),
            // Read with `properties` where there are any: it applies to the
            // members they leave.
            "additionalProperties" if map.contains_key("properties") => Valid,
            "additionalProperties" => {
                properties(&Value::Object(Map::new()), map, schemas, instance, depth)
            }
            "propertyNames" => match instance {
                Value::Object(object) => object.keys().fold(Valid, |v, key| {
                    v.and(check(
                        value,
                        schemas,
                        &Value::String(key.clone()),
                        depth + 1,
                    ))
                }),
                _ => Valid,
            },
            "items" => match instance {
                Value::Array(list) => list.iter().fold(Valid, |v, item| {
                    v.and(check(value, schemas, item, depth + 1))
                }),
                _ => Valid,
            },
            "allOf" => each_schema(value, |s| check(s, schemas, instance, depth + 1))
                .map_or(Unsure, |all| all.into_iter().fold(Valid, Verdict::and)),
            "anyOf" => each_schema(value, |s| check(s, schemas, instance, depth + 1))
                .map_or(Unsure, |all| some_valid(&all)),
            "oneOf" => each_schema(value, |s| check(s, schemas, instance, depth + 1))
                .map_or(Unsure, |all| exactly_one(&all)),
            "$ref" => match value.as_str().and_then(|r| component(r, schemas)) {
                Some(target) => check(target, schemas, instance, depth + 1),
                None => Unsure,
            },
            // What is left [`well_formed`] admitted as annotations, which
            // assert nothing in 2020-12 as jsonschema applies it (formats
            // and content included), and `x-` extensions.
            _ => Valid,
        };
        verdict = verdict.and(this);
        if verdict == Invalid {
            return Invalid;
        }
    }
    verdict
}

fn type_matches(types: &Value, instance: &Value) -> Verdict {
    let one = |name: &Value| match name.as_str() {
        Some(name) => match is_type(name, instance) {
            Some(true) => Valid,
            Some(false) => Invalid,
            None => Unsure,
        },
        None => Unsure,
    };
    match types {
        Value::String(_) => one(types),
        Value::Array(names) => some_valid(&names.iter().map(one).collect::<Vec<_>>()),
        _ => Unsure,
    }
}

/// `None`: a type name this does not know, or a number whose integer-ness
/// depends on how a validator reads floats.
fn is_type(name: &str, instance: &Value) -> Option<bool> {
    Some(match name {
        "null" => instance.is_null(),
        "boolean" => instance.is_boolean(),
        "string" => instance.is_string(),
        "array" => instance.is_array(),
        "object" => instance.is_object(),
        "number" => instance.is_number(),
        "integer" => match instance {
            Value::Number(n) if n.is_f64() => return None,
            Value::Number(_) => true,
            _ => false,
        },
        _ => return None,
    })
}

/// `enum`/`const`: equal to one of `allowed`. JSON Schema compares numbers
/// by value (`1` equals `1.0`), which `Value`'s equality does not: where a
/// float could decide it, the answer is unsure.
fn one_of_values(allowed: &[Value], instance: &Value) -> Verdict {
    if allowed.iter().any(|a| a == instance) {
        return Valid;
    }
    if has_float(instance) || allowed.iter().any(has_float) {
        return Unsure;
    }
    Invalid
}

fn has_float(value: &Value) -> bool {
    match value {
        Value::Number(n) => n.is_f64(),
        Value::Array(list) => list.iter().any(has_float),
        Value::Object(map) => map.values().any(has_float),
        _ => false,
    }
}

fn required(names: &Value, instance: &Value) -> Verdict {
    let Value::Array(names) = names else {
        return Unsure;
    };
    let Value::Object(object) = instance else {
        return Valid;
    };
    let mut verdict = Valid;
    for name in names {
        match name.as_str() {
            Some(name) if !object.contains_key(name) => return Invalid,
            Some(_) => {}
            None => verdict = Unsure,
        }
    }
    verdict
}

/// `properties` and `additionalProperties` together: each member of the
/// instance against its property's schema, or the additional one (no
/// `patternProperties`: [`well_formed`] admits none).
fn properties(
    properties: &Value,
    schema: &Map<String, Value>,
    schemas: Option<&Map<String, Value>>,
    instance: &Value,
    depth: usize,
) -> Verdict {
    let Value::Object(properties) = properties else {
        return Unsure;
    };
    let Value::Object(object) = instance else {
        return Valid;
    };
    let additional = schema.get("additionalProperties");
    let mut verdict = Valid;
    for (key, member) in object {
        let this = match (properties.get(key), additional) {
            (Some(s), _) | (None, Some(s)) => check(s, schemas, member, depth + 1),
            (None, None) => Valid,
        };
        verdict = verdict.and(this);
        if verdict == Invalid {
            return Invalid;
        }
    }
    verdict
}

/// `f` of each schema of a list keyword; `None` when it is not a list.
fn each_schema(value: &Value, f: impl Fn(&Value) -> Verdict) -> Option<Vec<Verdict>> {
    Some(value.as_array()?.iter().map(f).collect())
}

fn some_valid(verdicts: &[Verdict]) -> Verdict {
    if verdicts.contains(&Valid) {
        Valid
    } else if verdicts.contains(&Unsure) {
        Unsure
    } else {
        Invalid
    }
}

fn exactly_one(verdicts: &[Verdict]) -> Verdict {
    if verdicts.contains(&Unsure) {
        return Unsure;
    }
    match verdicts.iter().filter(|v| **v == Valid).count() {
        1 => Valid,
        _ => Invalid,
    }
}

/// The schema `#/components/schemas/NAME` names, for a plain name.
fn component<'s>(reference: &str, schemas: Option<&'s Map<String, Value>>) -> Option<&'s Value> {
    let name = reference.strip_prefix("#/components/schemas/")?;
    if name.contains(['/', '~', '%']) {
        return None;
    }
    schemas?.get(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    /// The components every generated schema may refer to; `Tree` refers
    /// to itself.
    fn components() -> Value {
        json!({"schemas": {
            "Id": {"type": "string", "format": "uuid"},
            "Size": {"type": ["integer", "null"], "description": "GiB"},
            "Tree": {"type": "object", "properties": {
                "name": {"type": "string"},
                "children": {"type": "array", "items": {"$ref": "#/components/schemas/Tree"}}
            }, "required": ["name"]}
        }})
    }

    /// jsonschema's verdict; `None` when it does not compile the schema.
    fn jsonschema_valid(schema: &Value, instance: &Value) -> Option<bool> {
        let components = components();
        let validator = crate::validation::compile(schema, Some(&components)).ok()?;
        Some(validator.is_valid(instance))
    }

    fn verdict(schema: &Value, components: Option<&Value>, instance: &Value) -> Verdict {
        quick(schema, components).map_or(Unsure, |q| q.verdict(instance))
    }

    fn scalar() -> impl Strategy<Value = Value> {
        prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            Just(json!(0)),
            Just(json!(1)),
            Just(json!(-7)),
            Just(json!(1.5)),
            Just(json!(2.0)),
            Just(json!(u64::MAX)),
            Just(json!("")),
            Just(json!("a")),
            Just(json!("x")),
            Just(json!("2015-09-16T09:28:52Z")),
            Just(json!("not a date")),
            Just(json!("8e7d0f2e-1c4b-4e8e-9b0a-2f2b7f0c9d11")),
        ]
    }

    fn instance() -> impl Strategy<Value = Value> {
        scalar().prop_recursive(4, 24, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::btree_map(
                    prop::sample::select(vec!["a", "b", "name", "children", "x-y"]),
                    inner,
                    0..4
                )
                .prop_map(|m| Value::Object(
                    m.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
                )),
            ]
        })
    }

    fn type_name() -> impl Strategy<Value = Value> {
        prop::sample::select(vec![
            "null", "boolean", "string", "array", "object", "number", "integer",
        ])
        .prop_map(|t| json!(t))
    }

    /// Schemas built from the keywords the emitter writes, and a few it
    /// does not (which must come out unsure, or right).
    fn schema() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            type_name().prop_map(|t| json!({"type": t})),
            prop::collection::vec(type_name(), 1..3).prop_map(|t| json!({"type": t})),
            prop::collection::vec(scalar(), 1..4).prop_map(|e| json!({"enum": e})),
            scalar().prop_map(|c| json!({"const": c})),
            any::<bool>().prop_map(Value::Bool),
            prop::sample::select(vec!["Id", "Size", "Tree", "Missing"])
                .prop_map(|n| json!({"$ref": format!("#/components/schemas/{n}")})),
            Just(json!({"type": "string", "format": "date-time"})),
            Just(
                json!({"type": "string", "format": "uuid", "contentMediaType": "application/json"})
            ),
            Just(json!({"type": "string", "minLength": 2})),
            Just(json!({"description": "d", "x-openstack": {"a": 1}, "title": "t"})),
            Just(json!({})),
        ];
        leaf.prop_recursive(3, 24, 3, |inner| {
            let names = prop::sample::select(vec!["a", "b", "name"]);
            prop_oneof![
                (
                    prop::collection::btree_map(names.clone(), inner.clone(), 0..3),
                    prop::collection::vec(names, 0..3),
                    prop::option::of(inner.clone()),
                    prop::option::of(inner.clone()),
                )
                    .prop_map(|(props, required, additional, property_names)| {
                        let mut s =
                            json!({"type": "object", "properties": props, "required": required});
                        if let Some(a) = additional {
                            s["additionalProperties"] = a;
                        }
                        if let Some(p) = property_names {
                            s["propertyNames"] = p;
                        }
                        s
                    }),
                inner
                    .clone()
                    .prop_map(|i| json!({"additionalProperties": i})),
                inner
                    .clone()
                    .prop_map(|i| json!({"type": "array", "items": i})),
                prop::collection::vec(inner.clone(), 1..3).prop_map(|l| json!({"anyOf": l})),
                prop::collection::vec(inner.clone(), 1..3).prop_map(|l| json!({"oneOf": l})),
                prop::collection::vec(inner.clone(), 1..3).prop_map(|l| json!({"allOf": l})),
                (inner.clone(), inner).prop_map(|(a, b)| {
                    let mut s = a;
                    if let (Value::Object(s), Value::Object(b)) = (&mut s, b) {
                        s.extend(b);
                    }
                    s
                }),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Sure verdicts are jsonschema's verdicts.
        #[test]
        fn a_sure_verdict_is_the_verdict_of_jsonschema(schema in schema(), instance in instance()) {
            let components = components();
            let theirs = jsonschema_valid(&schema, &instance);
            // A schema taken here compiles.
            if let Some(q) = quick(&schema, Some(&components)) {
                match q.verdict(&instance) {
                    Valid => prop_assert_eq!(theirs, Some(true), "said valid"),
                    Invalid => prop_assert_eq!(theirs, Some(false), "said invalid"),
                    Unsure => prop_assert!(theirs.is_some()),
                }
            }
        }
    }

    #[test]
    fn the_keywords_the_emitter_writes_are_decided() {
        let components = components();
        let schema = json!({"type": "object", "properties": {
            "id": {"$ref": "#/components/schemas/Id"},
            "size": {"$ref": "#/components/schemas/Size"},
            "tags": {"type": "array", "items": {"type": "string"}},
            "status": {"type": "string", "enum": ["ok", "error"]},
            "metadata": {"type": "object", "additionalProperties": {"type": "string"},
                         "propertyNames": {"type": "string"}},
            "either": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
        }, "required": ["id"], "description": "x", "x-openstack": {}});
        let good = json!({"id": "i", "size": null, "tags": ["a"], "status": "ok",
                          "metadata": {"k": "v"}, "either": 3});
        assert_eq!(verdict(&schema, Some(&components), &good), Valid);
        for bad in [
            json!({"size": 1}),
            json!({"id": "i", "size": "big"}),
            json!({"id": "i", "tags": [1]}),
            json!({"id": "i", "status": "maybe"}),
            json!({"id": "i", "metadata": {"k": 1}}),
            json!({"id": "i", "either": true}),
            json!([]),
        ] {
            assert_eq!(verdict(&schema, Some(&components), &bad), Invalid, "{bad}");
            assert_eq!(jsonschema_valid(&schema, &bad), Some(false), "{bad}");
        }
    }

    #[test]
    fn what_is_not_decided_here_is_unsure() {
        let components = components();
        for schema in [
            json!({"minLength": 3}),
            json!({"$ref": "#/components/schemas/Missing"}),
            json!({"$ref": "other.json#/x"}),
            json!({"patternProperties": {"^a": true}, "properties": {}}),
            json!({"type": "integer"}),
        ] {
            assert_eq!(
                verdict(&schema, Some(&components), &json!(2.0)),
                Unsure,
                "{schema}"
            );
        }
    }
}
