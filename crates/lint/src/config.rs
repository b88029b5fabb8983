//! `.speclift.toml`: rules silenced everywhere or per file.
//!
//! ```toml
//! [lint]
//! select = ["ALL"]                    # ruff semantics: codes, prefixes (`SL0`), `ALL`
//! ignore = ["SL006"]                  # in every file
//! [lint.severity]
//! SL070 = "error"                     # promote (or demote) a rule
//! [lint.per-file-ignores]
//! [lint.per-file-ignores]
//! "v3/parameters.yaml" = ["SL003"]    # glob relative to this file
//! "**/samples/*.json" = ["SL024"]
//! ```
//!
//! The file is looked for in each input's directory (a file input: its
//! folder) and then upwards, stopping after the repository root (the first
//! folder holding `.git`). A finding obeys the nearest config above its
//! file. Globs match the path relative to the config's folder with `/`
//! separators: `*` and `?` within one component, `**` across any number
//! of them; a glob without `/` matches the file name in any folder; a glob
//! naming a folder covers everything below it. Other tables than `[lint]`
//! are left to other tools; unknown keys inside `[lint]` and unknown codes
//! are reported (SL060), as is a file that is not TOML.
//!
//! The per-file comment `speclift-lint: ignore SL003` keeps working too.
//!
//! The same configuration applies to `speclift gen` (see [`Selection`]),
//! except that gen never silences nor demotes an error: an error means the
//! API cannot be written, whatever the configuration says.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use speclift_diag::{Diagnostic, Location, Rule, Severity};

use crate::rules::INVALID_CONFIG;
use crate::tree::relative;

pub const FILE_NAME: &str = ".speclift.toml";

#[derive(Debug, Default, Deserialize)]
struct Raw {
    #[serde(default)]
    lint: RawLint,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawLint {
    #[serde(default)]
    select: Option<Vec<toml::Spanned<String>>>,
    #[serde(default)]
    ignore: Vec<toml::Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<toml::Spanned<String>, toml::Spanned<String>>,
    #[serde(default)]
    per_file_ignores: BTreeMap<String, Vec<toml::Spanned<String>>>,
}

/// One `.speclift.toml`, read.
#[derive(Debug, Default)]
pub struct Config {
    /// The folder holding the file (canonical).
    pub dir: PathBuf,
    /// Rule selectors (codes, prefixes, `ALL`); `None` keeps every rule.
    pub select: Option<Vec<String>>,
    /// Selectors of rules silenced everywhere.
    pub ignore: BTreeSet<String>,
    /// Severity per selector (the longest matching selector wins).
    pub severity: BTreeMap<String, Severity>,
    /// (glob, codes), in file order.
    pub per_file: Vec<(String, BTreeSet<String>)>,
}

impl Config {
    /// Parses the text of `path`; problems are findings, and whatever was
    /// valid still applies.
    pub fn parse(path: &Path, dir: PathBuf, text: &str) -> (Config, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let at = |offset: usize| {
            let before = text.get(..offset).unwrap_or(text);
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            Location::new(
                path,
                u32::try_from(line).unwrap_or(u32::MAX),
                u32::try_from(column).unwrap_or(u32::MAX),
            )
        };
        let raw: Raw = match toml::from_str(text) {
            Ok(raw) => raw,
            Err(e) => {
                let offset = e.span().map_or(0, |s| s.start);
                diags.push(
                    Diagnostic::error(
                        at(offset),
                        format!("invalid {FILE_NAME}: {}", e.message().trim()),
                    )
                    .with_code(INVALID_CONFIG)
                    .with_hint("write `[lint]` with `ignore = [\"SL006\"]` and `[lint.per-file-ignores]` with `\"glob\" = [\"SL003\"]`"),
                );
                return (
                    Config {
                        dir,
                        ..Config::default()
                    },
                    diags,
                );
            }
        };
        let mut codes = |list: Vec<toml::Spanned<String>>| -> BTreeSet<String> {
            let mut out = BTreeSet::new();
            for code in list {
                let span = code.span();
                match selector(code.get_ref()) {
                    Some(selector) => {
                        out.insert(selector);
                    }
                    None => diags.push(
                        Diagnostic::error(
                            at(span.start + 1),
                            format!("`{}` is not a rule code, code prefix or `ALL`", code.get_ref()),
                        )
                        .with_code(INVALID_CONFIG)
                        .with_hint("use a code such as SL006; `speclift lint --explain CODE` describes one"),
                    ),
                }
            }
            out
        };
        let select = raw
            .lint
            .select
            .map(|list| codes(list).into_iter().collect());
        let ignore = codes(raw.lint.ignore);
        let mut severity = BTreeMap::new();
        let mut levels = Vec::new();
        for (code, level) in raw.lint.severity {
            if let Some(sel) = codes(vec![code]).into_iter().next() {
                levels.push((sel, level));
            }
        }
        let mut bad_levels = Vec::new();
        for (sel, level) in levels {
            match level.get_ref().as_str() {
                "error" => {
                    severity.insert(sel, Severity::Error);
                }
                "warning" => {
                    severity.insert(sel, Severity::Warning);
                }
                other => bad_levels.push(
                    Diagnostic::error(
                        at(level.span().start + 1),
                        format!("`{other}` is not a severity"),
                    )
                    .with_code(INVALID_CONFIG)
                    .with_hint("write \"error\" or \"warning\""),
                ),
            }
        }
        let per_file = raw
            .lint
            .per_file_ignores
            .into_iter()
            .map(|(glob, list)| (glob, codes(list)))
            .collect();
        diags.append(&mut bad_levels);
        (
            Config {
                dir,
                select,
                ignore,
                severity,
                per_file,
            },
            diags,
        )
    }

    /// Whether `code` is silenced for `rel`, the file's path relative to
    /// the config's folder with `/` separators.
    pub fn silences(&self, rel: &str, code: &str) -> bool {
        !Selection::layer_keeps(self.select.as_deref(), &self.ignore, code, true)
            || self
                .per_file
                .iter()
                .any(|(glob, codes)| codes.iter().any(|s| matches(s, code)) && covers(glob, rel))
    }

    /// The configured severity of `code`, when a `[lint.severity]` selector matches it.
    pub fn severity_of(&self, code: &str) -> Option<Severity> {
        self.severity
            .iter()
            .filter(|(sel, _)| matches(sel, code))
            .max_by_key(|(sel, _)| specificity(sel))
            .map(|(_, s)| *s)
    }
}

/// A selector as written in configuration or on the command line: a code
/// (`SL012`), a prefix of codes (`SL0`, `SD`), or `ALL`. Upper-cased; `None`
/// when it selects no registered rule.
pub fn selector(text: &str) -> Option<String> {
    let text = text.trim().to_ascii_uppercase();
    let any = text == "ALL" || Rule::ALL.iter().any(|r| r.code().starts_with(&text));
    (any && !text.is_empty()).then_some(text)
}

fn matches(selector: &str, code: &str) -> bool {
    selector == "ALL" || code.starts_with(selector)
}

/// `ALL` is the least specific selector; a longer prefix is more specific.
fn specificity(selector: &str) -> usize {
    if selector == "ALL" { 0 } else { selector.len() }
}

/// Which rules a run reports and at what severity: the configuration
/// files' `select`/`ignore`/`severity`, then the command line's
/// `--select`/`--ignore` over them, with ruff's semantics: within one
/// layer the most specific matching selector decides (`--select SL0
/// --ignore SL01` keeps SL001–SL009 and SL020–SL099, drops SL010–SL019;
/// `--select SL012 --ignore SL0` keeps SL012), and a layer with `select`
/// turns off everything it does not select.
#[derive(Debug, Default, Clone)]
pub struct Selection {
    /// `--select`: replaces the configuration's `select` when given.
    pub select: Option<Vec<String>>,
    /// `--ignore`: applied after the configuration.
    pub ignore: Vec<String>,
}

impl Selection {
    /// Parses the command line's comma-separated selectors; an unknown
    /// selector is an error message for a usage error.
    pub fn from_args(select: &[String], ignore: &[String]) -> Result<Selection, String> {
        let parse = |list: &[String]| -> Result<Vec<String>, String> {
            list.iter()
                .flat_map(|s| s.split(','))
                .filter(|s| !s.trim().is_empty())
                .map(|s| {
                    selector(s).ok_or_else(|| {
                        format!("`{}` is not a rule code, code prefix or `ALL`; `speclift rules` lists them", s.trim())
                    })
                })
                .collect()
        };
        Ok(Selection {
            select: if select.is_empty() {
                None
            } else {
                Some(parse(select)?)
            },
            ignore: parse(ignore)?,
        })
    }

    /// Whether one layer (`select`, `ignore`) keeps `code`, given whether
    /// the layers before kept it.
    fn layer_keeps(
        select: Option<&[String]>,
        ignore: &BTreeSet<String>,
        code: &str,
        before: bool,
    ) -> bool {
        let best_select = select
            .unwrap_or_default()
            .iter()
            .filter(|s| matches(s, code))
            .map(|s| specificity(s))
            .max();
        let best_ignore = ignore
            .iter()
            .filter(|s| matches(s, code))
            .map(|s| specificity(s))
            .max();
        match (best_select, best_ignore) {
            (Some(s), Some(i)) => s > i,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => select.is_none() && before,
        }
    }

    /// The severity `d` is reported at under `config` (the nearest
    /// configuration of its file, if any) and this command line, or
    /// `None` when it is silenced.
    pub fn judge(&self, config: Option<&Config>, rel: &str, d: &Diagnostic) -> Option<Severity> {
        let Some(code) = d.code else {
            return Some(d.severity);
        };
        if code == INVALID_CONFIG {
            return Some(d.severity);
        }
        let mut kept = true;
        if let Some(c) = config {
            kept = !c.silences(rel, code);
        }
        let ignore: BTreeSet<String> = self.ignore.iter().cloned().collect();
        kept = Selection::layer_keeps(self.select.as_deref(), &ignore, code, kept);
        if !kept {
            return None;
        }
        Some(
            config
                .and_then(|c| c.severity_of(code))
                .unwrap_or(d.severity),
        )
    }
}

/// The configs that apply to `inputs`, one per file found.
pub fn discover(inputs: &[PathBuf]) -> (Vec<Config>, Vec<Diagnostic>) {
    let mut found = BTreeSet::new();
    for input in inputs {
        let Ok(abs) = input.canonicalize() else {
            continue;
        };
        let start = if abs.is_dir() {
            abs
        } else {
            abs.parent().map_or_else(PathBuf::new, Path::to_path_buf)
        };
        for dir in start.ancestors() {
            if dir.join(FILE_NAME).is_file() {
                found.insert(dir.to_path_buf());
                break;
            }
            if dir.join(".git").exists() {
                break;
            }
        }
    }
    let mut configs = Vec::new();
    let mut diags = Vec::new();
    for dir in found {
        let path = dir.join(FILE_NAME);
        // Through the same gate as every documentation file: a FIFO or a
        // device named .speclift.toml is refused, not waited on.
        let read = speclift_rst::confine::Confinement::unrooted()
            .read(&path)
            .map_err(|refusal| refusal.to_string())
            .and_then(|bytes| String::from_utf8(bytes).map_err(|e| e.to_string()));
        let text = match read {
            Ok(t) => t,
            Err(e) => {
                diags.push(
                    Diagnostic::error(
                        Location::file_start(path.as_path()),
                        format!("cannot read {FILE_NAME}: {e}"),
                    )
                    .with_code(INVALID_CONFIG)
                    .with_hint("make the file readable UTF-8 text"),
                );
                continue;
            }
        };
        let (config, mut found) = Config::parse(&path, dir, &text);
        diags.append(&mut found);
        configs.push(config);
    }
    (configs, diags)
}

/// The configuration `--config PATH` names, instead of the discovered
/// ones; globs are relative to its folder.
pub fn load(path: &Path) -> (Vec<Config>, Vec<Diagnostic>) {
    let dir = path
        .canonicalize()
        .ok()
        .and_then(|p| p.parent().map(Path::to_path_buf))
        .unwrap_or_default();
    let read = speclift_rst::confine::Confinement::unrooted()
        .read(path)
        .map_err(|refusal| refusal.to_string())
        .and_then(|bytes| String::from_utf8(bytes).map_err(|e| e.to_string()));
    match read {
        Ok(text) => {
            let (config, diags) = Config::parse(path, dir, &text);
            (vec![config], diags)
        }
        Err(e) => (
            Vec::new(),
            vec![
                Diagnostic::error(
                    Location::file_start(path),
                    format!("cannot read {}: {e}", path.display()),
                )
                .with_code(INVALID_CONFIG)
                .with_hint("pass an existing .speclift.toml to --config"),
            ],
        ),
    }
}

/// The configurations for `inputs`: the file `--config` names, else those
/// discovered beside and above the inputs.
pub fn for_inputs(inputs: &[PathBuf], explicit: Option<&Path>) -> (Vec<Config>, Vec<Diagnostic>) {
    match explicit {
        Some(path) => load(path),
        None => discover(inputs),
    }
}

/// Drops the findings the configs and the command line silence and sets
/// the configured severities. Findings about a config itself stay.
/// `keep_errors` (gen): an error is never dropped nor demoted.
pub fn apply(
    configs: &[Config],
    selection: &Selection,
    keep_errors: bool,
    diagnostics: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    let mut canonical: HashMap<Arc<Path>, Option<PathBuf>> = HashMap::new();
    // Its cache of folders: findings name hundreds of files in a few
    // dozen folders, and a full `canonicalize` reads every component.
    let folders = speclift_rst::confine::Confinement::unrooted();
    diagnostics
        .into_iter()
        .filter_map(|mut d| {
            let file = d.location.as_ref().and_then(|loc| {
                canonical
                    .entry(loc.file.clone())
                    .or_insert_with(|| folders.canonicalize(&loc.file).ok())
                    .clone()
            });
            // The nearest config above the file.
            let config = file.as_ref().and_then(|file| {
                configs
                    .iter()
                    .filter(|c| file.starts_with(&c.dir))
                    .max_by_key(|c| c.dir.components().count())
            });
            let rel = match (&file, config) {
                (Some(file), Some(c)) => relative(file, &c.dir),
                _ => String::new(),
            };
            let judged = selection.judge(config, &rel, &d);
            if keep_errors && d.is_error() {
                return Some(d);
            }
            d.severity = judged?;
            Some(d)
        })
        .collect()
}

/// Whether `glob` matches `rel` or a folder above it.
pub fn covers(glob: &str, rel: &str) -> bool {
    let glob = glob.trim_start_matches("./").trim_end_matches('/');
    let path: Vec<&str> = rel.split('/').filter(|s| !s.is_empty()).collect();
    if !glob.contains('/') {
        return path.iter().any(|seg| segment(glob, seg));
    }
    let pattern: Vec<&str> = glob.split('/').filter(|s| !s.is_empty()).collect();
    (1..=path.len()).any(|n| components(&pattern, path.get(..n).unwrap_or(&[])))
}

fn components(pattern: &[&str], path: &[&str]) -> bool {
    match pattern.split_first() {
        None => path.is_empty(),
        Some((&"**", rest)) => {
            (0..=path.len()).any(|skip| components(rest, path.get(skip..).unwrap_or(&[])))
        }
        Some((first, rest)) => path
            .split_first()
            .is_some_and(|(seg, tail)| segment(first, seg) && components(rest, tail)),
    }
}

/// `*` and `?` within one path component.
fn segment(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    // Iterative wildcard match with backtracking to the last `*`.
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        match p.get(pi) {
            Some('*') => {
                star = Some((pi, ti));
                pi += 1;
            }
            Some(&c) if c == '?' || c == t[ti] => {
                pi += 1;
                ti += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    pi = sp + 1;
                    ti = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    p.get(pi..)
        .is_some_and(|rest| rest.iter().all(|&c| c == '*'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(covers("v3/parameters.yaml", "v3/parameters.yaml"));
        assert!(!covers("v3/parameters.yaml", "v2/parameters.yaml"));
        assert!(covers("parameters.yaml", "v2/parameters.yaml"));
        assert!(covers(
            "**/samples/*.json",
            "api-ref/source/v3/samples/a-b.json"
        ));
        assert!(covers("**/samples/*.json", "samples/x.json"));
        assert!(!covers("**/samples/*.json", "samples/x.yaml"));
        assert!(covers("v3", "v3/samples/x.json"));
        assert!(covers("v?/*.inc", "v3/volumes.inc"));
        assert!(!covers("v?/*.inc", "v3/sub/volumes.inc"));
        assert!(covers("*", "anything"));
        assert!(!covers("a*b", "ac"));
    }

    #[test]
    fn parses_and_silences() {
        let text = "[lint]\nignore = [\"sl006\"]\n[lint.per-file-ignores]\n\"v3/parameters.yaml\" = [\"SL003\"]\n";
        let (c, diags) = Config::parse(Path::new(".speclift.toml"), PathBuf::from("/r"), text);
        assert!(diags.is_empty(), "{diags:?}");
        assert!(c.silences("v2/x.inc", "SL006"));
        assert!(c.silences("v3/parameters.yaml", "SL003"));
        assert!(!c.silences("v2/parameters.yaml", "SL003"));
        assert!(!c.silences("v3/parameters.yaml", "SL004"));
    }

    fn kept(selection: &Selection, config: Option<&Config>, code: &'static str) -> bool {
        let d = Diagnostic::warning(None, "x").with_code(code);
        selection.judge(config, "v3/x.inc", &d).is_some()
    }

    #[test]
    fn selectors_are_codes_prefixes_or_all() {
        assert_eq!(selector("sl01").as_deref(), Some("SL01"));
        assert_eq!(selector("all").as_deref(), Some("ALL"));
        assert_eq!(selector("SD"), Some("SD".into()));
        assert_eq!(selector("SX"), None);
        assert_eq!(selector(""), None);
        assert!(Selection::from_args(&["SL0,bogus".into()], &[]).is_err());
    }

    /// ruff's semantics: the most specific selector wins within a layer,
    /// a layer with `select` drops what it does not select, and the
    /// command line applies after the configuration.
    #[test]
    fn most_specific_selector_wins() {
        let args = |select: &[&str], ignore: &[&str]| {
            let own = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
            Selection::from_args(&own(select), &own(ignore)).expect("valid")
        };
        let all = Selection::default();
        assert!(kept(&all, None, "SL012") && kept(&all, None, "SD002"));
        let sel = args(&["SL0"], &["SL01"]);
        assert!(kept(&sel, None, "SL005") && kept(&sel, None, "SL070"));
        assert!(!kept(&sel, None, "SL012") && !kept(&sel, None, "SD002"));
        let sel = args(&["SL012"], &["SL0"]);
        assert!(kept(&sel, None, "SL012") && !kept(&sel, None, "SL011"));
        let sel = args(&[], &["ALL"]);
        assert!(!kept(&sel, None, "SL012"));
        // A config ignoring SL07 and the command line selecting SL070.
        let (config, diags) = Config::parse(
            Path::new("c"),
            PathBuf::new(),
            "[lint]\nignore = [\"SL07\"]\n[lint.severity]\nSL071 = \"error\"\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        assert!(!kept(&all, Some(&config), "SL070"));
        assert!(kept(&args(&["SL070"], &[]), Some(&config), "SL070"));
        let d = Diagnostic::warning(None, "x").with_code("SL071");
        assert_eq!(
            args(&["SL071"], &[]).judge(Some(&config), "a", &d),
            Some(Severity::Error)
        );
        // Findings about the configuration itself are never silenced.
        assert!(kept(&args(&[], &["ALL"]), None, "SL060"));
    }

    #[test]
    fn a_config_select_drops_the_rest() {
        let (config, _) = Config::parse(
            Path::new("c"),
            PathBuf::new(),
            "[lint]\nselect = [\"SD\"]\n[lint.severity]\nSD002 = \"loud\"\n",
        );
        let all = Selection::default();
        assert!(kept(&all, Some(&config), "SD002") && !kept(&all, Some(&config), "SL012"));
        let (_, diags) = Config::parse(
            Path::new("c"),
            PathBuf::new(),
            "[lint.severity]\nSD002 = \"loud\"\n",
        );
        assert_eq!(diags.len(), 1);
        assert!(
            diags[0].message.contains("`loud` is not a severity"),
            "{}",
            diags[0].message
        );
    }

    #[test]
    fn unknown_codes_and_keys_are_reported() {
        let text = "[lint]\nignore = [\"SL006\", \"SL999\"]\n";
        let (c, diags) = Config::parse(Path::new(".speclift.toml"), PathBuf::from("/r"), text);
        assert!(c.ignore.contains("SL006"));
        assert_eq!(diags.len(), 1);
        let at = diags[0].location.as_ref().expect("located");
        assert_eq!((diags[0].code, at.line, at.column), (Some("SL060"), 2, 21));

        let (_, diags) = Config::parse(Path::new("c"), PathBuf::new(), "[lint]\nignored = []\n");
        assert_eq!(diags.len(), 1);
        assert!(diags[0].message.contains("ignored"), "{}", diags[0].message);
        assert_eq!(diags[0].location.as_ref().map(|l| l.line), Some(2));

        let (_, diags) = Config::parse(Path::new("c"), PathBuf::new(), "[other]\nx = 1\n");
        assert!(diags.is_empty(), "other tools' tables are left alone");
    }
}
