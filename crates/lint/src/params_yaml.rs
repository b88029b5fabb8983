//! parameters.yaml: a line scanner and the rules that need only its text.
//!
//! A line scanner rather than a YAML parser: it sees duplicate keys (a
//! parser keeps the last), keeps exact key positions, and still reports on
//! a file a YAML parser rejects. Top-level keys are unindented `key:` lines;
//! an entry's fields are the lines at its first field's indentation.

use std::path::Path;
use std::sync::Arc;

use speclift_diag::{Diagnostic, Location};

use crate::rules;

/// os-api-ref's sections, in the order a file must list them.
pub const SECTIONS: [&str; 4] = ["header", "path", "query", "body"];

#[derive(Clone, Debug)]
pub struct Field {
    pub value: String,
    pub line: u32,
    pub column: u32,
}

/// One top-level entry of parameters.yaml.
#[derive(Clone, Debug)]
pub struct Entry {
    pub key: String,
    pub line: u32,
    /// Fields in file order (`in`, `type`, `description`, …).
    pub fields: Vec<(String, Field)>,
    /// Written as a flow mapping on the key line (`key: {in: path}`): its
    /// fields are not scanned, so no missing-field findings for it.
    pub inline: bool,
    /// `&name` on the key line.
    pub anchor: Option<String>,
    /// `<<: *name` merges not yet resolved.
    merges: Vec<String>,
}

impl Entry {
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|(k, _)| k == name).map(|(_, f)| f)
    }
}

#[derive(Clone, Debug)]
pub struct ParamFile {
    pub path: Arc<Path>,
    pub entries: Vec<Entry>,
    /// Key → index of its first entry: every table row looks a key up, so
    /// a lookup must not walk the file.
    first: std::collections::HashMap<String, usize>,
}

impl ParamFile {
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.first.get(key).and_then(|&i| self.entries.get(i))
    }

    pub fn location(&self, line: u32, column: u32) -> Location {
        Location::new(self.path.clone(), line, column)
    }
}

fn unquote(s: &str) -> &str {
    let s = s.trim();
    for q in ['"', '\''] {
        if let Some(inner) = s.strip_prefix(q).and_then(|r| r.strip_suffix(q)) {
            return inner;
        }
    }
    s
}

/// A scalar's value without a trailing `# comment`.
fn scalar(s: &str) -> String {
    let s = match s.find(" #") {
        Some(i) => &s[..i],
        None => s,
    };
    unquote(s).to_string()
}

pub fn scan(path: Arc<Path>, text: &str) -> ParamFile {
    let mut entries: Vec<Entry> = Vec::new();
    let mut field_indent: Option<usize> = None;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (n, raw) in text.lines().enumerate() {
        let line_no = u32::try_from(n + 1).unwrap_or(u32::MAX);
        let line = raw.trim_end_matches('\r');
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') || line == "---" || line == "..." {
            continue;
        }
        let indent = line.len() - trimmed.len();
        if indent == 0 {
            let Some((key, rest)) = split_key(line) else {
                continue;
            };
            let rest = rest.trim();
            let (anchor, rest) = match rest.strip_prefix('&') {
                Some(a) => {
                    let (name, after) = a.split_once(char::is_whitespace).unwrap_or((a, ""));
                    (Some(name.to_string()), after.trim())
                }
                None => (None, rest),
            };
            entries.push(Entry {
                key: unquote(key).to_string(),
                line: line_no,
                fields: Vec::new(),
                inline: !rest.is_empty() && !rest.starts_with('#'),
                anchor,
                merges: Vec::new(),
            });
            field_indent = None;
            continue;
        }
        let Some(entry) = entries.last_mut() else {
            continue;
        };
        // Deeper lines are continuations of a multi-line value.
        if *field_indent.get_or_insert(indent) != indent {
            continue;
        }
        let Some((name, value)) = split_key(trimmed) else {
            continue;
        };
        let name = name.trim();
        if name.is_empty() || name.contains(' ') {
            continue;
        }
        if name == "<<" {
            entry.merges.extend(
                value
                    .split(|c: char| c == ',' || c == '[' || c == ']' || c.is_whitespace())
                    .filter_map(|a| a.strip_prefix('*'))
                    .map(str::to_string),
            );
            continue;
        }
        // `value` ends the line: its text starts this many bytes in.
        let value_at = line.len() - value.trim_start().len();
        let column = line.get(..value_at).map_or(0, |l| l.chars().count()) + 1;
        entry.fields.push((
            name.to_string(),
            Field {
                value: scalar(value),
                line: line_no,
                column: u32::try_from(column).unwrap_or(u32::MAX),
            },
        ));
    }
    merge_aliases(&mut entries);
    let mut first = std::collections::HashMap::new();
    for (i, e) in entries.iter().enumerate() {
        first.entry(e.key.clone()).or_insert(i);
    }
    ParamFile {
        path,
        entries,
        first,
    }
}

/// `key: value` split at the first `:` followed by a blank or the end of
/// line: YAML keys may contain other colons (`os-vol-host-attr:host:`).
fn split_key(line: &str) -> Option<(&str, &str)> {
    let bytes = line.as_bytes();
    let at = (0..bytes.len()).find(|&i| {
        bytes[i] == b':' && bytes.get(i + 1).is_none_or(|b| *b == b' ' || *b == b'\t')
    })?;
    Some((&line[..at], &line[at + 1..]))
}

/// `<<: *anchor` merges the anchored entry's fields under the entry's own
/// (nova's parameters.yaml uses this); merged fields keep the anchored
/// entry's positions. Chains are followed to a bounded depth.
fn merge_aliases(entries: &mut [Entry]) {
    for _ in 0..8 {
        let mut changed = false;
        for i in 0..entries.len() {
            let merges = std::mem::take(&mut entries[i].merges);
            let mut pending = Vec::new();
            for alias in &merges {
                let Some(source) = entries
                    .iter()
                    .find(|e| e.anchor.as_deref() == Some(alias.as_str()))
                else {
                    continue;
                };
                if !source.merges.is_empty() {
                    pending.push(alias.clone());
                }
                let inherited: Vec<_> = source
                    .fields
                    .iter()
                    .filter(|(k, _)| entries[i].field(k).is_none())
                    .cloned()
                    .collect();
                changed |= !inherited.is_empty();
                entries[i].fields.extend(inherited);
            }
            // Merge again once the source has resolved its own merges.
            entries[i].merges = pending;
        }
        if !changed {
            break;
        }
    }
}

/// An entry with a valid `in` and its rank among [`SECTIONS`].
pub type Ranked<'a> = (&'a Entry, usize);

/// Each entry with a valid `in` and the one before it that has one:
/// os-api-ref judges the order of an entry against the last valid one.
pub fn with_previous(file: &ParamFile) -> Vec<(Ranked<'_>, Ranked<'_>)> {
    let mut out = Vec::new();
    let mut last: Option<Ranked<'_>> = None;
    for entry in &file.entries {
        let Some(rank) = section_rank(entry) else {
            continue;
        };
        if let Some(prev) = last {
            out.push((prev, (entry, rank)));
        }
        last = Some((entry, rank));
    }
    out
}

/// The rank of the entry's `in:` among [`SECTIONS`], when it is valid.
pub fn section_rank(entry: &Entry) -> Option<usize> {
    let value = entry.field("in")?.value.as_str();
    SECTIONS.iter().position(|s| *s == value)
}

/// SL001–SL005 on one file (each rule in its file under `rules/`): the
/// `in:` checks in file order, as os-api-ref walks the entries, then the
/// missing fields, then the duplicates.
pub fn check(file: &ParamFile) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    rules::invalid_in::check(file, &mut out);
    rules::section_out_of_order::check(file, &mut out);
    rules::key_out_of_order::check(file, &mut out);
    // One finding at most per entry, each at or under the entry's key.
    out.sort_by_key(|d| d.location.as_ref().map(|l| (l.line, l.column)));
    rules::missing_field::check(file, &mut out);
    rules::duplicate_key::check(file, &mut out);
    debug_assert!(
        out.iter()
            .all(|d| d.code.is_some_and(|c| rules::explain(c).is_some()))
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use speclift_diag::path;

    fn run(text: &str) -> Vec<(String, u32, u32)> {
        check(&scan(path("parameters.yaml"), text))
            .into_iter()
            .map(|d| {
                let loc = d.location.expect("located");
                (d.code.unwrap_or("").to_string(), loc.line, loc.column)
            })
            .collect()
    }

    fn codes(text: &str) -> Vec<String> {
        run(text).into_iter().map(|(c, _, _)| c).collect()
    }

    const GOOD: &str = "\
# variables in header
X-Request:
  description: |
    in: body  (a continuation line, not a field)
  in: header
  type: string
# variables in path
project_id:
  description: The project.
  in: path
  required: true
  type: string
Volume_id:
  description: >
    The volume.
  in: path
  type: string
# variables in body
attachment:
  description: x
  in: body
  type: object
";

    #[test]
    fn clean_file_has_no_findings() {
        assert_eq!(run(GOOD), []);
        let f = scan(path("p.yaml"), GOOD);
        assert_eq!(f.entries.len(), 4);
        let project = f.get("project_id").expect("entry");
        assert_eq!(project.line, 8);
        let in_ = project.field("in").expect("in");
        assert_eq!((in_.value.as_str(), in_.line, in_.column), ("path", 10, 7));
        assert_eq!(
            f.get("X-Request")
                .and_then(|e| e.field("in"))
                .map(|f| f.value.as_str()),
            Some("header")
        );
    }

    #[test]
    fn invalid_in_points_at_the_value() {
        assert_eq!(
            run("a:\n  description: x\n  in: querry\n  type: string\n"),
            [("SL001".to_string(), 3, 7)]
        );
    }

    #[test]
    fn section_and_key_order_follow_os_api_ref() {
        let text = "\
b:
  description: x
  in: query
  type: string
a:
  description: x
  in: query
  type: string
p:
  description: x
  in: path
  type: string
Z:
  description: x
  in: body
  type: string
y:
  description: x
  in: body
  type: string
";
        // `a` sorts before `b`; `p` (path) comes after a query entry; `y`
        // sorts before `Z` when case is ignored.
        assert_eq!(
            run(text),
            [
                ("SL003".to_string(), 5, 1),
                ("SL002".to_string(), 9, 1),
                ("SL003".to_string(), 17, 1)
            ]
        );
    }

    #[test]
    fn invalid_entries_are_skipped_for_ordering() {
        // os-api-ref compares with the last *valid* entry.
        let text = "b:\n  description: x\n  in: query\n  type: t\nx:\n  description: x\n  in: nowhere\n  type: t\nc:\n  description: x\n  in: query\n  type: t\n";
        assert_eq!(codes(text), ["SL001"]);
    }

    #[test]
    fn missing_fields_and_duplicates() {
        let text = "a:\n  in: path\nb:\n  description: x\n  in: path\n  type: t\nb:\n  description: y\n  in: path\n  type: t\nc: {in: path}\n";
        let found = run(text);
        assert_eq!(
            found,
            [("SL004".to_string(), 1, 1), ("SL005".to_string(), 7, 1)]
        );
        let d = check(&scan(path("p.yaml"), text));
        assert_eq!(d[0].message, "parameter `a` has no `type`, `description`");
        assert_eq!(d[1].message, "parameter `b` is already defined on line 3");
    }

    #[test]
    fn colons_in_keys_and_merge_keys() {
        let text = "\
base: &base
  description: x
  in: body
  type: integer
derived: &derived
  <<: *base
  required: false
os-ext:progress:
  <<: *derived
  description: y
";
        let f = scan(path("p.yaml"), text);
        let keys: Vec<_> = f.entries.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["base", "derived", "os-ext:progress"]);
        let progress = f.get("os-ext:progress").expect("entry");
        assert_eq!(
            progress.field("type").map(|t| t.value.as_str()),
            Some("integer")
        );
        assert_eq!(
            progress.field("description").map(|t| t.value.as_str()),
            Some("y")
        );
        assert_eq!(run(text), []);
    }

    #[test]
    fn garbage_does_not_panic() {
        for text in [
            "",
            ":",
            "  indented: first\n",
            "a:\n\tin: é\n",
            "\u{feff}a:\n  in: path",
            "a\n  b\n:::\n",
            "a: &x\n  <<: *x\nb: &y\n  <<: [*y, *a]\n",
            "a:\n  in\u{3000}: path\n",
        ] {
            let _ = check(&scan(path("p"), text));
        }
    }
}
