//! `cargo xtask tidy`: repository checks that are cheap, textual and easy
//! to forget (after rust-analyzer's `xtask/src/tidy.rs`). Each problem is
//! one line naming the file and what to write where, so a merge that adds a
//! crate or a module learns exactly which paragraph to extend. The unit
//! test below runs the same checks in `cargo test --workspace`.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Every problem found under `root`, each `file[:line]: message` followed
/// by `  = help: …`. Empty when the repository is tidy.
pub fn problems(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    architecture_names_every_module(root, &mut out);
    every_lint_rule_has_a_fixture(root, &mut out);
    source_hygiene(root, &mut out);
    no_unwrap_outside_tests(root, &mut out);
    doctest_false_is_honest(root, &mut out);
    out
}

fn problem(out: &mut Vec<String>, at: String, message: &str, help: &str) {
    out.push(format!("{at}: {message}\n  = help: {help}"));
}

/// The crates of the workspace (`crates/*` with a manifest, and `xtask`),
/// as paths relative to `root`.
fn crate_dirs(root: &Path) -> Vec<String> {
    let mut dirs: Vec<String> = fs::read_dir(root.join("crates"))
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| e.path().join("Cargo.toml").is_file())
                .map(|e| format!("crates/{}", e.file_name().to_string_lossy()))
                .collect()
        })
        .unwrap_or_default();
    dirs.sort();
    dirs.push("xtask".to_string());
    dirs
}

/// `.rs` files under `dir`, recursively, in name order.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// ARCHITECTURE.md's `### \`DIR\`` sections: DIR → the section's text.
fn architecture_sections(text: &str) -> BTreeMap<String, String> {
    let mut sections = BTreeMap::new();
    let mut current: Option<(String, String)> = None;
    for line in text.lines() {
        if line.starts_with("## ") || line.starts_with("### ") {
            sections.extend(current.take());
            if let Some(rest) = line.strip_prefix("### `")
                && let Some((dir, _)) = rest.split_once('`')
            {
                current = Some((dir.trim_end_matches('/').to_string(), String::new()));
            }
        } else if let Some((_, body)) = current.as_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    sections.extend(current);
    sections
}

/// The name a crate's section must use for the module file `rel` (relative
/// to `src/`), or `None` for crate roots and unit-test files.
fn module_name(rel: &Path) -> Option<String> {
    let stem = rel.file_stem()?.to_string_lossy().into_owned();
    let top = rel.parent().is_none_or(|p| p.as_os_str().is_empty());
    if (top && (stem == "lib" || stem == "main")) || stem == "tests" || stem.ends_with("_tests") {
        return None;
    }
    if stem == "mod" {
        let dir = rel.parent()?.file_name()?.to_string_lossy().into_owned();
        return Some(format!("{dir}/"));
    }
    Some(stem)
}

/// Whether `section` names `module` (`foo`): as `foo.rs`, `` `foo` `` or
/// `` `foo/` ``; a folder module (`foo/`) as `foo/`.
fn names_module(section: &str, module: &str) -> bool {
    if let Some(dir) = module.strip_suffix('/') {
        return section.contains(&format!("`{dir}/")) || section.contains(&format!("{dir}/`"));
    }
    section.contains(&format!("{module}.rs"))
        || section.contains(&format!("`{module}`"))
        || section.contains(&format!("`{module}/"))
}

/// ARCHITECTURE.md has a section per crate, and each names every module
/// file of its crate.
fn architecture_names_every_module(root: &Path, out: &mut Vec<String>) {
    let text = fs::read_to_string(root.join("ARCHITECTURE.md")).unwrap_or_default();
    let sections = architecture_sections(&text);
    for dir in crate_dirs(root) {
        let Some(section) = sections.get(&dir) else {
            problem(
                out,
                "ARCHITECTURE.md".to_string(),
                &format!("no section for the crate `{dir}`"),
                &format!("add a `### `{dir}` — <package>` section to the code map"),
            );
            continue;
        };
        let src = root.join(&dir).join("src");
        for file in rust_files(&src) {
            let rel = file.strip_prefix(&src).unwrap_or(&file);
            let Some(module) = module_name(rel) else {
                continue;
            };
            // A folder of one file per item (lint's `rules/`) is named
            // as a folder: its files follow the layout the section gives.
            let folder = rel
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .map(|p| format!("`{}/`", p.display()));
            if !names_module(section, &module) && !folder.is_some_and(|f| section.contains(&f)) {
                let shown = module.trim_end_matches('/');
                problem(
                    out,
                    "ARCHITECTURE.md".to_string(),
                    &format!(
                        "the section `{dir}` does not name the module {}",
                        relative(root, &file)
                    ),
                    &format!(
                        "say what `{shown}` is in the `{dir}` paragraph (as `{shown}` or `{shown}.rs`)"
                    ),
                );
            }
        }
    }
}

/// The registry's `Variant = "CODE"` lines (crates/diag/src/rules.rs).
fn registry_codes(text: &str) -> BTreeMap<String, String> {
    text.lines()
        .filter_map(|line| {
            let (variant, rest) = line.trim().split_once(" = \"")?;
            let code = rest.split('"').next()?;
            let is_code = code.len() == 5 && code.starts_with('S');
            let is_variant = variant.chars().all(|c| c.is_ascii_alphanumeric());
            (is_code && is_variant).then(|| (variant.to_string(), code.to_string()))
        })
        .collect()
}

/// Every rule lint reports (a `Rule::Variant` named in crates/lint/src) is
/// named, as `"CODE"`, in lint's rules test: a fixture, or the reason it
/// cannot have one.
fn every_lint_rule_has_a_fixture(root: &Path, out: &mut Vec<String>) {
    let registry = fs::read_to_string(root.join("crates/diag/src/rules.rs")).unwrap_or_default();
    let codes = registry_codes(&registry);
    let mut used = BTreeSet::new();
    for file in rust_files(&root.join("crates/lint/src")) {
        let text = fs::read_to_string(&file).unwrap_or_default();
        for (i, _) in text.match_indices("Rule::") {
            let variant: String = text[i + "Rule::".len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            if let Some(code) = codes.get(&variant) {
                used.insert(code.clone());
            }
        }
    }
    let test = "crates/lint/tests/it/rules.rs";
    let fixtures = fs::read_to_string(root.join(test)).unwrap_or_default();
    for code in used {
        if !fixtures.contains(&format!("\"{code}\"")) {
            problem(
                out,
                test.to_string(),
                &format!("lint reports {code} but its rules test has no fixture for it"),
                &format!(
                    "add a case for \"{code}\" to CASES (or say in WITHOUT_FIXTURE why none can reach it)"
                ),
            );
        }
    }
}

/// The Rust files tidy reads: every crate's, xtask's.
fn workspace_rust_files(root: &Path) -> Vec<PathBuf> {
    crate_dirs(root)
        .iter()
        .flat_map(|dir| rust_files(&root.join(dir)))
        .collect()
}

/// No trailing whitespace, and no debugging leftovers, in any Rust file.
fn source_hygiene(root: &Path, out: &mut Vec<String>) {
    // Spelt in pieces so this file does not find itself.
    let leftovers = [
        concat!("dbg", "!("),
        concat!("todo", "!("),
        concat!("unimplemented", "!("),
    ];
    for file in workspace_rust_files(root) {
        let text = fs::read_to_string(&file).unwrap_or_default();
        for (n, line) in text.lines().enumerate() {
            let at = format!("{}:{}", relative(root, &file), n + 1);
            if line.ends_with([' ', '\t']) {
                problem(
                    out,
                    at.clone(),
                    "trailing whitespace",
                    "run `cargo fmt --all`, or remove it by hand in strings and comments",
                );
            }
            for leftover in leftovers {
                if line.contains(leftover) {
                    problem(
                        out,
                        at.clone(),
                        &format!("`{leftover}…)` left in the code"),
                        "remove it: a finished change has no debugging output or placeholders",
                    );
                }
            }
        }
    }
}

/// The lines of `text` outside `#[cfg(test)]` items, with their 1-based
/// numbers. rustfmt's layout is assumed: a one-line item (`mod tests;`)
/// ends with `;`, a braced one at the first line that is its own
/// indentation and `}`.
fn non_test_lines(text: &str) -> Vec<(usize, &str)> {
    let mut kept = Vec::new();
    let mut lines = text.lines().enumerate();
    while let Some((n, line)) = lines.next() {
        if line.trim() != "#[cfg(test)]" {
            kept.push((n + 1, line));
            continue;
        }
        let indent = &line[..line.len() - line.trim_start().len()];
        let close = format!("{indent}}}");
        let Some((_, item)) = lines.next() else {
            break;
        };
        if item.trim_end().ends_with(';') && !item.contains('{') {
            continue;
        }
        for (_, inner) in lines.by_ref() {
            if inner == close {
                break;
            }
        }
    }
    kept
}

/// No `.unwrap()` in the code a user runs: crates' and xtask's `src`,
/// outside unit tests. A panic there is a bug report instead of a
/// diagnostic with a location and a hint.
fn no_unwrap_outside_tests(root: &Path, out: &mut Vec<String>) {
    for dir in crate_dirs(root) {
        if dir == "crates/test-support" {
            continue;
        }
        for file in rust_files(&root.join(&dir).join("src")) {
            // Unit-test files (`tests.rs`, `*_tests.rs`) are tests.
            if file
                .file_stem()
                .is_some_and(|s| s == "tests" || s.to_string_lossy().ends_with("_tests"))
            {
                continue;
            }
            let text = fs::read_to_string(&file).unwrap_or_default();
            // Spelt in pieces so this file does not find itself.
            let unwrap = concat!(".unwrap", "()");
            for (n, line) in non_test_lines(&text) {
                let code = line.split("//").next().unwrap_or(line);
                if code.contains(unwrap) {
                    problem(
                        out,
                        format!("{}:{n}", relative(root, &file)),
                        &format!("`{unwrap}` outside tests"),
                        "return an error (or a diagnostic with a location and a hint), or use a fallback",
                    );
                }
            }
        }
    }
}

/// A crate that turns doctests off (`doctest = false`, one rustdoc run
/// fewer per `cargo test`) has no Rust code block in its docs that would
/// silently stop being tested.
fn doctest_false_is_honest(root: &Path, out: &mut Vec<String>) {
    for dir in crate_dirs(root) {
        let manifest = fs::read_to_string(root.join(&dir).join("Cargo.toml")).unwrap_or_default();
        if !manifest.lines().any(|l| l.trim() == "doctest = false") {
            continue;
        }
        for file in rust_files(&root.join(&dir).join("src")) {
            let text = fs::read_to_string(&file).unwrap_or_default();
            let mut in_block = false;
            for (n, line) in text.lines().enumerate() {
                let t = line.trim_start();
                let Some(doc) = t.strip_prefix("///").or_else(|| t.strip_prefix("//!")) else {
                    continue;
                };
                let Some(info) = doc.trim().strip_prefix("```") else {
                    continue;
                };
                if !in_block && (info.is_empty() || info.starts_with("rust")) {
                    problem(
                        out,
                        format!("{}:{}", relative(root, &file), n + 1),
                        &format!("a Rust doc example in {dir}, whose doctests are off"),
                        &format!(
                            "mark the block ```text, or remove `doctest = false` from {dir}/Cargo.toml"
                        ),
                    );
                }
                in_block = !in_block;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_repository_is_tidy() {
        let root = crate::repo_root();
        let problems = problems(&root);
        assert!(
            problems.is_empty(),
            "cargo xtask tidy found {} problem(s):\n{}",
            problems.len(),
            problems.join("\n")
        );
    }

    #[test]
    fn sections_and_module_names() {
        let text = "## Code map\n### `crates/a` — a\nThe `spec` module and `osapiref/` (`outline.rs`).\n### `xtask`\nx\n## Other\ny\n";
        let sections = architecture_sections(text);
        assert_eq!(sections.keys().collect::<Vec<_>>(), ["crates/a", "xtask"]);
        let a = &sections["crates/a"];
        assert!(names_module(a, "spec"));
        assert!(names_module(a, "outline"));
        assert!(names_module(a, "osapiref/"));
        assert!(!names_module(a, "plan"));
        assert!(!sections["xtask"].contains('y'));
        assert_eq!(module_name(Path::new("lib.rs")), None);
        assert_eq!(module_name(Path::new("osapiref/tests.rs")), None);
        assert_eq!(
            module_name(Path::new("osapiref/mod.rs")).as_deref(),
            Some("osapiref/")
        );
        assert_eq!(
            module_name(Path::new("synnefo/lib.rs")).as_deref(),
            Some("lib")
        );
    }

    #[test]
    fn test_items_are_skipped_and_code_after_them_is_not() {
        let text = "fn a() {}\n#[cfg(test)]\nmod tests {\n    fn t() { x.unwrap() }\n}\nfn b() { y.unwrap() }\n#[cfg(test)]\nmod more;\nfn c() {}\n";
        let kept: Vec<usize> = non_test_lines(text).iter().map(|(n, _)| *n).collect();
        assert_eq!(kept, [1, 6, 9]);
    }

    #[test]
    fn a_lint_rule_without_fixture_is_named() {
        let root = std::env::temp_dir().join(format!("xtask-tidy-{}", std::process::id()));
        let write = |rel: &str, text: &str| {
            let path = root.join(rel);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        };
        write(
            "crates/diag/src/rules.rs",
            "    InvalidIn = \"SL001\", \"invalid-in\", Warning,\n    KeyOutOfOrder = \"SL003\", \"k\", Warning,\n",
        );
        write(
            "crates/lint/src/rules.rs",
            "const A: &str = Rule::InvalidIn.code();\nconst B: &str = Rule::KeyOutOfOrder.code();\n",
        );
        write(
            "crates/lint/tests/it/rules.rs",
            "const CASES = [(\"SL001\", x)];\n",
        );
        let mut out = Vec::new();
        every_lint_rule_has_a_fixture(&root, &mut out);
        fs::remove_dir_all(&root).unwrap();
        assert_eq!(out.len(), 1, "{out:?}");
        assert!(out[0].contains("SL003"), "{out:?}");
    }

    #[test]
    fn registry_lines_give_codes() {
        let codes = registry_codes(
            "    InvalidIn = \"SL001\", \"invalid-in\", Warning,\n    x = \"no\",\n",
        );
        assert_eq!(codes.get("InvalidIn").map(String::as_str), Some("SL001"));
        assert_eq!(codes.len(), 1);
    }
}
