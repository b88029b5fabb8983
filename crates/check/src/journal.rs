//! The cleanup journal: the run's cleanup stack, rewritten to a file (and
//! flushed to disk) each time it changes. A run killed outright (SIGKILL,
//! power loss) cannot clean up; the next run given the same journal removes
//! what it lists before anything else. One run at a time holds a journal:
//! a lock on `FILE.lock` beside it, released by the OS when the process
//! ends, however it ends.
//!
//! Secrets never reach the file: the headers of secret names
//! ([`is_secret_header`]) are left out, and a resumed cleanup sends the
//! current run's headers in their place.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::redact::is_secret_header;

/// Something to DELETE (or remove by its deleting POST) at the end of a run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Cleanup {
    pub label: String,
    pub path: String,
    /// GET to poll until 404 after an accepted (202) delete, and to wait
    /// on when the resource is still busy.
    pub show: Option<String>,
    pub status_pointer: Option<String>,
    pub microversion: Option<String>,
    /// The extra headers of the request that made it.
    pub headers: BTreeMap<String, String>,
    /// A resource with no DELETE is removed by POSTing this body to
    /// `path` (its documented deleting action, e.g. `{"delete": {…}}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<serde_json::Value>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct JournalFile {
    /// What the file is, for a person who finds it.
    about: String,
    /// The service the paths are on.
    base_url: String,
    /// Oldest first: removed newest first.
    resources: Vec<Cleanup>,
}

const ABOUT: &str = "speclift check: resources a run created and has not removed yet; \
                     the next run with this --journal removes them first";

/// Writes `stack` (replacing the file atomically); an empty stack removes
/// the file, so its presence means "something is left".
pub(crate) fn save(path: &Path, base_url: &str, stack: &[Cleanup]) -> Result<(), String> {
    if stack.is_empty() {
        return match std::fs::remove_file(path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(format!("{}: {e}", path.display()))
            }
            _ => Ok(()),
        };
    }
    let file = JournalFile {
        about: ABOUT.to_string(),
        base_url: base_url.to_string(),
        resources: stack
            .iter()
            .map(|c| {
                let mut c = c.clone();
                c.headers.retain(|name, _| !is_secret_header(name));
                c
            })
            .collect(),
    };
    let text = serde_json::to_string_pretty(&file).map_err(|e| e.to_string())? + "\n";
    let tmp = temporary(path);
    let write = || -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(text.as_bytes())?;
        // On disk before the rename, so a power cut leaves the old list or
        // the new one, never an empty file.
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    };
    write().map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!("{}: {e}", path.display())
    })
}

/// Where `save` writes before renaming: beside the journal.
fn temporary(path: &Path) -> std::path::PathBuf {
    let name = path
        .file_name()
        .map_or_else(|| "journal".into(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.{}.tmp", std::process::id()))
}

/// Takes the journal for this run: an exclusive lock on `FILE.lock`, held
/// while the returned file is open. Two runs sharing a journal (parallel
/// `--partition` jobs, say) would otherwise remove each other's live
/// resources as "left by an earlier run".
pub(crate) fn lock(path: &Path) -> Result<std::fs::File, String> {
    let name = path
        .file_name()
        .map_or_else(|| "journal".into(), |n| n.to_string_lossy().into_owned());
    let lock_path = path.with_file_name(format!("{name}.lock"));
    let file = std::fs::File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(|e| {
            format!(
                "{}: the journal's lock file cannot be created ({e}); its folder must exist and be writable",
                lock_path.display()
            )
        })?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(format!(
            "{}: another speclift check is using this journal; give each concurrent run its own --journal",
            path.display()
        )),
        Err(std::fs::TryLockError::Error(e)) => {
            Err(format!("{}: cannot lock: {e}", lock_path.display()))
        }
    }
}

/// Whether the journal can be written at `path` (its folder exists and
/// takes files), checked before a run creates anything.
pub(crate) fn probe(path: &Path) -> Result<(), String> {
    let tmp = temporary(path);
    std::fs::write(&tmp, "")
        .and_then(|()| std::fs::remove_file(&tmp))
        .map_err(|e| {
            format!(
                "{}: the cleanup journal cannot be written there ({e}); its folder must exist \
                 and be writable",
                path.display()
            )
        })
}

/// What an earlier run left for `base_url`; empty when there is no file.
pub(crate) fn load(path: &Path, base_url: &str) -> Result<Vec<Cleanup>, String> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    let file: JournalFile = serde_json::from_str(&text).map_err(|e| {
        format!(
            "{}: not a speclift check journal ({e}); move it aside or pass another --journal",
            path.display()
        )
    })?;
    if file.base_url.trim_end_matches('/') != base_url.trim_end_matches('/') {
        return Err(format!(
            "{} lists {} resource(s) on {}, not on {base_url}: remove them there (rerun against \
             that URL with this journal) or use another --journal",
            path.display(),
            file.resources.len(),
            file.base_url
        ));
    }
    Ok(file.resources)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(path: &str) -> Cleanup {
        Cleanup {
            show: Some(path.into()),
            status_pointer: Some("/thing/status".into()),
            microversion: Some("3.27".into()),
            headers: [
                ("X-Service-Roles".to_string(), "service".to_string()),
                ("X-Api-Key".to_string(), "s3cret-key".to_string()),
            ]
            .into(),
            ..Cleanup::plain(path)
        }
    }

    #[test]
    fn round_trip_without_secrets_and_gone_when_empty() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.json");
        assert_eq!(load(&path, "http://h").unwrap(), []);
        let stack = [item("/v1/things/1"), item("/v1/things/2")];
        save(&path, "http://h/", &stack).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.contains("s3cret-key"), "{text}");
        let back = load(&path, "http://h").unwrap();
        assert_eq!(back.len(), 2);
        assert_eq!(back[1].path, "/v1/things/2");
        assert_eq!(
            back[0].headers,
            [("X-Service-Roles".to_string(), "service".to_string())].into()
        );
        let other = load(&path, "http://elsewhere").unwrap_err();
        assert!(other.contains("2 resource(s) on http://h/"), "{other}");
        save(&path, "http://h", &[]).unwrap();
        assert!(!path.exists());
        probe(&path).unwrap();
        let nowhere = probe(&dir.path().join("missing/journal.json")).unwrap_err();
        assert!(nowhere.contains("its folder must exist"), "{nowhere}");
        // No stray temporary files either.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn one_run_at_a_time_holds_a_journal() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.json");
        let held = lock(&path).unwrap();
        let second = lock(&path).unwrap_err();
        assert!(
            second.contains("another speclift check is using this journal"),
            "{second}"
        );
        drop(held);
        lock(&path).unwrap();
        let nowhere = lock(&dir.path().join("missing/journal.json")).unwrap_err();
        assert!(nowhere.contains("its folder must exist"), "{nowhere}");
    }

    #[test]
    fn a_foreign_file_is_refused_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.json");
        std::fs::write(&path, "{\"mine\": true}").unwrap();
        let e = load(&path, "http://h").unwrap_err();
        assert!(e.contains("not a speclift check journal"), "{e}");
    }
}
