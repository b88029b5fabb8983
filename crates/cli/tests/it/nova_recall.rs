//! Recall of response property names against the schemas Nova declares in
//! its own code (`@validation.response_body_schema`, dumped from the PyPI
//! release by scripts/nova-schemas/install.sh).
//!
//! For every `(method, path)` both cover, the member paths Nova's schemas
//! name (`server.flavor.id`; array items add nothing, map values add `*`;
//! all microversions and, for `…/action`, all actions together) are matched
//! against the member paths of our generated success-response schemas.
//! Two recall figures: exact paths, and leaf names per operation; and,
//! among matched paths, how often our schema accepts the type Nova's
//! declares. The test prints all three, writes every miss to
//! `target/tmp/nova-recall.txt`, and fails when one falls below its floor.
//!
//! Runs when the dump exists (`SPECLIFT_NOVA_SCHEMAS` or the install
//! script's default path); under `CI` without it the test fails.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::PathBuf;

use serde_json::Value;
use speclift_spec::refs::resolve;
use speclift_spec::template::key as path_shape;

use common::*;

const ENV_VAR: &str = "SPECLIFT_NOVA_SCHEMAS";
/// Floors just under the figures measured when they were set (89.4 % and
/// 93.6 %): a drop shows as a failure, a gain is kept by raising them.
const MIN_PATH_RECALL: f64 = 0.89;
const MIN_NAME_RECALL: f64 = 0.93;
/// Of the matched paths whose type Nova constrains, the share whose type
/// our schema accepts (98.4 % when set).
const MIN_TYPE_AGREEMENT: f64 = 0.98;

/// The JSON types a spot allows; `None` is any.
type Types = Option<BTreeSet<String>>;
/// Per `(METHOD, path shape)`: every member path and the types it allows.
type Members = BTreeMap<(String, String), BTreeMap<String, Types>>;

fn nova_dump() -> Option<Value> {
    let path = std::env::var_os(ENV_VAR)
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target/nova-schemas/nova-response-schemas.json"));
    let how = format!("scripts/nova-schemas/install.sh writes it; {ENV_VAR} may name another");
    if !required_input(path.is_file(), &path, &how) {
        return None;
    }
    let text = std::fs::read_to_string(&path).expect("readable dump");
    Some(serde_json::from_str(&text).expect("the dump is JSON"))
}

/// The types `schema` allows, through `$ref`s and `oneOf`/`anyOf`.
fn types_of(spec: &Value, schema: &Value, depth: u8) -> Types {
    let schema = resolve(spec, schema);
    let mut out: BTreeSet<String> = match &schema["type"] {
        Value::String(t) => [t.clone()].into(),
        Value::Array(ts) => ts
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        _ => BTreeSet::new(),
    };
    let branches: Vec<&Value> = ["oneOf", "anyOf"]
        .iter()
        .flat_map(|k| schema[*k].as_array().into_iter().flatten())
        .collect();
    if out.is_empty() && branches.is_empty() || depth > 8 {
        return None;
    }
    for branch in branches {
        out.extend(types_of(spec, branch, depth + 1)?);
    }
    Some(out)
}

/// Whether ours accepts every non-null type theirs allows (an integer is
/// a number); unconstrained on our side always does.
fn accepts(ours: &Types, theirs: &BTreeSet<String>) -> bool {
    let Some(ours) = ours else { return true };
    theirs
        .iter()
        .filter(|t| *t != "null")
        .all(|t| ours.contains(t) || t == "integer" && ours.contains("number"))
}

/// Adds the dotted member paths `schema` documents under `prefix`, with
/// the types each allows (unioned over every place it is documented).
fn member_paths(
    spec: &Value,
    schema: &Value,
    prefix: &str,
    out: &mut BTreeMap<String, Types>,
    depth: u8,
) {
    let schema = resolve(spec, schema);
    if depth > 32 || !schema.is_object() {
        return;
    }
    let join = |name: &str| {
        if prefix.is_empty() {
            name.to_string()
        } else {
            format!("{prefix}.{name}")
        }
    };
    for key in ["allOf", "anyOf", "oneOf", "prefixItems"] {
        for branch in schema[key].as_array().into_iter().flatten() {
            member_paths(spec, branch, prefix, out, depth + 1);
        }
    }
    for (name, sub) in schema["properties"].as_object().into_iter().flatten() {
        let path = join(name);
        member_paths(spec, sub, &path, out, depth + 1);
        let types = types_of(spec, sub, 0);
        let entry = out.entry(path).or_insert_with(|| Some(BTreeSet::new()));
        match (entry.as_mut(), types) {
            (Some(known), Some(more)) => known.extend(more),
            _ => *entry = None,
        }
    }
    if schema["items"].is_object() {
        member_paths(spec, &schema["items"], prefix, out, depth + 1);
    }
    let values = std::iter::once(&schema["additionalProperties"]).chain(
        schema["patternProperties"]
            .as_object()
            .into_iter()
            .flat_map(|p| p.values()),
    );
    for sub in values.filter(|s| s.is_object()) {
        member_paths(spec, sub, &join("*"), out, depth + 1);
    }
}

fn nova_members(dump: &Value) -> Members {
    let mut members = Members::new();
    for route in dump["routes"].as_array().expect("routes") {
        let key = (
            route["method"].as_str().expect("method").to_string(),
            path_shape(route["path"].as_str().expect("path")),
        );
        let found = members.entry(key).or_default();
        for variant in route["schemas"].as_array().into_iter().flatten() {
            member_paths(&Value::Null, &variant["schema"], "", found, 0);
        }
    }
    members
}

fn our_members(spec: &Value) -> Members {
    let mut members = Members::new();
    for (path, item) in spec["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().into_iter().flatten() {
            let Some(responses) = op.get("responses").and_then(Value::as_object) else {
                continue;
            };
            let found = members
                .entry((method.to_uppercase(), path_shape(path)))
                .or_default();
            let success = responses.iter().filter(|(code, _)| code.starts_with('2'));
            for (_, response) in success {
                let response = resolve(spec, response);
                for media in response["content"].as_object().into_iter().flatten() {
                    member_paths(spec, &media.1["schema"], "", found, 0);
                }
            }
        }
    }
    members
}

fn leaf_names(paths: &BTreeMap<String, Types>) -> BTreeSet<&str> {
    paths
        .keys()
        .map(|p| p.rsplit('.').next().unwrap_or(p))
        .collect()
}

#[test]
fn response_member_recall_against_novas_own_schemas() {
    let (Some(shared), Some(dump)) = (shared(), nova_dump()) else {
        return;
    };
    let source = shared.join("corpus/nova/api-ref/source");
    let generation = speclift::generate(&[source], &speclift::GenerateOptions::default());
    assert!(!generation.has_errors(), "{:?}", generation.diagnostics);
    let [api] = generation.apis.as_slice() else {
        panic!("one Nova API expected");
    };
    let spec = serde_json::to_value(api.spec.as_ref().expect("a spec")).expect("spec as JSON");

    let theirs = nova_members(&dump);
    let ours = our_members(&spec);
    let (mut paths, mut paths_hit, mut names, mut names_hit) = (0, 0, 0, 0);
    // Among matched paths whose type Nova constrains: do we accept it?
    let (mut typed, mut typed_agree) = (0, 0);
    let mut misses = String::new();
    let mut compared = 0;
    for (key, expected) in &theirs {
        let Some(got) = ours.get(key) else {
            continue;
        };
        compared += 1;
        paths += expected.len();
        for (path, their_types) in expected {
            let Some(our_types) = got.get(path) else {
                let _ = writeln!(misses, "{} {}\t{path}", key.0, key.1);
                continue;
            };
            paths_hit += 1;
            if let Some(their_types) = their_types {
                typed += 1;
                if accepts(our_types, their_types) {
                    typed_agree += 1;
                } else {
                    let _ = writeln!(
                        misses,
                        "{} {}\t{path}\ttype {their_types:?}, ours {our_types:?}",
                        key.0, key.1
                    );
                }
            }
        }
        let (expected_names, got_names) = (leaf_names(expected), leaf_names(got));
        names += expected_names.len();
        names_hit += expected_names.intersection(&got_names).count();
    }
    let only_nova: Vec<_> = theirs.keys().filter(|k| !ours.contains_key(*k)).collect();
    let report = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("nova-recall.txt");
    std::fs::write(&report, &misses).expect("write the miss list");

    let path_recall = paths_hit as f64 / paths as f64;
    let name_recall = names_hit as f64 / names as f64;
    let type_agreement = typed_agree as f64 / typed as f64;
    println!(
        "nova {}: {compared} operations compared ({} only in Nova's routes: {only_nova:?})\n\
         member paths: {paths_hit}/{paths} = {:.1} %\n\
         leaf names per operation: {names_hit}/{names} = {:.1} %\n\
         types accepted, of matched paths Nova types: {typed_agree}/{typed} = {:.1} %\n\
         misses: {}",
        dump["nova"].as_str().unwrap_or("?"),
        only_nova.len(),
        100.0 * path_recall,
        100.0 * name_recall,
        100.0 * type_agreement,
        report.display()
    );
    // Nearly every documented route is compared: a path-matching slip
    // would otherwise shrink the denominator and flatter the figures.
    assert!(compared >= 190, "only {compared} operations compared");
    assert!(
        path_recall >= MIN_PATH_RECALL,
        "member-path recall {path_recall:.3} < {MIN_PATH_RECALL}"
    );
    assert!(
        name_recall >= MIN_NAME_RECALL,
        "leaf-name recall {name_recall:.3} < {MIN_NAME_RECALL}"
    );
    assert!(
        type_agreement >= MIN_TYPE_AGREEMENT,
        "type agreement {type_agreement:.3} < {MIN_TYPE_AGREEMENT}"
    );
}

#[test]
fn member_paths_cover_composition_items_and_maps() {
    let spec = serde_json::json!({"components": {"schemas": {
        "Link": {"type": "object", "properties": {"href": {}, "rel": {}}}
    }}});
    let schema = serde_json::json!({"type": "object", "properties": {
        "servers": {"type": "array", "items": {"oneOf": [
            {"properties": {"id": {}}},
            {"properties": {"links": {"type": "array", "items": {"$ref": "#/components/schemas/Link"}}}}
        ]}},
        "addresses": {"type": "object", "additionalProperties": {
            "type": "array", "items": {"properties": {"addr": {}}}
        }}
    }});
    let mut out = BTreeMap::new();
    member_paths(&spec, &schema, "", &mut out, 0);
    assert_eq!(out["servers.links"], Some(["array".to_string()].into()));
    assert_eq!(out["servers.id"], None, "untyped: any");
    assert!(accepts(
        &Some(["number".into()].into()),
        &["integer".into(), "null".into()].into()
    ));
    assert!(!accepts(
        &Some(["string".into()].into()),
        &["object".into()].into()
    ));
    assert_eq!(
        out.into_keys().collect::<Vec<_>>(),
        [
            "addresses",
            "addresses.*.addr",
            "servers",
            "servers.id",
            "servers.links",
            "servers.links.href",
            "servers.links.rel"
        ]
    );
    assert_eq!(path_shape("/servers/{server_id}/ips/"), "/servers/{}/ips");
}
