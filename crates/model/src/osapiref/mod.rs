//! The os-api-ref dialect: OpenStack `api-ref` sources (`rest_method`,
//! `rest_parameters`, `rest_status_code`, `parameters.yaml`, samples).
//!
//! The RST tree is flat (headings carry levels). An *operation section*
//! is a heading whose own blocks hold a `rest_method`; its deeper headings
//! (Request, Response, examples) belong to it. Its *tag* is the nearest
//! enclosing heading that is not an operation section.
//!
//! - `loader`: the shared `parameters.yaml` / `status.yaml` files;
//! - `outline`: headings, prose and the statements it makes;
//! - `operation`: one operation section, from its `rest_method`;
//! - `directives`: `rest_parameters`, `rest_status_code`, samples;
//! - `responses`: status codes into responses, bodies and samples attached;
//! - `microversions`: the API's microversion header and range;
//! - `params`, `status`, `samples`: `parameters.yaml`, `status.yaml`,
//!   sample files and the directive lists naming them;
//! - `prose`, `statuses`: microversion statements and status tables in
//!   prose;
//! - `syntax`: the located directive views lint reads pages through (public
//!   as `speclift_model::syntax`).

mod directives;
mod loader;
pub(crate) use loader::{PrefetchedParams, prefetch_params};
mod microversions;
mod operation;
mod outline;
pub(crate) mod params;
pub(crate) mod prose;
mod responses;
mod sample_text;
pub(crate) mod samples;
mod sections;
pub(crate) mod status;
pub(crate) mod statuses;
pub mod syntax;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rustc_hash::FxHashMap;
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use speclift_diag::{Diagnostic, Location};
use speclift_rst::{Block, BlockKind, Document};

use crate::LoadedApi;
use crate::files::Root;
use crate::ir::{Api, Method, Tag};
use crate::md;
use crate::microversion::VersionRange;
use crate::text::{plain, slug};
use microversions::microversion_info;
use outline::{block_statements, headings, is_part_title, is_prose};
use params::ParamFile;
use prose::Statement;
use status::{ListedCode, StatusFile};

pub const DIALECT: &str = "os-api-ref";

/// Files shared between the documents of one run, each loaded once.
#[derive(Clone)]
pub struct Loader {
    pub root: Root,
    /// Where `/`-prefixed references point: Sphinx reads them relative to
    /// the source dir (`/../../doc/api_samples/…` in Nova).
    pub(crate) source_dir: PathBuf,
    params: BTreeMap<PathBuf, Arc<ParamFile>>,
    statuses: BTreeMap<PathBuf, Arc<StatusFile>>,
    /// [`Loader::nearest_status`] by folder: it is asked once per status
    /// paragraph, and each answer costs three `canonicalize` calls.
    nearest_statuses: BTreeMap<PathBuf, Option<Arc<StatusFile>>>,
    /// Rendered parameter descriptions by file, then key. Hashed by the
    /// canonical path's bytes (a canonical path has one spelling): nothing
    /// iterates it, and comparing or hashing paths component by component
    /// was a tenth of the model's time on Cinder. FxHash: the keys are the
    /// tree's own names, and SipHash was 3 % of gen's instructions.
    descriptions: FxHashMap<OsString, FxHashMap<String, String>>,
    /// Every cache entry made, in order: what reading several documents
    /// with loaders of their own must agree with (see [`FirstRead`]).
    pub(crate) first_reads: Vec<FirstRead>,
    /// parameters.yaml files parsed ahead (see [`Prefetched`]).
    pub(crate) prefetched: Option<Prefetched>,
}

/// parameters.yaml files parsed ahead of the documents that name them,
/// by canonical path and the spelling they were parsed by, with what
/// parsing gave: parsing is a function of that spelling and the text, so a
/// loader whose document spells a file the same way takes the parse as
/// its own first read. Cinder's two files are a third of its model's time.
pub(crate) type Prefetched =
    std::sync::Arc<std::sync::Mutex<HashMap<(PathBuf, PathBuf), (ParamFile, Vec<Diagnostic>)>>>;

/// A file (or a parameter's description) read for the first time by a
/// loader. Its diagnostics go to the API that reads it first; the path the
/// documents spell it by is the one it is known by from then on. So
/// documents read by loaders of their own give what one loader reading
/// them in turn gives only when no such entry they share has diagnostics
/// or two spellings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FirstRead {
    /// The canonical file, and the parameter key for a description.
    pub key: (PathBuf, Option<String>),
    pub display: PathBuf,
    pub diagnosed: bool,
}

/// Whether documents read by loaders of their own, whose first reads are
/// `each`, give what one loader reading them in turn gives: every entry
/// two of them share was read without diagnostics, by one spelling.
pub(crate) fn agree<'a>(each: impl Iterator<Item = &'a [FirstRead]>) -> bool {
    // One loader reads each entry once, so a key seen twice is shared.
    // Only membership matters: hashed, by the canonical path's bytes.
    let mut seen: HashMap<(&OsStr, Option<&str>), &FirstRead> = HashMap::new();
    for read in each.flatten() {
        let key = (read.key.0.as_os_str(), read.key.1.as_deref());
        match seen.get(&key) {
            Some(earlier)
                if earlier.diagnosed || read.diagnosed || earlier.display != read.display =>
            {
                return false;
            }
            Some(_) => {}
            None => {
                seen.insert(key, read);
            }
        }
    }
    true
}

/// Whether the document (includes spliced) documents any operation.
pub fn has_operations(doc: &Document) -> bool {
    doc.blocks.iter().any(|b| is_directive(b, "rest_method"))
}

fn is_directive(b: &Block, name: &str) -> bool {
    matches!(&b.kind, BlockKind::Directive(d) if d.name == name)
}

struct Heading {
    /// Index of the heading block (`None` for the text before any heading).
    idx: Option<usize>,
    level: usize,
    title: String,
    location: Location,
    parent: Option<usize>,
    /// Block range of the heading's own blocks (up to the next heading).
    own: std::ops::Range<usize>,
    is_op: bool,
}

/// The API's title: its document's first heading, else the file's stem.
fn api_title(heads: &[Heading], entry: &Path) -> String {
    let title_head = heads.iter().find(|h| h.idx.is_some());
    title_head.map(|h| plain(&h.title)).unwrap_or_else(|| {
        entry
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    })
}

/// The name [`read_api`] gives the document's API, known before it is read.
pub fn api_name(doc: &Document, entry: &Path) -> String {
    slug(&api_title(&headings(doc, entry), entry))
}

/// Reads one os-api-ref document (includes already spliced) as an API.
/// `sections_side_by_side`: its sections may be read side by side
/// ([`sections::read`]). Not when APIs are read side by side already: the
/// cores are busy, and a core waiting for its API's chunks takes on the
/// other API's work meanwhile, which delays its own.
pub fn read_api(
    doc: &Document,
    entry: &Path,
    loader: &mut Loader,
    sections_side_by_side: bool,
) -> LoadedApi {
    let mut diags = Vec::new();
    let heads = headings(doc, entry);
    let blocks = &doc.blocks;
    let title_head = heads.iter().find(|h| h.idx.is_some());
    let title = api_title(&heads, entry);
    let description_blocks: Vec<Block> = match title_head {
        Some(h) => blocks[h.own.clone()]
            .iter()
            .filter(|b| is_prose(b))
            .cloned()
            .collect(),
        None => Vec::new(),
    };
    let description = md::blocks(&description_blocks);
    let doc_location =
        title_head.map_or_else(|| Location::file_start(entry), |h| h.location.clone());

    let mut tags: Vec<Tag> = Vec::new();
    let mut tag_statements: BTreeMap<usize, Vec<Statement>> = BTreeMap::new();
    let mut sections = Vec::new();

    for (k, h) in heads.iter().enumerate() {
        if !h.is_op {
            continue;
        }
        // Nearest enclosing non-operation heading.
        let mut p = h.parent;
        while let Some(i) = p {
            if heads.get(i).is_some_and(|x| x.is_op) {
                p = heads.get(i).and_then(|x| x.parent);
            } else {
                break;
            }
        }
        // Said before the section's own diagnostics, as read in turn.
        let mut before = Vec::new();
        let (tag_name, tag_stmts) = match p.and_then(|i| heads.get(i).map(|t| (i, t))) {
            Some((i, t)) => {
                let name = plain(&t.title);
                if !tags.iter().any(|x| x.name == name) {
                    let own: Vec<Block> = blocks[t.own.clone()]
                        .iter()
                        .filter(|b| is_prose(b))
                        .cloned()
                        .collect();
                    // The section around the tag's, unless it is the
                    // document's title (every tag would share it).
                    let parent = t
                        .parent
                        .and_then(|j| heads.get(j))
                        .filter(|g| g.idx.is_some() && g.idx != title_head.and_then(|h| h.idx))
                        .filter(|g| !g.is_op)
                        .map(|g| plain(&g.title));
                    tags.push(Tag {
                        name: name.clone(),
                        description: md::blocks(&own),
                        location: t.location.clone(),
                        parent,
                        status_tables: statuses::tables(&blocks[t.own.clone()]),
                    });
                }
                let stmts = tag_statements
                    .entry(i)
                    .or_insert_with(|| block_statements(&blocks[t.own.clone()]))
                    .clone();
                (name, stmts)
            }
            None => {
                if !tags.iter().any(|x| x.name == title) {
                    tags.push(Tag {
                        name: title.clone(),
                        description: description.clone(),
                        location: doc_location.clone(),
                        parent: None,
                        status_tables: statuses::tables(&description_blocks),
                    });
                }
                (title.clone(), Vec::new())
            }
        };
        // The section runs until a heading at its level or above, or the
        // next operation section. A Request/Response heading written at
        // the operation's own level (an adornment slip) still belongs to it.
        let mut end = blocks.len();
        for n in &heads[k + 1..] {
            if n.is_op || n.level < h.level {
                end = n.idx.unwrap_or(end);
                break;
            }
            if n.level == h.level {
                if !is_part_title(&n.title) {
                    end = n.idx.unwrap_or(end);
                    break;
                }
                before.push(
                    Diagnostic::warning(
                        n.location.clone(),
                        format!("`{}` has the same heading level as the operation `{}`; it is read as part of it", plain(&n.title), plain(&h.title)),
                    ).with_rule(speclift_diag::Rule::AmbiguousHeading)
                    .with_hint("underline it with the adornment the other Request/Response headings use"),
                );
            }
        }
        let start = h.own.start;
        let section = SectionInput {
            blocks: &blocks[start..end.max(start)],
            own_len: h.own.end.min(end).saturating_sub(start),
            summary: plain(&h.title),
            tag: tag_name,
            tag_statements: tag_stmts,
            entry,
        };
        sections.push((before, section));
    }
    let mut operations = Vec::new();
    // Line and column first: two methods are nearly never on one line, so
    // the files' paths (compared a component at a time) are seldom reached.
    let mut seen_methods: BTreeSet<(u32, u32, Arc<Path>)> = BTreeSet::new();
    for op in sections::read(&sections, loader, sections_side_by_side, &mut diags) {
        let at = &op.location;
        if seen_methods.insert((at.line, at.column, at.file.clone())) {
            operations.push(op);
        }
    }

    let microversions = microversion_info(&title, entry, &operations);
    let api = Api {
        name: slug(&title),
        title,
        description,
        dialect: DIALECT.to_string(),
        source: Location::file_start(entry),
        microversions,
        tags,
        operations,
    };
    LoadedApi {
        api,
        diagnostics: diags,
    }
}

struct SectionInput<'a> {
    /// From the block after the heading to the end of the section.
    blocks: &'a [Block],
    /// How many of `blocks` come before the first subsection.
    own_len: usize,
    summary: String,
    tag: String,
    tag_statements: Vec<Statement>,
    entry: &'a Path,
}

struct MethodLine {
    method: Method,
    path: String,
    query: Option<String>,
    range: VersionRange,
    location: Location,
}

/// A status code with its description resolved.
struct Listed {
    code: ListedCode,
    description: String,
}

#[cfg(test)]
mod tests;
