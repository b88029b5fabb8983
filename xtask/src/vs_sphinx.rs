//! `cargo xtask bench --vs-sphinx [--runs N] [--warmup N] [--tree PATH]
//! [--pgo]`: the release `speclift gen` (or its profile-guided build,
//! `--pgo`) against `sphinx-build -b html -j 1` with os-api-ref on the same
//! tree, run alternately (A, B, A, B, …) so both see the same machine load,
//! and judged by the ratio of each pair.
//!
//! One untimed pair goes first (`--warmup`, as hyperfine's): in 7 of 17
//! recorded benchmarks, the first `gen` after `cargo build` took 1.2–2.0
//! times the median of the pairs after it, and with 5 pairs one outlier
//! moves the median.
//!
//! Sphinx reads a minimal `conf.py` (`extensions = ['os_api_ref']`, theme
//! alabaster) from a temporary directory through `-c`: nothing is written
//! into the tree, and no project theme or extension slows the baseline.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use anyhow::{Context, Result, bail};

use crate::child::{Measured, run_measured};

/// Where an existing venv with Sphinx + os-api-ref can be named (locally,
/// e.g. `/work/oracle-venv`); without it the venv lives under `target/`.
const VENV_ENV: &str = "SPECLIFT_SPHINX_VENV";

/// The baseline's versions, pinned so the ratio moves only with speclift.
const REQUIREMENTS: &str = "scripts/sphinx-bench-requirements.txt";

const CONF_PY: &str = "\
# Written by `cargo xtask bench --vs-sphinx`: the fastest configuration
# os-api-ref renders with (no project theme, no other extension).
extensions = ['os_api_ref']
project = 'bench'
html_theme = 'alabaster'
";

pub struct Options {
    pub runs: usize,
    /// Untimed pairs before the timed ones.
    pub warmup: usize,
    pub tree: PathBuf,
    /// Time the profile-guided build (`cargo xtask pgo`) instead of the
    /// plain release build.
    pub pgo: bool,
}

impl Options {
    pub fn parse(root: &Path, args: &[&str]) -> Result<Options> {
        let mut options = Options {
            runs: 5,
            warmup: 1,
            tree: root.join("../shared/corpus/cinder/api-ref/source"),
            pgo: false,
        };
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            match *arg {
                "--runs" => {
                    let n = args.next().context("--runs needs a number")?;
                    options.runs = n
                        .parse()
                        .ok()
                        .filter(|n| *n > 0)
                        .with_context(|| format!("--runs {n}: give a positive number"))?;
                }
                "--warmup" => {
                    let n = args.next().context("--warmup needs a number")?;
                    options.warmup = n
                        .parse()
                        .with_context(|| format!("--warmup {n}: give a count (0 for none)"))?;
                }
                "--pgo" => options.pgo = true,
                "--tree" => {
                    options.tree = PathBuf::from(args.next().context("--tree needs a path")?);
                }
                other => {
                    bail!(
                        "bench --vs-sphinx: unknown argument `{other}` (--runs N, --warmup N, --tree PATH, --pgo)"
                    )
                }
            }
        }
        if !options.tree.join("index.rst").is_file() {
            bail!(
                "{}: no index.rst; give an api-ref source directory with --tree (the default needs ../shared beside the repository)",
                options.tree.display()
            );
        }
        Ok(options)
    }
}

pub fn run(root: &Path, options: &Options) -> Result<()> {
    let sphinx = sphinx_build(root)?;
    let speclift = if options.pgo {
        crate::pgo::build(root)?
    } else {
        crate::release_speclift(root)?
    };
    let work = tempdir()?;
    let conf = work.join("conf");
    fs::create_dir_all(&conf)?;
    fs::write(conf.join("conf.py"), CONF_PY)?;
    let tree = options.tree.as_path();
    eprintln!(
        "vs-sphinx: {} pairs (after {} untimed) of {} on {} ({}); load {}",
        options.runs,
        options.warmup,
        speclift.display(),
        tree.display(),
        version_line(&sphinx),
        load_average()
    );
    // One pair: speclift, then Sphinx, each writing into a fresh directory
    // that is dropped at once (the next runs write fresh).
    let pair = |i: usize| -> Result<(Measured, Measured)> {
        let out = work.join(format!("speclift-{i}"));
        let mut gen_cmd = Command::new(&speclift);
        gen_cmd.arg("gen").arg(tree).arg("-o").arg(&out);
        let a = run_measured(&mut gen_cmd).context("speclift gen")?;
        if !a.success {
            bail!("speclift gen failed on {}:\n{}", tree.display(), a.stderr);
        }
        let html = work.join(format!("sphinx-{i}"));
        let mut sphinx_cmd = Command::new(&sphinx);
        sphinx_cmd
            .args(["-q", "-b", "html", "-j", "1", "-c"])
            .arg(&conf)
            .arg(tree)
            .arg(&html);
        let b = run_measured(&mut sphinx_cmd).context("sphinx-build")?;
        if !b.success {
            bail!(
                "sphinx-build failed on {}:\n{}",
                tree.display(),
                tail(&b.stderr, 20)
            );
        }
        let _ = fs::remove_dir_all(&out);
        let _ = fs::remove_dir_all(&html);
        Ok((a, b))
    };
    let line = |a: &Measured, b: &Measured| {
        format!(
            "speclift {:.1} ms ({} major faults, {} KiB read), sphinx-build {:.2} s: {:.0}×",
            ms(a.wall),
            a.major_faults,
            a.read_kib,
            b.wall.as_secs_f64(),
            ratio(b.wall, a.wall)
        )
    };
    for i in 0..options.warmup {
        let (a, b) = pair(i)?;
        eprintln!("  warm-up pair (not counted): {}", line(&a, &b));
    }
    let mut ours = Vec::new();
    let mut theirs = Vec::new();
    for i in 0..options.runs {
        let (a, b) = pair(options.warmup + i)?;
        eprintln!("  pair {}: {}", i + 1, line(&a, &b));
        ours.push(a);
        theirs.push(b);
    }
    let _ = fs::remove_dir_all(&work);
    print!("{}", report(&ours, &theirs));
    Ok(())
}

/// The summary table: min/median/max of wall and CPU time for both, the
/// median of the per-pair ratios and speclift's peak RSS.
pub fn report(ours: &[Measured], theirs: &[Measured]) -> String {
    let row = |name: &str, runs: &[Measured], pick: fn(&Measured) -> Duration| {
        let (min, median, max) = spread(runs.iter().map(pick).collect());
        format!(
            "  {name:<13} {:>9.1} {:>9.1} {:>9.1}\n",
            ms(min),
            ms(median),
            ms(max)
        )
    };
    let pair_ratio = |pick: fn(&Measured) -> Duration| {
        let ratios: Vec<f64> = ours
            .iter()
            .zip(theirs)
            .map(|(a, b)| ratio(pick(b), pick(a)))
            .collect();
        median_f64(ratios)
    };
    let rss = ours.iter().map(|m| m.max_rss_kib).max().unwrap_or(0);
    let median_of = |pick: fn(&Measured) -> u64| spread(ours.iter().map(pick).collect()).1;
    let mut out = format!(
        "speclift gen vs sphinx-build -b html -j 1 (os-api-ref), {} alternating pairs\n",
        ours.len()
    );
    out.push_str("  ms            min       median    max\n");
    out.push_str(&row("speclift wall", ours, |m| m.wall));
    out.push_str(&row("speclift cpu", ours, |m| m.cpu));
    out.push_str(&row("sphinx wall", theirs, |m| m.wall));
    out.push_str(&row("sphinx cpu", theirs, |m| m.cpu));
    out.push_str(&format!(
        "  median ratio per pair: {:.0}× wall, {:.0}× cpu\n",
        pair_ratio(|m| m.wall),
        pair_ratio(|m| m.cpu)
    ));
    out.push_str(&format!(
        "  speclift peak RSS: {:.1} MiB\n",
        rss as f64 / 1024.0
    ));
    // Reading its binary back from disk is part of speclift's wall time
    // on a machine that pages out the file cache: shown, so a round slowed
    // by it says so.
    out.push_str(&format!(
        "  speclift from disk, median per run: {} major faults, {} KiB read\n",
        median_of(|m| m.major_faults),
        median_of(|m| m.read_kib)
    ));
    out
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn ratio(slow: Duration, fast: Duration) -> f64 {
    slow.as_secs_f64() / fast.as_secs_f64().max(1e-9)
}

/// (min, median, max); the median of an even count is the upper middle.
fn spread<T: Ord + Copy + Default>(mut values: Vec<T>) -> (T, T, T) {
    values.sort_unstable();
    match (values.first(), values.last()) {
        (Some(&min), Some(&max)) => (min, values[values.len() / 2], max),
        _ => Default::default(),
    }
}

fn median_f64(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

/// `sphinx-build` of the venv, which is created with the pinned versions
/// when it does not exist yet.
fn sphinx_build(root: &Path) -> Result<PathBuf> {
    let venv = std::env::var_os(VENV_ENV)
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target/sphinx-venv"));
    let bin = venv.join("bin/sphinx-build");
    if bin.is_file() {
        return Ok(bin);
    }
    eprintln!(
        "vs-sphinx: installing Sphinx + os-api-ref into {}",
        venv.display()
    );
    let status = Command::new("python3")
        .args(["-m", "venv"])
        .arg(&venv)
        .status()
        .context("cannot run python3 -m venv")?;
    if !status.success() {
        bail!("python3 -m venv {} failed", venv.display());
    }
    let status = Command::new(venv.join("bin/pip"))
        .args(["install", "--quiet", "--disable-pip-version-check", "-r"])
        .arg(root.join(REQUIREMENTS))
        .status()
        .context("cannot run pip")?;
    if !status.success() || !bin.is_file() {
        bail!(
            "pip could not install {REQUIREMENTS} into {}; remove it and retry, or name a ready venv with {VENV_ENV}",
            venv.display()
        );
    }
    Ok(bin)
}

fn version_line(sphinx: &Path) -> String {
    let python = sphinx.with_file_name("python");
    Command::new(python)
        .args([
            "-c",
            "import importlib.metadata as m; print('Sphinx', m.version('sphinx'), '+ os-api-ref', m.version('os-api-ref'))",
        ])
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_string())
        .unwrap_or_else(|| "Sphinx ?".into())
}

/// The 1-, 5- and 15-minute load averages, for the record: the ratio per
/// pair is what counts on a shared machine.
pub fn load_average() -> String {
    fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| "?".into())
}

fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

/// A fresh directory under the system temp dir (removed by the caller).
pub fn tempdir() -> Result<PathBuf> {
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let dir = std::env::temp_dir().join(format!("speclift-bench-{}-{stamp}", std::process::id()));
    fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    Ok(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn measured(wall_ms: u64, cpu_ms: u64, rss: u64) -> Measured {
        Measured {
            wall: Duration::from_millis(wall_ms),
            cpu: Duration::from_millis(cpu_ms),
            max_rss_kib: rss,
            major_faults: wall_ms / 10,
            read_kib: cpu_ms * 4,
            success: true,
            stderr: String::new(),
        }
    }

    #[test]
    fn report_takes_the_median_of_the_pairs_ratios() {
        // Pair ratios 100, 300, 200: the median is 200, where the ratio
        // of the medians (6000 / 20) would say 300.
        let ours = [
            measured(10, 8, 30_000),
            measured(20, 10, 31_000),
            measured(50, 20, 29_000),
        ];
        let theirs = [
            measured(1000, 900, 0),
            measured(6000, 5000, 0),
            measured(10_000, 9000, 0),
        ];
        let text = report(&ours, &theirs);
        assert!(text.contains("median ratio per pair: 200× wall"), "{text}");
        assert!(text.contains("speclift peak RSS: 30.3 MiB"), "{text}");
        // Faults 1, 2, 5 and reads 32, 40, 80 KiB: the medians.
        assert!(
            text.contains("median per run: 2 major faults, 40 KiB read"),
            "{text}"
        );
        assert!(
            text.contains("speclift wall      10.0      20.0      50.0"),
            "{text}"
        );
    }

    #[test]
    fn one_untimed_pair_unless_told() {
        let tree = tempdir().unwrap();
        fs::write(tree.join("index.rst"), "API\n===\n").unwrap();
        let root = Path::new(".");
        let path = tree.to_str().unwrap();
        let default = Options::parse(root, &["--tree", path]).unwrap();
        assert_eq!((default.runs, default.warmup), (5, 1));
        let none = Options::parse(root, &["--tree", path, "--warmup", "0"]).unwrap();
        assert_eq!(none.warmup, 0);
        let bad = Options::parse(root, &["--tree", path, "--warmup", "x"]).err();
        assert!(bad.is_some_and(|e| e.to_string().contains("--warmup x")));
        fs::remove_dir_all(&tree).unwrap();
    }
}
