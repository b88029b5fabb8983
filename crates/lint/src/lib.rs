//! `speclift lint`: documentation drift in os-api-ref trees, found before
//! it ships.
//!
//! [`lint_paths`] walks the inputs and runs every rule of the registry
//! ([`rules`], [`explain`]); findings are [`speclift_diag::Diagnostic`]s
//! carrying their rule's code. The renderers turn a [`Report`] into
//! rustc-style text, JSON, SARIF 2.1.0 (GitHub code scanning) or GitHub
//! workflow annotations.
//!
//! Modules by what they need: [`params_yaml`] only the parameters file;
//! [`page`] reads each RST page with the project's RST reader and the
//! model's os-api-ref syntax layer for `tables`, `samples`, `status` and
//! the RST rules; `drift` and the operation rules use the model
//! (`speclift_model::read_path`), whose own findings are passed on as
//! SL050 unless a more specific rule reported on the same line. `rules/`
//! is the table of codes, with one file per rule.
//!
//! Silencing: a file silences rules for itself with a comment line
//! containing `speclift-lint: ignore SL003, SL006` (`# …` in YAML, `.. …`
//! in RST); `.speclift.toml` silences them everywhere or per glob (see
//! [`config`]).

use std::collections::{BTreeMap, BTreeSet};

// Looked up by path and by (file, line): FxHash (SipHash hashed every
// component of every path).
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use speclift_diag::LineIndex;
use speclift_diag::{Diagnostic, Diagnostics, Location};

pub mod config;
mod drift;
pub mod page;
pub mod params_yaml;
mod render;
mod rules;
mod samples;
mod status;
mod tables;
mod tree;

pub use render::{RULES_PAGE, render_github, render_human, render_json, render_sarif, report_base};
pub use rules::{Rule, explain, rules};

/// The findings of one run and the text of every file read, for quoting.
#[derive(Debug, Default)]
pub struct Report {
    /// Sorted by file, line, column.
    pub diagnostics: Vec<Diagnostic>,
    /// Only looked up, never walked: hashed.
    sources: HashMap<PathBuf, Arc<str>>,
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

/// How a run is configured beyond `.speclift.toml`: the command line.
#[derive(Debug, Default, Clone)]
pub struct LintOptions {
    /// `--select` / `--ignore`.
    pub selection: config::Selection,
    /// `--config PATH`: this file instead of the discovered ones.
    pub config: Option<PathBuf>,
}

/// Lints every os-api-ref tree or file named in `inputs`. A directory is
/// walked whole; a file is linted with the files it references.
pub fn lint_paths(inputs: &[PathBuf]) -> Report {
    lint_paths_with(inputs, &LintOptions::default())
}

/// [`lint_paths`] with command-line options.
pub fn lint_paths_with(inputs: &[PathBuf], options: &LintOptions) -> Report {
    let mut files = tree::Files::default();
    let mut out = Vec::new();
    let mut param_paths = BTreeSet::new();
    let mut sample_files = Vec::new();

    let mut walked = Vec::new();
    for input in inputs {
        let input = tree::tidy(input);
        // The root `gen` uses for this input: one answer to "may this file
        // be read" for both.
        files.allow(&speclift_model::default_root(&input));
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
        let found: Vec<PathBuf> = found.iter().map(|p| tree::tidy(p)).collect();
        walked.push((input, root, found));
    }
    // The readable index pages, in the order the pages are read below: the
    // models are read from them while the pages are scanned.
    let index_pages: Vec<PathBuf> = walked
        .iter()
        .flat_map(|(_, _, found)| found)
        .filter(|p| is_page(p) && p.file_name().is_some_and(|n| n == "index.rst"))
        .filter(|p| files.read(p).is_some())
        .cloned()
        .collect();
    let entries = model_entries(inputs, &index_pages);

    // The model and the text rules read the same files: each from disk once.
    let reads = files.reads().clone();
    let (mut from_model, mut model_said) = std::thread::scope(|scope| {
        // The models of the entries are read and judged beside everything
        // the text rules need, which shares nothing with them.
        let models = scope.spawn(|| {
            let opts = speclift_model::ReadOptions {
                reads: Some(reads.clone()),
                ..Default::default()
            };
            entries
                .par_iter()
                .flat_map_iter(|entry| judge_models(entry, &opts))
                .collect::<Vec<_>>()
        });
        // Read in order through the one gate and cache, then scanned on
        // all cores: scanning a page needs nothing but its own text.
        let mut page_texts = Vec::new();
        for (input, root, found) in &walked {
            for path in found {
                if is_page(path) {
                    if let Some(text) = files.read(path) {
                        page_texts.push((path, text, tree::source_root(path, root)));
                    }
                } else if is_param_file(path) {
                    param_paths.insert(path.clone());
                } else if input.is_dir() && samples::is_sample_file(path) {
                    sample_files.push(path.clone());
                }
            }
        }
        let pages: Vec<(page::Page, PathBuf)> = page_texts
            .into_par_iter()
            .map(|(path, text, source_root)| {
                (page::scan(Arc::from(path.as_path()), &text), source_root)
            })
            .collect();
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
        let param_texts: Vec<(PathBuf, Arc<str>)> = std::mem::take(&mut param_paths)
            .into_iter()
            .filter_map(|path| files.read(&path).map(|text| (path, text)))
            .collect();
        // Scanned and checked on all cores, merged in path order.
        let scanned: Vec<_> = param_texts
            .into_par_iter()
            .map(|(path, text)| {
                let file = params_yaml::scan(Arc::from(path.as_path()), &text);
                let found = params_yaml::check(&file);
                (path, file, found)
            })
            .collect();
        let mut params = BTreeMap::new();
        for (path, file, found) in scanned {
            out.extend(found);
            params.insert(path, file);
        }
        text_rules(&pages, &params, &sample_files, &mut files, &mut out);
        let judged = models
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        let (mut from_model, mut model_said) = (Vec::new(), Vec::new());
        lone_models(judged, &entries, &pages, &mut from_model, &mut model_said);
        (from_model, model_said)
    });
    let mut lines = HashMap::default();
    for d in from_model.iter_mut().chain(model_said.iter_mut()) {
        point_at_argument(d, &mut files, &mut lines);
    }
    out.append(&mut from_model);
    pass_through(model_said, &mut out);

    for (path, why) in files.refused() {
        out.push(
            Diagnostic::error(
                Location::file_start(path.as_path()),
                format!("`{}` is {why}", path.display()),
            )
            .with_hint("reference only regular files inside the documentation tree")
            .with_code(rules::INCLUDE_PROBLEM),
        );
    }

    let (configs, mut config_findings) = config::for_inputs(inputs, options.config.as_deref());
    let mut out = config::apply(
        &configs,
        &options.selection,
        false,
        silence(out, &mut files),
    );
    out.append(&mut config_findings);
    Report {
        diagnostics: Diagnostics::from(out).into_sorted(),
        sources: files.into_sources(),
    }
}

/// The rules on the text of pages, parameters files and samples. The
/// model-based rules run beside these (in [`lint_paths`]) since they share
/// nothing but the pages.
fn text_rules(
    pages: &[(page::Page, PathBuf)],
    params: &BTreeMap<PathBuf, params_yaml::ParamFile>,
    sample_files: &[PathBuf],
    files: &mut tree::Files,
    out: &mut Vec<Diagnostic>,
) {
    let reads = files.reads().clone();
    let mut included = samples::Included::default();
    let mut status_files = BTreeMap::new();
    let mut tables = tables::Tables {
        params,
        root: Path::new(""),
        used: Default::default(),
        out: Vec::new(),
    };
    // Following the includes re-reads the pages that have them: done on
    // the other core, beside the page rules, its findings then placed
    // where they were always placed.
    let (include_findings, ()) = rayon::join(
        || {
            let mut found = Vec::new();
            rules::include_problem::check(pages, &reads, &mut found);
            found
        },
        || {
            for (page, root) in pages {
                tables.root = root;
                tables.check_page(page);
                samples::check_includes(page, root, files, &mut included, out);
                status::check_page(page, root, files, &mut status_files, out);
                rules::unknown_directive::check(page, out);
                rules::rst_markup::check(page, out);
            }
        },
    );
    out.extend(include_findings);
    rules::broken_internal_link::check(pages, out);
    tables.check_unused();
    out.append(&mut tables.out);
    rules::unreferenced_sample::check(sample_files, &included, out);
}

/// Where the model-based rules read the APIs: the outermost `index.rst`
/// (of `index_pages`, the readable ones) of every input, or the input file.
fn model_entries(inputs: &[PathBuf], index_pages: &[PathBuf]) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = Vec::new();
    for input in inputs.iter().map(|i| tree::tidy(i)) {
        if input.is_file() {
            entries.push(input);
            continue;
        }
        let mut indexes: Vec<&PathBuf> = index_pages
            .iter()
            .filter(|p| p.starts_with(&input))
            .collect();
        indexes.sort_by_key(|p| p.components().count());
        for index in indexes {
            let dir = index.parent().unwrap_or(Path::new(""));
            if !entries.iter().any(|e| dir.starts_with(e)) {
                entries.push(dir.to_path_buf());
            }
        }
    }
    entries
}

/// The model-based rules' findings: those of the entries (`judged`), then
/// of every page with operations that no entry reached (a lone `.inc`),
/// each API read once. `out` gets the rules' findings, `said` the model's
/// own.
fn lone_models(
    judged: Vec<Judged>,
    entries: &[PathBuf],
    pages: &[(page::Page, PathBuf)],
    out: &mut Vec<Diagnostic>,
    said: &mut Vec<Diagnostic>,
) {
    let opts = speclift_model::ReadOptions::default();
    // Only asked whether it holds a file: hashed (see samples::Included).
    let mut reached = samples::Included::default();
    let mut merge = |found: Vec<Judged>, reached: &mut samples::Included| {
        for judged in found {
            reached.extend(judged.reached);
            out.extend(judged.out);
            said.extend(judged.said);
        }
    };
    merge(judged, &mut reached);
    for (page, _) in pages {
        let path = tree::tidy(&page.path);
        let covered = entries.iter().any(|e| e == &path) || reached.contains(&path);
        if !page.methods.is_empty() && !covered {
            merge(judge_models(&path, &opts), &mut reached);
        }
    }
}

/// What one API (or an input's own diagnostics) gives the model-based rules.
#[derive(Default)]
struct Judged {
    /// The files its operations come from.
    reached: Vec<PathBuf>,
    out: Vec<Diagnostic>,
    said: Vec<Diagnostic>,
}

/// Reads the APIs of `entry` and judges each as soon as it is read, on
/// all cores, in order.
fn judge_models(entry: &Path, opts: &speclift_model::ReadOptions) -> Vec<Judged> {
    let (judged, global) = speclift_model::read_path_each(entry, opts, &judge);
    // "No API operations found here" is about a tree (an empty
    // index.rst), as gen says it; a file linted on its own (a
    // parameters.yaml, a prose page) may well document none.
    let whole_tree = entry.is_dir();
    let first = Judged {
        said: global
            .into_iter()
            .filter(|d| whole_tree || d.rule() != Some(speclift_diag::Rule::NoOperations))
            .collect(),
        ..Judged::default()
    };
    std::iter::once(first).chain(judged).collect()
}

/// What the model-based rules, and gen's emitter, find in one API.
fn judge(loaded: speclift_model::LoadedApi) -> Judged {
    let mut judged = Judged {
        reached: loaded
            .api
            .operations
            .iter()
            .map(|op| tree::tidy(&op.location.file))
            .collect(),
        ..Judged::default()
    };
    drift::check(&loaded.api, &mut judged.out);
    rules::check_operations(&loaded.api, &mut judged.out);
    // What gen's emitter judges (schema inference), so lint never says
    // less than gen.
    let emitted = speclift_openapi::diagnostics(&loaded.api);
    judged.said = loaded.diagnostics;
    judged.said.extend(emitted);
    judged
}

/// The findings of gen's reader and emitter, with their own codes (an
/// uncoded one as SL050), so lint reports everything gen does at the same
/// severity. A lint rule's finding on the same line with the same code is
/// the same judgment said twice: one of them is kept; an uncoded finding is
/// dropped where a lint rule already reported on its line. Repeats (a file
/// read by two APIs) are reported once.
fn pass_through(said: Vec<Diagnostic>, out: &mut Vec<Diagnostic>) {
    // Files are compared tidied (`a/../b` is `b`): each `Arc` of one
    // tidied once, and known by a number after, since a thousand findings
    // name a few dozen files.
    let (mut tidied, mut ids) = (HashMap::default(), HashMap::default());
    for loc in out.iter().chain(&said).filter_map(|d| d.location.as_ref()) {
        ids.entry(ByArc(loc.file.clone())).or_insert_with(|| {
            let next = tidied.len();
            *tidied.entry(tree::tidy(&loc.file)).or_insert(next)
        });
    }
    let file = |loc: &Location| {
        ids.get(&ByArc(loc.file.clone()))
            .copied()
            .unwrap_or_default()
    };
    let lines: HashSet<(usize, u32)> = out
        .iter()
        .filter_map(|d| d.location.as_ref())
        .map(|l| (file(l), l.line))
        .collect();
    let mut seen = HashSet::default();
    let mut kept = Vec::new();
    for d in said {
        let Some(loc) = &d.location else {
            continue;
        };
        let at = file(loc);
        if !seen.insert((at, loc.line, loc.column, d.message.clone())) {
            continue;
        }
        if d.code.is_none() {
            if !lines.contains(&(at, loc.line)) {
                kept.push(d.with_code(rules::DOCUMENTATION_ERROR));
            }
            continue;
        }
        kept.push(d);
    }
    // The same judgment said twice: lint's own words (usually a sharper
    // hint) when they agree on the severity, else gen's.
    let key = |d: &Diagnostic| {
        let loc = d.location.as_ref()?;
        Some((file(loc), loc.line, d.code?, d.severity))
    };
    let lint_said: HashSet<_> = out.iter().filter_map(key).collect();
    kept.retain(|d| key(d).is_none_or(|k| !lint_said.contains(&k)));
    let gen_said: HashSet<_> = kept
        .iter()
        .filter_map(|d| key(d).map(|(file, line, code, _)| (file, line, code)))
        .collect();
    out.retain(|d| {
        key(d).is_none_or(|(file, line, code, _)| !gen_said.contains(&(file, line, code)))
    });
    out.append(&mut kept);
}

/// The model locates a directive at its start; the caret is more useful
/// under its argument (the sample file name).
/// `lines` keeps each file's text with its line index: the model's findings
/// are hundreds, in a few long files.
fn point_at_argument(
    d: &mut Diagnostic,
    files: &mut tree::Files,
    lines: &mut HashMap<Arc<Path>, Option<(Arc<str>, LineIndex)>>,
) {
    let Some(loc) = d.location.as_mut() else {
        return;
    };
    let indexed = lines.entry(loc.file.clone()).or_insert_with(|| {
        let text = files.read(&loc.file)?;
        let index = LineIndex::new(&text);
        Some((text, index))
    });
    let Some((text, index)) = indexed else {
        return;
    };
    let Some(line) = index.line(text, loc.line.max(1)) else {
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

/// A finding's file as a map key by its allocation. Hashing a `Path`
/// walks it byte by byte around its separators (some 800 instructions
/// for a corpus path), for each finding and lookup; an address hashes in
/// a few. The key holds its `Arc`, so no other file can take its address
/// while the key lives.
struct ByArc(Arc<Path>);

impl std::hash::Hash for ByArc {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        Arc::as_ptr(&self.0).cast::<u8>().hash(state);
    }
}

impl PartialEq for ByArc {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for ByArc {}

/// Drops findings their file silenced with `speclift-lint: ignore CODE…`.
fn silence(diagnostics: Vec<Diagnostic>, files: &mut tree::Files) -> Vec<Diagnostic> {
    // By the finding's `Arc` of its file: two of one file just read it
    // twice from `files`' cache.
    let mut ignored: HashMap<ByArc, BTreeSet<String>> = HashMap::default();
    diagnostics
        .into_iter()
        .filter(|d| {
            let (Some(code), Some(loc)) = (d.code, &d.location) else {
                return true;
            };
            let codes = ignored.entry(ByArc(loc.file.clone())).or_insert_with(|| {
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
    // Most files silence nothing: one substring search over the whole text
    // is far cheaper than splitting every line of every file with findings.
    if !text.contains(SILENCER) {
        return BTreeSet::new();
    }
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

    /// A small os-api-ref tree in a fresh temporary folder.
    fn tree(name: &str) -> PathBuf {
        let root =
            std::env::temp_dir().join(format!("speclift-lint-{name}-{}", std::process::id()));
        let src = root.join("api-ref/source");
        std::fs::create_dir_all(&src).expect("temp dir");
        let files = [
            (
                "index.rst",
                "=========\n Thing API\n=========\n\n.. include:: things.inc\n",
            ),
            (
                "things.inc",
                "Things\n======\n\nCreate thing\n~~~~~~~~~~~~\n\n\
                 .. rest_method:: POST /v3/things\n   max_version: 3.10\n\n\
                 Response codes\n--------------\n\n\
                 .. rest_status_code:: success status.yaml\n\n   - 202\n\n\
                 Request\n-------\n\n.. rest_parameters:: parameters.yaml\n\n   - name: name\n\n\
                 Response Parameters\n-------------------\n\n\
                 .. rest_parameters:: parameters.yaml\n\n   - name: name\n   - new_field: new_field\n",
            ),
            (
                "parameters.yaml",
                "name:\n  in: body\n  required: true\n  type: string\n  description: The name.\n\
                 new_field:\n  in: body\n  requred: true\n  type: string\n  description: New.\n  min_version: 3.20\n",
            ),
            ("status.yaml", "202:\n  default: Accepted.\n"),
        ];
        for (file, text) in files {
            std::fs::write(src.join(file), text).expect("write");
        }
        root
    }

    fn found(report: &Report) -> Vec<(&'static str, String, u32)> {
        report
            .diagnostics
            .iter()
            .filter_map(|d| {
                let at = d.location.as_ref()?;
                let file = at.file.file_name()?.to_string_lossy().into_owned();
                Some((d.code.unwrap_or(""), file, at.line))
            })
            .collect()
    }

    #[test]
    fn model_rules_and_model_findings() {
        let root = tree("model");
        let report = lint_paths(&[root.join("api-ref/source")]);
        let found = found(&report);
        // min_version 3.20 of `new_field` after the operation's 3.10; a
        // response table without a sample; the model's "unknown field",
        // with gen's own code.
        assert!(
            found.contains(&("SL016", "things.inc".into(), 30)),
            "{found:?}"
        );
        assert!(
            found.contains(&("SL032", "things.inc".into(), 15)),
            "{found:?}"
        );
        assert!(
            found.contains(&("SL008", "parameters.yaml".into(), 8)),
            "{found:?}"
        );
        assert!(report.diagnostics.iter().all(|d| d.hint.is_some()));
        let _ = std::fs::remove_dir_all(root);
    }

    #[test]
    fn operation_without_the_version_all_its_body_has() {
        let root = tree("unstated");
        let src = root.join("api-ref/source");
        let inc = std::fs::read_to_string(src.join("things.inc")).expect("read");
        std::fs::write(
            src.join("things.inc"),
            inc.replace("   max_version: 3.10\n", ""),
        )
        .expect("write");
        let yaml = std::fs::read_to_string(src.join("parameters.yaml")).expect("read");
        let both_versioned = yaml.replace(
            "description: The name.\n",
            "description: The name.\n  min_version: 3.27\n",
        );
        std::fs::write(src.join("parameters.yaml"), &both_versioned).expect("write");
        let report = lint_paths(std::slice::from_ref(&src));
        let sl017: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|d| d.code == Some("SL017"))
            .collect();
        assert_eq!(sl017.len(), 1, "{:?}", report.diagnostics);
        let at = sl017[0].location.as_ref().expect("located");
        assert_eq!(at.line, 7);
        // The lowest of the parameters' versions is the one to add.
        assert!(
            sl017[0].message.contains("starts at 3.20"),
            "{}",
            sl017[0].message
        );
        assert!(
            sl017[0]
                .hint
                .as_deref()
                .is_some_and(|h| h.contains("min_version: 3.20"))
        );
        // One unversioned body parameter: the operation may well be older.
        std::fs::write(src.join("parameters.yaml"), yaml).expect("write");
        let report = lint_paths(&[src]);
        assert!(report.diagnostics.iter().all(|d| d.code != Some("SL017")));
        let _ = std::fs::remove_dir_all(root);
    }

    #[test]
    fn config_silences_everywhere_and_per_glob() {
        let root = tree("config");
        std::fs::write(
            root.join(config::FILE_NAME),
            "[lint]\nignore = [\"SL032\"]\n[lint.per-file-ignores]\n\"api-ref/**/parameters.yaml\" = [\"SL008\"]\n",
        )
        .expect("write");
        let report = lint_paths(&[root.join("api-ref/source")]);
        let codes: Vec<_> = found(&report).into_iter().map(|(c, _, _)| c).collect();
        assert!(codes.contains(&"SL016"), "{codes:?}");
        assert!(
            !codes.contains(&"SL032") && !codes.contains(&"SL008"),
            "{codes:?}"
        );

        std::fs::write(root.join(config::FILE_NAME), "[lint]\nignore = \"SL032\"\n")
            .expect("write");
        let report = lint_paths(&[root.join("api-ref/source")]);
        let codes: Vec<_> = found(&report).into_iter().map(|(c, _, _)| c).collect();
        assert!(
            codes.contains(&"SL060") && codes.contains(&"SL032"),
            "{codes:?}"
        );
        let _ = std::fs::remove_dir_all(root);
    }

    /// An empty index makes a tree without operations (SL046, as gen
    /// says); a file linted on its own is not a tree and may document none.
    #[test]
    fn no_operations_is_said_of_trees_only() {
        let root = tree("no-operations");
        let src = root.join("api-ref/source");
        let codes = |report: &Report| {
            found(report)
                .into_iter()
                .map(|(c, ..)| c)
                .collect::<Vec<_>>()
        };
        assert!(!codes(&lint_paths(&[src.join("parameters.yaml")])).contains(&"SL046"));
        std::fs::write(src.join("index.rst"), "").expect("write");
        assert!(codes(&lint_paths(std::slice::from_ref(&src))).contains(&"SL046"));
        assert!(!codes(&lint_paths(&[src.join("index.rst")])).contains(&"SL046"));
        let _ = std::fs::remove_dir_all(root);
    }

    #[test]
    fn silencer_lists_codes() {
        let codes = ignored_codes("# speclift-lint: ignore SL003, sl006\nx: 1\n");
        assert_eq!(codes.into_iter().collect::<Vec<_>>(), ["SL003", "SL006"]);
        // Without the exact marker nothing is silenced.
        assert!(ignored_codes("# speclift-lint ignore SL003\nx: 1\n").is_empty());
    }
}
