//! The Pithos guide (object-api-guide.rst): every request and reply header
//! its object-level PUT, GET, HEAD, COPY and POST sections document is a
//! header parameter or a response header of the generated spec, and the
//! `X-Object-Meta-*` family is one pattern-named header, not a literal `*`.

use crate::common;

use std::collections::BTreeSet;

use common::*;
use serde_json::Value;
use speclift_spec::refs::resolve;

const METHODS: [&str; 5] = ["PUT", "GET", "HEAD", "COPY", "POST"];

/// (method, "request"|"reply", header name) from the guide's text: the
/// `Request Header Name` / `Reply Header Name` tables of each method's
/// subsection (underlined with `"`) under "Object Level".
fn documented_headers(text: &str) -> BTreeSet<(String, &'static str, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let underline = |i: usize, c: char| {
        lines
            .get(i + 1)
            .is_some_and(|u| !u.is_empty() && u.chars().all(|x| x == c))
    };
    let mut out = BTreeSet::new();
    let mut in_object_level = false;
    let mut method: Option<String> = None;
    let mut table: Option<&'static str> = None;
    let mut borders = 0;
    for (i, line) in lines.iter().enumerate() {
        if underline(i, '^') {
            in_object_level = line.trim() == "Object Level";
            method = None;
            continue;
        }
        if underline(i, '"') {
            method = Some(line.trim().to_string());
            continue;
        }
        let Some(m) = method.as_ref().filter(|_| in_object_level) else {
            continue;
        };
        if line.starts_with("====") {
            borders += 1;
            if borders == 3 {
                table = None;
                borders = 0;
            }
            continue;
        }
        if borders == 1 {
            table = if line.starts_with("Request Header Name") {
                Some("request")
            } else if line.starts_with("Reply Header Name") {
                Some("reply")
            } else {
                None
            };
            continue;
        }
        if let (Some(kind), 2) = (table, borders)
            && let Some(name) = line.split_whitespace().next()
        {
            out.insert((m.clone(), kind, name.to_string()));
        }
    }
    out
}

/// The operation of `method` at `path`: a standard method's key, or the
/// extension methods' map (`x-oai-additionalOperations` in 3.1).
fn operation<'s>(spec: &'s Value, path: &str, method: &str) -> Option<&'s Value> {
    let item = &spec["paths"][path];
    item.get(method.to_ascii_lowercase())
        .or_else(|| item.get("x-oai-additionalOperations")?.get(method))
        .or_else(|| item.get("additionalOperations")?.get(method))
}

fn request_headers(spec: &Value, op: &Value) -> Vec<String> {
    op["parameters"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| resolve(spec, p))
        .filter(|p| p["in"] == "header")
        .filter_map(|p| p["name"].as_str().map(str::to_string))
        .collect()
}

fn reply_headers(spec: &Value, op: &Value) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for response in op["responses"].as_object().into_iter().flatten() {
        let response = resolve(spec, response.1);
        for name in response["headers"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|h| h.0)
        {
            if !names.iter().any(|n| n.eq_ignore_ascii_case(name)) {
                names.push(name.clone());
            }
        }
    }
    names
}

/// Whether `documented` (`X-Object-Meta-*` or a plain name) is among
/// `names`: a pattern by its prefix and a `{…}` placeholder.
fn has(names: &[String], documented: &str) -> bool {
    match documented.strip_suffix('*') {
        Some(prefix) => names.iter().any(|n| {
            n.len() > prefix.len()
                && n[..prefix.len()].eq_ignore_ascii_case(prefix)
                && n[prefix.len()..].starts_with('{')
                && n.ends_with('}')
        }),
        None => names.iter().any(|n| n.eq_ignore_ascii_case(documented)),
    }
}

#[test]
fn object_headers_are_parameters_and_response_headers() {
    let Some(shared) = shared() else { return };
    let guide = shared.join("corpus/synnefo/docs/object-api-guide.rst");
    let text = std::fs::read_to_string(&guide).expect("the Pithos guide");
    let documented = documented_headers(&text);
    for m in METHODS {
        assert!(
            documented.iter().any(|(dm, _, _)| dm == m),
            "the scan found no headers for {m}"
        );
    }
    let out = temp_dir("pithos");
    let output = speclift(&[
        "gen",
        guide.to_str().unwrap(),
        "-o",
        out.path().to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let spec: Value = serde_json::from_str(
        &std::fs::read_to_string(out.path().join("pithos-api.json")).expect("the spec"),
    )
    .expect("JSON");
    let path = "/{account}/{container}/{object}";
    let mut missing = Vec::new();
    for m in METHODS {
        let Some(op) = operation(&spec, path, m) else {
            missing.push(format!("{m} {path}: no operation"));
            continue;
        };
        let (request, reply) = (request_headers(&spec, op), reply_headers(&spec, op));
        for (_, kind, name) in documented.iter().filter(|(dm, _, _)| dm == m) {
            let names = if *kind == "request" { &request } else { &reply };
            if !has(names, name) {
                missing.push(format!("{m}: {kind} header {name}"));
            }
        }
        for (kind, names) in [("request", &request), ("reply", &reply)] {
            assert!(names.iter().all(|n| !n.contains('*')), "{m}: {names:?}");
            let meta = names
                .iter()
                .filter(|n| n.to_ascii_lowercase().starts_with("x-object-meta-"))
                .count();
            let documented_meta =
                documented.contains(&(m.to_string(), kind, "X-Object-Meta-*".to_string()));
            assert_eq!(meta, usize::from(documented_meta), "{m} {kind}: {names:?}");
        }
    }
    assert!(missing.is_empty(), "missing:\n{}", missing.join("\n"));
}

#[test]
fn the_header_scan_reads_tables_under_their_method() {
    let text = "Object Level\n^^^^^^^^^^^^\n\nPUT\n\"\"\"\n\n====  ==\nRequest Header Name  V\n====  ==\nX-Object-Meta-*  m\nETag  e\n====  ==\n\n====  ==\nReply Header Name  V\n====  ==\nX-Object-Version  v\n====  ==\n\nOther\n^^^^^\n\nGET\n\"\"\"\n\n====  ==\nReply Header Name  V\n====  ==\nETag  e\n====  ==\n";
    let found: Vec<(String, &str, String)> = documented_headers(text).into_iter().collect();
    assert_eq!(
        found,
        vec![
            ("PUT".to_string(), "reply", "X-Object-Version".to_string()),
            ("PUT".to_string(), "request", "ETag".to_string()),
            ("PUT".to_string(), "request", "X-Object-Meta-*".to_string()),
        ]
    );
    let names = vec!["X-Object-Meta-{name}".to_string(), "etag".to_string()];
    assert!(has(&names, "X-Object-Meta-*"));
    assert!(has(&names, "ETag"));
    assert!(!has(&["X-Object-Meta-".to_string()], "X-Object-Meta-*"));
}
