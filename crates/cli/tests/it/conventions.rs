//! CLI conventions: one table of exit codes for every command (0 ok,
//! 1 findings or failures, 2 usage error or unreadable input), `--quiet`,
//! `-o` taking a directory, `--help` pinned by snapshots, completions that
//! load in bash, man pages that render, and `--version`.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::*;

/// One operation, fully documented: gen writes it without a diagnostic.
const PAGE: &str = "Things\n======\n\nCreate thing\n~~~~~~~~~~~~\n\n\
    .. rest_method:: POST /v1/{project_id}/things\n\nCreates a thing.\n\n\
    Normal response codes: 202\n\nRequest\n-------\n\n\
    .. rest_parameters:: parameters.yaml\n\n   - project_id: project_id\n   - name: name\n";

const PARAMETERS: &str = "project_id:\n  description: The project.\n  in: path\n  \
    required: true\n  type: string\nname:\n  description: A name.\n  in: body\n  \
    required: true\n  type: string\n";

/// parameters.yaml that does not parse: an error os-api-ref cannot build.
const BROKEN_PARAMETERS: &str = "project_id:\n  in: path\n  type: [string\n";

/// `good/` (clean documentation), `bad/` (an error in parameters.yaml), and
/// `out/things.yaml` generated from `good/`.
struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new(name: &str) -> Fixture {
        let dir = temp_dir(name);
        for (tree, parameters) in [("good", PARAMETERS), ("bad", BROKEN_PARAMETERS)] {
            let root = dir.path().join(tree);
            std::fs::create_dir_all(&root).unwrap();
            std::fs::write(root.join("index.rst"), PAGE).unwrap();
            std::fs::write(root.join("parameters.yaml"), parameters).unwrap();
        }
        let fixture = Fixture { dir };
        let out = fixture.run(&["gen", "good", "-o", "out"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        fixture
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `speclift ARGS` run inside the fixture directory (no proxy: check's
    /// probe of the base URL is skipped behind one).
    fn run(&self, args: &[&str]) -> Output {
        let mut command = Command::new(env!("CARGO_BIN_EXE_speclift"));
        for proxy in ["HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"] {
            command.env_remove(proxy).env_remove(proxy.to_lowercase());
        }
        command
            .args(args)
            .current_dir(self.dir.path())
            .env("COLUMNS", "100")
            .output()
            .expect("the speclift binary runs")
    }

    /// The exit status of `speclift ARGS`.
    fn status(&self, args: &[&str]) -> i32 {
        let out = self.run(args);
        out.status
            .code()
            .unwrap_or_else(|| panic!("{args:?} was killed: {}", stderr(&out)))
    }
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn gen_exit_codes() {
    let f = Fixture::new("exit-gen");
    assert_eq!(f.status(&["gen", "good", "-o", "out"]), 0);
    assert_eq!(f.status(&["gen", "good", "-o", "out", "--check"]), 0);
    assert_eq!(f.status(&["gen", "bad", "-o", "out-bad"]), 1);
    // Stale: the committed spec differs from what the documents generate.
    std::fs::write(f.path("out/things.yaml"), "stale\n").unwrap();
    assert_eq!(f.status(&["gen", "good", "-o", "out", "--check"]), 1);
    // Usage errors and unreadable input.
    let missing = f.run(&["gen", "nowhere", "-o", "out"]);
    assert_eq!(missing.status.code(), Some(2), "{}", stderr(&missing));
    assert!(
        stderr(&missing).contains("nowhere:1:1: error:"),
        "{}",
        stderr(&missing)
    );
    assert!(stderr(&missing).contains("= help:"), "{}", stderr(&missing));
    assert_eq!(f.status(&["gen", "good", "-o", "out", "--no-such-flag"]), 2);
    assert_eq!(f.status(&["gen", "good"]), 2, "-o is required");
}

#[test]
fn an_output_file_name_is_refused_not_made_a_directory() {
    let f = Fixture::new("exit-output");
    let named = f.run(&["gen", "good", "-o", "new/x.yaml"]);
    assert_eq!(named.status.code(), Some(2), "{}", stderr(&named));
    let text = stderr(&named);
    assert!(text.contains("looks like a file name"), "{text}");
    assert!(
        text.contains("= help:") && text.contains("-o new"),
        "{text}"
    );
    assert!(!f.path("new").exists(), "nothing may be created");
    // An existing file, for gen and for portal.
    let existing = f.run(&["gen", "good", "-o", "out/things.yaml"]);
    assert_eq!(existing.status.code(), Some(2), "{}", stderr(&existing));
    assert!(
        stderr(&existing).contains("is a file"),
        "{}",
        stderr(&existing)
    );
    assert_eq!(f.status(&["portal", "out", "-o", "site/index.html"]), 2);
    assert!(!f.path("site").exists());
}

#[test]
fn lint_exit_codes_and_quiet() {
    let f = Fixture::new("exit-lint");
    assert_eq!(f.status(&["lint", "good"]), 0);
    assert_eq!(f.status(&["lint", "good", "--deny", "warnings"]), 0);
    let bad = f.run(&["lint", "bad"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(stdout(&bad).contains("warning"), "{}", stdout(&bad));
    assert!(stderr(&bad).contains("speclift lint:"), "{}", stderr(&bad));
    // --quiet: the errors only, no summary line; the same exit status.
    let quiet = f.run(&["lint", "bad", "--quiet"]);
    assert_eq!(quiet.status.code(), Some(1));
    assert!(stdout(&quiet).contains("error"), "{}", stdout(&quiet));
    assert!(!stdout(&quiet).contains("warning["), "{}", stdout(&quiet));
    assert_eq!(stderr(&quiet), "");
    let quiet_json = f.run(&["lint", "bad", "--quiet", "--format", "json"]);
    let findings: serde_json::Value = serde_json::from_slice(&quiet_json.stdout).unwrap();
    let severities: Vec<&str> = findings
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["severity"].as_str())
        .collect();
    assert!(
        !severities.is_empty() && severities.iter().all(|s| *s == "error"),
        "{findings}"
    );
    // Under --deny warnings a warning fails the run: never silently.
    let denied = f.run(&["lint", "bad", "--quiet", "--deny", "warnings"]);
    assert_eq!(denied.status.code(), Some(1));
    assert!(stdout(&denied).contains("warning"), "{}", stdout(&denied));
    let clean = f.run(&["lint", "good", "-q"]);
    assert_eq!(
        (stdout(&clean), stderr(&clean)),
        (String::new(), String::new())
    );
    assert_eq!(f.status(&["lint", "nowhere"]), 2);
    assert_eq!(f.status(&["lint", "--explain", "SL999"]), 2);
    assert_eq!(f.status(&["lint"]), 2, "PATH is required");
}

#[test]
fn gen_quiet_prints_errors_only() {
    let f = Fixture::new("quiet-gen");
    let loud = f.run(&["gen", "bad", "-o", "out-bad"]);
    assert!(stderr(&loud).contains("warning["), "{}", stderr(&loud));
    assert!(
        stderr(&loud).contains("speclift: wrote"),
        "{}",
        stderr(&loud)
    );
    let quiet = f.run(&["gen", "bad", "-o", "out-bad", "--quiet"]);
    assert_eq!(quiet.status.code(), Some(1));
    let text = stderr(&quiet);
    assert!(text.contains("error[SL007]: invalid YAML"), "{text}");
    assert!(
        !text.contains("warning[") && !text.contains("speclift: wrote"),
        "{text}"
    );
    let denied = f.run(&["gen", "bad", "-o", "out-bad", "-q", "--deny", "warnings"]);
    assert_eq!(denied.status.code(), Some(1));
    assert!(stderr(&denied).contains("warning["), "{}", stderr(&denied));
    let clean = f.run(&["gen", "good", "-o", "out", "-q"]);
    assert_eq!(clean.status.code(), Some(0));
    assert_eq!(stderr(&clean), "");
}

#[test]
fn diff_exit_codes() {
    let f = Fixture::new("exit-diff");
    let one = r#"{"openapi": "3.1.0", "paths": {"/a": {"get": {"responses": {}}}}}"#;
    let none = r#"{"openapi": "3.1.0", "paths": {}}"#;
    std::fs::write(f.path("one.json"), one).unwrap();
    std::fs::write(f.path("none.json"), none).unwrap();
    std::fs::write(f.path("not-openapi.json"), "{}").unwrap();
    assert_eq!(f.status(&["diff", "one.json", "one.json"]), 0);
    assert_eq!(f.status(&["diff", "one.json", "none.json"]), 0);
    assert_eq!(
        f.status(&["diff", "one.json", "none.json", "--fail-on", "breaking"]),
        1
    );
    assert_eq!(f.status(&["diff", "one.json", "nowhere.json"]), 2);
    assert_eq!(f.status(&["diff", "one.json", "not-openapi.json"]), 2);
    assert_eq!(f.status(&["diff", "one.json", "bad/index.rst"]), 2);
    assert_eq!(
        f.status(&["diff", "one.json", "one.json", "--fail-on", "x"]),
        2
    );
    assert_eq!(f.status(&["diff", "one.json"]), 2, "NEW is required");
}

#[test]
fn diff_lists_and_explains_change_kinds() {
    let f = Fixture::new("explain-diff");
    let list = f.run(&["diff", "--list-kinds"]);
    assert_eq!(list.status.code(), Some(0));
    let listed: Vec<String> = stdout(&list)
        .lines()
        .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
        .collect();
    let ids: Vec<&str> = speclift_diff::ChangeKind::ALL
        .iter()
        .map(|k| k.id())
        .collect();
    assert_eq!(listed, ids);
    let explained = f.run(&["diff", "--explain", "parameter-renamed"]);
    assert_eq!(explained.status.code(), Some(0));
    let text = stdout(&explained);
    assert!(text.starts_with("parameter-renamed (breaking): "), "{text}");
    assert!(text.contains("sort_key"), "{text}");
    // A typo: exit 2, and the hint names the ids it was likely meant as.
    let unknown = f.run(&["diff", "--explain", "paramter-removed"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert_eq!(stdout(&unknown), "");
    let hint = stderr(&unknown);
    assert!(hint.contains("no change kind `paramter-removed`"), "{hint}");
    assert!(
        hint.contains("= help: the closest are `parameter-removed`"),
        "{hint}"
    );
    assert_eq!(f.status(&["diff", "--explain", "x", "--list-kinds"]), 2);
}

#[test]
fn check_exit_codes() {
    let f = Fixture::new("exit-check");
    let spec = "out/things.yaml";
    // Nothing listens on a port just released.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let dry = f.run(&["check", spec, "--base-url", &url, "--dry-run"]);
    assert_eq!(dry.status.code(), Some(0), "{}", stderr(&dry));
    assert!(stdout(&dry).lines().last().unwrap().starts_with("safety:"));
    assert!(
        stderr(&dry).contains("nothing was sent"),
        "{}",
        stderr(&dry)
    );
    // A refused connection stops the run at once: one message, no table.
    let argv = ["check", spec, "--base-url", &url, "--var", "project_id=p"];
    let refused = f.run(&argv);
    assert_eq!(refused.status.code(), Some(1), "{}", stderr(&refused));
    let text = stderr(&refused);
    assert_eq!(text.matches("refuses connections").count(), 1, "{text}");
    assert_eq!(text.lines().count(), 1, "{text}");
    assert_eq!(stdout(&refused), "");
    // Usage errors: caught before anything runs.
    let not_a_url = f.run(&["check", spec, "--base-url", "notaurl", "--dry-run"]);
    assert_eq!(not_a_url.status.code(), Some(2));
    assert!(
        stderr(&not_a_url).contains("--base-url"),
        "{}",
        stderr(&not_a_url)
    );
    let base = ["check", spec, "--base-url", &url, "--dry-run"];
    for extra in [["--timeout", "ten"], ["--deadline", "0s"]] {
        assert_eq!(f.status(&[&base[..], &extra[..]].concat()), 2, "{extra:?}");
    }
    for extra in [["--timeout", "45"], ["--deadline", "1h30m"]] {
        assert_eq!(f.status(&[&base[..], &extra[..]].concat()), 0, "{extra:?}");
    }
    assert_eq!(f.status(&["check", "nowhere.json", "--base-url", &url]), 2);
}

#[test]
fn portal_and_completions_exit_codes() {
    let f = Fixture::new("exit-portal");
    assert_eq!(f.status(&["portal", "out", "-o", "site"]), 0);
    std::fs::write(f.path("broken.json"), "{").unwrap();
    assert_eq!(f.status(&["portal", "broken.json", "-o", "site2"]), 1);
    assert_eq!(f.status(&["portal", "nowhere", "-o", "site3"]), 2);
    assert_eq!(f.status(&["completions", "bash"]), 0);
    assert_eq!(f.status(&["completions", "tcsh"]), 2);
    assert_eq!(f.status(&["no-such-command"]), 2);
}

/// Every command's `--help`, pinned: options, value names, examples and
/// the exit status table.
#[test]
fn help_snapshots() {
    let f = Fixture::new("help");
    let commands: [&[&str]; 8] = [
        &[],
        &["gen"],
        &["lint"],
        &["diff"],
        &["check"],
        &["portal"],
        &["rules"],
        &["completions"],
    ];
    for command in commands {
        let out = f.run(&[command, &["--help"]].concat());
        assert_eq!(out.status.code(), Some(0), "{command:?}");
        let help = stdout(&out);
        assert!(help.contains("Examples:"), "{command:?}:\n{help}");
        assert!(help.contains("Exit status"), "{command:?}:\n{help}");
        let name = match command {
            [] => "help".to_string(),
            [c, ..] => format!("help-{c}"),
        };
        insta::assert_snapshot!(name, help);
    }
}

#[test]
fn durations_in_check_help_have_units() {
    let f = Fixture::new("help-units");
    let help = stdout(&f.run(&["check", "--help"]));
    for needle in [
        "--timeout <DURATION>",
        "[default: 30s]",
        "--deadline <DURATION>",
    ] {
        assert!(help.contains(needle), "{needle}:\n{help}");
    }
    assert!(help.contains("(a plain number is"), "{help}");
}

#[test]
fn bash_completion_loads() {
    let out = speclift(&["completions", "bash"]);
    assert_eq!(out.status.code(), Some(0));
    let dir = temp_dir("completion");
    let script = dir.path().join("speclift.bash");
    std::fs::write(&script, &out.stdout).unwrap();
    let check = Command::new("bash")
        .arg("-n")
        .arg(&script)
        .output()
        .unwrap();
    assert!(check.status.success(), "bash -n: {}", stderr(&check));
    let text = stdout(&out);
    for word in ["gen", "lint", "diff", "check", "portal", "--base-url"] {
        assert!(text.contains(word), "{word} is not completed");
    }
    for shell in ["zsh", "fish", "powershell"] {
        let out = speclift(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        assert!(stdout(&out).contains("base-url"), "{shell}");
    }
}

#[test]
fn man_pages_render() {
    let has_man = Command::new("man").arg("--version").output().is_ok();
    if !required_input(
        has_man,
        Path::new("man"),
        "is installed by scripts/install-man.sh",
    ) {
        return;
    }
    let dir = temp_dir("man");
    let out = speclift(&["man-pages", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut pages: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    pages.sort();
    assert_eq!(
        pages,
        [
            "speclift-check.1",
            "speclift-completions.1",
            "speclift-diff.1",
            "speclift-gen.1",
            "speclift-lint.1",
            "speclift-portal.1",
            "speclift-rules.1",
            "speclift.1"
        ]
    );
    for page in &pages {
        let shown = Command::new("man")
            .arg("-l")
            .arg(dir.path().join(page))
            .env("MANPAGER", "cat")
            .env("PAGER", "cat")
            .env("MANWIDTH", "100")
            .output()
            .unwrap();
        assert!(shown.status.success(), "{page}: {}", stderr(&shown));
        let text = stdout(&shown);
        for section in ["NAME", "SYNOPSIS", "OPTIONS", "EXAMPLES", "EXIT STATUS"] {
            assert!(text.contains(section), "{page} lacks {section}:\n{text}");
        }
    }
}

#[test]
fn version_names_the_commit_and_the_build_date() {
    let out = speclift(&["--version"]);
    assert_eq!(out.status.code(), Some(0));
    let line = stdout(&out);
    let rest = line
        .trim_end()
        .strip_prefix(concat!("speclift ", env!("CARGO_PKG_VERSION"), " (commit "))
        .unwrap_or_else(|| panic!("{line}"));
    let (commit, date) = rest
        .strip_suffix(')')
        .and_then(|r| r.split_once(", built "))
        .unwrap_or_else(|| panic!("{line}"));
    let is_date = |d: &str| {
        d.len() == 10
            && d.chars().enumerate().all(|(i, c)| match i {
                4 | 7 => c == '-',
                _ => c.is_ascii_digit(),
            })
    };
    assert!(is_date(date) || date == "unknown", "{line}");
    // In a git checkout it is HEAD's commit; elsewhere (a tarball) `unknown`.
    let head = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| stdout(&o).trim().to_string());
    match head {
        Some(head) => assert_eq!(commit, head, "{line}"),
        None => assert_eq!(commit, "unknown", "{line}"),
    }
}
