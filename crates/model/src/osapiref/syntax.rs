//! The os-api-ref syntax layer: located views of the dialect's directives
//! (`rest_method`, `rest_parameters`, `rest_status_code`, `literalinclude`,
//! `include`) as written on one page, before any file they name is read.
//!
//! The model's reader and `speclift lint` both see a page through this
//! module, so they cannot disagree about what a page says: the text is
//! normalised once ([`source_text`]: BOM stripped, `\r\n` and lone `\r`
//! line ends made `\n`, as the RST and YAML readers see it), the argument
//! of a directive is split from its content once
//! ([`argument_and_content`]), and a status list's `success|error
//! FILE` is read by the same function the model resolves it with.
//!
//! Views carry locations under the argument (where a caret helps), not at
//! the directive's `..`, which is where the RST reader puts a block.

use std::borrow::Cow;

use speclift_diag::Location;
use speclift_rst::{ContentLine, Directive};

use super::status::parse_directive_argument;

/// The text of a documentation file as every reader of the project sees
/// it: without a byte-order mark, with `\n` line ends only. Sphinx,
/// docutils and the YAML parser all take a lone `\r` as a line end; a
/// reader splitting on `\n` alone would see one long line.
pub fn source_text(raw: &str) -> Cow<'_, str> {
    let text = raw.strip_prefix('\u{feff}').unwrap_or(raw);
    if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(text)
    }
}

/// `.. rest_method:: GET /v3/{project_id}/volumes`.
#[derive(Clone, Debug)]
pub struct RestMethod {
    /// The argument (the method word).
    pub at: Location,
    pub verb: String,
    /// The URL template as written (query included).
    pub url: String,
}

impl RestMethod {
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

/// `.. rest_parameters:: parameters.yaml` and its `- name: key` rows.
#[derive(Clone, Debug)]
pub struct RestParameters {
    /// The argument.
    pub at: Location,
    /// The parameters file as written, e.g. `parameters.yaml`.
    pub file: String,
    pub rows: Vec<ParameterRow>,
    /// Content lines that are not `- name: key`, with their location.
    pub invalid: Vec<(Location, String)>,
}

#[derive(Clone, Debug)]
pub struct ParameterRow {
    pub name: String,
    pub key: String,
    /// The row; its column is the name's.
    pub at: Location,
    /// Column of the key.
    pub key_column: u32,
}

/// `.. rest_status_code:: success ../status.yaml` and its `- 200` lines.
#[derive(Clone, Debug)]
pub struct RestStatusCode {
    /// The argument.
    pub at: Location,
    /// The argument as written.
    pub argument: String,
    /// `(location of the code, the line without its `- `)`.
    pub items: Vec<(Location, String)>,
}

impl RestStatusCode {
    /// `success`/`error` and the status file, when the argument has both
    /// (read as the model reads it to resolve the file).
    pub fn kind_and_file(&self) -> Option<(bool, &str)> {
        parse_directive_argument(&self.argument)
    }

    /// Each listed code as written (`404` of `- 404: reason`), located.
    pub fn codes(&self) -> impl Iterator<Item = (&Location, &str)> {
        self.items
            .iter()
            .map(|(at, item)| (at, item.split_once(':').map_or(&**item, |(c, _)| c).trim()))
    }
}

/// `.. literalinclude:: samples/x.json` or `.. include:: common.inc`.
#[derive(Clone, Debug)]
pub struct FileInclude {
    /// The argument.
    pub at: Location,
    /// The path as written.
    pub target: String,
    /// `:name: value` options, in order.
    pub options: Vec<(String, String)>,
}

/// One os-api-ref directive of a page, located.
#[derive(Clone, Debug)]
pub enum DirectiveView {
    RestMethod(RestMethod),
    RestParameters(RestParameters),
    RestStatusCode(RestStatusCode),
    LiteralInclude(FileInclude),
    Include(FileInclude),
}

/// A page's lines (of [`source_text`]), for the columns the RST reader's
/// block locations do not give: a directive's name and argument.
pub struct PageLines<'t> {
    lines: Vec<&'t str>,
}

impl<'t> PageLines<'t> {
    /// `text` as returned by [`source_text`].
    pub fn new(text: &'t str) -> PageLines<'t> {
        PageLines {
            lines: text.lines().collect(),
        }
    }

    fn line(&self, line: u32) -> &str {
        usize::try_from(line)
            .ok()
            .and_then(|l| l.checked_sub(1))
            .and_then(|l| self.lines.get(l))
            .copied()
            .unwrap_or("")
    }

    /// Where a directive's name is: `..` is at `at`, the name follows
    /// after the spaces.
    pub fn name_location(&self, at: &Location) -> Location {
        let line = self.line(at.line);
        let start = usize::try_from(at.column.saturating_sub(1)).unwrap_or(0);
        let after_dots = line
            .char_indices()
            .nth(start + 2)
            .map_or("", |(i, _)| &line[i..]);
        let blanks = after_dots.len() - after_dots.trim_start().len();
        Location::new(at.file.clone(), at.line, col(start + 2 + blanks))
    }

    /// Where the argument starts: after `::` on the directive line, else
    /// (an argument on the next line) at the next non-blank line's text.
    fn argument_location(&self, at: &Location) -> Location {
        let line = self.line(at.line);
        let start = usize::try_from(at.column.saturating_sub(1)).unwrap_or(0);
        let from = line
            .char_indices()
            .nth(start)
            .map_or(line.len(), |(i, _)| i);
        if let Some(i) = find(&line[from..], "::") {
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

    /// The view of `d` (found at `at`), when it is an os-api-ref directive.
    pub fn view(&self, d: &Directive, at: &Location) -> Option<DirectiveView> {
        // Other directives (notes, code blocks, toctrees: most of a page's)
        // are passed over before their argument is looked for.
        if !matches!(
            d.name.as_str(),
            "rest_method" | "rest_parameters" | "rest_status_code" | "literalinclude" | "include"
        ) {
            return None;
        }
        let (argument, content, arg_at) = argument_and_content(d);
        let arg_at = arg_at.unwrap_or_else(|| self.argument_location(at));
        let view = match d.name.as_str() {
            "rest_method" => {
                let mut parts = argument.split_whitespace();
                DirectiveView::RestMethod(RestMethod {
                    at: arg_at,
                    verb: parts.next().unwrap_or("").to_string(),
                    url: parts.next().unwrap_or("").to_string(),
                })
            }
            "rest_parameters" => {
                DirectiveView::RestParameters(parameters(&argument, arg_at, content))
            }
            "rest_status_code" => DirectiveView::RestStatusCode(RestStatusCode {
                at: arg_at,
                argument,
                items: status_items(content),
            }),
            "literalinclude" if !argument.is_empty() => {
                DirectiveView::LiteralInclude(include(d, arg_at, argument))
            }
            "include" if !argument.is_empty() => {
                DirectiveView::Include(include(d, arg_at, argument))
            }
            _ => return None,
        };
        Some(view)
    }
}

fn include(d: &Directive, at: Location, target: String) -> FileInclude {
    FileInclude {
        at,
        target,
        options: d
            .options
            .iter()
            .map(|o| (o.name.clone(), o.value.clone()))
            .collect(),
    }
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

/// The `- 200` / `- 404: reason` lines, each located at its code.
fn status_items(content: &[ContentLine]) -> Vec<(Location, String)> {
    content
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
                l.location.column + u32::try_from(l.text[..offset].chars().count()).unwrap_or(0),
            );
            Some((at, item.to_string()))
        })
        .collect()
}

fn parameters(argument: &str, at: Location, content: &[ContentLine]) -> RestParameters {
    let mut table = RestParameters {
        at,
        file: argument.split_whitespace().next().unwrap_or("").to_string(),
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
                let name_off = find(text, name).unwrap_or(lead);
                let colon = text[name_off + name.len()..]
                    .find(':')
                    .map_or(lead, |c| name_off + name.len() + c);
                let key_off = find(&text[colon..], key).map_or(colon, |k| colon + k);
                table.rows.push(ParameterRow {
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

/// `- name: key` → (name, key). YAML: a `:` not followed by a blank is
/// part of the name (`os-vol-host-attr:host: key`).
fn row(t: &str) -> Option<(&str, &str)> {
    let r = t.strip_prefix('-').filter(|r| r.starts_with([' ', '\t']))?;
    let (name, key) = split_once(r, ": ").or_else(|| split_once(r, ":\t"))?;
    let (name, key) = (name.trim(), key.trim());
    (!name.is_empty() && !key.is_empty() && !key.contains(' ')).then_some((name, key))
}

/// `haystack.find(needle)`, without building the two-way searcher `str`
/// sets up for each call (a table row asks three times). A match of
/// UTF-8 in UTF-8 starts on a char boundary, so the byte offset is the
/// same.
fn find(haystack: &str, needle: &str) -> Option<usize> {
    memchr::memmem::find(haystack.as_bytes(), needle.as_bytes())
}

/// `text.split_once(separator)` through [`find`].
fn split_once<'t>(text: &'t str, separator: &str) -> Option<(&'t str, &'t str)> {
    let at = find(text, separator)?;
    Some((text.get(..at)?, text.get(at + separator.len()..)?))
}

/// docutils gives an argument-less directive line's next lines to the
/// content; the RST reader may have joined them into the argument. Either
/// way: the argument, the content after it, and where the argument is when
/// it is not on the directive line (the reader does not locate that one).
pub fn argument_and_content(d: &Directive) -> (String, &[ContentLine], Option<Location>) {
    if !d.argument.trim().is_empty() {
        return (d.argument.trim().to_string(), &d.content, None);
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
            (first.text.trim().to_string(), rest, Some(at))
        }
        None => (String::new(), &d.content, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_text_reads_line_ends_and_bom_as_the_readers_do() {
        assert_eq!(source_text("a\r\nb\rc\n"), "a\nb\nc\n");
        assert_eq!(source_text("\u{feff}202:\n"), "202:\n");
        assert!(matches!(source_text("plain\n"), Cow::Borrowed(_)));
    }

    /// `find` and `split_once` answer as `str`'s own do, on every
    /// substring of texts with multi-byte characters as needles.
    #[test]
    fn find_and_split_once_are_strs() {
        let texts = [
            "- name: key",
            "- é: ü",
            "a::b::",
            "::",
            "- ::é:\tx",
            "ñ: : :",
            "",
        ];
        for text in texts {
            let chars: Vec<(usize, char)> = text.char_indices().collect();
            let mut bounds: Vec<usize> = chars.iter().map(|(i, _)| *i).collect();
            bounds.push(text.len());
            for (n, &start) in bounds.iter().enumerate() {
                for &end in &bounds[n..] {
                    let needle = &text[start..end];
                    for hay in texts {
                        assert_eq!(find(hay, needle), hay.find(needle), "{hay:?} {needle:?}");
                        if !needle.is_empty() {
                            assert_eq!(split_once(hay, needle), hay.split_once(needle));
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn path_params_follow_os_api_ref_pattern() {
        let m = RestMethod {
            at: Location::file_start(speclift_diag::path("x")),
            verb: "GET".into(),
            url: "/v2/{tenant_id}/x/{1bad}/{ok_2}/{tenant_id}?a={b".into(),
        };
        assert_eq!(m.path_params(), ["tenant_id", "ok_2"]);
    }

    #[test]
    fn status_kind_and_file_as_the_model_resolves_it() {
        let list = RestStatusCode {
            at: Location::file_start(speclift_diag::path("x")),
            argument: "error ../status.yaml".into(),
            items: Vec::new(),
        };
        assert_eq!(list.kind_and_file(), Some((false, "../status.yaml")));
        let at = Location::file_start(speclift_diag::path("x"));
        let list = RestStatusCode {
            items: vec![(at.clone(), "404: gone".into()), (at, "2O2".into())],
            ..list
        };
        let codes: Vec<_> = list.codes().map(|(_, c)| c).collect();
        assert_eq!(codes, ["404", "2O2"]);
    }
}
