//! What lint needs from one RST page, read with the project's RST reader
//! ([`speclift_rst::parse_str`], one file at a time, includes kept as
//! directives so every page is seen on its own, included or not):
//! `rest_method`, `rest_parameters` (with its `- name: key` rows),
//! `rest_status_code` lists, `literalinclude` and `include` targets, every
//! directive name, section titles, `.. _label:` targets and internal links.
//!
//! The os-api-ref directives are not parsed here: they are the model's
//! located views ([`speclift_model::syntax`]), the same the model's reader
//! builds on, so lint and gen read a page alike. The text given to
//! [`scan`] is [`speclift_model::syntax::source_text`] (what
//! `tree::Files` returns).

use std::path::Path;
use std::sync::Arc;

use speclift_diag::{Diagnostic, Location};
use speclift_model::syntax::{DirectiveView, PageLines, RestMethod, RestParameters};
use speclift_rst::{Block, BlockKind, Directive};

pub use speclift_model::syntax::{
    FileInclude as Include, ParameterRow as Row, RestStatusCode as StatusList,
};

#[derive(Clone, Debug)]
pub struct Page {
    pub path: Arc<Path>,
    pub methods: Vec<Method>,
    /// Tables before the first `rest_method` (rare; kept for key checks).
    pub loose_tables: Vec<Table>,
    /// `literalinclude` targets.
    pub includes: Vec<Include>,
    /// `.. include::` targets.
    pub rst_includes: Vec<Include>,
    pub status_lists: Vec<StatusList>,
    /// Every directive, by name, located at the name.
    pub directives: Vec<(String, Location)>,
    /// Section titles as written.
    pub sections: Vec<(String, Location)>,
    /// `.. _label:` names (internal targets only, not `.. _x: url`).
    pub labels: Vec<String>,
    pub links: Vec<Link>,
    /// The reader's own findings (markup problems).
    pub diagnostics: Vec<Diagnostic>,
}

/// A `rest_method` and the tables that follow it.
#[derive(Clone, Debug)]
pub struct Method {
    pub directive: RestMethod,
    pub tables: Vec<Table>,
}

impl std::ops::Deref for Method {
    type Target = RestMethod;
    fn deref(&self) -> &RestMethod {
        &self.directive
    }
}

/// Which half of an operation a table documents, from the nearest heading
/// after the `rest_method` ("Request", "Response Parameters", …).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Request,
    Response,
}

/// A `rest_parameters` table and the half of the operation it documents.
#[derive(Clone, Debug)]
pub struct Table {
    pub directive: RestParameters,
    pub role: Option<Role>,
}

impl std::ops::Deref for Table {
    type Target = RestParameters;
    fn deref(&self) -> &RestParameters {
        &self.directive
    }
}

/// An internal reference: `` `text <#anchor>`_ `` or `` :ref:`label` ``.
#[derive(Clone, Debug)]
pub struct Link {
    pub at: Location,
    pub target: LinkTarget,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkTarget {
    /// `#anchor` without the `#`.
    Anchor(String),
    /// A `:ref:` label, lower-cased as Sphinx compares them.
    Label(String),
}

fn shifted(at: &Location, line_offset: usize, column: u32) -> Location {
    let line = at
        .line
        .saturating_add(u32::try_from(line_offset).unwrap_or(u32::MAX));
    Location::new(at.file.clone(), line, column)
}

/// Reads the page. Never fails: whatever the reader makes of the text.
pub fn scan(path: Arc<Path>, text: &str) -> Page {
    let (doc, diagnostics) = speclift_rst::parse_str(path.clone(), text);
    let mut scanner = Scanner {
        lines: PageLines::new(text),
        heading: None,
        page: Page {
            path,
            methods: Vec::new(),
            loose_tables: Vec::new(),
            includes: Vec::new(),
            rst_includes: Vec::new(),
            status_lists: Vec::new(),
            directives: Vec::new(),
            sections: Vec::new(),
            labels: Vec::new(),
            links: Vec::new(),
            diagnostics,
        },
    };
    scanner.blocks(&doc.blocks);
    scanner.page
}

struct Scanner<'t> {
    /// The page's lines, for argument columns.
    lines: PageLines<'t>,
    /// The last heading since the last `rest_method`.
    heading: Option<String>,
    page: Page,
}

impl Scanner<'_> {
    fn blocks(&mut self, blocks: &[Block]) {
        for b in blocks {
            self.block(b);
        }
    }

    fn block(&mut self, b: &Block) {
        let at = &b.location;
        match &b.kind {
            BlockKind::Section { title, .. } => {
                self.page.sections.push((title.clone(), at.clone()));
                self.heading = Some(title.clone());
                self.links(title, at);
            }
            BlockKind::Paragraph { text } => self.links(text, at),
            BlockKind::BulletList { items } | BlockKind::EnumeratedList { items } => {
                for item in items {
                    self.blocks(&item.blocks);
                }
            }
            BlockKind::BlockQuote { blocks } => self.blocks(blocks),
            BlockKind::DefinitionList { items } => {
                for item in items {
                    self.links(&item.term, &item.location);
                    self.blocks(&item.definition);
                }
            }
            BlockKind::FieldList { fields } => {
                for f in fields {
                    self.links(&f.body, &f.location);
                }
            }
            BlockKind::Table(t) => {
                for cell in t.rows.iter().flat_map(|r| &r.cells) {
                    self.links(&cell.text, &cell.location);
                }
            }
            BlockKind::Target { name, url: None } => {
                self.page.labels.push(name.to_lowercase());
            }
            BlockKind::Directive(d) => self.directive(d, at),
            _ => {}
        }
    }

    fn directive(&mut self, d: &Directive, at: &Location) {
        self.page
            .directives
            .push((d.name.clone(), self.lines.name_location(at)));
        match self.lines.view(d, at) {
            Some(DirectiveView::RestMethod(directive)) => {
                self.heading = None;
                self.page.methods.push(Method {
                    directive,
                    tables: Vec::new(),
                });
            }
            Some(DirectiveView::RestParameters(directive)) => {
                let table = Table {
                    directive,
                    role: self.role(),
                };
                match self.page.methods.last_mut() {
                    Some(m) => m.tables.push(table),
                    None => self.page.loose_tables.push(table),
                }
            }
            Some(DirectiveView::RestStatusCode(list)) => self.page.status_lists.push(list),
            Some(DirectiveView::LiteralInclude(include)) => self.page.includes.push(include),
            Some(DirectiveView::Include(include)) => self.page.rst_includes.push(include),
            None => {}
        }
        self.blocks(&d.body);
    }

    /// The half of the operation the next table documents, from the last
    /// heading since the `rest_method`.
    fn role(&self) -> Option<Role> {
        self.heading.as_deref().and_then(|h| {
            let h = h.to_ascii_lowercase();
            match (h.contains("request"), h.contains("response")) {
                (true, false) => Some(Role::Request),
                (false, true) => Some(Role::Response),
                _ => None,
            }
        })
    }

    /// Internal links in `text`, which starts at `at` (continuation lines
    /// at the same column, as RST requires of one block).
    fn links(&mut self, text: &str, at: &Location) {
        for (i, line) in text.lines().enumerate() {
            for (byte, target) in internal_links(line) {
                let column = at.column + u32::try_from(line[..byte].chars().count()).unwrap_or(0);
                self.page.links.push(Link {
                    at: shifted(at, i, column),
                    target,
                });
            }
        }
    }
}

/// `(byte offset, target)` of each `` `…<#anchor>`_ `` and `` :ref:`…` ``.
fn internal_links(line: &str) -> Vec<(usize, LinkTarget)> {
    let mut out = Vec::new();
    // Both kinds start at a `<` or a `:`; most lines of a page hold
    // neither, and each search below would set up a searcher for them.
    if memchr::memchr2(b'<', b':', line.as_bytes()).is_none() {
        return out;
    }
    let mut from = 0;
    while let Some(i) = line.get(from..).and_then(|r| r.find("<#")) {
        let start = from + i + 2;
        let rest = &line[start..];
        match rest.find(">`_") {
            Some(end) if !rest[..end].contains(['<', '`']) => {
                out.push((start, LinkTarget::Anchor(rest[..end].trim().to_string())));
                from = start + end;
            }
            _ => from = start,
        }
    }
    from = 0;
    while let Some(i) = line.get(from..).and_then(|r| r.find(":ref:`")) {
        let start = from + i + 6;
        let rest = &line[start..];
        let Some(end) = rest.find('`') else {
            break;
        };
        let inner = &rest[..end];
        // `text <label>` or `label`.
        let (offset, label) = match inner.rfind('<').filter(|_| inner.ends_with('>')) {
            Some(lt) => (start + lt + 1, &inner[lt + 1..inner.len() - 1]),
            None => (start, inner),
        };
        if !label.trim().is_empty() {
            out.push((offset, LinkTarget::Label(label.trim().to_lowercase())));
        }
        from = start + end + 1;
    }
    out.sort_by_key(|(o, _)| *o);
    out
}

/// docutils' `make_id`: the id a section title or label gets, which
/// `#anchor` links must match.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    let mut pending_dash = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(c);
        } else if c.is_ascii() {
            pending_dash = true;
        }
        // Non-ASCII letters vanish, as docutils' ASCII folding drops
        // what has no ASCII form.
    }
    // Ids start with a letter.
    out.trim_start_matches(|c: char| c.is_ascii_digit() || c == '-')
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use speclift_diag::path;

    const PAGE: &str = "\
Delete attachment
~~~~~~~~~~~~~~~~~

.. rest_method::  DELETE /v3/{project_id}/attachments/{attachment_id}

Request
-------

.. rest_parameters:: parameters.yaml

   - project_id: project_id_path
   - attachment_id: attachment_id_1
   - not a row
   - os-vol-host-attr:host: os-vol-host-attr:host
   # a comment

Example
-------

.. container::

   .. literalinclude:: ./samples/attachment-create-request.json
      :language: javascript
";

    #[test]
    fn finds_methods_tables_rows_and_includes() {
        let page = scan(path("a.inc"), PAGE);
        assert_eq!(page.methods.len(), 1);
        let m = &page.methods[0];
        assert_eq!((m.verb.as_str(), m.at.line, m.at.column), ("DELETE", 4, 19));
        assert_eq!(m.path_params(), ["project_id", "attachment_id"]);
        let t = &m.tables[0];
        assert_eq!((t.file.as_str(), t.at.line), ("parameters.yaml", 9));
        let rows: Vec<_> = t
            .rows
            .iter()
            .map(|r| {
                (
                    r.name.as_str(),
                    r.key.as_str(),
                    r.at.line,
                    r.at.column,
                    r.key_column,
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                ("project_id", "project_id_path", 11, 6, 18),
                ("attachment_id", "attachment_id_1", 12, 6, 21),
                ("os-vol-host-attr:host", "os-vol-host-attr:host", 14, 6, 29),
            ]
        );
        assert_eq!(t.invalid.len(), 1);
        assert_eq!(t.invalid[0].0.line, 13);
        assert_eq!(page.includes.len(), 1);
        assert_eq!(
            page.includes[0].target,
            "./samples/attachment-create-request.json"
        );
        assert_eq!(
            (page.includes[0].at.line, page.includes[0].at.column),
            (22, 24)
        );
    }

    #[test]
    fn finds_what_the_rst_rules_need() {
        let page = scan(
            path("b.rst"),
            "\
.. _volumes:

Volumes (volumes)
=================

See `create <#create-volume>`_ and :ref:`Volumes <volumes>`.

.. rest_method:: POST /v3/volumes

Response
--------

.. rest_status_code:: success ../status.yaml

   - 202
   - 404: gone

.. rest_parameters:: parameters.yaml

   - id: id

.. include:: common.inc
.. unknown_thing:: x
",
        );
        assert_eq!(page.labels, ["volumes"]);
        assert_eq!(page.sections[0].0, "Volumes (volumes)");
        let links: Vec<_> = page
            .links
            .iter()
            .map(|l| (l.target.clone(), l.at.line, l.at.column))
            .collect();
        assert_eq!(
            links,
            [
                (LinkTarget::Anchor("create-volume".into()), 6, 15),
                (LinkTarget::Label("volumes".into()), 6, 51),
            ]
        );
        let list = &page.status_lists[0];
        assert_eq!(list.kind_and_file(), Some((true, "../status.yaml")));
        let items: Vec<_> = list
            .items
            .iter()
            .map(|(at, t)| (t.as_str(), at.line, at.column))
            .collect();
        assert_eq!(items, [("202", 15, 6), ("404: gone", 16, 6)]);
        assert_eq!(page.methods[0].tables[0].role, Some(Role::Response));
        assert_eq!(page.rst_includes[0].target, "common.inc");
        let names: Vec<_> = page
            .directives
            .iter()
            .map(|(n, at)| (n.as_str(), at.line, at.column))
            .collect();
        assert_eq!(
            names,
            [
                ("rest_method", 8, 4),
                ("rest_status_code", 13, 4),
                ("rest_parameters", 18, 4),
                ("include", 22, 4),
                ("unknown_thing", 23, 4),
            ]
        );
    }

    #[test]
    fn garbage_does_not_panic() {
        let split = scan(path("x"), ".. rest_method::\n   POST /v2/{id}/delete\n");
        let m = &split.methods[0];
        assert_eq!(
            (m.verb.as_str(), m.url.as_str(), m.at.line, m.at.column),
            ("POST", "/v2/{id}/delete", 2, 4)
        );
        for text in [
            "..",
            ".. ::",
            ".. rest_parameters::",
            ".. rest_method::",
            "\t.. rest_parameters:: x\n\t- é: ü\n",
            ".. rest_parameters:: p\n   - :\n   - a:\n",
            ".. rest_status_code::\n   - \n   -\n",
            ".. include::\n",
            ":ref:`<>` :ref:` ` `x <#>`_ `<#` <#>`_ :ref:`é <ü>`",
            ".. rest_method::\n\n",
        ] {
            let _ = scan(path("x"), text);
        }
    }
}
