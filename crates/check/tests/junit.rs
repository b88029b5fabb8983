//! JUnit XML on a fixed fault-injection scenario: well-formed, shaped the
//! way JUnit consumers (Jenkins, GitLab) read it, and snapshot-tested with
//! times normalised.

mod common;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use common::{Answer, Handler, Server, THING_ID, things_service, things_spec, with_fault};
use quick_xml::Reader;
use quick_xml::events::Event;
use serde_json::json;
use speclift_check::{Cancel, RunOptions, Scenario, plan, run};

const ITEM: &str = "/v1/p/things/11111111-2222-3333-4444-555555555555";

async fn faulty_report() -> String {
    let faults: Handler = with_fault(
        with_fault(
            with_fault(
                things_service(),
                "PUT",
                ITEM,
                Answer::Json(201, json!({"thing": {"id": THING_ID, "status": "x"}})),
            ),
            "GET",
            "/v1/p/things",
            Answer::Raw(200, "{oops".into()),
        ),
        "DELETE",
        ITEM,
        Answer::Empty(500),
    );
    let base = faults.clone();
    // Shows drift an undocumented field.
    let handler: Handler = Arc::new(move |r, n| match base(r, n) {
        Answer::Json(200, mut v) if r.method == "GET" && r.path == ITEM => {
            v["thing"]["shiny"] = json!(true);
            Answer::Json(200, v)
        }
        other => other,
    });
    let server = Server::start(handler).await;
    let scenario = Scenario::from_yaml("wait: {interval-ms: 5, timeout-secs: 2}").unwrap();
    let vars: BTreeMap<String, String> = [("project_id", "p"), ("volume_id", "v")]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let plan = plan::build(&things_spec(), &scenario, &vars);
    let options = RunOptions {
        base_url: server.url.clone(),
        token: Some("tok-junit-secret".into()),
        retries: 0,
        backoff: Duration::from_millis(1),
        cleanup_timeout: Duration::from_secs(2),
        title: "Things".into(),
        ..RunOptions::default()
    };
    let report = run(&things_spec(), &plan, &options, &Cancel::new()).await;
    // The server's port appears in nothing but would be unstable anyway.
    report.to_junit().replace(&server.url, "http://SERVER")
}

/// `time="0.012"` → `time="T"`.
fn normalise_times(xml: &str) -> String {
    let mut out = String::new();
    let mut rest = xml;
    while let Some(i) = rest.find("time=\"") {
        out.push_str(&rest[..i + 6]);
        rest = &rest[i + 6..];
        let end = rest.find('"').unwrap_or(0);
        out.push('T');
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[tokio::test]
async fn junit_snapshot_on_fixed_faults() {
    let xml = normalise_times(&faulty_report().await);
    insta::assert_snapshot!(xml);
}

#[tokio::test]
async fn junit_is_well_formed_and_shaped_like_junit() {
    let xml = faulty_report().await;
    let mut reader = Reader::from_str(&xml);
    let mut stack: Vec<String> = Vec::new();
    let (mut cases, mut failures, mut errors, mut skipped) = (0, 0, 0, 0);
    let mut suite_attrs = BTreeMap::new();
    loop {
        let (e, opens) = match reader.read_event().expect("well-formed XML") {
            Event::Eof => break,
            Event::Start(e) => (e, true),
            Event::Empty(e) => (e, false),
            Event::End(_) => {
                stack.pop();
                continue;
            }
            _ => continue,
        };
        let name = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
        let attrs: BTreeMap<String, String> = e
            .attributes()
            .map(|a| {
                let a = a.unwrap();
                (
                    String::from_utf8(a.key.as_ref().to_vec()).unwrap(),
                    String::from_utf8(a.value.to_vec()).unwrap(),
                )
            })
            .collect();
        let parent = stack.last().map(String::as_str);
        match name.as_str() {
            "testsuites" => assert_eq!(parent, None),
            "testsuite" => {
                assert_eq!(parent, Some("testsuites"));
                suite_attrs = attrs.clone();
            }
            "testcase" => {
                assert_eq!(parent, Some("testsuite"));
                assert!(
                    attrs.contains_key("name") && attrs.contains_key("time"),
                    "{attrs:?}"
                );
                cases += 1;
            }
            "failure" | "error" | "skipped" => {
                assert_eq!(parent, Some("testcase"));
                assert!(
                    name == "skipped" || attrs.contains_key("message"),
                    "{attrs:?}"
                );
                match name.as_str() {
                    "failure" => failures += 1,
                    "error" => errors += 1,
                    _ => skipped += 1,
                }
            }
            "system-out" => assert_eq!(parent, Some("testcase")),
            other => panic!("unexpected element <{other}>"),
        }
        if opens {
            stack.push(name);
        }
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
    assert_eq!(
        suite_attrs.get("tests").map(String::as_str),
        Some(cases.to_string().as_str())
    );
    assert_eq!(
        suite_attrs.get("failures").map(String::as_str),
        Some(failures.to_string().as_str())
    );
    assert_eq!(
        suite_attrs.get("errors").map(String::as_str),
        Some(errors.to_string().as_str())
    );
    assert!(failures >= 2 && errors >= 1, "{xml}");
    assert_eq!(
        suite_attrs
            .get("skipped")
            .map(String::as_str)
            .unwrap_or("0"),
        skipped.to_string()
    );
    assert!(!xml.contains("tok-junit-secret"));
}
