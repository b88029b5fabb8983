//! The files `check` reads and writes: inputs are regular files under a
//! size cap (a FIFO would block the read forever, `/dev/zero` would fill
//! memory); report paths are proven writable, and never one of the inputs,
//! before a single request is sent.

use std::fs;
use std::path::{Path, PathBuf};

use speclift_rst::confine::{Confinement, Refusal};

use crate::transport::size_label;

/// Input files larger than this are refused unless told otherwise.
pub const DEFAULT_MAX_FILE: u64 = speclift_rst::confine::DEFAULT_MAX_FILE_BYTES;

/// What kind of thing other than a regular file sits at a report path.
fn kind(meta: &fs::Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    "not a regular file"
}

/// The text of the regular file at `path`, at most `cap` bytes. It passes
/// the same gate as every documentation file `gen` and `lint` read
/// ([`Confinement`], unrooted: a spec may live anywhere), so the file type
/// is looked at before opening and a FIFO or device is never opened.
pub fn read_regular(path: &Path, cap: u64) -> Result<String, String> {
    let bytes = Confinement::unrooted()
        .with_max_bytes(cap)
        .read(path)
        .map_err(|refusal| match refusal {
            Refusal::NotFound(_) => "does not exist".to_string(),
            Refusal::NotAFile(kind) => format!("is a {kind}; only regular files are read"),
            Refusal::TooLarge { .. } => format!(
                "is larger than the {} limit; raise --max-file-size to read it",
                size_label(cap)
            ),
            Refusal::Io(e) => e.to_string(),
            // Unrooted: nothing is outside.
            outside @ Refusal::Outside { .. } => outside.to_string(),
        })?;
    String::from_utf8(bytes).map_err(|_| "is not UTF-8 text".to_string())
}

/// Whether `a` and `b` are the same file (hard links and symlinks
/// included); false when either does not exist.
fn same_file(a: &Path, b: &Path) -> bool {
    let (Ok(ma), Ok(mb)) = (fs::metadata(a), fs::metadata(b)) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        ma.dev() == mb.dev() && ma.ino() == mb.ino()
    }
    #[cfg(not(unix))]
    {
        let _ = (ma, mb);
        matches!((fs::canonicalize(a), fs::canonicalize(b)), (Ok(x), Ok(y)) if x == y)
    }
}

/// Refuses report paths that are an input, that repeat, or that cannot be
/// written; the error names the path. Writes nothing that stays: an
/// existing file is opened for appending (not truncated), a new one is
/// created and removed again.
pub fn check_outputs(outputs: &[&Path], inputs: &[&Path]) -> Result<(), String> {
    let mut seen: Vec<PathBuf> = Vec::new();
    for &out in outputs {
        let name = out.display();
        if let Some(input) = inputs.iter().find(|i| same_file(out, i)) {
            return Err(format!(
                "{name}: is the input {}; a report never overwrites an input",
                input.display()
            ));
        }
        if seen.iter().any(|s| s == out || same_file(s, out)) {
            return Err(format!("{name}: given for two reports"));
        }
        seen.push(out.to_path_buf());
        match fs::metadata(out) {
            Ok(meta) if !meta.is_file() => {
                return Err(format!("{name}: is {}, not a file to write", kind(&meta)));
            }
            Ok(_) => {
                fs::OpenOptions::new()
                    .append(true)
                    .open(out)
                    .map_err(|e| format!("{name}: cannot be written: {e}"))?;
            }
            Err(_) => {
                fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(out)
                    .map_err(|e| format!("{name}: cannot be written: {e}"))?;
                let _ = fs::remove_file(out);
            }
        }
    }
    Ok(())
}

/// `8388608`, `512K`, `8M`, `8MiB`, `1G` → bytes.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (number, unit) = t.split_at(digits);
    let scale: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1024,
        "m" | "mb" | "mib" => 1024 * 1024,
        "g" | "gb" | "gib" => 1024 * 1024 * 1024,
        _ => 0,
    };
    match number.parse::<u64>() {
        Ok(n) if n > 0 && scale > 0 => n
            .checked_mul(scale)
            .ok_or_else(|| format!("`{s}` is too large")),
        _ => Err(format!(
            "`{s}`: expected a size such as 8M, 512K or 1048576"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("8M").unwrap(), 8 * 1024 * 1024);
        assert_eq!(parse_size("8MiB").unwrap(), 8 * 1024 * 1024);
        assert_eq!(parse_size("512k").unwrap(), 512 * 1024);
        assert_eq!(parse_size("100").unwrap(), 100);
        for bad in ["", "0", "M", "8X", "-1"] {
            assert!(parse_size(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn only_regular_files_under_the_cap_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("spec.json");
        fs::write(&file, "{}").unwrap();
        assert_eq!(read_regular(&file, 2).unwrap(), "{}");
        assert!(
            read_regular(&file, 1)
                .unwrap_err()
                .contains("larger than the 1 bytes")
        );
        assert!(
            read_regular(dir.path(), 100)
                .unwrap_err()
                .contains("a directory")
        );
        let missing = read_regular(&dir.path().join("none"), 100).unwrap_err();
        assert_eq!(missing, "does not exist");
        #[cfg(unix)]
        {
            // Before: `/dev/zero` was read until memory ran out.
            let err = read_regular(Path::new("/dev/zero"), 100).unwrap_err();
            assert!(err.contains("a device"), "{err}");
        }
    }

    #[test]
    fn report_paths_are_checked_before_anything_is_sent() {
        let dir = tempfile::tempdir().unwrap();
        let spec = dir.path().join("spec.json");
        fs::write(&spec, "{}").unwrap();
        let report = dir.path().join("report.json");
        assert!(check_outputs(&[&report], &[&spec]).is_ok());
        assert!(!report.exists(), "the probe leaves nothing behind");
        let err = check_outputs(&[&spec], &[&spec]).unwrap_err();
        assert!(err.contains("never overwrites an input"), "{err}");
        assert_eq!(fs::read_to_string(&spec).unwrap(), "{}");
        let unwritable = dir.path().join("no/such/dir/r.xml");
        assert!(
            check_outputs(&[&unwritable], &[&spec])
                .unwrap_err()
                .contains("cannot be written")
        );
        assert!(
            check_outputs(&[dir.path()], &[&spec])
                .unwrap_err()
                .contains("a directory")
        );
        assert!(
            check_outputs(&[&report, &report], &[&spec])
                .unwrap_err()
                .contains("two reports")
        );
    }
}

/// How deep a spec may nest. `gen` reads samples at most 128 levels deep
/// (serde_json's limit), and a schema takes about two levels per sample
/// level, so what `gen` writes stays far below this.
pub const MAX_SPEC_DEPTH: usize = 1024;

/// The YAML reader's limits for specs: deep and large enough for anything
/// `gen` writes (its own default, 64 levels and 250,000 nodes, refused
/// specs `gen` wrote); the size of the text is already capped by
/// [`read_regular`].
fn spec_reader_options() -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = MAX_SPEC_DEPTH;
    budget.flow_nesting_limit = MAX_SPEC_DEPTH;
    // More nodes and events than a file under the size cap can hold.
    budget.max_nodes = 64 * 1024 * 1024;
    budget.max_events = 128 * 1024 * 1024;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options
}

/// A spec from its YAML or JSON text. JSON goes through serde_json first
/// (fast), anything else, and JSON nested deeper than serde_json's 128
/// levels, through the YAML reader, whose limits are worded as limits.
pub fn parse_spec(text: &str) -> Result<serde_json::Value, String> {
    if let Ok(value) = serde_json::from_str(text) {
        return Ok(value);
    }
    // The reader recurses once per level: a stack of its own, sized for
    // MAX_SPEC_DEPTH levels even in a debug build, whatever thread (a
    // 2 MiB test thread) calls this.
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("spec-reader".into())
            .stack_size(256 * 1024 * 1024)
            .spawn_scoped(scope, || parse_yaml(text))
            .map_err(|e| format!("could not start the spec reader: {e}"))?
            .join()
            .unwrap_or_else(|_| Err("the spec reader failed".to_string()))
    })
}

fn parse_yaml(text: &str) -> Result<serde_json::Value, String> {
    serde_saphyr::from_str_with_options(text, spec_reader_options()).map_err(|e| {
        match e.without_snippet() {
            serde_saphyr::Error::Budget { breach, .. } => format!(
                "the document is beyond a limit of speclift's spec reader ({}); \
             a spec generated by speclift never is",
                limit_breached(breach)
            ),
            _ => e.to_string(),
        }
    })
}

fn limit_breached(breach: &serde_saphyr::budget::BudgetBreach) -> String {
    use serde_saphyr::budget::BudgetBreach as B;
    match breach {
        B::Depth { .. } => format!("nested more than {MAX_SPEC_DEPTH} levels deep"),
        B::Nodes { nodes } => format!("more than {} nodes", nodes.saturating_sub(1)),
        other => format!("{other:?}"),
    }
}

#[cfg(test)]
mod spec_tests {
    use super::*;

    /// `depth` nested objects, as JSON and as block YAML.
    fn nested(depth: usize) -> (String, String) {
        let json = format!("{}1{}", "{\"a\": ".repeat(depth), "}".repeat(depth));
        let mut yaml = String::new();
        for level in 0..depth {
            yaml.push_str(&"  ".repeat(level));
            yaml.push_str(if level + 1 == depth { "a: 1\n" } else { "a:\n" });
        }
        (json, yaml)
    }

    #[test]
    fn specs_as_deep_as_gen_writes_are_read() {
        // Before: YAML beyond 64 levels was "budget breached: Depth",
        // JSON beyond 128 "recursion limit exceeded".
        let (json, yaml) = nested(300);
        let from_json = parse_spec(&json).unwrap();
        let from_yaml = parse_spec(&yaml).unwrap();
        assert_eq!(from_json, from_yaml);
        let (_, too_deep) = nested(MAX_SPEC_DEPTH + 10);
        let err = parse_spec(&too_deep).unwrap_err();
        assert!(
            err.contains("limit") && err.contains("1024 levels"),
            "{err}"
        );
        assert!(!err.contains("budget breached"), "{err}");
    }

    #[test]
    fn specs_with_many_nodes_are_read() {
        // 300,001 scalars: over the YAML reader's default of 250,000.
        let mut yaml = String::from("items:\n");
        for i in 0..300_000 {
            yaml.push_str(&format!("- {i}\n"));
        }
        let value = parse_spec(&yaml).unwrap();
        assert_eq!(value["items"].as_array().map(Vec::len), Some(300_000));
    }
}
