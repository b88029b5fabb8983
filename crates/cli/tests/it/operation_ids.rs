//! Operation ids over every spec a consumer gets: every corpus tree in
//! `../shared/corpus` (generated here) and every spec in `specs/`. Per
//! spec, operation and action ids are unique, camelCase, free of path
//! parameter names (`project_id`, `ProjectId`), and pinned by snapshot
//! (`snapshots/operation_ids__*.snap`), so a rename shows in review.

use crate::common;

use std::collections::BTreeSet;
use std::path::Path;

use common::*;
use serde_json::Value;

/// Every corpus tree, and where its documentation starts.
const TREES: [(&str, &str); 7] = [
    ("cinder", "cinder/api-ref/source"),
    ("nova", "nova/api-ref/source"),
    ("heat", "heat/api-ref/source"),
    ("swift", "swift/api-ref/source"),
    ("octavia", "octavia/api-ref/source"),
    ("designate", "designate/api-ref/source"),
    ("synnefo", "synnefo/docs"),
];

/// One operation's ids: the operation's, then its actions'.
struct Named {
    method: String,
    path: String,
    id: String,
    actions: Vec<String>,
}

fn operations(spec: &Value) -> Vec<Named> {
    let mut out = Vec::new();
    for (path, item) in spec["paths"].as_object().expect("paths") {
        let mut ops: Vec<(String, &Value)> = Vec::new();
        for (key, value) in item.as_object().expect("path item") {
            if key == "x-oai-additionalOperations" {
                for (method, op) in value.as_object().expect("map") {
                    ops.push((method.clone(), op));
                }
            } else if value.get("responses").is_some() {
                ops.push((key.to_ascii_uppercase(), value));
            }
        }
        for (method, op) in ops {
            let id = op["operationId"]
                .as_str()
                .unwrap_or_else(|| panic!("{method} {path} has no operationId"))
                .to_string();
            let actions = op
                .pointer("/requestBody/content/application~1json/schema/oneOf")
                .map(|s| resolve(spec, s))
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|b| resolve(spec, b).pointer("/x-openstack/action-id"))
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect();
            out.push(Named {
                method,
                path: path.clone(),
                id,
                actions,
            });
        }
    }
    out
}

/// `v` with its `$ref`s followed; one that leads nowhere fails the test.
fn resolve<'a>(spec: &'a Value, v: &'a Value) -> &'a Value {
    let target = speclift_spec::refs::resolve(spec, v);
    assert!(target.get("$ref").is_none(), "unresolved {target}");
    target
}

/// `project_id` → `ProjectId`.
fn pascal(name: &str) -> String {
    name.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// Checks one spec and returns its snapshot text.
fn check(name: &str, spec: &Value) -> String {
    let named = operations(spec);
    assert!(!named.is_empty(), "{name}: no operations");
    let mut seen = BTreeSet::new();
    let mut text = String::new();
    for n in &named {
        for id in std::iter::once(&n.id).chain(&n.actions) {
            assert!(seen.insert(id.clone()), "{name}: `{id}` is used twice");
            assert!(
                id.starts_with(|c: char| c.is_ascii_lowercase())
                    && id.chars().all(|c| c.is_ascii_alphanumeric()),
                "{name}: `{id}` is not camelCase"
            );
            for param in n.path.split('{').skip(1) {
                let param = param.split('}').next().unwrap_or_default();
                // Only names that are ids (`volume_id`, `project-id`) are
                // path-derived: `{container}` may well be the resource.
                if !(param.ends_with("_id") || param.ends_with("-id")) {
                    continue;
                }
                assert!(
                    !id.contains(param) && !id.contains(&pascal(param)),
                    "{name}: `{id}` names the path parameter `{param}` of {}",
                    n.path
                );
            }
            for word in ["ProjectId", "TenantId", "project_id", "tenant_id"] {
                assert!(!id.contains(word), "{name}: `{id}` contains `{word}`");
            }
        }
        text.push_str(&format!("{} {} → {}\n", n.method, n.path, n.id));
        for action in &n.actions {
            text.push_str(&format!("    action → {action}\n"));
        }
    }
    text
}

fn generated(shared: &Path, input: &str) -> Vec<(String, Value)> {
    let out = temp_dir("opids");
    let source = shared.join("corpus").join(input);
    let output = speclift(&[
        "gen",
        source.to_str().expect("utf-8 path"),
        "-o",
        out.path().to_str().expect("utf-8 path"),
        "--format",
        "json",
    ]);
    assert!(
        output.status.success(),
        "gen {input}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    read_specs(out.path())
}

fn read_specs(dir: &Path) -> Vec<(String, Value)> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("readable")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .filter(|p| !p.to_string_lossy().ends_with(".schema.json"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("readable spec");
            let stem = p
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            (stem, serde_json::from_str(&text).expect("JSON spec"))
        })
        .collect()
}

#[test]
fn every_corpus_tree_is_covered() {
    let Some(shared) = shared() else { return };
    let mut found: Vec<String> = std::fs::read_dir(shared.join("corpus"))
        .expect("corpus")
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    found.sort();
    let mut listed: Vec<String> = TREES.iter().map(|(t, _)| t.to_string()).collect();
    listed.sort();
    assert_eq!(found, listed, "TREES in tests/it/operation_ids.rs");
}

#[test]
fn corpus_operation_ids_are_unique_readable_and_pinned() {
    let Some(shared) = shared() else { return };
    for (tree, input) in TREES {
        let specs = generated(&shared, input);
        assert!(!specs.is_empty(), "{tree}: no spec");
        for (name, spec) in specs {
            let text = check(&name, &spec);
            insta::assert_snapshot!(format!("corpus-{tree}-{name}"), text);
        }
    }
}

#[test]
fn specs_operation_ids_are_unique_readable_and_pinned() {
    let specs = read_specs(&repo_root().join("specs"));
    assert!(specs.len() >= 5, "specs/ holds {} specs", specs.len());
    for (name, spec) in specs {
        let text = check(&name, &spec);
        insta::assert_snapshot!(format!("specs-{name}"), text);
    }
}

#[test]
fn path_parameter_names_are_caught() {
    let spec = serde_json::json!({"paths": {"/v3/{project_id}/volumes": {
        "get": {"operationId": "listProjectIdVolumes", "responses": {}}
    }}});
    let caught = std::panic::catch_unwind(|| check("t", &spec));
    assert!(caught.is_err(), "an id naming `project_id` must fail");
    let spec = serde_json::json!({"paths": {"/a": {
        "get": {"operationId": "same", "responses": {}},
        "put": {"operationId": "same", "responses": {}}
    }}});
    assert!(std::panic::catch_unwind(|| check("t", &spec)).is_err());
}
