//! An in-process fake service on 127.0.0.1:0 for fault injection: a tiny
//! HTTP/1.1 server (one request per connection) whose answers come from a
//! closure, recording every request it sees.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};
use speclift_check::{Plan, Scenario, plan};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

#[derive(Clone, Debug)]
pub struct Request {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Clone, Debug)]
pub enum Answer {
    Json(u16, Value),
    Raw(u16, String),
    Empty(u16),
    /// Answer after a delay.
    Slow(Duration, Box<Answer>),
    /// Close the connection without answering.
    Hangup,
    /// Any status, extra header lines and raw body bytes, e.g. a redirect
    /// (`Location`) or a body in a `Content-Encoding` the client must not
    /// decode.
    Full(u16, Vec<(String, String)>, Vec<u8>),
}

pub type Handler = Arc<dyn Fn(&Request, usize) -> Answer + Send + Sync>;

pub struct Server {
    pub url: String,
    pub log: Arc<Mutex<Vec<Request>>>,
}

impl Server {
    /// Starts serving on the current tokio runtime. The handler gets each
    /// request and how many requests came before it.
    pub async fn start(handler: Handler) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let url = format!("http://{}", listener.local_addr().expect("local addr"));
        let log: Arc<Mutex<Vec<Request>>> = Arc::default();
        let log2 = log.clone();
        tokio::spawn(async move {
            loop {
                let Ok((mut socket, _)) = listener.accept().await else {
                    return;
                };
                let (handler, log) = (handler.clone(), log2.clone());
                tokio::spawn(async move {
                    let Some(request) = read_request(&mut socket).await else {
                        return;
                    };
                    let seen = {
                        let mut l = log.lock().unwrap();
                        l.push(request.clone());
                        l.len() - 1
                    };
                    let mut answer = handler(&request, seen);
                    while let Answer::Slow(delay, inner) = answer {
                        tokio::time::sleep(delay).await;
                        answer = *inner;
                    }
                    let mut extra = Vec::new();
                    let (status, body, json) = match answer {
                        Answer::Json(s, v) => (s, v.to_string().into_bytes(), true),
                        Answer::Raw(s, t) => (s, t.into_bytes(), true),
                        Answer::Empty(s) => (s, Vec::new(), false),
                        Answer::Full(s, headers, body) => {
                            extra = headers;
                            (s, body, false)
                        }
                        Answer::Hangup | Answer::Slow(..) => return,
                    };
                    let mut head = format!(
                        "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n",
                        body.len()
                    );
                    if json {
                        head.push_str("Content-Type: application/json\r\n");
                    }
                    for (name, value) in &extra {
                        head.push_str(&format!("{name}: {value}\r\n"));
                    }
                    if let Some(mv) = request.header("OpenStack-API-Version") {
                        head.push_str(&format!("OpenStack-API-Version: {mv}\r\n"));
                    }
                    head.push_str("\r\n");
                    let _ = socket.write_all(head.as_bytes()).await;
                    let _ = socket.write_all(&body).await;
                    let _ = socket.shutdown().await;
                });
            }
        });
        Server { url, log }
    }

    pub fn requests(&self) -> Vec<Request> {
        self.log.lock().unwrap().clone()
    }

    /// `METHOD path` of every request so far.
    pub fn lines(&self) -> Vec<String> {
        self.requests()
            .iter()
            .map(|r| format!("{} {}", r.method, r.path))
            .collect()
    }
}

async fn read_request(socket: &mut tokio::net::TcpStream) -> Option<Request> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let header_end = loop {
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..header_end]).to_string();
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let method = first.next()?.to_string();
    let path = first.next()?.to_string();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    while buf.len() < header_end + length {
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let body = String::from_utf8_lossy(&buf[header_end..]).to_string();
    Some(Request {
        method,
        path,
        headers,
        body,
    })
}

/// A small microversioned "things" API in the emitter's shape: create
/// (202, async), list, show, update, delete (202).
pub fn things_spec() -> Value {
    let thing_schema = json!({"type": "object", "required": ["thing"], "properties": {"thing": {
        "type": "object", "required": ["id", "status"],
        "properties": {"id": {"type": "string"}, "status": {"type": "string"}, "name": {"type": "string"}}}}});
    let media = |schema: &Value, example: Value| json!({"application/json": {"schema": schema, "examples": {"s": {"value": example}}}});
    let thing = json!({"thing": {"id": "0b1c7a52-8e5d-4c6c-9a43-1c2b3d4e5f60", "status": "creating", "name": "n"}});
    let list_schema = json!({"type": "object", "properties": {"things": {"type": "array",
        "items": thing_schema["properties"]["thing"].clone()}}});
    json!({
        "openapi": "3.1.0",
        "info": {"title": "Things", "version": "1.5",
            "x-speclift": {"microversions": {"service": "thing", "min-ver": "1.0", "max-ver": "1.5"}}},
        "paths": {
            "/v1/{project_id}/things": {
                "get": {"operationId": "list_things", "responses": {
                    "200": {"description": "ok", "content": media(&list_schema, json!({"things": [thing["thing"].clone()]}))}}},
                "post": {"operationId": "create_thing", "x-openstack": {"min-ver": "1.2"},
                    "requestBody": {"content": media(&json!({"type": "object"}),
                        json!({"thing": {"name": "n", "volume_id": "5aa119a8-d25b-45a7-8d1b-88e127885635"}}))},
                    "responses": {"202": {"description": "ok", "content": media(&thing_schema, thing.clone())}}}
            },
            "/v1/{project_id}/things/{thing_id}": {
                "get": {"operationId": "show_thing", "responses": {
                    "200": {"description": "ok", "content": media(&thing_schema, thing.clone())},
                    "404": {"description": "missing"}}},
                "put": {"operationId": "update_thing",
                    "requestBody": {"content": media(&json!({"type": "object"}), json!({"thing": {"name": "m"}}))},
                    "responses": {"200": {"description": "ok", "content": media(&thing_schema, thing.clone())}}},
                "delete": {"operationId": "delete_thing", "responses": {"202": {"description": "accepted"}}}
            }
        }
    })
}

pub const THING_ID: &str = "11111111-2222-3333-4444-555555555555";
/// The thing's path in project `p`: `/v1/p/things/{THING_ID}`.
pub const ITEM: &str = "/v1/p/things/11111111-2222-3333-4444-555555555555";

/// A scenario that only says how often and how long to poll.
pub fn waits(interval_ms: u64, timeout_secs: u64) -> Scenario {
    Scenario::from_yaml(&format!(
        "wait: {{interval-ms: {interval_ms}, timeout-secs: {timeout_secs}}}"
    ))
    .unwrap()
}

/// The plan over [`things_spec`] in project `p`, the create naming
/// `volume_id` (the live id the run substitutes into its body).
pub fn things_plan(scenario: &Scenario, volume_id: &str) -> Plan {
    let vars = BTreeMap::from([
        ("project_id".to_string(), "p".to_string()),
        ("volume_id".to_string(), volume_id.to_string()),
    ]);
    plan::build(&things_spec(), scenario, &vars)
}

/// A well-behaved implementation of [`things_spec`]: the thing is
/// `creating` on the first show, `available` after; gone after DELETE.
pub fn things_service() -> Handler {
    let deleted = Arc::new(Mutex::new(false));
    let shows = Arc::new(Mutex::new(0usize));
    Arc::new(move |r: &Request, _| {
        let thing =
            |status: &str| json!({"thing": {"id": THING_ID, "status": status, "name": "n"}});
        match (r.method.as_str(), r.path.as_str()) {
            ("POST", "/v1/p/things") => Answer::Json(202, thing("creating")),
            ("GET", "/v1/p/things") => {
                Answer::Json(200, json!({"things": [thing("available")["thing"]]}))
            }
            ("GET", ITEM) => {
                if *deleted.lock().unwrap() {
                    return Answer::Empty(404);
                }
                let mut n = shows.lock().unwrap();
                *n += 1;
                Answer::Json(200, thing(if *n == 1 { "creating" } else { "available" }))
            }
            ("PUT", ITEM) => Answer::Json(200, thing("available")),
            ("DELETE", ITEM) => {
                *deleted.lock().unwrap() = true;
                Answer::Empty(202)
            }
            _ => Answer::Empty(404),
        }
    })
}

/// Wraps `base`, replacing the answer for `METHOD path` requests.
pub fn with_fault(
    base: Handler,
    method: &'static str,
    path: &'static str,
    fault: Answer,
) -> Handler {
    Arc::new(move |r: &Request, n| {
        let answer = base(r, n);
        if r.method == method && r.path == path {
            fault.clone()
        } else {
            answer
        }
    })
}
