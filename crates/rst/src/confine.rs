//! The one gate every documentation file passes before it is read, shared
//! by `gen` (through this crate's include reader and speclift-model's
//! `Root`) and `lint`, so the two can never disagree about what may be
//! read: the file must resolve (symlinks followed) inside the root, be a
//! regular file — a FIFO would block the reader forever, a device such as
//! `/dev/zero` never ends — and be at most [`Confinement::max_bytes`] long
//! (default [`DEFAULT_MAX_FILE_BYTES`], or `SPECLIFT_MAX_FILE_BYTES`).

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

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
}

impl Confinement {
    /// Files inside `root` (which must exist), capped at [`max_file_bytes`].
    pub fn new(root: &Path) -> std::io::Result<Confinement> {
        Ok(Confinement {
            root: Some(root.canonicalize()?),
            max_bytes: max_file_bytes(),
        })
    }

    /// Any regular file within the size cap, wherever it is (when no root
    /// can be established the other checks still hold).
    pub fn unrooted() -> Confinement {
        Confinement {
            root: None,
            max_bytes: max_file_bytes(),
        }
    }

    pub fn with_max_bytes(mut self, max_bytes: u64) -> Confinement {
        self.max_bytes = max_bytes;
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

    /// The canonical path of `path`, if it may be read. Nothing is opened.
    pub fn check(&self, path: &Path) -> Result<PathBuf, Refusal> {
        let canonical = path.canonicalize().map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory => {
                Refusal::NotFound(e)
            }
            _ => Refusal::Io(e),
        })?;
        if let Some(root) = &self.root
            && !canonical.starts_with(root)
        {
            return Err(Refusal::Outside { root: root.clone() });
        }
        // Before any open: opening a FIFO blocks until a writer comes.
        let meta = std::fs::metadata(&canonical).map_err(Refusal::Io)?;
        let kind = meta.file_type();
        if !kind.is_file() {
            return Err(Refusal::NotAFile(kind_name(&kind)));
        }
        if meta.len() > self.max_bytes {
            return Err(Refusal::TooLarge {
                limit: self.max_bytes,
            });
        }
        Ok(canonical)
    }

    /// The bytes of `path`, if it may be read; never more than the cap,
    /// even if the file grows while it is read.
    pub fn read(&self, path: &Path) -> Result<Vec<u8>, Refusal> {
        let canonical = self.check(path)?;
        let file = std::fs::File::open(&canonical).map_err(Refusal::Io)?;
        let mut bytes = Vec::new();
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
