//! End-to-end emission from hand-made models.

use crate::common;

use common::*;
use serde_json::{Value, json};
use speclift_model::{Api, Method, Microversion, ParamIn};
use speclift_openapi::{check_examples, emit, to_json, to_yaml};

fn doc_of(api: &Api) -> (Value, Vec<speclift_diag::Diagnostic>) {
    let emitted = emit(api);
    let json = to_json(&emitted.openapi).expect("serializes");
    (
        serde_json::from_str(&json).expect("parses"),
        emitted.diagnostics,
    )
}

/// Cinder's attachment create: a wrapper parameter followed by its fields.
fn attachment_create() -> speclift_model::Operation {
    let mut o = op(
        Method::Post,
        "/v3/{project_id}/attachments",
        "Create attachment",
        10,
    );
    o.tag = "attachments".into();
    o.microversions = range(Some((3, 27)), None);
    o.request.parameters = vec![path_param("project_id", 11)];
    o.request.body = vec![
        body("attachment", "object", true, 12),
        body("instance_uuid", "string", false, 13),
        body("connector", "object", false, 14),
        body("volume_uuid", "string", true, 15),
    ];
    o.request.samples = vec![sample(
        "samples/attachment-create-request.json",
        "Request Example",
        json!({"attachment": {
            "instance_uuid": "462dcc2d-130d-4654-8db1-da0df2da6a0d",
            "connector": {
                "initiator": "iqn.1993-08.org.debian:01:cad181614cec",
                "ip": "192.168.1.20",
                "platform": "x86_64",
                "host": "tempest-1",
                "os_type": "linux2",
                "multipath": false,
                "mountpoint": "/dev/vdb",
                "mode": "ro"
            },
            "volume_uuid": "462dcc2d-130d-4654-8db1-da0df2da6a0d"
        }}),
    )];
    let mut ok = response(
        200,
        &[
            body("attachment", "object", true, 16),
            body("id", "uuid", true, 17),
            body("status", "string", true, 18),
            body("connection_info", "object", true, 19),
        ],
        vec![sample(
            "samples/attachment-create-response.json",
            "Response Example",
            json!({"attachment": {
                "status": "attaching",
                "detached_at": "2015-09-16T09:28:52.000000",
                "connection_info": {},
                "attached_at": "2015-09-16T09:28:52.000000",
                "attach_mode": "ro",
                "instance": "3b8b6631-1cf7-4fd7-9afb-c01e541a073c",
                "volume_id": "462dcc2d-130d-4654-8db1-da0df2da6a0d",
                "id": "3b8b6631-1cf7-4fd7-9afb-c01e541a073c"
            }}),
        )],
    );
    ok.status = status(200, "Request was successful.");
    o.responses = vec![ok, response(400, &[], vec![])];
    o
}

/// Three actions on one path, one of them documented twice, one without a
/// sample.
fn volume_actions() -> Vec<speclift_model::Operation> {
    let path = "/v3/{project_id}/volumes/{volume_id}/action";
    let with_path = |mut o: speclift_model::Operation| {
        o.request.parameters = vec![
            path_param("project_id", o.location.line + 1),
            path_param("volume_id", o.location.line + 2),
        ];
        o.responses = vec![response(202, &[], vec![])];
        o
    };
    let mut extend = with_path(op(Method::Post, path, "Extend a volume size", 100));
    extend.request.body = vec![
        body("os-extend", "object", true, 103),
        body("new_size", "integer", true, 104),
    ];
    extend.request.samples = vec![sample(
        "samples/volume-extend-request.json",
        "Request Example",
        json!({"os-extend": {"new_size": 3}}),
    )];
    let mut reset = with_path(op(Method::Post, path, "Reset a volume's statuses", 110));
    reset.request.body = vec![
        body("os-reset_status", "object", true, 113),
        body("status", "string", false, 114),
        body("attach_status", "string", false, 115),
        body("migration_status", "string", false, 116),
    ];
    reset.request.samples = vec![sample(
        "samples/volume-status-reset-request.json",
        "Request Example",
        json!({"os-reset_status": {"status": "available", "attach_status": "detached", "migration_status": "migrating"}}),
    )];
    let mut reset_again = with_path(op(Method::Post, path, "Reset status (error)", 120));
    reset_again.microversions = range(Some((3, 50)), None);
    reset_again.request.body = vec![
        body("os-reset_status", "object", true, 123),
        body("status", "string", false, 124),
    ];
    let mut s = sample(
        "samples/volume-status-reset-request.json",
        "Request Example",
        json!({"os-reset_status": {"status": "error"}}),
    );
    s.microversion = Some(Microversion::new(3, 50));
    reset_again.request.samples = vec![s];
    let mut detach = with_path(op(Method::Post, path, "Detach a volume", 130));
    detach.request.body = vec![
        body("os-detach", "object", true, 133),
        body("attachment_id", "uuid", false, 134),
    ];
    vec![extend, reset, reset_again, detach]
}

fn full_api() -> Api {
    let mut ops = vec![attachment_create()];
    ops.extend(volume_actions());
    let mut show = op(
        Method::Get,
        "/v3/{project_id}/volumes/{volume_id}",
        "Show a volume",
        200,
    );
    show.request.parameters = vec![path_param("project_id", 201), path_param("volume_id", 202)];
    let mut delete = op(
        Method::Delete,
        "/v3/{project_id}/volumes/{id}",
        "Delete a volume",
        210,
    );
    delete.request.parameters = vec![
        path_param("project_id", 211),
        path_param("id", 212),
        param("cascade", ParamIn::Query, "boolean", false, 213),
    ];
    ops.push(show);
    ops.push(delete);
    microversioned(api(ops), (3, 0), (3, 71))
}

#[test]
fn document_basics() {
    let (doc, _) = doc_of(&full_api());
    assert_eq!(doc["openapi"], json!("3.1.0"));
    assert_eq!(doc["info"]["title"], json!("Block Storage API V3"));
    assert_eq!(doc["info"]["version"], json!("3.71"));
    assert_eq!(
        doc["info"]["description"],
        json!("The **Block Storage** API.")
    );
    assert_eq!(
        doc["info"]["x-speclift"],
        json!({
            "generator": "speclift",
            "dialect": "os-api-ref",
            "source": "api-ref/source/v3/index.rst",
            "microversions": {"service": "volume", "min-ver": "3.0", "max-ver": "3.71"}
        })
    );
    // A templated server: the host a consumer fills in, with a default;
    // the URL's path (none here: the paths carry `/v3`) stays readable as
    // the prefix of every path.
    let server = &doc["servers"][0];
    assert_eq!(server["url"], json!("http://{host}"));
    assert_eq!(
        server["variables"]["host"]["default"],
        json!("localhost:8776")
    );
    assert!(
        server["description"]
            .as_str()
            .unwrap()
            .contains("block-storage endpoint from the Keystone service catalog"),
        "{server:#}"
    );
    assert_eq!(doc["security"], json!([{"keystone": []}]));
    assert_eq!(
        doc["components"]["securitySchemes"]["keystone"],
        json!({"type": "apiKey", "name": "X-Auth-Token", "in": "header"})
    );
    assert_eq!(
        doc["tags"],
        json!([
            {"name": "volumes", "description": "Volumes.", "x-displayName": "volumes"},
            {"name": "attachments", "description": "Attachments.", "x-displayName": "attachments"}
        ])
    );
    // Every tag in one group, named after the API.
    assert_eq!(
        doc["x-tagGroups"],
        json!([{"name": "Block Storage API V3", "tags": ["volumes", "attachments"]}])
    );
    // Paths in document order.
    let paths: Vec<_> = doc["paths"].as_object().unwrap().keys().cloned().collect();
    assert_eq!(
        paths,
        [
            "/v3/{project_id}/attachments",
            "/v3/{project_id}/volumes/{volume_id}/action",
            "/v3/{project_id}/volumes/{volume_id}",
        ]
    );
}

#[test]
fn version_defaults_without_microversions() {
    let mut untitled = api(vec![op(Method::Get, "/v2", "Versions", 1)]);
    untitled.title = " ".into();
    let (doc, _) = doc_of(&untitled);
    assert_eq!(doc["info"]["title"], json!("block-storage-api-v3"));
    assert_eq!(doc["info"]["version"], json!("1.0"));
    assert!(doc["info"]["x-speclift"].get("microversions").is_none());
}

#[test]
fn attachment_create_body_and_responses() {
    let (doc, diags) = doc_of(&microversioned(
        api(vec![attachment_create()]),
        (3, 0),
        (3, 71),
    ));
    assert!(diags.is_empty(), "{diags:#?}");
    let post = &doc["paths"]["/v3/{project_id}/attachments"]["post"];
    assert_eq!(post["operationId"], json!("createAttachment"));
    assert_eq!(post["tags"], json!(["attachments"]));
    assert_eq!(post["x-openstack"], json!({"min-ver": "3.27"}));
    let media = &post["requestBody"]["content"]["application/json"];
    let attachment = &media["schema"]["properties"]["attachment"];
    assert_eq!(media["schema"]["required"], json!(["attachment"]));
    assert_eq!(attachment["required"], json!(["volume_uuid"]));
    assert_eq!(
        attachment["properties"]["connector"]["additionalProperties"],
        json!(true)
    );
    assert_eq!(
        media["examples"]["attachment-create-request"]["summary"],
        json!("Request Example")
    );
    let ok = &post["responses"]["200"];
    assert_eq!(ok["description"], json!("Request was successful."));
    let fields =
        &ok["content"]["application/json"]["schema"]["properties"]["attachment"]["properties"];
    assert_eq!(fields["id"]["format"], json!("uuid"));
    assert_eq!(
        fields["instance"]["x-openstack"],
        json!({"undocumented": true})
    );
    // `connection_info` is documented, empty in the sample: a plain object.
    assert_eq!(fields["connection_info"]["type"], json!("object"));
    // Every response has a description, even when the docs gave none.
    assert_eq!(
        post["responses"]["400"]["description"],
        json!("Bad Request")
    );
    assert_eq!(check_examples(&doc), vec![]);
}

#[test]
fn action_variants_become_one_exclusive_one_of() {
    let (doc, _) = doc_of(&api(volume_actions()));
    let paths = doc["paths"].as_object().unwrap();
    assert_eq!(paths.len(), 1);
    let post = &doc["paths"]["/v3/{project_id}/volumes/{volume_id}/action"]["post"];
    assert_eq!(post["summary"], json!("Extend a volume size (+3 more)"));
    let description = post["description"].as_str().unwrap();
    for heading in [
        "## Extend a volume size",
        "## Reset a volume's statuses",
        "## Reset status (error) (microversions 3.50 and later)",
        "## Detach a volume",
    ] {
        assert!(description.contains(heading), "{description}");
    }
    assert!(description.contains("Detach a volume, described."));

    let media = &post["requestBody"]["content"]["application/json"];
    let branches = media["schema"]["oneOf"].as_array().expect("oneOf");
    let titles: Vec<_> = branches
        .iter()
        .map(|b| b["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Extend a volume size",
            "Reset a volume's statuses / Reset status (error)",
            "Detach a volume"
        ]
    );
    let required: Vec<_> = branches.iter().map(|b| b["required"].clone()).collect();
    assert_eq!(
        required,
        [
            json!(["os-extend"]),
            json!(["os-reset_status"]),
            json!(["os-detach"])
        ]
    );
    // The sample-less variant's schema comes from its table.
    assert_eq!(
        branches[2]["properties"]["os-detach"]["properties"]["attachment_id"]["format"],
        json!("uuid")
    );
    // Every example kept, under distinct keys.
    let keys: Vec<_> = media["examples"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    assert_eq!(
        keys,
        [
            "volume-extend-request",
            "volume-status-reset-request",
            "volume-status-reset-request-v3.50"
        ]
    );
    assert_eq!(check_examples(&doc), vec![]);

    // Exclusive: a body naming two actions matches no branch.
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .build(&media["schema"])
        .unwrap();
    assert!(!validator.is_valid(&json!({"os-extend": {"new_size": 1}, "os-detach": {}})));
    assert!(validator.is_valid(&json!({"os-detach": {}})));

    // Variant ranges are recorded; the parameters are not repeated.
    assert_eq!(
        post["x-openstack"]["variants"][2],
        json!({"summary": "Reset status (error)", "min-ver": "3.50"})
    );
    let params: Vec<_> = post["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].clone())
        .collect();
    assert_eq!(params, [json!("project_id"), json!("volume_id")]);
    let responses: Vec<_> = post["responses"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    assert_eq!(responses, ["202"]);
}

#[test]
fn identical_paths_merge_under_the_first_spelling() {
    let (doc, diags) = doc_of(&full_api());
    let item = &doc["paths"]["/v3/{project_id}/volumes/{volume_id}"];
    assert!(item["get"].is_object() && item["delete"].is_object());
    assert!(doc["paths"].get("/v3/{project_id}/volumes/{id}").is_none());
    let names: Vec<_> = item["delete"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.get("name").or(p.get("$ref")).cloned().unwrap_or_default())
        .collect();
    assert_eq!(
        names,
        [
            // Shared with the GET: one definition in components.
            json!("#/components/parameters/project_id"),
            json!("volume_id"),
            json!("cascade"),
            json!("#/components/parameters/OpenStack-API-Version")
        ]
    );
    let merged: Vec<_> = diags
        .iter()
        .filter(|d| d.message.contains("only in parameter names"))
        .collect();
    assert_eq!(merged.len(), 1, "{diags:#?}");
    assert_eq!(merged[0].location.as_ref().unwrap().line, 210);
    assert!(merged[0].hint.is_some());
}

#[test]
fn path_parameters_are_completed_and_strays_dropped() {
    let mut show = op(
        Method::Get,
        "/v3/{project_id}/snapshots/{snapshot_id}",
        "Show snapshot",
        60,
    );
    show.request.parameters = vec![path_param("project_id", 61), path_param("volume_id", 62)];
    let (doc, diags) = doc_of(&api(vec![show]));
    let params =
        doc["paths"]["/v3/{project_id}/snapshots/{snapshot_id}"]["get"]["parameters"].clone();
    assert_eq!(
        params,
        json!([
            {"name": "project_id", "in": "path", "description": "The project_id.", "required": true, "schema": {"type": "string"}, "example": "my-project-id"},
            {"name": "snapshot_id", "in": "path", "required": true, "schema": {"type": "string"}, "example": "my-snapshot-id"}
        ])
    );
    let lines: Vec<_> = diags
        .iter()
        .map(|d| d.location.as_ref().unwrap().line)
        .collect();
    assert_eq!(lines, [60, 62], "{diags:#?}");
}

#[test]
fn operation_ids_are_unique() {
    let ops = vec![
        op(Method::Get, "/v3/a-b", "One", 1),
        op(Method::Get, "/v3/a_b", "Two", 2),
        op(Method::Get, "/v3/a.b", "Three", 3),
    ];
    let (doc, _) = doc_of(&api(ops));
    let mut ids: Vec<String> = doc["paths"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|item| item.as_object().unwrap().values())
        .map(|op| op["operationId"].as_str().unwrap().to_string())
        .collect();
    // One resource, three titles: each id takes its title's words.
    assert_eq!(ids, ["listABOne", "listABTwo", "listABThree"]);
    ids.dedup();
    assert_eq!(ids.len(), 3);
}

#[test]
fn parameters_carry_types_versions_and_requiredness() {
    let mut list = op(Method::Get, "/v3/{project_id}/volumes", "List volumes", 30);
    let mut limit = param("limit", ParamIn::Query, "integer", false, 31);
    limit.microversions = range(Some((3, 3)), Some((3, 59)));
    list.request.parameters = vec![
        path_param("project_id", 32),
        limit,
        param("with_count", ParamIn::Query, "float", true, 33),
        param("OpenStack-API-Version", ParamIn::Header, "string", true, 34),
        param("sort", ParamIn::Query, "strnig", false, 35),
    ];
    let (doc, diags) = doc_of(&api(vec![list]));
    let params = &doc["paths"]["/v3/{project_id}/volumes"]["get"]["parameters"];
    assert_eq!(params[1]["schema"], json!({"type": "integer"}));
    assert_eq!(params[1]["required"], json!(false));
    assert_eq!(
        params[1]["x-openstack"],
        json!({"min-ver": "3.3", "max-ver": "3.59"})
    );
    assert_eq!(params[2]["schema"], json!({"type": "number"}));
    assert_eq!(params[2]["required"], json!(true));
    assert_eq!(params[3]["in"], json!("header"));
    assert_eq!(params[4]["schema"], json!({}));
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].location.as_ref().unwrap().line, 35);
}

#[test]
fn response_headers_and_missing_responses() {
    let mut create = op(Method::Post, "/v3/{project_id}/volumes", "Create", 40);
    create.request.parameters = vec![path_param("project_id", 41)];
    let mut accepted = response(202, &[], vec![]);
    accepted.headers = vec![param("Location", ParamIn::Header, "string", true, 42)];
    create.responses = vec![accepted];
    let mut bare = op(Method::Get, "/v3/{project_id}/extensions", "Extensions", 50);
    bare.request.parameters = vec![path_param("project_id", 51)];
    bare.responses = vec![];
    let (doc, diags) = doc_of(&api(vec![create, bare]));
    assert_eq!(
        doc["paths"]["/v3/{project_id}/volumes"]["post"]["responses"]["202"],
        json!({"description": "Accepted", "headers": {"Location": {"schema": {"type": "string"}, "description": "The Location."}}})
    );
    let responses = &doc["paths"]["/v3/{project_id}/extensions"]["get"]["responses"];
    assert!(
        responses["default"]["description"]
            .as_str()
            .is_some_and(|d| !d.is_empty())
    );
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].location.as_ref().unwrap().line, 50);
}

#[test]
fn emission_is_deterministic() {
    let api = full_api();
    let (a, b) = (emit(&api), emit(&api));
    assert_eq!(to_yaml(&a.openapi).unwrap(), to_yaml(&b.openapi).unwrap());
    assert_eq!(to_json(&a.openapi).unwrap(), to_json(&b.openapi).unwrap());
    assert_eq!(a.diagnostics, b.diagnostics);
}

#[test]
fn yaml_and_json_agree_and_declare_3_1() {
    let emitted = emit(&full_api());
    let yaml = to_yaml(&emitted.openapi).unwrap();
    let json_text = to_json(&emitted.openapi).unwrap();
    assert!(json_text.ends_with("}\n"));
    assert!(
        yaml.starts_with("openapi: \"3.1.0\"\n"),
        "{}",
        &yaml[..40.min(yaml.len())]
    );
    let from_json: Value = serde_json::from_str(&json_text).unwrap();
    let from_yaml: Value = serde_saphyr::from_str(&yaml).unwrap();
    assert_eq!(from_yaml, from_json);
}

#[test]
fn check_examples_reports_an_invalid_example() {
    let (mut doc, _) = doc_of(&full_api());
    let pointer = "/paths/~1v3~1{project_id}~1attachments/post/requestBody/content/application~1json/examples/attachment-create-request/value";
    assert_eq!(check_examples(&doc), vec![]);
    *doc.pointer_mut(pointer).unwrap() = json!({"attachment": {"volume_uuid": 42}});
    let failures = check_examples(&doc);
    assert_eq!(failures.len(), 1, "{failures:#?}");
    assert_eq!(failures[0].pointer, pointer);
    assert!(
        failures[0]
            .errors
            .iter()
            .any(|e| e.contains("/attachment/volume_uuid")),
        "{:?}",
        failures[0].errors
    );
}

#[test]
fn yaml_snapshot_of_attachment_create() {
    let emitted = emit(&microversioned(
        api(vec![attachment_create()]),
        (3, 0),
        (3, 71),
    ));
    insta::assert_snapshot!(to_yaml(&emitted.openapi).unwrap());
}

/// Swift's `COPY`, a placeholder `METHOD` and `QUERY` on one path, with a
/// body shared with `PUT` so component extraction must see them too.
fn other_methods_api() -> Api {
    let method = |m: &str| Method::parse(m).expect("a method token");
    let mut put = op(Method::Put, "/v1/{account}/{object}", "Create object", 1);
    let mut copy = op(method("COPY"), "/v1/{account}/{object}", "Copy object", 10);
    let query = op(
        method("QUERY"),
        "/v1/{account}/{object}",
        "Query object",
        20,
    );
    let placeholder = op(method("METHOD"), "/v1/{account}", "Any", 30);
    for o in [&mut put, &mut copy] {
        o.request.parameters = vec![path_param("account", 2), path_param("object", 3)];
        o.request.body = vec![
            body("object", "object", true, 4),
            body("name", "string", true, 5),
        ];
    }
    api(vec![put, copy, query, placeholder])
}

#[test]
fn other_methods_are_kept_under_the_registered_extension_in_3_1() {
    let (doc, _) = doc_of(&other_methods_api());
    assert_eq!(doc["openapi"], "3.1.0");
    let item = &doc["paths"]["/v1/{account}/{object}"];
    let extra = item["x-oai-additionalOperations"]
        .as_object()
        .expect("the 3.1 extension");
    let methods: Vec<&str> = extra.keys().map(String::as_str).collect();
    assert_eq!(methods, ["COPY", "QUERY"]);
    assert_eq!(extra["COPY"]["operationId"], "copyObject");
    assert!(item.get("additionalOperations").is_none());
    assert!(item.get("query").is_none());
    // Extraction saw COPY's body like PUT's: both point at one component.
    let body = |op: &Value| op["requestBody"]["content"]["application/json"]["schema"].clone();
    assert_eq!(body(&item["put"]), body(&extra["COPY"]));
    assert!(body(&item["put"])["$ref"].is_string(), "{item:#}");
    assert!(doc["paths"]["/v1/{account}"]["x-oai-additionalOperations"]["METHOD"].is_object());
}

#[test]
fn other_methods_go_under_additional_operations_in_3_2() {
    use speclift_openapi::{EmitOptions, OutputVersion, emit_with};
    let emitted = emit_with(
        &other_methods_api(),
        &EmitOptions {
            version: OutputVersion::V3_2,
        },
    );
    let doc: Value =
        serde_json::from_str(&to_json(&emitted.openapi).expect("serializes")).expect("parses");
    assert_eq!(doc["openapi"], "3.2.0");
    let item = &doc["paths"]["/v1/{account}/{object}"];
    assert!(item.get("x-oai-additionalOperations").is_none());
    // 3.2 has a field for QUERY and forbids it among the additional ones.
    assert_eq!(item["query"]["operationId"], "queryObject");
    let extra = item["additionalOperations"]
        .as_object()
        .expect("3.2's field");
    assert_eq!(extra.keys().collect::<Vec<_>>(), ["COPY"]);
}

/// A GET whose page files a sample under the request (Cinder's `GET /`,
/// `GET /clusters/detail`) gets no requestBody, and the page is told.
#[test]
fn a_get_never_carries_a_request_body() {
    let mut list = op(Method::Get, "/v3/{project_id}/clusters/detail", "List", 60);
    list.request.parameters = vec![path_param("project_id", 61)];
    list.request.body = vec![body("clusters", "array", true, 62)];
    list.request.samples = vec![sample(
        "samples/clusters/cluster-list-detailed-response.json",
        "Response Example",
        json!({"clusters": [{"name": "cluster_name"}]}),
    )];
    let (doc, diags) = doc_of(&api(vec![list]));
    let get = &doc["paths"]["/v3/{project_id}/clusters/detail"]["get"];
    assert_eq!(get.get("requestBody"), None, "{get}");
    let warned: Vec<_> = diags
        .iter()
        .filter(|d| d.message.contains("cannot carry"))
        .collect();
    assert_eq!(warned.len(), 1, "{diags:?}");
    assert_eq!(warned[0].location.as_ref().unwrap().line, 60);
    assert!(warned[0].hint.is_some());
}

/// `GET /v3/` is written under `/v3` (no linter takes a trailing slash),
/// and the operation keeps the documented slash for the checker.
#[test]
fn a_documented_trailing_slash_is_kept_on_the_operation() {
    let versions = op(Method::Get, "/v3/", "Show API v3 details", 70);
    let plain = op(Method::Get, "/v3/volumes", "List volumes", 80);
    let (doc, _) = doc_of(&api(vec![versions, plain]));
    assert!(doc["paths"].get("/v3/").is_none(), "{:#}", doc["paths"]);
    assert_eq!(
        doc["paths"]["/v3"]["get"]["x-openstack"]["trailing-slash"],
        true
    );
    assert!(
        doc["paths"]["/v3/volumes"]["get"]
            .get("x-openstack")
            .is_none_or(|x| x.get("trailing-slash").is_none())
    );
}

/// Tags are slugs with the section title to show, grouped by section.
fn titled_api() -> Api {
    let mut api = api(vec![]);
    api.tags[0].name = "Volumes (volumes)".into();
    api.tags[1].name = "Volume attachments (attachments)".into();
    api.tags[1].parent = Some("Storage".into());
    let mut show = op(
        Method::Get,
        "/v3/{project_id}/volumes/{volume_id}",
        "Show a volume",
        1,
    );
    show.tag = "Volumes (volumes)".into();
    show.request.parameters = vec![path_param("project_id", 2), path_param("volume_id", 3)];
    show.responses = vec![response(
        200,
        &[],
        vec![sample(
            "v.json",
            "Volume",
            json!({"volume": {"id": "6edbc2f4", "name": "v"}}),
        )],
    )];
    api.operations = vec![show];
    api
}

#[test]
fn tags_are_slugs_shown_by_title_and_grouped_by_section() {
    let (doc, _) = doc_of(&titled_api());
    assert_eq!(
        doc["tags"],
        json!([
            {"name": "volumes", "description": "Volumes.", "x-displayName": "Volumes (volumes)"},
            {"name": "volume-attachments", "description": "Attachments.",
             "x-displayName": "Volume attachments (attachments)"}
        ])
    );
    assert_eq!(
        doc["x-tagGroups"],
        json!([
            {"name": "Block Storage API V3", "tags": ["volumes"]},
            {"name": "Storage", "tags": ["volume-attachments"]}
        ])
    );
    let show = &doc["paths"]["/v3/{project_id}/volumes/{volume_id}"]["get"];
    assert_eq!(show["tags"], json!(["volumes"]));
    assert_eq!(show["operationId"], json!("showVolume"));
    // The volume's id from the sample; the project from nowhere.
    let params = show["parameters"].as_array().unwrap();
    assert_eq!(params[1]["example"], json!("6edbc2f4"));
    assert_eq!(params[0]["example"], json!("my-project-id"));
}

#[test]
fn tags_in_3_2_have_a_summary_and_a_parent() {
    use speclift_openapi::{EmitOptions, OutputVersion, emit_with};
    let emitted = emit_with(
        &titled_api(),
        &EmitOptions {
            version: OutputVersion::V3_2,
        },
    );
    let doc: Value =
        serde_json::from_str(&to_json(&emitted.openapi).expect("serializes")).expect("parses");
    assert!(doc.get("x-tagGroups").is_none());
    assert_eq!(
        doc["tags"],
        json!([
            {"name": "volumes", "summary": "Volumes (volumes)", "description": "Volumes."},
            {"name": "volume-attachments", "summary": "Volume attachments (attachments)",
             "description": "Attachments.", "parent": "storage"},
            {"name": "storage", "summary": "Storage", "kind": "nav"}
        ])
    );
}
