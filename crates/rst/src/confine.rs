//! The one gate every documentation file passes before it is read, shared
//! by `gen` (through this crate's include reader and speclift-model's
//! `Root`) and `lint`, so the two can never disagree about what may be
//! read: the file must resolve (symlinks followed) inside the root, be a
//! regular file — a FIFO would block the reader forever, a device such as
//! `/dev/zero` never ends — and be at most [`Confinement::max_bytes`] long
//! (default [`DEFAULT_MAX_FILE_BYTES`], or `SPECLIFT_MAX_FILE_BYTES`).

use rustc_hash::FxHashMap as HashMap;
use std::fmt;
use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

/// 16 MiB: far above any real api-ref file (Nova's parameters.yaml is
/// about 250 KiB), far below what would hurt.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// The environment variable that overrides [`DEFAULT_MAX_FILE_BYTES`].
pub const MAX_FILE_BYTES_VAR: &str = "SPECLIFT_MAX_FILE_BYTES";

/// The size cap in force: `SPECLIFT_MAX_FILE_BYTES` when it is a number.
pub fn max_file_bytes() -> u64 {
    std::env::var(MAX_FILE_BYTES_VAR)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(DEFAULT_MAX_FILE_BYTES)
}

/// Why a file is not read.
#[derive(Debug)]
pub enum Refusal {
    /// It does not exist (or a component is not a directory).
    NotFound(std::io::Error),
    /// It resolves (through `..` or a symlink) outside the root.
    Outside { root: PathBuf },
    /// A directory, FIFO, socket or device.
    NotAFile(&'static str),
    /// Larger than the cap.
    TooLarge { limit: u64 },
    /// Any other I/O error.
    Io(std::io::Error),
}

impl Refusal {
    pub fn is_not_found(&self) -> bool {
        matches!(self, Refusal::NotFound(_))
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::NotFound(e) => write!(f, "not found ({e})"),
            Refusal::Outside { root } => {
                write!(f, "outside the root `{}`; it was not read", root.display())
            }
            Refusal::NotAFile(kind) => write!(f, "a {kind}, not a regular file; it was not read"),
            Refusal::TooLarge { limit } => write!(
                f,
                "larger than {limit} bytes; it was not read (raise {MAX_FILE_BYTES_VAR} to allow it)"
            ),
            Refusal::Io(e) => write!(f, "unreadable ({e})"),
        }
    }
}

/// What may be read: regular files of bounded size, inside `root` when
/// there is one.
#[derive(Clone, Debug)]
pub struct Confinement {
    /// Canonical.
    root: Option<PathBuf>,
    max_bytes: u64,
    /// Canonical forms of the folders files were found in (shared by the
    /// clones of one confinement).
    dirs: DirCache,
    /// Files already read, shared with other confinements of the run.
    reads: Option<Reads>,
}

/// The bytes of files already read in one run, by canonical path, shared
/// by the confinements given it ([`Confinement::with_reads`]): lint reads
/// a tree through the model as `gen` does, and then again for its own
/// rules. Each confinement still looks at the file through its own gate
/// (root, kind, size) before it takes the bytes.
#[derive(Clone, Debug, Default)]
pub struct Reads(Arc<Mutex<ByPath<Arc<[u8]>>>>);

impl Reads {
    fn get(&self, canonical: &Path) -> Option<Arc<[u8]>> {
        self.lock().get(key(canonical)).cloned()
    }

    fn keep(&self, canonical: &Path, bytes: &[u8]) {
        self.lock()
            .entry(Box::from(key(canonical)))
            .or_insert_with(|| Arc::from(bytes));
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, ByPath<Arc<[u8]>>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A cache by path, keyed by [`key`].
type ByPath<V> = HashMap<Box<[u8]>, V>;

/// A path as the key of a cache: its bytes as spelled. `Path`'s own hash
/// walks its components (about 800 instructions for a corpus path, and
/// lint hashed 20,000 of them, growing tables included); two spellings of
/// one path (`a//b`, `a/b`) are then two keys, which costs a cache only a
/// miss, never a wrong answer.
fn key(path: &Path) -> &[u8] {
    path.as_os_str().as_encoded_bytes()
}

/// Folders resolved once per run: `canonicalize` costs one `readlink` per
/// path component, and a tree's hundreds of samples sit in a few folders.
/// A confinement lives as long as one run's view of the tree.
#[derive(Clone, Debug, Default)]
struct DirCache(Arc<Mutex<ByPath<PathBuf>>>);

impl DirCache {
    /// What `path.canonicalize()` gives, with the metadata of the file it
    /// names when that came for free. Only the last component is looked
    /// at on disk (`lstat`: a symlink takes the full walk); its folder's
    /// canonical form comes from [`DirCache::folder`]. Any error is the
    /// full walk's own, so messages stay the same.
    fn canonicalize(&self, path: &Path) -> std::io::Result<(PathBuf, Option<std::fs::Metadata>)> {
        let Some((dir, name)) = split_plain(path) else {
            return path.canonicalize().map(|c| (c, None));
        };
        let Some(canonical_dir) = self.folder(dir) else {
            return path.canonicalize().map(|c| (c, None));
        };
        let candidate = canonical_dir.join(name);
        match std::fs::symlink_metadata(&candidate) {
            Ok(meta) if !meta.file_type().is_symlink() => Ok((candidate, Some(meta))),
            _ => path.canonicalize().map(|c| (c, None)),
        }
    }

    /// The canonical form of the folder `dir`, cached. A folder met for
    /// the first time is its parent's canonical form (cached in turn) and
    /// one `lstat` of its own name, rather than a `readlink` for every
    /// component: a tree's samples sit in dozens of folders, each as deep
    /// as the checkout. Anything but a plain, existing, non-symlink
    /// folder takes the full walk. `None` when the full walk fails.
    fn folder(&self, dir: &Path) -> Option<PathBuf> {
        if let Some(known) = self.lock().get(key(dir)) {
            return Some(known.clone());
        }
        let through_parent = split_plain(dir).and_then(|(parent, name)| {
            let candidate = self.folder(parent)?.join(name);
            let meta = std::fs::symlink_metadata(&candidate).ok()?;
            meta.file_type().is_dir().then_some(candidate)
        });
        let canonical = match through_parent {
            Some(c) => c,
            None => dir.canonicalize().ok()?,
        };
        self.lock().insert(Box::from(key(dir)), canonical.clone());
        Some(canonical)
    }

    /// Records that `dir` is spelled `canonical` in full (the root, which
    /// a confinement has resolved anyway).
    fn know(&self, dir: &Path, canonical: &Path) {
        let mut known = self.lock();
        known.insert(Box::from(key(dir)), canonical.to_path_buf());
        known.insert(Box::from(key(canonical)), canonical.to_path_buf());
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, ByPath<PathBuf>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// `path` as (folder, plain last component), when its text ends in that
/// component: not `..`, `.` or a trailing `/`, which `canonicalize` reads
/// differently from the folder joined with a name.
fn split_plain(path: &Path) -> Option<(&Path, &std::ffi::OsStr)> {
    let Some(Component::Normal(name)) = path.components().next_back() else {
        return None;
    };
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty())?;
    let text = path.as_os_str().as_encoded_bytes();
    let tail = name.as_encoded_bytes();
    let ends_with_name = text.ends_with(tail)
        && text.len() > tail.len()
        && std::path::is_separator(char::from(text[text.len() - tail.len() - 1]));
    ends_with_name.then_some((dir, name))
}

impl Confinement {
    /// Files inside `root` (which must exist), capped at [`max_file_bytes`].
    pub fn new(root: &Path) -> std::io::Result<Confinement> {
        let canonical = root.canonicalize()?;
        let dirs = DirCache::default();
        if canonical.is_dir() {
            dirs.know(root, &canonical);
        }
        Ok(Confinement {
            root: Some(canonical),
            max_bytes: max_file_bytes(),
            dirs,
            reads: None,
        })
    }

    /// Any regular file within the size cap, wherever it is (when no root
    /// can be established the other checks still hold).
    pub fn unrooted() -> Confinement {
        Confinement {
            root: None,
            max_bytes: max_file_bytes(),
            dirs: DirCache::default(),
            reads: None,
        }
    }

    pub fn with_max_bytes(mut self, max_bytes: u64) -> Confinement {
        self.max_bytes = max_bytes;
        self
    }

    /// Shares the bytes of the files read with every confinement given
    /// the same `reads`.
    pub fn with_reads(mut self, reads: Reads) -> Self {
        self.reads = Some(reads);
        self
    }

    pub fn root(&self) -> Option<&Path> {
        self.root.as_deref()
    }

    pub fn max_bytes(&self) -> u64 {
        self.max_bytes
    }

    /// Whether the canonical path `canonical` lies inside the root.
    pub fn contains(&self, canonical: &Path) -> bool {
        self.root.as_ref().is_none_or(|r| canonical.starts_with(r))
    }

    /// `path.canonicalize()`, with the folders it passes through resolved
    /// once per confinement (see [`DirCache`]).
    pub fn canonicalize(&self, path: &Path) -> std::io::Result<PathBuf> {
        self.dirs.canonicalize(path).map(|(c, _)| c)
    }

    /// `path.canonicalize()`, with the metadata of the file it names when
    /// that came for free (see [`Confinement::admit`]).
    pub fn locate(&self, path: &Path) -> std::io::Result<(PathBuf, Option<std::fs::Metadata>)> {
        self.dirs.canonicalize(path)
    }

    /// Whether the file [`Confinement::locate`] found may be read: inside
    /// the root, a regular file, within the cap. Nothing is opened.
    pub fn admit(
        &self,
        canonical: PathBuf,
        meta: Option<std::fs::Metadata>,
    ) -> Result<Admitted, Refusal> {
        if let Some(root) = &self.root
            && !canonical.starts_with(root)
        {
            return Err(Refusal::Outside { root: root.clone() });
        }
        // Before any open: opening a FIFO blocks until a writer comes. The
        // `lstat` of a name that is no symlink is its `stat`.
        let meta = match meta {
            Some(meta) => meta,
            None => std::fs::metadata(&canonical).map_err(Refusal::Io)?,
        };
        let kind = meta.file_type();
        if !kind.is_file() {
            return Err(Refusal::NotAFile(kind_name(&kind)));
        }
        if meta.len() > self.max_bytes {
            return Err(Refusal::TooLarge {
                limit: self.max_bytes,
            });
        }
        Ok(Admitted {
            canonical,
            len: meta.len(),
        })
    }

    /// The canonical path of `path`, if it may be read. Nothing is opened.
    pub fn check(&self, path: &Path) -> Result<PathBuf, Refusal> {
        self.checked(path).map(|a| a.canonical)
    }

    fn checked(&self, path: &Path) -> Result<Admitted, Refusal> {
        let (canonical, meta) = self.locate(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory => {
                Refusal::NotFound(e)
            }
            _ => Refusal::Io(e),
        })?;
        self.admit(canonical, meta)
    }

    /// The bytes of `path`, if it may be read; never more than the cap,
    /// even if the file grows while it is read.
    pub fn read(&self, path: &Path) -> Result<Vec<u8>, Refusal> {
        let admitted = self.checked(path)?;
        self.read_admitted(&admitted)
    }

    /// The bytes of a file [`Confinement::admit`] let through.
    pub fn read_admitted(&self, admitted: &Admitted) -> Result<Vec<u8>, Refusal> {
        let shared = self.reads.as_ref();
        if let Some(bytes) = shared.and_then(|r| r.get(&admitted.canonical))
            && bytes.len() as u64 <= self.max_bytes
        {
            return Ok(bytes.to_vec());
        }
        let bytes = self.read_from_disk(admitted)?;
        if let Some(reads) = shared {
            reads.keep(&admitted.canonical, &bytes);
        }
        Ok(bytes)
    }

    fn read_from_disk(&self, admitted: &Admitted) -> Result<Vec<u8>, Refusal> {
        let file = std::fs::File::open(&admitted.canonical).map_err(Refusal::Io)?;
        // Sized from the `lstat` already made: one `read` for the text and
        // one to see the end, where an empty buffer would take a read per
        // doubling and copy the text each time.
        let expected = admitted.len.min(self.max_bytes).saturating_add(1);
        let mut bytes = Vec::with_capacity(usize::try_from(expected).unwrap_or(0));
        file.take(self.max_bytes.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(Refusal::Io)?;
        if bytes.len() as u64 > self.max_bytes {
            return Err(Refusal::TooLarge {
                limit: self.max_bytes,
            });
        }
        Ok(bytes)
    }
}

/// A file let through the gate: its canonical path and the length it had
/// when looked at (a hint for reading; the cap still holds on the read).
#[derive(Clone, Debug)]
pub struct Admitted {
    pub canonical: PathBuf,
    len: u64,
}

fn kind_name(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "FIFO";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "device";
        }
        if kind.is_socket() {
            return "socket";
        }
    }
    if kind.is_dir() {
        "directory"
    } else {
        "special file"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree() -> tempfile::TempDir {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(d.path().join("root/dir")).unwrap();
        std::fs::write(d.path().join("root/a.json"), "{}").unwrap();
        std::fs::write(d.path().join("outside.json"), "{}").unwrap();
        d
    }

    #[test]
    fn regular_files_inside_the_root_are_read() {
        let d = tree();
        let c = Confinement::new(&d.path().join("root")).unwrap();
        assert_eq!(c.read(&d.path().join("root/a.json")).unwrap(), b"{}");
        assert!(matches!(
            c.read(&d.path().join("root/../outside.json")),
            Err(Refusal::Outside { .. })
        ));
        assert!(matches!(
            c.read(&d.path().join("root/dir")),
            Err(Refusal::NotAFile("directory"))
        ));
        assert!(
            c.read(&d.path().join("root/none"))
                .unwrap_err()
                .is_not_found()
        );
    }

    #[test]
    fn the_size_cap_holds() {
        let d = tree();
        let c = Confinement::new(&d.path().join("root"))
            .unwrap()
            .with_max_bytes(1);
        assert!(matches!(
            c.read(&d.path().join("root/a.json")),
            Err(Refusal::TooLarge { limit: 1 })
        ));
    }

    #[test]
    fn only_a_plain_last_component_is_split_off() {
        let split =
            |p: &str| split_plain(Path::new(p)).map(|(d, n)| (d.to_path_buf(), n.to_owned()));
        assert_eq!(
            split("/a/b/c.json"),
            Some((PathBuf::from("/a/b"), "c.json".into()))
        );
        assert_eq!(
            split("b/c.json"),
            Some((PathBuf::from("b"), "c.json".into()))
        );
        // `canonicalize` reads these differently from folder + name.
        for odd in ["c.json", "/a/b/..", "/a/b/.", "/a/b/", "/"] {
            assert_eq!(split(odd), None, "{odd}");
        }
    }

    #[test]
    fn cached_folders_give_what_canonicalize_gives() {
        let d = tree();
        let root = d.path().join("root");
        let c = Confinement::new(&root).unwrap();
        for path in [
            root.join("a.json"),
            root.join("dir/../a.json"),
            root.join("./a.json"),
            root.join("dir"),
            root.join("dir/"),
            root.join("a.json/"),
            root.join("none"),
            root.join("none/x.json"),
            root.join("a.json/x"),
        ] {
            // Twice: once to fill the cache, once from it.
            for _ in 0..2 {
                let ours = c.canonicalize(&path).map_err(|e| e.to_string());
                let std = path.canonicalize().map_err(|e| e.to_string());
                assert_eq!(ours, std, "{}", path.display());
            }
        }
    }

    #[cfg(unix)]
    #[test]
    fn cached_folders_follow_symlinks_as_canonicalize_does() {
        let d = tree();
        let root = d.path().join("root");
        std::os::unix::fs::symlink(root.join("a.json"), root.join("dir/to-a.json")).unwrap();
        std::os::unix::fs::symlink(root.join("dir"), root.join("dir-link")).unwrap();
        let c = Confinement::new(&root).unwrap();
        for path in [
            root.join("dir/to-a.json"),
            root.join("dir-link/to-a.json"),
            root.join("dir-link"),
        ] {
            for _ in 0..2 {
                assert_eq!(
                    c.canonicalize(&path).unwrap(),
                    path.canonicalize().unwrap(),
                    "{}",
                    path.display()
                );
            }
        }
        // The file behind a symlinked folder is still read and confined.
        assert_eq!(c.read(&root.join("dir-link/to-a.json")).unwrap(), b"{}");
    }

    /// Folders met for the first time are resolved through their
    /// parents: deep folders, a symlinked folder half-way down, `..` in
    /// the middle, a root spelled with `..`, files used as folders.
    #[cfg(unix)]
    #[test]
    fn folders_resolved_through_their_parents_are_what_canonicalize_gives() {
        let d = tree();
        let root = d.path().join("root");
        std::fs::create_dir_all(root.join("dir/sub/deeper")).unwrap();
        std::fs::write(root.join("dir/sub/deeper/x.json"), "[]").unwrap();
        std::os::unix::fs::symlink(root.join("dir/sub"), root.join("mid-link")).unwrap();
        std::os::unix::fs::symlink("sub/deeper", root.join("dir/rel-link")).unwrap();
        for spelled_root in [root.clone(), root.join("dir/..")] {
            let c = Confinement::new(&spelled_root).unwrap();
            for rel in [
                "dir/sub/deeper/x.json",
                "mid-link/deeper/x.json",
                "dir/rel-link/x.json",
                "dir/sub/../sub/deeper/x.json",
                "mid-link/../a.json",
                "dir/sub/deeper",
                "mid-link/deeper",
                "a.json/deeper/x.json",
                "dir/none/deeper/x.json",
            ] {
                let path = spelled_root.join(rel);
                for _ in 0..2 {
                    let ours = c.canonicalize(&path).map_err(|e| e.to_string());
                    let std = path.canonicalize().map_err(|e| e.to_string());
                    assert_eq!(ours, std, "{}", path.display());
                }
            }
            assert_eq!(
                c.read(&spelled_root.join("mid-link/deeper/x.json"))
                    .unwrap(),
                b"[]"
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_out_of_the_root_and_devices_are_refused() {
        let d = tree();
        let root = d.path().join("root");
        std::os::unix::fs::symlink(d.path().join("outside.json"), root.join("link.json")).unwrap();
        std::os::unix::fs::symlink("/dev/zero", root.join("zero.json")).unwrap();
        let c = Confinement::new(&root).unwrap();
        assert!(matches!(
            c.read(&root.join("link.json")),
            Err(Refusal::Outside { .. })
        ));
        // Outside the root too, but even unrooted a device is no file.
        assert!(matches!(
            Confinement::unrooted().read(&root.join("zero.json")),
            Err(Refusal::NotAFile("device"))
        ));
    }
}
