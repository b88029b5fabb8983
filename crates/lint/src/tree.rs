//! The files of one lint run: walking the input, reading each file once,
//! resolving references between them.

use rustc_hash::FxHashMap as HashMap;
use std::borrow::Cow;
use std::fs;

use speclift_rst::confine::{Confinement, Reads, Refusal};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// Directories never worth walking into.
fn skipped_dir(name: &str) -> bool {
    name.starts_with('.') || name == "target" || name == "node_modules" || name == "_build"
}

/// Every file under `dir`, sorted, without following symlinked dirs.
pub fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(read) = fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = read.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            if !skipped_dir(&entry.file_name().to_string_lossy()) {
                walk(&path, out);
            }
        } else if kind.is_file() || kind.is_symlink() && path.is_file() {
            out.push(path);
        }
    }
}

/// `a/./b/../c` → `a/c`, without touching the file system, so paths in
/// findings stay as the user wrote them.
pub fn tidy(path: &Path) -> PathBuf {
    if is_tidy(path) {
        return path.to_path_buf();
    }
    tidy_by_components(path)
}

fn tidy_by_components(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                let last_is_normal =
                    matches!(out.components().next_back(), Some(Component::Normal(_)));
                if last_is_normal {
                    out.pop();
                } else {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

/// Whether `path` is spelled as [`tidy`] would spell it: an optional
/// root, `..`s before any name, names, one separator between them and
/// none at the end, no `.`. Read from the bytes: every finding's file is
/// looked up by its tidied path, almost all are tidy already (`../x/y`
/// included, as a tree beside the current folder is), and walking
/// `components` took about 2,800 instructions a path.
fn is_tidy(path: &Path) -> bool {
    let bytes = path.as_os_str().as_encoded_bytes();
    // What `tidy` makes of the root alone, and of nothing.
    if bytes == b"/" || bytes == b"." {
        return true;
    }
    let rest = bytes.strip_prefix(b"/").unwrap_or(bytes);
    let mut named = false;
    !rest.is_empty()
        && rest.split(|&b| b == b'/').all(|segment| match segment {
            b"" | b"." => false,
            b".." => !named,
            _ => {
                named = true;
                true
            }
        })
}

/// Files read during one run, keyed by their tidied path. Every read
/// passes `gen`'s gate ([`Confinement`]): only regular files within the
/// size cap, inside the root `gen` would use for the same input.
#[derive(Default)]
pub struct Files {
    /// Hashed: every finding looks its file up here, and a `BTreeMap`
    /// compares paths component by component at each step down.
    texts: HashMap<PathBuf, Option<Arc<str>>>,
    roots: Vec<Confinement>,
    /// Files that exist but were refused, and why, in the order found.
    refused: Vec<(PathBuf, String)>,
    /// The bytes read, shared with the model's reading of the same tree.
    reads: Reads,
}

impl Files {
    /// Allows reading inside `root` (as `gen` would for an input there).
    pub fn allow(&mut self, root: &Path) {
        if let Ok(c) = Confinement::new(root)
            && !self.roots.iter().any(|r| r.root() == c.root())
        {
            self.roots.push(c.with_reads(self.reads.clone()));
        }
    }

    /// The bytes read so far, for the other readers of the run to share.
    pub fn reads(&self) -> &Reads {
        &self.reads
    }

    /// The file's text (as gen reads it: [`as_gen_reads`]); `None`
    /// when it cannot or may not be read. Invalid UTF-8 is replaced rather
    /// than refused, so one bad byte loses nothing else.
    pub fn read(&mut self, path: &Path) -> Option<Arc<str>> {
        // Paths compare and hash by component, so only `..` and a leading
        // `.` make a path differ from its tidied form as a key.
        let needs_tidying = path
            .components()
            .any(|c| matches!(c, Component::ParentDir | Component::CurDir));
        let key = if needs_tidying {
            Cow::Owned(tidy(path))
        } else {
            Cow::Borrowed(path)
        };
        if let Some(text) = self.texts.get(key.as_ref()) {
            return text.clone();
        }
        // Kept as tidied, the spelling shown in findings.
        let key = match key {
            Cow::Owned(tidied) => tidied,
            Cow::Borrowed(path) => tidy(path),
        };
        let text = match self.gate(path) {
            Ok(Some(bytes)) => Some(Arc::from(as_gen_reads(path, &lossy(&bytes)).as_ref())),
            // A finding about a whole input folder (gen's "no API
            // operations found here") has nothing to quote or silence: not
            // a refusal, and not kept.
            Ok(None) => return None,
            Err(refusal) => {
                if !refusal.is_not_found() {
                    self.refused.push((key.clone(), refusal.to_string()));
                }
                None
            }
        };
        self.texts.insert(key, text.clone());
        text
    }

    /// The bytes of `path`, `None` for a folder. One `lstat` looks at the
    /// file (its folder's canonical form is cached) before it is opened.
    fn gate(&self, path: &Path) -> Result<Option<Vec<u8>>, Refusal> {
        // Through a confinement's cache of folders: a tree's samples sit in
        // a few folders, and each full `canonicalize` walks every component.
        let (canonical, meta) = match self.roots.first() {
            Some(root) => root.locate(path),
            None => path.canonicalize().map(|c| (c, None)),
        }
        .map_err(Refusal::NotFound)?;
        let is_dir = match &meta {
            Some(meta) => meta.is_dir(),
            None => canonical.is_dir(),
        };
        if is_dir {
            return Ok(None);
        }
        match self.roots.iter().find(|r| r.contains(&canonical)) {
            Some(root) => {
                let admitted = root.admit(canonical, meta)?;
                root.read_admitted(&admitted).map(Some)
            }
            None => Err(Refusal::Outside {
                root: self
                    .roots
                    .first()
                    .and_then(|r| r.root())
                    .map(Path::to_path_buf)
                    .unwrap_or_default(),
            }),
        }
    }

    /// Files that exist but were not read (outside the root, not a regular
    /// file, too large), with the reason.
    pub fn refused(&self) -> &[(PathBuf, String)] {
        &self.refused
    }

    pub fn into_sources(self) -> HashMap<PathBuf, Arc<str>> {
        self.texts
            .into_iter()
            .filter_map(|(p, t)| Some((p, t?)))
            .collect()
    }
}

/// `String::from_utf8_lossy`, checked first the quick way: nearly every
/// file is valid UTF-8, and `from_utf8` checks ASCII a word at a time
/// where the lossy walk goes a byte at a time.
fn lossy(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

/// The text as gen reads a file of its kind, so every rule counts lines
/// as gen does: RST pages and YAML files as the RST and YAML readers see
/// them (no BOM, `\n` line ends: [`speclift_model::syntax::source_text`]);
/// anything else (JSON samples, read by `serde_json` in gen too) as is.
fn as_gen_reads<'t>(path: &Path, text: &'t str) -> std::borrow::Cow<'t, str> {
    let read_as_lines = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e, "rst" | "inc" | "yaml" | "yml"));
    if read_as_lines {
        speclift_model::syntax::source_text(text)
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// `path` relative to `base` with `/` separators (SARIF and GitHub want
/// repository-relative paths, config globs match them). Paths outside
/// `base` stay as they are.
pub fn relative(path: &Path, base: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    rel.components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            Component::ParentDir => Some("..".into()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// A path named in a directive of `page`, relative to the page's folder
/// (`/x` is relative to `root`, as Sphinx reads it).
pub fn referenced(page: &Path, target: &str, root: &Path) -> PathBuf {
    match target.strip_prefix('/') {
        Some(from_root) => tidy(&root.join(from_root)),
        None => tidy(&page.parent().unwrap_or(Path::new("")).join(target)),
    }
}

/// The Sphinx source directory a page belongs to, which `/x` paths are
/// relative to: the outermost folder between the page and `input_root`
/// holding `conf.py` or `index.rst`, else `input_root`.
pub fn source_root(page: &Path, input_root: &Path) -> PathBuf {
    let mut best = input_root.to_path_buf();
    for dir in page.ancestors().skip(1) {
        if dir.join("conf.py").is_file() || dir.join("index.rst").is_file() {
            best = dir.to_path_buf();
        }
        if dir == input_root || dir.as_os_str().is_empty() {
            break;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_is_lexical() {
        assert_eq!(tidy(Path::new("a/./b/../c")), PathBuf::from("a/c"));
        assert_eq!(tidy(Path::new("../x/./y")), PathBuf::from("../x/y"));
        assert_eq!(tidy(Path::new("./")), PathBuf::from("."));
    }

    /// Every spelling of up to seven characters of `a`, `/` and `.`:
    /// doubled and trailing separators, `.`, `..`, `...`, names with dots.
    #[test]
    fn a_tidy_spelling_is_kept_as_is_and_no_other() {
        let mut spellings = vec![String::new()];
        let mut frontier = vec![String::new()];
        for _ in 0..7 {
            frontier = frontier
                .iter()
                .flat_map(|s| ['a', '/', '.'].map(|c| format!("{s}{c}")))
                .collect();
            spellings.extend(frontier.iter().cloned());
        }
        assert!(spellings.len() > 3000);
        for s in &spellings {
            let path = Path::new(s);
            let tidied = tidy_by_components(path);
            assert_eq!(tidy(path).as_os_str(), tidied.as_os_str(), "{s:?}");
            // Every tidy spelling is known as one at once.
            let expected = tidied.as_os_str() == path.as_os_str();
            assert_eq!(is_tidy(path), expected, "{s:?}");
        }
    }

    #[test]
    fn references_are_relative_to_the_page() {
        let root = Path::new("src");
        assert_eq!(
            referenced(Path::new("src/v3/a.inc"), "./samples/x.json", root),
            PathBuf::from("src/v3/samples/x.json")
        );
        assert_eq!(
            referenced(Path::new("src/v3/a.inc"), "/common/x.json", root),
            PathBuf::from("src/common/x.json")
        );
    }
}
