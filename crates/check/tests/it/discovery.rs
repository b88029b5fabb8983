//! Microversion discovery against a fake service that serves `/v3/groups`
//! only from 3.13 on: the checker retries the base-version 404 once at the
//! service's maximum and reports a documentation warning, not a failure;
//! a route missing at every version stays a failure.

use crate::common;

use std::sync::Arc;
use std::time::Duration;

use common::{Answer, Request, Server};
use serde_json::json;
use speclift_check::{Cancel, RunOptions, Scenario, Verdict, plan, run};

#[tokio::test]
async fn base_version_404_is_retried_at_the_maximum_and_reported_as_a_doc_gap() {
    let list = |id: &str| {
        json!({"get": {"operationId": id, "responses": {"200": {"description": "ok",
            "content": {"application/json": {"schema": {"type": "object"}}}}}}})
    };
    let spec = json!({
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "3.0",
            "x-speclift": {"microversions": {"service": "volume", "min-ver": "3.0"}}},
        "paths": {"/v3/groups": list("list_groups"), "/v3/nothing": list("list_nothing")}
    });
    let server = Server::start(Arc::new(|r: &Request, _| {
        let version = r.header("OpenStack-API-Version").unwrap_or("");
        match r.path.as_str() {
            "/v3/groups" if version == "volume 3.71" => Answer::Json(200, json!({"groups": []})),
            _ => Answer::Json(404, json!({"itemNotFound": {"code": 404}})),
        }
    }))
    .await;
    let scenario = Scenario::from_yaml("max-microversion: '3.71'").unwrap();
    let plan = plan::build(&spec, &scenario, &Default::default());
    let options = RunOptions {
        base_url: server.url.clone(),
        request_timeout: Duration::from_secs(5),
        ..RunOptions::default()
    };
    let report = run(&spec, &plan, &options, &Cancel::new()).await;
    let outcome = |id: &str| {
        report
            .outcomes
            .iter()
            .find(|o| o.operation_id == id)
            .unwrap()
    };
    let groups = outcome("list_groups");
    assert_eq!(groups.verdict, Verdict::Warn, "{groups:?}");
    assert!(
        groups
            .warnings
            .iter()
            .any(|w| w.contains("answered 404 at its base version")
                && w.contains("3.71")
                && w.contains("min_version")),
        "{groups:?}"
    );
    assert_eq!(outcome("list_nothing").verdict, Verdict::Fail);
    // One retry per operation, at the maximum only.
    let sent: Vec<String> = server
        .requests()
        .iter()
        .filter(|r| r.path == "/v3/nothing")
        .map(|r| r.header("OpenStack-API-Version").unwrap_or("-").to_string())
        .collect();
    assert_eq!(sent, ["-", "volume 3.71"]);
}
