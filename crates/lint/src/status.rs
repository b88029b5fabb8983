//! Status-code lists (`.. rest_status_code:: success ../status.yaml`)
//! against HTTP (SL031, [`rules::invalid_status_code`]) and against the
//! status file they name (SL030, [`rules::unknown_status_code`]): each
//! listed code is judged by the first, then the second.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use speclift_diag::Diagnostic;

use crate::page::Page;
use crate::rules;
use crate::tree::{Files, referenced};

/// Codes registered with IANA (RFC 9110 and later additions). A code
/// outside this list is almost always a typo (`299`, `4040`).
const REGISTERED: &[(u16, u16)] = &[
    (100, 103),
    (200, 208),
    (226, 226),
    (300, 305),
    (307, 308),
    (400, 418),
    (421, 426),
    (428, 429),
    (431, 431),
    (451, 451),
    (500, 508),
    (510, 511),
];

pub fn is_registered(code: u16) -> bool {
    REGISTERED
        .iter()
        .any(|(lo, hi)| (*lo..=*hi).contains(&code))
}

/// The codes a status.yaml defines: its least-indented `NNN:` keys (the
/// upstream files indent the whole mapping).
pub fn codes_in(text: &str) -> BTreeSet<String> {
    let keys: Vec<(usize, &str)> = text
        .lines()
        .filter_map(|l| {
            let t = l.trim_start();
            if t.starts_with('#') || t.starts_with('-') {
                return None;
            }
            let (key, _) = t.split_once(':')?;
            let key = key.trim().trim_matches(['\'', '"']);
            (!key.is_empty() && !key.contains(' ')).then_some((l.len() - t.len(), key))
        })
        .collect();
    let Some(top) = keys.iter().map(|(i, _)| *i).min() else {
        return BTreeSet::new();
    };
    keys.into_iter()
        .filter(|(i, _)| *i == top)
        .map(|(_, k)| k.to_string())
        .collect()
}

pub fn check_page(
    page: &Page,
    root: &Path,
    files: &mut Files,
    cache: &mut BTreeMap<PathBuf, Option<BTreeSet<String>>>,
    out: &mut Vec<Diagnostic>,
) {
    for list in &page.status_lists {
        let known = list.kind_and_file().and_then(|(_, file)| {
            let path = referenced(&page.path, file, root);
            cache
                .entry(path.clone())
                .or_insert_with(|| files.read(&path).map(|t| codes_in(&t)))
                .as_ref()
                .map(|codes| (path, codes))
        });
        for (at, code) in list.codes() {
            if !rules::invalid_status_code::check(at, code, out) {
                continue;
            }
            if let Some((path, codes)) = &known {
                rules::unknown_status_code::check(at, code, path, codes, out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn indented_status_files() {
        let codes =
            codes_in("    200:\n      default: |\n        ok\n    404:\n      default: x\n");
        assert_eq!(codes.into_iter().collect::<Vec<_>>(), ["200", "404"]);
    }

    #[test]
    fn registered_codes() {
        assert!(is_registered(202) && is_registered(429) && is_registered(511));
        assert!(!is_registered(299) && !is_registered(600) && !is_registered(420));
    }

    fn lint(text: &str) -> Vec<Diagnostic> {
        // One folder per call: tests run in parallel threads of one process.
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path();
        std::fs::write(
            dir.join("status.yaml"),
            "200:\n  default: ok\n404:\n  default: x\n",
        )
        .expect("write");
        let path = dir.join("a.inc");
        let page = crate::page::scan(Arc::from(path.as_path()), text);
        let mut out = Vec::new();
        let mut files = Files::default();
        files.allow(dir);
        check_page(&page, dir, &mut files, &mut BTreeMap::new(), &mut out);
        out
    }

    #[test]
    fn invalid_and_undefined_codes_are_reported() {
        let out = lint(
            ".. rest_status_code:: success status.yaml\n\n   - 200\n   - 299\n   - 202\n\n\
             .. rest_status_code:: error status.yaml\n\n   - 4040\n   - 404: not_found\n",
        );
        let found: Vec<_> = out
            .iter()
            .map(|d| {
                let at = d.location.as_ref().expect("located");
                (d.code.unwrap_or(""), at.line, at.column)
            })
            .collect();
        assert_eq!(found, [("SL031", 4, 6), ("SL030", 5, 6), ("SL031", 9, 6),]);
        assert!(out[1].hint.as_deref().is_some_and(|h| h.contains("202:")));
    }

    #[test]
    fn defined_codes_pass() {
        let out = lint(".. rest_status_code:: success status.yaml\n\n   - 200\n   - 404: gone\n");
        assert!(out.is_empty(), "{out:?}");
    }
}
