//! The os-api-ref reader over the upstream Cinder and Nova api-refs and the
//! os-api-ref seeds: no errors, and no operation or sample lost, checked
//! against an independent line scan of the RST sources.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use speclift_model::{LoadedApi, Microversion, ReadOptions, read_path};

use speclift_test_support::shared;

/// `(METHOD, path)` of every `.. rest_method::` line in the RST files
/// under `dir`, plus the canonical `(file, line)` of every JSON
/// literalinclude that follows an operation in its file.
struct Scan {
    operations: BTreeSet<(String, String)>,
    samples: BTreeSet<(PathBuf, u32)>,
}

fn scan(input: &Path) -> Scan {
    let mut files = Vec::new();
    if input.is_file() {
        files.push(input.to_path_buf());
    } else {
        collect(input, &mut files);
    }
    let mut out = Scan {
        operations: BTreeSet::new(),
        samples: BTreeSet::new(),
    };
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let canonical = f.canonicalize().unwrap();
        let mut after_operation = false;
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let t = line.trim_start();
            if let Some(rest) = t.strip_prefix(".. rest_method::") {
                // The method may sit on the next line.
                let rest = if rest.trim().is_empty() {
                    lines.get(i + 1).copied().unwrap_or("")
                } else {
                    rest
                };
                let mut parts = rest.split_whitespace();
                let method = parts.next().unwrap_or("").to_ascii_uppercase();
                let path = parts
                    .next()
                    .unwrap_or("")
                    .split('?')
                    .next()
                    .unwrap_or("")
                    .to_string();
                out.operations.insert((method, path));
                after_operation = true;
            } else if t.starts_with(".. literalinclude::") && after_operation {
                out.samples.insert((canonical.clone(), i as u32 + 1));
            }
        }
    }
    out
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|e| e == "rst" || e == "inc") {
            out.push(p);
        }
    }
}

struct Summary {
    apis: usize,
    samples_with_title_version: usize,
}

/// Reads `input`, checks it against the scan and prints per-API counts.
fn check(input: &Path, expected_apis: usize) -> Vec<LoadedApi> {
    let (apis, global) = read_path(input, &ReadOptions::default());
    let errors: Vec<String> = apis
        .iter()
        .flat_map(|a| &a.diagnostics)
        .chain(&global)
        .filter(|d| d.is_error())
        .map(ToString::to_string)
        .collect();
    assert!(
        errors.is_empty(),
        "{} errors in {}:\n{}",
        errors.len(),
        input.display(),
        errors.join("\n")
    );
    assert_eq!(
        apis.len(),
        expected_apis,
        "APIs read from {}",
        input.display()
    );

    let scan = scan(input);
    let mut read_ops = BTreeSet::new();
    let mut read_samples = BTreeSet::new();
    let mut summary = Summary {
        apis: apis.len(),
        samples_with_title_version: 0,
    };
    for a in &apis {
        let api = &a.api;
        let (mut params, mut samples) = (0, BTreeSet::new());
        for op in &api.operations {
            read_ops.insert((op.method.as_str().to_string(), op.path.clone()));
            params += op.request.parameters.len() + op.request.body.len();
            let mut all = op.request.samples.iter().collect::<Vec<_>>();
            for r in &op.responses {
                params += r.headers.len() + r.body.len();
                all.extend(&r.samples);
            }
            for s in all {
                let key = (s.location.file.canonicalize().unwrap(), s.location.line);
                samples.insert(key.clone());
                read_samples.insert(key);
                // A version in the title must be the sample's microversion.
                if let Some(v) = title_version(&s.title) {
                    assert_eq!(
                        s.microversion,
                        Some(v),
                        "sample `{}` at {}",
                        s.title,
                        s.location
                    );
                    summary.samples_with_title_version += 1;
                }
                assert!(
                    s.file.as_ref().is_some_and(|f| f.is_relative()),
                    "{:?}",
                    s.file
                );
            }
        }
        let warnings = a.diagnostics.iter().filter(|d| !d.is_error()).count();
        for w in a.diagnostics.iter().filter(|d| !d.is_error()) {
            println!("  {}", w.to_string().replace('\n', "\n  "));
        }
        println!(
            "{}: {} ({}) — {} operations, {} tags, {} parameters, {} samples, {} warnings, microversions {:?}",
            input.display(),
            api.name,
            api.title,
            api.operations.len(),
            api.tags.len(),
            params,
            samples.len(),
            warnings,
            api.microversions.as_ref().map(|m| (
                m.service.clone(),
                m.range.min.map(|v| v.to_string()),
                m.range.max.map(|v| v.to_string())
            )),
        );
    }
    let missing: Vec<_> = scan.operations.difference(&read_ops).collect();
    let extra: Vec<_> = read_ops.difference(&scan.operations).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "operations lost: {missing:?}\nunexpected: {extra:?}"
    );
    let lost: Vec<_> = scan.samples.difference(&read_samples).collect();
    assert!(lost.is_empty(), "samples not loaded: {lost:?}");
    println!(
        "{}: {} APIs, {} distinct operations, {} samples ({} with a versioned title)",
        input.display(),
        summary.apis,
        read_ops.len(),
        read_samples.len(),
        summary.samples_with_title_version
    );
    apis
}

/// `(v2.49)` in a sample title.
fn title_version(title: &str) -> Option<Microversion> {
    let start = title.find("(v")? + 2;
    let end = start + title[start..].find(')')?;
    let v = &title[start..end];
    v.contains('.').then(|| v.parse().ok()).flatten()
}

#[test]
fn cinder_source_dir_is_two_apis() {
    let Some(dir) = shared("corpus/cinder/api-ref/source") else {
        return;
    };
    let apis = check(&dir, 2);
    assert_eq!(apis[0].api.name, "block-storage-api-v3");
    assert_eq!(apis[1].api.name, "block-storage-api-v2");
    let v3 = &apis[0].api;
    let complete = v3
        .operations
        .iter()
        .find(|o| o.summary == "Complete attachment")
        .expect("Complete attachment");
    assert_eq!(complete.microversions.min, Some(Microversion::new(3, 44)));
}

#[test]
fn nova_source_dir_is_one_api() {
    let Some(dir) = shared("corpus/nova/api-ref/source") else {
        return;
    };
    let apis = check(&dir, 1);
    let api = &apis[0].api;
    assert_eq!(api.name, "compute-api");
    let attach = api
        .operations
        .iter()
        .find(|o| o.summary == "Attach a volume to an instance")
        .expect("attach operation");
    let tagged = attach
        .request
        .samples
        .iter()
        .find(|s| s.title.contains("tag it"))
        .expect("the v2.49 example");
    assert_eq!(tagged.microversion, Some(Microversion::new(2, 49)));
    assert!(tagged.file.as_ref().unwrap().starts_with("doc/api_samples"));
    let codes: Vec<_> = attach
        .responses
        .iter()
        .filter(|r| r.status.success)
        .map(|r| r.status.code)
        .collect();
    assert_eq!(codes, [200, 202]);
    assert_eq!(
        attach.responses[0].status.microversions.max,
        Some(Microversion::new(2, 100))
    );
}

#[test]
fn os_api_ref_seeds() {
    for (seed, file, ops) in [
        (
            "000-cinder-v3-attachments",
            "api-ref/source/v3/attachments.inc",
            7,
        ),
        (
            "001-cinder-v3-attachments-older",
            "api-ref/source/v3/attachments.inc",
            6,
        ),
        (
            "003-cinder-v2-snapshots",
            "api-ref/source/v2/volumes-v2-snapshots.inc",
            0,
        ),
        (
            "004-nova-os-volume-attachments",
            "api-ref/source/os-volume-attachments.inc",
            5,
        ),
    ] {
        let Some(path) = shared(&format!("seeds/{seed}/{file}")) else {
            return;
        };
        let apis = check(&path, 1);
        if ops > 0 {
            assert_eq!(apis[0].api.operations.len(), ops, "{seed}");
        }
        if seed.starts_with("000") {
            // The tag-level note: 3.27 for all but `Complete attachment`.
            for op in &apis[0].api.operations {
                let want = if op.summary == "Complete attachment" {
                    (3, 44)
                } else {
                    (3, 27)
                };
                assert_eq!(
                    op.microversions.min,
                    Some(Microversion::new(want.0, want.1)),
                    "{}",
                    op.summary
                );
            }
        }
    }
}
