//! Read-only views of a generated OpenAPI 3.1 document (as speclift's
//! emitter writes it). Everything here tolerates missing or odd members:
//! the spec is input, and input never panics the checker.

use serde_json::{Map, Value};
use speclift_spec::ext::{self, MAX_VER, MIN_VER, X_OPENSTACK, X_SPECLIFT};

// Path templates, `$ref`s and microversions are read as every spec reader
// reads them; check's modules name them through this module.
pub use speclift_spec::refs::{escape, resolve};
pub use speclift_spec::template::{
    key as path_shape, last_segment, param_name, parent, segment_names as path_params, segments,
};

/// The methods the checker replays, in the order the operations of one
/// path are planned and reported: a subset of
/// [`speclift_spec::method::PATH_ITEM`] (no TRACE, QUERY or other
/// methods) in the checker's own order (`patch` before `head` and
/// `options`, unlike OpenAPI's), kept so plans and reports stay as they
/// were.
pub const METHODS: [&str; 7] = ["get", "put", "post", "delete", "patch", "head", "options"];

/// One operation of the spec, in document order.
#[derive(Clone, Debug)]
pub struct SpecOp<'a> {
    /// Upper-case HTTP method.
    pub method: String,
    pub path: String,
    pub operation_id: String,
    pub op: &'a Map<String, Value>,
}

/// Every operation, paths in document order, methods in [`METHODS`] order.
/// An operation without an `operationId` gets `METHOD path` as its id.
pub fn operations(spec: &Value) -> Vec<SpecOp<'_>> {
    let mut out = Vec::new();
    let Some(paths) = spec.get("paths").and_then(Value::as_object) else {
        return out;
    };
    for (path, item) in paths {
        for method in METHODS {
            if let Some(op) = item.get(method).and_then(Value::as_object) {
                let operation_id = op
                    .get("operationId")
                    .and_then(Value::as_str)
                    .map(str::to_string)
                    .unwrap_or_else(|| format!("{} {path}", method.to_uppercase()));
                out.push(SpecOp {
                    method: method.to_uppercase(),
                    path: path.clone(),
                    operation_id,
                    op,
                });
            }
        }
    }
    out
}

/// Whether the documentation wrote the operation's path with a trailing
/// slash (`x-openstack.trailing-slash`): the path key of the spec has none.
pub fn trailing_slash(op: &Map<String, Value>) -> bool {
    op.get(X_OPENSTACK)
        .and_then(|x| x.get(ext::TRAILING_SLASH))
        .and_then(Value::as_bool)
        .unwrap_or(false)
}

/// The members of a JSON object or array with their JSON-pointer tokens
/// (keys, indices); `None` for a scalar.
pub fn children(value: &Value) -> Option<Vec<(String, &Value)>> {
    match value {
        Value::Object(map) => Some(map.iter().map(|(k, v)| (k.clone(), v)).collect()),
        Value::Array(items) => Some(
            items
                .iter()
                .enumerate()
                .map(|(i, v)| (i.to_string(), v))
                .collect(),
        ),
        _ => None,
    }
}

/// Documented 2xx and 3xx status codes, ascending: the answers a replayed
/// request may get. os-api-ref's "Normal response codes" are all below 400,
/// so a documented `300 Multiple Choices` on a version list is its normal
/// answer, and a documented redirect is judged as it comes, never followed.
pub fn success_statuses(op: &Map<String, Value>) -> Vec<u16> {
    let mut codes: Vec<u16> = op
        .get("responses")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(Map::keys)
        .filter_map(|k| k.parse::<u16>().ok())
        .filter(|c| (200..400).contains(c))
        .collect();
    codes.sort_unstable();
    codes
}

fn json_media(holder: &Value) -> Option<&Map<String, Value>> {
    holder.get("content")?.get("application/json")?.as_object()
}

fn first_example(media: &Map<String, Value>) -> Option<&Value> {
    if let Some(v) = media.get("example") {
        return Some(v);
    }
    media
        .get("examples")?
        .as_object()?
        .values()
        .find_map(|e| e.get("value"))
}

/// The documented response for `status` (exact code, then `2XX`, then
/// `default`).
pub fn response(op: &Map<String, Value>, status: u16) -> Option<&Value> {
    let r = op.get("responses")?;
    r.get(status.to_string())
        .or_else(|| r.get(format!("{}XX", status / 100)))
        .or_else(|| r.get("default"))
}

pub fn response_schema(op: &Map<String, Value>, status: u16) -> Option<&Value> {
    json_media(response(op, status)?)?.get("schema")
}

pub fn response_example(op: &Map<String, Value>, status: u16) -> Option<&Value> {
    first_example(json_media(op.get("responses")?.get(status.to_string())?)?)
}

/// The success status whose response carries a sample, if one does.
pub fn sample_status(op: &Map<String, Value>) -> Option<u16> {
    success_statuses(op)
        .into_iter()
        .find(|s| response_example(op, *s).is_some())
}

pub fn request_schema(op: &Map<String, Value>) -> Option<&Value> {
    json_media(op.get("requestBody")?)?.get("schema")
}

pub fn request_example(op: &Map<String, Value>) -> Option<&Value> {
    first_example(json_media(op.get("requestBody")?)?)
}

/// Every documented request sample, in document order.
pub fn request_examples(op: &Map<String, Value>) -> Vec<&Value> {
    let Some(media) = op.get("requestBody").and_then(json_media) else {
        return Vec::new();
    };
    let mut out: Vec<&Value> = media.get("example").into_iter().collect();
    out.extend(
        media
            .get("examples")
            .and_then(Value::as_object)
            .into_iter()
            .flat_map(Map::values)
            .filter_map(|e| e.get("value")),
    );
    out
}

/// The minimum microversion of one action of an action endpoint: the
/// `x-openstack.variants` entry beside the request `oneOf` member that
/// requires `action`.
pub fn action_min_ver<'a>(op: &'a Map<String, Value>, action: &str) -> Option<&'a str> {
    let members = request_schema(op)?.get("oneOf")?.as_array()?;
    let index = members.iter().position(|m| {
        m.get("required")
            .and_then(Value::as_array)
            .is_some_and(|r| r.iter().any(|k| k.as_str() == Some(action)))
    })?;
    op.get(X_OPENSTACK)?
        .get(ext::VARIANTS)?
        .get(index)?
        .get(MIN_VER)?
        .as_str()
}

/// Required query parameters: (name, documented example if any).
pub fn required_query<'a>(
    spec: &'a Value,
    op: &'a Map<String, Value>,
) -> Vec<(&'a str, Option<String>)> {
    op.get("parameters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|p| resolve(spec, p))
        .filter(|p| {
            p.get("in").and_then(Value::as_str) == Some("query")
                && p.get("required").and_then(Value::as_bool) == Some(true)
        })
        .filter_map(|p| {
            let name = p.get("name")?.as_str()?;
            let example = p
                .get("example")
                .or_else(|| p.get("schema")?.get("example"))
                .or_else(|| p.get("schema")?.get("enum")?.get(0))
                .and_then(|e| match e {
                    Value::String(s) => Some(s.clone()),
                    Value::Number(_) | Value::Bool(_) => Some(e.to_string()),
                    _ => None,
                });
            Some((name, example))
        })
        .collect()
}

/// `x-openstack.min-ver` of an operation or schema.
pub fn min_ver(node: &Map<String, Value>) -> Option<&str> {
    node.get(X_OPENSTACK)?.get(MIN_VER)?.as_str()
}

pub fn max_ver(node: &Map<String, Value>) -> Option<&str> {
    node.get(X_OPENSTACK)?.get(MAX_VER)?.as_str()
}

/// The microversioned service name (`volume`, `compute`) of the spec.
pub fn microversion_service(spec: &Value) -> Option<&str> {
    spec.get("info")?
        .get(X_SPECLIFT)?
        .get(ext::MICROVERSIONS)?
        .get(ext::SERVICE)?
        .as_str()
}

/// The highest microversion the document covers
/// (`info.x-speclift.microversions.max-ver`).
pub fn document_max_ver(spec: &Value) -> Option<&str> {
    spec.get("info")?
        .get(X_SPECLIFT)?
        .get(ext::MICROVERSIONS)?
        .get(MAX_VER)?
        .as_str()
}

/// `major.minor` as a comparable pair (the form the checker's plans and
/// caches keep); `None` for anything else.
pub fn parse_version(v: &str) -> Option<(u32, u32)> {
    speclift_spec::Microversion::parse(v).map(|m| (m.major, m.minor))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_on_other_methods_are_not_replayed_and_do_not_disturb_the_rest() {
        // gen writes `COPY` under the 3.1 extension (or 3.2's field): the
        // checker replays only the methods it plans for, and reads the rest
        // of the path item as before.
        let spec = json!({"paths": {"/o/{id}": {
            "get": {"operationId": "show", "responses": {}},
            "x-oai-additionalOperations": {"COPY": {"operationId": "copy", "responses": {}}},
            "additionalOperations": {"MOVE": {"operationId": "move", "responses": {}}}
        }}});
        let ops = operations(&spec);
        let ids: Vec<&str> = ops.iter().map(|o| o.operation_id.as_str()).collect();
        assert_eq!(ids, ["show"]);
    }

    use serde_json::json;

    #[test]
    fn replayed_methods_are_path_item_fields() {
        for m in METHODS {
            assert!(speclift_spec::method::rank(m).is_some(), "{m}");
        }
    }

    #[test]
    fn statuses_and_samples() {
        let op = json!({"responses": {
            "400": {"description": "bad"},
            "202": {"description": "ok", "content": {"application/json": {
                "schema": {"type": "object"},
                "examples": {"a": {"value": {"x": {"id": "1"}}}}}}},
            "200": {"description": "ok"}
        }});
        let op = op.as_object().unwrap();
        assert_eq!(success_statuses(op), [200, 202]);
        assert_eq!(sample_status(op), Some(202));
        assert_eq!(response_example(op, 202), Some(&json!({"x": {"id": "1"}})));
        assert!(response_schema(op, 200).is_none());
    }
}
