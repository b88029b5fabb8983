//! The HTML of seed 000's API page (`specs/block-storage-api-v3-attachments.json`),
//! reviewed like the spec snapshots: rendering is deterministic, so any
//! change to a page shows up here.

use std::path::Path;

use speclift_portal::{api_page, build_page, read_spec};

#[test]
fn seed_000_attachments_page() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../specs/block-storage-api-v3-attachments.json");
    let spec = read_spec(&spec).expect("the committed seed spec reads");
    let html = api_page(&build_page(&spec));
    // Rendering twice gives the same bytes.
    assert_eq!(html, api_page(&build_page(&spec)));
    insta::assert_snapshot!("seed-000-attachments-page", html);
}
