//! SL040 `unknown-directive` ([`Rule::UnknownDirective`](super::Rule)).
//!
//! ## What it does
//! Reports a directive name that neither docutils, Sphinx (with the
//! extensions API references use) nor os-api-ref defines, with the
//! closest known name as a hint. Domain directives (`py:function`) pass.
//!
//! ## Why is this bad?
//! See `speclift rules --explain SL040`: the registry's explanation is the
//! one text `--explain`, docs/rules.md and SARIF print.
//!
//! ## Example
//! ```rst
//! .. rest_paramters:: parameters.yaml
//! ```
//! Use instead: `.. rest_parameters:: parameters.yaml`.

use speclift_diag::Diagnostic;
use speclift_diag::suggest::closest;
use speclift_rst::{ADMONITIONS, is_admonition};

use crate::page::Page;
use crate::rules::UNKNOWN_DIRECTIVE;

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

pub fn check(page: &Page, out: &mut Vec<Diagnostic>) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page::scan;
    use speclift_diag::path;

    #[test]
    fn unknown_directive_fires_with_a_suggestion() {
        let p = scan(
            path("a.rst"),
            "Title\n=====\n\n.. rest_paramters:: parameters.yaml\n\n   - a: b\n\n.. note:: fine\n",
        );
        let mut out = Vec::new();
        check(&p, &mut out);
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
        check(&p, &mut out);
        assert!(out.is_empty(), "{out:?}");
    }
}
