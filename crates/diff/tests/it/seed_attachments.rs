//! Acceptance 3: the attachments API from seed 001 to seed 000.

use serde_json::Value;
use speclift_diff::{diff, render_human, render_json, render_markdown};

fn load(name: &str) -> Value {
    let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn seed_001_to_000() {
    let old = load("attachments-001.json");
    let new = load("attachments-000.json");
    let changes = diff(&old, &new);

    let breaking: Vec<_> = changes
        .iter()
        .filter(|c| c.is_breaking())
        .map(|c| (c.id(), c.operation.as_deref().unwrap_or("")))
        .collect();
    for op in [
        "GET /v3/{project_id}/attachments",
        "GET /v3/{project_id}/attachments/detail",
    ] {
        assert!(
            breaking.contains(&("parameter-renamed", op)),
            "{breaking:?}"
        );
    }
    for op in [
        "POST /v3/{project_id}/attachments",
        "PUT /v3/{project_id}/attachments/{attachment_id}",
    ] {
        assert!(
            breaking.contains(&("request-body-wrapper-changed", op)),
            "{breaking:?}"
        );
    }

    // One change is reported once: the rename, not also its removals and
    // its addition.
    for op in [
        "GET /v3/{project_id}/attachments",
        "GET /v3/{project_id}/attachments/detail",
    ] {
        let about: Vec<_> = changes
            .iter()
            .filter(|c| c.operation.as_deref() == Some(op))
            .filter(|c| c.message.contains("sort"))
            .map(|c| c.id())
            .collect();
        assert_eq!(about, ["parameter-renamed"], "{op}");
    }

    insta::assert_snapshot!("human", render_human(&changes));
    insta::assert_snapshot!("markdown", render_markdown(&changes));
    insta::assert_snapshot!("json", render_json(&changes));
}
