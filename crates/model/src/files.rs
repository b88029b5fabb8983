//! File access confined to one root directory.
//!
//! Documentation sources name other files (includes, parameter files,
//! samples, toctree documents). A path that escapes the root, by `..` or a
//! symlink, is reported and never read, so a document cannot make the tool
//! read arbitrary files.

use rustc_hash::FxHashMap as HashMap;
use std::cell::RefCell;
use std::path::{Path, PathBuf};

use speclift_diag::{Diagnostic, Location};
use speclift_rst::confine::Confinement;

#[derive(Clone, Debug)]
pub struct Root {
    /// Canonical form, so containment is a plain prefix test.
    canonical: PathBuf,
    /// The gate shared with the RST reader and lint: regular files inside
    /// the root, within the size cap.
    confinement: Confinement,
    /// References already resolved and let through, by joined path: pages
    /// name the same parameters.yaml hundreds of times, and each
    /// `canonicalize` is a system call per path component. Failures are
    /// not kept, so their diagnostics are made afresh. One run's view of
    /// the tree: a `Root` lives as long as one `read_path`.
    resolved: RefCell<HashMap<PathBuf, PathBuf>>,
    /// The same, by the folder and the text of the reference: each of a
    /// page's `rest_parameters:: parameters.yaml` directives is then found
    /// without joining and normalizing its path again (a seventh of the
    /// time spent reading Cinder's operation sections went there). Keyed
    /// by the folder's bytes, which hash in one pass, where a `Path`
    /// hashes around its separators.
    by_reference: RefCell<HashMap<std::ffi::OsString, HashMap<String, Resolved>>>,
}

impl Root {
    pub fn new(dir: &Path) -> Result<Root, Diagnostic> {
        // The confinement resolves the root as spelled, and so knows the
        // folders below it by that spelling as well as the canonical one.
        let confinement = Confinement::new(dir);
        let canonical = confinement.as_ref().ok().and_then(Confinement::root);
        match (
            canonical.filter(|c| c.is_dir()).map(Path::to_path_buf),
            confinement,
        ) {
            (Some(canonical), Ok(confinement)) => Ok(Root {
                canonical,
                confinement,
                resolved: RefCell::default(),
                by_reference: RefCell::default(),
            }),
            (_, Ok(_)) => Err(Diagnostic::error(
                Location::file_start(dir),
                format!("root `{}` is not a directory", dir.display()),
            )
            .with_rule(speclift_diag::Rule::UnreadableFile)
            .with_hint("pass a directory as the root")),
            (_, Err(e)) => Err(Diagnostic::error(
                Location::file_start(dir),
                format!("cannot open root directory `{}`: {e}", dir.display()),
            )
            .with_rule(speclift_diag::Rule::UnreadableFile)
            .with_hint("check that the root directory exists")),
        }
    }

    /// Shares the bytes of the files read (see
    /// [`speclift_rst::confine::Reads`]).
    pub fn with_reads(mut self, reads: speclift_rst::confine::Reads) -> Root {
        self.confinement = self.confinement.with_reads(reads);
        self
    }

    pub fn path(&self) -> &Path {
        &self.canonical
    }

    pub fn contains(&self, canonical: &Path) -> bool {
        canonical.starts_with(&self.canonical)
    }

    /// `path.canonicalize()`, through the confinement's cache of folders.
    pub fn canonicalize(&self, path: &Path) -> std::io::Result<PathBuf> {
        self.confinement.canonicalize(path)
    }

    /// Resolves `reference` (as written in a document) against `base_dir`
    /// and checks that the file exists inside the root. `what` names the
    /// kind of file for messages ("parameter file", "sample").
    pub fn resolve(
        &self,
        base_dir: &Path,
        reference: &str,
        what: &str,
        at: &Location,
    ) -> Result<Resolved, Diagnostic> {
        let reference = reference.trim();
        let known = self
            .by_reference
            .borrow()
            .get(base_dir.as_os_str())
            .and_then(|by_text| by_text.get(reference).cloned());
        if let Some(known) = known {
            return Ok(known);
        }
        let joined = speclift_rst::normalize_path(&base_dir.join(reference));
        let known = self.resolved.borrow().get(&joined).cloned();
        let canonical = match known {
            Some(canonical) => canonical,
            None => {
                let canonical = self.admit(&joined, base_dir, reference, (what, at))?;
                self.resolved
                    .borrow_mut()
                    .insert(joined.clone(), canonical.clone());
                canonical
            }
        };
        let resolved = Resolved {
            display: joined,
            canonical,
        };
        self.by_reference
            .borrow_mut()
            .entry(base_dir.as_os_str().to_owned())
            .or_default()
            .insert(reference.to_owned(), resolved.clone());
        Ok(resolved)
    }

    /// The canonical path of `joined` (`reference`, trimmed, joined to
    /// `base_dir`) once the confinement lets it through: a file inside
    /// the root, regular and of reasonable size. Not cached: see
    /// [`Root::resolve`].
    fn admit(
        &self,
        joined: &Path,
        base_dir: &Path,
        reference: &str,
        (what, at): (&str, &Location),
    ) -> Result<PathBuf, Diagnostic> {
        let (canonical, meta) = self.confinement.locate(joined).map_err(|e| {
            Diagnostic::error(
                at.clone(),
                format!("cannot open {what} `{}`: {e}", joined.display()),
            )
            .with_rule(speclift_diag::Rule::UnreadableFile)
            .with_hint(format!(
                "the path is relative to `{}`; fix the path or add the file",
                base_dir.display()
            ))
        })?;
        if !self.contains(&canonical) {
            return Err(Diagnostic::error(
                at.clone(),
                format!(
                    "{what} `{reference}` is outside the root `{}`; it was not read",
                    self.canonical.display()
                ),
            )
            .with_rule(speclift_diag::Rule::IncludeProblem)
            .with_hint("keep referenced files inside the root, or pass a wider root"));
        }
        // The metadata `locate` found: no second look at the file.
        match self.confinement.admit(canonical, meta) {
            Ok(admitted) => Ok(admitted.canonical),
            Err(refusal) => Err(Diagnostic::error(
                at.clone(),
                format!("{what} `{}` is {refusal}", joined.display()),
            )
            .with_rule(speclift_diag::Rule::IncludeProblem)
            .with_hint("point the reference at a regular file of reasonable size")),
        }
    }

    /// Reads a resolved file as text.
    pub fn read(&self, canonical: &Path, what: &str, at: &Location) -> Result<String, Diagnostic> {
        let bytes = self.confinement.read(canonical).map_err(|refusal| {
            Diagnostic::error(
                at.clone(),
                format!("cannot read {what} `{}`: {refusal}", canonical.display()),
            )
            .with_rule(speclift_diag::Rule::UnreadableFile)
            .with_hint("reference only regular text files inside the root")
        })?;
        String::from_utf8(bytes).map_err(|e| {
            Diagnostic::error(
                at.clone(),
                format!(
                    "{what} `{}` is not UTF-8 (invalid byte at offset {})",
                    canonical.display(),
                    e.utf8_error().valid_up_to()
                ),
            )
            .with_rule(speclift_diag::Rule::UnreadableFile)
            .with_hint("save the file as UTF-8")
        })
    }

    /// `canonical` relative to the root, for output that must not depend on
    /// where the checkout lives.
    pub fn relative(&self, canonical: &Path) -> PathBuf {
        canonical
            .strip_prefix(&self.canonical)
            .map(Path::to_path_buf)
            .unwrap_or_else(|_| canonical.to_path_buf())
    }
}

/// A referenced file: the path as the documents spell it (for messages and
/// locations) and its canonical form (for reading and caching).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolved {
    pub display: PathBuf,
    pub canonical: PathBuf,
}

/// The directory a location's file lives in.
pub fn dir_of(file: &Path) -> PathBuf {
    file.parent().map(Path::to_path_buf).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tmp(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!(
            "speclift-model-files-{name}-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(d.join("root/sub")).unwrap();
        std::fs::write(d.join("root/sub/a.json"), "{}").unwrap();
        std::fs::write(d.join("outside.json"), "{}").unwrap();
        d
    }

    /// A tree in `tmp(name)`, its root, a location in `root/sub` and that
    /// folder.
    fn fixture(name: &str) -> (PathBuf, Root, Location, PathBuf) {
        let d = tmp(name);
        let root = Root::new(&d.join("root")).unwrap();
        let at = Location::new(d.join("root/sub/x.rst"), 3, 1);
        let base = d.join("root/sub");
        (d, root, at, base)
    }

    #[test]
    fn confines_to_root() {
        let (d, root, at, base) = fixture("confine");
        assert!(root.resolve(&base, "a.json", "sample", &at).is_ok());
        let err = root
            .resolve(&base, "../../outside.json", "sample", &at)
            .unwrap_err();
        assert!(err.message.contains("outside the root"), "{err}");
        assert_eq!(err.location, Some(at.clone()));
        let err = root
            .resolve(&base, "missing.json", "sample", &at)
            .unwrap_err();
        assert!(err.message.contains("cannot open"), "{err}");
        assert!(err.hint.is_some());
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn a_reference_found_again_is_the_one_found_first_and_failures_are_not_kept() {
        let (d, root, at, base) = fixture("by-reference");
        let first = root.resolve(&base, " a.json", "sample", &at).unwrap();
        assert_eq!(
            root.resolve(&base, "a.json ", "sample", &at).unwrap(),
            first
        );
        // The same spelling from another folder is another file.
        let other = root.resolve(&d.join("root"), "a.json", "sample", &at);
        assert!(other.is_err(), "{other:?}");
        assert_eq!(
            root.resolve(&d.join("root"), "sub/a.json", "sample", &at)
                .unwrap()
                .canonical,
            first.canonical
        );
        // A file missing at first is found once it exists: failures are
        // looked up afresh.
        assert!(root.resolve(&base, "later.json", "sample", &at).is_err());
        std::fs::write(d.join("root/sub/later.json"), "{}").unwrap();
        assert!(root.resolve(&base, "later.json", "sample", &at).is_ok());
        let _ = std::fs::remove_dir_all(&d);
    }
}
