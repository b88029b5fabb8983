//! Reading an OpenAPI document: operations, `$ref`s, microversion ranges.

use std::collections::BTreeMap;

use serde_json::Value;
use speclift_spec::ext::{MAX_VER, MIN_VER, X_OPENSTACK};
use speclift_spec::{Microversion, method, refs, template};

pub(crate) use speclift_spec::refs::escape;

#[derive(Clone, Copy)]
pub(crate) struct Doc<'a> {
    root: &'a Value,
}

impl<'a> Doc<'a> {
    pub fn new(root: &'a Value) -> Self {
        Doc { root }
    }

    /// `value` with local `$ref`s followed. An unresolvable reference is
    /// returned as is, so a broken document still compares (as opaque).
    pub fn resolve(&self, value: &'a Value) -> &'a Value {
        refs::resolve(self.root, value)
    }

    /// Every `$ref` that leads nowhere: one that resolves to nothing, is
    /// not local (`#/…`), or only leads to other `$ref`s in a loop. Each is
    /// (where it stands as a JSON pointer, what is wrong). Comparing such
    /// a document would read those schemas as "any value", so callers
    /// refuse it instead.
    pub fn broken_refs(&self) -> Vec<(String, String)> {
        refs::broken(self.root)
    }

    /// Operations keyed by (path with template names erased, method rank),
    /// so `/v3/{project_id}/x` and `/v3/{tenant_id}/x` are the same
    /// operation: clients cannot see template names.
    /// Methods rank in [`method::PATH_ITEM`] order (its rank orders
    /// output); `query` and operations on other methods rank after 3.1's
    /// eight, by method name, so a `COPY` (or `QUERY`) documented in a 3.1
    /// and a 3.2 document is the same one.
    pub fn operations(&self) -> BTreeMap<(String, usize, String), Operation<'a>> {
        let mut ops = BTreeMap::new();
        let Some(paths) = self.root.get("paths").and_then(Value::as_object) else {
            return ops;
        };
        for (path, item) in paths {
            let item = self.resolve(item);
            let shared = item.get("parameters").and_then(Value::as_array);
            // 3.2's `query` field is QUERY, which 3.1 documents keep in the
            // extension: its rank is the one the other methods share.
            let fields = method::PATH_ITEM
                .iter()
                .enumerate()
                .map(|(rank, m)| (rank, *m, item.get(*m), format!("/{m}")));
            let additional = method::ADDITIONAL_OPERATIONS.iter().flat_map(|key| {
                item.get(*key)
                    .and_then(Value::as_object)
                    .into_iter()
                    .flatten()
                    .map(move |(m, op)| {
                        let pointer = format!("/{key}/{}", escape(m));
                        (method::OPENAPI_31_FIELDS, m.as_str(), Some(op), pointer)
                    })
            });
            for (rank, method, op, suffix) in fields.chain(additional) {
                let Some(op) = op.filter(|v| v.is_object()) else {
                    continue;
                };
                let name = if rank < method::OPENAPI_31_FIELDS {
                    String::new()
                } else {
                    method.to_uppercase()
                };
                let pointer = format!("/paths/{}{suffix}", escape(path));
                let params = self.parameters(shared, op, &pointer, path);
                ops.entry((template::key(path), rank, name))
                    .or_insert(Operation {
                        method,
                        path,
                        value: op,
                        pointer,
                        params,
                    });
            }
        }
        ops
    }

    /// Path-level parameters overridden by operation-level ones with the
    /// same (name, in), as OpenAPI specifies.
    fn parameters(
        &self,
        shared: Option<&'a Vec<Value>>,
        op: &'a Value,
        op_pointer: &str,
        path: &str,
    ) -> Vec<Param<'a>> {
        let slots = template::names(path);
        let path_pointer = format!("/paths/{}", escape(path));
        let from = |list: Option<&'a Vec<Value>>, base: &str| -> Vec<Param<'a>> {
            list.into_iter()
                .flatten()
                .enumerate()
                .filter_map(|(i, raw)| {
                    let p = self.resolve(raw);
                    let name = p.get("name")?.as_str()?;
                    let location = p.get("in")?.as_str()?;
                    let slot = (location == "path")
                        .then(|| slots.iter().position(|s| s == name))
                        .flatten();
                    Some(Param {
                        name,
                        location,
                        required: p.get("required").and_then(Value::as_bool) == Some(true),
                        schema: p.get("schema").map(|s| self.resolve(s)),
                        value: p,
                        pointer: format!("{base}/parameters/{i}"),
                        slot,
                    })
                })
                .collect()
        };
        let mut params = from(shared, &path_pointer);
        for p in from(op.get("parameters").and_then(Value::as_array), op_pointer) {
            params.retain(|q| (q.name, q.location) != (p.name, p.location));
            params.push(p);
        }
        params
    }
}

pub(crate) struct Operation<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub value: &'a Value,
    /// JSON pointer of the operation object.
    pub pointer: String,
    pub params: Vec<Param<'a>>,
}

impl Operation<'_> {
    /// `POST /v3/{project_id}/attachments`.
    pub fn label(&self) -> String {
        format!("{} {}", self.method.to_uppercase(), self.path)
    }
}

pub(crate) struct Param<'a> {
    pub name: &'a str,
    pub location: &'a str,
    pub required: bool,
    pub schema: Option<&'a Value>,
    pub value: &'a Value,
    pub pointer: String,
    /// Position of a path parameter in the URL template.
    pub slot: Option<usize>,
}

impl Param<'_> {
    /// What identifies a parameter to a client: a path parameter by its
    /// position in the URL, any other by name.
    pub fn key(&self) -> (String, String) {
        match self.slot {
            Some(i) => (self.location.to_string(), format!("{{#{i}}}")),
            None => (self.location.to_string(), self.name.to_string()),
        }
    }
}

/// A microversion bound, `3.27` → (3, 27). `latest` or anything
/// unparseable is no bound.
fn version(v: Option<&Value>) -> Option<(u32, u32)> {
    Microversion::from_value(v?).map(|m| (m.major, m.minor))
}

/// (min, max) from an object's `x-openstack`; `None` is unbounded.
pub(crate) type Range = (Option<(u32, u32)>, Option<(u32, u32)>);

pub(crate) fn range(value: &Value) -> Range {
    let vendor = value.get(X_OPENSTACK);
    (
        version(vendor.and_then(|v| v.get(MIN_VER))),
        version(vendor.and_then(|v| v.get(MAX_VER))),
    )
}

pub(crate) fn show_range((min, max): Range) -> String {
    let bound = |b: Option<(u32, u32)>| b.map(|(a, b)| format!("{a}.{b}"));
    match (bound(min), bound(max)) {
        (None, None) => "all microversions".into(),
        (Some(a), None) => format!("{a} and later"),
        (None, Some(b)) => format!("up to {b}"),
        (Some(a), Some(b)) => format!("{a} to {b}"),
    }
}

/// Whether `new` drops versions `old` accepted (narrowed) and whether it
/// accepts versions `old` did not (widened). Both can hold (a shift).
pub(crate) fn range_change(old: Range, new: Range) -> (bool, bool) {
    // `None` as a minimum is the lowest bound, as a maximum the highest.
    let min_key = |b: Option<(u32, u32)>| b.map_or((0, 0, 0), |(a, b)| (1, a, b));
    let max_key = |b: Option<(u32, u32)>| b.map_or((1, 0, 0), |(a, b)| (0, a, b));
    let narrowed = min_key(new.0) > min_key(old.0) || max_key(new.1) < max_key(old.1);
    let widened = min_key(new.0) < min_key(old.0) || max_key(new.1) > max_key(old.1);
    (narrowed, widened)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ranges_compare_with_open_bounds() {
        let v = |min: Option<(u32, u32)>, max| (min, max);
        assert_eq!(
            range_change(v(None, None), v(Some((3, 27)), None)),
            (true, false)
        );
        assert_eq!(
            range_change(v(Some((3, 27)), None), v(None, None)),
            (false, true)
        );
        assert_eq!(
            range_change(v(Some((3, 27)), None), v(Some((3, 27)), Some((3, 40)))),
            (true, false)
        );
        assert_eq!(range_change(v(None, None), v(None, None)), (false, false));
        assert_eq!(
            range(&json!({"x-openstack": {"min-ver": "3.27", "max-ver": "latest"}})),
            (Some((3, 27)), None)
        );
    }

    #[test]
    fn other_methods_are_read_from_either_version_and_match() {
        let op = json!({"operationId": "copy", "responses": {"201": {"description": "Created"}}});
        let v31 = json!({"paths": {"/o/{a}": {
            "get": {"responses": {}},
            "x-oai-additionalOperations": {"COPY": op, "QUERY": op}
        }}});
        let v32 = json!({"paths": {"/o/{b}": {
            "get": {"responses": {}},
            "query": op,
            "additionalOperations": {"COPY": op}
        }}});
        let keys = |doc: &Value| -> Vec<(String, usize, String)> {
            Doc::new(doc).operations().into_keys().collect()
        };
        assert_eq!(keys(&v31), keys(&v32));
        let doc = Doc::new(&v31);
        let ops = doc.operations();
        let copy = ops
            .get(&(
                "/o/{}".to_string(),
                method::OPENAPI_31_FIELDS,
                "COPY".to_string(),
            ))
            .expect("COPY is read");
        assert_eq!(copy.label(), "COPY /o/{a}");
        assert_eq!(
            copy.pointer,
            "/paths/~1o~1{a}/x-oai-additionalOperations/COPY"
        );
    }

    #[test]
    fn path_parameters_are_keyed_by_position() {
        let doc = json!({"paths": {"/v3/{project_id}/x/{id}": {
            "parameters": [{"name": "project_id", "in": "path", "required": true}],
            "get": {"parameters": [
                {"name": "id", "in": "path", "required": true},
                {"name": "limit", "in": "query"},
            ]}
        }}});
        let d = Doc::new(&doc);
        let ops = d.operations();
        let op = ops
            .get(&("/v3/{}/x/{}".to_string(), 0, String::new()))
            .expect("operation");
        let keys: Vec<_> = op.params.iter().map(Param::key).collect();
        assert_eq!(
            keys,
            [
                ("path".to_string(), "{#0}".to_string()),
                ("path".to_string(), "{#1}".to_string()),
                ("query".to_string(), "limit".to_string()),
            ]
        );
        assert_eq!(
            op.params[0].pointer,
            "/paths/~1v3~1{project_id}~1x~1{id}/parameters/0"
        );
        assert_eq!(op.label(), "GET /v3/{project_id}/x/{id}");
    }
}
