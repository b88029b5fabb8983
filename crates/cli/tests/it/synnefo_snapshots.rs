//! insta snapshots (in `snapshots/`) of the specs generated from the three
//! Synnefo guides added after the first three (image, network, Pithos
//! object store), with their diagnostics.

use crate::common;

use common::*;
use speclift::{Format, GenerateOptions, generate};

fn snapshot_guide(file: &str) {
    let Some(shared) = shared() else { return };
    let shared = shared.canonicalize().expect("../shared resolves");
    let path = shared.join("corpus/synnefo/docs").join(file);
    let generation = generate(&[path], &GenerateOptions::default());
    let diagnostics: Vec<String> = generation
        .all_diagnostics()
        .map(|d| {
            d.to_string()
                .replace(&shared.display().to_string(), "<shared>")
        })
        .collect();
    assert!(!generation.has_errors(), "{file}: {diagnostics:#?}");
    assert_eq!(generation.apis.len(), 1, "{file}");
    let yaml = generation.apis[0].render(Format::Yaml).expect("rendered");
    let stem = file.trim_end_matches(".rst");
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(repo_root().join("snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| {
        insta::assert_snapshot!(format!("synnefo-{stem}"), yaml);
        insta::assert_snapshot!(
            format!("synnefo-{stem}-diagnostics"),
            diagnostics.join("\n")
        );
    });
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
