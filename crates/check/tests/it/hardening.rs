//! Hostile servers on 127.0.0.1:0: redirects that would carry the token or
//! the password elsewhere, bodies without end, requests that hang, secrets
//! straddling a message's cut.

use crate::common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{Answer, Server, things_plan, things_service, things_spec, waits, with_fault};
use serde_json::json;
use speclift_check::{Cancel, KeystoneCredentials, Report, RunOptions, Verdict, run};

const TOKEN: &str = "tok-VERY-SECRET-42";
const PASSWORD: &str = "pw-NEVER-ELSEWHERE-7";

fn options(url: &str) -> RunOptions {
    RunOptions {
        base_url: url.to_string(),
        token: Some(TOKEN.into()),
        request_timeout: Duration::from_secs(5),
        retries: 0,
        backoff: Duration::from_millis(10),
        cleanup_timeout: Duration::from_secs(5),
        ..RunOptions::default()
    }
}

async fn run_things(opts: &RunOptions) -> Report {
    run(
        &things_spec(),
        &things_plan(&waits(10, 2), "vol-1"),
        opts,
        &Cancel::new(),
    )
    .await
}

/// Every request of `server`, flattened to text: headers and body.
fn everything_seen(server: &Server) -> String {
    server
        .requests()
        .iter()
        .map(|r| format!("{} {} {:?} {}", r.method, r.path, r.headers, r.body))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Answers everything with `status` and a `Location` on `target`.
fn redirecting_to(target: String, status: u16) -> common::Handler {
    Arc::new(move |r, _| {
        Answer::Full(
            status,
            vec![("Location".into(), format!("{target}{}", r.path))],
            Vec::new(),
        )
    })
}

#[tokio::test]
async fn a_redirect_never_carries_the_token_to_another_origin() {
    let elsewhere = Server::start(things_service()).await;
    for status in [301, 302, 307, 308] {
        let redirector = Server::start(redirecting_to(elsewhere.url.clone(), status)).await;
        let report = run_things(&options(&redirector.url)).await;
        assert!(
            elsewhere.requests().is_empty(),
            "{status}: followed to the other server: {}",
            everything_seen(&elsewhere)
        );
        assert!(!redirector.requests().is_empty());
        // The redirect is the answer judged: undocumented, so a failure
        // that names where it points.
        let create = &report.outcomes[0];
        assert_eq!(create.verdict, Verdict::Fail, "{}", report.render_table());
        assert_eq!(create.got, status.to_string());
        assert!(
            create.failures[0].contains(&format!("a redirect to `{}", elsewhere.url)),
            "{:?}",
            create.failures
        );
    }
}

#[tokio::test]
async fn the_identity_request_never_follows_a_redirect() {
    let elsewhere = Server::start(Arc::new(|_, _| {
        Answer::Full(
            201,
            vec![("X-Subject-Token".into(), "stolen".into())],
            b"{}".to_vec(),
        )
    }))
    .await;
    let identity = Server::start(redirecting_to(elsewhere.url.clone(), 307)).await;
    let service = Server::start(things_service()).await;
    let mut opts = options(&service.url);
    opts.token = None;
    opts.keystone = Some(KeystoneCredentials {
        auth_url: format!("{}/v3", identity.url),
        username: "u".into(),
        password: PASSWORD.into(),
        user_domain: "Default".into(),
        project_name: Some("p".into()),
        project_id: None,
        project_domain: "Default".into(),
    });
    let report = run_things(&opts).await;
    assert!(
        elsewhere.requests().is_empty(),
        "the password went to the redirect target: {}",
        everything_seen(&elsewhere)
    );
    assert!(identity.requests()[0].body.contains(PASSWORD));
    assert!(service.requests().is_empty(), "no token, nothing sent");
    let error = report.setup_errors.join("\n");
    assert!(
        error.contains("307") && error.contains(&elsewhere.url),
        "{error}"
    );
    assert!(!report.render_table().contains(PASSWORD));
}

/// A spec whose one operation documents a 302 answer.
fn documented_redirect_spec() -> serde_json::Value {
    json!({"openapi": "3.1.0", "info": {"title": "R", "version": "1"}, "paths": {"/v1/moved": {
        "get": {"operationId": "moved", "responses": {"302": {"description": "moved"}}}}}})
}

#[tokio::test]
async fn a_documented_redirect_passes_without_being_followed() {
    let elsewhere = Server::start(things_service()).await;
    let redirector = Server::start(redirecting_to(elsewhere.url.clone(), 302)).await;
    let spec = documented_redirect_spec();
    let plan = speclift_check::plan::build(&spec, &Default::default(), &Default::default());
    let report = run(&spec, &plan, &options(&redirector.url), &Cancel::new()).await;
    assert_eq!(
        report.outcomes[0].verdict,
        Verdict::Pass,
        "{}",
        report.render_table()
    );
    assert!(elsewhere.requests().is_empty());
}

#[tokio::test]
async fn a_body_over_the_cap_fails_its_step_and_is_never_decoded() {
    let huge = vec![b'x'; 64 * 1024];
    let server = Server::start(with_fault(
        things_service(),
        "GET",
        "/v1/p/things",
        Answer::Full(200, vec![], huge),
    ))
    .await;
    let mut opts = options(&server.url);
    opts.max_body = 4096;
    let report = run_things(&opts).await;
    let list = report
        .outcomes
        .iter()
        .find(|o| o.operation_id == "list_things")
        .unwrap();
    assert_eq!(list.verdict, Verdict::Error, "{}", report.render_table());
    assert!(
        list.failures[0].contains("larger than the 4 KiB limit"),
        "{:?}",
        list.failures
    );

    // Bytes that claim to be gzip but are not: a client that decoded
    // bodies would fail to read them; this one takes them as they are.
    let gzip = Server::start(with_fault(
        things_service(),
        "GET",
        "/v1/p/things",
        Answer::Full(
            200,
            vec![
                ("Content-Encoding".into(), "gzip".into()),
                ("Content-Type".into(), "application/json".into()),
            ],
            b"{\"things\": []}".to_vec(),
        ),
    ))
    .await;
    let report = run_things(&options(&gzip.url)).await;
    let list = report
        .outcomes
        .iter()
        .find(|o| o.operation_id == "list_things")
        .unwrap();
    assert_eq!(list.verdict, Verdict::Pass, "{}", report.render_table());
}

#[tokio::test]
async fn a_token_at_the_cut_of_a_body_snippet_leaves_no_prefix() {
    // The token starts 290 characters into a 400 answer's body: the
    // snippet is cut at 300, through the token.
    let body = format!("{}{TOKEN} trailing", "e".repeat(290));
    let server = Server::start(with_fault(
        things_service(),
        "POST",
        "/v1/p/things",
        Answer::Raw(400, body),
    ))
    .await;
    let report = run_things(&options(&server.url)).await;
    assert_eq!(report.outcomes[0].verdict, Verdict::Fail);
    for text in [report.render_table(), report.to_json(), report.to_junit()] {
        for len in 8..=TOKEN.len() {
            assert!(!text.contains(&TOKEN[..len]), "{}: {text}", &TOKEN[..len]);
        }
    }
}

/// The things service, but its list hangs far longer than the test.
fn hanging_reads() -> common::Handler {
    let service = things_service();
    Arc::new(move |r, n| match (r.method.as_str(), r.path.as_str()) {
        ("GET", "/v1/p/things") => {
            Answer::Slow(Duration::from_secs(60), Box::new(Answer::Empty(200)))
        }
        _ => service(r, n),
    })
}

#[tokio::test]
async fn the_deadline_cuts_a_hanging_request_and_starts_no_retry() {
    let server = Server::start(hanging_reads()).await;
    let mut opts = options(&server.url);
    opts.request_timeout = Duration::from_secs(30);
    opts.retries = 3;
    opts.deadline = Some(Duration::from_millis(800));
    let started = Instant::now();
    let report = run_things(&opts).await;
    let took = started.elapsed();
    // Before: the run waited out the 30 s request timeout, then retried.
    assert!(took < Duration::from_secs(8), "took {took:?}");
    assert!(report.interrupted.is_some(), "{}", report.render_table());
    let lists = server
        .requests()
        .iter()
        .filter(|r| r.method == "GET" && r.path == "/v1/p/things")
        .count();
    // The two list reads (both ends of the range) start together, once.
    assert!(
        lists <= 2,
        "retried past the deadline: {:?}",
        server.lines()
    );
    assert!(report.cleanup.iter().all(|c| c.ok), "{:?}", report.cleanup);
}

#[tokio::test]
async fn a_cancel_cuts_a_hanging_request_at_once() {
    let server = Server::start(hanging_reads()).await;
    let mut opts = options(&server.url);
    opts.request_timeout = Duration::from_secs(30);
    let cancel = Cancel::new();
    let stopper = cancel.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(500)).await;
        stopper.cancel("SIGINT (Ctrl-C)");
    });
    let started = Instant::now();
    let report = run(
        &things_spec(),
        &things_plan(&waits(10, 2), "vol-1"),
        &opts,
        &cancel,
    )
    .await;
    let took = started.elapsed();
    assert!(took < Duration::from_secs(8), "took {took:?}");
    assert_eq!(report.interrupted.as_deref(), Some("SIGINT (Ctrl-C)"));
    // The thing it created was still removed, within the cleanup budget.
    assert!(
        server.lines().iter().any(|l| l.starts_with("DELETE")),
        "{:?}",
        server.lines()
    );
}

#[tokio::test]
async fn server_bytes_reach_the_table_escaped() {
    // An OSC sequence that would retitle the terminal, and a BEL.
    let server = Server::start(with_fault(
        things_service(),
        "POST",
        "/v1/p/things",
        Answer::Raw(400, "\u{1b}]0;pwned\u{7}\u{1b}[2J".into()),
    ))
    .await;
    let report = run_things(&options(&server.url)).await;
    let table = report.render_table();
    assert!(table.contains("pwned"), "{table}");
    assert!(
        !table
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t'),
        "{table:?}"
    );
}

#[tokio::test]
async fn a_request_error_keeps_its_cause() {
    // The service hangs up on the create without a word.
    let server = Server::start(with_fault(
        things_service(),
        "POST",
        "/v1/p/things",
        Answer::Hangup,
    ))
    .await;
    let report = run_things(&options(&server.url)).await;
    let create = &report.outcomes[0];
    assert_eq!(create.verdict, Verdict::Error, "{}", report.render_table());
    // Before: only "error sending request for url (…)", the cause dropped.
    let message = &create.failures[0];
    assert!(
        message.contains("error sending request") && message.contains("closed"),
        "{message}"
    );
}
