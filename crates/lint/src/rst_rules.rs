//! RST rules: directives Sphinx would not know, `.. include::` problems
//! (the reader's own findings), internal links to nothing, and the
//! reader's markup findings.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use speclift_diag::Diagnostic;

use crate::page::{LinkTarget, Page, slug};
use crate::rules::{BROKEN_LINK, INCLUDE_PROBLEM, RST_MARKUP, UNKNOWN_DIRECTIVE};
use crate::tree::tidy;
use speclift_diag::suggest::closest;
use speclift_rst::{ADMONITIONS, is_admonition};

/// Directives of docutils, Sphinx (and its bundled extensions API
/// references use) and os-api-ref. Domain directives (`py:function`) are
/// not checked: any name with a `:` passes.
const KNOWN_DIRECTIVES: &[&str] = &[
    // docutils (and its admonitions: `speclift_rst::ADMONITIONS`)
    "image",
    "figure",
    "topic",
    "sidebar",
    "line-block",
    "parsed-literal",
    "code",
    "math",
    "rubric",
    "epigraph",
    "highlights",
    "pull-quote",
    "compound",
    "container",
    "table",
    "csv-table",
    "list-table",
    "contents",
    "sectnum",
    "section-numbering",
    "header",
    "footer",
    "target-notes",
    "meta",
    "replace",
    "unicode",
    "date",
    "include",
    "raw",
    "class",
    "role",
    "default-role",
    "title",
    // Sphinx
    "toctree",
    "versionadded",
    "versionchanged",
    "deprecated",
    "versionremoved",
    "seealso",
    "centered",
    "hlist",
    "highlight",
    "code-block",
    "sourcecode",
    "literalinclude",
    "glossary",
    "index",
    "only",
    "tabularcolumns",
    "productionlist",
    "sectionauthor",
    "moduleauthor",
    "codeauthor",
    "todo",
    "todolist",
    "graphviz",
    "digraph",
    "ifconfig",
    "default-domain",
    "describe",
    "object",
    "option",
    "envvar",
    "program",
    "module",
    "currentmodule",
    "function",
    "class",
    "data",
    "exception",
    "method",
    "attribute",
    "autosummary",
    "automodule",
    "autoclass",
    "autofunction",
    "automethod",
    "autoattribute",
    "autoexception",
    "autodata",
    // os-api-ref
    "rest_method",
    "rest_parameters",
    "rest_status_code",
    "rest_expand_all",
];

pub fn check_directives(page: &Page, out: &mut Vec<Diagnostic>) {
    for (name, at) in &page.directives {
        if name.contains(':') || is_admonition(name) || KNOWN_DIRECTIVES.contains(&name.as_str()) {
            continue;
        }
        let known = ADMONITIONS.iter().chain(KNOWN_DIRECTIVES).copied();
        let hint = match closest(name, known) {
            Some(k) => format!("did you mean `{k}`?"),
            None => "use a docutils, Sphinx or os-api-ref directive, or silence SL040 for \
                     a project-specific extension"
                .to_string(),
        };
        out.push(
            Diagnostic::warning(at.clone(), format!("unknown directive `{name}`"))
                .with_code(UNKNOWN_DIRECTIVE)
                .with_hint(hint),
        );
    }
}

/// The reader's findings about a page, coded. Include problems come from
/// reading the page with includes followed; the rest from reading it alone.
pub fn check_markup(page: &Page, out: &mut Vec<Diagnostic>) {
    for d in &page.diagnostics {
        out.push(match d.code {
            Some(_) => d.clone(),
            None => d.clone().with_code(RST_MARKUP),
        });
    }
}

/// Reads every page that includes others with the include-following
/// reader (one per root, so shared files are read once) and keeps its
/// findings about `.. include::` directives.
pub fn check_includes(pages: &[(Page, PathBuf)], out: &mut Vec<Diagnostic>) {
    // Directive line → where its argument is, for the caret.
    let at_include: BTreeMap<(PathBuf, u32), &speclift_diag::Location> = pages
        .iter()
        .flat_map(|(p, _)| p.rst_includes.iter())
        .map(|i| ((tidy(&i.at.file), i.at.line), &i.at))
        .collect();
    let mut readers: BTreeMap<PathBuf, speclift_rst::Reader> = BTreeMap::new();
    let mut seen = BTreeSet::new();
    for (page, _) in pages.iter().filter(|(p, _)| !p.rst_includes.is_empty()) {
        let root = speclift_model::default_root(&page.path);
        let reader = readers
            .entry(root.clone())
            .or_insert_with(|| speclift_rst::Reader::new(root));
        let (_, diags) = reader.read(&page.path);
        for mut d in diags {
            let Some(loc) = &d.location else {
                continue;
            };
            let file = tidy(&loc.file);
            // The reader locates include findings at the directive's
            // `..` (moved under the argument here) or at its options.
            let directive = at_include.get(&(file.clone(), loc.line)).copied();
            let about_include = directive.is_some() || d.message.contains("include");
            if about_include && seen.insert((file, loc.line, d.message.clone())) {
                if let Some(arg) = directive {
                    d.location = Some(arg.clone());
                }
                out.push(if d.code.is_some() {
                    d
                } else {
                    d.with_code(INCLUDE_PROBLEM)
                });
            }
        }
    }
}

/// Every `#anchor` and `:ref:` label must name a section or a label
/// somewhere in the linted tree.
pub fn check_links(pages: &[(Page, PathBuf)], out: &mut Vec<Diagnostic>) {
    let mut anchors = BTreeSet::new();
    let mut labels: BTreeSet<String> = ["genindex", "modindex", "search"]
        .into_iter()
        .map(String::from)
        .collect();
    for (page, _) in pages {
        for (title, _) in &page.sections {
            anchors.insert(slug(title));
        }
        for label in &page.labels {
            anchors.insert(slug(label));
            labels.insert(label.clone());
        }
    }
    for (page, _) in pages {
        for link in &page.links {
            let (known, target, message) = match &link.target {
                LinkTarget::Anchor(a) => (
                    anchor_exists(&anchors, a),
                    a,
                    format!("link target `#{a}` matches no section title or label in the tree"),
                ),
                LinkTarget::Label(l) => (
                    labels.contains(l),
                    l,
                    format!(":ref: target `{l}` matches no label in the tree"),
                ),
            };
            if known {
                continue;
            }
            let pool = match &link.target {
                LinkTarget::Anchor(_) => &anchors,
                LinkTarget::Label(_) => &labels,
            };
            let hint = match closest(target, pool.iter().map(String::as_str)) {
                Some(s) => format!("did you mean `{s}`?"),
                None => match &link.target {
                    LinkTarget::Anchor(_) => {
                        "link to a section title's anchor or a `.. _label:` in the tree".into()
                    }
                    LinkTarget::Label(l) => format!(
                        "define `.. _{l}:` above the section it leads to, or lint the whole \
                         project (labels are project-wide)"
                    ),
                },
            };
            out.push(
                Diagnostic::warning(link.at.clone(), message)
                    .with_code(BROKEN_LINK)
                    .with_hint(hint),
            );
        }
    }
}

/// docutils numbers repeated section ids (`x`, `x-1`, …) and falls back to
/// `id1`… for titles without an ASCII letter.
fn anchor_exists(anchors: &BTreeSet<String>, anchor: &str) -> bool {
    if anchors.contains(anchor) {
        return true;
    }
    let numbered = |prefix: &str, rest: &str| {
        !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()) && !prefix.is_empty()
    };
    if let Some(rest) = anchor.strip_prefix("id")
        && numbered("id", rest)
    {
        return true;
    }
    anchor
        .rsplit_once('-')
        .is_some_and(|(base, n)| numbered(base, n) && anchors.contains(base))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page::scan;
    use speclift_diag::path;

    fn pages(texts: &[&str]) -> Vec<(Page, PathBuf)> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| (scan(path(format!("p{i}.rst")), t), PathBuf::new()))
            .collect()
    }

    #[test]
    fn unknown_directive_fires_with_a_suggestion() {
        let p = scan(
            path("a.rst"),
            "Title\n=====\n\n.. rest_paramters:: parameters.yaml\n\n   - a: b\n\n.. note:: fine\n",
        );
        let mut out = Vec::new();
        check_directives(&p, &mut out);
        assert_eq!(out.len(), 1, "{out:?}");
        let at = out[0].location.as_ref().expect("located");
        assert_eq!((at.line, at.column), (4, 4));
        assert_eq!(
            out[0].hint.as_deref(),
            Some("did you mean `rest_parameters`?")
        );
    }

    #[test]
    fn known_and_domain_directives_pass() {
        let p = scan(
            path("a.rst"),
            ".. code-block:: json\n\n   {}\n\n.. py:function:: f()\n\n.. rest_expand_all::\n",
        );
        let mut out = Vec::new();
        check_directives(&p, &mut out);
        assert!(out.is_empty(), "{out:?}");
    }

    #[test]
    fn links_to_sections_and_labels() {
        let ps = pages(&[
            "List Volumes\n============\n\n.. _volume-create:\n\nCreate Volume (v3.1)\n--------------------\n\nSee `the list <#list-volumes>`_, `x <#list-volume>`_ and\n:ref:`create <volume-create>` or :ref:`missing`.\n",
            "Other\n=====\n\nSee `c <#create-volume-v3-1>`_ and `again <#list-volumes-1>`_.\n",
        ]);
        let mut out = Vec::new();
        check_links(&ps, &mut out);
        let found: Vec<_> = out
            .iter()
            .map(|d| {
                let at = d.location.as_ref().expect("located");
                (d.message.clone(), at.line, at.column, d.hint.clone())
            })
            .collect();
        assert_eq!(found.len(), 2, "{found:#?}");
        assert_eq!((found[0].1, found[0].2), (9, 39));
        assert!(found[0].0.contains("#list-volume`"));
        assert_eq!(found[0].3.as_deref(), Some("did you mean `list-volumes`?"));
        assert_eq!((found[1].1, found[1].2), (10, 40));
        assert!(found[1].0.contains("missing"));
    }

    #[test]
    fn slugs_follow_docutils() {
        assert_eq!(slug("Create Volume (v3.1)"), "create-volume-v3-1");
        assert_eq!(slug("  2.1 ``GET`` /servers "), "get-servers");
    }
}
