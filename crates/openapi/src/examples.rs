//! Checking every example of a serialized OpenAPI document against its
//! schema.

use serde_json::Value;
use speclift_spec::refs::{escape, push_escaped};
use speclift_spec::validation::{compile, errors};
use speclift_spec::verdict::Verdict;

/// An example that does not validate against its schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExampleFailure {
    /// JSON pointer of the example in the document.
    pub pointer: String,
    pub errors: Vec<String>,
}

/// Walk a serialized OpenAPI document and validate every JSON example
/// (media-type `example`, `examples.*.value`, parameter and header
/// examples, schema `examples`) against its schema, resolving `$ref`s into
/// the document's components.
pub fn check_examples(doc: &Value) -> Vec<ExampleFailure> {
    use rayon::prelude::*;
    let components = doc.get("components");
    let mut checker = Checker { jobs: Vec::new() };
    checker.walk(doc, &mut String::new());
    // Compiling a schema dominates; the schemas are independent, so they
    // are spread over the cores, and the failures kept in walk order.
    checker
        .jobs
        .into_par_iter()
        .flat_map_iter(|(schema, instances)| check_all(schema, components, instances))
        .collect()
}

/// A schema and the examples to validate against it, with their pointers.
type Job<'d> = (&'d Value, Vec<(&'d Value, String)>);

struct Checker<'d> {
    jobs: Vec<Job<'d>>,
}

/// Child keywords of a schema that hold one subschema.
const SUBSCHEMA: [&str; 10] = [
    "items",
    "additionalProperties",
    "propertyNames",
    "not",
    "contains",
    "if",
    "then",
    "else",
    "unevaluatedItems",
    "unevaluatedProperties",
];
/// … a list of subschemas.
const SUBSCHEMA_LISTS: [&str; 4] = ["oneOf", "anyOf", "allOf", "prefixItems"];
/// … a map of subschemas.
const SUBSCHEMA_MAPS: [&str; 4] = [
    "properties",
    "patternProperties",
    "$defs",
    "dependentSchemas",
];

impl<'d> Checker<'d> {
    /// Any document object: one with a `schema` (media type, parameter,
    /// header) has its examples checked; example payloads are never walked
    /// into, since they are data, not document structure.
    fn walk(&mut self, node: &'d Value, pointer: &mut String) {
        match node {
            Value::Object(map) => {
                if let Some(schema) = map.get("schema") {
                    self.check_holder(map, schema, pointer);
                }
                for (key, child) in map {
                    let len = pointer.len();
                    pointer.push('/');
                    push_escaped(pointer, key);
                    match key.as_str() {
                        "schema" => self.walk_schema(child, pointer),
                        "example" | "examples" if map.contains_key("schema") => {}
                        "schemas" if pointer == "/components/schemas" => {
                            if let Value::Object(schemas) = child {
                                for (name, schema) in schemas {
                                    let len = pointer.len();
                                    pointer.push('/');
                                    push_escaped(pointer, name);
                                    self.walk_schema(schema, pointer);
                                    pointer.truncate(len);
                                }
                            }
                        }
                        _ => self.walk(child, pointer),
                    }
                    pointer.truncate(len);
                }
            }
            Value::Array(list) => {
                for (i, child) in list.iter().enumerate() {
                    let len = pointer.len();
                    pointer.push_str(&format!("/{i}"));
                    self.walk(child, pointer);
                    pointer.truncate(len);
                }
            }
            _ => {}
        }
    }

    fn check_holder(
        &mut self,
        holder: &'d serde_json::Map<String, Value>,
        schema: &'d Value,
        at: &str,
    ) {
        let mut instances: Vec<(&Value, String)> = Vec::new();
        if let Some(example) = holder.get("example") {
            instances.push((example, format!("{at}/example")));
        }
        if let Some(Value::Object(examples)) = holder.get("examples") {
            for (name, example) in examples {
                if let Some(value) = example.get("value") {
                    instances.push((value, format!("{at}/examples/{}/value", escape(name))));
                }
            }
        }
        self.check_all(schema, instances);
    }

    fn walk_schema(&mut self, schema: &'d Value, pointer: &mut String) {
        let Value::Object(map) = schema else { return };
        let mut instances: Vec<(&Value, String)> = Vec::new();
        if let Some(example) = map.get("example") {
            instances.push((example, format!("{pointer}/example")));
        }
        if let Some(Value::Array(examples)) = map.get("examples") {
            for (i, example) in examples.iter().enumerate() {
                instances.push((example, format!("{pointer}/examples/{i}")));
            }
        }
        self.check_all(schema, instances);
        for (key, child) in map {
            let len = pointer.len();
            pointer.push('/');
            push_escaped(pointer, key);
            if SUBSCHEMA.contains(&key.as_str()) {
                self.walk_schema(child, pointer);
            } else if SUBSCHEMA_LISTS.contains(&key.as_str()) {
                for (i, sub) in child.as_array().into_iter().flatten().enumerate() {
                    let len = pointer.len();
                    pointer.push_str(&format!("/{i}"));
                    self.walk_schema(sub, pointer);
                    pointer.truncate(len);
                }
            } else if SUBSCHEMA_MAPS.contains(&key.as_str()) {
                for (name, sub) in child.as_object().into_iter().flatten() {
                    let len = pointer.len();
                    pointer.push('/');
                    push_escaped(pointer, name);
                    self.walk_schema(sub, pointer);
                    pointer.truncate(len);
                }
            }
            pointer.truncate(len);
        }
    }

    fn check_all(&mut self, schema: &'d Value, instances: Vec<(&'d Value, String)>) {
        if !instances.is_empty() {
            self.jobs.push((schema, instances));
        }
    }
}

/// Validates every instance against `schema`. An instance the quick walk
/// finds valid needs nothing more; the schema is compiled (once) only for
/// the rest, which it judges and words the errors of: compiling dominated
/// the cost of this check.
fn check_all(
    schema: &Value,
    components: Option<&Value>,
    mut instances: Vec<(&Value, String)>,
) -> Vec<ExampleFailure> {
    if let Some(quick) = speclift_spec::verdict::quick(schema, components) {
        instances.retain(|(instance, _)| quick.verdict(instance) != Verdict::Valid);
        if instances.is_empty() {
            return Vec::new();
        }
    }
    let validator = compile(schema, components);
    let mut failures = Vec::new();
    for (instance, pointer) in instances {
        let errors: Vec<String> = match &validator {
            Ok(validator) => errors(validator, instance, usize::MAX),
            Err(e) => vec![format!("the schema does not compile: {e}")],
        };
        if !errors.is_empty() {
            failures.push(ExampleFailure { pointer, errors });
        }
    }
    failures
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(schema: Value, value: Value) -> Value {
        json!({
            "openapi": "3.1.0",
            "paths": {"/a/{id}": {"post": {
                "requestBody": {"content": {"application/json": {
                    "schema": schema,
                    "examples": {"first": {"value": value}}
                }}},
                "responses": {}
            }}},
            "components": {"schemas": {
                "Size": {"type": "integer", "examples": ["big"]}
            }}
        })
    }

    #[test]
    fn valid_examples_pass() {
        let d = doc(
            json!({"type": "object", "properties": {"size": {"$ref": "#/components/schemas/Size"}}}),
            json!({"size": 1}),
        );
        let failures = check_examples(&d);
        // Only the deliberately bad component example fails.
        assert_eq!(failures.len(), 1, "{failures:?}");
        assert_eq!(failures[0].pointer, "/components/schemas/Size/examples/0");
    }

    #[test]
    fn invalid_media_example_is_reported_with_its_pointer() {
        let d = doc(
            json!({"type": "object", "properties": {"size": {"$ref": "#/components/schemas/Size"}}}),
            json!({"size": "ten"}),
        );
        let failures = check_examples(&d);
        let media = failures
            .iter()
            .find(|f| f.pointer.starts_with("/paths"))
            .expect("the media example must fail");
        assert_eq!(
            media.pointer,
            "/paths/~1a~1{id}/post/requestBody/content/application~1json/examples/first/value"
        );
        assert!(
            media.errors.iter().any(|e| e.contains("/size")),
            "{:?}",
            media.errors
        );
    }

    #[test]
    fn parameter_examples_and_schema_examples_are_checked() {
        let d = json!({
            "paths": {"/x": {"get": {"parameters": [
                {"name": "limit", "in": "query", "schema": {"type": "integer"}, "example": "many"}
            ], "responses": {"200": {"description": "OK", "content": {"application/json": {
                "schema": {"type": "object", "properties": {
                    "n": {"type": "integer", "examples": [1, "two"]}
                }}
            }}}}}}}
        });
        let pointers: Vec<_> = check_examples(&d).into_iter().map(|f| f.pointer).collect();
        assert_eq!(
            pointers,
            [
                "/paths/~1x/get/parameters/0/example",
                "/paths/~1x/get/responses/200/content/application~1json/schema/properties/n/examples/1",
            ]
        );
    }
}
