//! The generator over the complete upstream trees in `../shared/corpus`:
//! every os-api-ref tree (Cinder, Nova, Heat, Swift, Octavia, Designate)
//! is written with exit 0 and holds every documented operation, methods
//! outside OpenAPI's eight included; the Synnefo guides likewise.
//! [`every_corpus_tree_has_a_test`] fails by name when a tree is added to
//! the corpus without a test here.

use crate::common;

use std::collections::BTreeSet;

use common::*;

/// Generates `tree` (relative to ../shared/corpus) and returns the specs by
/// file name, asserting a clean exit.
fn generate_tree(tree: &str, expected_specs: usize) -> Vec<(String, serde_json::Value)> {
    generate(tree, &[tree], expected_specs)
}

/// Generates `inputs` (relative to ../shared/corpus) as one run named
/// `tree`, as [`generate_tree`] does.
fn generate(
    tree: &str,
    inputs: &[&str],
    expected_specs: usize,
) -> Vec<(String, serde_json::Value)> {
    let shared = shared().expect("checked by caller");
    let out_dir = temp_dir(&tree.replace('/', "-"));
    let out = out_dir.path();
    let sources: Vec<String> = inputs
        .iter()
        .map(|i| shared.join("corpus").join(i).to_string_lossy().into_owned())
        .collect();
    let mut args: Vec<&str> = vec!["gen"];
    args.extend(sources.iter().map(String::as_str));
    args.extend(["-o", out.to_str().unwrap(), "--format", "json"]);
    let output = speclift(&args);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "speclift gen {tree} failed:\n{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    let mut specs = Vec::new();
    let mut names: Vec<_> = std::fs::read_dir(out)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    names.sort();
    for path in names {
        let text = std::fs::read_to_string(&path).unwrap();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["openapi"], "3.1.0", "{}", path.display());
        // Every written spec is complete: no file is a fragment.
        assert!(value["paths"].is_object(), "{}", path.display());
        specs.push((
            path.file_name().unwrap().to_string_lossy().into_owned(),
            value,
        ));
    }
    assert_eq!(
        specs.len(),
        expected_specs,
        "specs written for {tree}: {specs:?}",
        specs = specs.iter().map(|s| &s.0).collect::<Vec<_>>()
    );
    specs
}

fn assert_all_documented_operations_present(tree: &str, specs: &[(String, serde_json::Value)]) {
    let shared = shared().expect("checked by caller");
    let documented = documented_operations(&shared.join("corpus").join(tree));
    let mut emitted = BTreeSet::new();
    for (_, spec) in specs {
        emitted.extend(spec_operations(spec));
    }
    let missing: Vec<_> = documented.difference(&emitted).collect();
    assert!(
        missing.is_empty(),
        "{} of {} documented operations are missing from the specs of {tree}: {missing:#?}",
        missing.len(),
        documented.len()
    );
    eprintln!(
        "{tree}: {} documented (method, path) pairs, all present in {} specs",
        documented.len(),
        specs.len()
    );
}

fn assert_examples_validate(specs: &[(String, serde_json::Value)]) {
    let mut examples = 0usize;
    for (name, spec) in specs {
        let failures = speclift_openapi::check_examples(spec);
        assert!(
            failures.is_empty(),
            "{name}: invalid examples: {failures:#?}"
        );
        examples += count_examples(spec);
    }
    assert!(examples > 0, "no examples at all were emitted");
    eprintln!("{examples} examples validated");
}

/// Examples under `media_type` contents anywhere in `v`, each a string
/// (text kept as written).
fn count_media_examples(v: &serde_json::Value, media_type: &str) -> usize {
    match v {
        serde_json::Value::Object(map) => map
            .iter()
            .map(|(k, child)| {
                let own = if k == media_type {
                    child["examples"].as_object().map_or(0, |e| {
                        assert!(e.values().all(|x| x["value"].is_string()), "{e:?}");
                        e.len()
                    })
                } else {
                    0
                };
                own + count_media_examples(child, media_type)
            })
            .sum(),
        serde_json::Value::Array(items) => items
            .iter()
            .map(|c| count_media_examples(c, media_type))
            .sum(),
        _ => 0,
    }
}

fn count_examples(v: &serde_json::Value) -> usize {
    match v {
        serde_json::Value::Object(map) => {
            let here = map
                .get("examples")
                .and_then(|e| e.as_object())
                .map_or(0, |e| {
                    e.values().filter(|x| x.get("value").is_some()).count()
                });
            here + map.values().map(count_examples).sum::<usize>()
        }
        serde_json::Value::Array(items) => items.iter().map(count_examples).sum(),
        _ => 0,
    }
}

/// The os-api-ref trees and how many specs each yields; one test each below.
const OS_API_REF_TREES: [(&str, usize); 6] = [
    ("cinder", 2),
    ("nova", 1),
    ("heat", 1),
    ("swift", 1),
    ("octavia", 2),
    ("designate", 2),
];
/// Trees in other dialects, each with its own test below.
const OTHER_TREES: [&str; 1] = ["synnefo"];

#[test]
fn every_corpus_tree_has_a_test() {
    let Some(shared) = shared() else { return };
    let mut found: Vec<String> = std::fs::read_dir(shared.join("corpus"))
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    found.sort();
    let mut covered: Vec<String> = OS_API_REF_TREES
        .iter()
        .map(|(t, _)| t.to_string())
        .chain(OTHER_TREES.iter().map(|t| t.to_string()))
        .collect();
    covered.sort();
    let untested: Vec<_> = found.iter().filter(|t| !covered.contains(t)).collect();
    let gone: Vec<_> = covered.iter().filter(|t| !found.contains(t)).collect();
    assert!(
        untested.is_empty(),
        "corpus trees without a test in crates/cli/tests/it/corpus.rs: {untested:?}"
    );
    assert!(
        gone.is_empty(),
        "tested trees missing from the corpus: {gone:?}"
    );
}

/// Generates one os-api-ref tree and checks every documented operation and
/// every example.
fn os_api_ref_tree(name: &str) -> Vec<(String, serde_json::Value)> {
    let (_, expected) = OS_API_REF_TREES
        .iter()
        .find(|(t, _)| *t == name)
        .expect("the tree is listed in OS_API_REF_TREES");
    let tree = format!("{name}/api-ref/source");
    let specs = generate_tree(&tree, *expected);
    assert_all_documented_operations_present(&tree, &specs);
    assert_examples_validate(&specs);
    specs
}

#[test]
fn heat_yields_orchestration_with_every_operation() {
    if shared().is_none() {
        return;
    }
    os_api_ref_tree("heat");
}

#[test]
fn swift_yields_object_storage_with_every_operation_copy_included() {
    if shared().is_none() {
        return;
    }
    let specs = os_api_ref_tree("swift");
    let copy = specs
        .iter()
        .flat_map(|(_, spec)| spec_operations(spec))
        .filter(|(method, _)| method == "COPY")
        .count();
    assert!(copy > 0, "Swift documents COPY; the specs lack it");
}

#[test]
fn octavia_yields_load_balancer_with_every_operation() {
    if shared().is_none() {
        return;
    }
    os_api_ref_tree("octavia");
}

#[test]
fn designate_yields_dns_with_every_operation() {
    if shared().is_none() {
        return;
    }
    os_api_ref_tree("designate");
}

/// `gen --openapi 3.2` loses no operation of the 3.1 output, on every
/// os-api-ref tree.
#[test]
fn openapi_3_2_output_has_every_operation_of_3_1() {
    let Some(shared) = shared() else { return };
    for (name, _) in OS_API_REF_TREES {
        let src = shared.join("corpus").join(name).join("api-ref/source");
        let ops = |version: &str| {
            let out_dir = temp_dir(&format!("{name}-{version}"));
            let output = speclift(&[
                "gen",
                src.to_str().unwrap(),
                "-o",
                out_dir.path().to_str().unwrap(),
                "--format",
                "json",
                "--openapi",
                version,
            ]);
            assert!(output.status.success(), "{name} --openapi {version}");
            let mut ops = BTreeSet::new();
            for entry in std::fs::read_dir(out_dir.path()).unwrap().flatten() {
                let text = std::fs::read_to_string(entry.path()).unwrap();
                let spec: serde_json::Value = serde_json::from_str(&text).unwrap();
                assert_eq!(spec["openapi"], format!("{version}.0"));
                ops.extend(
                    spec_operations(&spec)
                        .into_iter()
                        .map(|op| (entry.file_name(), op)),
                );
            }
            ops
        };
        let (v31, v32) = (ops("3.1"), ops("3.2"));
        let missing: Vec<_> = v31.difference(&v32).collect();
        assert!(missing.is_empty(), "{name}: 3.2 lacks {missing:?}");
        assert!(!v31.is_empty());
    }
}

#[test]
fn cinder_yields_v3_and_v2_with_every_operation() {
    if shared().is_none() {
        return;
    }
    let specs = os_api_ref_tree("cinder");
    let names: Vec<&str> = specs.iter().map(|(n, _)| n.as_str()).collect();
    assert!(names.iter().any(|n| n.contains("v3")), "{names:?}");
    assert!(names.iter().any(|n| n.contains("v2")), "{names:?}");
}

#[test]
fn nova_yields_compute_with_every_operation() {
    if shared().is_none() {
        return;
    }
    os_api_ref_tree("nova");
}

#[test]
fn operation_ids_are_unique_and_output_is_deterministic() {
    if shared().is_none() {
        return;
    }
    let first = generate_tree("nova/api-ref/source", 1);
    let second = generate_tree("nova/api-ref/source", 1);
    assert_eq!(first, second, "two runs differ");
    let mut ids = BTreeSet::new();
    for (_, spec) in &first {
        for item in spec["paths"].as_object().unwrap().values() {
            for op in item.as_object().unwrap().values() {
                if let Some(id) = op.get("operationId").and_then(|v| v.as_str()) {
                    assert!(ids.insert(id.to_string()), "duplicate operationId {id}");
                }
            }
        }
    }
    assert!(ids.len() > 100, "only {} operations", ids.len());
}

// The Synnefo API guides the generator is tested on, each named (the
// other files of `synnefo/docs` are admin and developer guides).
use speclift_test_support::SYNNEFO_API_GUIDES as SYNNEFO_GUIDES;

/// Every `*-api-guide.rst` of the Synnefo tree is one the generator is
/// tested on: a guide new to the folder fails here by name.
#[test]
fn every_synnefo_api_guide_has_a_test() {
    let Some(shared) = shared() else { return };
    let mut guides: Vec<String> = std::fs::read_dir(shared.join("corpus/synnefo/docs"))
        .expect("synnefo docs")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with("-api-guide.rst"))
        .collect();
    guides.sort();
    let untested: Vec<&String> = guides
        .iter()
        .filter(|g| !SYNNEFO_GUIDES.contains(&g.as_str()))
        .collect();
    assert!(
        untested.is_empty(),
        "Synnefo API guides with no generation test: {untested:?}"
    );
}

#[test]
fn synnefo_guides_yield_one_spec_each_with_every_operation() {
    if shared().is_none() {
        return;
    }
    let specs = generate_tree("synnefo/docs", 6);
    let names: Vec<&str> = specs.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "blockstorage-api-guide.json",
            "compute-api-extensions-guide.json",
            "compute-api-guide.json",
            "cyclades-image-api-guide.json",
            "cyclades-network-api-guide.json",
            "pithos-api.json",
        ]
    );
    for (name, spec) in &specs {
        let ops = spec_operations(spec);
        assert!(!ops.is_empty(), "{name} has no operations");
        // Every operation carries the dialect's support columns, where the
        // guide has them (the Pithos guide has none).
        if name == "pithos-api.json" {
            // Its XML examples stay XML, under their media type, and its
            // listings are text without `format`.
            let text = spec.to_string();
            let xml_examples = count_media_examples(spec, "application/xml");
            assert!(xml_examples >= 4, "{xml_examples} XML examples");
            assert!(text.contains(r#""text/plain""#));
            assert!(text.contains(r#""application/octet-stream""#));
            continue;
        }
        for item in spec["paths"].as_object().unwrap().values() {
            for (method, op) in item.as_object().unwrap() {
                if ["get", "put", "post", "delete", "patch", "head"].contains(&method.as_str()) {
                    assert!(
                        op.get("x-synnefo").is_some(),
                        "{name}: {method} lacks x-synnefo"
                    );
                }
            }
        }
    }
    assert_examples_validate(&specs);
}
