//! Usage checks made before a command runs: every input path exists and
//! can be read, and `-o` names a directory. What fails here is a usage
//! error (exit status 2), told once, before any work.

use std::path::Path;

use speclift_diag::{Diagnostic, Location};

/// Extensions that make `-o NAME` a file name: `-o out/x.yaml` would
/// otherwise become a directory called `x.yaml`.
const FILE_EXTENSIONS: [&str; 5] = ["yaml", "yml", "json", "html", "htm"];

/// One diagnostic per input that does not exist or cannot be read (a
/// directory that cannot be listed, a file that cannot be opened).
pub fn unreadable<'a>(paths: impl IntoIterator<Item = &'a Path>) -> Vec<Diagnostic> {
    paths
        .into_iter()
        .filter_map(|path| {
            let problem = match std::fs::metadata(path) {
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => "does not exist".to_string(),
                Err(e) => format!("cannot be read: {e}"),
                Ok(meta) if meta.is_dir() => match std::fs::read_dir(path) {
                    Ok(_) => return None,
                    Err(e) => format!("cannot be listed: {e}"),
                },
                Ok(meta) if meta.is_file() => match std::fs::File::open(path) {
                    Ok(_) => return None,
                    Err(e) => format!("cannot be read: {e}"),
                },
                // A FIFO or device is never opened here (opening a FIFO
                // waits for a writer): the command's own gate refuses it.
                Ok(_) => return None,
            };
            Some(
                Diagnostic::error(
                    Location::file_start(path),
                    format!("`{}` {problem}", path.display()),
                )
                .with_hint("check the path (and its permissions), then run the command again"),
            )
        })
        .collect()
}

/// `-o DIR` of a command that writes a directory of files (`what`, e.g.
/// "the specs"): an existing file, or a new name that looks like a file
/// name (`out/x.yaml`), is refused with a hint.
pub fn output_dir(dir: &Path, what: &str) -> Option<Diagnostic> {
    let location = Location::file_start(dir);
    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| ".".to_string(), |p| p.display().to_string());
    match std::fs::metadata(dir) {
        Ok(meta) if meta.is_dir() => None,
        Ok(_) => Some(
            Diagnostic::error(
                location,
                format!("-o {}: is a file, not a directory", dir.display()),
            )
            .with_hint(format!(
                "-o takes the directory {what} go to (file names come from the APIs), \
                 e.g. -o {parent}"
            )),
        ),
        Err(_)
            if dir
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| FILE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str())) =>
        {
            Some(
                Diagnostic::error(
                    location,
                    format!(
                        "-o {}: looks like a file name, but -o takes a directory",
                        dir.display()
                    ),
                )
                .with_hint(format!(
                    "give the directory {what} go to (file names come from the APIs), \
                     e.g. -o {parent}"
                )),
            )
        }
        Err(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_inputs_and_file_like_outputs_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("spec.yaml");
        std::fs::write(&file, "a: 1\n").unwrap();
        let missing = dir.path().join("nope");
        let found = unreadable([dir.path(), file.as_path(), missing.as_path()]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].to_string().contains("does not exist"),
            "{}",
            found[0]
        );

        assert!(output_dir(dir.path(), "the specs").is_none());
        assert!(output_dir(&dir.path().join("new-dir"), "the specs").is_none());
        let as_file = output_dir(&file, "the specs").unwrap().to_string();
        assert!(as_file.contains("is a file"), "{as_file}");
        let named = output_dir(&dir.path().join("out/x.YAML"), "the specs")
            .unwrap()
            .to_string();
        assert!(named.contains("looks like a file name"), "{named}");
        assert!(named.contains("help:") && named.contains("-o "), "{named}");
    }
}
