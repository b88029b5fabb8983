//! Loading the files documents share (`parameters.yaml`, `status.yaml`),
//! each once per run, and rendering parameter descriptions once per key.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use speclift_diag::{Diagnostic, Location};

use super::operation::read_once;
use super::params::{self, ParamFile};
use super::status::StatusFile;
use super::*;
use crate::files::{Resolved, Root};
use crate::md;

impl Loader {
    pub fn new(root: Root, source_dir: PathBuf) -> Loader {
        Loader {
            root,
            source_dir,
            params: BTreeMap::new(),
            statuses: BTreeMap::new(),
            nearest_statuses: BTreeMap::new(),
            descriptions: Default::default(),
            first_reads: Vec::new(),
            prefetched: None,
        }
    }

    /// The loader, taking its parameters.yaml parses from `prefetched`
    /// when it can.
    pub(crate) fn with_prefetched(mut self, prefetched: Option<Prefetched>) -> Loader {
        self.prefetched = prefetched;
        self
    }

    /// Takes what `other`, a copy of this loader that read on, read that
    /// this one has not: its files, descriptions and first reads.
    pub(super) fn absorb(&mut self, other: Loader) {
        let Loader {
            params,
            statuses,
            nearest_statuses,
            descriptions,
            first_reads,
            ..
        } = other;
        for (file, parsed) in params {
            self.params.entry(file).or_insert(parsed);
        }
        for (file, parsed) in statuses {
            self.statuses.entry(file).or_insert(parsed);
        }
        for (dir, found) in nearest_statuses {
            self.nearest_statuses.entry(dir).or_insert(found);
        }
        for (file, by_key) in descriptions {
            let known = self.descriptions.entry(file).or_default();
            for (key, text) in by_key {
                known.entry(key).or_insert(text);
            }
        }
        let known: std::collections::HashSet<_> =
            self.first_reads.iter().map(|r| r.key.clone()).collect();
        self.first_reads
            .extend(first_reads.into_iter().filter(|r| !known.contains(&r.key)));
    }

    fn first_read(&mut self, key: (PathBuf, Option<String>), display: &Path, diagnosed: bool) {
        self.first_reads.push(FirstRead {
            key,
            display: display.to_path_buf(),
            diagnosed,
        });
    }

    /// Resolves a reference written in a document in `dir`.
    pub(super) fn resolve(
        &self,
        dir: &Path,
        reference: &str,
        what: &str,
        at: &Location,
    ) -> Result<Resolved, Diagnostic> {
        match reference.trim().strip_prefix('/') {
            Some(rel) => self.root.resolve(&self.source_dir, rel, what, at),
            None => self.root.resolve(dir, reference, what, at),
        }
    }

    /// Resolves a directive's file as Sphinx does (`env.relfn2path`):
    /// against the folder of the document being built (`document_dir`),
    /// `/x` against the source directory. A file found only beside the
    /// `.inc` that holds the directive (`file_dir`), where Sphinx would not
    /// look, is used with a warning rather than lost. Confinement is
    /// checked on whichever path is used.
    pub(super) fn resolve_in_document(
        &self,
        document_dir: &Path,
        file_dir: &Path,
        reference: &str,
        what: &str,
        at: &Location,
        diags: &mut Vec<Diagnostic>,
    ) -> Result<Resolved, Diagnostic> {
        let first = match self.resolve(document_dir, reference, what, at) {
            Ok(r) => return Ok(r),
            Err(e) => e,
        };
        let relative = !reference.trim().starts_with('/');
        if !relative || document_dir == file_dir || first.message.contains("outside the root") {
            return Err(first);
        }
        match self.resolve(file_dir, reference, what, at) {
            Ok(r) => {
                diags.push(
                    Diagnostic::warning(
                        at.clone(),
                        format!(
                            "{what} `{}` is not in `{}`, the folder of the document being built, where Sphinx looks; it is read from `{}`",
                            reference.trim(),
                            document_dir.display(),
                            file_dir.display()
                        ),
                    )
                    .with_hint("write the path relative to the document that includes this file (or as `/path` from the source directory)")
                    .with_code(speclift_diag::degraded::BESIDE_THE_INCLUDE),
                );
                Ok(r)
            }
            // Outside the root from here: that is the error to show.
            Err(e) if e.message.contains("outside the root") => Err(e),
            Err(_) => Err(first),
        }
    }

    /// A file that cannot be found is a warning, as in Sphinx and
    /// os-api-ref (which skip it); escaping the root stays an error.
    pub(crate) fn missing_is_a_warning(e: Diagnostic) -> Diagnostic {
        if e.message.starts_with("cannot open") {
            Diagnostic {
                severity: speclift_diag::Severity::Warning,
                message: format!("{}; it is skipped, as Sphinx skips it", e.message),
                ..e
            }
            .with_code(speclift_diag::degraded::MISSING_FILE)
        } else {
            e
        }
    }

    pub(super) fn param_file(
        &mut self,
        file: &Resolved,
        at: &Location,
        diags: &mut Vec<Diagnostic>,
    ) -> Arc<ParamFile> {
        let prefetched = &self.prefetched;
        let (parsed, first) = read_once(
            &mut self.params,
            &self.root,
            (file, "parameter file", at),
            diags,
            || {
                prefetched
                    .as_ref()?
                    .lock()
                    .ok()?
                    .remove(&(file.canonical.clone(), file.display.clone()))
            },
            ParamFile::parse,
            ParamFile::failed,
        );
        if let Some(diagnosed) = first {
            self.first_read((file.canonical.clone(), None), &file.display, diagnosed);
        }
        parsed
    }

    pub(super) fn status_file(
        &mut self,
        file: &Resolved,
        at: &Location,
        diags: &mut Vec<Diagnostic>,
    ) -> Arc<StatusFile> {
        let (parsed, first) = read_once(
            &mut self.statuses,
            &self.root,
            (file, "status file", at),
            diags,
            || None,
            StatusFile::parse,
            StatusFile::default,
        );
        if let Some(diagnosed) = first {
            self.first_read((file.canonical.clone(), None), &file.display, diagnosed);
        }
        parsed
    }

    /// The status.yaml that describes codes listed in prose in `dir`:
    /// `dir/status.yaml`, `dir/../status.yaml`, else the root's
    /// `api-ref/source/status.yaml`. Absence is normal (Nova has none).
    pub(super) fn nearest_status(
        &mut self,
        dir: &Path,
        at: &Location,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Arc<StatusFile>> {
        if let Some(found) = self.nearest_statuses.get(dir) {
            return found.clone();
        }
        let found = self.find_nearest_status(dir, at, diags);
        self.nearest_statuses
            .insert(dir.to_path_buf(), found.clone());
        found
    }

    fn find_nearest_status(
        &mut self,
        dir: &Path,
        at: &Location,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Arc<StatusFile>> {
        let root_default = self.root.path().join("api-ref/source");
        for (base, rel) in [
            (dir, "status.yaml"),
            (dir, "../status.yaml"),
            (root_default.as_path(), "status.yaml"),
        ] {
            let candidate = base.join(rel);
            let Ok(canonical) = self.root.canonicalize(&candidate) else {
                continue;
            };
            if !self.root.contains(&canonical) || !canonical.is_file() {
                continue;
            }
            let resolved = Resolved {
                display: speclift_rst::normalize_path(&candidate),
                canonical,
            };
            return Some(self.status_file(&resolved, at, diags));
        }
        None
    }

    pub(super) fn description(
        &mut self,
        file: &Path,
        def: &params::ParamDef,
        diags: &mut Vec<Diagnostic>,
    ) -> String {
        if let Some(d) = self
            .descriptions
            .get(file.as_os_str())
            .and_then(|by_key| by_key.get(def.key.as_str()))
        {
            return d.clone();
        }
        let (text, found) = md::rst_text(def.description_at.file.clone(), &def.description);
        let found_none = found.is_empty();
        // The renderer counts lines from the description's start.
        let base = def.description_at.line.saturating_sub(1);
        diags.extend(found.into_iter().map(|mut d| {
            if let Some(l) = d.location.as_mut() {
                l.line += base;
                if l.line == def.description_at.line {
                    l.column += def.description_at.column.saturating_sub(1);
                }
            }
            d
        }));
        self.first_read(
            (file.to_path_buf(), Some(def.key.clone())),
            &def.description_at.file,
            !found_none,
        );
        self.descriptions
            .entry(file.as_os_str().to_os_string())
            .or_default()
            .insert(def.key.clone(), text.clone());
        text
    }
}

/// Parses the parameters.yaml files `files` names (spelling, canonical
/// path), each on a thread of its own, while the documents are read; the
/// loaders take the parses once [`PrefetchedParams::join`]ed. A file that
/// cannot be read is left to the loader, which reports it where a document
/// names it.
pub(crate) fn prefetch_params(root: &Root, files: Vec<(PathBuf, PathBuf)>) -> PrefetchedParams {
    let threads = files
        .into_iter()
        .filter_map(|(display, canonical)| {
            let root = root.clone();
            std::thread::Builder::new()
                .name("speclift-params".into())
                .spawn(move || {
                    let at = Location::file_start(display.as_path());
                    let text = root.read(&canonical, "parameter file", &at).ok()?;
                    let spelled: std::sync::Arc<Path> = std::sync::Arc::from(display.as_path());
                    let parse = ParamFile::parse(&spelled, &text);
                    Some(((canonical, display), parse))
                })
                .ok()
        })
        .collect();
    PrefetchedParams(threads)
}

type Parse = ((PathBuf, PathBuf), (ParamFile, Vec<Diagnostic>));

/// The parses [`prefetch_params`] started.
pub(crate) struct PrefetchedParams(Vec<std::thread::JoinHandle<Option<Parse>>>);

impl PrefetchedParams {
    /// Waits for every parse; `None` when none was started.
    pub(crate) fn join(self) -> Option<Prefetched> {
        if self.0.is_empty() {
            return None;
        }
        let parsed = self
            .0
            .into_iter()
            .filter_map(|thread| thread.join().ok().flatten())
            .collect();
        Some(std::sync::Arc::new(std::sync::Mutex::new(parsed)))
    }
}
