//! Reading a generated spec: JSON or YAML into a `serde_json::Value`, so
//! that whatever the generator adds later (new extensions, new keys) is
//! carried along rather than rejected.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde_json::Value;

/// One OpenAPI document and the file it came from.
#[derive(Debug, Clone)]
pub struct SpecFile {
    /// The file name without extension: the API's slug in the site.
    pub stem: String,
    pub doc: Value,
}

/// Reads one spec file (`.json`, `.yaml` or `.yml`). A file that is not an
/// OpenAPI document (no `openapi` key) is an error.
pub fn read_spec(path: &Path) -> Result<SpecFile> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let doc: Value = match extension(path).as_str() {
        "json" => serde_json::from_str(&text)
            .with_context(|| format!("{} is not valid JSON", path.display()))?,
        "yaml" | "yml" => serde_saphyr::from_str(&text)
            .with_context(|| format!("{} is not valid YAML", path.display()))?,
        other => bail!(
            "{}: unknown spec extension `{other}` (expected .json, .yaml or .yml)",
            path.display()
        ),
    };
    if doc.get("openapi").and_then(Value::as_str).is_none() {
        bail!(
            "{} is not an OpenAPI document (it has no `openapi` version key)",
            path.display()
        );
    }
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .map(str::to_owned)
        .with_context(|| format!("{}: the file name is not UTF-8", path.display()))?;
    Ok(SpecFile { stem, doc })
}

fn extension(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// The spec files named by `inputs`: files as given, directories expanded
/// to their OpenAPI documents (sorted; other JSON such as
/// `parameters.schema.json` is skipped). When an API is present both as
/// JSON and YAML (the twins `speclift gen` and `specs/` hold), the JSON is
/// read and the YAML skipped: they are the same document.
pub fn collect_inputs(inputs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut entries = Vec::new();
            for entry in std::fs::read_dir(input)
                .with_context(|| format!("cannot list {}", input.display()))?
            {
                let path = entry?.path();
                let ext = extension(&path);
                if path.is_file() && matches!(ext.as_str(), "json" | "yaml" | "yml") {
                    entries.push(path);
                }
            }
            entries.sort();
            for path in entries {
                if is_openapi(&path) {
                    files.push(path);
                }
            }
        } else if input.is_file() {
            files.push(input.clone());
        } else {
            bail!("{} does not exist", input.display());
        }
    }
    // Drop a YAML file whose JSON twin is also an input.
    let jsons: Vec<PathBuf> = files
        .iter()
        .filter(|p| extension(p) == "json")
        .map(|p| p.with_extension(""))
        .collect();
    files.retain(|p| extension(p) == "json" || !jsons.contains(&p.with_extension("")));
    Ok(files)
}

/// A cheap look at the head of a file in a directory listing: does it
/// declare an OpenAPI version?
fn is_openapi(path: &Path) -> bool {
    std::fs::read_to_string(path)
        .map(|text| {
            text.lines()
                .take(5)
                .any(|l| l.contains("\"openapi\"") || l.starts_with("openapi:"))
        })
        .unwrap_or(false)
}

/// A local `$ref` (`#/components/...`) followed to its target, and the
/// name it points at, as every spec reader has them.
pub use speclift_spec::refs::{name as ref_name, resolve as deref};
