//! `enum` on `status` fields from a tag's status tables
//! (`speclift_infer::statuses`).

use serde_json::{Value, json};
use speclift_diag::{Diagnostics, Location, path};
use speclift_infer::Shape;
use speclift_infer::statuses::apply;
use speclift_model::{Sample, StatusTable};

fn table() -> StatusTable {
    StatusTable {
        title: "Snapshot statuses".into(),
        values: vec!["creating".into(), "available".into()],
        location: Location::new(path("snapshots.inc"), 14, 1),
    }
}

fn sample(body: Value) -> Sample {
    super::sample_at("Example", body, "snapshots.inc", 60)
}

#[test]
fn status_fields_take_the_table_values_and_sample_extras() {
    let body = json!({"snapshots": [
        {"status": "available", "id": "a"},
        {"status": "in-use", "id": "b"},
        {"status": null, "id": "c"}
    ]});
    let s = sample(body.clone());
    let mut shape = Shape::infer(&body);
    let mut diags = Diagnostics::new();
    apply(&mut shape, &[table()], std::slice::from_ref(&s), &mut diags);
    let schema = serde_json::to_value(speclift_openapi::to_schema(&shape)).unwrap();
    let status = &schema["properties"]["snapshots"]["items"]["properties"]["status"];
    assert_eq!(
        status["enum"],
        json!(["creating", "available", "in-use", null])
    );
    assert!(
        jsonschema::validator_for(&schema).unwrap().is_valid(&body),
        "{schema}"
    );
    let d: Vec<_> = diags.into_iter().collect();
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].location.as_ref().unwrap().line, 60);
    assert!(d[0].message.contains("`in-use`"), "{}", d[0].message);
    assert!(
        d[0].message.contains("snapshots.inc:14:1"),
        "{}",
        d[0].message
    );
    assert!(d[0].hint.is_some());
}

#[test]
fn no_table_or_no_string_status_changes_nothing() {
    let body = json!({"status": 3, "state": "x"});
    let s = sample(body.clone());
    let mut shape = Shape::infer(&body);
    let before = shape.clone();
    let mut diags = Diagnostics::new();
    apply(&mut shape, &[table()], std::slice::from_ref(&s), &mut diags);
    apply(&mut shape, &[], std::slice::from_ref(&s), &mut diags);
    assert_eq!(shape, before);
    assert!(diags.is_empty());
}
