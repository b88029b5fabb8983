//! Parameter-table rules: rows against parameters.yaml and the URL.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use speclift_diag::Diagnostic;

use crate::page::{Method, Page, Role, Table};
use crate::params_yaml::ParamFile;
use crate::rules::{
    EXTRA_PATH_PARAM, IN_CONTRADICTS_TABLE, INVALID_PARAM_ENTRY, MISSING_PARAM_FILE,
    MISSING_PATH_PARAM, UNKNOWN_KEY, UNUSED_KEY,
};
use crate::tree::referenced;
use speclift_diag::suggest::closest;

/// Why a row defined `in: place` cannot be where the table puts it: a
/// response has no path or query parameters, and a dotted row name
/// (`volume.status`) is a field nested in the body, so it cannot travel in
/// a header, the path or the query. Ordering alone is not judged
/// (upstream tables often list path rows after body rows), nor are tables
/// under no Request/Response heading.
fn misplaced(role: Option<Role>, place: &str, name: &str) -> Option<&'static str> {
    if matches!(place, "header" | "path" | "query") && name.contains('.') {
        return Some("its dotted name makes it a field nested in the body");
    }
    match (role?, place) {
        (Role::Response, "path" | "query") => Some("it is listed in a response table"),
        _ => None,
    }
}

/// Keys each parameters file's tables refer to; a file in here was
/// referenced at least once.
pub type Used = BTreeMap<PathBuf, BTreeSet<String>>;

pub struct Tables<'a> {
    pub params: &'a BTreeMap<PathBuf, ParamFile>,
    pub root: &'a Path,
    pub used: Used,
    pub out: Vec<Diagnostic>,
}

impl Tables<'_> {
    pub fn check_page(&mut self, page: &Page) {
        for table in &page.loose_tables {
            self.check_table(page, table, None);
        }
        for method in &page.methods {
            for table in &method.tables {
                self.check_table(page, table, Some(method));
            }
            self.check_path_params(method);
        }
    }

    fn check_table(&mut self, page: &Page, table: &Table, method: Option<&Method>) {
        for (at, text) in &table.invalid {
            self.out.push(
                Diagnostic::warning(at.clone(), format!("invalid parameter definition `{text}`"))
                    .with_code(INVALID_PARAM_ENTRY)
                    .with_hint("write each row as `- name: key`"),
            );
        }
        let file = referenced(&page.path, &table.file, self.root);
        let Some(params) = self.params.get(&file) else {
            self.out.push(
                Diagnostic::error(
                    table.at.clone(),
                    format!("parameters file `{}` not found", file.display()),
                )
                .with_code(MISSING_PARAM_FILE)
                .with_hint("fix the path; it is relative to this document"),
            );
            return;
        };
        let used = self.used.entry(file.clone()).or_default();
        let url_params = method.map(|m| m.path_params()).unwrap_or_default();
        for row in &table.rows {
            used.insert(row.key.clone());
            let Some(entry) = params.get(&row.key) else {
                let mut at = row.at.clone();
                at.column = row.key_column;
                let keys = params.entries.iter().map(|e| e.key.as_str());
                let hint = match closest(&row.key, keys) {
                    Some(k) => format!("did you mean `{k}`?"),
                    None => format!("define `{}` in {}", row.key, file.display()),
                };
                self.out.push(
                    Diagnostic::warning(
                        at,
                        format!(
                            "no field definition for `{}` found in `{}`",
                            row.key, table.file
                        ),
                    )
                    .with_code(UNKNOWN_KEY)
                    .with_hint(hint),
                );
                continue;
            };
            let place = entry.field("in").map_or("", |f| f.value.as_str());
            let misplaced = misplaced(table.role, place, &row.name);
            if let Some(why) = misplaced {
                self.out.push(
                    Diagnostic::warning(
                        row.at.clone(),
                        format!("`{}` is defined with `in: {place}` but {why}", row.name),
                    )
                    .with_code(IN_CONTRADICTS_TABLE)
                    .with_hint(format!(
                        "use a key defined with `in: body` for this field (not `{}`)",
                        row.key
                    )),
                );
            }
            // A misplaced row is no path parameter: SL015 said it all.
            let in_path = place == "path" && misplaced.is_none();
            if let (Some(m), true) = (method, in_path)
                && !url_params.contains(&row.name)
            {
                let hint = match closest(&row.name, url_params.iter().map(String::as_str)) {
                    Some(p) => format!("did you mean `{p}`? The URL is `{}`", m.url),
                    None => format!("the URL `{}` has no `{{{}}}`", m.url, row.name),
                };
                self.out.push(
                    Diagnostic::warning(
                        row.at.clone(),
                        format!("path parameter `{}` is not in the URL", row.name),
                    )
                    .with_code(EXTRA_PATH_PARAM)
                    .with_hint(hint),
                );
            }
        }
    }

    /// os-api-ref: every `{name}` of the URL must be a row name.
    fn check_path_params(&mut self, method: &Method) {
        let names: BTreeSet<&str> = method
            .tables
            .iter()
            .flat_map(|t| t.rows.iter().map(|r| r.name.as_str()))
            .collect();
        // At the `rest_method`, where gen reports the same judgment (SL011),
        // so the two are recognised as one and reported once.
        let at = &method.at;
        for param in method.path_params() {
            if names.contains(param.as_str()) {
                continue;
            }
            let hint = if method.tables.is_empty() {
                format!("add a `rest_parameters` table with a row `- {param}: <key>`")
            } else {
                format!("add a row `- {param}: <key>` to the request table")
            };
            self.out.push(
                Diagnostic::warning(
                    at.clone(),
                    format!("no path parameter `{param}` found in rest_parameter stanza"),
                )
                .with_code(MISSING_PATH_PARAM)
                .with_hint(hint),
            );
        }
    }

    /// SL006, once every page was checked.
    pub fn check_unused(&mut self) {
        for (file, keys) in &self.used {
            let Some(params) = self.params.get(file) else {
                continue;
            };
            for entry in params.entries.iter().filter(|e| !keys.contains(&e.key)) {
                self.out.push(
                    Diagnostic::warning(
                        params.location(entry.line, 1),
                        format!("parameter `{}` is defined but never used", entry.key),
                    )
                    .with_code(UNUSED_KEY)
                    .with_hint("delete it, or fix the table that meant to refer to it"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page::scan;
    use crate::params_yaml;
    use speclift_diag::path;

    const PARAMS: &str = "\
status_query:
  in: query
  type: string
  description: x
volume_id:
  in: path
  type: string
  description: x
status:
  in: body
  type: string
  description: x
";

    fn lint(page: &str) -> Vec<Diagnostic> {
        let params = BTreeMap::from([(
            PathBuf::from("t/parameters.yaml"),
            params_yaml::scan(path("t/parameters.yaml"), PARAMS),
        )]);
        let mut tables = Tables {
            params: &params,
            root: Path::new("t"),
            used: Used::default(),
            out: Vec::new(),
        };
        tables.check_page(&scan(path("t/a.inc"), page));
        tables
            .out
            .into_iter()
            .filter(|d| d.code == Some(IN_CONTRADICTS_TABLE))
            .collect()
    }

    #[test]
    fn query_key_in_a_response_table_fires() {
        let out = lint(
            ".. rest_method:: GET /v3/volumes/{volume_id}\n\nRequest\n-------\n\n\
             .. rest_parameters:: parameters.yaml\n\n   - volume_id: volume_id\n   - status: status_query\n\n\
             Response Parameters\n-------------------\n\n\
             .. rest_parameters:: parameters.yaml\n\n   - status: status_query\n   - volume.id: volume_id\n",
        );
        let found: Vec<_> = out
            .iter()
            .map(|d| {
                let at = d.location.as_ref().expect("located");
                (at.line, at.column, d.message.contains("response table"))
            })
            .collect();
        // Line 9 (a query key in the request) is fine; line 16 is a query
        // key in the response; line 17 a dotted body field with a path key.
        assert_eq!(found, [(16, 6, true), (17, 6, false)]);
        assert_eq!(
            out[0].hint.as_deref(),
            Some("use a key defined with `in: body` for this field (not `status_query`)")
        );
    }

    #[test]
    fn body_keys_and_unjudged_tables_pass() {
        let out = lint(
            ".. rest_method:: GET /v3/volumes/{volume_id}\n\n\
             .. rest_parameters:: parameters.yaml\n\n   - status: status_query\n\n\
             Response\n--------\n\n\
             .. rest_parameters:: parameters.yaml\n\n   - status: status\n   - volume.status: status\n",
        );
        assert!(out.is_empty(), "{out:?}");
    }
}
