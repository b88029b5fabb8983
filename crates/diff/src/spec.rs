//! Reading an OpenAPI document: operations, `$ref`s, microversion ranges.

use std::collections::BTreeMap;

use serde_json::Value;

/// HTTP methods in the order OpenAPI lists them; the rank orders output.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Where a path item keeps operations on other methods (`COPY`): OpenAPI
/// 3.2's field, and the registered extension 3.1 documents use.
const ADDITIONAL: [&str; 2] = ["additionalOperations", "x-oai-additionalOperations"];

/// `$ref` chains longer than this are cycles or nonsense; stop following.
const MAX_REF_HOPS: usize = 32;

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
    pub fn resolve(&self, mut value: &'a Value) -> &'a Value {
        for _ in 0..MAX_REF_HOPS {
            let Some(target) = value
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix('#'))
                .and_then(|pointer| self.root.pointer(pointer))
            else {
                return value;
            };
            value = target;
        }
        value
    }

    /// Every `$ref` that leads nowhere: one that resolves to nothing, is
    /// not local (`#/…`), or only leads to other `$ref`s in a loop. Each is
    /// (where it stands as a JSON pointer, what is wrong). Comparing such
    /// a document would read those schemas as "any value", so callers
    /// refuse it instead.
    pub fn broken_refs(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        self.walk_refs(self.root, &mut String::new(), &mut out);
        out
    }

    fn walk_refs(&self, value: &'a Value, at: &mut String, out: &mut Vec<(String, String)>) {
        match value {
            Value::Object(map) => {
                if let Some(reference) = map.get("$ref").and_then(Value::as_str)
                    && let Some(problem) = self.ref_problem(reference)
                {
                    out.push((at.clone(), problem));
                }
                for (key, child) in map {
                    let len = at.len();
                    at.push('/');
                    at.push_str(&escape(key));
                    self.walk_refs(child, at, out);
                    at.truncate(len);
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    let len = at.len();
                    at.push_str(&format!("/{i}"));
                    self.walk_refs(child, at, out);
                    at.truncate(len);
                }
            }
            _ => {}
        }
    }

    fn ref_problem(&self, reference: &str) -> Option<String> {
        let Some(mut pointer) = reference.strip_prefix('#') else {
            return Some(format!(
                "`$ref: {reference}` points outside the document; only local references are read"
            ));
        };
        let mut seen = vec![pointer];
        loop {
            let Some(target) = self.root.pointer(pointer) else {
                return Some(format!("`$ref: #{pointer}` resolves to nothing"));
            };
            // A target that is no `$ref` ends the chain: resolved.
            let next = target.get("$ref").and_then(Value::as_str)?;
            // A non-local hop is reported where it stands.
            pointer = next.strip_prefix('#')?;
            if seen.contains(&pointer) || seen.len() > MAX_REF_HOPS {
                return Some(format!(
                    "`$ref: {reference}` only leads to other `$ref`s in a cycle"
                ));
            }
            seen.push(pointer);
        }
    }

    /// Operations keyed by (path with template names erased, method rank),
    /// so `/v3/{project_id}/x` and `/v3/{tenant_id}/x` are the same
    /// operation: clients cannot see template names.
    /// Operations on other methods rank after the eight, by method name, so
    /// a `COPY` documented in a 3.1 and a 3.2 document is the same one.
    pub fn operations(&self) -> BTreeMap<(String, usize, String), Operation<'a>> {
        let mut ops = BTreeMap::new();
        let Some(paths) = self.root.get("paths").and_then(Value::as_object) else {
            return ops;
        };
        for (path, item) in paths {
            let item = self.resolve(item);
            let shared = item.get("parameters").and_then(Value::as_array);
            let standard = METHODS
                .iter()
                .enumerate()
                .map(|(rank, m)| (rank, *m, item.get(*m), format!("/{m}")));
            // 3.2's `query` field is QUERY, which 3.1 documents keep in the
            // extension: both rank with the other methods.
            let query = std::iter::once((
                METHODS.len(),
                "QUERY",
                item.get("query"),
                "/query".to_string(),
            ));
            let additional = ADDITIONAL.iter().flat_map(|key| {
                item.get(*key)
                    .and_then(Value::as_object)
                    .into_iter()
                    .flatten()
                    .map(move |(m, op)| {
                        let pointer = format!("/{key}/{}", escape(m));
                        (METHODS.len(), m.as_str(), Some(op), pointer)
                    })
            });
            for (rank, method, op, suffix) in standard.chain(query).chain(additional) {
                let Some(op) = op.filter(|v| v.is_object()) else {
                    continue;
                };
                let name = if rank < METHODS.len() {
                    String::new()
                } else {
                    method.to_uppercase()
                };
                let pointer = format!("/paths/{}{suffix}", escape(path));
                let params = self.parameters(shared, op, &pointer, path);
                ops.entry((normalise_path(path), rank, name))
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
        let slots = template_names(path);
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

/// `/v3/{project_id}/attachments/` → `/v3/{}/attachments`.
pub(crate) fn normalise_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_template = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_template = true;
                out.push_str("{}");
            }
            '}' => in_template = false,
            _ if in_template => {}
            _ => out.push(c),
        }
    }
    if out.len() > 1 && out.ends_with('/') {
        out.pop();
    }
    out
}

fn template_names(path: &str) -> Vec<String> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_string()))
        .collect()
}

/// One JSON-pointer reference token (RFC 6901).
pub(crate) fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// A microversion bound, `3.27` → (3, 27). `latest` or anything
/// unparseable is no bound.
fn version(v: Option<&Value>) -> Option<(u32, u32)> {
    let text = match v? {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    let (major, minor) = text.trim().split_once('.')?;
    Some((major.parse().ok()?, minor.parse().ok()?))
}

/// (min, max) from an object's `x-openstack`; `None` is unbounded.
pub(crate) type Range = (Option<(u32, u32)>, Option<(u32, u32)>);

pub(crate) fn range(value: &Value) -> Range {
    let vendor = value.get("x-openstack");
    (
        version(vendor.and_then(|v| v.get("min-ver"))),
        version(vendor.and_then(|v| v.get("max-ver"))),
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
    fn template_names_are_erased() {
        assert_eq!(
            normalise_path("/v3/{project_id}/attachments/{id}/"),
            "/v3/{}/attachments/{}"
        );
        assert_eq!(normalise_path("/"), "/");
    }

    #[test]
    fn refs_are_followed_and_cycles_stop() {
        let doc = json!({
            "components": {"schemas": {
                "A": {"$ref": "#/components/schemas/B"},
                "B": {"type": "string"},
                "Loop": {"$ref": "#/components/schemas/Loop"},
            }}
        });
        let d = Doc::new(&doc);
        let a = json!({"$ref": "#/components/schemas/A"});
        assert_eq!(d.resolve(&a), &json!({"type": "string"}));
        let l = json!({"$ref": "#/components/schemas/Loop"});
        assert!(d.resolve(&l).get("$ref").is_some());
        let broken = json!({"$ref": "#/nowhere"});
        assert_eq!(d.resolve(&broken), &broken);
    }

    #[test]
    fn broken_refs_are_found_with_where_they_stand() {
        let doc = json!({
            "components": {"schemas": {
                "A": {"$ref": "#/components/schemas/B"},
                "B": {"type": "object", "properties": {"self": {"$ref": "#/components/schemas/B"}}},
                "Loop": {"$ref": "#/components/schemas/Loop2"},
                "Loop2": {"$ref": "#/components/schemas/Loop"},
            }},
            "paths": {"/x": {"get": {"responses": {"200": {"content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Gone"}}}}}}}},
            "x-ext": [{"$ref": "other.yaml#/A"}]
        });
        let found = Doc::new(&doc).broken_refs();
        let at: Vec<&str> = found.iter().map(|(at, _)| at.as_str()).collect();
        // A recursive schema (B's `self`) is fine; a pure chain loop is not.
        assert_eq!(
            at,
            [
                "/components/schemas/Loop",
                "/components/schemas/Loop2",
                "/paths/~1x/get/responses/200/content/application~1json/schema",
                "/x-ext/0",
            ]
        );
        assert!(found[0].1.contains("cycle"), "{found:?}");
        assert!(found[2].1.contains("resolves to nothing"), "{found:?}");
        assert!(found[3].1.contains("outside the document"), "{found:?}");
    }

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
            .get(&("/o/{}".to_string(), METHODS.len(), "COPY".to_string()))
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
