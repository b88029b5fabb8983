//! One operation's bodies inferred at once (`speclift_infer::operation`)
//! and the schemas of path, query and header parameters.

use serde_json::{Value, json};
use speclift_diag::{Diagnostics, Location, Rule, path};
use speclift_infer::types::Types;
use speclift_infer::{RequestSchema, StatusTables};
use speclift_model::{
    Method, Operation, ParamIn, Parameter, Request, Response, Sample, StatusCode, VersionRange,
};

fn at(line: u32) -> Location {
    Location::new(path("index.rst"), line, 1)
}

fn sample(title: &str, body: Value) -> Sample {
    super::sample_at(title, body, "index.rst", 1)
}

fn status(code: u16) -> StatusCode {
    StatusCode {
        code,
        success: code < 400,
        description: String::new(),
        microversions: VersionRange::default(),
        location: at(2),
    }
}

fn response(code: u16, samples: Vec<Sample>) -> Response {
    Response {
        status: status(code),
        headers: Vec::new(),
        body: Vec::new(),
        samples,
        media: Vec::new(),
    }
}

fn section(method: Method, path: &str, summary: &str, request: Vec<Sample>) -> Operation {
    Operation {
        method,
        path: path.into(),
        query: None,
        summary: summary.into(),
        description: String::new(),
        tag: "Servers".into(),
        microversions: VersionRange::default(),
        deprecated: false,
        request: Request {
            samples: request,
            ..Request::default()
        },
        responses: Vec::new(),
        extensions: Default::default(),
        location: at(3),
    }
}

fn param(name: &str, location_in: ParamIn, ty: Option<&str>) -> Parameter {
    Parameter {
        name: name.into(),
        key: name.into(),
        location_in,
        ty: ty.map(Into::into),
        required: true,
        description: String::new(),
        microversions: VersionRange::default(),
        location: Location::new(path("parameters.yaml"), 7, 1),
        definition: None,
    }
}

#[test]
fn a_get_documenting_a_request_body_gets_none_and_a_warning() {
    let get = section(
        Method::Get,
        "/v3",
        "Show versions",
        vec![sample("Versions", json!({"versions": []}))],
    );
    let inferred = speclift_infer::operation(Method::Get, "/v3", &[&get], &StatusTables::new());
    assert!(inferred.request.is_none());
    let rules: Vec<_> = inferred.diagnostics.iter().map(|d| d.rule()).collect();
    assert_eq!(rules, [Some(Rule::BodyOnBodilessMethod)]);
    // The same body on a POST is its request.
    let post = Operation {
        method: Method::Post,
        ..get
    };
    let inferred = speclift_infer::operation(Method::Post, "/v3", &[&post], &StatusTables::new());
    let request = inferred.request.expect("a request body");
    assert!(request.required);
    let Some(RequestSchema::One(shape)) = request.json else {
        panic!("one schema");
    };
    assert_eq!(shape.names(), ["versions"]);
    assert!(inferred.diagnostics.is_empty());
}

#[test]
fn responses_merge_over_the_sections_per_status_code() {
    let mut first = section(Method::Get, "/servers/{id}", "Show", Vec::new());
    first.responses = vec![
        response(200, vec![sample("A", json!({"a": 1, "c": true}))]),
        response(404, Vec::new()),
    ];
    let mut second = section(Method::Get, "/servers/{id}", "Show (2.9)", Vec::new());
    second.responses = vec![response(
        200,
        vec![sample("B", json!({"b": "x", "c": false}))],
    )];
    let inferred = speclift_infer::operation(
        Method::Get,
        "/servers/{id}",
        &[&first, &second],
        &StatusTables::new(),
    );
    assert!(inferred.request.is_none());
    // A code with no body in any section has no schema.
    assert_eq!(inferred.responses.keys().collect::<Vec<_>>(), [&200]);
    let ok = &inferred.responses[&200];
    assert_eq!(ok.names(), ["a", "c", "b"]);
    assert_eq!(ok.property("b").map(|b| b.types), Some(Types::STRING));
}

#[test]
fn action_sections_become_exclusive_alternatives() {
    let path = "/servers/{server_id}/action";
    let start = section(
        Method::Post,
        path,
        "Start server",
        vec![sample("Start", json!({"os-start": null}))],
    );
    let stop = section(
        Method::Post,
        path,
        "Stop server",
        vec![sample("Stop", json!({"os-stop": null}))],
    );
    let inferred =
        speclift_infer::operation(Method::Post, path, &[&start, &stop], &StatusTables::new());
    let request = inferred.request.expect("a request body");
    assert!(request.required);
    let Some(RequestSchema::OneOf(alternatives)) = request.json else {
        panic!("one alternative per action");
    };
    let actions: Vec<_> = alternatives.iter().map(|a| a.action.as_str()).collect();
    assert_eq!(actions, ["os-start", "os-stop"]);
    let stop = &alternatives[1].shape;
    assert_eq!(stop.title.as_deref(), Some("Stop server"));
    assert_eq!(stop.required, ["os-stop"]);
    assert_eq!(stop.property_names, Some(vec!["os-stop".to_string()]));
}

#[test]
fn parameters_take_their_tables_type_and_path_segments_are_text() {
    let mut diags = Diagnostics::new();
    let limit =
        speclift_infer::parameter(&param("limit", ParamIn::Query, Some("integer")), &mut diags);
    assert_eq!(limit.types, Types::INTEGER);
    let id = speclift_infer::parameter(&param("id", ParamIn::Path, Some("uuid")), &mut diags);
    assert_eq!(
        (id.types, id.format.as_deref()),
        (Types::STRING, Some("uuid"))
    );
    let untyped = speclift_infer::parameter(&param("id", ParamIn::Path, None), &mut diags);
    assert_eq!(untyped.types, Types::STRING);
    assert!(diags.is_empty());
    let odd = speclift_infer::parameter(&param("x", ParamIn::Header, Some("strnig")), &mut diags);
    assert!(odd.types.is_any());
    let rules: Vec<_> = diags.iter().map(|d| d.rule()).collect();
    assert_eq!(rules, [Some(Rule::UnknownParameterType)]);
}
