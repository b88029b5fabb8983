//! What lint needs from one RST page, read with the project's RST reader
//! ([`speclift_rst::parse_str`], one file at a time, includes kept as
//! directives so every page is seen on its own, included or not):
//! `rest_method`, `rest_parameters` (with its `- name: key` rows),
//! `rest_status_code` lists, `literalinclude` and `include` targets, every
//! directive name, section titles, `.. _label:` targets and internal links.
//!
//! The reader gives directives their start; carets go under the argument,
//! so its column is found on the directive's line in the page text.

use std::path::Path;
use std::sync::Arc;

use speclift_diag::{Diagnostic, Location};
use speclift_rst::{Block, BlockKind, ContentLine, Directive};

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

#[derive(Clone, Debug)]
pub struct Method {
    pub at: Location,
    pub verb: String,
    pub url: String,
    pub tables: Vec<Table>,
}

impl Method {
    /// `{name}` template variables of the URL, as os-api-ref finds them
    /// (`{[a-zA-Z][a-zA-Z_0-9]*}`).
    pub fn path_params(&self) -> Vec<String> {
        let mut out = Vec::new();
        for part in self.url.split('{').skip(1) {
            let Some((name, _)) = part.split_once('}') else {
                continue;
            };
            let mut chars = name.chars();
            let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
                && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
            if valid && !out.iter().any(|n| n == name) {
                out.push(name.to_string());
            }
        }
        out
    }
}

/// Which half of an operation a table documents, from the nearest heading
/// after the `rest_method` ("Request", "Response Parameters", …).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Request,
    Response,
}

#[derive(Clone, Debug)]
pub struct Table {
    pub at: Location,
    /// The directive argument, e.g. `parameters.yaml`.
    pub file: String,
    pub role: Option<Role>,
    pub rows: Vec<Row>,
    /// Content lines that are not `- name: key`.
    pub invalid: Vec<(Location, String)>,
}

#[derive(Clone, Debug)]
pub struct Row {
    pub name: String,
    pub key: String,
    /// The row; its column is the name's.
    pub at: Location,
    /// Column of the key.
    pub key_column: u32,
}

#[derive(Clone, Debug)]
pub struct Include {
    pub at: Location,
    pub target: String,
}

/// `.. rest_status_code:: success ../status.yaml` and its `- 200` lines.
#[derive(Clone, Debug)]
pub struct StatusList {
    pub at: Location,
    /// The argument as written.
    pub argument: String,
    /// `(location of the code, the line without its `- `)`.
    pub items: Vec<(Location, String)>,
}

impl StatusList {
    /// `success`/`error` and the status file, when the argument has both.
    pub fn kind_and_file(&self) -> Option<(bool, &str)> {
        let mut parts = self.argument.split_whitespace();
        let success = match parts.next()? {
            "success" => true,
            "error" => false,
            _ => return None,
        };
        let file = parts.next()?;
        parts.next().is_none().then_some((success, file))
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

fn col(chars_before: usize) -> u32 {
    u32::try_from(chars_before + 1).unwrap_or(u32::MAX)
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
        lines: text.lines().map(|l| l.trim_end_matches('\r')).collect(),
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
    lines: Vec<&'t str>,
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

    /// `..` is at `at`; the name follows after the spaces.
    fn name_location(&self, at: &Location) -> Location {
        let line = self.line_text(at.line);
        let start = usize::try_from(at.column.saturating_sub(1)).unwrap_or(0);
        let after_dots: String = line.chars().skip(start + 2).collect();
        let blanks = after_dots.len() - after_dots.trim_start().len();
        Location::new(at.file.clone(), at.line, col(start + 2 + blanks))
    }

    fn line_text(&self, line: u32) -> &str {
        usize::try_from(line)
            .ok()
            .and_then(|l| l.checked_sub(1))
            .and_then(|l| self.lines.get(l))
            .copied()
            .unwrap_or("")
    }

    /// Where the argument starts: after `::` on the directive line, else
    /// (an argument on the next line) at the next non-blank line's text.
    fn argument_location(&self, at: &Location) -> Location {
        let line = self.line_text(at.line);
        let start = usize::try_from(at.column.saturating_sub(1)).unwrap_or(0);
        let from = line
            .char_indices()
            .nth(start)
            .map_or(line.len(), |(i, _)| i);
        if let Some(i) = line[from..].find("::") {
            let rest = &line[from + i + 2..];
            let arg = rest.trim_start();
            if !arg.is_empty() {
                let offset = line.len() - arg.len();
                return Location::new(
                    at.file.clone(),
                    at.line,
                    col(line[..offset].chars().count()),
                );
            }
        }
        let next = (at.line as usize..self.lines.len())
            .find(|&i| self.lines.get(i).is_some_and(|l| !l.trim().is_empty()));
        match next.and_then(|i| Some((i, self.lines.get(i)?))) {
            Some((i, l)) => {
                let lead = l.len() - l.trim_start().len();
                shifted(at, i + 1 - at.line as usize, col(l[..lead].chars().count()))
            }
            None => at.clone(),
        }
    }

    fn directive(&mut self, d: &Directive, at: &Location) {
        self.page
            .directives
            .push((d.name.clone(), self.name_location(at)));
        // The argument, or (an argument-less directive line) the first
        // content line, which is where docutils puts it.
        let (argument, content, arg_at) = argument_and_content(d, || self.argument_location(at));
        match d.name.as_str() {
            "rest_method" => {
                let mut parts = argument.split_whitespace();
                let verb = parts.next().unwrap_or("").to_string();
                let url = parts.next().unwrap_or("").to_string();
                self.heading = None;
                self.page.methods.push(Method {
                    at: arg_at,
                    verb,
                    url,
                    tables: Vec::new(),
                });
            }
            "rest_parameters" => {
                let table = self.table(&argument, arg_at, content);
                match self.page.methods.last_mut() {
                    Some(m) => m.tables.push(table),
                    None => self.page.loose_tables.push(table),
                }
            }
            "rest_status_code" => {
                let items = content
                    .iter()
                    .filter_map(|l| {
                        let t = l.text.trim();
                        if t.is_empty() || t.starts_with('#') {
                            return None;
                        }
                        let item = t.strip_prefix('-').map_or(t, str::trim_start);
                        let offset = l.text.find(item).unwrap_or(0);
                        let at = shifted(
                            &l.location,
                            0,
                            l.location.column
                                + u32::try_from(l.text[..offset].chars().count()).unwrap_or(0),
                        );
                        Some((at, item.to_string()))
                    })
                    .collect();
                self.page.status_lists.push(StatusList {
                    at: arg_at,
                    argument,
                    items,
                });
            }
            "literalinclude" if !argument.is_empty() => self.page.includes.push(Include {
                at: arg_at,
                target: argument,
            }),
            "include" if !argument.is_empty() => self.page.rst_includes.push(Include {
                at: arg_at,
                target: argument,
            }),
            _ => {}
        }
        self.blocks(&d.body);
    }

    fn table(&self, argument: &str, at: Location, content: &[ContentLine]) -> Table {
        let role = self.heading.as_deref().and_then(|h| {
            let h = h.to_ascii_lowercase();
            match (h.contains("request"), h.contains("response")) {
                (true, false) => Some(Role::Request),
                (false, true) => Some(Role::Response),
                _ => None,
            }
        });
        let mut table = Table {
            at,
            file: argument.split_whitespace().next().unwrap_or("").to_string(),
            role,
            rows: Vec::new(),
            invalid: Vec::new(),
        };
        for line in content {
            let t = line.text.trim_start();
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            let lead = line.text.len() - t.len();
            let column = |byte: usize| {
                line.location.column + u32::try_from(line.text[..byte].chars().count()).unwrap_or(0)
            };
            match row(t) {
                Some((name, key)) => {
                    let text = &line.text;
                    let name_off = text.find(name).unwrap_or(lead);
                    let colon = text[name_off + name.len()..]
                        .find(':')
                        .map_or(lead, |c| name_off + name.len() + c);
                    let key_off = text[colon..].find(key).map_or(colon, |k| colon + k);
                    table.rows.push(Row {
                        name: name.to_string(),
                        key: key.to_string(),
                        at: shifted(&line.location, 0, column(name_off)),
                        key_column: column(key_off),
                    });
                }
                None => table
                    .invalid
                    .push((shifted(&line.location, 0, column(lead)), t.to_string())),
            }
        }
        table
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

/// `- name: key` → (name, key). YAML: a `:` not followed by a blank is
/// part of the name (`os-vol-host-attr:host: key`).
fn row(t: &str) -> Option<(&str, &str)> {
    let r = t.strip_prefix('-').filter(|r| r.starts_with([' ', '\t']))?;
    let (name, key) = r.split_once(": ").or_else(|| r.split_once(":\t"))?;
    let (name, key) = (name.trim(), key.trim());
    (!name.is_empty() && !key.is_empty() && !key.contains(' ')).then_some((name, key))
}

/// docutils gives an argument-less directive line's next lines to the
/// content; the reader may have joined them into the argument. Either way:
/// the argument, the content after it, and where the argument is.
fn argument_and_content(
    d: &Directive,
    on_line: impl FnOnce() -> Location,
) -> (String, &[ContentLine], Location) {
    if !d.argument.trim().is_empty() {
        return (d.argument.trim().to_string(), &d.content, on_line());
    }
    match d.content.iter().position(|l| !l.text.trim().is_empty()) {
        Some(i) => {
            let first = &d.content[i];
            let lead = first.text.len() - first.text.trim_start().len();
            let at = shifted(
                &first.location,
                0,
                first.location.column + u32::try_from(lead).unwrap_or(0),
            );
            let rest = d.content.get(i + 1..).unwrap_or(&[]);
            (first.text.trim().to_string(), rest, at)
        }
        None => (String::new(), &d.content, on_line()),
    }
}

/// `(byte offset, target)` of each `` `…<#anchor>`_ `` and `` :ref:`…` ``.
fn internal_links(line: &str) -> Vec<(usize, LinkTarget)> {
    let mut out = Vec::new();
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
    fn path_params_follow_os_api_ref_pattern() {
        let m = Method {
            at: Location::file_start(path("x")),
            verb: "GET".into(),
            url: "/v2/{tenant_id}/x/{1bad}/{ok_2}/{tenant_id}?a={b".into(),
            tables: Vec::new(),
        };
        assert_eq!(m.path_params(), ["tenant_id", "ok_2"]);
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
