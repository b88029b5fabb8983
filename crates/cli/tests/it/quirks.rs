//! The quirk suite: each folder under `tests/quirks/` is a small api-ref
//! tree reproducing one upstream quirk class (a method outside OpenAPI's
//! eight, a sample that is not strict JSON, YAML anchors, paths resolved
//! as Sphinx resolves them, odd path templates, …) or one degradation.
//!
//! Every folder is a case of its own, found by walking the directory, so a
//! new folder is a new named snapshot. Per tree the snapshot holds the
//! diagnostics and the emitted operations (paths and components, YAML).
//! A tree whose name starts with `fails-` is one os-api-ref itself cannot
//! build and must fail; every other tree must have every API written, and
//! its 3.2 output must hold every operation of its 3.1 output.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value;
use speclift::{GenerateOptions, Generation, generate};
use speclift_openapi::OutputVersion;

const QUIRKS: &str = "tests/quirks";

fn trees() -> Vec<PathBuf> {
    let mut trees: Vec<PathBuf> = std::fs::read_dir(QUIRKS)
        .expect("tests/quirks exists")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.is_dir())
        .collect();
    trees.sort();
    trees
}

fn run(tree: &Path, version: OutputVersion) -> Generation {
    let options = GenerateOptions {
        root: Some(tree.to_path_buf()),
        openapi: version,
        ..GenerateOptions::default()
    };
    generate(&[tree.to_path_buf()], &options)
}

fn specs(generation: &Generation) -> Vec<Value> {
    generation
        .apis
        .iter()
        .filter_map(|api| api.spec.as_ref())
        .map(|spec| serde_json::to_value(spec).expect("a spec serializes"))
        .collect()
}

/// `(METHOD, path)` of every operation, wherever the version keeps it.
fn operations(spec: &Value) -> BTreeSet<(String, String)> {
    const FIELDS: [&str; 9] = [
        "get", "put", "post", "delete", "options", "head", "patch", "trace", "query",
    ];
    let mut out = BTreeSet::new();
    for (path, item) in spec["paths"].as_object().into_iter().flatten() {
        for field in FIELDS {
            if item.get(field).is_some() {
                out.insert((field.to_uppercase(), path.clone()));
            }
        }
        for key in ["additionalOperations", "x-oai-additionalOperations"] {
            for method in item
                .get(key)
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                out.insert((method.0.clone(), path.clone()));
            }
        }
    }
    out
}

/// Diagnostics, then the operations and components of each spec.
fn report(tree: &Path, generation: &Generation) -> String {
    let prefix = format!("{}/", tree.display());
    let mut text = String::from("diagnostics:\n");
    for d in generation.all_diagnostics() {
        text.push_str(&d.to_string().replace(&prefix, ""));
        text.push('\n');
    }
    for mut spec in specs(generation) {
        let mut shown = serde_json::Map::new();
        shown.insert("openapi".into(), spec["openapi"].take());
        shown.insert("paths".into(), spec["paths"].take());
        if let Some(components) = spec["components"].as_object_mut() {
            components.remove("securitySchemes");
            if !components.is_empty() {
                shown.insert("components".into(), Value::Object(components.clone()));
            }
        }
        text.push_str("---\n");
        text.push_str(&serde_saphyr::to_string(&Value::Object(shown)).expect("YAML"));
    }
    text
}

#[test]
fn every_quirk_tree_degrades_only_what_it_touches() {
    let trees = trees();
    assert!(trees.len() >= 30, "the suite has {} trees", trees.len());
    let mut failures = Vec::new();
    for tree in &trees {
        let name = tree
            .file_name()
            .and_then(|n| n.to_str())
            .expect("a UTF-8 folder name")
            .to_string();
        let v31 = run(tree, OutputVersion::V3_1);
        let should_fail = name.starts_with("fails-");
        if v31.has_errors() != should_fail {
            failures.push(format!(
                "{name}: expected {}, got:\n{}",
                if should_fail { "errors" } else { "no errors" },
                report(tree, &v31)
            ));
        }
        if !should_fail {
            assert!(!v31.apis.is_empty(), "{name}: no API");
            assert!(
                v31.apis.iter().all(|a| a.spec.is_some()),
                "{name}: an API was not written"
            );
            for d in v31.all_diagnostics() {
                assert!(d.location.is_some() && d.hint.is_some(), "{name}: {d}");
            }
            let v32 = run(tree, OutputVersion::V3_2);
            for (a, b) in specs(&v31).iter().zip(specs(&v32).iter()) {
                assert_eq!(b["openapi"], "3.2.0");
                let missing: Vec<_> = operations(a).difference(&operations(b)).cloned().collect();
                assert!(missing.is_empty(), "{name}: 3.2 lacks {missing:?}");
            }
        }
        insta::with_settings!({ snapshot_suffix => name.clone(), prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!("quirk", report(tree, &v31));
        });
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
