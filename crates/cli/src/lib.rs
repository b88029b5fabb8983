//! The generate pipeline shared by the `speclift` binary and `xtask`:
//! paths → model (dialects) → OpenAPI → serialized text, with diagnostics.
//!
//! Nothing here writes files; [`write_atomically`] is the one place that
//! does, so no caller can leave a half-written spec behind.

use std::collections::BTreeSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use speclift_diag::Diagnostic;
use speclift_model::{Dialect, ReadOptions};

/// Serialization of a generated spec.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Yaml,
    Json,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Yaml => "yaml",
            Format::Json => "json",
        }
    }
}

/// One API's result: its spec text (absent when it had errors) and every
/// diagnostic that belongs to it.
#[derive(Debug)]
pub struct GeneratedApi {
    /// File-name-safe API name, unique within one run.
    pub name: String,
    pub title: String,
    pub spec: Option<utoipa::openapi::OpenApi>,
    pub diagnostics: Vec<Diagnostic>,
}

impl GeneratedApi {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The spec serialized in `format`, ending with a newline.
    pub fn render(&self, format: Format) -> Option<String> {
        let spec = self.spec.as_ref()?;
        match format {
            Format::Json => speclift_openapi::to_json(spec).ok(),
            Format::Yaml => speclift_openapi::to_yaml(spec).ok(),
        }
    }
}

#[derive(Debug, Default)]
pub struct Generation {
    pub apis: Vec<GeneratedApi>,
    /// Diagnostics not tied to one API (unreadable input, no API found).
    pub diagnostics: Vec<Diagnostic>,
}

impl Generation {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
            || self.apis.iter().any(GeneratedApi::has_errors)
    }

    /// Every diagnostic of the run, global ones first, each group sorted.
    pub fn all_diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .chain(self.apis.iter().flat_map(|a| a.diagnostics.iter()))
    }
}

#[derive(Clone, Debug, Default)]
pub struct GenerateOptions {
    pub root: Option<PathBuf>,
    pub dialect: Option<Dialect>,
}

/// Runs the whole pipeline over `paths`. An API whose documentation or
/// emission produced an error gets no spec; every example in a produced spec
/// has been validated against its schema.
pub fn generate(paths: &[PathBuf], options: &GenerateOptions) -> Generation {
    let mut generation = Generation::default();
    let mut names = BTreeSet::new();
    for path in paths {
        let read_options = ReadOptions {
            root: options.root.clone(),
            dialect: options.dialect,
        };
        let (loaded, diagnostics) = speclift_model::read_path(path, &read_options);
        generation.diagnostics.extend(diagnostics);
        if loaded.is_empty() && !generation.diagnostics.iter().any(Diagnostic::is_error) {
            generation.diagnostics.push(
                Diagnostic::error(
                    speclift_diag::Location::file_start(path.as_path()),
                    "no API operations found here",
                )
                .with_hint(
                    "pass an api-ref source directory (with index.rst) or a .rst/.inc file \
                     that documents operations",
                ),
            );
        }
        for mut api in loaded {
            let name = unique_name(&mut names, &api.api.name);
            let emitted = speclift_openapi::emit(&api.api);
            api.diagnostics.extend(emitted.diagnostics);
            let spec = match serde_json::to_value(&emitted.openapi) {
                Ok(v) => {
                    for failure in speclift_openapi::check_examples(&v) {
                        api.diagnostics.push(
                            Diagnostic::error(
                                api.api.source.clone(),
                                format!(
                                    "example at {} does not validate against its schema: {}",
                                    failure.pointer,
                                    failure.errors.join("; ")
                                ),
                            )
                            .with_hint("this is a speclift bug; please report it with the input"),
                        );
                    }
                    Some(emitted.openapi)
                }
                Err(e) => {
                    api.diagnostics.push(Diagnostic::error(
                        api.api.source.clone(),
                        format!("could not serialize the OpenAPI document: {e}"),
                    ));
                    None
                }
            };
            let diagnostics = speclift_diag::Diagnostics::from(api.diagnostics).into_sorted();
            let has_errors = diagnostics.iter().any(Diagnostic::is_error);
            generation.apis.push(GeneratedApi {
                name,
                title: api.api.title.clone(),
                spec: if has_errors { None } else { spec },
                diagnostics,
            });
        }
    }
    generation
}

fn unique_name(taken: &mut BTreeSet<String>, name: &str) -> String {
    let base = if name.is_empty() { "api" } else { name };
    let mut candidate = base.to_string();
    let mut n = 2;
    while !taken.insert(candidate.clone()) {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    candidate
}

/// Writes `contents` to `path` through a temporary file in the same
/// directory and a rename, so readers never see a half-written file.
pub fn write_atomically(path: &Path, contents: &str) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "spec".into());
    let tmp = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(contents.as_bytes())?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_made_unique_in_order() {
        let mut taken = BTreeSet::new();
        assert_eq!(unique_name(&mut taken, "compute"), "compute");
        assert_eq!(unique_name(&mut taken, "compute"), "compute-2");
        assert_eq!(unique_name(&mut taken, "compute"), "compute-3");
        assert_eq!(unique_name(&mut taken, ""), "api");
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp() {
        let dir = std::env::temp_dir().join(format!("speclift-aw-{}", std::process::id()));
        let file = dir.join("out.yaml");
        write_atomically(&file, "a: 1\n").unwrap();
        write_atomically(&file, "a: 2\n").unwrap();
        assert_eq!(fs::read_to_string(&file).unwrap(), "a: 2\n");
        let leftovers: Vec<_> = fs::read_dir(&dir).unwrap().collect();
        assert_eq!(leftovers.len(), 1);
        fs::remove_dir_all(&dir).unwrap();
    }
}
