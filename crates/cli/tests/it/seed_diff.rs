//! `speclift diff` of seed 001 → seed 000 (two revisions of the Cinder
//! attachments page), generated end to end from the RST.

use crate::common;

use common::*;

#[test]
fn seed_001_to_000_lists_sort_and_wrapper_changes_as_breaking() {
    let Some(shared) = shared() else { return };
    let seeds = shared.canonicalize().unwrap().join("seeds");
    let old = seeds.join("001-cinder-v3-attachments-older/api-ref/source/v3/attachments.inc");
    let new = seeds.join("000-cinder-v3-attachments/api-ref/source/v3/attachments.inc");
    let output = speclift(&[
        "diff",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
        "--format",
        "markdown",
        "--fail-on",
        "breaking",
    ]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(1),
        "breaking changes must fail: {stdout}"
    );
    for needle in ["sort_key", "sort_dir", "`sort`", "attachment"] {
        assert!(
            stdout.contains(needle),
            "diff does not mention {needle}:\n{stdout}"
        );
    }
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(repo_root().join("snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| insta::assert_snapshot!("diff-seed-001-to-000", stdout));

    let json = speclift(&[
        "diff",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(
        json.status.code(),
        Some(0),
        "without --fail-on the exit is 0"
    );
    let changes: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON output");
    let breaking = |id: &str| {
        changes
            .as_array()
            .into_iter()
            .flatten()
            .any(|c| c["id"] == id && c["severity"] == "breaking")
    };
    assert!(breaking("parameter-renamed"), "{changes:#}");
    // The rename is the one report of `sort_key`/`sort_dir` going away.
    assert!(!breaking("parameter-removed"), "{changes:#}");
}
