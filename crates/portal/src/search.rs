//! The search index, written at build time: one entry per operation,
//! action and body field, as a script (`window.SPECLIFT_SEARCH = …`)
//! because browsers refuse `fetch` of a JSON file from `file://`.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use crate::model::{ApiPage, Body};

/// `[kind, title, detail, url]` rows; `kind` is `op`, `action` or `field`.
pub fn index(pages: &[ApiPage]) -> Value {
    let mut entries = Vec::new();
    for page in pages {
        for op in page.operations() {
            let url = |anchor: &str| format!("{}.html#{anchor}", page.slug);
            let route = format!("{} {}", op.method, op.path);
            let title = if op.summary.is_empty() {
                &route
            } else {
                &op.summary
            };
            entries.push(json!([
                "op",
                title,
                format!("{route} · {}", page.title),
                url(&op.anchor)
            ]));
            // A field is listed once per operation, where it first appears.
            let mut seen = BTreeSet::new();
            let mut fields = |body: &Body, entries: &mut Vec<Value>| {
                for f in &body.fields {
                    if seen.insert(f.path.clone()) {
                        let detail = format!("{title} · {}", page.title);
                        entries.push(json!(["field", f.path, detail, url(&f.anchor)]));
                    }
                }
            };
            if let Some(request) = &op.request {
                fields(request, &mut entries);
            }
            for action in &op.actions {
                entries.push(json!([
                    "action",
                    action.title,
                    format!("{route} {{\"{}\"}} · {}", action.name, page.title),
                    url(&action.anchor)
                ]));
                fields(&action.request, &mut entries);
            }
            for response in &op.responses {
                if let Some(body) = &response.body {
                    fields(body, &mut entries);
                }
            }
        }
    }
    Value::Array(entries)
}

pub fn index_script(pages: &[ApiPage]) -> String {
    let json = serde_json::to_string(&index(pages)).unwrap_or_else(|_| "[]".to_owned());
    format!(
        "window.SPECLIFT_SEARCH = {};\n",
        crate::html::script_json(&json)
    )
}
