//! `speclift --version` names the commit and the build date.
//!
//! Both come from git when the source is a git checkout, and are `unknown`
//! otherwise (a source tarball builds the same). The script reruns only
//! when HEAD moves (`.git/HEAD` and the branch's ref), so an unchanged tree
//! is not rebuilt on every `cargo build`; the date is `SOURCE_DATE_EPOCH`'s
//! when set (reproducible builds), else the day the commit was built.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=SOURCE_DATE_EPOCH");
    link_at_a_fixed_address();
    let dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let commit = git(&dir, &["rev-parse", "--short=12", "HEAD"]);
    for file in watched(&dir) {
        println!("cargo:rerun-if-changed={}", file.display());
    }
    let date = source_date_epoch()
        .or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .ok()
                .map(|d| d.as_secs())
        })
        .map_or_else(|| "unknown".to_string(), civil_date);
    println!(
        "cargo:rustc-env=SPECLIFT_COMMIT={}",
        commit.as_deref().unwrap_or("unknown")
    );
    println!("cargo:rustc-env=SPECLIFT_BUILD_DATE={date}");
}

/// `git ARGS` run in `dir`, its trimmed output when it succeeds.
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    (out.status.success() && !text.trim().is_empty()).then(|| text.trim().to_string())
}

/// The files whose change moves HEAD: HEAD itself, the branch it names and
/// packed-refs (worktrees keep HEAD apart from the shared refs; `git
/// rev-parse --git-path` finds each). Only existing files: cargo reruns a
/// script on every build while a watched file is missing.
fn watched(dir: &Path) -> Vec<PathBuf> {
    let mut names = vec!["HEAD".to_string(), "packed-refs".to_string()];
    if let Some(branch) = git(dir, &["symbolic-ref", "-q", "HEAD"]) {
        names.push(branch);
    }
    names
        .iter()
        .filter_map(|name| git(dir, &["rev-parse", "--git-path", name]))
        .map(|p| dir.join(p))
        .filter(|p| p.is_file())
        .collect()
}

fn source_date_epoch() -> Option<u64> {
    std::env::var("SOURCE_DATE_EPOCH").ok()?.trim().parse().ok()
}

/// `YYYY-MM-DD` (UTC) of a Unix time, by Howard Hinnant's days-to-civil
/// algorithm (no date crate for one line of output).
fn civil_date(secs: u64) -> String {
    let days = i64::try_from(secs / 86_400).unwrap_or(0) + 719_468;
    let era = days.div_euclid(146_097);
    let doe = days.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// On Linux the binary is linked at a fixed address (`-no-pie`): the
/// ~27,000 relative relocations of a position-independent executable
/// (vtables, string tables) are then resolved by the linker, not by the
/// dynamic loader at every start, and the pages holding them are not
/// copied on write. Each run of `speclift` is short, and the loader's
/// share of it was measurable. Only where the target is Linux on x86-64
/// with glibc, whose toolchain takes the flag.
fn link_at_a_fixed_address() {
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    if var("CARGO_CFG_TARGET_OS") == "linux"
        && var("CARGO_CFG_TARGET_ARCH") == "x86_64"
        && var("CARGO_CFG_TARGET_ENV") == "gnu"
    {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
