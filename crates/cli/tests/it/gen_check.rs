//! `speclift gen --check`: compares the specs in the output directory with
//! what the documentation generates, writes nothing, and fails when stale.

use crate::common;

use common::*;

#[test]
fn check_passes_on_fresh_specs_and_fails_on_stale_or_missing_ones() {
    let input = repo_root().join("api-ref/cinder-v3-attachments");
    let out = temp_dir("gen-check");
    let dir = out.path();
    let generate = |extra: &[&str]| {
        let mut args = vec!["gen", input.to_str().unwrap(), "-o", dir.to_str().unwrap()];
        args.extend_from_slice(extra);
        speclift(&args)
    };
    assert!(generate(&[]).status.success());
    let spec = dir.join("block-storage-api-v3-attachments.yaml");
    let fresh = std::fs::read_to_string(&spec).expect("written");

    let ok = generate(&["--check"]);
    let stderr = String::from_utf8_lossy(&ok.stderr);
    assert!(ok.status.success(), "{stderr}");
    assert!(stderr.contains("up to date: 1 spec in"), "{stderr}");

    let edited = fresh.replacen("title: ", "title: Renamed ", 1);
    std::fs::write(&spec, &edited).unwrap();
    let stale = generate(&["--check"]);
    let stderr = String::from_utf8_lossy(&stale.stderr);
    assert_eq!(stale.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("is stale"), "{stderr}");
    assert!(stderr.contains("-  title: Renamed"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(&spec).unwrap(),
        edited,
        "--check wrote the file"
    );

    std::fs::remove_file(&spec).unwrap();
    let missing = generate(&["--check"]);
    let stderr = String::from_utf8_lossy(&missing.stderr);
    assert_eq!(missing.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("is missing"), "{stderr}");
    assert!(!spec.exists(), "--check wrote the file");
}
