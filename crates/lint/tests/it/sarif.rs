//! Acceptance 4: SARIF output validates against the SARIF 2.1.0 schema
//! (vendored in tests/data, see its README).

use crate::common;

use std::path::Path;

use serde_json::Value;
use speclift_lint::{lint_paths, render_sarif, rules};

fn validator() -> jsonschema::Validator {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/sarif-schema-2.1.0.json"
    );
    let text = std::fs::read_to_string(path).expect("vendored schema");
    let mut schema: Value = serde_json::from_str(&text).expect("schema is JSON");
    // The published schema's `language` patterns (`…[a-zA-Z]{2}]?$`) are
    // not valid regexes by the meta-schema's `format: regex`, which
    // `jsonschema` checks before compiling; patch them in memory to what
    // they evidently mean (`ll` or `ll-CC`). The vendored file stays as
    // published.
    let patched = fix_language_patterns(&mut schema);
    assert_eq!(patched, 2, "run.language and toolComponent.language");
    jsonschema::validator_for(&schema).expect("schema compiles")
}

const BROKEN_LANGUAGE: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";

fn fix_language_patterns(schema: &mut Value) -> usize {
    match schema {
        Value::Object(map) => {
            let mut n = 0;
            for (k, v) in map.iter_mut() {
                if k == "pattern" && v.as_str() == Some(BROKEN_LANGUAGE) {
                    *v = Value::from("^[a-zA-Z]{2}(-[a-zA-Z]{2})?$");
                    n += 1;
                } else {
                    n += fix_language_patterns(v);
                }
            }
            n
        }
        Value::Array(items) => items.iter_mut().map(fix_language_patterns).sum(),
        _ => 0,
    }
}

fn assert_valid(sarif: &str) -> Value {
    let log: Value = serde_json::from_str(sarif).expect("SARIF is JSON");
    let errors: Vec<String> = validator()
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    log
}

#[test]
fn schema_rejects_an_invalid_log() {
    // The check can fail: a log with a bad version and a result without a
    // message is rejected.
    let bad = serde_json::json!({"version": "2.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{}]}]});
    assert!(!validator().is_valid(&bad));
}

#[test]
fn empty_report_is_valid_sarif() {
    let log = assert_valid(&render_sarif(&Default::default(), Path::new(".")));
    let driver_rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    assert_eq!(driver_rules.len(), rules().len());
}

#[test]
fn seed_findings_are_valid_sarif() {
    let Some(dir) = common::shared("seeds/000-cinder-v3-attachments") else {
        return;
    };
    let report = lint_paths(std::slice::from_ref(&dir));
    assert!(!report.diagnostics.is_empty());
    let log = assert_valid(&render_sarif(&report, &dir));
    let results = log["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), report.diagnostics.len());
    let uri = results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .expect("uri");
    assert!(uri.starts_with("api-ref/source/v3/"), "{uri}");
}
