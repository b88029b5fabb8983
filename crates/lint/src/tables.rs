//! Parameter tables: each `rest_parameters` table of a page, row by row,
//! through the rules that judge rows against parameters.yaml and the URL
//! (SL010–SL015, each in its file under [`rules`]), and the keys no table
//! used (SL006) once every page was read.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use speclift_diag::Diagnostic;

use crate::page::{Method, Page, Table};
use crate::params_yaml::ParamFile;
use crate::rules;
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
            rules::missing_path_parameter::check(method, &mut self.out);
        }
    }

    fn check_table(&mut self, page: &Page, table: &Table, method: Option<&Method>) {
        rules::invalid_parameter_entry::check(table, &mut self.out);
        let file = referenced(&page.path, &table.file, self.root);
        let params = self.params.get(&file);
        let Some(params) =
            rules::missing_parameters_file::check(table, &file, params, &mut self.out)
        else {
            return;
        };
        let used = self.used.entry(file.clone()).or_default();
        let url_params = method.map(|m| m.path_params()).unwrap_or_default();
        for row in &table.rows {
            used.insert(row.key.clone());
            let Some(entry) =
                rules::unknown_parameter_key::check(row, table, (&file, params), &mut self.out)
            else {
                continue;
            };
            let place = entry.field("in").map_or("", |f| f.value.as_str());
            let misplaced = rules::in_contradicts_table::check(row, table, place, &mut self.out);
            // A misplaced row is no path parameter: SL015 said it all.
            if let (Some(m), "path", false) = (method, place, misplaced) {
                rules::extra_path_parameter::check(row, m, &url_params, &mut self.out);
            }
        }
    }

    /// SL006, once every page was checked.
    pub fn check_unused(&mut self) {
        rules::unused_key::check(&self.used, self.params, &mut self.out);
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
            .filter(|d| d.code == Some(rules::IN_CONTRADICTS_TABLE))
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
