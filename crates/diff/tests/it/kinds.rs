//! One small hand-made pair of documents per kind of change.

use serde_json::{Value, json};
use speclift_diff::{Change, ChangeKind, Severity, diff, has_breaking};

const B: Severity = Severity::Breaking;
const N: Severity = Severity::NonBreaking;

/// A document with one operation.
fn doc(path: &str, method: &str, op: Value) -> Value {
    json!({"openapi": "3.1.0", "paths": {path: {method: op}}})
}

fn kinds(changes: &[Change]) -> Vec<(&'static str, Severity)> {
    changes.iter().map(|c| (c.id(), c.severity)).collect()
}

fn body(schema: Value) -> Value {
    json!({"content": {"application/json": {"schema": schema}}})
}

fn ok(schema: Value) -> Value {
    json!({"200": {"description": "OK", "content": {"application/json": {"schema": schema}}}})
}

#[test]
fn identical_documents_have_no_changes() {
    let d = doc(
        "/a",
        "get",
        json!({"responses": ok(json!({"type": "object"}))}),
    );
    assert!(diff(&d, &d).is_empty());
}

#[test]
fn operation_removed_and_added() {
    let old = doc("/a", "get", json!({}));
    let new = doc("/b", "get", json!({}));
    let changes = diff(&old, &new);
    assert_eq!(
        kinds(&changes),
        [("operation-removed", B), ("operation-added", N)]
    );
    assert_eq!(changes[0].operation.as_deref(), Some("GET /a"));
    assert_eq!(changes[0].location, "/paths/~1a/get");
    assert!(has_breaking(&changes));
}

#[test]
fn template_names_do_not_matter() {
    let p = |name: &str| json!({"parameters": [{"name": name, "in": "path", "required": true}]});
    let old = doc("/v3/{project_id}/x", "get", p("project_id"));
    let new = doc("/v3/{tenant_id}/x", "get", p("tenant_id"));
    assert!(diff(&old, &new).is_empty());
}

#[test]
fn parameter_removed_added_and_requiredness() {
    let old = doc(
        "/a",
        "get",
        json!({"parameters": [
            {"name": "gone", "in": "query"},
            {"name": "limit", "in": "query"},
            {"name": "marker", "in": "query", "required": true},
        ]}),
    );
    let new = doc(
        "/a",
        "get",
        json!({"parameters": [
            {"name": "limit", "in": "query", "required": true},
            {"name": "marker", "in": "query"},
            {"name": "X-Trace", "in": "header"},
            {"name": "X-Must", "in": "header", "required": true},
        ]}),
    );
    assert_eq!(
        kinds(&diff(&old, &new)),
        [
            ("parameter-became-required", B),
            ("parameter-became-optional", N),
            ("parameter-removed", B),
            ("parameter-added-required", B),
            ("parameter-added", N),
        ]
    );
}

#[test]
fn renamed_parameters_are_paired() {
    let old = doc(
        "/v3/{project_id}/attachments",
        "get",
        json!({"parameters": [
            {"name": "sort_key", "in": "query", "schema": {"type": "string"}},
            {"name": "sort_dir", "in": "query", "schema": {"type": "string"}},
        ]}),
    );
    let new = doc(
        "/v3/{project_id}/attachments",
        "get",
        json!({"parameters": [{"name": "sort", "in": "query", "schema": {"type": "string"}}]}),
    );
    let changes = diff(&old, &new);
    // One change, reported once: not also as two removals and an addition.
    assert_eq!(kinds(&changes), [("parameter-renamed", B)]);
    assert_eq!(
        changes[0].message,
        "query parameters `sort_dir`, `sort_key` replaced by `sort`: clients must send `sort` instead"
    );
    assert_eq!(
        changes[0].location,
        "/paths/~1v3~1{project_id}~1attachments/get/parameters/0"
    );
}

#[test]
fn unrelated_removals_and_additions_are_not_a_rename() {
    let q = |names: &[&str]| {
        let params: Vec<Value> = names
            .iter()
            .map(|n| json!({"name": n, "in": "query"}))
            .collect();
        doc("/a", "get", json!({ "parameters": params }))
    };
    // `marker` → `page` shares no word; `sortKey` → `sort_order` shares
    // `sort` (camelCase split) and is the only rename.
    let changes = diff(&q(&["marker", "sortKey"]), &q(&["page", "sort_order"]));
    assert_eq!(
        kinds(&changes),
        [
            ("parameter-removed", B),
            ("parameter-renamed", B),
            ("parameter-added", N),
        ]
    );
    assert!(changes[0].message.contains("`marker`"), "{changes:#?}");
    assert_eq!(
        changes[1].message,
        "query parameter `sortKey` replaced by `sort_order`: clients must send `sort_order` instead"
    );
    assert!(changes[2].message.contains("`page`"), "{changes:#?}");
    // Sharing only the one-letter `X` of `X-…` headers is no rename.
    let h = |name: &str| {
        doc(
            "/a",
            "get",
            json!({"parameters": [{"name": name, "in": "header"}]}),
        )
    };
    assert_eq!(
        kinds(&diff(&h("X-Foo"), &h("X-Bar"))),
        [("parameter-removed", B), ("parameter-added", N)]
    );
    // The same words under another `in` are no rename either.
    let old = doc(
        "/a",
        "get",
        json!({"parameters": [{"name": "sort_key", "in": "query"}]}),
    );
    let new = doc(
        "/a",
        "get",
        json!({"parameters": [{"name": "X-Sort", "in": "header"}]}),
    );
    assert_eq!(
        kinds(&diff(&old, &new)),
        [("parameter-removed", B), ("parameter-added", N)]
    );
}

#[test]
fn parameter_in_changed() {
    let old = doc(
        "/a",
        "get",
        json!({"parameters": [{"name": "k", "in": "query"}]}),
    );
    let new = doc(
        "/a",
        "get",
        json!({"parameters": [{"name": "k", "in": "header"}]}),
    );
    assert_eq!(kinds(&diff(&old, &new)), [("parameter-in-changed", B)]);
}

#[test]
fn parameter_type_and_enum() {
    let p = |schema: Value| {
        doc(
            "/a",
            "get",
            json!({"parameters": [{"name": "k", "in": "query", "schema": schema}]}),
        )
    };
    let changed = diff(
        &p(json!({"type": "string"})),
        &p(json!({"type": "integer"})),
    );
    assert_eq!(kinds(&changed), [("parameter-type-changed", B)]);
    let nullable = diff(
        &p(json!({"type": "string"})),
        &p(json!({"type": ["string", "null"]})),
    );
    assert_eq!(kinds(&nullable), [("parameter-type-changed", N)]);
    let e = |values: Value| p(json!({"type": "string", "enum": values}));
    assert_eq!(
        kinds(&diff(&e(json!(["asc", "desc"])), &e(json!(["asc"])))),
        [("parameter-enum-narrowed", B)]
    );
    assert_eq!(
        kinds(&diff(&e(json!(["asc"])), &e(json!(["asc", "desc"])))),
        [("parameter-enum-widened", N)]
    );
}

#[test]
fn formats_narrow_widen_or_change() {
    let p = |schema: Value| {
        doc(
            "/a",
            "get",
            json!({"parameters": [{"name": "k", "in": "query", "schema": schema}]}),
        )
    };
    let plain = p(json!({"type": "string"}));
    let uuid = p(json!({"type": "string", "format": "uuid"}));
    let uri = p(json!({"type": "string", "format": "uri"}));
    assert_eq!(
        kinds(&diff(&plain, &uuid)),
        [("parameter-format-changed", B)]
    );
    assert_eq!(
        kinds(&diff(&uuid, &plain)),
        [("parameter-format-changed", N)]
    );
    assert_eq!(kinds(&diff(&uuid, &uri)), [("parameter-format-changed", B)]);
    let r = |schema: Value| doc("/a", "get", json!({"responses": ok(schema)}));
    let changes = diff(
        &r(json!({"type": "string"})),
        &r(json!({"type": "string", "format": "date-time"})),
    );
    assert_eq!(kinds(&changes), [("response-property-format-changed", N)]);
    assert!(
        changes[0].message.contains("from none to `date-time`"),
        "{}",
        changes[0].message
    );
    // A type change is reported once, not again as a format change.
    let int = p(json!({"type": "integer", "format": "int64"}));
    assert_eq!(kinds(&diff(&uuid, &int)), [("parameter-type-changed", B)]);
}

#[test]
fn parameter_refs_are_resolved() {
    let mut old = doc(
        "/a",
        "get",
        json!({"parameters": [{"$ref": "#/components/parameters/K"}]}),
    );
    old["components"] =
        json!({"parameters": {"K": {"name": "k", "in": "query", "schema": {"type": "string"}}}});
    let new = doc(
        "/a",
        "get",
        json!({"parameters": [{"name": "k", "in": "query", "schema": {"type": "string"}}]}),
    );
    assert!(diff(&old, &new).is_empty());
}

#[test]
fn request_properties() {
    let req = |schema: Value| doc("/a", "post", json!({"requestBody": body(schema)}));
    let old = req(
        json!({"type": "object", "required": ["a", "b"], "properties": {
            "a": {"type": "string"},
            "b": {"type": "string"},
            "c": {"type": "string"},
            "d": {"type": "string"},
            "e": {"type": "string"},
            "t": {"type": "string"},
        }}),
    );
    let new = req(
        json!({"type": "object", "required": ["a", "d", "x"], "properties": {
            "a": {"type": "string"},
            "d": {"type": "string"},
            "e": {"type": "string"},
            "t": {"type": "integer"},
            "x": {"type": "string"},
            "y": {"type": "string"},
        }}),
    );
    assert_eq!(
        kinds(&diff(&old, &new)),
        [
            ("request-property-removed", B),         // b was required
            ("request-property-removed", N),         // c was optional
            ("request-property-became-required", B), // d
            ("request-property-type-changed", B),    // t
            ("request-property-added-required", B),  // x
            ("request-property-added", N),           // y
        ]
    );
}

#[test]
fn request_wrapper_change_names_the_wrapper_and_compares_inside() {
    let req = |schema: Value| {
        doc(
            "/v3/{p}/attachments",
            "post",
            json!({"requestBody": body(schema)}),
        )
    };
    let old = req(
        json!({"type": "object", "required": ["volume_uuid"], "properties": {
            "volume_uuid": {"type": "string"},
            "instance_uuid": {"type": "string"},
            "connector": {"type": "object"},
        }}),
    );
    let mut new = req(
        json!({"type": "object", "required": ["attachment"], "properties": {
            "attachment": {"$ref": "#/components/schemas/Attachment"},
        }}),
    );
    new["components"] = json!({"schemas": {"Attachment": {
        "type": "object", "required": ["volume_uuid"], "properties": {
            "volume_uuid": {"type": "string"},
            "instance_uuid": {"type": "string"},
            "connector": {"type": "object"},
            "mode": {"type": "string"},
        }
    }}});
    let changes = diff(&old, &new);
    assert_eq!(
        kinds(&changes),
        [
            ("request-body-wrapper-changed", B),
            ("request-property-added", N)
        ]
    );
    assert!(
        changes[0].message.contains("wrapped in `attachment`"),
        "{}",
        changes[0].message
    );
    assert!(
        changes[1].message.contains("`attachment.mode`"),
        "{}",
        changes[1].message
    );
    assert_eq!(
        changes[1].location,
        "/paths/~1v3~1{p}~1attachments/post/requestBody/content/application~1json/schema/properties/attachment/properties/mode"
    );
    // And back: unwrapping is breaking too.
    assert_eq!(
        kinds(&diff(&new, &old)),
        [
            ("request-body-wrapper-changed", B),
            ("request-property-removed", N)
        ]
    );
}

#[test]
fn unrelated_top_level_is_a_structure_change() {
    let req = |schema: Value| doc("/a", "post", json!({"requestBody": body(schema)}));
    let old = req(json!({"type": "object", "properties": {"a": {}, "b": {}}}));
    let new = req(json!({"type": "object", "properties": {"c": {}, "d": {}}}));
    let changes = diff(&old, &new);
    assert_eq!(kinds(&changes), [("request-body-wrapper-changed", B)]);
    assert!(
        changes[0].message.contains("from {`a`, `b`} to {`c`, `d`}"),
        "{}",
        changes[0].message
    );
}

#[test]
fn action_variants_match_by_name() {
    let action = |name: &str, inner: Value| json!({"type": "object", "required": [name], "properties": {name: inner}});
    let req = |variants: Vec<Value>| {
        doc(
            "/a/action",
            "post",
            json!({"requestBody": body(json!({"oneOf": variants}))}),
        )
    };
    let old = req(vec![
        action(
            "os-attach",
            json!({"type": "object", "properties": {"mountpoint": {"type": "string"}}}),
        ),
        action("os-detach", json!({"type": "object"})),
    ]);
    let new = req(vec![
        action("os-reserve", json!({"type": "object"})),
        action(
            "os-attach",
            json!({"type": "object", "properties": {"mountpoint": {"type": "integer"}}}),
        ),
    ]);
    let changes = diff(&old, &new);
    assert_eq!(
        kinds(&changes),
        [
            ("request-property-type-changed", B),
            ("request-body-variant-removed", B),
            ("request-body-variant-added", N),
        ]
    );
    assert!(
        changes[0]
            .location
            .ends_with("/oneOf/1/properties/os-attach/properties/mountpoint")
    );
}

#[test]
fn response_properties_and_enums() {
    let get = |schema: Value| doc("/a", "get", json!({"responses": ok(schema)}));
    let old = get(json!({"type": "object", "required": ["id"], "properties": {
        "id": {"type": "string"},
        "gone": {"type": "string"},
        "status": {"type": "string", "enum": ["attached", "detached"]},
        "list": {"type": "array", "items": {"type": "object", "properties": {"n": {"type": "integer"}}}},
    }}));
    let new = get(json!({"type": "object", "properties": {
        "id": {"type": "string"},
        "status": {"type": "string", "enum": ["attached", "detached", "reserved"]},
        "list": {"type": "array", "items": {"type": "object", "properties": {"n": {"type": "string"}}}},
        "extra": {"type": "string"},
    }}));
    let changes = diff(&old, &new);
    assert_eq!(
        kinds(&changes),
        [
            ("response-property-became-optional", B),
            ("response-property-removed", B),
            ("response-property-enum-widened", B),
            ("response-property-type-changed", B),
            ("response-property-added", N),
        ]
    );
    assert!(
        changes[3].message.contains("`list[].n`"),
        "{}",
        changes[3].message
    );
}

#[test]
fn status_codes() {
    let op = |codes: &[&str]| {
        let responses: serde_json::Map<String, Value> = codes
            .iter()
            .map(|c| (c.to_string(), json!({"description": ""})))
            .collect();
        doc("/a", "get", json!({"responses": responses}))
    };
    assert_eq!(
        kinds(&diff(&op(&["200", "404", "409"]), &op(&["202", "404"]))),
        [
            ("response-status-removed", B),
            ("response-status-added", N),
            ("response-status-removed", N),
        ]
    );
}

#[test]
fn microversion_ranges() {
    let v = |vendor: Value| doc("/a", "get", json!({"x-openstack": vendor}));
    assert_eq!(
        kinds(&diff(
            &v(json!({"min-ver": "3.27"})),
            &v(json!({"min-ver": "3.44"}))
        )),
        [("operation-microversion-narrowed", B)]
    );
    let widened = diff(
        &v(json!({"min-ver": "3.27", "max-ver": "3.40"})),
        &v(json!({"min-ver": "3.27"})),
    );
    assert_eq!(kinds(&widened), [("operation-microversion-widened", N)]);
    assert_eq!(
        widened[0].message,
        "operation now available in 3.27 and later (was 3.27 to 3.40)"
    );
    let p = |vendor: Value| {
        doc(
            "/a",
            "get",
            json!({"parameters": [{"name": "k", "in": "query", "x-openstack": vendor}]}),
        )
    };
    assert_eq!(
        kinds(&diff(&p(json!({})), &p(json!({"min-ver": "3.31"})))),
        [("parameter-microversion-narrowed", B)]
    );
}

#[test]
fn request_body_added_and_removed() {
    let with = doc(
        "/a",
        "post",
        json!({"requestBody": {"required": true, "content": {}}}),
    );
    let without = doc("/a", "post", json!({}));
    assert_eq!(
        kinds(&diff(&without, &with)),
        [("request-body-added-required", B)]
    );
    assert_eq!(kinds(&diff(&with, &without)), [("request-body-removed", N)]);
}

#[test]
fn garbage_does_not_panic() {
    let inputs = [
        json!(null),
        json!([]),
        json!({"paths": 3}),
        json!({"paths": {"/a": {"get": {"parameters": [1, {"name": 2}], "responses": []}}}}),
        json!({"paths": {"/a": {"get": {"requestBody": {"content": {"application/json": {"schema": {"$ref": "#/x"}}}}}}}}),
        json!({"paths": {"/a": {"$ref": "#/paths/~1a"}}}),
    ];
    for a in &inputs {
        for b in &inputs {
            let _ = diff(a, b);
        }
    }
}

#[test]
fn recursive_schemas_terminate() {
    let mut d = doc(
        "/a",
        "get",
        json!({"responses": ok(json!({"$ref": "#/components/schemas/Node"}))}),
    );
    d["components"] = json!({"schemas": {"Node": {"type": "object", "properties": {
        "child": {"$ref": "#/components/schemas/Node"}
    }}}});
    let mut e = d.clone();
    e["components"]["schemas"]["Node"]["properties"]["name"] = json!({"type": "string"});
    let changes = diff(&d, &e);
    assert!(!changes.is_empty());
    assert!(changes.iter().all(|c| c.id() == "response-property-added"));
}

#[test]
fn output_is_deterministic() {
    let ops = |order: &[&str]| {
        let mut paths = serde_json::Map::new();
        for p in order {
            paths.insert(p.to_string(), json!({"get": {}, "delete": {}}));
        }
        json!({"paths": paths})
    };
    let old = ops(&["/c", "/a", "/b"]);
    let new = ops(&["/z"]);
    let reordered = ops(&["/b", "/c", "/a"]);
    let first = diff(&old, &new);
    assert_eq!(first, diff(&reordered, &new));
    let labels: Vec<_> = first.iter().filter_map(|c| c.operation.clone()).collect();
    assert_eq!(
        labels,
        [
            "GET /a",
            "DELETE /a",
            "GET /b",
            "DELETE /b",
            "GET /c",
            "DELETE /c",
            "GET /z",
            "DELETE /z"
        ]
    );
}

#[test]
fn operation_id_changed_is_a_kind_of_its_own() {
    let old = doc(
        "/v3/{project_id}/volumes/{volume_id}",
        "get",
        json!({"operationId": "get_v3_project_id_volumes_volume_id"}),
    );
    let new = doc(
        "/v3/{project_id}/volumes/{volume_id}",
        "get",
        json!({"operationId": "showVolume"}),
    );
    let changes = diff(&old, &new);
    assert_eq!(kinds(&changes), [("operation-id-changed", B)]);
    assert_eq!(
        changes[0].location,
        "/paths/~1v3~1{project_id}~1volumes~1{volume_id}/get/operationId"
    );
    assert_eq!(
        changes[0].message,
        "operation id `showVolume` (was `get_v3_project_id_volumes_volume_id`)"
    );
    // A first id breaks nothing; the same id is no change.
    let unnamed = doc("/v3/{project_id}/volumes/{volume_id}", "get", json!({}));
    assert_eq!(kinds(&diff(&unnamed, &new)), [("operation-id-changed", N)]);
    assert!(diff(&new, &new).is_empty());
}

/// A pair of documents and exactly the changes from one to the other.
struct Fixture {
    name: &'static str,
    old: Value,
    new: Value,
    expect: Vec<(&'static str, Severity)>,
}

fn fixture(
    name: &'static str,
    old: Value,
    new: Value,
    expect: &[(&'static str, Severity)],
) -> Fixture {
    Fixture {
        name,
        old,
        new,
        expect: expect.to_vec(),
    }
}

/// One small pair per kind of change and per severity its rating allows
/// (`fixtures_cover_every_kind` holds the registry to it).
fn fixtures() -> Vec<Fixture> {
    let op = |v: Value| doc("/a", "get", v);
    let post = |schema: Value| doc("/a", "post", json!({"requestBody": body(schema)}));
    let get = |schema: Value| op(json!({"responses": ok(schema)}));
    let param = |p: Value| op(json!({"parameters": [p]}));
    let query = |schema: Value| param(json!({"name": "k", "in": "query", "schema": schema}));
    let obj = |props: Value| json!({"type": "object", "properties": props});
    let req_prop = |schema: Value| post(obj(json!({"k": schema})));
    let resp_prop = |schema: Value| get(obj(json!({"k": schema})));
    let string = json!({"type": "string"});
    let nullable = json!({"type": ["string", "null"]});
    let integer = json!({"type": "integer"});
    let enum_of = |values: Value| json!({"type": "string", "enum": values});
    let uuid = json!({"type": "string", "format": "uuid"});
    let action = |name: &str| json!({"type": "object", "required": [name], "properties": {name: {"type": "object"}}});
    let one_of =
        |names: &[&str]| json!({"oneOf": names.iter().map(|n| action(n)).collect::<Vec<_>>()});
    let with_status = |code: &str, with_body: bool| {
        let mut response = json!({"description": ""});
        if with_body {
            response["content"] = json!({"application/json": {"schema": {"type": "object"}}});
        }
        op(json!({"responses": {code: response}}))
    };
    let versioned = |range: Value| obj(json!({"k": {"type": "string", "x-openstack": range}}));
    vec![
        fixture(
            "an operation removed, another added",
            doc("/a", "get", json!({})),
            doc("/b", "get", json!({})),
            &[("operation-removed", B), ("operation-added", N)],
        ),
        fixture(
            "an operation id renamed",
            op(json!({"operationId": "showThing"})),
            op(json!({"operationId": "getThing"})),
            &[("operation-id-changed", B)],
        ),
        fixture(
            "a first operation id",
            op(json!({})),
            op(json!({"operationId": "getThing"})),
            &[("operation-id-changed", N)],
        ),
        fixture(
            "an operation's microversions narrowed",
            op(json!({"x-openstack": {"min-ver": "3.27"}})),
            op(json!({"x-openstack": {"min-ver": "3.44"}})),
            &[("operation-microversion-narrowed", B)],
        ),
        fixture(
            "an operation's microversions widened",
            op(json!({"x-openstack": {"min-ver": "3.27", "max-ver": "3.40"}})),
            op(json!({"x-openstack": {"min-ver": "3.27"}})),
            &[("operation-microversion-widened", N)],
        ),
        fixture(
            "a parameter moved from the query to a header",
            param(json!({"name": "k", "in": "query"})),
            param(json!({"name": "k", "in": "header"})),
            &[("parameter-in-changed", B)],
        ),
        fixture(
            "parameters removed, added and re-required",
            op(json!({"parameters": [
                {"name": "gone", "in": "query"},
                {"name": "limit", "in": "query"},
                {"name": "marker", "in": "query", "required": true},
            ]})),
            op(json!({"parameters": [
                {"name": "limit", "in": "query", "required": true},
                {"name": "marker", "in": "query"},
                {"name": "X-Trace", "in": "header"},
                {"name": "X-Must", "in": "header", "required": true},
            ]})),
            &[
                ("parameter-became-required", B),
                ("parameter-became-optional", N),
                ("parameter-removed", B),
                ("parameter-added-required", B),
                ("parameter-added", N),
            ],
        ),
        fixture(
            "a parameter renamed",
            param(json!({"name": "sort_key", "in": "query"})),
            param(json!({"name": "sort", "in": "query"})),
            &[("parameter-renamed", B)],
        ),
        fixture(
            "a parameter's microversions narrowed",
            param(json!({"name": "k", "in": "query"})),
            param(json!({"name": "k", "in": "query", "x-openstack": {"min-ver": "3.31"}})),
            &[("parameter-microversion-narrowed", B)],
        ),
        fixture(
            "a parameter's microversions widened",
            param(json!({"name": "k", "in": "query", "x-openstack": {"min-ver": "3.31"}})),
            param(json!({"name": "k", "in": "query"})),
            &[("parameter-microversion-widened", N)],
        ),
        fixture(
            "a parameter's type changed",
            query(string.clone()),
            query(integer.clone()),
            &[("parameter-type-changed", B)],
        ),
        fixture(
            "a parameter's type widened",
            query(string.clone()),
            query(nullable.clone()),
            &[("parameter-type-changed", N)],
        ),
        fixture(
            "a parameter's enum narrowed",
            query(enum_of(json!(["asc", "desc"]))),
            query(enum_of(json!(["asc"]))),
            &[("parameter-enum-narrowed", B)],
        ),
        fixture(
            "a parameter's enum widened",
            query(enum_of(json!(["asc"]))),
            query(enum_of(json!(["asc", "desc"]))),
            &[("parameter-enum-widened", N)],
        ),
        fixture(
            "a parameter's format added",
            query(string.clone()),
            query(uuid.clone()),
            &[("parameter-format-changed", B)],
        ),
        fixture(
            "a parameter's format dropped",
            query(uuid.clone()),
            query(string.clone()),
            &[("parameter-format-changed", N)],
        ),
        fixture(
            "a request body removed",
            doc("/a", "post", json!({"requestBody": body(obj(json!({})))})),
            doc("/a", "post", json!({})),
            &[("request-body-removed", N)],
        ),
        fixture(
            "a required request body added",
            doc("/a", "post", json!({})),
            doc(
                "/a",
                "post",
                json!({"requestBody": {"required": true, "content": {}}}),
            ),
            &[("request-body-added-required", B)],
        ),
        fixture(
            "an optional request body added",
            doc("/a", "post", json!({})),
            doc("/a", "post", json!({"requestBody": body(obj(json!({})))})),
            &[("request-body-added", N)],
        ),
        fixture(
            "a request action replaced by another",
            post(one_of(&["os-attach", "os-detach"])),
            post(one_of(&["os-attach", "os-reserve"])),
            &[
                ("request-body-variant-removed", B),
                ("request-body-variant-added", N),
            ],
        ),
        fixture(
            "a request body restructured",
            post(obj(json!({"a": {}, "b": {}}))),
            post(obj(json!({"c": {}, "d": {}}))),
            &[("request-body-wrapper-changed", B)],
        ),
        fixture(
            "request properties removed, added and re-required",
            post(
                json!({"type": "object", "required": ["a", "b", "e"], "properties": {
                    "a": string, "b": string, "c": string, "d": string, "e": string,
                }}),
            ),
            post(
                json!({"type": "object", "required": ["a", "d", "x"], "properties": {
                    "a": string, "d": string, "e": string, "x": string, "y": string,
                }}),
            ),
            &[
                ("request-property-removed", B),
                ("request-property-removed", N),
                ("request-property-became-required", B),
                ("request-property-became-optional", N),
                ("request-property-added-required", B),
                ("request-property-added", N),
            ],
        ),
        fixture(
            "a request property's type changed",
            req_prop(string.clone()),
            req_prop(integer.clone()),
            &[("request-property-type-changed", B)],
        ),
        fixture(
            "a request property's type widened",
            req_prop(string.clone()),
            req_prop(nullable.clone()),
            &[("request-property-type-changed", N)],
        ),
        fixture(
            "a request property's enum narrowed",
            req_prop(enum_of(json!(["ro", "rw"]))),
            req_prop(enum_of(json!(["rw"]))),
            &[("request-property-enum-narrowed", B)],
        ),
        fixture(
            "a request property's enum widened",
            req_prop(enum_of(json!(["rw"]))),
            req_prop(enum_of(json!(["ro", "rw"]))),
            &[("request-property-enum-widened", N)],
        ),
        fixture(
            "a request property's format added",
            req_prop(string.clone()),
            req_prop(uuid.clone()),
            &[("request-property-format-changed", B)],
        ),
        fixture(
            "a request property's format dropped",
            req_prop(uuid.clone()),
            req_prop(string.clone()),
            &[("request-property-format-changed", N)],
        ),
        fixture(
            "a success status replaced by another",
            with_status("200", false),
            with_status("202", false),
            &[("response-status-removed", B), ("response-status-added", N)],
        ),
        fixture(
            "an error status removed",
            with_status("404", false),
            op(json!({"responses": {}})),
            &[("response-status-removed", N)],
        ),
        fixture(
            "a success body removed",
            with_status("200", true),
            with_status("200", false),
            &[("response-body-removed", B)],
        ),
        fixture(
            "an error body removed",
            with_status("404", true),
            with_status("404", false),
            &[("response-body-removed", N)],
        ),
        fixture(
            "a body added",
            with_status("200", false),
            with_status("200", true),
            &[("response-body-added", N)],
        ),
        fixture(
            "a response variant replaced by another",
            get(one_of(&["volume", "snapshot"])),
            get(one_of(&["volume", "backup"])),
            &[
                ("response-body-variant-removed", N),
                ("response-body-variant-added", N),
            ],
        ),
        fixture(
            "a response body wrapped",
            get(obj(json!({"id": string, "name": string}))),
            get(obj(
                json!({"volume": obj(json!({"id": string, "name": string}))}),
            )),
            &[("response-body-wrapper-changed", B)],
        ),
        fixture(
            "response properties removed, added and re-required",
            get(json!({"type": "object", "required": ["a"], "properties": {
                "a": string, "b": string, "c": string,
            }})),
            get(json!({"type": "object", "required": ["c"], "properties": {
                "a": string, "c": string, "d": string,
            }})),
            &[
                ("response-property-became-optional", B),
                ("response-property-removed", B),
                ("response-property-became-required", N),
                ("response-property-added", N),
            ],
        ),
        fixture(
            "a response property's type widened",
            resp_prop(string.clone()),
            resp_prop(nullable.clone()),
            &[("response-property-type-changed", B)],
        ),
        fixture(
            "a response property's type narrowed",
            resp_prop(nullable.clone()),
            resp_prop(string.clone()),
            &[("response-property-type-changed", N)],
        ),
        fixture(
            "a response property's enum narrowed",
            resp_prop(enum_of(json!(["attached", "detached"]))),
            resp_prop(enum_of(json!(["attached"]))),
            &[("response-property-enum-narrowed", N)],
        ),
        fixture(
            "a response property's enum widened",
            resp_prop(enum_of(json!(["attached"]))),
            resp_prop(enum_of(json!(["attached", "detached"]))),
            &[("response-property-enum-widened", B)],
        ),
        fixture(
            "a response property's format dropped",
            resp_prop(uuid.clone()),
            resp_prop(string.clone()),
            &[("response-property-format-changed", B)],
        ),
        fixture(
            "a response property's format added",
            resp_prop(string.clone()),
            resp_prop(uuid.clone()),
            &[("response-property-format-changed", N)],
        ),
        fixture(
            "a property's microversions narrowed",
            get(versioned(json!({"min-ver": "2.1"}))),
            get(versioned(json!({"min-ver": "2.1", "max-ver": "2.47"}))),
            &[("property-microversion-narrowed", B)],
        ),
        fixture(
            "a property's microversions widened",
            post(versioned(json!({"min-ver": "2.19"}))),
            post(versioned(json!({"min-ver": "2.3"}))),
            &[("property-microversion-widened", N)],
        ),
    ]
}

#[test]
fn every_fixture_gives_exactly_its_changes() {
    for f in fixtures() {
        let changes = diff(&f.old, &f.new);
        assert_eq!(kinds(&changes), f.expect, "{}: {changes:#?}", f.name);
        for c in &changes {
            assert!(
                c.kind.rating().allows(c.severity),
                "{}: {} is rated {}, reported {:?}",
                f.name,
                c.id(),
                c.kind.rating(),
                c.severity
            );
        }
    }
}

/// Every kind of the registry, at every severity its rating allows, is
/// what some fixture gives: a kind no fixture reaches is either untested
/// or unreachable (then it leaves the registry).
#[test]
fn fixtures_cover_every_kind() {
    let covered: Vec<(&str, Severity)> = fixtures().into_iter().flat_map(|f| f.expect).collect();
    let missing: Vec<String> = ChangeKind::ALL
        .iter()
        .flat_map(|k| k.rating().severities().iter().map(move |s| (*k, *s)))
        .filter(|(k, s)| !covered.contains(&(k.id(), *s)))
        .map(|(k, s)| format!("{} ({s:?})", k.id()))
        .collect();
    assert!(
        missing.is_empty(),
        "kinds without a fixture: {}",
        missing.join(", ")
    );
    // And no fixture names a kind the registry does not know.
    for (id, _) in &covered {
        assert!(ChangeKind::from_id(id).is_some(), "unknown kind {id}");
    }
}
