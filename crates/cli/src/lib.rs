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

pub mod allocator;
pub mod app;
mod check_cmd;
mod inputs;
mod man;
pub mod output;
mod usage;
pub mod watch;

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
    /// The spec already serialized, when [`GenerateOptions::render`] asked
    /// for it: made beside the example check rather than after it.
    rendered: Option<(Format, String)>,
}

impl GeneratedApi {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The spec's file name in `format`: `<name>.yaml` or `<name>.json`.
    pub fn file_name(&self, format: Format) -> String {
        format!("{}.{}", self.name, format.extension())
    }

    /// The spec serialized in `format`, ending with a newline.
    pub fn render(&self, format: Format) -> Option<String> {
        self.text(format).map(std::borrow::Cow::into_owned)
    }

    /// [`GeneratedApi::render`], borrowed when rendered already.
    pub fn text(&self, format: Format) -> Option<std::borrow::Cow<'_, str>> {
        let spec = self.spec.as_ref()?;
        match &self.rendered {
            Some((made, text)) if *made == format => Some(std::borrow::Cow::Borrowed(text)),
            _ => serialize(spec, format).map(std::borrow::Cow::Owned),
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

impl Generation {
    /// Applies the rule configuration lint uses (`.speclift.toml` beside
    /// or above `inputs`, or `options.config`, then `--select`/`--ignore`)
    /// to every diagnostic: silenced ones are dropped, configured severities
    /// set. Errors are never dropped nor demoted (the API cannot be
    /// written); a warning promoted to an error withholds its API's spec,
    /// as any error does. Problems with the configuration itself are
    /// errors of the run.
    pub fn configure(&mut self, inputs: &[PathBuf], options: &speclift_lint::LintOptions) {
        use speclift_lint::config;
        let (configs, findings) = config::for_inputs(inputs, options.config.as_deref());
        let configure =
            |diags: Vec<Diagnostic>| config::apply(&configs, &options.selection, true, diags);
        self.diagnostics = configure(std::mem::take(&mut self.diagnostics));
        self.diagnostics.extend(findings);
        for api in &mut self.apis {
            api.diagnostics = configure(std::mem::take(&mut api.diagnostics));
            if api.has_errors() {
                api.spec = None;
            }
        }
    }
}

/// A spec serialized in `format`, ending with a newline.
fn serialize(spec: &utoipa::openapi::OpenApi, format: Format) -> Option<String> {
    match format {
        Format::Json => speclift_openapi::to_json(spec).ok(),
        Format::Yaml => speclift_openapi::to_yaml(spec).ok(),
    }
}

/// [`serialize`], with a YAML document's paths serialized side by side.
fn serialize_now(spec: &mut utoipa::openapi::OpenApi, format: Format) -> Option<String> {
    match format {
        Format::Json => speclift_openapi::to_json(spec).ok(),
        Format::Yaml => speclift_openapi::to_yaml_side_by_side(spec).ok(),
    }
}

#[derive(Clone, Debug, Default)]
pub struct GenerateOptions {
    pub root: Option<PathBuf>,
    pub dialect: Option<Dialect>,
    /// The OpenAPI version to write (3.1 unless asked).
    pub openapi: speclift_openapi::OutputVersion,
    /// Serialize each spec in this format while its examples are checked,
    /// on the other core, so that [`GeneratedApi::render`] in that format
    /// costs nothing after. `None`: serialized when asked.
    pub render: Option<Format>,
}

/// Runs the whole pipeline over `paths`. An API whose documentation or
/// emission produced an error gets no spec; every example in a produced spec
/// has been validated against its schema.
///
/// Inputs are read, and APIs emitted, on all cores, each API as soon as it
/// is read; results are collected in input order, so the output does not
/// depend on scheduling.
pub fn generate(paths: &[PathBuf], options: &GenerateOptions) -> Generation {
    let read_options = ReadOptions {
        root: options.root.clone(),
        dialect: options.dialect,
        reads: None,
    };
    let emit_options = speclift_openapi::EmitOptions {
        version: options.openapi,
    };
    // Each model is consumed by its emission and freed as soon as it is
    // done, which keeps the peak memory of a run down.
    let emit = |api| emit_api(api, &emit_options, options.render);
    let read = parallel_map(paths, |path| {
        speclift_model::read_path_each(path, &read_options, &emit)
    });

    let mut generation = Generation::default();
    let mut names = BTreeSet::new();
    for (apis, diagnostics) in read {
        // An input without operations is reported by the model itself.
        generation.diagnostics.extend(diagnostics);
        for mut api in apis {
            // Unique across inputs too: the name is the spec's file name.
            api.name = unique_name(&mut names, &api.name);
            generation.apis.push(api);
        }
    }
    generation
}

/// Emits one API and validates its examples.
fn emit_api(
    loaded: speclift_model::LoadedApi,
    options: &speclift_openapi::EmitOptions,
    render: Option<Format>,
) -> GeneratedApi {
    let speclift_model::LoadedApi {
        api,
        mut diagnostics,
    } = loaded;
    let name = api.name.clone();
    let emitted = speclift_openapi::emit_with(&api, options);
    // The API's name as `SPECLIFT_TIMINGS` prints it (made only then).
    let shown = || speclift_diag::printable(&name);
    speclift_diag::stage!("emit: {} emitted", shown());
    let (source, title) = (api.source, api.title);
    // The rest reads the emitted document only: the model (its samples
    // above all) is freed before the document is serialized, which would
    // otherwise hold three copies of every example at once.
    drop(api.operations);
    diagnostics.extend(emitted.diagnostics);
    let mut openapi = emitted.openapi;
    let mut rendered = None;
    let spec = match speclift_openapi::to_value(&mut openapi) {
        Ok(mut value) => {
            speclift_diag::stage!("emit: {} copied as JSON", shown());
            add_links(&mut openapi, &mut value);
            speclift_diag::stage!("emit: {} linked", shown());
            // The document as JSON is dropped where it is checked, while
            // the other core serializes: dropped after the join, its
            // thousands of frees held up the API's last step.
            let (failures, text) = rayon::join(
                move || {
                    let failures = speclift_openapi::check_examples(&value);
                    drop(value);
                    speclift_diag::stage!("emit: {} examples checked", shown());
                    failures
                },
                || {
                    let text = render
                        .and_then(|format| Some((format, serialize_now(&mut openapi, format)?)));
                    speclift_diag::stage!("emit: {} serialized", shown());
                    text
                },
            );
            rendered = text;
            for failure in failures {
                diagnostics.push(
                    Diagnostic::error(
                        source.clone(),
                        format!(
                            "example at {} does not validate against its schema: {}",
                            failure.pointer,
                            failure.errors.join("; ")
                        ),
                    )
                    .with_rule(speclift_diag::Rule::InternalError)
                    .with_hint("this is a speclift bug; please report it with the input"),
                );
            }
            Some(openapi)
        }
        Err(e) => {
            diagnostics.push(
                Diagnostic::error(
                    source.clone(),
                    format!("could not serialize the OpenAPI document: {e}"),
                )
                .with_rule(speclift_diag::Rule::InternalError),
            );
            None
        }
    };
    let diagnostics = speclift_diag::Diagnostics::from(diagnostics).into_sorted();
    let has_errors = diagnostics.iter().any(Diagnostic::is_error);
    GeneratedApi {
        name,
        title,
        spec: if has_errors { None } else { spec },
        diagnostics,
        rendered: if has_errors { None } else { rendered },
    }
}

/// Writes the producer → consumer chains the contract checker infers (the
/// `POST` that creates `{attachment_id}` → every operation that uses it) into
/// the spec as OpenAPI response `links`, so the chain is visible to readers
/// and to stateful testers. `value` is `openapi` serialized, and is updated
/// alike.
fn add_links(openapi: &mut utoipa::openapi::OpenApi, value: &mut serde_json::Value) {
    use utoipa::openapi::{RefOr, link::Link};
    speclift_check::add_links(value);
    let Some(paths) = value.get("paths").and_then(|p| p.as_object()) else {
        return;
    };
    for (path, item) in paths {
        let Some(target) = openapi.paths.paths.get_mut(path) else {
            continue;
        };
        for (method, operation) in item.as_object().into_iter().flatten() {
            let Some(responses) = operation.get("responses").and_then(|r| r.as_object()) else {
                continue;
            };
            let op = match method.as_str() {
                "get" => target.get.as_mut(),
                "put" => target.put.as_mut(),
                "post" => target.post.as_mut(),
                "delete" => target.delete.as_mut(),
                "patch" => target.patch.as_mut(),
                _ => None,
            };
            let Some(op) = op else { continue };
            for (status, response) in responses {
                let Some(links) = response.get("links") else {
                    continue;
                };
                let Ok(links) = serde_json::from_value::<
                    std::collections::BTreeMap<String, RefOr<Link>>,
                >(links.clone()) else {
                    continue;
                };
                if let Some(RefOr::T(response)) = op.responses.responses.get_mut(status) {
                    response.links = links;
                }
            }
        }
    }
}

/// `items.iter().map(f)`, spread over the machine's cores, in order.
fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync + Send) -> Vec<R> {
    use rayon::prelude::*;
    items.par_iter().map(f).collect()
}

/// Every API's spec serialized in `format` ([`GeneratedApi::render`]),
/// rendered on all cores, in order.
pub fn render_all(apis: &[GeneratedApi], format: Format) -> Vec<Option<String>> {
    parallel_map(apis, |api| api.render(format))
}

fn unique_name(taken: &mut BTreeSet<String>, name: &str) -> String {
    let base = if name.is_empty() { "api" } else { name };
    speclift_openapi::claim_unique(taken, base, "-")
}

/// The first `max_lines` lines of a unified diff from `old` (the file
/// `label`) to `new` (what generation gives), for "is stale" reports.
pub fn stale_diff(label: &str, old: &str, new: &str, max_lines: usize) -> String {
    let diff = similar::TextDiff::from_lines(old, new);
    let text = diff
        .unified_diff()
        .context_radius(2)
        .header(label, "generated")
        .to_string();
    let mut out: Vec<&str> = text.lines().take(max_lines).collect();
    let more = text.lines().count().saturating_sub(max_lines);
    let tail = format!("… {more} more diff lines");
    if more > 0 {
        out.push(&tail);
    }
    out.join("\n")
}

/// The temporary files the [`write_atomically`] calls have in flight
/// (specs are written side by side). Each is created under the lock, so
/// [`remove_temp_files`] (called on SIGINT/SIGTERM) either finds it and
/// removes it, or comes first and no write creates one after.
static IN_FLIGHT: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

fn in_flight() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    IN_FLIGHT.lock().unwrap_or_else(|e| e.into_inner())
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
    let mut f = {
        let mut in_flight = in_flight();
        let f = fs::File::create(&tmp)?;
        in_flight.push(tmp.clone());
        f
    };
    // Removed by a signal meanwhile, the file is written unlinked and
    // the rename fails: nothing is left behind.
    let result = (|| {
        f.write_all(contents.as_bytes())?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    in_flight().retain(|t| *t != tmp);
    result
}

/// Removes the temporary files of the writes in flight. For signal
/// handlers: the process exits next.
pub fn remove_temp_files() {
    let in_flight = in_flight();
    for tmp in in_flight.iter() {
        let _ = fs::remove_file(tmp);
    }
    // The lock stays held until the exit: released, it would let the next
    // write create its temporary file while the process is exiting (a gap
    // specs rendered ahead of writing made easy to hit).
    std::mem::forget(in_flight);
}

/// An OpenAPI document to compare: a spec file (`.yaml`, `.yml`, `.json`)
/// as it is, or documentation generated on the fly. Documentation must
/// yield exactly one API, so the comparison is unambiguous.
pub fn load_spec(
    path: &Path,
    options: &GenerateOptions,
) -> Result<serde_json::Value, Vec<Diagnostic>> {
    let location = speclift_diag::Location::file_start(path);
    // A spec by its name, whatever sits there: a FIFO or device named
    // `x.yaml` is refused as such, not taken for documentation.
    let is_spec_file = fs::metadata(path).is_ok()
        && path
            .extension()
            .is_some_and(|e| e == "yaml" || e == "yml" || e == "json");
    if is_spec_file {
        let text =
            speclift_check::input::read_regular(path, speclift_check::input::DEFAULT_MAX_FILE)
                .map_err(|e| {
                    vec![
                        Diagnostic::error(
                            location.clone(),
                            format!("cannot read the spec: it {e}"),
                        )
                        .with_rule(speclift_diag::Rule::UnreadableSpec)
                        .with_hint("pass a spec file written by `speclift gen`"),
                    ]
                })?;
        let is_json = path.extension().is_some_and(|e| e == "json");
        let value: serde_json::Value = match serde_json::from_str(&text) {
            Ok(value) => value,
            // Nested beyond serde_json's 128 levels: the spec reader's
            // own limits (what `gen` writes always fits them).
            Err(e) if is_json && !e.to_string().contains("recursion limit") => {
                return Err(vec![
                    Diagnostic::error(
                        speclift_diag::Location::new(path, e.line() as u32, e.column() as u32),
                        format!("invalid JSON: {e}"),
                    )
                    .with_rule(speclift_diag::Rule::UnreadableSpec)
                    .with_hint("pass a spec file written by `speclift gen`"),
                ]);
            }
            Err(_) => speclift_check::input::parse_spec(&text).map_err(|e| {
                vec![
                    Diagnostic::error(
                        location.clone(),
                        format!("invalid {}: {e}", if is_json { "JSON" } else { "YAML" }),
                    )
                    .with_rule(speclift_diag::Rule::UnreadableSpec)
                    .with_hint("pass a spec file written by `speclift gen`"),
                ]
            })?,
        };
        if value.get("openapi").is_none() {
            return Err(vec![
                Diagnostic::error(location, "not an OpenAPI document (no `openapi` key)")
                    .with_rule(speclift_diag::Rule::UnreadableSpec)
                    .with_hint("pass a spec written by `speclift gen`, or an api-ref tree"),
            ]);
        }
        return Ok(value);
    }
    let generation = generate(&[path.to_path_buf()], options);
    if generation.has_errors() {
        return Err(generation.all_diagnostics().cloned().collect());
    }
    match generation.apis.as_slice() {
        [api] => api
            .spec
            .as_ref()
            .and_then(|s| serde_json::to_value(s).ok())
            .ok_or_else(|| {
                vec![
                    Diagnostic::error(location, "the generated spec could not be serialized")
                        .with_rule(speclift_diag::Rule::InternalError),
                ]
            }),
        apis => Err(vec![
            Diagnostic::error(
                location,
                format!(
                    "this documentation holds {} APIs ({}); a diff compares one",
                    apis.len(),
                    apis.iter()
                        .map(|a| a.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
            .with_rule(speclift_diag::Rule::UnreadableSpec)
            .with_hint(
                "pass the document of one API (e.g. its index.rst) or a generated spec file",
            ),
        ]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parallel_map_keeps_input_order() {
        let items: Vec<u64> = (0..100).collect();
        let squares = parallel_map(&items, |n| n * n);
        assert_eq!(squares, items.iter().map(|n| n * n).collect::<Vec<_>>());
        assert!(parallel_map(&[] as &[u8], |_| 0).is_empty());
    }

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
