//! Negative checks (`--negative`): for each operation the plan already
//! runs safely, a bounded set of invalid variants derived from the spec —
//! no body, a required property removed, a wrong JSON type, a value
//! outside its enum, a required query parameter left out. A documented 4xx
//! passes; a 5xx fails, naming the request that caused it; a 2xx fails
//! too (the service accepted what its docs forbid), and what such a
//! create made is removed like any other creation.
//!
//! Variants only take away from or garble a request the plan judged safe:
//! they never add a name, so they name nothing foreign. A create the plan
//! skips only because it could not delete the result gets the no-body
//! variant alone: a request without a body names nothing and, its body
//! being required, creates nothing in a service that follows its docs.

use serde_json::{Map, Value};

use crate::plan::{Plan, Step, StepKind};
use crate::spec::{self, SpecOp};
use crate::transport::Reply;

/// The most variants one operation gets.
const MAX_VARIANTS: usize = 5;

/// The skip reason that still allows the no-body variant.
const UNDELETABLE: &str = "creates something this run could not delete";

impl Plan {
    /// Adds the invalid variants of every safe, checked, non-delete step
    /// right after it, as steps named `<operationId>!<variant>`. Returns
    /// how many were added.
    pub fn add_negative(&mut self, spec: &Value) -> usize {
        let ops = spec::operations(spec);
        let mut out = Vec::with_capacity(self.steps.len());
        let mut added = 0;
        for step in std::mem::take(&mut self.steps) {
            let op = ops
                .iter()
                .find(|o| o.method == step.method && o.path == step.spec_path());
            let variants = match op {
                Some(op) if eligible(&step) => variants(spec, op, &step),
                _ => Vec::new(),
            };
            added += variants.len();
            out.push(step);
            out.extend(variants);
        }
        self.steps = out;
        added
    }
}

fn eligible(step: &Step) -> bool {
    step.checked
        && step.kind != StepKind::Delete
        && !step.operation_id.contains('@')
        && match &step.skip {
            None => true,
            Some(reason) => step.kind == StepKind::Create && reason.starts_with(UNDELETABLE),
        }
}

/// The invalid variants of `step`, at most [`MAX_VARIANTS`].
fn variants(spec: &Value, op: &SpecOp<'_>, step: &Step) -> Vec<Step> {
    let errors = error_statuses(op.op);
    let make = |name: &str, what: String, body: Option<Value>, query: Vec<(String, String)>| {
        let mut v = step.clone();
        v.operation_id = format!("{}!{name}", step.operation_id);
        v.negative = Some(what);
        v.body = body;
        v.query = query;
        v.expected = errors.clone();
        v.sample_status = None;
        v.wait = None;
        v.skip = None;
        v.notes = vec![format!("invalid variant of {}", step.operation_id)];
        // Fields it no longer has are not filled in.
        v.body_refs.retain(|r| {
            v.body
                .as_ref()
                .is_some_and(|b| b.pointer(&r.pointer).is_some())
        });
        v
    };
    let mut out = Vec::new();
    let requires_body = op
        .op
        .get("requestBody")
        .is_some_and(|b| b.get("required").and_then(Value::as_bool) != Some(false));
    if step.body.is_some() && requires_body {
        out.push(make(
            "no-body",
            "no request body".into(),
            None,
            step.query.clone(),
        ));
    }
    if step.skip.is_some() {
        return out;
    }
    let schema = spec::request_schema(op.op).map(|s| spec::resolve(spec, s));
    if let (Some(body), Some(schema)) = (&step.body, schema)
        && schema.get("oneOf").is_none()
    {
        if let Some((pointer, key)) = required_member(spec, schema, body, &mut String::new()) {
            let mut b = body.clone();
            remove(&mut b, &pointer);
            out.push(make(
                "missing-required",
                format!("required property `{key}` ({pointer}) removed"),
                Some(b),
                step.query.clone(),
            ));
        }
        if let Some((pointer, wrong)) = wrong_type(body, &mut String::new()) {
            let mut b = body.clone();
            if let Some(slot) = b.pointer_mut(&pointer) {
                *slot = wrong.clone();
            }
            out.push(make(
                "wrong-type",
                format!("{pointer} sent as {wrong}"),
                Some(b),
                step.query.clone(),
            ));
        }
        if let Some(pointer) = enum_member(spec, schema, body, &mut String::new()) {
            let mut b = body.clone();
            if let Some(slot) = b.pointer_mut(&pointer) {
                *slot = Value::String("speclift-not-in-enum".into());
            }
            out.push(make(
                "out-of-enum",
                format!("{pointer} set to a value outside its enum"),
                Some(b),
                step.query.clone(),
            ));
        }
    }
    if let Some((name, _)) = step.query.first() {
        out.push(make(
            "missing-query",
            format!("required query parameter `{name}` left out"),
            step.body.clone(),
            step.query[1..].to_vec(),
        ));
    }
    out.truncate(MAX_VARIANTS);
    out
}

/// Documented 4xx codes; every 4xx when the docs list none.
fn error_statuses(op: &Map<String, Value>) -> Vec<u16> {
    let documented: Vec<u16> = op
        .get("responses")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(Map::keys)
        .filter_map(|k| k.parse::<u16>().ok())
        .filter(|c| (400..500).contains(c))
        .collect();
    if documented.is_empty() {
        (400..500).collect()
    } else {
        documented
    }
}

/// The first property a schema requires that the body has, depth first.
fn required_member(
    spec: &Value,
    schema: &Value,
    body: &Value,
    pointer: &mut String,
) -> Option<(String, String)> {
    let schema = spec::resolve(spec, schema);
    let map = body.as_object()?;
    let required = schema.get("required").and_then(Value::as_array);
    let props = schema.get("properties").and_then(Value::as_object);
    // Deeper first: removing a wrapper is the no-body case again.
    for (key, value) in map {
        if let Some(sub) = props.and_then(|p| p.get(key)) {
            let len = pointer.len();
            pointer.push('/');
            pointer.push_str(&spec::escape(key));
            let found = required_member(spec, sub, value, pointer);
            pointer.truncate(len);
            if found.is_some() {
                return found;
            }
        }
    }
    let key = required?
        .iter()
        .filter_map(Value::as_str)
        .find(|k| map.contains_key(*k))?;
    (!pointer.is_empty()).then(|| (format!("{pointer}/{}", spec::escape(key)), key.to_string()))
}

/// The first scalar leaf below the top level, with a value of another type.
fn wrong_type(body: &Value, pointer: &mut String) -> Option<(String, Value)> {
    let map = body.as_object()?;
    for (key, value) in map {
        let len = pointer.len();
        pointer.push('/');
        pointer.push_str(&spec::escape(key));
        let depth = pointer.matches('/').count();
        let wrong = match value {
            Value::String(_) if depth > 1 => Some(Value::from(12345)),
            Value::Number(_) if depth > 1 => Some(Value::from("not-a-number")),
            Value::Bool(_) if depth > 1 => Some(Value::from("not-a-boolean")),
            Value::Object(_) => wrong_type(value, pointer).map(|(p, w)| {
                pointer.clone_from(&p);
                w
            }),
            _ => None,
        };
        if let Some(w) = wrong {
            return Some((pointer.clone(), w));
        }
        pointer.truncate(len);
    }
    None
}

/// The first body string whose schema lists an `enum`.
fn enum_member(spec: &Value, schema: &Value, body: &Value, pointer: &mut String) -> Option<String> {
    let schema = spec::resolve(spec, schema);
    let props = schema.get("properties").and_then(Value::as_object)?;
    for (key, value) in body.as_object()? {
        let Some(sub) = props.get(key).map(|s| spec::resolve(spec, s)) else {
            continue;
        };
        let len = pointer.len();
        pointer.push('/');
        pointer.push_str(&spec::escape(key));
        if value.is_string() && sub.get("enum").is_some() {
            return Some(pointer.clone());
        }
        if let Some(found) = enum_member(spec, sub, value, pointer) {
            return Some(found);
        }
        pointer.truncate(len);
    }
    None
}

fn remove(body: &mut Value, pointer: &str) {
    let (parent, key) = match pointer.rsplit_once('/') {
        Some(split) => split,
        None => return,
    };
    let key = key.replace("~1", "/").replace("~0", "~");
    if let Some(Value::Object(map)) = body.pointer_mut(parent) {
        map.remove(&key);
    }
}

/// The verdict on the answer to an invalid request: (failures, warnings).
/// `sent` describes the request (method, path, body) for the report.
pub fn check(step: &Step, what: &str, sent: &str, reply: &Reply) -> (Vec<String>, Vec<String>) {
    let status = reply.status;
    let body = String::from_utf8_lossy(&reply.body);
    let body: String = body.chars().take(200).collect();
    if status >= 500 {
        return (
            vec![format!(
                "server error {status} to an invalid request ({what}); request: {sent}; \
                 response: {body}"
            )],
            Vec::new(),
        );
    }
    if (200..300).contains(&status) {
        // A create the run can delete is cleaned up like any other; one it
        // cannot must be named so an operator removes it.
        let left = if step.kind == StepKind::Create && step.delete_path.is_none() {
            format!(
                "; it may have created something this run cannot delete: check and remove it \
                 (response: {body})"
            )
        } else {
            String::new()
        };
        return (
            vec![format!(
                "accepted an invalid request ({what}) with {status}; request: {sent}{left}"
            )],
            Vec::new(),
        );
    }
    if step.expected.contains(&status) {
        return (Vec::new(), Vec::new());
    }
    (
        Vec::new(),
        vec![format!(
            "drift: answered {status} to an invalid request ({what}); the docs list {}",
            crate::judge::status_label(&step.expected)
        )],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Scenario, plan};
    use serde_json::json;

    fn spec() -> Value {
        json!({
            "openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "paths": {
                "/v3/{project_id}/things": {
                    "post": {"operationId": "create",
                        "requestBody": {"required": true, "content": {"application/json": {
                            "schema": {"type": "object", "required": ["thing"], "properties": {
                                "thing": {"type": "object", "required": ["size"], "properties": {
                                    "size": {"type": "integer"},
                                    "mode": {"type": "string", "enum": ["rw", "ro"]}}}}},
                            "examples": {"s": {"value": {"thing": {"size": 1, "mode": "rw"}}}}}}},
                        "responses": {"200": {"description": "ok", "content": {"application/json": {
                            "schema": {"type": "object"},
                            "examples": {"s": {"value": {"thing": {"id": "x"}}}}}}},
                            "400": {"description": "bad"}}}
                },
                "/v3/{project_id}/things/{thing_id}": {
                    "get": {"operationId": "show", "responses": {"200": {"description": "ok"}}},
                    "delete": {"operationId": "delete", "responses": {"204": {"description": "ok"}}}
                }
            }
        })
    }

    #[test]
    fn variants_are_bounded_and_derived_from_the_schema() {
        let spec = spec();
        let vars = [("project_id".to_string(), "p".to_string())].into();
        let mut plan = plan::build(&spec, &Scenario::default(), &vars);
        assert_eq!(plan.add_negative(&spec), 4);
        let by_id = |id: &str| plan.steps.iter().find(|s| s.operation_id == id).unwrap();
        assert_eq!(by_id("create!no-body").body, None);
        assert_eq!(
            by_id("create!missing-required").body,
            Some(json!({"thing": {"mode": "rw"}}))
        );
        assert_eq!(
            by_id("create!wrong-type").body,
            Some(json!({"thing": {"size": "not-a-number", "mode": "rw"}}))
        );
        assert_eq!(
            by_id("create!out-of-enum").body,
            Some(json!({"thing": {"size": 1, "mode": "speclift-not-in-enum"}}))
        );
        assert_eq!(by_id("create!no-body").expected, [400]);
        // Right after their operation, before anything else.
        assert_eq!(plan.steps[1].operation_id, "create!no-body");
        // Reads without a required query and deletes get none.
        assert!(
            !plan
                .steps
                .iter()
                .any(|s| s.operation_id.starts_with("show!"))
        );
        assert!(
            !plan
                .steps
                .iter()
                .any(|s| s.operation_id.starts_with("delete!"))
        );
    }

    #[test]
    fn verdicts() {
        let spec = spec();
        let vars = [("project_id".to_string(), "p".to_string())].into();
        let mut plan = plan::build(&spec, &Scenario::default(), &vars);
        plan.add_negative(&spec);
        let step = plan.steps[1].clone();
        let reply = |status: u16| Reply {
            status,
            headers: Default::default(),
            body: b"{\"computeFault\": \"KeyError: 'body'\"}".to_vec(),
        };
        let (f, _) = check(&step, "no request body", "POST /v3/p/things", &reply(500));
        assert!(
            f[0].contains("500") && f[0].contains("POST /v3/p/things") && f[0].contains("KeyError")
        );
        let (f, w) = check(&step, "no request body", "POST /v3/p/things", &reply(400));
        assert!(f.is_empty() && w.is_empty());
        let (f, w) = check(&step, "no request body", "POST /v3/p/things", &reply(422));
        assert!(f.is_empty() && w[0].contains("422"));
        let (f, _) = check(&step, "no request body", "POST /v3/p/things", &reply(201));
        assert!(f[0].contains("accepted"));
    }
}
