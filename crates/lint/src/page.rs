//! A line scanner for the os-api-ref directives lint needs from RST pages:
//! `rest_method`, `rest_parameters` (with its `- name: key` rows) and
//! `literalinclude`. Line-based like os-api-ref's own parsing, so it works
//! on any page, included or not, and never fails.

use std::path::Path;
use std::sync::Arc;

use speclift_diag::Location;

#[derive(Clone, Debug)]
pub struct Page {
    pub path: Arc<Path>,
    pub methods: Vec<Method>,
    /// Tables before the first `rest_method` (rare; kept for key checks).
    pub loose_tables: Vec<Table>,
    pub includes: Vec<Include>,
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

#[derive(Clone, Debug)]
pub struct Table {
    pub at: Location,
    /// The directive argument, e.g. `parameters.yaml`.
    pub file: String,
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

fn col(chars_before: usize) -> u32 {
    u32::try_from(chars_before + 1).unwrap_or(u32::MAX)
}

/// `.. name:: argument` → (indent, name, argument, column of argument).
fn directive(line: &str) -> Option<(usize, &str, &str, usize)> {
    let trimmed = line.trim_start();
    let indent = line.len() - trimmed.len();
    let body = trimmed.strip_prefix("..")?;
    if !body.starts_with([' ', '\t']) {
        return None;
    }
    let body_trimmed = body.trim_start();
    let (name, arg) = body_trimmed.split_once("::")?;
    let name = name.trim();
    if name.is_empty() || name.contains(char::is_whitespace) {
        return None;
    }
    let arg_trimmed = arg.trim();
    let arg_offset = line.len() - arg.trim_start().len();
    let arg_col = line[..arg_offset].chars().count();
    Some((indent, name, arg_trimmed, arg_col))
}

pub fn scan(path: Arc<Path>, text: &str) -> Page {
    let lines: Vec<&str> = text.lines().map(|l| l.trim_end_matches('\r')).collect();
    let mut page = Page {
        path: path.clone(),
        methods: Vec::new(),
        loose_tables: Vec::new(),
        includes: Vec::new(),
    };
    let at = |i: usize, column: u32| {
        Location::new(
            path.clone(),
            u32::try_from(i + 1).unwrap_or(u32::MAX),
            column,
        )
    };
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let Some((indent, name, arg, arg_col)) = directive(line) else {
            i += 1;
            continue;
        };
        // The directive's content: blank lines and lines indented deeper.
        let mut end = i + 1;
        while end < lines.len() {
            let l = lines[end];
            if !l.trim().is_empty() && l.len() - l.trim_start().len() <= indent {
                break;
            }
            end += 1;
        }
        match name {
            "rest_method" => {
                // Like os-api-ref, the first content line: the text after
                // `::`, or else the next non-blank line.
                let (text, line_no, column) = if arg.is_empty() {
                    lines
                        .iter()
                        .enumerate()
                        .take(end)
                        .skip(i + 1)
                        .find(|(_, l)| !l.trim().is_empty())
                        .map_or(("", i, arg_col), |(j, l)| {
                            let lead = l.len() - l.trim_start().len();
                            (l.trim(), j, l[..lead].chars().count())
                        })
                } else {
                    (arg, i, arg_col)
                };
                let (verb, url) = text.split_once(char::is_whitespace).unwrap_or((text, ""));
                page.methods.push(Method {
                    at: at(line_no, col(column)),
                    verb: verb.to_string(),
                    url: url.trim().to_string(),
                    tables: Vec::new(),
                });
            }
            "rest_parameters" => {
                let mut table = Table {
                    at: at(i, col(arg_col)),
                    file: arg.to_string(),
                    rows: Vec::new(),
                    invalid: Vec::new(),
                };
                for (j, content) in lines.iter().enumerate().take(end).skip(i + 1) {
                    let t = content.trim_start();
                    if t.is_empty() || t.starts_with('#') {
                        continue;
                    }
                    let lead = content.len() - t.len();
                    let parsed = t
                        .strip_prefix('-')
                        .filter(|r| r.starts_with([' ', '\t']))
                        .and_then(|r| {
                            // YAML: a `:` not followed by a blank is part of
                            // the name (`os-vol-host-attr:host: key`).
                            let (name, key) = r.split_once(": ").or_else(|| r.split_once(":\t"))?;
                            let (name, key) = (name.trim(), key.trim());
                            (!name.is_empty() && !key.is_empty() && !key.contains(' '))
                                .then_some((name, key))
                        });
                    match parsed {
                        Some((name, key)) => {
                            let name_off = content.find(name).unwrap_or(lead);
                            let colon = content[name_off + name.len()..]
                                .find(':')
                                .map_or(lead, |c| name_off + name.len() + c);
                            let key_off = content[colon..].find(key).map_or(colon, |k| colon + k);
                            table.rows.push(Row {
                                name: name.to_string(),
                                key: key.to_string(),
                                at: at(j, col(content[..name_off].chars().count())),
                                key_column: col(content[..key_off].chars().count()),
                            });
                        }
                        None => table
                            .invalid
                            .push((at(j, col(content[..lead].chars().count())), t.to_string())),
                    }
                }
                match page.methods.last_mut() {
                    Some(m) => m.tables.push(table),
                    None => page.loose_tables.push(table),
                }
            }
            "literalinclude" if !arg.is_empty() => page.includes.push(Include {
                at: at(i, col(arg_col)),
                target: arg.to_string(),
            }),
            _ => {}
        }
        // Directive content may hold no further directives we care about,
        // but nested ones (in a `container`) must still be seen.
        i += 1;
        if name == "rest_parameters" || name == "rest_method" {
            i = i.max(end);
        }
    }
    page
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
        ] {
            let _ = scan(path("x"), text);
        }
    }
}
