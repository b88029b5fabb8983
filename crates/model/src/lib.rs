//! The api-ref model: documentation dialects read into one typed
//! intermediate representation ([`ir`]).
//!
//! Data flows one way: RST tree (from `speclift-rst`) → dialect → [`ir::Api`].
//! Nothing here knows about OpenAPI, and nothing here writes files.

pub mod ir;
pub mod microversion;
pub mod param_schema;

mod files;
mod md;
mod osapiref;
pub mod synnefo;
mod text;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use speclift_diag::{Diagnostic, Location};
use speclift_rst::{BlockKind, Document};

pub use ir::*;
pub use microversion::{Microversion, VersionRange};
pub use osapiref::syntax;
pub use param_schema::{ParameterDefinition, parameters_file_schema};

use files::{Root, dir_of};

#[derive(Clone, Debug, Default)]
pub struct ReadOptions {
    /// The directory no referenced file may escape; [`default_root`] when
    /// `None`.
    pub root: Option<PathBuf>,
    /// Forces a dialect; detected per document when `None`.
    pub dialect: Option<Dialect>,
    /// Bytes of files already read, shared with the caller's other reads
    /// of the same tree (lint's); each file is read from disk once.
    pub reads: Option<speclift_rst::confine::Reads>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    OsApiRef,
    Synnefo,
}

/// One API and the diagnostics that belong to it.
#[derive(Clone, Debug)]
pub struct LoadedApi {
    pub api: Api,
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads every API under `path`: an api-ref source dir (its index.rst and
/// the toctrees from there), a dir without index.rst (every top-level
/// `*.rst` is an entry), or a single `.rst`/`.inc` file. The second value
/// holds diagnostics not tied to one API, among them an error (SL046) when
/// the input yields no API and nothing else explains why.
pub fn read_path(path: &Path, opts: &ReadOptions) -> (Vec<LoadedApi>, Vec<Diagnostic>) {
    read_path_each(path, opts, &|api| api)
}

/// [`read_path`], handing each API to `each` as soon as it is read, on the
/// thread that read it, and returning what `each` made of them, in order.
/// `gen` emits an API there: Cinder's v2 is emitted while its v3 is still
/// being read, on the core that would otherwise wait for it.
pub fn read_path_each<R: Send>(
    path: &Path,
    opts: &ReadOptions,
    each: &(dyn Fn(LoadedApi) -> R + Sync),
) -> (Vec<R>, Vec<Diagnostic>) {
    read_path_with(path, opts, each, true)
        .or_else(|| read_path_with(path, opts, each, false))
        .unwrap_or_default()
}

/// [`read_path_each`], reading the os-api-ref documents `side_by_side`
/// or in turn ([`Reader::finish`]); `None` when side by side gave what in
/// turn would not.
fn read_path_with<R: Send>(
    path: &Path,
    opts: &ReadOptions,
    each: &(dyn Fn(LoadedApi) -> R + Sync),
    side_by_side: bool,
) -> Option<(Vec<R>, Vec<Diagnostic>)> {
    let mut global = Vec::new();
    let root_dir = opts.root.clone().unwrap_or_else(|| default_root(path));
    let root = match Root::new(&root_dir) {
        Ok(r) => match &opts.reads {
            Some(reads) => r.with_reads(reads.clone()),
            None => r,
        },
        Err(d) => return Some((Vec::new(), vec![d])),
    };
    let entries = match entries(path) {
        Ok(e) => e,
        Err(d) => return Some((Vec::new(), vec![d])),
    };
    let source_dir = {
        let conventional = root.path().join("api-ref/source");
        if conventional.is_dir() {
            conventional
        } else if path.is_dir() {
            path.to_path_buf()
        } else {
            dir_of(path)
        }
    };
    let from_index = path.is_dir() && path.join("index.rst").is_file();
    let params_ahead = if from_index {
        Some(osapiref::prefetch_params(
            &root,
            parameter_files(path, &root),
        ))
    } else {
        None
    };
    let mut reader = Reader {
        rst: {
            let rst = speclift_rst::Reader::new(root.path()).with_source_dir(&source_dir);
            match &opts.reads {
                Some(reads) => rst.with_reads(reads.clone()),
                None => rst,
            }
        },
        loader: osapiref::Loader::new(root, source_dir),
        opts,
        visited: BTreeSet::new(),
        apis: Vec::new(),
        ahead: BTreeMap::new(),
        params_ahead,
    };
    for entry in entries {
        match entry.canonicalize() {
            Ok(c) if reader.loader.root.contains(&c) => reader.visit(&entry, c, false, &mut global),
            Ok(_) => global.push(
                Diagnostic::error(
                    Location::file_start(entry.as_path()),
                    format!(
                        "`{}` is outside the root `{}`",
                        entry.display(),
                        root_dir.display()
                    ),
                )
                .with_rule(speclift_diag::Rule::UnreadableFile)
                .with_hint("pass a root that contains the input"),
            ),
            Err(e) => global.push(
                Diagnostic::error(
                    Location::file_start(entry.as_path()),
                    format!("cannot open `{}`: {e}", entry.display()),
                )
                .with_rule(speclift_diag::Rule::UnreadableFile)
                .with_hint("check the path"),
            ),
        }
    }
    speclift_diag::stage!("read: toctrees followed");
    // Sphinx builds every document of the source dir, in a toctree or
    // not (an `:orphan:` page, a page nobody lists): those left after the
    // toctrees are read too, in name order, like `:hidden:` entries.
    if from_index {
        let mut names = Vec::new();
        collect_docnames(path, "", 0, &mut names);
        names.sort();
        let left: Vec<(PathBuf, PathBuf)> = names
            .into_iter()
            .filter_map(|name| {
                let doc = path.join(format!("{name}.rst"));
                let c = doc.canonicalize().ok()?;
                (reader.loader.root.contains(&c) && !reader.visited.contains(&c))
                    .then_some((doc, c))
            })
            .collect();
        reader.read_ahead(left.iter().map(|(d, c)| (d.as_path(), c.as_path())));
        for (doc, c) in left {
            if !reader.visited.contains(&c) {
                reader.visit(&doc, c, true, &mut global);
            }
        }
    }
    speclift_diag::stage!("read: every document read");
    // Which APIs there are, and their names, are settled before the
    // os-api-ref ones are read, so each can be handed on once read.
    // In an os-api-ref tree, a page that only looks like a Synnefo guide
    // (an overview with a `URI | Method` table) is rendered by os-api-ref
    // as a plain table: it documents no operation there either.
    if opts.dialect.is_none()
        && reader
            .apis
            .iter()
            .any(|a| matches!(a, Found::OsApiRef { .. }))
    {
        reader.apis.retain(|found| {
            let Found::Read(a) = found else { return true };
            if a.api.dialect == osapiref::DIALECT {
                return true;
            }
            global.push(
                Diagnostic::warning(
                    a.api.source.clone(),
                    format!(
                        "`{}` reads as a Synnefo API guide inside an os-api-ref tree, where os-api-ref renders its tables as tables; it yields no API",
                        a.api.source.file.display()
                    ),
                ).with_rule(speclift_diag::Rule::ForeignDialectPage)
                .with_hint("document its operations with `.. rest_method::`, or pass `--dialect synnefo` to read the tree as Synnefo guides"),
            );
            false
        });
    }
    let mut taken = Vec::new();
    for found in &mut reader.apis {
        let name = match found {
            Found::Read(a) => &mut a.api.name,
            Found::OsApiRef { name, .. } => name,
        };
        *name = text::unique(name, &taken);
        taken.push(name.clone());
    }
    let apis = reader.finish(side_by_side, each)?;
    // Said here rather than by each caller, so that gen and lint report an
    // input without operations (an empty index.rst) alike.
    if apis.is_empty() && !global.iter().any(Diagnostic::is_error) {
        global.push(
            Diagnostic::error(Location::file_start(path), "no API operations found here")
                .with_rule(speclift_diag::Rule::NoOperations)
                .with_hint(
                    "pass an api-ref source directory (with index.rst) or a .rst/.inc file \
                     that documents operations",
                ),
        );
    }
    Some((apis, global))
}

/// The parameters.yaml files an api-ref source dir's documents most likely
/// name: beside its index.rst and in each of its folders (Cinder's `v2/`
/// and `v3/`), each spelled as a document there names it (spelling,
/// canonical path).
fn parameter_files(source: &Path, root: &Root) -> Vec<(PathBuf, PathBuf)> {
    let folders = std::fs::read_dir(source)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.path());
    std::iter::once(source.to_path_buf())
        .chain(folders)
        .filter_map(|dir| {
            let spelled = speclift_rst::normalize_path(&dir.join("parameters.yaml"));
            let canonical = root.canonicalize(&spelled).ok()?;
            (root.contains(&canonical) && canonical.is_file()).then_some((spelled, canonical))
        })
        .collect()
}

fn entries(path: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    if path.is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    if !path.is_dir() {
        return Err(Diagnostic::error(
            Location::file_start(path),
            format!("`{}` does not exist", path.display()),
        )
        .with_rule(speclift_diag::Rule::UnreadableFile)
        .with_hint("pass an api-ref source directory or an .rst/.inc file"));
    }
    let index = path.join("index.rst");
    if index.is_file() {
        return Ok(vec![index]);
    }
    let read = std::fs::read_dir(path).map_err(|e| {
        Diagnostic::error(
            Location::file_start(path),
            format!("cannot list `{}`: {e}", path.display()),
        )
        .with_rule(speclift_diag::Rule::UnreadableFile)
        .with_hint("check the directory's permissions")
    })?;
    let mut out: Vec<PathBuf> = read
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "rst"))
        .collect();
    out.sort();
    if out.is_empty() {
        return Err(Diagnostic::error(
            Location::file_start(path),
            format!("`{}` holds no index.rst and no .rst files", path.display()),
        )
        .with_rule(speclift_diag::Rule::NoOperations)
        .with_hint("pass an api-ref source directory or an .rst/.inc file"));
    }
    Ok(out)
}

struct Reader<'a> {
    /// Caches decoded files across documents.
    rst: speclift_rst::Reader,
    loader: osapiref::Loader,
    opts: &'a ReadOptions,
    visited: BTreeSet<PathBuf>,
    apis: Vec<Found>,
    /// Documents read ahead on all cores (see [`Reader::read_ahead`]), by
    /// canonical path: the path they were read by, and what reading gave.
    ahead: BTreeMap<PathBuf, (PathBuf, (Document, Vec<Diagnostic>))>,
    /// The parameters.yaml files being parsed while the documents are read
    /// ([`osapiref::prefetch_params`]).
    params_ahead: Option<osapiref::PrefetchedParams>,
}

/// An API found while following the toctrees. The os-api-ref ones are
/// read after the walk ([`Reader::finish`]), side by side.
enum Found {
    Read(LoadedApi),
    OsApiRef {
        doc: Document,
        path: PathBuf,
        parse_diags: Vec<Diagnostic>,
        /// The API's name, made unique among the input's before reading.
        name: String,
    },
}

impl Reader<'_> {
    /// Reads one document: an API if it documents operations, then the
    /// documents its toctrees name. A document from a `:hidden:` toctree
    /// that is no API (Cinder's microversion history, which includes files
    /// from outside the api-ref) is skipped with its diagnostics.
    fn visit(
        &mut self,
        path: &Path,
        canonical: PathBuf,
        hidden: bool,
        global: &mut Vec<Diagnostic>,
    ) {
        if !self.visited.insert(canonical.clone()) {
            return;
        }
        let (doc, parse_diags) = match self.ahead.remove(&canonical) {
            Some((read_as, read)) if read_as == path => read,
            _ => self.rst.read(path),
        };
        let toctree = self.toctree_entries(&doc, path, global);
        self.read_ahead(toctree.iter().map(|(p, c, _)| (p.as_path(), c.as_path())));
        let detected = detect_dialect(&doc);
        let dialect = self.opts.dialect.or(detected);
        match dialect {
            Some(Dialect::OsApiRef) if osapiref::has_operations(&doc) => {
                let name = osapiref::api_name(&doc, path);
                self.apis.push(Found::OsApiRef {
                    doc,
                    path: path.to_path_buf(),
                    parse_diags,
                    name,
                });
            }
            Some(Dialect::Synnefo) if detected == Some(Dialect::Synnefo) || toctree.is_empty() => {
                let mut api = synnefo::read_api(&doc, path, self.loader.root.path());
                api.diagnostics.splice(0..0, parse_diags);
                self.apis.push(Found::Read(api));
            }
            _ if hidden => {}
            _ => global.extend(parse_diags),
        }
        for (doc_path, canonical, hidden) in toctree {
            self.visit(&doc_path, canonical, hidden, global);
        }
    }

    /// Reads the documents `next` names (path, canonical path) on all
    /// cores, ahead of their visits, which take them in turn from
    /// [`Reader::ahead`]: Cinder's index names its v2 and v3 trees, each a
    /// page with dozens of includes. Reading is a function of the files
    /// alone, so the documents are what reading them in turn gives, but
    /// for one case the rst reader rules out ([`speclift_rst::Reader::join`]);
    /// then they are read in turn.
    fn read_ahead<'p>(&mut self, next: impl Iterator<Item = (&'p Path, &'p Path)>) {
        use rayon::prelude::*;
        let mut todo: Vec<(&Path, &Path)> = Vec::new();
        for (path, canonical) in next {
            if !self.visited.contains(canonical)
                && !self.ahead.contains_key(canonical)
                && !todo.iter().any(|(_, c)| *c == canonical)
            {
                todo.push((path, canonical));
            }
        }
        if todo.len() < 2 {
            return;
        }
        let base = &self.rst;
        let (forks, read): (Vec<_>, Vec<_>) = todo
            .par_iter()
            .map(|&(path, canonical)| {
                let mut fork = base.fork();
                let read = fork.read(path);
                (fork, (canonical.to_path_buf(), (path.to_path_buf(), read)))
            })
            .unzip();
        if self.rst.join(forks) {
            self.ahead.extend(read);
        }
    }

    /// The documents `.. toctree::` directives name, resolved and confined.
    fn toctree_entries(
        &self,
        doc: &Document,
        path: &Path,
        global: &mut Vec<Diagnostic>,
    ) -> Vec<(PathBuf, PathBuf, bool)> {
        let mut out = Vec::new();
        for b in &doc.blocks {
            let BlockKind::Directive(d) = &b.kind else {
                continue;
            };
            if d.name != "toctree" {
                continue;
            }
            // Options the reader left in the content (directive line
            // without an argument) count as options too.
            let has_option = |name: &str| {
                d.option(name).is_some()
                    || d.content
                        .iter()
                        .map(|l| l.text.trim())
                        .take_while(|t| t.starts_with(':'))
                        .any(|t| {
                            t.strip_prefix(':')
                                .and_then(|r| r.split_once(':'))
                                .is_some_and(|(n, _)| n == name)
                        })
            };
            let glob = has_option("glob");
            for line in &d.content {
                let t = line.text.trim();
                if t.is_empty() || t.starts_with(':') || t == "self" || t.contains("://") {
                    continue;
                }
                // Under `:glob:`, an entry with `*`, `?` or `[` matches
                // document names as Sphinx's `patfilter` does: relative to
                // the document's folder (`/x` to the source dir), `*` not
                // crossing `/`, sorted, the document itself left out.
                if glob && t.contains(['*', '?', '[']) {
                    for (display, canonical) in self.glob_documents(t, path, &line.location) {
                        out.push((display, canonical, has_option("hidden")));
                    }
                    continue;
                }
                // `Title <doc>` names the document in angle brackets.
                let name = match (t.rfind('<'), t.ends_with('>')) {
                    (Some(open), true) => t[open + 1..t.len() - 1].trim(),
                    _ => t,
                };
                let name = if name.ends_with(".rst") {
                    name.to_string()
                } else {
                    format!("{name}.rst")
                };
                // Absolute document names are relative to the source dir,
                // which for a toctree is where the entry document lives.
                let (base, rel) = match name.strip_prefix('/') {
                    Some(r) => (dir_of(path), r.to_string()),
                    None => (dir_of(&line.location.file), name),
                };
                match self
                    .loader
                    .root
                    .resolve(&base, &rel, "toctree document", &line.location)
                {
                    Ok(r) => out.push((r.display, r.canonical, has_option("hidden"))),
                    // Sphinx warns about a toctree entry naming no document
                    // and builds the rest.
                    Err(d) => global.push(osapiref::Loader::missing_is_a_warning(d)),
                }
            }
        }
        out
    }
}

impl Reader<'_> {
    /// Every API found, in the order found, each handed to `each`. The
    /// os-api-ref documents are read now. `side_by_side`: each with a
    /// loader of its own, its API handed on as soon as it is read (Cinder's
    /// v2 is emitted while its v3 is still being read); `None` when that
    /// does not give what one loader reading them in turn gives (a file
    /// they share has diagnostics or two spellings, see
    /// [`osapiref::FirstRead`]): the documents are spent by then, and the
    /// caller reads the input again, in turn. Else in turn, with the run's
    /// loader, as always.
    fn finish<R: Send>(
        self,
        side_by_side: bool,
        each: &(dyn Fn(LoadedApi) -> R + Sync),
    ) -> Option<Vec<R>> {
        use rayon::prelude::*;
        let Reader {
            loader,
            apis,
            params_ahead,
            ..
        } = self;
        let prefetched = params_ahead.and_then(osapiref::PrefetchedParams::join);
        let mut loader = loader.with_prefetched(prefetched.clone());
        let documents = apis
            .iter()
            .filter(|found| matches!(found, Found::OsApiRef { .. }))
            .count();
        if side_by_side && documents > 1 {
            let source_dir = &loader.source_dir;
            // Each its own root: a root caches resolutions unshared.
            let jobs: Vec<(Found, Root)> = apis
                .into_iter()
                .map(|found| (found, loader.root.clone()))
                .collect();
            let read: Vec<(R, Vec<osapiref::FirstRead>)> = jobs
                .into_par_iter()
                .map(|(found, root)| match found {
                    Found::Read(api) => (each(api), Vec::new()),
                    Found::OsApiRef {
                        doc,
                        path,
                        parse_diags,
                        name,
                    } => {
                        let mut own = osapiref::Loader::new(root, source_dir.clone())
                            .with_prefetched(prefetched.clone());
                        let api = read_named(&doc, &path, &name, &parse_diags, &mut own, false);
                        speclift_diag::stage!("read: {} read", speclift_diag::printable(&name));
                        // Freed before the API is handed on: a document is
                        // thousands of allocations, and its memory is what
                        // the emission of the API takes next.
                        drop(doc);
                        (each(api), own.first_reads)
                    }
                })
                .collect();
            let agree = osapiref::agree(read.iter().map(|(_, first)| first.as_slice()));
            return agree.then(|| read.into_iter().map(|(handed, _)| handed).collect());
        }
        let loaded: Vec<LoadedApi> = apis
            .into_iter()
            .map(|found| match found {
                Found::Read(api) => api,
                Found::OsApiRef {
                    doc,
                    path,
                    parse_diags,
                    name,
                } => {
                    let api = read_named(&doc, &path, &name, &parse_diags, &mut loader, true);
                    speclift_diag::stage!("read: {} read", speclift_diag::printable(&name));
                    api
                }
            })
            .collect();
        Some(loaded.into_par_iter().map(each).collect())
    }

    /// The documents a `:glob:` toctree pattern matches, in Sphinx's order.
    fn glob_documents(&self, pattern: &str, doc: &Path, at: &Location) -> Vec<(PathBuf, PathBuf)> {
        let source = &self.loader.source_dir;
        let doc_dir = dir_of(doc);
        // The document's folder relative to the source dir; a document
        // outside it is its own source dir.
        let (base, rel_dir) = match doc_dir.strip_prefix(source) {
            Ok(rel) => (source.clone(), rel.to_path_buf()),
            Err(_) => (doc_dir.clone(), PathBuf::new()),
        };
        let full = match pattern.strip_prefix('/') {
            Some(abs) => abs.to_string(),
            None => {
                let joined = rel_dir.join(pattern);
                joined.to_string_lossy().replace('\\', "/")
            }
        };
        let full = normalize_docname(&full);
        let self_name = doc
            .strip_prefix(&base)
            .ok()
            .map(|p| p.with_extension("").to_string_lossy().replace('\\', "/"));
        let mut names = Vec::new();
        collect_docnames(&base, "", 0, &mut names);
        names.sort();
        let mut out = Vec::new();
        for name in names {
            if Some(&name) == self_name.as_ref() || !glob_match(&full, &name) {
                continue;
            }
            let rel = format!("{name}.rst");
            if let Ok(r) = self
                .loader
                .root
                .resolve(&base, &rel, "toctree document", at)
            {
                out.push((r.display, r.canonical));
            }
        }
        out
    }
}

/// The API of an os-api-ref document read by `loader`, under its settled
/// name, the document's parse diagnostics first.
fn read_named(
    doc: &Document,
    path: &Path,
    name: &str,
    parse_diags: &[Diagnostic],
    loader: &mut osapiref::Loader,
    sections_side_by_side: bool,
) -> LoadedApi {
    let mut api = osapiref::read_api(doc, path, loader, sections_side_by_side);
    api.api.name = name.to_owned();
    api.diagnostics.splice(0..0, parse_diags.iter().cloned());
    api
}

/// `a/./b/../c` → `a/c`, as Sphinx's `docname_join` normalizes.
fn normalize_docname(name: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in name.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// Every `*.rst` document under `dir`, named relative to it without suffix.
fn collect_docnames(dir: &Path, prefix: &str, depth: usize, out: &mut Vec<String>) {
    if depth > 16 {
        return;
    }
    let Ok(read) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in read.filter_map(Result::ok) {
        let path = entry.path();
        let Some(file) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if file.starts_with('.') {
            continue;
        }
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            collect_docnames(&path, &format!("{prefix}{file}/"), depth + 1, out);
        } else if kind.is_file()
            && let Some(stem) = file.strip_suffix(".rst")
        {
            out.push(format!("{prefix}{stem}"));
        }
    }
}

/// Sphinx's glob: `**` any text, `*` and `?` anything but `/`, `[…]` a
/// character class (`[!…]` negated).
fn glob_match(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    glob_at(&p, &n)
}

fn glob_at(p: &[char], n: &[char]) -> bool {
    match p.first() {
        None => n.is_empty(),
        Some('*') if p.get(1) == Some(&'*') => (0..=n.len()).any(|i| glob_at(&p[2..], &n[i..])),
        Some('*') => {
            let stop = n.iter().position(|&c| c == '/').unwrap_or(n.len());
            (0..=stop).any(|i| glob_at(&p[1..], &n[i..]))
        }
        Some('?') => n.first().is_some_and(|&c| c != '/') && glob_at(&p[1..], &n[1..]),
        Some('[') => {
            let Some(close) = p.iter().skip(2).position(|&c| c == ']').map(|i| i + 2) else {
                return n.first() == Some(&'[') && glob_at(&p[1..], &n[1..]);
            };
            let Some(&c) = n.first() else {
                return false;
            };
            let (negate, set) = match p[1] {
                '!' => (true, &p[2..close]),
                _ => (false, &p[1..close]),
            };
            let mut hit = false;
            let mut i = 0;
            while i < set.len() {
                if i + 2 < set.len() && set[i + 1] == '-' {
                    hit |= set[i] <= c && c <= set[i + 2];
                    i += 3;
                } else {
                    hit |= set[i] == c;
                    i += 1;
                }
            }
            hit != negate && c != '/' && glob_at(&p[close + 1..], &n[1..])
        }
        Some(&c) => n.first() == Some(&c) && glob_at(&p[1..], &n[1..]),
    }
}

/// `rest_method` ⇒ os-api-ref; otherwise a table whose header has URI
/// and Method cells, or a Synnefo "Return Code" table (the Pithos guide
/// has the former only for two side services) ⇒ Synnefo.
pub fn detect_dialect(doc: &Document) -> Option<Dialect> {
    let mut synnefo_table = false;
    for b in &doc.blocks {
        match &b.kind {
            BlockKind::Directive(d) if d.name == "rest_method" => return Some(Dialect::OsApiRef),
            BlockKind::Table(t) => {
                let header = t.rows.iter().take(t.header_rows.max(1));
                let cells: Vec<String> = header
                    .flat_map(|r| r.cells.iter().map(|c| c.text.trim().to_ascii_lowercase()))
                    .collect();
                let uri_table =
                    cells.iter().any(|c| c == "uri") && cells.iter().any(|c| c == "method");
                let return_codes = cells.first().is_some_and(|c| c == "return code");
                synnefo_table |= uri_table || return_codes;
            }
            _ => {}
        }
    }
    synnefo_table.then_some(Dialect::Synnefo)
}

/// The root for `path`: for anything inside `…/api-ref/source`, the folder
/// holding `api-ref` (so Nova's `../../doc/api_samples` stays inside);
/// otherwise the input dir, or a file's folder.
pub fn default_root(path: &Path) -> PathBuf {
    let start = if path.is_dir() {
        path.to_path_buf()
    } else {
        dir_of(path)
    };
    let absolute = if start.is_absolute() {
        start.clone()
    } else {
        std::env::current_dir()
            .map(|c| c.join(&start))
            .unwrap_or_else(|_| start.clone())
    };
    let absolute = speclift_rst::normalize_path(&absolute);
    for dir in absolute.ancestors() {
        let is_source = dir.file_name().is_some_and(|n| n == "source");
        let parent = dir.parent();
        if is_source
            && parent
                .and_then(Path::file_name)
                .is_some_and(|n| n == "api-ref")
            && let Some(above) = parent.and_then(Path::parent)
        {
            return above.to_path_buf();
        }
    }
    if start.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        start
    }
}

/// Entry points for the fuzz targets in `fuzz/`: readers that are
/// otherwise private to their dialect. Not a stable API.
#[doc(hidden)]
pub mod fuzzing {
    use std::path::Path;
    use std::sync::Arc;

    /// Reads `text` as a parameters.yaml file; the number of diagnostics.
    pub fn parameters_yaml(text: &str) -> usize {
        let file: Arc<Path> = Arc::from(Path::new("parameters.yaml"));
        let (_, diagnostics) = crate::osapiref::params::ParamFile::parse(&file, text);
        diagnostics.len()
    }

    /// Reads `text` as a sample the way both dialects do: an os-api-ref
    /// `literalinclude`d JSON file (with `title` naming its direction and
    /// microversion) and a Synnefo example block.
    pub fn sample(title: &str, text: &str) -> bool {
        use crate::osapiref::samples;
        let file: Arc<Path> = Arc::from(Path::new("samples/sample.json"));
        let _ = samples::direction(&[title], "samples/sample.json");
        let _ = samples::microversion(title, "samples/sample.json");
        let lines: Vec<&str> = text.lines().collect();
        let _ = crate::synnefo::fuzz_example(&lines);
        samples::parse_json(&file, text).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_root_climbs_out_of_api_ref_source() {
        let d = std::env::temp_dir().join(format!("speclift-model-root-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(d.join("nova/api-ref/source/v3")).unwrap();
        std::fs::write(d.join("nova/api-ref/source/v3/a.inc"), "").unwrap();
        std::fs::create_dir_all(d.join("plain")).unwrap();
        std::fs::write(d.join("plain/a.rst"), "").unwrap();
        assert_eq!(default_root(&d.join("nova/api-ref/source")), d.join("nova"));
        assert_eq!(
            default_root(&d.join("nova/api-ref/source/v3/a.inc")),
            d.join("nova")
        );
        assert_eq!(default_root(&d.join("plain")), d.join("plain"));
        assert_eq!(default_root(&d.join("plain/a.rst")), d.join("plain"));
        let _ = std::fs::remove_dir_all(&d);
    }
}
