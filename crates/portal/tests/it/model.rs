//! What the portal makes of shapes the seed specs lack: non-standard
//! methods, actions with their own ranges and examples, vendor data,
//! recursive schemas, examples keyed by microversion.

use serde_json::json;
use speclift_portal::{SpecFile, api_page, build_page};

fn spec(doc: serde_json::Value) -> SpecFile {
    SpecFile {
        stem: "demo".into(),
        doc,
    }
}

fn demo() -> SpecFile {
    spec(json!({
        "openapi": "3.1.0",
        "info": {"title": "Demo", "version": "2.10",
                 "x-speclift": {"microversions": {"service": "compute", "min-ver": "2.1", "max-ver": "2.10"}}},
        "tags": [{"name": "Things"}],
        "paths": {
            "/things/{id}": {
                "get": {"tags": ["Things"], "summary": "Show thing", "operationId": "show_thing",
                        "x-synnefo": {"cyclades": true},
                        "responses": {"200": {"description": "OK", "content": {"application/json": {
                            "schema": {"$ref": "#/components/schemas/Node"},
                            "examples": {
                                "thing-show": {"summary": "Response", "value": {"id": 1}},
                                "thing-show-v2.5": {"summary": "Response (v2.5)", "value": {"id": 1, "kids": []}}
                            }}}}}},
                "x-oai-additionalOperations": {
                    "COPY": {"tags": ["Things"], "summary": "Copy thing", "operationId": "copy_thing",
                             "responses": {"201": {"description": "Created"}}}
                }
            },
            "/things/{id}/action": {
                "post": {"tags": ["Things"], "summary": "Act", "operationId": "act",
                         "x-openstack": {"variants": [{"summary": "Start"}, {"summary": "Grow", "min-ver": "2.4"}]},
                         "requestBody": {"content": {"application/json": {
                             "schema": {"oneOf": [
                                 {"type": "object", "required": ["start"], "properties": {"start": {"type": "null"}}},
                                 {"type": "object", "required": ["grow"], "properties": {"grow": {"type": "object",
                                     "properties": {"size": {"type": "integer", "x-openstack": {"min-ver": "2.6"}}}}}}
                             ]},
                             "examples": {"start": {"summary": "Start it", "value": {"start": null}},
                                          "grow": {"summary": "Grow it", "value": {"grow": {"size": 2}}}}}}},
                         "responses": {"202": {"description": "Accepted"}}}
            }
        },
        "components": {"schemas": {"Node": {"type": "object", "properties": {
            "id": {"type": "integer"},
            "kids": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}}}}}
    }))
}

#[test]
fn additional_operations_are_rendered() {
    let page = build_page(&demo());
    let methods: Vec<&str> = page.operations().map(|o| o.method.as_str()).collect();
    assert_eq!(methods, ["GET", "COPY", "POST"]);
    assert!(api_page(&page).contains("<span class=\"method m-copy\">COPY</span>"));
}

#[test]
fn each_action_is_an_entry_with_its_range_and_examples() {
    let page = build_page(&demo());
    let act = page.operations().find(|o| o.anchor == "act").expect("act");
    assert!(
        act.request.is_none(),
        "an action endpoint shows actions, not one body"
    );
    let names: Vec<&str> = act.actions.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["start", "grow"]);
    let grow = &act.actions[1];
    assert_eq!(
        (grow.anchor.as_str(), grow.title.as_str()),
        ("act--grow", "Grow")
    );
    assert_eq!(grow.range.label(), "2.4+");
    assert_eq!(grow.request.examples.len(), 1, "only its own example");
    // A field of the action is never shown before the action exists.
    let size = grow
        .request
        .fields
        .iter()
        .find(|f| f.name == "size")
        .expect("size");
    assert_eq!(size.range.label(), "2.6+");
    let html = api_page(&page);
    assert!(html.contains("<section class=\"action\" id=\"act--grow\" data-min=\"2.4\">"));
}

#[test]
fn recursive_schemas_stop_and_examples_carry_their_version() {
    let page = build_page(&demo());
    let show = page.operations().next().expect("show");
    let body = show.responses[0].body.as_ref().expect("body");
    let paths: Vec<&str> = body.fields.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        ["id", "kids"],
        "Node inside Node is not expanded again"
    );
    let versions: Vec<String> = body.examples.iter().map(|e| e.range.label()).collect();
    assert_eq!(versions, ["", "2.5+"]);
    assert_eq!(
        show.vendor,
        [("synnefo cyclades".to_owned(), "yes".to_owned())]
    );
}

#[test]
fn selector_offers_the_api_range() {
    let page = build_page(&demo());
    let versions: Vec<String> = page
        .selectable_versions()
        .iter()
        .map(|v| v.to_string())
        .collect();
    assert_eq!(versions.first().map(String::as_str), Some("2.1"));
    assert_eq!(versions.last().map(String::as_str), Some("2.10"));
    assert_eq!(versions.len(), 10);
}

#[test]
fn spec_text_cannot_inject_markup() {
    let page = build_page(&spec(json!({
        "openapi": "3.1.0",
        "info": {"title": "<img src=x>", "version": "1"},
        "paths": {"/a": {"get": {"summary": "\"><script>x()</script>",
                                  "description": "<script>y()</script>",
                                  "responses": {}}}}
    })));
    let html = api_page(&page);
    assert!(!html.contains("<script>x()") && !html.contains("<script>y()"));
    assert!(!html.contains("<img src=x>"));
}
