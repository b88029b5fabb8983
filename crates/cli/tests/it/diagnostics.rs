//! One diagnostic system across commands: codes on gen's diagnostics,
//! rustc-style rendering, `--color` with `NO_COLOR`/`CLICOLOR_FORCE`, one
//! configuration (`.speclift.toml`, `--config`, `--select`, `--ignore`)
//! for gen and lint, and `speclift rules`.

use crate::common;

use std::path::Path;
use std::process::{Command, Output};

use common::*;

/// A one-operation os-api-ref tree whose required body parameter `name`
/// is in no sample (SL070, a warning of gen's emitter).
fn tree(dir: &Path) -> std::path::PathBuf {
    let src = dir.join("api-ref/source");
    std::fs::create_dir_all(src.join("samples")).expect("dirs");
    let files = [
        (
            "index.rst",
            "=========\nThing API\n=========\n\n.. include:: things.inc\n",
        ),
        (
            "things.inc",
            "Things\n======\n\nCreate thing\n~~~~~~~~~~~~\n\n.. rest_method:: POST /v1/things\n\n\
             Response codes\n--------------\n\n.. rest_status_code:: success status.yaml\n\n   - 202\n\n\
             Request\n-------\n\n.. rest_parameters:: parameters.yaml\n\n   - name: name\n   - size: size\n\n\
             Request Example\n---------------\n\n.. literalinclude:: samples/thing-create-req.json\n   :language: javascript\n",
        ),
        (
            "parameters.yaml",
            "name:\n  description: The name.\n  in: body\n  required: true\n  type: string\n\
             size:\n  description: The size.\n  in: body\n  required: false\n  type: integer\n",
        ),
        ("status.yaml", "202:\n  default: Accepted.\n"),
        ("samples/thing-create-req.json", "{\"size\": 1}\n"),
    ];
    for (file, text) in files {
        std::fs::write(src.join(file), text).expect("write");
    }
    src
}

fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_speclift"));
    cmd.args(args)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("speclift runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn gen_renders_coded_diagnostics_rustc_style() {
    let dir = temp_dir("diag-render");
    let src = tree(dir.path());
    let out = dir.path().join("out");
    let o = run(
        &["gen", src.to_str().unwrap(), "-o", out.to_str().unwrap()],
        &[],
    );
    let err = text(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("warning[SL070]: body parameter `name` is documented as required"),
        "{err}"
    );
    assert!(err.contains("things.inc:21:"), "{err}");
    assert!(
        err.contains("|    - name: name"),
        "the source line is quoted: {err}"
    );
    assert!(!err.contains('\u{1b}'), "no colour into a pipe: {err}");
}

#[test]
fn color_flag_and_environment() {
    let dir = temp_dir("diag-color");
    let src = tree(dir.path());
    let out = dir.path().join("out");
    let generate = |extra: &[&str], env: &[(&str, &str)]| {
        let mut args = vec!["gen", src.to_str().unwrap(), "-o", out.to_str().unwrap()];
        args.extend(extra);
        text(&run(&args, env).stderr)
    };
    assert!(generate(&["--color", "always"], &[]).contains('\u{1b}'));
    assert!(generate(&[], &[("CLICOLOR_FORCE", "1")]).contains('\u{1b}'));
    assert!(!generate(&[], &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]).contains('\u{1b}'));
    assert!(!generate(&["--color", "never"], &[("CLICOLOR_FORCE", "1")]).contains('\u{1b}'));
    // lint under NO_COLOR, even when forced by CLICOLOR_FORCE: plain.
    let lint = |env: &[(&str, &str)]| text(&run(&["lint", src.to_str().unwrap()], env).stdout);
    assert!(!lint(&[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")]).contains('\u{1b}'));
    assert!(lint(&[("CLICOLOR_FORCE", "1")]).contains('\u{1b}'));
    // The flag is global: accepted after any command.
    let o = run(&["rules", "--color", "never"], &[]);
    assert!(o.status.success(), "{}", text(&o.stderr));
}

#[test]
fn select_ignore_and_config_apply_to_gen_and_lint() {
    let dir = temp_dir("diag-config");
    let src = tree(dir.path());
    let out = dir.path().join("out");
    let (s, o) = (src.to_str().unwrap(), out.to_str().unwrap());
    let ignored = run(&["gen", s, "-o", o, "--ignore", "SL07"], &[]);
    assert!(
        !text(&ignored.stderr).contains("SL070"),
        "{}",
        text(&ignored.stderr)
    );
    let selected = run(
        &["gen", s, "-o", o, "--select", "SD", "--deny", "warnings"],
        &[],
    );
    assert!(
        selected.status.success(),
        "nothing selected is left: {}",
        text(&selected.stderr)
    );
    let lint = run(&["lint", s, "--select", "SL070"], &[]);
    let findings = text(&lint.stdout);
    assert!(
        findings.contains("warning[SL070]") && findings.contains("0 errors, 1 warning"),
        "{findings}"
    );

    // A configuration promoting SL070 to an error: gen withholds the spec.
    let config = dir.path().join("strict.toml");
    std::fs::write(&config, "[lint.severity]\nSL070 = \"error\"\n").expect("write");
    let strict = run(
        &["gen", s, "-o", o, "--config", config.to_str().unwrap()],
        &[],
    );
    let err = text(&strict.stderr);
    assert_eq!(strict.status.code(), Some(1), "{err}");
    assert!(
        err.contains("error[SL070]") && err.contains("wrote 0 of 1 spec"),
        "{err}"
    );
    let lint = run(&["lint", s, "--config", config.to_str().unwrap()], &[]);
    assert_eq!(lint.status.code(), Some(1));
    assert!(text(&lint.stdout).contains("error[SL070]"));

    // The same file found beside the tree, as `.speclift.toml`.
    std::fs::write(
        dir.path().join(".speclift.toml"),
        "[lint]\nignore = [\"SL070\"]\n",
    )
    .expect("write");
    let quiet = run(&["gen", s, "-o", o, "--deny", "warnings"], &[]);
    assert!(quiet.status.success(), "{}", text(&quiet.stderr));

    let bad = run(&["gen", s, "-o", o, "--select", "XX1"], &[]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(text(&bad.stderr).contains("`XX1` is not a rule code"));
}

#[test]
fn rules_lists_and_explains() {
    let o = run(&["rules"], &[]);
    let list = text(&o.stdout);
    assert!(o.status.success());
    assert_eq!(list.lines().count(), speclift_diag::Rule::ALL.len());
    assert!(
        list.lines()
            .any(|l| l.starts_with("SL070  required-not-in-samples")),
        "{list}"
    );
    let o = run(&["rules", "--explain", "sl070"], &[]);
    let explained = text(&o.stdout);
    assert!(
        explained.starts_with("SL070 (required-not-in-samples, warning by default)"),
        "{explained}"
    );
    // Not a terminal: wrapped at 80 columns.
    assert!(
        explained.lines().all(|l| l.chars().count() <= 80),
        "{explained}"
    );
    assert!(explained.lines().count() > 3, "{explained}");
    // lint's own --explain says the same.
    assert_eq!(
        text(&run(&["lint", "--explain", "SL070"], &[]).stdout),
        explained
    );
    let o = run(&["rules", "--explain", "SL999"], &[]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn diff_reports_unreadable_specs_with_a_code() {
    let dir = temp_dir("diag-diff");
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\"openapi\": ").expect("write");
    let o = run(&["diff", bad.to_str().unwrap(), bad.to_str().unwrap()], &[]);
    let err = text(&o.stderr);
    // Unreadable input: exit 2, as for every command.
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("error[SL091]: invalid JSON"), "{err}");
}

/// SARIF and GitHub paths for an absolute input outside the repository:
/// absolute (`file:///tmp/…`, never `tmp/…`) by default, relative to
/// `--root` when given.
#[test]
fn sarif_and_github_paths_for_inputs_outside_the_repository() {
    let dir = temp_dir("diag-sarif");
    let src = tree(dir.path());
    std::fs::write(
        src.join("parameters.yaml"),
        "name:\n  in: bodyy\n  type: string\n  description: x\n",
    )
    .expect("write");
    let s = src.to_str().unwrap();
    let uris = |extra: &[&str]| {
        let mut args = vec!["lint", s, "--format", "sarif"];
        args.extend(extra);
        let log: serde_json::Value =
            serde_json::from_slice(&run(&args, &[]).stdout).expect("SARIF is JSON");
        log["runs"][0]["results"]
            .as_array()
            .expect("results")
            .iter()
            .map(|r| {
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                    .as_str()
                    .expect("uri")
                    .to_string()
            })
            .collect::<Vec<_>>()
    };
    let absolute = uris(&[]);
    assert!(!absolute.is_empty());
    let tmp = dir.path().canonicalize().expect("canonical");
    for uri in &absolute {
        assert!(uri.starts_with("file:///"), "{uri}");
        assert!(!uri.starts_with("file:////"), "{uri}");
    }
    assert!(
        absolute
            .iter()
            .any(|u| u.ends_with("/api-ref/source/parameters.yaml")),
        "{absolute:?}"
    );
    let root = dir.path().to_str().unwrap();
    let relative = uris(&["--root", root]);
    assert!(
        relative.contains(&"api-ref/source/parameters.yaml".to_string()),
        "{relative:?}"
    );
    let github = text(&run(&["lint", s, "--format", "github", "--root", root], &[]).stdout);
    assert!(
        github.contains("file=api-ref/source/parameters.yaml,line="),
        "{github}"
    );
    let github = text(&run(&["lint", s, "--format", "github"], &[]).stdout);
    let shown = format!("file={}", dir.path().display());
    assert!(
        github.contains(&shown) || github.contains(&format!("file={}", tmp.display())),
        "{github}"
    );
}

/// `gen --output-format concise|json`: the one-line form and a JSON array,
/// both with codes, for tools (the Sphinx extension) that read them.
#[test]
fn gen_output_formats_for_tools() {
    let dir = temp_dir("diag-formats");
    let src = tree(dir.path());
    let out = dir.path().join("out");
    let (s, o) = (src.to_str().unwrap(), out.to_str().unwrap());
    let concise = text(&run(&["gen", s, "-o", o, "--output-format", "concise"], &[]).stderr);
    let line = format!(
        "{}:21:6: warning[SL070]: body parameter `name`",
        src.join("things.inc").display()
    );
    assert!(concise.contains(&line), "{concise}");
    assert!(concise.contains("\n  = help: "), "{concise}");
    let json = text(&run(&["gen", s, "-o", o, "--output-format", "json"], &[]).stderr);
    let first = json.lines().next().expect("a line");
    let all: serde_json::Value = serde_json::from_str(first).expect("one JSON line");
    let d = &all.as_array().expect("array")[0];
    assert_eq!(d["code"], "SL070");
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["location"]["line"], 21);
}
