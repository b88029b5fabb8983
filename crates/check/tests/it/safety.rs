//! Safety by what a request says, against an in-process fake service that
//! answers everything with success: whatever the checker sends arrives.
//! No state-changing request that names a host, cluster, service or
//! project in its path, body or query reaches the service unless the
//! scenario lists the operation under `allow-foreign`; `--dry-run` shows
//! each step's safety class and a summary.

use crate::common;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use common::{Answer, Request, Server};
use serde_json::{Value, json};
use speclift_check::safety::names_deployment;
use speclift_check::{Cancel, RunOptions, Scenario, Verdict, plan, run};

const THING: &str = "7d0c6a51-3b5e-4f7e-9d1c-2a4b6c8e0f13";

/// An admin-flavoured API: our own things (create, show, action, delete)
/// beside service, cluster and quota operations whose samples name
/// deployment parts the run never created.
fn admin_spec() -> Value {
    let ok = |example: Value| {
        json!({"200": {"description": "ok", "content": {"application/json": {
            "schema": {"type": "object"}, "examples": {"s": {"value": example}}}}}})
    };
    let body = |examples: &[(&str, Value)]| {
        let examples: serde_json::Map<String, Value> = examples
            .iter()
            .map(|(k, v)| (k.to_string(), json!({"value": v})))
            .collect();
        json!({"content": {"application/json": {"schema": {"type": "object"}, "examples": examples}}})
    };
    let thing = json!({"thing": {"id": "0b1c7a52-8e5d-4c6c-9a43-1c2b3d4e5f60"}});
    json!({
        "openapi": "3.1.0",
        "info": {"title": "Admin", "version": "1.0"},
        "paths": {
            "/v1/{project_id}/things": {
                "post": {"operationId": "create_thing",
                    "requestBody": body(&[("s", json!({"thing": {"name": "n"}}))]),
                    "responses": ok(thing.clone())}
            },
            "/v1/{project_id}/things/{thing_id}": {
                "get": {"operationId": "show_thing", "responses": ok(thing.clone())},
                "put": {"operationId": "move_thing",
                    "parameters": [{"name": "host", "in": "query", "required": true,
                        "schema": {"type": "string"}, "example": "node-7"}],
                    "requestBody": body(&[("s", json!({"thing": {"name": "m"}}))]),
                    "responses": ok(thing.clone())},
                "delete": {"operationId": "delete_thing", "responses": {"204": {"description": "gone"}}}
            },
            "/v1/{project_id}/things/{thing_id}/action": {
                "post": {"operationId": "thing_action",
                    "requestBody": body(&[
                        ("extend", json!({"os-extend": {"new_size": 3}})),
                        ("migrate", json!({"os-migrate": {"host": "node-1@lvm#pool"}})),
                        ("force-delete", json!({"os-force_delete": {}})),
                        ("give", json!({"os-give": {"project_id": "f270b245cb11498ca4031deb7e141cfa"}})),
                    ]),
                    "responses": {"202": {"description": "accepted"}}}
            },
            "/v1/{project_id}/os-services/disable": {
                "put": {"operationId": "disable_service",
                    "requestBody": body(&[("s", json!({"host": "devstack@lvmdriver-1", "binary": "cinder-volume"}))]),
                    "responses": ok(json!({"disabled": true}))}
            },
            "/v1/{project_id}/clusters/enable": {
                "put": {"operationId": "enable_cluster",
                    "requestBody": body(&[("s", json!({"name": "cluster@lvmdriver-1"}))]),
                    "responses": ok(json!({"cluster": {}}))}
            },
            "/v1/{admin_project_id}/os-quota-sets/{project_id}": {
                "put": {"operationId": "update_quotas",
                    "requestBody": body(&[("s", json!({"quota_set": {"volumes": 5}}))]),
                    "responses": ok(json!({"quota_set": {}}))}
            }
        }
    })
}

/// Says yes to everything; a create returns the thing.
fn yes_service() -> common::Handler {
    Arc::new(|r: &Request, _| match r.method.as_str() {
        "POST" if r.path.ends_with("/things") => Answer::Json(200, json!({"thing": {"id": THING}})),
        "DELETE" => Answer::Empty(204),
        "POST" => Answer::Empty(202),
        _ => Answer::Json(200, json!({"thing": {"id": THING}})),
    })
}

fn vars() -> BTreeMap<String, String> {
    BTreeMap::from([
        ("project_id".to_string(), "p".to_string()),
        ("admin_project_id".to_string(), "adm".to_string()),
    ])
}

fn options(url: &str) -> RunOptions {
    RunOptions {
        base_url: url.to_string(),
        token: Some("t".into()),
        request_timeout: Duration::from_secs(5),
        ..RunOptions::default()
    }
}

/// The deployment parts a request names: a path outside the run's own
/// things, a body field or query parameter named like a host, cluster,
/// service or project.
fn names_foreign(r: &Request) -> Vec<String> {
    let mut out = Vec::new();
    let (path, query) = r.path.split_once('?').unwrap_or((&r.path, ""));
    if !path.starts_with("/v1/p/things") {
        out.push(format!("path {path}"));
    }
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let name = pair.split('=').next().unwrap_or("");
        if names_deployment(name) {
            out.push(format!("query {pair}"));
        }
    }
    fn walk(v: &Value, out: &mut Vec<String>) {
        if let Value::Object(map) = v {
            for (k, v) in map {
                if names_deployment(k) {
                    out.push(format!("body field {k}"));
                }
                walk(v, out);
            }
        }
    }
    if let Ok(body) = serde_json::from_str::<Value>(&r.body) {
        walk(&body, &mut out);
    }
    out
}

async fn run_admin(scenario: &Scenario) -> (Vec<(String, Verdict)>, Vec<Request>) {
    let server = Server::start(yes_service()).await;
    let spec = admin_spec();
    let plan = plan::build(&spec, scenario, &vars());
    let report = run(&spec, &plan, &options(&server.url), &Cancel::new()).await;
    assert!(report.setup_errors.is_empty(), "{:?}", report.setup_errors);
    assert!(report.cleanup.iter().all(|c| c.ok), "{:?}", report.cleanup);
    let verdicts = report
        .outcomes
        .iter()
        .map(|o| (o.operation_id.clone(), o.verdict))
        .collect();
    (verdicts, server.requests())
}

#[tokio::test]
async fn nothing_foreign_is_sent_without_allow_foreign() {
    let (verdicts, requests) = run_admin(&Scenario::default()).await;
    let state_changing: Vec<&Request> = requests.iter().filter(|r| r.method != "GET").collect();
    for r in &state_changing {
        let foreign = names_foreign(r);
        assert!(
            foreign.is_empty(),
            "{} {} sent, naming {foreign:?}",
            r.method,
            r.path
        );
    }
    // What the run owns still goes out: create, the own action, delete.
    let lines: Vec<String> = state_changing
        .iter()
        .map(|r| format!("{} {} {}", r.method, r.path, r.body))
        .collect();
    let thing = format!("/v1/p/things/{THING}");
    let sent = |needle: &str| lines.iter().any(|l| l.contains(needle));
    assert!(sent("POST /v1/p/things {"), "{lines:#?}");
    assert!(
        sent(&format!("POST {thing}/action {{\"os-extend\"")),
        "{lines:#?}"
    );
    assert!(sent(&format!("DELETE {thing}")), "{lines:#?}");
    assert!(
        !sent("os-force_delete"),
        "destroys what later steps need: {lines:#?}"
    );
    let skipped: Vec<&str> = verdicts
        .iter()
        .filter(|(_, v)| *v == Verdict::Skip)
        .map(|(id, _)| id.as_str())
        .collect();
    assert_eq!(
        skipped,
        [
            "move_thing",
            "disable_service",
            "enable_cluster",
            "update_quotas",
            "thing_action[os-migrate]",
            "thing_action[os-force_delete]",
            "thing_action[os-give]",
        ]
    );
}

#[tokio::test]
async fn allow_foreign_sends_exactly_what_it_lists() {
    let scenario =
        Scenario::from_yaml("allow-foreign: [disable_service, 'thing_action[os-migrate]']")
            .unwrap();
    let (_, requests) = run_admin(&scenario).await;
    let foreign: Vec<(String, Vec<String>)> = requests
        .iter()
        .filter(|r| r.method != "GET")
        .map(|r| (format!("{} {}", r.method, r.path), names_foreign(r)))
        .filter(|(_, names)| !names.is_empty())
        .collect();
    let thing = format!("/v1/p/things/{THING}");
    assert_eq!(
        foreign,
        [
            (
                "PUT /v1/p/os-services/disable".to_string(),
                vec![
                    "path /v1/p/os-services/disable".to_string(),
                    "body field host".to_string(),
                    "body field binary".to_string(),
                ]
            ),
            (
                format!("POST {thing}/action"),
                vec!["body field host".to_string()]
            ),
        ]
    );
}

#[test]
fn dry_run_prints_each_class_and_a_summary() {
    let plan = plan::build(&admin_spec(), &Scenario::default(), &vars());
    let text = plan.render();
    let class_of = |operation: &str| {
        let lines: Vec<&str> = text.lines().collect();
        let at = lines
            .iter()
            .position(|l| l.trim() == format!("operation {operation}"))
            .unwrap_or_else(|| panic!("{operation} not in\n{text}"));
        lines[at - 1]
            .split_whitespace()
            .nth(2)
            .unwrap_or("")
            .to_string()
    };
    for (operation, class) in [
        ("create_thing", "create"),
        ("show_thing", "read"),
        ("thing_action[os-extend]", "modify-own"),
        ("thing_action[os-force_delete]", "delete-own"),
        ("delete_thing", "delete-own"),
        ("disable_service", "modify-foreign"),
        ("enable_cluster", "modify-foreign"),
        ("update_quotas", "modify-foreign"),
        ("move_thing", "modify-foreign"),
    ] {
        assert_eq!(class_of(operation), class, "{operation} in\n{text}");
    }
    assert!(
        text.contains("query host=node-7") && text.contains("its query parameter `host`"),
        "{text}"
    );
    assert_eq!(
        text.lines().last(),
        Some(
            "safety: 1 read, 1 create, 1 modify-own, 2 delete-own (1 skipped), \
             6 modify-foreign (6 skipped)"
        ),
        "{text}"
    );
}
