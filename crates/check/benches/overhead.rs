//! The checker's own overhead per request: the same N GETs against a
//! trivial local server, once with bare reqwest and once as a checked plan
//! (planning excluded; validation, drift, reporting included), one request
//! at a time. `cargo bench -p speclift-check --bench overhead [-- N]`.

#[path = "../tests/common/mod.rs"]
mod common;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{Answer, Server};
use serde_json::{Value, json};
use speclift_check::{Cancel, RunOptions, Scenario, plan, run};

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

    let bare = rt.block_on(async {
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
    let mut best = Duration::MAX;
    for _ in 0..3 {
        let start = Instant::now();
        let report = rt.block_on(run(&spec, &plan, &options, &Cancel::new()));
        best = best.min(start.elapsed());
        assert_eq!(report.outcomes.len(), n);
        assert!(report.passed(), "{}", report.render_table());
    }
    let per = |d: Duration| d.as_secs_f64() * 1e6 / n as f64;
    println!("requests:            {n}");
    println!("bare reqwest:        {:8.1} µs/request", per(bare));
    println!("checked (best of 3): {:8.1} µs/request", per(best));
    println!(
        "checker overhead:    {:8.1} µs/request",
        per(best) - per(bare)
    );
}
