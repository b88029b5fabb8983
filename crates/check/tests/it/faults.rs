//! Fault injection against an in-process fake service: every way a service
//! can disagree with its docs or misbehave, and the cleanup guarantees.

use crate::common;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use common::{
    Answer, Handler, ITEM, Server, THING_ID, things_plan, things_service, things_spec, waits,
    with_fault,
};
use serde_json::json;
use speclift_check::{Cancel, Outcome, Plan, Report, RunOptions, Scenario, Verdict, plan, run};

/// The plan every test here runs: the create names this live volume.
fn live_plan(scenario: &Scenario) -> Plan {
    things_plan(scenario, "vol-live-1")
}

fn options(url: &str) -> RunOptions {
    RunOptions {
        base_url: url.to_string(),
        token: Some("tok-VERY-SECRET-42".into()),
        request_timeout: Duration::from_millis(500),
        retries: 2,
        backoff: Duration::from_millis(10),
        cleanup_timeout: Duration::from_secs(10),
        ..RunOptions::default()
    }
}

fn fast_waits() -> Scenario {
    waits(10, 2)
}

/// Runs the plan for `scenario` against `url`, options adjusted by `tweak`.
async fn run_at(url: &str, scenario: &Scenario, tweak: impl FnOnce(&mut RunOptions)) -> Report {
    let mut opts = options(url);
    tweak(&mut opts);
    run(&things_spec(), &live_plan(scenario), &opts, &Cancel::new()).await
}

async fn check_with(handler: Handler, tweak: impl FnOnce(&mut RunOptions)) -> (Report, Server) {
    let server = Server::start(handler).await;
    let report = run_at(&server.url, &fast_waits(), tweak).await;
    (report, server)
}

/// The well-behaved service, but `METHOD path` gets `answer`.
async fn check_fault(method: &'static str, path: &'static str, answer: Answer) -> (Report, Server) {
    check_with(with_fault(things_service(), method, path, answer), |_| {}).await
}

fn verdicts(report: &Report) -> Vec<(String, Verdict)> {
    report
        .outcomes
        .iter()
        .map(|o| (o.operation_id.clone(), o.verdict))
        .collect()
}

fn outcome<'a>(report: &'a Report, id: &str) -> &'a Outcome {
    report
        .outcomes
        .iter()
        .find(|o| o.operation_id == id)
        .unwrap_or_else(|| panic!("no outcome for {id}"))
}

fn verdict_of(report: &Report, id: &str) -> Verdict {
    outcome(report, id).verdict
}

/// How many `METHOD path` requests the service saw.
fn times_sent(server: &Server, line: &str) -> usize {
    server.lines().iter().filter(|l| *l == line).count()
}

#[tokio::test]
async fn well_behaved_service_passes_in_plan_order() {
    let (report, server) = check_with(things_service(), |_| {}).await;
    assert_eq!(
        verdicts(&report),
        [
            ("create_thing".into(), Verdict::Pass),
            ("list_things".into(), Verdict::Pass),
            // Reads again at the top of the documented range (info max-ver).
            ("list_things@1.5".into(), Verdict::Pass),
            ("show_thing".into(), Verdict::Pass),
            ("show_thing@1.5".into(), Verdict::Pass),
            ("update_thing".into(), Verdict::Pass),
            ("delete_thing".into(), Verdict::Pass),
        ],
        "{}",
        report.render_table()
    );
    assert!(report.passed() && report.exit_code() == 0);
    assert!(
        report.cleanup.is_empty(),
        "the planned delete removed it: {:?}",
        report.cleanup
    );
    let lines = server.lines();
    assert_eq!(lines[0], "POST /v1/p/things");
    assert_eq!(lines[1], format!("GET {ITEM}"), "waits for the 202 create");
    assert_eq!(
        lines.last().unwrap(),
        &format!("GET {ITEM}"),
        "waits until the 202 delete is gone"
    );
    let requests = server.requests();
    let create = &requests[0];
    assert_eq!(create.header("OpenStack-API-Version"), Some("thing 1.2"));
    assert_eq!(create.header("X-Auth-Token"), Some("tok-VERY-SECRET-42"));
    let body: serde_json::Value = serde_json::from_str(&create.body).unwrap();
    assert_eq!(
        body,
        json!({"thing": {"name": "n", "volume_id": "vol-live-1"}}),
        "live id substituted"
    );
    let list = requests
        .iter()
        .find(|r| r.path == "/v1/p/things" && r.method == "GET")
        .unwrap();
    assert_eq!(
        list.header("OpenStack-API-Version"),
        None,
        "no min-ver, no microversion"
    );
}

#[tokio::test]
async fn wrong_status_fails_the_operation() {
    let answer = Answer::Json(201, json!({"thing": {"id": THING_ID, "status": "x"}}));
    let (report, _) = check_fault("PUT", ITEM, answer).await;
    let o = outcome(&report, "update_thing");
    assert_eq!(o.verdict, Verdict::Fail);
    assert_eq!((o.expected.as_str(), o.got.as_str()), ("200", "201"));
    assert_eq!(report.exit_code(), 1);
    assert!(report.cleanup.is_empty(), "delete still ran");
}

#[tokio::test]
async fn invalid_json_and_schema_violations_fail() {
    let (report, _) =
        check_fault("GET", "/v1/p/things", Answer::Raw(200, "{not json".into())).await;
    let o = outcome(&report, "list_things");
    assert_eq!(o.verdict, Verdict::Fail);
    assert!(o.failures[0].contains("not JSON"), "{:?}", o.failures);

    let answer = Answer::Json(200, json!({"thing": {"id": 7}}));
    let (report, _) = check_fault("PUT", ITEM, answer).await;
    let o = outcome(&report, "update_thing");
    assert_eq!(o.verdict, Verdict::Fail);
    let all = o.failures.join("\n");
    assert!(
        all.contains("/thing/id") && all.contains("\"status\" is a required property"),
        "{all}"
    );
}

#[tokio::test]
async fn drift_warns_and_fails_under_strict() {
    let drifting = Answer::Json(
        200,
        json!({"thing": {"id": THING_ID, "status": "available", "shiny": true}}),
    );
    let (report, _) = check_fault("PUT", ITEM, drifting.clone()).await;
    let o = outcome(&report, "update_thing");
    assert_eq!(o.verdict, Verdict::Warn);
    assert_eq!(o.warnings, ["drift: undocumented field /thing/shiny"]);
    assert_eq!(report.exit_code(), 0, "warnings do not fail");
    let strict = |o: &mut RunOptions| o.strict = true;
    let (report, _) = check_with(with_fault(things_service(), "PUT", ITEM, drifting), strict).await;
    assert_eq!(verdict_of(&report, "update_thing"), Verdict::Fail);
}

#[tokio::test]
async fn slow_response_times_out_and_is_retried_only_for_get() {
    let slow = Answer::Slow(
        Duration::from_secs(3),
        Box::new(Answer::Json(200, json!({"things": []}))),
    );
    let (report, server) = check_with(
        with_fault(things_service(), "GET", "/v1/p/things", slow),
        |o| o.retries = 1,
    )
    .await;
    let o = outcome(&report, "list_things");
    assert_eq!((o.verdict, o.got.as_str()), (Verdict::Error, "timeout"));
    assert_eq!(verdict_of(&report, "list_things@1.5"), Verdict::Error);
    assert_eq!(
        times_sent(&server, "GET /v1/p/things"),
        4,
        "one retry each for list_things and its repeat at 1.5"
    );
    assert!(report.cleanup.is_empty());
}

#[tokio::test]
async fn server_errors_are_retried_for_get_but_not_for_post() {
    // 503 twice, then the real answer: passes after two retries.
    let base = things_service();
    let flaky: Handler = Arc::new(move |r, n| {
        if r.method == "GET"
            && r.path == "/v1/p/things"
            && FLAKY.fetch_add(1, std::sync::atomic::Ordering::SeqCst) < 2
        {
            return Answer::Empty(503);
        }
        base(r, n)
    });
    static FLAKY: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let (report, server) = check_with(flaky, |_| {}).await;
    assert_eq!(
        verdict_of(&report, "list_things"),
        Verdict::Pass,
        "{}",
        report.render_table()
    );
    assert_eq!(
        times_sent(&server, "GET /v1/p/things"),
        4,
        "two 503s and the answer for list_things, one answer for list_things@1.5"
    );

    let (report, server) = check_fault("POST", "/v1/p/things", Answer::Empty(500)).await;
    assert_eq!(
        times_sent(&server, "POST /v1/p/things"),
        1,
        "POST is never retried"
    );
    assert_eq!(verdict_of(&report, "create_thing"), Verdict::Fail);
    assert_eq!(
        verdict_of(&report, "show_thing"),
        Verdict::NotRun,
        "needs the thing"
    );
    assert!(
        !server
            .lines()
            .iter()
            .any(|l| l.starts_with("DELETE") || l.starts_with("PUT")),
        "touches nothing it did not create"
    );
}

#[tokio::test]
async fn connection_refused_is_an_error_not_a_crash() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    }; // closed again: nothing listens there
    let url = format!("http://127.0.0.1:{port}");
    let report = run_at(&url, &fast_waits(), |o| o.retries = 0).await;
    let o = &report.outcomes[0];
    assert_eq!(
        (o.verdict, o.got.as_str()),
        (Verdict::Error, "connection error")
    );
    assert!(
        o.failures[0].contains("could not connect"),
        "{:?}",
        o.failures
    );
    assert_eq!(report.exit_code(), 1);
}

#[tokio::test]
async fn cancel_stops_between_requests_and_cleans_up() {
    let cancel = Cancel::new();
    let c = cancel.clone();
    let base = things_service();
    // The "signal" arrives while the create is in flight.
    let handler: Handler = Arc::new(move |r, n| {
        if r.method == "POST" {
            c.cancel("SIGTERM");
        }
        base(r, n)
    });
    let server = Server::start(handler).await;
    let plan = live_plan(&fast_waits());
    let report = run(&things_spec(), &plan, &options(&server.url), &cancel).await;
    assert_eq!(report.interrupted.as_deref(), Some("SIGTERM"));
    assert!(
        report.outcomes[1..]
            .iter()
            .all(|o| o.verdict == Verdict::NotRun),
        "{}",
        report.render_table()
    );
    assert_eq!(report.cleanup.len(), 1);
    assert!(report.cleanup[0].ok, "{:?}", report.cleanup);
    assert!(server.lines().contains(&format!("DELETE {ITEM}")));
    assert_eq!(report.exit_code(), 1);
}

#[tokio::test]
async fn deadline_stops_the_run_but_not_the_cleanup() {
    // Every show takes 300 ms: the wait after the create outlives the deadline.
    let base = things_service();
    let slow: Handler = Arc::new(move |r, n| {
        let answer = base(r, n);
        if r.method == "GET" && r.path == ITEM {
            Answer::Slow(Duration::from_millis(300), Box::new(answer))
        } else {
            answer
        }
    });
    let (report, server) =
        check_with(slow, |o| o.deadline = Some(Duration::from_millis(400))).await;
    assert!(
        report
            .interrupted
            .as_deref()
            .unwrap_or("")
            .contains("deadline"),
        "{:?}",
        report.interrupted
    );
    assert!(report.cleanup.iter().all(|c| c.ok), "{:?}", report.cleanup);
    assert!(server.lines().contains(&format!("DELETE {ITEM}")));
}

#[tokio::test]
async fn failed_cleanup_is_reported() {
    let sticky = with_fault(
        with_fault(things_service(), "DELETE", ITEM, Answer::Empty(403)),
        "PUT",
        ITEM,
        Answer::Empty(500),
    );
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("journal.json");
    let (report, _) = check_with(sticky, |o| o.journal = Some(journal.clone())).await;
    assert_eq!(verdict_of(&report, "delete_thing"), Verdict::Fail);
    assert_eq!(report.cleanup.len(), 1);
    assert!(!report.cleanup[0].ok);
    assert!(
        report.render_table().contains("NOT CLEANED UP"),
        "{}",
        report.render_table()
    );
    // What could not be removed stays listed for the next run.
    let listed = std::fs::read_to_string(&journal).expect("the journal keeps the leftover");
    assert!(listed.contains(ITEM), "{listed}");
}

#[tokio::test]
async fn a_delete_that_never_completes_keeps_the_resource_listed() {
    // The DELETE is accepted (202), but the thing stays `deleting`: it must
    // not leave the cleanup stack (and journal) until it is really gone.
    let deleted = Arc::new(std::sync::Mutex::new(false));
    let stuck: Handler = {
        let base = things_service();
        let deleted = deleted.clone();
        Arc::new(
            move |r: &common::Request, n| match (r.method.as_str(), r.path.as_str()) {
                ("DELETE", ITEM) => {
                    *deleted.lock().unwrap() = true;
                    Answer::Empty(202)
                }
                ("GET", ITEM) if *deleted.lock().unwrap() => Answer::Json(
                    200,
                    json!({"thing": {"id": THING_ID, "status": "deleting", "name": "n"}}),
                ),
                _ => base(r, n),
            },
        )
    };
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("journal.json");
    let server = Server::start(stuck).await;
    let report = run_at(&server.url, &waits(10, 1), |o| {
        o.journal = Some(journal.clone());
        o.cleanup_timeout = Duration::from_secs(3);
    })
    .await;
    assert_eq!(verdict_of(&report, "delete_thing"), Verdict::Fail);
    assert_eq!(report.cleanup.len(), 1, "{:?}", report.cleanup);
    assert!(times_sent(&server, &format!("DELETE {ITEM}")) >= 2);
    assert!(!report.passed());
}

#[tokio::test]
async fn no_token_or_password_reaches_any_output() {
    // A service that echoes everything it was sent, secrets included.
    let echo: Handler = Arc::new(|r, _| {
        let token = r.header("X-Auth-Token").unwrap_or("").to_string();
        Answer::Raw(
            500,
            format!(
                "{{\"error\": \"bad token {token}\", \"password\": \"hunter2-pw\", \"X-Auth-Token: {token}\": 1}}"
            ),
        )
    });
    let (report, _) = check_with(echo, |o| o.retries = 0).await;
    let outputs = [
        report.render_table(),
        report.to_json(),
        report.to_junit(),
        format!("{:?}", report.outcomes),
    ];
    for text in outputs {
        assert!(
            !text.contains("tok-VERY-SECRET-42"),
            "token leaked:\n{text}"
        );
        assert!(!text.contains("hunter2-pw"), "password leaked:\n{text}");
        assert!(text.contains("[REDACTED]"), "{text}");
    }
}

#[tokio::test]
async fn scenario_skips_are_reported_and_do_not_fail() {
    let server = Server::start(things_service()).await;
    let mut scenario = fast_waits();
    scenario.operations.insert(
        "list_things".into(),
        speclift_check::scenario::OperationOverride {
            skip: Some("known upstream bug".into()),
            ..Default::default()
        },
    );
    let report = run_at(&server.url, &scenario, |_| {}).await;
    let o = outcome(&report, "list_things");
    assert_eq!(
        (o.verdict, o.failures[0].as_str()),
        (Verdict::Skip, "known upstream bug")
    );
    assert_eq!(report.exit_code(), 0);
    assert!(!server.lines().contains(&"GET /v1/p/things".to_string()));
}

#[tokio::test]
async fn fixtures_are_created_first_and_deleted_last() {
    let base = things_service();
    let gone = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let handler: Handler = Arc::new(move |r, n| match (r.method.as_str(), r.path.as_str()) {
        ("POST", "/v1/p/volumes") => Answer::Json(
            202,
            json!({"volume": {"id": "vol-9", "status": "creating"}}),
        ),
        ("GET", "/v1/p/volumes/vol-9") if gone.load(std::sync::atomic::Ordering::SeqCst) => {
            Answer::Empty(404)
        }
        ("GET", "/v1/p/volumes/vol-9") => Answer::Json(
            200,
            json!({"volume": {"id": "vol-9", "status": "available"}}),
        ),
        ("DELETE", "/v1/p/volumes/vol-9") => {
            gone.store(true, std::sync::atomic::Ordering::SeqCst);
            Answer::Empty(202)
        }
        _ => base(r, n),
    });
    let server = Server::start(handler).await;
    let scenario = Scenario::from_yaml(
        r#"
wait: {interval-ms: 10, timeout-secs: 2}
fixtures:
  - name: volume
    path: /v1/{project_id}/volumes
    body: {volume: {size: 1, name: "for {project_id}"}}
    capture: {volume_id: /volume/id}
    wait: {path: "/v1/{project_id}/volumes/{volume_id}", status: /volume/status}
    delete: /v1/{project_id}/volumes/{volume_id}
"#,
    )
    .unwrap();
    let vars: BTreeMap<String, String> = [("project_id".to_string(), "p".to_string())].into();
    let plan = plan::build(&things_spec(), &scenario, &vars);
    assert!(
        plan.steps.iter().all(|s| s.skip.is_none()),
        "{}",
        plan.render()
    );
    let report = run(&things_spec(), &plan, &options(&server.url), &Cancel::new()).await;
    assert!(report.passed(), "{}", report.render_table());
    let lines = server.lines();
    assert_eq!(lines[0], "POST /v1/p/volumes");
    assert!(server.requests()[0].body.contains("for p"));
    let create = server
        .requests()
        .into_iter()
        .find(|r| r.path == "/v1/p/things")
        .unwrap();
    assert!(
        create.body.contains("vol-9"),
        "fixture id substituted: {}",
        create.body
    );
    assert!(
        lines
            .iter()
            .rev()
            .take(2)
            .any(|l| l == "DELETE /v1/p/volumes/vol-9"),
        "{lines:?}"
    );
}

#[tokio::test]
async fn scenario_headers_reach_every_request_and_secrets_stay_out() {
    let scenario = Scenario::from_yaml(
        r#"
wait: {interval-ms: 10, timeout-secs: 2}
headers: {X-Service-Roles: service}
operations:
  show_thing:
    headers: {OpenStack-API-Version: thing 1.5}
  update_thing:
    headers: {X-Api-Key: key-VERY-SECRET-7}
"#,
    )
    .unwrap();
    // The update echoes its key back in a failure body.
    let handler = with_fault(
        things_service(),
        "PUT",
        ITEM,
        Answer::Raw(
            500,
            "{\"error\": \"bad key key-VERY-SECRET-7\"}".to_string(),
        ),
    );
    let server = Server::start(handler).await;
    let report = run_at(&server.url, &scenario, |_| {}).await;
    let requests = server.requests();
    assert!(requests.len() >= 5, "{:?}", server.lines());
    for r in &requests {
        assert_eq!(
            r.header("X-Service-Roles"),
            Some("service"),
            "{} {}",
            r.method,
            r.path
        );
        let has_key = r.header("X-Api-Key").is_some();
        assert_eq!(has_key, r.method == "PUT", "{} {}", r.method, r.path);
    }
    // The override replaces the built-in header instead of adding one.
    let show = requests
        .iter()
        .find(|r| {
            r.method == "GET"
                && r.path == ITEM
                && r.header("OpenStack-API-Version") == Some("thing 1.5")
        })
        .expect("show_thing sent its own microversion");
    let versions = show
        .headers
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case("OpenStack-API-Version"))
        .count();
    assert_eq!(versions, 1, "{:?}", show.headers);
    assert_eq!(verdict_of(&report, "update_thing"), Verdict::Fail);
    for text in [report.render_table(), report.to_json(), report.to_junit()] {
        assert!(!text.contains("key-VERY-SECRET-7"), "key leaked:\n{text}");
        assert!(text.contains("[REDACTED]"), "{text}");
    }
}

/// The library draws nothing: a front end learns how far the run is from
/// its events: the total first, each step by name, one `Done` per fixture
/// and step, then the cleanup, then the end.
#[tokio::test]
async fn progress_arrives_as_events_in_order() {
    use speclift_check::{Progress, ProgressSink};
    let events = Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = {
        let events = events.clone();
        ProgressSink::new(move |e| events.lock().unwrap().push(e))
    };
    let (report, _server) = check_with(things_service(), |o| o.progress = sink).await;
    assert!(report.setup_errors.is_empty(), "{:?}", report.setup_errors);
    let events = events.lock().unwrap().clone();
    let plan = live_plan(&fast_waits());
    let total = plan.steps.len() + plan.fixtures.len();
    assert_eq!(events.first(), Some(&Progress::Started { total }));
    assert_eq!(events.last(), Some(&Progress::Finished));
    let done = events.iter().filter(|e| **e == Progress::Done).count();
    assert_eq!(done, total, "{events:?}");
    let cleanup = events
        .iter()
        .position(|e| *e == Progress::Working("cleanup".into()));
    assert_eq!(cleanup, Some(events.len() - 2), "{events:?}");
    for step in &plan.steps {
        let working = Progress::Working(step.operation_id.clone());
        assert!(events.contains(&working), "{working:?} missing: {events:?}");
    }
}
