//! One gate for "may this file be read", shared by `gen` and `lint`
//! (`speclift_rst::confine`): symlinks and `..` out of the root, FIFOs,
//! devices, directories and oversized files are refused with a clear
//! message — never read, never printed, never a hang. Each case is a temp
//! tree; the binary runs under a deadline so a hang fails the test.

use crate::common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// Marks the content of files outside the root: it must never be printed.
const SECRET: &str = "TOP-SECRET-OUTSIDE-THE-ROOT";

/// A tree `api/` (the root lint and gen use) with one operation whose
/// sample is `sample`, whose parameters file is `params`; `outside/`
/// beside it holds files with [`SECRET`].
fn tree(name: &str, sample: &str, params: &str) -> tempfile::TempDir {
    let dir = temp_dir(name);
    let api = dir.path().join("api");
    std::fs::create_dir_all(api.join("samples")).unwrap();
    std::fs::create_dir_all(dir.path().join("outside")).unwrap();
    std::fs::write(
        dir.path().join("outside/secret.json"),
        format!("{{\"secret\": \"{SECRET}\"}}\n"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("outside/params.yaml"),
        format!(
            "thing_id:\n  in: path\n  required: true\n  type: string\n  description: {SECRET}\n"
        ),
    )
    .unwrap();
    std::fs::write(
        api.join("parameters.yaml"),
        "thing_id:\n  in: path\n  required: true\n  type: string\n  description: The thing.\n",
    )
    .unwrap();
    std::fs::write(
        api.join("index.rst"),
        format!(
            "===\nAPI\n===\n\nThings\n======\n\nShow thing\n----------\n\n\
             .. rest_method:: GET /v1/things/{{thing_id}}\n\nNormal response codes: 200\n\n\
             .. rest_parameters:: {params}\n\n  - thing_id: thing_id\n\n\
             Response Example\n~~~~~~~~~~~~~~~~\n\n.. literalinclude:: {sample}\n"
        ),
    )
    .unwrap();
    dir
}

/// Runs speclift with `args`, failing the test if it takes over 30 s.
fn run_bounded(args: &[&str], env: &[(&str, &str)]) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_speclift"))
        .args(args)
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("speclift runs");
    let start = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            panic!("speclift {args:?} hung for 30 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().expect("output");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code(), text)
}

fn generate(api: &Path, out: &Path) -> (Option<i32>, String) {
    run_bounded(
        &["gen", api.to_str().unwrap(), "-o", out.to_str().unwrap()],
        &[],
    )
}

fn lint(api: &Path) -> (Option<i32>, String) {
    run_bounded(&["lint", api.to_str().unwrap()], &[])
}

/// Asserts what every "outside the root" case shares: `gen` fails with
/// exit 1 and says `gen_says`, and `lint` never prints [`SECRET`] and
/// says `lint_says` when given.
fn refused_by_both(api: &Path, out: &Path, gen_says: &str, lint_says: Option<&str>) {
    let (code, text) = generate(api, out);
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains(gen_says), "{text}");
    assert!(!text.contains(SECRET), "{text}");
    let (_, text) = lint(api);
    assert!(
        !text.contains(SECRET),
        "lint printed a file outside the root:\n{text}"
    );
    if let Some(says) = lint_says {
        assert!(text.contains(says), "{text}");
    }
}

#[test]
fn dot_dot_literalinclude_is_neither_read_by_gen_nor_by_lint() {
    let t = tree("dotdot", "../outside/secret.json", "parameters.yaml");
    let api = t.path().join("api");
    refused_by_both(&api, &t.path().join("out"), "outside the root", None);
}

#[test]
fn dot_dot_rest_parameters_is_neither_read_by_gen_nor_by_lint() {
    let t = tree("params", "samples/none.json", "../outside/params.yaml");
    let api = t.path().join("api");
    refused_by_both(&api, &t.path().join("out"), "", Some("outside the root"));
}

#[cfg(unix)]
#[test]
fn a_symlinked_sample_out_of_the_root_is_refused_by_both() {
    let t = tree("symlink", "samples/show.json", "parameters.yaml");
    let api = t.path().join("api");
    std::os::unix::fs::symlink(
        t.path().join("outside/secret.json"),
        api.join("samples/show.json"),
    )
    .unwrap();
    refused_by_both(
        &api,
        &t.path().join("out"),
        "outside the root",
        Some("outside the root"),
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_sample_or_include_is_an_error_not_a_hang() {
    let t = tree("fifo", "samples/show.json", "parameters.yaml");
    let api = t.path().join("api");
    let made = Command::new("mkfifo")
        .arg(api.join("samples/show.json"))
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let (code, text) = generate(&api, &t.path().join("out"));
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("FIFO"), "{text}");
    let (_, text) = lint(&api);
    assert!(text.contains("FIFO"), "{text}");
    // An include of a FIFO, too.
    let made = Command::new("mkfifo")
        .arg(api.join("more.inc"))
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let index = std::fs::read_to_string(api.join("index.rst")).unwrap();
    std::fs::write(
        api.join("index.rst"),
        format!("{index}\n.. include:: more.inc\n"),
    )
    .unwrap();
    let (code, text) = generate(&api, &t.path().join("out2"));
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("FIFO"), "{text}");
}

#[cfg(unix)]
#[test]
fn a_sample_linked_to_a_device_is_refused_at_once() {
    let t = tree("device", "samples/show.json", "parameters.yaml");
    let api = t.path().join("api");
    std::os::unix::fs::symlink("/dev/zero", api.join("samples/show.json")).unwrap();
    let (code, text) = generate(&api, &t.path().join("out"));
    assert_eq!(code, Some(1), "{text}");
    let (_, text) = lint(&api);
    assert!(
        text.len() < 100_000,
        "lint output grew: {} bytes",
        text.len()
    );
}

#[test]
fn a_directory_named_as_a_sample_is_a_clear_error() {
    let t = tree("dir", "samples", "parameters.yaml");
    let (code, text) = generate(&t.path().join("api"), &t.path().join("out"));
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("directory, not a regular file"), "{text}");
}

#[test]
fn files_over_the_size_cap_are_refused() {
    let t = tree("cap", "samples/show.json", "parameters.yaml");
    let api = t.path().join("api");
    std::fs::write(
        api.join("samples/show.json"),
        format!("{{\"a\": \"{}\"}}", "x".repeat(200)),
    )
    .unwrap();
    let out = t.path().join("out");
    let args = ["gen", api.to_str().unwrap(), "-o", out.to_str().unwrap()];
    let (code, text) = run_bounded(&args, &[("SPECLIFT_MAX_FILE_BYTES", "150")]);
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("larger than 150 bytes"), "{text}");
    // Under the default cap the same tree is fine.
    let (code, text) = run_bounded(&args, &[]);
    assert_eq!(code, Some(0), "{text}");
}
