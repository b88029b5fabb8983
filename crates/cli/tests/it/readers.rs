//! `diff` reads every spec `gen` can write, refuses what it cannot
//! compare (a `$ref` leading nowhere) and special files, with messages
//! that say so.

use std::path::Path;
use std::process::{Command, Output};

fn diff(old: &Path, new: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_speclift"))
        .arg("diff")
        .arg(old)
        .arg(new)
        .output()
        .unwrap()
}

/// A spec whose one response schema nests `depth` objects, as YAML.
fn deep_yaml_spec(depth: usize) -> String {
    let mut yaml = String::from(
        "openapi: 3.1.0\ninfo:\n  title: t\n  version: '1'\npaths:\n  /x:\n    get:\n      \
         responses:\n        '200':\n          description: ok\n          content:\n            \
         application/json:\n              schema:\n",
    );
    let base = 16;
    for level in 0..depth {
        let pad = " ".repeat(base + level * 4);
        yaml.push_str(&format!("{pad}type: object\n{pad}properties:\n{pad}  a:\n"));
    }
    yaml.push_str(&format!("{}type: string\n", " ".repeat(base + depth * 4)));
    yaml
}

#[test]
fn specs_deeper_than_the_yaml_default_are_compared() {
    let dir = tempfile::tempdir().unwrap();
    // 40 levels of `properties` are 120 YAML levels: beyond the reader's
    // default of 64 ("budget breached: Depth 65" before).
    let spec = dir.path().join("deep.yaml");
    std::fs::write(&spec, deep_yaml_spec(40)).unwrap();
    let out = diff(&spec, &spec);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("no changes"));
}

#[test]
fn a_ref_leading_nowhere_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let spec = |schema: serde_json::Value| {
        serde_json::json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "paths": {"/x": {"get": {"responses": {"200": {"description": "ok",
                "content": {"application/json": {"schema": schema}}}}}}},
            "components": {"schemas": {
                "A": {"$ref": "#/components/schemas/B"},
                "B": {"$ref": "#/components/schemas/A"}}}})
        .to_string()
    };
    let good = dir.path().join("good.json");
    std::fs::write(&good, spec(serde_json::json!({"type": "string"}))).unwrap();
    let cycle = dir.path().join("cycle.json");
    std::fs::write(
        &cycle,
        spec(serde_json::json!({"$ref": "#/components/schemas/A"})),
    )
    .unwrap();
    let out = diff(&good, &cycle);
    let stderr = String::from_utf8_lossy(&out.stderr);
    // Before: compared the cycle as "any" and reported a widened schema.
    // Now: no basis for a comparison, an unusable input (exit status 2).
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("cycle") && stderr.contains("cycle.json"),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_named_like_a_spec_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("spec.yaml");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    // Before: read as documentation, "does not exist" (or a hang).
    let out = diff(&fifo, &fifo);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("FIFO"), "{stderr}");
}
