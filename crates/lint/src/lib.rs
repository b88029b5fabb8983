//! `speclift lint`: documentation drift in os-api-ref trees, found before
//! it ships.
//!
//! [`lint_paths`] walks the inputs and runs every rule of the registry
//! ([`rules`], [`explain`]); findings are [`speclift_diag::Diagnostic`]s
//! carrying their rule's code. The renderers turn a [`Report`] into
//! rustc-style text, JSON, SARIF 2.1.0 (GitHub code scanning) or GitHub
//! workflow annotations.
//!
//! Modules by what they need: [`params_yaml`] only the parameters file,
//! [`page`]/`tables`/`samples` the RST pages scanned line by line, and
//! `drift` the model (`speclift_model::read_path`) for sample ↔ table
//! checks.
//!
//! A file silences rules for itself with a comment line containing
//! `speclift-lint: ignore SL003, SL006` (`# …` in YAML, `.. …` in RST).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use speclift_diag::{Diagnostic, Diagnostics, Location};

mod drift;
pub mod page;
pub mod params_yaml;
mod render;
mod rules;
mod samples;
mod suggest;
mod tables;
mod tree;

pub use render::{render_github, render_human, render_json, render_sarif};
pub use rules::{Rule, explain, rules};
pub use suggest::{closest, distance};

/// The findings of one run and the text of every file read, for quoting.
#[derive(Debug, Default)]
pub struct Report {
    /// Sorted by file, line, column.
    pub diagnostics: Vec<Diagnostic>,
    sources: BTreeMap<PathBuf, Arc<str>>,
}

impl Report {
    /// The text of `file` as linted, when it was read.
    pub fn source(&self, file: &Path) -> Option<&str> {
        self.sources.get(&tree::tidy(file)).map(|s| &**s)
    }

    /// Number of findings per rule code, for summaries and pinned tests.
    pub fn counts(&self) -> BTreeMap<&'static str, usize> {
        let mut counts = BTreeMap::new();
        for code in self.diagnostics.iter().filter_map(|d| d.code) {
            *counts.entry(code).or_insert(0) += 1;
        }
        counts
    }

    /// Keeps only the findings `keep` accepts (for `--ignore`/`--select`).
    pub fn retain(&mut self, keep: impl FnMut(&Diagnostic) -> bool) {
        self.diagnostics.retain(keep);
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

fn is_page(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "rst" || e == "inc")
}

fn is_param_file(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == "parameters.yaml")
}

/// Lints every os-api-ref tree or file named in `inputs`. A directory is
/// walked whole; a file is linted with the files it references.
pub fn lint_paths(inputs: &[PathBuf]) -> Report {
    let mut files = tree::Files::default();
    let mut out = Vec::new();
    let mut pages = Vec::new();
    let mut param_paths = BTreeSet::new();
    let mut sample_files = Vec::new();

    for input in inputs {
        let input = tree::tidy(input);
        let (root, found) = if input.is_dir() {
            let mut found = Vec::new();
            tree::walk(&input, &mut found);
            (input.clone(), found)
        } else if input.is_file() {
            let root = input.parent().map_or_else(PathBuf::new, Path::to_path_buf);
            (root, vec![input.clone()])
        } else {
            out.push(
                Diagnostic::error(
                    Location::file_start(input.as_path()),
                    format!("`{}` not found", input.display()),
                )
                .with_hint("pass an api-ref source directory or a file in one"),
            );
            continue;
        };
        for path in found {
            let path = tree::tidy(&path);
            if is_page(&path) {
                if let Some(text) = files.read(&path) {
                    let source_root = tree::source_root(&path, &root);
                    pages.push((page::scan(Arc::from(path.as_path()), &text), source_root));
                }
            } else if is_param_file(&path) {
                param_paths.insert(path);
            } else if input.is_dir() && samples::is_sample_file(&path) {
                sample_files.push(path);
            }
        }
    }

    // Parameters files: those found plus those the tables name.
    for (page, root) in &pages {
        let tables = page
            .loose_tables
            .iter()
            .chain(page.methods.iter().flat_map(|m| &m.tables));
        for t in tables {
            param_paths.insert(tree::referenced(&page.path, &t.file, root));
        }
    }
    let mut params = BTreeMap::new();
    for path in param_paths {
        if let Some(text) = files.read(&path) {
            let file = params_yaml::scan(Arc::from(path.as_path()), &text);
            out.extend(params_yaml::check(&file));
            params.insert(path, file);
        }
    }

    let mut included = BTreeSet::new();
    let mut tables = tables::Tables {
        params: &params,
        root: Path::new(""),
        used: Default::default(),
        out: Vec::new(),
    };
    for (page, root) in &pages {
        tables.root = root;
        tables.check_page(page);
        included.extend(samples::check_includes(page, root, &mut files, &mut out));
    }
    tables.check_unused();
    out.append(&mut tables.out);
    samples::check_unreferenced(&sample_files, &included, &mut out);

    let mut from_model = Vec::new();
    read_models(inputs, &pages, &mut from_model);
    for d in &mut from_model {
        point_at_argument(d, &mut files);
    }
    out.append(&mut from_model);

    let out = silence(out, &mut files);
    Report {
        diagnostics: Diagnostics::from(out).into_sorted(),
        sources: files.into_sources(),
    }
}

/// Runs the model-based rules: reads each API once, from the outermost
/// `index.rst` of every input, then every page with operations that no
/// index reached (a lone `.inc`).
fn read_models(inputs: &[PathBuf], pages: &[(page::Page, PathBuf)], out: &mut Vec<Diagnostic>) {
    let opts = speclift_model::ReadOptions::default();
    let mut entries: Vec<PathBuf> = Vec::new();
    for input in inputs.iter().map(|i| tree::tidy(i)) {
        if input.is_file() {
            entries.push(input);
            continue;
        }
        let mut indexes: Vec<PathBuf> = pages
            .iter()
            .map(|(p, _)| p.path.to_path_buf())
            .filter(|p| p.starts_with(&input) && p.file_name().is_some_and(|n| n == "index.rst"))
            .collect();
        indexes.sort_by_key(|p| p.components().count());
        for index in indexes {
            let dir = index.parent().unwrap_or(Path::new(""));
            if !entries.iter().any(|e| dir.starts_with(e)) {
                entries.push(dir.to_path_buf());
            }
        }
    }
    let mut reached = BTreeSet::new();
    let read = |entry: &Path, reached: &mut BTreeSet<PathBuf>, out: &mut Vec<Diagnostic>| {
        let (apis, _) = speclift_model::read_path(entry, &opts);
        for loaded in &apis {
            for op in &loaded.api.operations {
                reached.insert(tree::tidy(&op.location.file));
            }
            drift::check(&loaded.api, out);
        }
    };
    for entry in &entries {
        read(entry, &mut reached, out);
    }
    for (page, _) in pages {
        let path = tree::tidy(&page.path);
        let covered = entries.iter().any(|e| e == &path) || reached.contains(&path);
        if !page.methods.is_empty() && !covered {
            read(&path, &mut reached, out);
        }
    }
}

/// The model locates a directive at its start; the caret is more useful
/// under its argument (the sample file name).
fn point_at_argument(d: &mut Diagnostic, files: &mut tree::Files) {
    let Some(loc) = d.location.as_mut() else {
        return;
    };
    let Some(text) = files.read(&loc.file) else {
        return;
    };
    let Some(line) = text.lines().nth(loc.line.saturating_sub(1) as usize) else {
        return;
    };
    if let Some(i) = line.find(":: ") {
        let rest = &line[i + 2..];
        let arg = i + 2 + (rest.len() - rest.trim_start().len());
        if arg < line.len() {
            loc.column = u32::try_from(line[..arg].chars().count() + 1).unwrap_or(loc.column);
        }
    }
}

/// Drops findings their file silenced with `speclift-lint: ignore CODE…`.
fn silence(diagnostics: Vec<Diagnostic>, files: &mut tree::Files) -> Vec<Diagnostic> {
    let mut ignored: BTreeMap<PathBuf, BTreeSet<String>> = BTreeMap::new();
    diagnostics
        .into_iter()
        .filter(|d| {
            let (Some(code), Some(loc)) = (d.code, &d.location) else {
                return true;
            };
            let codes = ignored.entry(tree::tidy(&loc.file)).or_insert_with(|| {
                files
                    .read(&loc.file)
                    .map(|text| ignored_codes(&text))
                    .unwrap_or_default()
            });
            !codes.contains(code)
        })
        .collect()
}

const SILENCER: &str = "speclift-lint: ignore";

fn ignored_codes(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter_map(|l| l.split_once(SILENCER).map(|(_, rest)| rest))
        .flat_map(|rest| {
            rest.split(|c: char| c == ',' || c.is_whitespace())
                .filter(|w| !w.is_empty())
                .map(str::to_ascii_uppercase)
                .collect::<Vec<_>>()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn silencer_lists_codes() {
        let codes = ignored_codes("# speclift-lint: ignore SL003, sl006\nx: 1\n");
        assert_eq!(codes.into_iter().collect::<Vec<_>>(), ["SL003", "SL006"]);
    }
}
