//! Control characters from documents and specs never reach the terminal
//! raw: `gen` diagnostics and `diff` output escape them.

use std::process::Command;

fn has_controls(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
}

#[test]
fn gen_escapes_control_characters_from_documents() {
    let dir = tempfile::tempdir().unwrap();
    // An OSC window-title sequence and a BEL in a table row's key.
    std::fs::write(
        dir.path().join("index.rst"),
        "==========\nThings API\n==========\n\nList things\n===========\n\n\
         .. rest_method:: GET /v1/things\n\nLists things.\n\n\
         Normal response codes: 200\n\nRequest\n-------\n\n\
         .. rest_parameters:: parameters.yaml\n\n   - limit: \u{1b}]0;pwned\u{7}\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("parameters.yaml"), "").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_speclift"))
        .arg("gen")
        .arg(dir.path().join("index.rst"))
        .arg("-o")
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("pwned"), "the key is reported: {stderr}");
    assert!(!has_controls(&stderr), "{stderr:?}");
    assert!(stderr.contains("\\u{1b}"), "{stderr}");
}

#[test]
fn diff_escapes_control_characters_from_specs() {
    let dir = tempfile::tempdir().unwrap();
    let op = |path: &str| {
        serde_json::json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "paths": {path: {"get": {"operationId": "x", "responses": {"200": {"description": "ok"}}}}}})
        .to_string()
    };
    std::fs::write(dir.path().join("old.json"), op("/v1/\u{1b}[2Jthings")).unwrap();
    std::fs::write(dir.path().join("new.json"), op("/v1/other")).unwrap();
    for format in ["human", "markdown"] {
        let output = Command::new(env!("CARGO_BIN_EXE_speclift"))
            .arg("diff")
            .arg(dir.path().join("old.json"))
            .arg(dir.path().join("new.json"))
            .args(["--format", format])
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(stdout.contains("things"), "{format}: {stdout}");
        assert!(!has_controls(&stdout), "{format}: {stdout:?}");
    }
}
