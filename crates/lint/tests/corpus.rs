//! Acceptance 2: the whole Cinder and Nova references lint without
//! crashing, and the number of findings per rule is pinned so any change
//! in a rule's behaviour shows up here.

mod common;

use std::collections::BTreeMap;

use speclift_lint::{explain, lint_paths};

#[test]
fn corpus_counts_per_rule() {
    let (Some(cinder), Some(nova)) = (
        common::shared("corpus/cinder"),
        common::shared("corpus/nova"),
    ) else {
        return;
    };
    let report = lint_paths(&[cinder, nova]);
    let counts: BTreeMap<&str, usize> = report.counts();
    let expected = BTreeMap::from([
        ("SL004", 2),
        ("SL006", 103),
        ("SL012", 28),
        ("SL020", 297),
        ("SL021", 143),
        ("SL024", 104),
    ]);
    assert_eq!(counts, expected);
    // Every finding is located and carries a registered rule and a hint.
    for d in &report.diagnostics {
        assert!(d.location.is_some(), "{d}");
        assert!(d.code.and_then(explain).is_some(), "{d}");
        assert!(d.hint.is_some(), "{d}");
    }
}

/// Each warning os-api-ref emits while building these trees has a rule.
#[test]
fn os_api_ref_warnings_have_counterparts() {
    for (code, os_api_ref_says) in [
        ("SL001", "is not a valid value for 'in'"),
        ("SL002", "Section out of order"),
        ("SL003", "Parameters out of order"),
        ("SL010", "No field definition for"),
        ("SL011", "No path parameter"),
        ("SL013", "Parameters file ... not found"),
        ("SL014", "Invalid parameter definition"),
    ] {
        let rule = explain(code).unwrap_or_else(|| panic!("{code} ({os_api_ref_says}) missing"));
        assert!(!rule.explanation.is_empty());
    }
}
