//! SL042 `broken-internal-link` ([`Rule::BrokenInternalLink`](super::Rule)).
//!
//! ## What it does
//! Checks that every `` `text <#anchor>`_ `` names a section title's
//! anchor or a label, and every `` :ref:`label` `` a label, anywhere in the
//! linted tree; the closest existing one is the hint.
//!
//! ## Why is this bad?
//! See `speclift rules --explain SL042` (the registry holds the one text).
//!
//! ## Example
//! ```rst
//! See `the list <#list-volume>`_.
//! ```
//! Use instead: `` `the list <#list-volumes>`_ `` (the title is "List Volumes").

use std::collections::BTreeSet;
use std::path::PathBuf;

use speclift_diag::Diagnostic;
use speclift_diag::suggest::closest;

use crate::page::{LinkTarget, Page, slug};
use crate::rules::BROKEN_LINK;

/// Every `#anchor` and `:ref:` label must name a section or a label
/// somewhere in the linted tree.
pub fn check(pages: &[(Page, PathBuf)], out: &mut Vec<Diagnostic>) {
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
    fn links_to_sections_and_labels() {
        let ps = pages(&[
            "List Volumes\n============\n\n.. _volume-create:\n\nCreate Volume (v3.1)\n--------------------\n\nSee `the list <#list-volumes>`_, `x <#list-volume>`_ and\n:ref:`create <volume-create>` or :ref:`missing`.\n",
            "Other\n=====\n\nSee `c <#create-volume-v3-1>`_ and `again <#list-volumes-1>`_.\n",
        ]);
        let mut out = Vec::new();
        check(&ps, &mut out);
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
