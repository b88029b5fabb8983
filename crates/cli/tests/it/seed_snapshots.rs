//! insta snapshots (in `snapshots/`) of the specs generated from the seed
//! documents in ../shared/seeds, as upstream wrote them.

use crate::common;

use common::*;
use speclift::{Format, GenerateOptions, generate};

fn snapshot_seed(name: &str, entry: &str) {
    let Some(shared) = shared() else { return };
    // Canonical, so the prefix replaced below is the one diagnostics show,
    // wherever the checkout lives.
    let shared = shared.canonicalize().expect("../shared resolves");
    let path = shared.join("seeds").join(name).join(entry);
    let generation = generate(&[path], &GenerateOptions::default());
    let diagnostics: Vec<String> = generation
        .all_diagnostics()
        .map(|d| {
            d.to_string()
                .replace(&shared.display().to_string(), "<shared>")
        })
        .collect();
    assert!(!generation.has_errors(), "{name}: {diagnostics:#?}");
    assert_eq!(generation.apis.len(), 1, "{name}");
    let yaml = generation.apis[0].render(Format::Yaml).expect("rendered");
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(repo_root().join("snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| {
        insta::assert_snapshot!(format!("seed-{name}"), yaml);
        insta::assert_snapshot!(format!("seed-{name}-diagnostics"), diagnostics.join("\n"));
    });
}

#[test]
fn seed_000_cinder_v3_attachments() {
    snapshot_seed(
        "000-cinder-v3-attachments",
        "api-ref/source/v3/attachments.inc",
    );
}

#[test]
fn seed_001_cinder_v3_attachments_older() {
    snapshot_seed(
        "001-cinder-v3-attachments-older",
        "api-ref/source/v3/attachments.inc",
    );
}

#[test]
fn seed_003_cinder_v2_snapshots() {
    snapshot_seed(
        "003-cinder-v2-snapshots",
        "api-ref/source/v2/volumes-v2-snapshots.inc",
    );
}

#[test]
fn seed_004_nova_volume_attachments() {
    snapshot_seed(
        "004-nova-os-volume-attachments",
        "api-ref/source/os-volume-attachments.inc",
    );
}

#[test]
fn seed_002_synnefo_compute_extensions() {
    snapshot_seed(
        "002-synnefo-compute-extensions",
        "docs/compute-api-extensions-guide.rst",
    );
}
