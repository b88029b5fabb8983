//! Parameter-table rules: rows against parameters.yaml and the URL.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use speclift_diag::Diagnostic;

use crate::page::{Method, Page, Table};
use crate::params_yaml::ParamFile;
use crate::rules::{
    EXTRA_PATH_PARAM, INVALID_PARAM_ENTRY, MISSING_PARAM_FILE, MISSING_PATH_PARAM, UNKNOWN_KEY,
    UNUSED_KEY,
};
use crate::suggest::closest;
use crate::tree::referenced;

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
        let url_params = method.map(Method::path_params).unwrap_or_default();
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
            let in_path = entry.field("in").is_some_and(|f| f.value == "path");
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
        let at = method.tables.first().map_or(&method.at, |t| &t.at);
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
