//! `speclift portal` from the command line: what it writes for `specs/`,
//! and how it refuses what is not a spec.

use crate::common;

use common::{repo_root, speclift, temp_dir};

#[test]
fn portal_of_the_committed_specs() {
    let out = temp_dir("portal-cli");
    let site = out.path().join("site");
    let specs = repo_root().join("specs");
    let output = speclift(&[
        "portal",
        &specs.display().to_string(),
        "-o",
        &site.display().to_string(),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("block-storage-api-v3-attachments: 7 operations, 0 actions"),
        "{stdout}"
    );
    // Every API of specs/ (JSON/YAML twins read once; the JSON Schemas of
    // the inputs are no APIs) gets its page, its Swagger UI view and both
    // spec files.
    let mut apis = 0;
    for entry in std::fs::read_dir(&specs).expect("specs/") {
        let path = entry.expect("entry").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let Some(stem) = name.strip_suffix(".yaml") else {
            continue;
        };
        apis += 1;
        for file in [
            format!("{stem}.html"),
            format!("{stem}.swagger.html"),
            format!("specs/{stem}.json"),
            format!("specs/{stem}.yaml"),
        ] {
            assert!(site.join(&file).is_file(), "{file} missing");
        }
    }
    assert_eq!(apis, 5);
    for file in [
        "index.html",
        "assets/portal.js",
        "assets/portal.css",
        "assets/search-index.js",
        "assets/swagger-ui/swagger-ui-bundle.js",
        "assets/swagger-ui/swagger-ui.css",
    ] {
        assert!(site.join(file).is_file(), "{file} missing");
    }
    // Swagger UI's assets are compiled in gzipped and written inflated: the
    // page loads them as plain script and style sheet.
    for (file, marker) in [
        ("swagger-ui-bundle.js", "SwaggerUIBundle"),
        ("swagger-ui.css", ".swagger-ui"),
    ] {
        let text = std::fs::read_to_string(site.join("assets/swagger-ui").join(file))
            .unwrap_or_else(|e| panic!("{file} is not text: {e}"));
        assert!(
            text.contains(marker),
            "{file}: no {marker} in {} bytes",
            text.len()
        );
    }
    assert!(!site.join("parameters.schema.html").exists());
}

#[test]
fn portal_refuses_a_file_that_is_not_a_spec() {
    let out = temp_dir("portal-cli-bad");
    let not_a_spec = repo_root().join("specs/parameters.schema.json");
    let output = speclift(&[
        "portal",
        &not_a_spec.display().to_string(),
        "-o",
        &out.path().display().to_string(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("parameters.schema.json is not an OpenAPI document"),
        "{stderr}"
    );
    assert!(!out.path().join("index.html").exists(), "nothing written");
}
