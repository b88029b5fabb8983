//! insta snapshots (in `snapshots/`) of the specs generated from the three
//! Synnefo guides added after the first three (image, network, Pithos
//! object store), with their diagnostics.

use crate::common;

use common::*;

fn snapshot_guide(file: &str) {
    let stem = file.trim_end_matches(".rst");
    snapshot_shared_api(
        &format!("corpus/synnefo/docs/{file}"),
        &format!("synnefo-{stem}"),
    );
}

#[test]
fn synnefo_image_api_guide() {
    snapshot_guide("image-api-guide.rst");
}

#[test]
fn synnefo_network_api_guide() {
    snapshot_guide("network-api-guide.rst");
}

#[test]
fn synnefo_object_api_guide() {
    snapshot_guide("object-api-guide.rst");
}
