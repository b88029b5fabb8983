//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

// `shared()` is `../shared` with corpus and seeds, or `None` outside CI.
pub use speclift_test_support::{reference_data as shared, repo_root, required_input, temp_dir};

/// Runs the `speclift` binary.
pub fn speclift(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_speclift"))
        .args(args)
        .output()
        .expect("the speclift binary runs")
}

/// `(METHOD, path)` of every `.. rest_method::` line in the `.rst`/`.inc`
/// files under `dir`, found by a plain text scan independent of the reader.
/// Paths lose their query string and their template names (`{x}` → `{}`),
/// since OpenAPI treats paths differing only in names as one, and are
/// written as OpenAPI requires (leading slash, no trailing slash).
pub fn documented_operations(dir: &Path) -> std::collections::BTreeSet<(String, String)> {
    let mut found = std::collections::BTreeSet::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("readable dir").flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "rst" || e == "inc") {
                let text = std::fs::read_to_string(&p).unwrap_or_default();
                for line in text.lines() {
                    if let Some(rest) = line.trim_start().strip_prefix(".. rest_method::") {
                        let mut words = rest.split_whitespace();
                        if let (Some(m), Some(path)) = (words.next(), words.next()) {
                            found.insert((m.to_ascii_uppercase(), normalize_path(path)));
                        }
                    }
                }
            }
        }
    }
    found
}

pub fn normalize_path(path: &str) -> String {
    let path = path.split('?').next().unwrap_or(path);
    speclift_spec::template::key(&format!("/{}", path.trim_start_matches('/')))
}

/// `(METHOD, normalized path)` of every operation in a serialized spec.
pub fn spec_operations(spec: &serde_json::Value) -> std::collections::BTreeSet<(String, String)> {
    let mut ops = std::collections::BTreeSet::new();
    if let Some(paths) = spec["paths"].as_object() {
        for (path, item) in paths {
            // 3.1's eight methods and 3.2's `query`.
            for method in speclift_spec::method::PATH_ITEM {
                if item.get(method).is_some() {
                    ops.insert((method.to_ascii_uppercase(), normalize_path(path)));
                }
            }
            // Other methods: 3.2's `additionalOperations`, and the
            // extension 3.1 documents keep them under.
            for key in speclift_spec::method::ADDITIONAL_OPERATIONS {
                for method in item
                    .get(key)
                    .and_then(|v| v.as_object())
                    .into_iter()
                    .flatten()
                {
                    ops.insert((method.0.to_ascii_uppercase(), normalize_path(path)));
                }
            }
        }
    }
    ops
}

/// Rustc-style diagnostics as printed (`warning[SL070]: message`, then
/// ` --> file:line:col`) folded back into one line each,
/// `file:line:col: warning[SL070]: message`, for tests that look for a
/// diagnostic by its location. Other lines are kept as they are.
pub fn one_line_diagnostics(stderr: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut title: Option<&str> = None;
    for line in stderr.lines() {
        let is_title = line.starts_with("warning") || line.starts_with("error");
        if is_title && line.contains(": ") {
            if let Some(t) = title.replace(line) {
                out.push(t.to_string());
            }
            continue;
        }
        if let Some(at) = line.trim_start().strip_prefix("--> ")
            && let Some(t) = title.take()
        {
            out.push(format!("{at}: {t}"));
            continue;
        }
        if !line.trim().is_empty() && !line.trim_start().starts_with('|') && title.is_none() {
            out.push(line.to_string());
        }
    }
    out.extend(title.map(str::to_string));
    out
}

/// Snapshots (in the repository's `snapshots/`, as `<name>` and
/// `<name>-diagnostics`) the spec generated from the one API at `rel` under
/// `../shared`, and its diagnostics with `../shared` shown as `<shared>`.
/// Fails when the API has errors; returns early without `../shared`
/// (outside CI).
pub fn snapshot_shared_api(rel: &str, name: &str) {
    use speclift::{Format, GenerateOptions, generate};
    let Some(shared) = shared() else { return };
    // Canonical, so the prefix replaced below is the one diagnostics show,
    // wherever the checkout lives.
    let shared = shared.canonicalize().expect("../shared resolves");
    let generation = generate(&[shared.join(rel)], &GenerateOptions::default());
    let diagnostics: Vec<String> = generation
        .all_diagnostics()
        .map(|d| {
            d.to_string()
                .replace(&shared.display().to_string(), "<shared>")
        })
        .collect();
    assert!(!generation.has_errors(), "{rel}: {diagnostics:#?}");
    assert_eq!(generation.apis.len(), 1, "{rel}");
    let yaml = generation.apis[0].render(Format::Yaml).expect("rendered");
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(repo_root().join("snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| {
        insta::assert_snapshot!(name.to_string(), yaml);
        insta::assert_snapshot!(format!("{name}-diagnostics"), diagnostics.join("\n"));
    });
}
