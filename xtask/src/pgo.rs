//! `cargo xtask pgo`: the release `speclift` built with profile-guided
//! optimization (`target/pgo/optimized/release/speclift`).
//!
//! An instrumented build runs `gen` (YAML and JSON) and `lint` over the
//! training trees, `llvm-profdata` merges the counts, and the release build
//! is made again with them: LLVM then lays out and inlines for the branches
//! the runs took. The training trees are the project's own `api-ref/` and
//! every corpus tree beside the repository but Cinder's, the tree `bench
//! --vs-sphinx` times, so the benchmark measures a tree the profile never
//! saw. The profile is named by the instrumented binary's hash: unchanged
//! sources reuse it, and cargo then has nothing to rebuild.

use std::fs;
use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail};

/// Builds the profile-guided release binary and returns its path.
pub fn build(root: &Path) -> Result<PathBuf> {
    let profdata_tool = llvm_profdata()?;
    let pgo = crate::target_dir(root).join("pgo");
    let raw = pgo.join("raw");
    cargo_build(
        root,
        &pgo.join("instrumented"),
        &[format!("-Cprofile-generate={}", raw.display())],
    )?;
    let instrumented = pgo.join("instrumented/release/speclift");
    let binary_hash =
        hash(&instrumented).with_context(|| format!("cannot read {}", instrumented.display()))?;
    let profile = pgo.join(format!("speclift-{binary_hash:016x}.profdata"));
    if !profile.is_file() {
        // The instrumented build's own build scripts wrote counts too: a
        // clean folder keeps only the training runs'.
        let _ = fs::remove_dir_all(&raw);
        fs::create_dir_all(&raw)?;
        train(root, &instrumented)?;
        // Merged under another name and renamed: an interrupted merge
        // leaves no profile to be taken for a whole one next time.
        let partial = profile.with_extension("partial");
        let status = Command::new(&profdata_tool)
            .arg("merge")
            .arg("-o")
            .arg(&partial)
            .arg(&raw)
            .status()
            .with_context(|| format!("cannot run {}", profdata_tool.display()))?;
        if !status.success() {
            let _ = fs::remove_file(&partial);
            bail!("{} merge failed", profdata_tool.display());
        }
        remove_old_profiles(&pgo);
        fs::rename(&partial, &profile)
            .with_context(|| format!("cannot write {}", profile.display()))?;
    }
    cargo_build(
        root,
        &pgo.join("optimized"),
        // A function changed since the profile was taken is only built
        // without it: said once here, not per function.
        &[
            format!("-Cprofile-use={}", profile.display()),
            "-Cllvm-args=-no-pgo-warn-mismatch".to_owned(),
        ],
    )?;
    Ok(pgo.join("optimized/release/speclift"))
}

/// `cargo build --release -p speclift` into `target` with `rustflags`
/// (passed encoded, one flag per field: a path with a space stays whole).
fn cargo_build(root: &Path, target: &Path, rustflags: &[String]) -> Result<()> {
    eprintln!("pgo: building into {}", target.display());
    crate::run_release_build(
        crate::release_build(root)
            .arg("--target-dir")
            .arg(target)
            .env("CARGO_ENCODED_RUSTFLAGS", rustflags.join("\x1f"))
            .env_remove("RUSTFLAGS"),
    )
}

/// Profiles of earlier sources (each tens of megabytes): only the newest
/// is ever used.
fn remove_old_profiles(pgo: &Path) {
    for entry in fs::read_dir(pgo).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "profdata") {
            let _ = fs::remove_file(path);
        }
    }
}

/// The training runs: `gen` in both formats and `lint` on every tree.
fn train(root: &Path, speclift: &Path) -> Result<()> {
    let trees = training_trees(root);
    eprintln!("pgo: training on {} trees", trees.len());
    let out = crate::vs_sphinx::tempdir()?;
    let runs: [&[&str]; 3] = [&["gen"], &["gen", "--format", "json"], &["lint"]];
    for (i, tree) in trees.iter().enumerate() {
        for (j, args) in runs.iter().enumerate() {
            let mut cmd = Command::new(speclift);
            cmd.args(*args).arg(tree);
            if args[0] == "gen" {
                cmd.arg("-o").arg(out.join(format!("{i}-{j}")));
            }
            // Findings are the runs' business, not the training's: only a
            // run that did not finish (a crash) stops it.
            let status = cmd
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .with_context(|| format!("cannot run {}", speclift.display()))?;
            if status.code().is_none() {
                bail!(
                    "speclift {} {} did not finish ({status})",
                    args.join(" "),
                    tree.display()
                );
            }
        }
    }
    let _ = fs::remove_dir_all(&out);
    Ok(())
}

/// The project's `api-ref/` and, when the corpus is beside the repository,
/// its api-ref trees and Synnefo guides but Cinder's (the benchmark's).
fn training_trees(root: &Path) -> Vec<PathBuf> {
    let mut trees = vec![root.join("api-ref")];
    let corpus = root.join("../shared/corpus");
    let Ok(entries) = fs::read_dir(&corpus) else {
        return trees;
    };
    let mut names: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    names.sort();
    for dir in names {
        if dir.file_name().is_some_and(|n| n == "cinder") {
            continue;
        }
        let source = dir.join("api-ref/source");
        if source.join("index.rst").is_file() {
            trees.push(source);
        }
        let mut guides: Vec<PathBuf> = fs::read_dir(dir.join("docs"))
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "rst"))
            .collect();
        guides.sort();
        trees.extend(guides);
    }
    trees
}

/// `llvm-profdata` of rustc's LLVM major version: rustup's `llvm-tools`,
/// then `llvm-profdata-N` on the PATH, then Debian's `/usr/lib/llvm-N`.
fn llvm_profdata() -> Result<PathBuf> {
    let rustc = |args: &[&str]| -> Result<String> {
        let out = Command::new("rustc")
            .args(args)
            .output()
            .context("cannot run rustc")?;
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let version = rustc(&["-vV"])?;
    let field = |name: &str| {
        version
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .map(str::trim)
            .unwrap_or_default()
            .to_owned()
    };
    let (host, llvm) = (field("host:"), field("LLVM version:"));
    let major = llvm.split('.').next().unwrap_or_default().to_owned();
    let sysroot = rustc(&["--print", "sysroot"])?;
    let mut candidates = vec![
        Path::new(sysroot.trim()).join(format!("lib/rustlib/{host}/bin/llvm-profdata")),
        PathBuf::from(format!("/usr/lib/llvm-{major}/bin/llvm-profdata")),
    ];
    if let Some(path) = std::env::var_os("PATH") {
        candidates.extend(
            std::env::split_paths(&path).map(|dir| dir.join(format!("llvm-profdata-{major}"))),
        );
    }
    candidates.into_iter().find(|c| c.is_file()).with_context(|| {
        format!(
            "no llvm-profdata for LLVM {major} (rustc's): `rustup component add llvm-tools`, or `apt-get install llvm-{major}`"
        )
    })
}

/// SipHash with fixed keys of the file's bytes: names the profile of one
/// instrumented binary. Read a block at a time, not whole: `wait4` counts
/// this process's peak memory into the next child's (the child starts as
/// its copy), and the benchmark reports that child's peak RSS.
fn hash(path: &Path) -> std::io::Result<u64> {
    use std::io::Read;
    let mut file = fs::File::open(path)?;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    let mut block = vec![0; 1 << 16];
    loop {
        let n = file.read(&mut block)?;
        if n == 0 {
            return Ok(h.finish());
        }
        h.write(block.get(..n).unwrap_or_default());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn training_leaves_out_the_benchmarks_tree() {
        let scratch = crate::vs_sphinx::tempdir().expect("scratch folder");
        let root = scratch.join("speclift");
        let corpus = scratch.join("shared/corpus");
        for dir in [
            root.join("api-ref"),
            corpus.join("cinder/api-ref/source"),
            corpus.join("nova/api-ref/source"),
            corpus.join("synnefo/docs"),
        ] {
            fs::create_dir_all(&dir).expect("folder");
        }
        for file in [
            corpus.join("cinder/api-ref/source/index.rst"),
            corpus.join("nova/api-ref/source/index.rst"),
            corpus.join("synnefo/docs/compute-api-guide.rst"),
            corpus.join("synnefo/docs/notes.txt"),
        ] {
            fs::write(&file, "").expect("file");
        }
        let trees = training_trees(&root);
        let _ = fs::remove_dir_all(&scratch);
        assert_eq!(
            trees,
            [
                root.join("api-ref"),
                root.join("../shared/corpus/nova/api-ref/source"),
                root.join("../shared/corpus/synnefo/docs/compute-api-guide.rst"),
            ]
        );
    }
}
