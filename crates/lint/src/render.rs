//! Output formats: rustc-style text, JSON, SARIF 2.1.0, GitHub annotations.

use std::fmt::Write;
use std::path::Path;

use serde_json::{Value, json};
use speclift_diag::{Diagnostic, LineIndex, Severity, counted, render_rich_line};

use crate::Report;
use crate::rules::{self, rules};
use crate::tree::{relative, tidy};

/// The folder SARIF and GitHub annotation paths are relative to: `root`
/// when given, else the repository holding the current directory (the
/// nearest folder above it with `.git`), else the current directory.
pub fn report_base(root: Option<&Path>) -> std::path::PathBuf {
    let cwd = std::env::current_dir().unwrap_or_default();
    match root {
        Some(root) => tidy(&cwd.join(root)),
        None => cwd
            .ancestors()
            .find(|dir| dir.join(".git").exists())
            .map_or_else(|| cwd.clone(), Path::to_path_buf),
    }
}

/// Where a finding's file is, for SARIF and GitHub: relative to `base`
/// with `/` separators when it is inside it (`Ok`), else its absolute path
/// (`Err`), so a file outside the repository is never shown as a relative
/// path it does not have.
fn artifact(file: &Path, base: &Path) -> Result<String, String> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let file = tidy(&cwd.join(file));
    let base = tidy(&cwd.join(base));
    if file.starts_with(&base) {
        Ok(relative(&file, &base))
    } else {
        Err(file.to_string_lossy().replace('\\', "/"))
    }
}

fn summary(report: &Report) -> String {
    let errors = report.diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = report.diagnostics.len() - errors;
    format!(
        "{}, {}",
        counted(errors, "error"),
        counted(warnings, "warning")
    )
}

/// Each finding with its source line and a caret, then a summary line.
pub fn render_human(report: &Report, color: bool) -> String {
    use rayon::prelude::*;
    // Each file's lines indexed once: a tree has hundreds of findings in
    // its parameters files, and each quote would otherwise walk the file
    // from its start. The quoting itself is independent: all cores.
    // Hashed: only looked up (ordered, the paths' comparisons cost more
    // than the rest of the rendering).
    let mut sources: rustc_hash::FxHashMap<&Path, Option<(&str, LineIndex)>> =
        rustc_hash::FxHashMap::default();
    for d in &report.diagnostics {
        if let Some(l) = &d.location {
            sources
                .entry(&*l.file)
                .or_insert_with(|| report.source(&l.file).map(|s| (s, LineIndex::new(s))));
        }
    }
    let rendered: Vec<String> = report
        .diagnostics
        .par_iter()
        .map(|d| {
            let line = d.location.as_ref().and_then(|l| {
                let (text, index) = sources.get(&*l.file)?.as_ref()?;
                index.line(text, l.line)
            });
            render_rich_line(d, line, color)
        })
        .collect();
    let mut out = String::new();
    for text in rendered {
        out.push_str(&text);
        out.push_str("\n\n");
    }
    let _ = writeln!(out, "{}", summary(report));
    out
}

/// The findings as a JSON array of diagnostics.
pub fn render_json(report: &Report) -> String {
    serde_json::to_string_pretty(&report.diagnostics).unwrap_or_else(|_| "[]".into())
}

/// A relative URI reference: reserved and non-ASCII bytes percent-encoded.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Warning => "warning",
        Severity::Error => "error",
    }
}

fn message(d: &Diagnostic) -> String {
    match &d.hint {
        Some(hint) => format!("{} ({hint})", d.message),
        None => d.message.clone(),
    }
}

/// Where the rules page is, relative to the repository root.
pub const RULES_PAGE: &str = "docs/rules.md";

/// The rule's entry on the rules page, as the absolute URI SARIF wants:
/// under the package's `repository` URL
/// (`<repo>/blob/HEAD/docs/rules.md#sl012`) when Cargo.toml names one,
/// else the page in the checkout speclift was built from (`file://…`).
fn help_uri(rule: speclift_diag::Rule) -> String {
    let repository = env!("CARGO_PKG_REPOSITORY").trim_end_matches('/');
    let page = format!("{RULES_PAGE}#{}", rule.anchor());
    if !repository.is_empty() {
        return format!("{repository}/blob/HEAD/{page}");
    }
    let checkout = Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .unwrap_or(Path::new("/"));
    let root = uri(&checkout.to_string_lossy().replace('\\', "/"));
    format!("file://{}/{page}", root.trim_end_matches('/'))
}

/// A SARIF 2.1.0 log with one run: the rule registry as
/// `tool.driver.rules`, one result per finding, locations relative to
/// `base` (the repository root, for GitHub code scanning).
pub fn render_sarif(report: &Report, base: &Path) -> String {
    let rule_list: Vec<Value> = rules()
        .iter()
        .map(|r| {
            json!({
                "id": r.code(),
                "name": r.name(),
                "shortDescription": {"text": r.summary()},
                "fullDescription": {"text": r.explanation()},
                "help": {"text": r.explanation()},
                "helpUri": help_uri(*r),
                "defaultConfiguration": {"level": level(r.default_severity())},
            })
        })
        .collect();
    let results: Vec<Value> = report
        .diagnostics
        .iter()
        .map(|d| {
            let mut result = json!({
                "level": level(d.severity),
                "message": {"text": message(d)},
            });
            if let Some(code) = d.code {
                result["ruleId"] = json!(code);
                if let Some(i) = rules().iter().position(|r| r.code() == code) {
                    result["ruleIndex"] = json!(i);
                }
            }
            if let Some(loc) = &d.location {
                result["locations"] = json!([{
                    "physicalLocation": {
                        "artifactLocation": {"uri": match artifact(&loc.file, base) {
                            Ok(rel) => uri(&rel),
                            Err(abs) => format!("file://{}", uri(&abs)),
                        }},
                        "region": {"startLine": loc.line.max(1), "startColumn": loc.column.max(1)},
                    }
                }]);
            }
            result
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "speclift",
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rule_list,
            }},
            "results": results,
        }],
    });
    serde_json::to_string_pretty(&log).unwrap_or_default()
}

/// GitHub's escaping for workflow command data and properties.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// One `::warning file=…,line=…,col=…,title=SL012::message` line per
/// finding, paths relative to `base`.
pub fn render_github(report: &Report, base: &Path) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        let mut props = Vec::new();
        if let Some(loc) = &d.location {
            props.push(format!(
                "file={}",
                escape_property(&artifact(&loc.file, base).unwrap_or_else(|abs| abs))
            ));
            props.push(format!("line={}", loc.line));
            props.push(format!("col={}", loc.column));
        }
        if let Some(code) = d.code {
            let name = rules::explain(code).map_or("", speclift_diag::Rule::name);
            props.push(format!(
                "title={}",
                escape_property(&format!("{code} {name}"))
            ));
        }
        let _ = writeln!(
            out,
            "::{} {}::{}",
            level(d.severity),
            props.join(","),
            escape_data(&message(d))
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use speclift_diag::{Location, path};

    fn report() -> Report {
        Report {
            diagnostics: vec![
                Diagnostic::warning(
                    Location::new(path("api-ref/source/my dir/x.inc"), 3, 7),
                    "no field definition for `a,b`",
                )
                .with_code("SL010")
                .with_hint("did you mean `a`?\nreally"),
            ],
            sources: Default::default(),
        }
    }

    #[test]
    fn github_lines_escape_properties_and_data() {
        let out = render_github(&report(), Path::new("api-ref"));
        assert_eq!(
            out,
            "::warning file=source/my dir/x.inc,line=3,col=7,title=SL010 unknown-parameter-key::no field definition for `a,b` (did you mean `a`?%0Areally)\n"
        );
    }

    #[test]
    fn sarif_paths_are_relative_uris() {
        let log: Value =
            serde_json::from_str(&render_sarif(&report(), Path::new("api-ref"))).expect("json");
        let result = &log["runs"][0]["results"][0];
        assert_eq!(
            result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "source/my%20dir/x.inc"
        );
        assert_eq!(result["ruleId"], "SL010");
        let index = result["ruleIndex"].as_u64().expect("index") as usize;
        assert_eq!(
            log["runs"][0]["tool"]["driver"]["rules"][index]["id"],
            "SL010"
        );
    }

    fn at(file: &str) -> Report {
        Report {
            diagnostics: vec![
                Diagnostic::error(Location::new(path(file), 2, 1), "x")
                    .with_code("SL013")
                    .with_hint("y"),
            ],
            sources: Default::default(),
        }
    }

    fn sarif_uri(report: &Report, base: &Path) -> String {
        let log: Value = serde_json::from_str(&render_sarif(report, base)).expect("json");
        log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .expect("uri")
            .to_string()
    }

    /// An absolute input outside the base keeps its leading `/` (it was
    /// shown as `work/…`): SARIF gets a `file://` URI, GitHub the path.
    #[test]
    fn paths_outside_the_base_stay_absolute() {
        let report = at("/elsewhere/api ref/x.inc");
        let base = Path::new("/repo");
        assert_eq!(
            sarif_uri(&report, base),
            "file:///elsewhere/api%20ref/x.inc"
        );
        assert!(
            render_github(&report, base)
                .starts_with("::error file=/elsewhere/api ref/x.inc,line=2"),
            "{}",
            render_github(&report, base)
        );
    }

    /// Inside the base, absolute or relative to the current directory,
    /// paths are relative to the base.
    #[test]
    fn paths_inside_the_base_are_relative_to_it() {
        let report = at("/repo/api-ref/source/x.inc");
        assert_eq!(
            sarif_uri(&report, Path::new("/repo")),
            "api-ref/source/x.inc"
        );
        assert_eq!(
            sarif_uri(&report, Path::new("/repo/api-ref")),
            "source/x.inc"
        );
        let cwd = std::env::current_dir().expect("cwd");
        let relative = at("sub/../api-ref/x.inc");
        assert_eq!(sarif_uri(&relative, &cwd), "api-ref/x.inc");
        assert!(render_github(&relative, &cwd).starts_with("::error file=api-ref/x.inc,"));
    }

    #[test]
    fn sarif_rules_link_to_their_anchor() {
        let log: Value =
            serde_json::from_str(&render_sarif(&Report::default(), Path::new("."))).expect("json");
        let rules = log["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .expect("rules");
        assert_eq!(rules.len(), speclift_diag::Rule::ALL.len());
        for r in rules {
            let id = r["id"].as_str().expect("id").to_ascii_lowercase();
            let uri = r["helpUri"].as_str().expect("helpUri");
            assert!(uri.ends_with(&format!("docs/rules.md#{id}")), "{uri}");
            assert!(uri.contains("://"), "absolute: {uri}");
        }
    }

    #[test]
    fn human_ends_with_a_summary() {
        let out = render_human(&report(), false);
        assert!(out.ends_with("0 errors, 1 warning\n"), "{out}");
        assert!(out.contains("warning[SL010]"), "{out}");
    }
}
