//! Shapes inferred from sample values and merged by widening
//! (`speclift_infer::Shape`), read as the emitter writes them.

use serde_json::{Value, json};
use speclift_infer::Shape;
use speclift_infer::types::Types;

fn schema_json(shape: &Shape) -> Value {
    serde_json::to_value(speclift_openapi::to_schema(shape)).unwrap()
}

fn infer_all(values: &[Value]) -> Shape {
    values
        .iter()
        .map(Shape::infer)
        .reduce(Shape::merge)
        .unwrap()
}

fn valid(schema: &Value, value: &Value) -> bool {
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .build(schema)
        .unwrap()
        .is_valid(value)
}

#[test]
fn null_widens_to_a_type_list() {
    let samples = [json!({"a": "x"}), json!({"a": null})];
    let s = schema_json(&infer_all(&samples));
    assert_eq!(s["properties"]["a"]["type"], json!(["string", "null"]));
    for v in &samples {
        assert!(valid(&s, v));
    }
}

#[test]
fn mixed_integer_and_float_is_number() {
    let samples = [json!({"n": 1}), json!({"n": 2.5}), json!({"n": 3.0})];
    let s = schema_json(&infer_all(&samples));
    assert_eq!(s["properties"]["n"]["type"], json!("number"));
    let only_ints = schema_json(&infer_all(&[json!(1), json!(3.0)]));
    assert_eq!(only_ints["type"], json!("integer"));
    assert!(valid(&only_ints, &json!(3.0)));
    assert!(!valid(&only_ints, &json!(3.5)));
}

#[test]
fn array_items_merge_objects_with_differing_keys() {
    let sample = json!({"servers": [
        {"id": "a", "name": "one"},
        {"id": "b", "status": "ACTIVE"},
        {"id": "c", "name": null}
    ]});
    let shape = Shape::infer(&sample);
    let items = shape.property("servers").unwrap().items.as_deref().unwrap();
    assert_eq!(items.names(), ["id", "name", "status"]);
    assert_eq!(items.always.as_deref().unwrap(), ["id"]);
    let s = schema_json(&shape);
    let item = &s["properties"]["servers"]["items"];
    assert_eq!(
        item["properties"]["name"]["type"],
        json!(["string", "null"])
    );
    assert!(valid(&s, &sample));
    // Unrecorded types stay rejected: inference is not "anything goes".
    assert!(!valid(&s, &json!({"servers": [{"id": 5}]})));
}

#[test]
fn empty_array_is_no_evidence_for_items() {
    let shape = infer_all(&[json!({"l": []}), json!({"l": [1, 2]})]);
    let s = schema_json(&shape);
    assert_eq!(s["properties"]["l"]["items"]["type"], json!("integer"));
    assert!(valid(&s, &json!({"l": []})));
}

#[test]
fn merging_keeps_first_seen_property_order() {
    let shape = infer_all(&[json!({"b": 1, "a": 2}), json!({"c": 3, "a": 1})]);
    assert_eq!(shape.names(), ["b", "a", "c"]);
    let text = serde_json::to_string(&speclift_openapi::to_schema(&shape)).unwrap();
    let (b, a, c) = (
        text.find("\"b\"").unwrap(),
        text.find("\"a\"").unwrap(),
        text.find("\"c\"").unwrap(),
    );
    assert!(b < a && a < c, "{text}");
}

#[test]
fn map_values_merge_into_named_properties() {
    let mut map = Shape::of_types(Types::OBJECT);
    map.additional = Some(Box::new(Shape::of_types(Types::STRING)));
    let named = Shape::infer(&json!({"k": 1}));
    let merged = map.merge(named);
    let k = merged.property("k").unwrap();
    assert_eq!(k.types, Types::STRING.union(Types::INTEGER));
    assert!(merged.additional.is_some());
}

#[test]
fn formats_survive_only_where_every_sample_agrees() {
    let shape = infer_all(&[
        json!({"id": "3b8b6631-1cf7-4fd7-9afb-c01e541a073c", "host": "h", "at": null}),
        json!({"id": "462dcc2d-130d-4654-8db1-da0df2da6a0d", "host": "192.168.1.20",
               "at": "2013-09-03T04:01:32Z"}),
    ]);
    let s = schema_json(&shape);
    assert_eq!(s["properties"]["id"]["format"], json!("uuid"));
    assert!(s["properties"]["host"].get("format").is_none(), "{s}");
    // null says nothing about a string's format.
    assert_eq!(s["properties"]["at"]["format"], json!("date-time"));
    let nova_ids = infer_all(&[
        json!({"id": "1"}),
        json!({"id": "3b8b6631-1cf7-4fd7-9afb-c01e541a073c"}),
    ]);
    assert!(
        schema_json(&nova_ids)["properties"]["id"]
            .get("format")
            .is_none()
    );
}

#[test]
fn vendor_data_is_one_key() {
    let mut shape = Shape::of_types(Types::STRING);
    shape.vendor.insert("min-ver".into(), json!("3.27"));
    shape.vendor.insert("undocumented".into(), json!(true));
    let s = schema_json(&shape);
    assert_eq!(
        s,
        json!({"type": "string", "x-openstack": {"min-ver": "3.27", "undocumented": true}})
    );
}
