//! Project automation: `cargo xtask specs [--check]`, `cargo xtask portal`,
//! `cargo xtask bench [--vs-sphinx|--growth|--lint|--watch]`,
//! `cargo xtask bench-portal`, `cargo xtask pgo`, `cargo xtask rules [--check]`,
//! `cargo xtask changes [--check]`, `cargo xtask man`, `cargo xtask tidy`.

mod child;
mod pgo;
mod tidy;
mod vs_sphinx;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use anyhow::{Context, Result, bail};
use speclift::{Format, GenerateOptions, generate, write_atomically};

const USAGE: &str = "usage: cargo xtask specs [--check] | cargo xtask rules [--check] | cargo xtask changes [--check] | cargo xtask portal [-o DIR] | cargo xtask bench [--vs-sphinx [--runs N] [--warmup N] [--tree PATH] [--pgo] | --growth | --lint | --watch] | cargo xtask bench-portal | cargo xtask pgo | cargo xtask man [-o DIR] | cargo xtask tidy";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["rules"] => rules(false),
        ["rules", "--check"] => rules(true),
        ["changes"] => changes(false),
        ["changes", "--check"] => changes(true),
        ["specs"] => specs(false),
        ["specs", "--check"] => specs(true),
        ["bench", "--vs-sphinx", rest @ ..] => vs_sphinx::Options::parse(&repo_root(), rest)
            .and_then(|options| vs_sphinx::run(&repo_root(), &options)),
        ["bench", "--growth", rest @ ..] => bench("growth", rest),
        ["bench", "--lint", rest @ ..] => bench("lint", rest),
        ["bench", "--watch", rest @ ..] => bench("watch", rest),
        ["bench", rest @ ..] => bench("generate", rest),
        ["bench-portal", rest @ ..] => bench("portal", rest),
        ["pgo"] => pgo::build(&repo_root()).map(|binary| println!("{}", binary.display())),
        ["portal"] => portal(&repo_root().join("target/portal")),
        ["portal", "-o" | "--output", dir] => portal(Path::new(dir)),
        ["tidy"] => tidy(),
        ["man"] => man(&repo_root().join("target/man")),
        ["man", "-o" | "--output", dir] => man(Path::new(dir)),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// `cargo xtask tidy`: the repository checks of [`tidy`], each problem
/// printed; fails when there is any.
fn tidy() -> Result<()> {
    let problems = tidy::problems(&repo_root());
    for problem in &problems {
        eprintln!("{problem}");
    }
    if !problems.is_empty() {
        bail!("tidy: {} problem(s)", problems.len());
    }
    eprintln!("tidy: ok");
    Ok(())
}

/// The inputs under `api-ref/`: one per API directory, in name order. A
/// directory is an input through its `index.rst`, an `api-ref/source`
/// tree inside it, or else its top-level `.rst` files.
fn api_ref_inputs(api_ref: &Path) -> Result<Vec<PathBuf>> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(api_ref)
        .with_context(|| format!("cannot read {}", api_ref.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    let mut inputs = Vec::new();
    for dir in dirs {
        if dir.join("index.rst").is_file() {
            inputs.push(dir);
        } else if dir.join("api-ref/source/index.rst").is_file() {
            inputs.push(dir.join("api-ref/source"));
        } else {
            let mut files: Vec<PathBuf> = fs::read_dir(&dir)?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "rst"))
                .collect();
            files.sort();
            inputs.extend(files);
        }
    }
    Ok(inputs)
}

/// The complete expected contents of `specs/`, by file name.
fn expected_specs(root: &Path) -> Result<BTreeMap<String, String>> {
    let inputs = api_ref_inputs(&root.join("api-ref"))?;
    // Relative paths keep locations (and so the specs) machine-independent.
    let inputs: Vec<PathBuf> = inputs
        .iter()
        .map(|p| {
            p.strip_prefix(root)
                .map(Path::to_path_buf)
                .unwrap_or(p.clone())
        })
        .collect();
    let generation = generate(&inputs, &GenerateOptions::default());
    for d in generation.all_diagnostics() {
        eprintln!("{d}");
    }
    if generation.has_errors() {
        bail!("api-ref/ has errors (above); specs/ left as it was");
    }
    let mut files = BTreeMap::new();
    // The input's schema, for editors of api-ref parameters.yaml files.
    let mut schema = serde_json::to_string_pretty(&speclift_model::parameters_file_schema())?;
    schema.push('\n');
    files.insert("parameters.schema.json".to_string(), schema);
    // The contract checker's scenario file (`speclift check --scenario`).
    let mut schema = serde_json::to_string_pretty(&speclift_check::scenario_schema())?;
    schema.push('\n');
    files.insert("scenario.schema.json".to_string(), schema);
    for api in &generation.apis {
        for format in [Format::Yaml, Format::Json] {
            let text = api
                .render(format)
                .with_context(|| format!("cannot serialize {}", api.name))?;
            files.insert(api.file_name(format), text);
        }
    }
    Ok(files)
}

/// `docs/rules.md`, the rules page SARIF `helpUri`s point at, from the
/// registry.
fn rules(check: bool) -> Result<()> {
    let path = repo_root().join("docs/rules.md");
    let page = speclift_diag::rules::rules_page();
    if check {
        let old = fs::read_to_string(&path).unwrap_or_default();
        anyhow::ensure!(
            old == page,
            "docs/rules.md is stale: run `cargo xtask rules`"
        );
        return Ok(());
    }
    fs::write(&path, page).with_context(|| format!("cannot write {}", path.display()))?;
    eprintln!("wrote {}", path.display());
    Ok(())
}

/// `docs/changes.md`, every kind of change `speclift diff` reports, from
/// the diff crate's registry.
fn changes(check: bool) -> Result<()> {
    let path = repo_root().join("docs/changes.md");
    let page = speclift_diff::changes_page();
    if check {
        let old = fs::read_to_string(&path).unwrap_or_default();
        anyhow::ensure!(
            old == page,
            "docs/changes.md is stale: run `cargo xtask changes`"
        );
        return Ok(());
    }
    fs::write(&path, page).with_context(|| format!("cannot write {}", path.display()))?;
    eprintln!("wrote {}", path.display());
    Ok(())
}

fn specs(check: bool) -> Result<()> {
    let root = repo_root();
    std::env::set_current_dir(&root)?;
    let expected = expected_specs(&root)?;
    let specs_dir = root.join("specs");
    let mut existing: BTreeMap<String, String> = BTreeMap::new();
    if specs_dir.is_dir() {
        for entry in fs::read_dir(&specs_dir)? {
            let path = entry?.path();
            let name = path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            if path.is_file() && !name.starts_with('.') && name != "README.md" {
                // An unreadable spec is an error of its own, not a diff
                // against an empty file.
                let text = fs::read_to_string(&path).with_context(|| {
                    format!("cannot read specs/{name}: restore it with git or remove it")
                })?;
                existing.insert(name, text);
            }
        }
    }
    if check {
        let mut stale = Vec::new();
        for (name, text) in &expected {
            match existing.get(name) {
                Some(old) if old == text => {}
                Some(old) => {
                    stale.push(format!("specs/{name} differs from what api-ref/ generates"));
                    print_diff(name, old, text);
                }
                None => stale.push(format!("specs/{name} is missing")),
            }
        }
        for name in existing.keys().filter(|n| !expected.contains_key(*n)) {
            stale.push(format!(
                "specs/{name} is not generated by api-ref/ any more"
            ));
        }
        if !stale.is_empty() {
            for s in &stale {
                eprintln!("{s}");
            }
            bail!("specs/ is stale: run `cargo xtask specs` and commit the result");
        }
        eprintln!("specs/ is up to date ({} files)", expected.len());
        return Ok(());
    }
    for (name, text) in &expected {
        if existing.get(name) != Some(text) {
            write_atomically(&specs_dir.join(name), text)?;
            eprintln!("wrote specs/{name}");
        }
    }
    for name in existing.keys().filter(|n| !expected.contains_key(*n)) {
        fs::remove_file(specs_dir.join(name))?;
        eprintln!("removed stale specs/{name}");
    }
    eprintln!("specs/ holds {} files", expected.len());
    Ok(())
}

fn print_diff(name: &str, old: &str, new: &str) {
    eprintln!(
        "{}",
        speclift::stale_diff(&format!("specs/{name}"), old, new, 60)
    );
}

/// Builds the portal for the committed `specs/` (default: `target/portal`).
fn portal(out: &Path) -> Result<()> {
    let summary = speclift_portal::build_site(&[repo_root().join("specs")], out)?;
    for (slug, operations, actions) in &summary.apis {
        println!("{slug}: {operations} operations, {actions} actions");
    }
    println!("portal: {}", out.join("index.html").display());
    Ok(())
}

/// Writes the man pages of `speclift` into `out` (default `target/man`):
/// the binary renders them from its own clap definition, so they always
/// match `--help`.
fn man(out: &Path) -> Result<()> {
    let out = std::path::absolute(out)?;
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(repo_root())
        .args(["run", "-p", "speclift", "--", "man-pages"])
        .arg(&out)
        .status()
        .context("cannot run cargo run -p speclift")?;
    if !status.success() {
        bail!("writing the man pages failed");
    }
    println!(
        "man pages: {} (read one with `man -l {}`)",
        out.display(),
        out.join("speclift.1").display()
    );
    Ok(())
}

/// Runs one benchmark of the `speclift` crate (`generate`, `portal`) in
/// release mode.
fn bench(name: &str, rest: &[&str]) -> Result<()> {
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(repo_root())
        .args(["bench", "-p", "speclift", "--bench", name, "--"])
        .args(rest)
        .status()
        .context("cannot run cargo bench")?;
    if !status.success() {
        bail!("benchmark failed");
    }
    Ok(())
}

/// Builds the release `speclift` binary and returns its path.
fn release_speclift(root: &Path) -> Result<PathBuf> {
    run_release_build(&mut release_build(root))?;
    Ok(target_dir(root).join("release/speclift"))
}

/// `cargo build --quiet --release -p speclift` in the repository, for the
/// caller to add a target folder or flags to.
fn release_build(root: &Path) -> Command {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.current_dir(root)
        .args(["build", "--quiet", "--release", "-p", "speclift"]);
    cmd
}

/// Runs a [`release_build`]; a failed build is an error.
fn run_release_build(cmd: &mut Command) -> Result<()> {
    let status = cmd.status().context("cannot run cargo build")?;
    if !status.success() {
        bail!("cargo build --release -p speclift failed");
    }
    Ok(())
}

/// Cargo's target folder: `CARGO_TARGET_DIR`, else `target/`.
fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
}
