//! An `example` for each path parameter, so mock servers and generated
//! clients have a value: taken from the API's own samples (parameters.yaml
//! files give none) — the value of a key named like the parameter
//! (`volume_id`), else the `id` (or `name`) of the object the parameter
//! names (`{volume_id}` ← `{"volume": {"id": …}}`), else of the resource
//! the path segment before it names (`/types/{volume_type_id}` ←
//! `{"volume_type": {"id": …}}`). A parameter no sample shows gets a
//! placeholder saying what goes there (`my-container`).

use std::collections::BTreeMap;

use serde_json::Value;
use speclift_model::Api;

use crate::components::singular;

/// Scalar values of the API's samples, first seen first (document order).
#[derive(Default)]
pub(crate) struct SampleValues {
    /// Key (normalised) → its value.
    by_key: BTreeMap<String, Value>,
    /// Object key (normalised, singular) → the `id` inside it.
    ids: BTreeMap<String, Value>,
    /// Object key (normalised, singular) → the `name` inside it.
    names: BTreeMap<String, Value>,
}

/// `os-vol-tenant-attr:tenant_id` → `tenant_id`, `project-id` → `project_id`.
fn normalise(key: &str) -> String {
    key.rsplit(':')
        .next()
        .unwrap_or(key)
        .to_ascii_lowercase()
        .replace('-', "_")
}

fn usable(v: &Value) -> bool {
    match v {
        Value::String(s) => !s.trim().is_empty() && !s.contains(['/', ' ', '{']),
        Value::Number(n) => n.is_u64(),
        _ => false,
    }
}

impl SampleValues {
    pub(crate) fn of(api: &Api) -> SampleValues {
        let mut values = SampleValues::default();
        for op in &api.operations {
            let samples = op
                .request
                .samples
                .iter()
                .chain(op.responses.iter().flat_map(|r| r.samples.iter()));
            for sample in samples {
                values.walk(&sample.body, None);
            }
        }
        values
    }

    fn walk(&mut self, value: &Value, owner: Option<&str>) {
        match value {
            Value::Object(map) => {
                for (key, v) in map {
                    let k = normalise(key);
                    if usable(v) {
                        self.by_key.entry(k.clone()).or_insert_with(|| v.clone());
                        if let Some(owner) = owner {
                            let table = match k.as_str() {
                                "id" | "uuid" => Some(&mut self.ids),
                                "name" => Some(&mut self.names),
                                _ => None,
                            };
                            if let Some(table) = table {
                                table.entry(owner.to_string()).or_insert_with(|| v.clone());
                            }
                        }
                    }
                    self.walk(v, Some(&singular(&k)));
                }
            }
            Value::Array(items) => {
                for item in items {
                    self.walk(item, owner);
                }
            }
            _ => {}
        }
    }

    /// The example for path parameter `name` of `path`, as a string: from
    /// the samples, else a placeholder that says what goes there
    /// (`my-container`).
    pub(crate) fn for_param(&self, name: &str, path: &str) -> Value {
        let n = normalise(name);
        // The project a request acts in has several spellings.
        let aliases: &[&str] = match n.as_str() {
            "admin_project_id" | "tenant_id" | "project_id" => &["project_id", "tenant_id"],
            _ => &[],
        };
        self.sampled(name, path)
            .or_else(|| aliases.iter().find_map(|a| self.by_key.get(*a).cloned()))
            .map(|found| match found {
                Value::String(s) => Value::String(s),
                other => Value::String(other.to_string()),
            })
            .unwrap_or_else(|| Value::String(format!("my-{}", n.replace('_', "-"))))
    }

    fn sampled(&self, name: &str, path: &str) -> Option<Value> {
        let n = normalise(name);
        let before = segment_before(path, name).map(|s| singular(&normalise(s)));
        let stem = ["_id", "_uuid", "id"]
            .iter()
            .find_map(|suffix| n.strip_suffix(suffix).filter(|s| !s.is_empty()))
            .map(|s| s.trim_end_matches('_').to_string());
        let name_stem = n.strip_suffix("_name").map(str::to_string);
        // `{id}` alone says nothing about whose: the segment before does.
        let generic = matches!(n.as_str(), "id" | "uuid" | "name" | "key");
        let found = (!generic)
            .then(|| self.by_key.get(&n))
            .flatten()
            .or_else(|| stem.as_ref().and_then(|s| self.ids.get(s)))
            .or_else(|| name_stem.as_ref().and_then(|s| self.names.get(s)))
            .or_else(|| {
                let before = before.as_ref()?;
                if n.ends_with("name") {
                    self.names.get(before)
                } else {
                    self.ids.get(before)
                }
            })?;
        Some(found.clone())
    }
}

/// The literal segment just before `{name}` in `path`.
fn segment_before<'p>(path: &'p str, name: &str) -> Option<&'p str> {
    let marker = format!("{{{name}}}");
    let parts: Vec<&str> = path.split('/').collect();
    let at = parts.iter().position(|p| *p == marker)?;
    parts
        .get(..at)?
        .iter()
        .rev()
        .find(|p| !p.is_empty() && !p.starts_with('{'))
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn values_come_from_keys_then_owners() {
        let mut v = SampleValues::default();
        v.walk(
            &json!({"volume": {"id": "vol-1", "os-vol-tenant-attr:tenant_id": "t-1",
                    "volume_type": {"id": "type-1"}},
                    "servers": [{"id": "srv-1", "name": "web"}]}),
            None,
        );
        let p = |name: &str, path: &str| v.for_param(name, path);
        assert_eq!(
            p("volume_id", "/v3/{project_id}/volumes/{volume_id}"),
            json!("vol-1")
        );
        assert_eq!(p("tenant_id", "/v1/{tenant_id}/x"), json!("t-1"));
        // Another spelling of the project.
        assert_eq!(p("project_id", "/v3/{project_id}/volumes"), json!("t-1"));
        assert_eq!(p("id", "/volume_types/{id}"), json!("type-1"));
        assert_eq!(p("server_id", "/servers/{server_id}"), json!("srv-1"));
        assert_eq!(p("server_name", "/x/{server_name}"), json!("web"));
        assert_eq!(p("key", "/x/{key}"), json!("my-key"));
        assert_eq!(
            p("container", "/v1/{account}/{container}"),
            json!("my-container")
        );
    }
}
