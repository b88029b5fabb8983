//! Body schemas over the real documents: Cinder v2/v3 and Nova from
//! ../shared/corpus, and the embedded api-ref/ inputs. Prints the share of
//! documented body parameter rows placed in a schema, and checks that no
//! schema is empty where an example shows fields.

use std::path::{Path, PathBuf};

use serde_json::Value;
use speclift_model::{ReadOptions, read_path};
use speclift_openapi::{Coverage, check_examples, emit, to_json};
use speclift_spec::refs::resolve;

use speclift_test_support::reference_data as shared;

/// The api-ref/ inputs, found as `cargo xtask specs` finds them.
fn api_ref_inputs() -> Vec<PathBuf> {
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../api-ref"));
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root)
        .expect("api-ref/ exists")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs.into_iter()
        .map(|d| {
            if d.join("api-ref/source/index.rst").is_file() {
                d.join("api-ref/source")
            } else {
                d
            }
        })
        .collect()
}

/// Every emitted document of `input` as JSON, with its coverage added to
/// `total`.
fn documents(input: &Path, total: &mut Coverage) -> Vec<(String, Value)> {
    let (apis, _) = read_path(input, &ReadOptions::default());
    assert!(!apis.is_empty(), "no API read from {}", input.display());
    apis.iter()
        .map(|loaded| {
            let emitted = emit(&loaded.api);
            total.body_rows += emitted.coverage.body_rows;
            total.placed += emitted.coverage.placed;
            let text = to_json(&emitted.openapi).expect("serializes");
            (
                loaded.api.name.clone(),
                serde_json::from_str(&text).expect("parses"),
            )
        })
        .collect()
}

/// Schemas that say nothing about an object the example shows fields of.
fn empty_where_fields(doc: &Value, schema: &Value, value: &Value, at: &str, out: &mut Vec<String>) {
    let schema = resolve(doc, schema);
    for key in ["oneOf", "anyOf", "allOf"] {
        if let Some(list) = schema.get(key).and_then(Value::as_array) {
            for branch in list {
                // `anyOf: [$ref, {type: null}]` (a nullable object): the
                // null branch is not the one an object example is about.
                if branch.get("type") == Some(&Value::from("null")) && !value.is_null() {
                    continue;
                }
                empty_where_fields(doc, branch, value, at, out);
            }
            return;
        }
    }
    match value {
        Value::Object(fields) if !fields.is_empty() => {
            let properties = schema.get("properties").and_then(Value::as_object);
            let additional = schema.get("additionalProperties");
            if properties.is_none_or(|p| p.is_empty()) && additional.is_none() {
                out.push(format!("{at}: {schema}"));
                return;
            }
            for (key, field) in fields {
                let sub = properties
                    .and_then(|p| p.get(key))
                    .or(additional.filter(|a| a.is_object()));
                if let Some(sub) = sub {
                    empty_where_fields(doc, sub, field, &format!("{at}/{key}"), out);
                }
            }
        }
        Value::Array(items) => {
            if let Some(item_schema) = schema.get("items") {
                for (i, item) in items.iter().enumerate() {
                    empty_where_fields(doc, item_schema, item, &format!("{at}/{i}"), out);
                }
            }
        }
        _ => {}
    }
}

/// Walks every media type object (`schema` + `examples`).
fn check_media(doc: &Value, node: &Value, at: &str, out: &mut Vec<String>) {
    match node {
        Value::Object(map) => {
            if let (Some(schema), Some(Value::Object(examples))) =
                (map.get("schema"), map.get("examples"))
            {
                for (name, example) in examples {
                    if let Some(value) = example.get("value") {
                        empty_where_fields(doc, schema, value, &format!("{at} [{name}]"), out);
                    }
                }
            }
            for (key, child) in map {
                if key != "examples" {
                    check_media(doc, child, &format!("{at}/{key}"), out);
                }
            }
        }
        Value::Array(list) => {
            for (i, child) in list.iter().enumerate() {
                check_media(doc, child, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn body_parameters_are_placed_and_schemas_describe_the_examples() {
    let Some(shared) = shared() else { return };
    let corpus = shared.join("corpus");
    let mut inputs = vec![
        corpus.join("cinder/api-ref/source/v2"),
        corpus.join("cinder/api-ref/source/v3"),
        corpus.join("nova/api-ref/source"),
    ];
    inputs.extend(api_ref_inputs());
    let mut total = Coverage::default();
    let mut empty = Vec::new();
    let mut invalid = Vec::new();
    let mut examples = 0;
    for input in &inputs {
        let mut here = Coverage::default();
        for (name, doc) in documents(input, &mut here) {
            examples += count_examples(&doc);
            for failure in check_examples(&doc) {
                invalid.push(format!("{name} {}: {:?}", failure.pointer, failure.errors));
            }
            check_media(&doc, &doc, &name, &mut empty);
        }
        eprintln!(
            "{}: {} of {} body parameter rows placed ({:.1}%)",
            input.display(),
            here.placed,
            here.body_rows,
            here.percent()
        );
        total.body_rows += here.body_rows;
        total.placed += here.placed;
    }
    eprintln!(
        "all: {} of {} body parameter rows placed in a schema ({:.2}%); {examples} examples",
        total.placed,
        total.body_rows,
        total.percent()
    );
    assert!(total.body_rows > 1000, "too few rows: {total:?}");
    assert!(examples > 500, "too few examples: {examples}");
    assert!(
        invalid.is_empty(),
        "{} examples fail: {invalid:#?}",
        invalid.len()
    );
    assert!(total.percent() >= 95.0, "{total:?}");
    assert!(
        empty.is_empty(),
        "{} empty schemas: {empty:#?}",
        empty.len()
    );
}

fn count_examples(node: &Value) -> usize {
    match node {
        Value::Object(map) => {
            let here = match (map.get("schema"), map.get("examples")) {
                (Some(_), Some(Value::Object(e))) => e.len(),
                _ => 0,
            };
            here + map
                .iter()
                .filter(|(k, _)| k.as_str() != "examples")
                .map(|(_, v)| count_examples(v))
                .sum::<usize>()
        }
        Value::Array(list) => list.iter().map(count_examples).sum(),
        _ => 0,
    }
}
