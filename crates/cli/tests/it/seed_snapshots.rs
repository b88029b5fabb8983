//! insta snapshots (in `snapshots/`) of the specs generated from the seed
//! documents in ../shared/seeds, as upstream wrote them.

use crate::common;

use common::*;

fn snapshot_seed(name: &str, entry: &str) {
    snapshot_shared_api(&format!("seeds/{name}/{entry}"), &format!("seed-{name}"));
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
