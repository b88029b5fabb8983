//! Crafted inputs that once cost superlinear time: a body-parameter table
//! of 10,000 rows (with and without a sample of the body) and a list
//! nested 2,000 levels deep. Prints the wall time of `generate` and of
//! `lint` on each; both should stay well under a second.
//!
//! `cargo bench -p speclift --bench crafted` (`-- --rows=N --depth=N` to
//! change the sizes).

mod support;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use speclift::{GenerateOptions, generate};

fn arg(name: &str, default: usize) -> usize {
    std::env::args()
        .skip(1)
        .find_map(|a| {
            a.strip_prefix(&format!("--{name}="))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(default)
}

/// One POST whose request body table documents `thing` and `rows` fields
/// of it; with `sample`, a request sample shows them all.
fn body_table(dir: &Path, rows: usize, sample: bool) -> PathBuf {
    let mut page = String::from(
        "==========\nThings API\n==========\n\nCreate thing\n============\n\n\
         .. rest_method:: POST /v1/things\n\nCreates a thing.\n\n\
         Normal response codes: 202\n\nRequest\n-------\n\n\
         .. rest_parameters:: parameters.yaml\n\n   - thing: thing\n",
    );
    let mut params = String::from(
        "thing:\n  description: |\n    The thing.\n  in: body\n  required: true\n  type: object\n",
    );
    let mut body = serde_json::Map::new();
    for i in 0..rows {
        let _ = writeln!(page, "   - field_{i}: field_{i}");
        let _ = write!(
            params,
            "field_{i}:\n  description: |\n    Field {i}.\n  in: body\n  required: false\n  type: string\n"
        );
        body.insert(format!("field_{i}"), serde_json::Value::from("x"));
    }
    if sample {
        page.push_str("\nRequest Example\n---------------\n\n.. literalinclude:: thing-create-request.json\n   :language: javascript\n");
        let sample = serde_json::json!({ "thing": body });
        write(dir, "thing-create-request.json", &sample.to_string());
    }
    write(dir, "parameters.yaml", &params);
    write(dir, "index.rst", &page)
}

/// An operation whose description is a bullet list nested `depth` deep.
fn nested_list(dir: &Path, depth: usize) -> PathBuf {
    let mut page = String::from(
        "==========\nThings API\n==========\n\nList things\n===========\n\n\
         .. rest_method:: GET /v1/things\n\n",
    );
    for level in 0..depth {
        let _ = writeln!(page, "{}- level {level}\n", "  ".repeat(level));
    }
    page.push_str("Normal response codes: 200\n");
    write(dir, "parameters.yaml", "");
    write(dir, "index.rst", &page)
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    if let Err(e) = std::fs::write(&path, text) {
        eprintln!("bench: cannot write {}: {e}", path.display());
        std::process::exit(1);
    }
    path
}

/// Writes one crafted tree into a directory; returns its index.rst.
type Builder = Box<dyn Fn(&Path) -> PathBuf>;

fn main() {
    support::shipped_allocator();
    let rows = arg("rows", 10_000);
    let depth = arg("depth", 2_000);
    let Ok(scratch) = tempfile::tempdir() else {
        eprintln!("bench: no temporary directory");
        std::process::exit(1);
    };
    let cases: [(String, Builder); 3] = [
        (
            format!("{rows}-row body table"),
            Box::new(move |d| body_table(d, rows, false)),
        ),
        (
            format!("{rows}-row body table with a sample"),
            Box::new(move |d| body_table(d, rows, true)),
        ),
        (
            format!("{depth}-level nested list"),
            Box::new(move |d| nested_list(d, depth)),
        ),
    ];
    for (i, (label, build)) in cases.iter().enumerate() {
        let dir = scratch.path().join(i.to_string());
        let _ = std::fs::create_dir_all(&dir);
        let index = build(&dir);
        let size = std::fs::metadata(&index).map_or(0, |m| m.len());
        let start = Instant::now();
        let generation = generate(std::slice::from_ref(&index), &GenerateOptions::default());
        let gen_time = start.elapsed();
        let start = Instant::now();
        let report = speclift_lint::lint_paths(std::slice::from_ref(&dir));
        let lint_time = start.elapsed();
        println!(
            "{label} ({:.1} MiB index.rst): gen {:.3} s ({} spec), lint {:.3} s ({} findings)",
            size as f64 / (1024.0 * 1024.0),
            gen_time.as_secs_f64(),
            generation.apis.iter().filter(|a| a.spec.is_some()).count(),
            lint_time.as_secs_f64(),
            report.diagnostics.len(),
        );
    }
}
