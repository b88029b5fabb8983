//! The checker's own overhead per request: the same N GETs against a
//! trivial local server, once with bare reqwest and once as a checked plan
//! (planning excluded; validation, drift, reporting included), one request
//! at a time, in interleaved rounds after a warm-up. Loopback HTTP on a
//! shared machine varies by more than the checker costs, so the bench also
//! times the checker's own work per reply in process (`check_reply` on the
//! committed attachments spec's documented responses): no network, steady.
//!
//! `cargo bench -p speclift-check --bench overhead [-- N]`

#[path = "../tests/it/common.rs"]
mod common;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{Answer, Server};
use serde_json::{Value, json};
use speclift_check::judge::{Judge, check_reply};
use speclift_check::transport::Reply;
use speclift_check::validate::Validators;
use speclift_check::{Cancel, RunOptions, Scenario, plan, run, spec};

fn spec(n: usize) -> Value {
    let schema = json!({"type": "object", "required": ["thing"], "properties": {"thing": {"type": "object",
        "required": ["id", "status"], "properties": {"id": {"type": "string"}, "status": {"type": "string"},
        "size": {"type": "integer"}, "metadata": {"type": "object", "additionalProperties": {"type": "string"}}}}}});
    let mut paths = serde_json::Map::new();
    for i in 0..n {
        paths.insert(
            format!("/r/{i}"),
            json!({"get": {"operationId": format!("get_{i}"), "responses": {"200": {"description": "ok",
                "content": {"application/json": {"schema": schema, "examples": {"s": {"value": body()}}}}}}}}),
        );
    }
    json!({"openapi": "3.1.0", "info": {"title": "bench", "version": "1"}, "paths": paths})
}

fn body() -> Value {
    json!({"thing": {"id": "1", "status": "available", "size": 10, "metadata": {"a": "b"}}})
}

fn main() {
    let n: usize = std::env::args()
        .filter_map(|a| a.parse().ok())
        .next()
        .unwrap_or(300);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let server = rt.block_on(Server::start(Arc::new(|_, _| Answer::Json(200, body()))));
    let spec = spec(n);
    let plan = plan::build(&spec, &Scenario::default(), &BTreeMap::new());
    let options = RunOptions {
        base_url: server.url.clone(),
        concurrency: 1,
        ..RunOptions::default()
    };

    let bare_round = || {
        let cpu = cpu_time();
        let wall = rt.block_on(async {
            let client = speclift_check::run::build_client(&options).unwrap();
            let start = Instant::now();
            for i in 0..n {
                let r = client
                    .get(format!("{}/r/{i}", server.url))
                    .header("Accept", "application/json")
                    .send()
                    .await
                    .unwrap();
                let _ = r.bytes().await.unwrap();
            }
            start.elapsed()
        });
        (wall, cpu_time() - cpu)
    };
    let checked_round = || {
        let cpu = cpu_time();
        let start = Instant::now();
        let report = rt.block_on(run(&spec, &plan, &options, &Cancel::new()));
        let elapsed = start.elapsed();
        let cpu = cpu_time() - cpu;
        assert_eq!(report.outcomes.len(), n);
        assert!(report.passed(), "{}", report.render_table());
        (elapsed, cpu)
    };
    // Warm both paths up, then interleave the rounds so drift in the
    // machine's load hits both alike; the best round of each is compared.
    let _ = (bare_round(), checked_round());
    const ROUNDS: usize = 7;
    let (mut bare, mut checked) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        bare.push(bare_round());
        checked.push(checked_round());
    }
    let per = |d: Duration| d.as_secs_f64() * 1e6 / n as f64;
    let best = |rounds: &[(Duration, Duration)], pick: fn(&(Duration, Duration)) -> Duration| {
        rounds.iter().map(pick).min().unwrap_or_default()
    };
    let (bare_wall, bare_cpu) = (best(&bare, |r| r.0), best(&bare, |r| r.1));
    let (checked_wall, checked_cpu) = (best(&checked, |r| r.0), best(&checked, |r| r.1));
    println!("requests per round: {n}, rounds: {ROUNDS} (best round shown)");
    println!("                      wall µs/request   CPU µs/request (client + server)");
    println!(
        "bare reqwest          {:15.1}   {:14.1}",
        per(bare_wall),
        per(bare_cpu)
    );
    println!(
        "checked               {:15.1}   {:14.1}",
        per(checked_wall),
        per(checked_cpu)
    );
    println!(
        "checker overhead      {:15.1}   {:14.1}",
        per(checked_wall) - per(bare_wall),
        per(checked_cpu) - per(bare_cpu)
    );
    reply_checks();
}

/// Times `check_reply` (status, schema validation, drift, microversion
/// echo) on every documented response example of a real spec.
fn reply_checks() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../specs/block-storage-api-v3-attachments.json"
    );
    let text = std::fs::read_to_string(path).expect("committed spec");
    let spec: Value = serde_json::from_str(&text).expect("spec is JSON");
    let plan = plan::build(&spec, &Scenario::default(), &BTreeMap::new());
    let cases: Vec<_> = plan
        .steps
        .iter()
        .filter_map(|step| {
            let op = spec
                .get("paths")?
                .get(step.spec_path())?
                .get(step.method.to_lowercase())?
                .as_object()?;
            let status = spec::sample_status(op)?;
            let example = spec::response_example(op, status)?;
            let reply = Reply {
                status,
                headers: Default::default(),
                body: serde_json::to_vec(example).ok()?,
            };
            Some((step, op.clone(), reply))
        })
        .collect();
    assert!(!cases.is_empty(), "{path}: no documented response examples");
    let validators = Validators::default();
    let redactor = speclift_check::Redactor::new();
    let judge = Judge {
        spec: &spec,
        service: Some("volume"),
        validators: &validators,
        redactor: &redactor,
        strict: false,
    };
    let check_all = || {
        for (step, op, reply) in &cases {
            let (failures, _) = check_reply(op, step, reply, &judge);
            std::hint::black_box(failures);
        }
    };
    check_all(); // compiles and caches the validators, as a run's first reply does
    const ITERATIONS: u32 = 200;
    let mut best = Duration::MAX;
    for _ in 0..5 {
        let start = Instant::now();
        for _ in 0..ITERATIONS {
            check_all();
        }
        best = best.min(start.elapsed());
    }
    let replies = ITERATIONS as f64 * cases.len() as f64;
    println!(
        "in process: check_reply on {} documented responses of specs/block-storage-api-v3-attachments.json: {:.1} µs/reply (best of 5 × {ITERATIONS})",
        cases.len(),
        best.as_secs_f64() * 1e6 / replies
    );
}

/// CPU time the whole process has used (every thread: the client, the
/// checker and the in-process server).
fn cpu_time() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec for the call's duration.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_PROCESS_CPUTIME_ID) failed");
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}
