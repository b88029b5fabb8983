//! `gen --watch`: regenerate whenever a documentation file is saved.
//!
//! Doc writers run sphinx-autobuild for the same loop; here one change
//! costs a full regeneration, which is fast enough not to need anything
//! incremental. Events arrive in bursts (an editor's save is a write, a
//! rename and attribute changes), so a burst is gathered until the tree
//! has been quiet for [`QUIET`] and then regenerated once.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify::{EventKind, RecursiveMode, Watcher};

/// How long the tree must be quiet before a burst of events counts as
/// one save: long enough for an editor's write + rename, short next to the
/// 100 ms a writer notices.
pub const QUIET: Duration = Duration::from_millis(15);

/// The directories to watch for `paths`: each input's root (the folder
/// holding `api-ref/`, so samples outside `api-ref/source` count), or the
/// `--root` given, without duplicates or nested repeats.
pub fn watched_dirs(paths: &[PathBuf], root: Option<&Path>) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = paths
        .iter()
        .map(|p| {
            let dir = root.map_or_else(|| speclift_model::default_root(p), Path::to_path_buf);
            dir.canonicalize().unwrap_or(dir)
        })
        .collect();
    dirs.sort();
    dirs.dedup();
    let mut out: Vec<PathBuf> = Vec::new();
    for dir in dirs {
        if !out.iter().any(|d| dir.starts_with(d)) {
            out.push(dir);
        }
    }
    out
}

/// Whether an event can change a spec: content, creation, removal or a
/// rename of a file that is not one of our own outputs.
fn relevant(event: &notify::Event, output: &Path) -> bool {
    let changes = matches!(
        event.kind,
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) | EventKind::Any
    ) && !matches!(
        event.kind,
        EventKind::Modify(notify::event::ModifyKind::Metadata(_))
    );
    changes && event.paths.iter().any(|p| !p.starts_with(output))
}

/// Runs `regenerate` once, then again after every save under `dirs`, until
/// the process is ended (Ctrl-C). Files under `output` (the specs being
/// written, possibly inside a watched tree) never trigger a run. Returns
/// only when watching cannot start or stops working.
pub fn watch(dirs: &[PathBuf], output: &Path, mut regenerate: impl FnMut()) -> Result<(), String> {
    let output = output
        .canonicalize()
        .unwrap_or_else(|_| output.to_path_buf());
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event| {
        // The receiver lives as long as the loop below; a send can only
        // fail once it has returned.
        let _ = tx.send(event);
    })
    .map_err(|e| format!("cannot watch files: {e}"))?;
    for dir in dirs {
        watcher
            .watch(dir, RecursiveMode::Recursive)
            .map_err(|e| format!("cannot watch {}: {e}", dir.display()))?;
    }
    regenerate();
    loop {
        // Block for the first event of a burst…
        let first = rx
            .recv()
            .map_err(|_| "the file watcher stopped".to_string())?;
        let mut dirty = is_relevant(first, &output)?;
        // …then take the rest until the tree is quiet.
        loop {
            match rx.recv_timeout(QUIET) {
                Ok(event) => dirty |= is_relevant(event, &output)?,
                Err(mpsc::RecvTimeoutError::Timeout) => break,
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    return Err("the file watcher stopped".into());
                }
            }
        }
        if dirty {
            regenerate();
        }
    }
}

fn is_relevant(event: notify::Result<notify::Event>, output: &Path) -> Result<bool, String> {
    match event {
        Ok(event) => Ok(relevant(&event, output)),
        // A lost event (queue overflow) may hide a change: regenerate.
        Err(e) if matches!(e.kind, notify::ErrorKind::MaxFilesWatch) => Err(format!(
            "cannot watch files: {e}; raise fs.inotify.max_user_watches"
        )),
        Err(_) => Ok(true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, DataChange, MetadataKind, ModifyKind};

    fn event(kind: EventKind, path: &str) -> notify::Event {
        notify::Event::new(kind).add_path(PathBuf::from(path))
    }

    #[test]
    fn own_outputs_and_metadata_do_not_trigger() {
        let out = Path::new("/tree/out");
        let write = EventKind::Modify(ModifyKind::Data(DataChange::Content));
        assert!(relevant(&event(write, "/tree/api-ref/source/a.inc"), out));
        assert!(relevant(
            &event(EventKind::Create(CreateKind::File), "/tree/b.json"),
            out
        ));
        assert!(!relevant(&event(write, "/tree/out/api.yaml"), out));
        assert!(!relevant(
            &event(
                EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)),
                "/tree/a.inc"
            ),
            out
        ));
        assert!(!relevant(
            &event(
                EventKind::Access(notify::event::AccessKind::Any),
                "/tree/a.inc"
            ),
            out
        ));
    }

    #[test]
    fn nested_roots_are_watched_once() {
        let base = std::env::temp_dir().join(format!("speclift-watch-dirs-{}", std::process::id()));
        let inner = base.join("a/b");
        std::fs::create_dir_all(&inner).unwrap();
        let dirs = watched_dirs(&[inner.clone(), base.clone(), inner.clone()], None);
        assert_eq!(dirs, [base.canonicalize().unwrap()]);
        let rooted = watched_dirs(std::slice::from_ref(&inner), Some(&base.join("a")));
        assert_eq!(rooted, [base.join("a").canonicalize().unwrap()]);
        std::fs::remove_dir_all(&base).unwrap();
    }
}
