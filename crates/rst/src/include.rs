//! Reading from disk and following `.. include::`.
//!
//! Included files are parsed in the includer's [`Session`], so they share
//! its section-adornment styles (docutils semantics) and its diagnostics.
//! Paths resolve against the including file's directory and must stay
//! inside the root after canonicalisation; files outside it are never read.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use speclift_diag::{Diagnostic, Location};

use crate::ast::{Block, Directive, Document};
use crate::block::{Session, parse_blocks};
use crate::confine::Confinement;
use crate::{line, source};

/// How deep includes may nest (docutils has no limit; this guards against
/// runaway chains that are not cycles, e.g. through symlinks).
pub const MAX_INCLUDE_DEPTH: usize = 32;

/// A decoded file, cached by canonical path.
struct Loaded {
    lines: source::Lines,
    /// Decoding problems (binary, invalid UTF-8), reported on every use.
    diagnostics: Vec<Diagnostic>,
}

/// Reads documents below one root, caching decoded files so a file
/// included from many documents (or twice in one) is read once.
#[derive(Clone)]
pub struct Reader {
    root: PathBuf,
    root_canonical: Option<PathBuf>,
    /// The gate every read passes (the root, regular files, the size cap).
    confinement: Confinement,
    /// Sphinx's source directory: where `/x` includes start.
    source_dir: Option<PathBuf>,
    cache: BTreeMap<PathBuf, Arc<Loaded>>,
    /// Set by [`Reader::for_include_findings`].
    include_findings_only: bool,
}

pub(crate) struct Includes<'r> {
    reader: &'r mut Reader,
    /// The include chain: canonical path and the path shown to the user.
    stack: Vec<(PathBuf, Arc<Path>)>,
}

impl Reader {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        let confinement = Confinement::new(&root).unwrap_or_else(|_| Confinement::unrooted());
        let root_canonical = confinement.root().map(Path::to_path_buf);
        Reader {
            root,
            root_canonical,
            confinement,
            source_dir: None,
            cache: BTreeMap::new(),
            include_findings_only: false,
        }
    }

    /// A reader with the same settings and what this one has read so far,
    /// to read other documents on another thread; see [`Reader::join`].
    pub fn fork(&self) -> Reader {
        self.clone()
    }

    /// Takes in what `forks` (made by [`Reader::fork`]) read, and says
    /// whether their documents are what this reader would have given
    /// reading them in turn. They are unless a file two of them read anew
    /// has decoding problems: read in turn, its diagnostics would name it
    /// by the spelling of the first document to include it. Nothing is
    /// taken in when they are not.
    pub fn join(&mut self, forks: Vec<Reader>) -> bool {
        let mut fresh: BTreeMap<&PathBuf, &Arc<Loaded>> = BTreeMap::new();
        for fork in &forks {
            for (path, loaded) in &fork.cache {
                if self.cache.contains_key(path) {
                    continue;
                }
                if fresh.insert(path, loaded).is_some() && !loaded.diagnostics.is_empty() {
                    return false;
                }
            }
        }
        let fresh: Vec<(PathBuf, Arc<Loaded>)> = fresh
            .into_iter()
            .map(|(p, l)| (p.clone(), l.clone()))
            .collect();
        self.cache.extend(fresh);
        true
    }

    /// Shares the bytes of the files read with every reader and gate given
    /// the same `reads` (see [`crate::confine::Reads`]).
    pub fn with_reads(mut self, reads: crate::confine::Reads) -> Self {
        self.confinement = self.confinement.with_reads(reads);
        self
    }

    /// Sets the directory `/x` includes are relative to (Sphinx's source
    /// directory); without it, the document's own folder.
    pub fn with_source_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.source_dir = Some(dir.into());
        self
    }

    /// A reader for the findings about `.. include::` directives alone
    /// (lint's SL041): an included file that cannot hold an include
    /// directive (no `include::`, in any case, but glued to a longer name
    /// such as `literalinclude`) is loaded, its decoding findings kept,
    /// but not parsed, and its blocks are left out. Parsing it could find
    /// nothing about includes, and parsing is most of the cost of reading
    /// a page that includes a whole API.
    pub fn for_include_findings(mut self) -> Self {
        self.include_findings_only = true;
        self
    }

    /// Reads `path` with its includes spliced in. Never fails: problems are
    /// diagnostics, and the document holds whatever could be read.
    pub fn read(&mut self, path: &Path) -> (Document, Vec<Diagnostic>) {
        let file: Arc<Path> = Arc::from(path);
        let mut diags = Vec::new();
        if self.root_canonical.is_none() {
            diags.push(
                Diagnostic::error(
                    Location::file_start(file.clone()),
                    format!("include root `{}` does not exist", self.root.display()),
                )
                .with_rule(speclift_diag::Rule::IncludeProblem)
                .with_hint("pass the directory that holds the document tree as the root"),
            );
        }
        let canonical = match self.confinement.canonicalize(path) {
            Ok(c) => c,
            Err(e) => {
                diags.push(
                    Diagnostic::error(
                        Location::file_start(file.clone()),
                        format!("cannot read `{}`: {e}", path.display()),
                    )
                    .with_rule(speclift_diag::Rule::IncludeProblem)
                    .with_hint("check the path"),
                );
                return (Document::default(), diags);
            }
        };
        let loaded = match self.load(&canonical, &file) {
            Ok(l) => l,
            Err(d) => {
                diags.push(d);
                return (Document::default(), diags);
            }
        };
        diags.extend(loaded.diagnostics.iter().cloned());
        let lines = line::view(&loaded.lines);
        let mut session = Session::new();
        session.includes = Some(Includes {
            reader: self,
            stack: vec![(canonical, file.clone())],
        });
        let blocks = parse_blocks(&mut session, &file, &lines, false);
        diags.extend(session.diags);
        (Document { blocks }, diags)
    }

    fn load(&mut self, canonical: &Path, shown: &Arc<Path>) -> Result<Arc<Loaded>, Diagnostic> {
        if let Some(l) = self.cache.get(canonical) {
            return Ok(l.clone());
        }
        let bytes = self.confinement.read(canonical).map_err(|refusal| {
            Diagnostic::error(
                Location::file_start(shown.clone()),
                format!("cannot read `{}`: {refusal}", shown.display()),
            )
            .with_rule(speclift_diag::Rule::IncludeProblem)
            .with_hint("include only regular text files inside the documentation root")
        })?;
        let mut diagnostics = Vec::new();
        let lines = source::decode(shown, &bytes, &mut diagnostics);
        let loaded = Arc::new(Loaded { lines, diagnostics });
        self.cache.insert(canonical.to_path_buf(), loaded.clone());
        Ok(loaded)
    }
}

/// Reads `path` (inside `root`) with `.. include::` followed.
pub fn read_file(path: &Path, root: &Path) -> (Document, Vec<Diagnostic>) {
    Reader::new(root).read(path)
}

impl Session<'_> {
    /// The blocks of the file a `.. include::` names, or `None` to keep the
    /// directive (no disk access, an error, or a literal include).
    pub(crate) fn include(
        &mut self,
        file: &Arc<Path>,
        directive: &Directive,
        location: &Location,
        nested: bool,
    ) -> Option<Vec<Block>> {
        self.includes.as_ref()?;
        if ["literal", "code", "parser"]
            .iter()
            .any(|o| directive.option(o).is_some())
        {
            return None;
        }
        let includes = self.includes.as_mut()?;
        let arg = directive.argument.trim();
        if arg.is_empty() {
            self.include_error(
                location.clone(),
                "`include` directive without a path",
                "write `.. include:: relative/path.inc`",
            );
            return None;
        }
        if arg.starts_with('<') && arg.ends_with('>') {
            self.warn(
                location.clone(),
                format!("standard include `{arg}` is not supported"),
                "include a file by its relative path instead",
            );
            return None;
        }
        // Sphinx resolves an include against the document being built (the
        // first file of the chain), `/x` against the source directory, not
        // against the file that holds the directive as plain docutils does.
        let document_dir = includes
            .stack
            .first()
            .and_then(|(_, shown)| shown.parent())
            .unwrap_or(Path::new(""))
            .to_path_buf();
        let (base, relative) = match arg.strip_prefix('/') {
            Some(rel) => (
                includes.reader.source_dir.clone().unwrap_or(document_dir),
                rel,
            ),
            None => (document_dir, arg),
        };
        let sphinx: Arc<Path> = Arc::from(normalize_path(&base.join(relative)));
        let own_dir = file.parent().unwrap_or(Path::new(""));
        let beside: Arc<Path> = Arc::from(normalize_path(&own_dir.join(arg)));
        // Found only beside the including file: Sphinx would miss it, so it
        // is read with a warning rather than lost.
        let shown = if sphinx.exists() || arg.starts_with('/') || !beside.exists() {
            sphinx
        } else {
            // A field, not `self.warn`: `includes` borrows `self.includes`.
            self.diags.push(
                Diagnostic::warning(
                    location.clone(),
                    format!(
                        "included file `{arg}` is not in `{}`, the folder of the document being built, where Sphinx looks; it is read from `{}`",
                        base.display(),
                        own_dir.display()
                    ),
                )
                .with_hint("write the path relative to the document that includes this file (or as `/path` from the source directory)")
                .with_code(speclift_diag::degraded::BESIDE_THE_INCLUDE),
            );
            beside
        };
        if includes.stack.len() > MAX_INCLUDE_DEPTH {
            self.include_error(
                location.clone(),
                format!("includes nested deeper than {MAX_INCLUDE_DEPTH} levels"),
                "flatten the include chain",
            );
            return None;
        }
        let canonical = match includes.reader.confinement.canonicalize(&shown) {
            Ok(c) => c,
            Err(e) => {
                let what = if e.kind() == std::io::ErrorKind::NotFound {
                    "not found".to_string()
                } else {
                    e.to_string()
                };
                // docutils reports it and Sphinx builds the rest of the
                // page: only the included text is missing.
                self.diags.push(
                    Diagnostic::warning(
                        location.clone(),
                        format!("included file `{}` {what}; it is skipped", shown.display()),
                    )
                    .with_hint("the path is relative to the folder of the document being built; check its spelling")
                    .with_code(speclift_diag::degraded::MISSING_FILE),
                );
                return None;
            }
        };
        let inside = includes
            .reader
            .root_canonical
            .as_ref()
            .is_some_and(|root| canonical.starts_with(root));
        if !inside {
            let root = includes.reader.root.display().to_string();
            self.include_error(
                location.clone(),
                format!(
                    "included file `{}` is outside the root `{root}`",
                    shown.display()
                ),
                "only files inside the document tree can be included",
            );
            return None;
        }
        if let Some(i) = includes.stack.iter().position(|(c, _)| *c == canonical) {
            let mut chain: Vec<String> = includes.stack[i..]
                .iter()
                .map(|(_, s)| s.display().to_string())
                .collect();
            chain.push(shown.display().to_string());
            self.include_error(
                location.clone(),
                format!("include cycle: {}", chain.join(" → ")),
                "remove one of the includes in the chain",
            );
            return None;
        }
        let loaded = match includes.reader.load(&canonical, &shown) {
            Ok(l) => l,
            Err(d) => {
                self.diags.push(Diagnostic {
                    location: Some(location.clone()),
                    ..d
                });
                return None;
            }
        };
        let includes_only = includes.reader.include_findings_only;
        includes.stack.push((canonical, shown.clone()));
        self.diags.extend(loaded.diagnostics.iter().cloned());
        let all = line::view(&loaded.lines);
        let blocks = match self.slice(directive, location, &all) {
            Some(_) if unparsed(includes_only, &loaded) => Vec::new(),
            Some(lines) => parse_blocks(self, &shown, lines, nested),
            None => Vec::new(),
        };
        if let Some(includes) = self.includes.as_mut() {
            includes.stack.pop();
        }
        Some(blocks)
    }
}

/// Whether a reader [`for_include_findings`](Reader::for_include_findings)
/// leaves an included file unparsed: its text holds no `include`
/// directive. Parsing a file without one can say nothing about includes:
/// the parser's own findings are fixed texts that never say `include`,
/// and lint keeps only findings at an include directive or that say it.
/// (The file's decoding findings come from loading it, which still
/// happens.)
fn unparsed(includes_only: bool, loaded: &Loaded) -> bool {
    includes_only && !may_hold_include(loaded.lines.joined())
}

/// Whether `text` may hold an `include` directive. A directive's name is
/// what precedes its `::` after `.. ` (lowercased), so an `include`
/// directive puts `include::`, in any case, right after a space. Any
/// `include::` not glued to a letter or digit counts; `literalinclude::`,
/// the samples' directive on nearly every page, does not.
fn may_hold_include(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memmem::find_iter(bytes, b"::").any(|at| {
        let Some(name) = at.checked_sub(7).and_then(|from| bytes.get(from..at)) else {
            return false;
        };
        let glued = at
            .checked_sub(8)
            .and_then(|i| bytes.get(i))
            .is_some_and(u8::is_ascii_alphanumeric);
        name.eq_ignore_ascii_case(b"include") && !glued
    })
}

impl Session<'_> {
    /// The part of an included file its `:start-line:`, `:end-line:`,
    /// `:start-after:` and `:end-before:` options keep, as docutils
    /// cuts it (line slice first, then the text markers, each matched on
    /// the first line holding it); `None` when a marker is not found,
    /// where docutils includes nothing.
    fn slice<'l>(
        &mut self,
        directive: &Directive,
        location: &Location,
        all: &'l [line::Line<'l>],
    ) -> Option<&'l [line::Line<'l>]> {
        let len = all.len();
        // Python slice bounds: negative counts from the end.
        let bound = |name: &str, default: usize| -> usize {
            match directive.option(name).map(|v| v.trim().parse::<i64>()) {
                Some(Ok(n)) if n < 0 => {
                    len.saturating_sub(usize::try_from(n.unsigned_abs()).unwrap_or(usize::MAX))
                }
                Some(Ok(n)) => usize::try_from(n).unwrap_or(usize::MAX).min(len),
                _ => default,
            }
        };
        let start = bound("start-line", 0);
        let end = bound("end-line", len).max(start);
        let mut lines = &all[start..end];
        if let Some(marker) = directive.option("start-after").filter(|m| !m.is_empty()) {
            match lines.iter().position(|l| l.text.contains(marker)) {
                Some(i) => lines = &lines[i + 1..],
                None => {
                    self.warn(
                        location.clone(),
                        format!("`:start-after:` text `{marker}` is not in the included file; nothing is included, as docutils includes nothing"),
                        "fix the marker text or add it to the included file",
                    );
                    return None;
                }
            }
        }
        if let Some(marker) = directive.option("end-before").filter(|m| !m.is_empty()) {
            match lines.iter().position(|l| l.text.contains(marker)) {
                Some(i) => lines = &lines[..i],
                None => {
                    self.warn(
                        location.clone(),
                        format!("`:end-before:` text `{marker}` is not in the included file; nothing is included, as docutils includes nothing"),
                        "fix the marker text or add it to the included file",
                    );
                    return None;
                }
            }
        }
        Some(lines)
    }
}

/// Removes `.` and folds `dir/..` without touching the file system, so
/// locations read `api-ref/source/x.json`, not `api-ref/source/v3/../x.json`.
/// Lexical only: the confinement check uses the canonical path. `..` at the
/// root stays at the root; an empty result is `.`.
pub fn normalize_path(path: &Path) -> PathBuf {
    let mut out: Vec<Component> = Vec::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match out.last() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(c),
            },
            other => out.push(other),
        }
    }
    if out.is_empty() {
        return PathBuf::from(".");
    }
    out.iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_is_lexical() {
        let n = |p: &str| normalize_path(Path::new(p));
        assert_eq!(n("a/./b/../c.inc"), PathBuf::from("a/c.inc"));
        assert_eq!(n("../x"), PathBuf::from("../x"));
        assert_eq!(n("../../x/y"), PathBuf::from("../../x/y"));
        assert_eq!(n("a/../.."), PathBuf::from(".."));
        assert_eq!(n("/a/../../b"), PathBuf::from("/b"));
        assert_eq!(n("a/.."), PathBuf::from("."));
    }

    #[test]
    fn only_a_spaced_include_name_may_be_an_include_directive() {
        for text in [
            ".. include:: a.inc",
            ".. INCLUDE:: a.inc",
            "..  Include::",
            "include::",
            "See include:: in prose",
            "(include:: x)",
        ] {
            assert!(may_hold_include(text), "{text}");
        }
        for text in [
            ".. literalinclude:: a.json",
            ".. LiteralInclude:: a.json",
            "This response will include the items.",
            ".. include: a.inc",
            "nclude::",
            "",
        ] {
            assert!(!may_hold_include(text), "{text}");
        }
    }

    /// A page that includes a file with no include directive (a sample
    /// and prose saying "include", a title too short), one with a nested
    /// include written in capitals, and one that is not UTF-8.
    fn read_both_ways() -> [(Document, Vec<Diagnostic>); 2] {
        let dir = tempfile::tempdir().unwrap();
        let files: [(&str, &[u8]); 4] = [
            (
                "index.rst",
                b"Index\n=====\n\n.. include:: plain.inc\n.. include:: nested.inc\n.. include:: latin1.inc\n",
            ),
            (
                "plain.inc",
                b"Plain title\n-----\n\n.. literalinclude:: x.json\n\nThe response will include it.\n",
            ),
            ("nested.inc", b"Nested\n\n.. INCLUDE:: gone.inc\n"),
            ("latin1.inc", b"Caf\xe9\n"),
        ];
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        let page = dir.path().join("index.rst");
        [
            Reader::new(dir.path()).read(&page),
            Reader::new(dir.path()).for_include_findings().read(&page),
        ]
    }

    #[test]
    fn reading_for_include_findings_skips_parsing_files_without_includes() {
        let [(whole, whole_diags), (outline, outline_diags)] = read_both_ways();
        let said = |diags: &[Diagnostic]| -> Vec<String> {
            diags.iter().map(|d| d.message.clone()).collect()
        };
        let (whole_said, outline_said) = (said(&whole_diags), said(&outline_diags));
        // The nested include and the decoding problem are found both ways.
        for said in [&whole_said, &outline_said] {
            assert!(said.iter().any(|m| m.contains("gone.inc")), "{said:?}");
            assert!(said.iter().any(|m| m.contains("invalid UTF-8")), "{said:?}");
        }
        // The file without includes is parsed only by the whole reading:
        // its short title is found, and its blocks are there.
        let short = |said: &[String]| said.iter().any(|m| m.contains("too short"));
        assert!(short(&whole_said) && !short(&outline_said));
        assert!(whole.blocks.len() > outline.blocks.len());
        // Nothing else differs.
        let rest: Vec<_> = whole_said
            .iter()
            .filter(|m| !m.contains("too short"))
            .collect();
        assert_eq!(rest, outline_said.iter().collect::<Vec<_>>());
    }

    /// Two pages that include the same file, read on forks of one reader.
    fn forked_reads(shared: &[u8]) -> (bool, Vec<Diagnostic>) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("v2")).unwrap();
        std::fs::write(dir.path().join("common.inc"), shared).unwrap();
        std::fs::write(
            dir.path().join("a.rst"),
            "A\n=\n\n.. include:: common.inc\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("v2/b.rst"),
            "B\n=\n\n.. include:: ../common.inc\n",
        )
        .unwrap();
        let mut reader = Reader::new(dir.path());
        let (mut one, mut two) = (reader.fork(), reader.fork());
        one.read(&dir.path().join("a.rst"));
        two.read(&dir.path().join("v2/b.rst"));
        let joined = reader.join(vec![one, two]);
        // What the joined reader holds is what it gives from then on.
        let (_, diags) = reader.read(&dir.path().join("v2/b.rst"));
        (joined, diags)
    }

    #[test]
    fn forks_join_when_reading_in_turn_would_give_the_same() {
        let (joined, diags) = forked_reads(b"Shared text.\n");
        assert!(joined);
        assert!(diags.is_empty(), "{diags:?}");
    }

    #[test]
    fn forks_do_not_join_when_a_shared_file_has_decoding_problems() {
        // Read in turn, the second page's diagnostic about the shared file
        // would name it by the first page's spelling: the forks' documents
        // are not what reading in turn gives, and nothing is taken in.
        let (joined, diags) = forked_reads(b"Caf\xe9 text.\n");
        assert!(!joined);
        assert!(!diags.is_empty());
    }
}
