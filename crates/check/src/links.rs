//! OpenAPI `links` for the inferred producer → consumer pairs, so the
//! chain the checker follows is visible in the generated spec.

use serde_json::{Map, Value, json};

use crate::plan::{self, producer_for};
use crate::spec;

/// Adds a link from each producer's response to every operation that uses
/// the variable it produces (named by the consumer's operationId). Links
/// already present are kept; running it twice changes nothing.
pub fn add_links(spec: &mut Value) {
    let producers = plan::infer_producers(spec);
    // (producer path, method post, status) → links, collected first because
    // the spec is borrowed while operations are read.
    let mut additions: Vec<(String, String, Map<String, Value>)> = Vec::new();
    for op in spec::operations(spec) {
        for variable in spec::path_params(&op.path) {
            let Some(p) = producer_for(&producers, &variable, &op.path) else {
                continue;
            };
            if p.operation_id == op.operation_id {
                continue;
            }
            let mut link = Map::new();
            link.insert("operationId".into(), json!(op.operation_id));
            link.insert(
                "parameters".into(),
                json!({ variable.clone(): p.source.expression() }),
            );
            link.insert(
                "description".into(),
                json!(format!(
                    "`{variable}` of the resource this operation creates"
                )),
            );
            additions.push((p.path.clone(), p.status.to_string(), {
                let mut m = Map::new();
                m.insert(op.operation_id.clone(), Value::Object(link));
                m
            }));
        }
    }
    for (path, status, link) in additions {
        let Some(response) = spec
            .get_mut("paths")
            .and_then(|p| p.get_mut(&path))
            .and_then(|item| item.get_mut("post"))
            .and_then(|op| op.get_mut("responses"))
            .and_then(|r| r.get_mut(&status))
            .and_then(Value::as_object_mut)
        else {
            continue;
        };
        let links = response.entry("links").or_insert_with(|| json!({}));
        let Some(links) = links.as_object_mut() else {
            continue;
        };
        for (name, value) in link {
            links.entry(name).or_insert(value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> Value {
        json!({"paths": {
            "/xs": {"post": {"operationId": "create_x", "responses": {"202": {
                "description": "ok",
                "content": {"application/json": {"schema": {"type": "object"},
                    "examples": {"a": {"value": {"x": {"id": "1", "name": "n"}}}}}}}}}},
            "/xs/{x_id}": {
                "get": {"operationId": "show_x", "responses": {}},
                "delete": {"operationId": "delete_x", "responses": {}}
            },
            "/ys/{y_id}": {"get": {"operationId": "show_y", "responses": {}}}
        }})
    }

    #[test]
    fn links_producer_to_consumers() {
        let mut s = spec();
        add_links(&mut s);
        let links = s.pointer("/paths/~1xs/post/responses/202/links").unwrap();
        assert_eq!(
            links.as_object().unwrap().keys().collect::<Vec<_>>(),
            ["show_x", "delete_x"]
        );
        assert_eq!(
            links["show_x"]["parameters"]["x_id"],
            "$response.body#/x/id"
        );
        assert!(s.pointer("/paths/~1ys~1{y_id}/get/links").is_none());
        let once = s.clone();
        add_links(&mut s);
        assert_eq!(s, once, "idempotent");
    }

    #[test]
    fn odd_specs_are_left_alone() {
        for mut v in [
            json!(null),
            json!({"paths": []}),
            json!({"paths": {"/xs": {"post": 1}}}),
        ] {
            let before = v.clone();
            add_links(&mut v);
            assert_eq!(v, before);
        }
    }
}
