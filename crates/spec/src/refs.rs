//! Local `$ref`s (`#/components/schemas/Volume`): following them, naming
//! their targets, and finding the ones that lead nowhere.

use serde_json::Value;

/// `$ref` chains longer than this are cycles or nonsense; following stops.
pub const MAX_HOPS: usize = 32;

/// `value` with local `$ref`s followed to what they name. A reference that
/// resolves to nothing or is not local is returned as it stands, and a
/// cycle stops after [`MAX_HOPS`], so a broken document still reads (its
/// broken parts as opaque `$ref` objects).
pub fn resolve<'a>(doc: &'a Value, mut value: &'a Value) -> &'a Value {
    for _ in 0..MAX_HOPS {
        let Some(target) = value
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
            .and_then(|pointer| doc.pointer(pointer))
        else {
            return value;
        };
        value = target;
    }
    value
}

/// The name a `$ref` points at (`#/components/schemas/Volume` → `Volume`).
pub fn name(value: &Value) -> Option<&str> {
    value
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.rsplit('/').next())
}

/// One JSON-pointer reference token, escaped (RFC 6901).
pub fn escape(token: &str) -> String {
    let mut escaped = String::with_capacity(token.len());
    push_escaped(&mut escaped, token);
    escaped
}

/// [`escape`]d onto `pointer`: the example check builds a pointer for
/// every member it walks, and two `replace` passes each were a tenth of
/// it.
pub fn push_escaped(pointer: &mut String, token: &str) {
    let mut rest = token;
    while let Some(at) = rest.find(['~', '/']) {
        pointer.push_str(&rest[..at]);
        pointer.push_str(if rest.as_bytes()[at] == b'~' {
            "~0"
        } else {
            "~1"
        });
        rest = &rest[at + 1..];
    }
    pointer.push_str(rest);
}

/// Every `$ref` that leads nowhere: one that resolves to nothing, is not
/// local (`#/…`), or only leads to other `$ref`s in a loop. Each is (where
/// it stands as a JSON pointer, what is wrong), in document order.
pub fn broken(doc: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    walk(doc, doc, &mut String::new(), &mut out);
    out
}

fn walk(doc: &Value, value: &Value, at: &mut String, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            if let Some(reference) = map.get("$ref").and_then(Value::as_str)
                && let Some(problem) = problem(doc, reference)
            {
                out.push((at.clone(), problem));
            }
            for (key, child) in map {
                let len = at.len();
                at.push('/');
                push_escaped(at, key);
                walk(doc, child, at, out);
                at.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                let len = at.len();
                at.push_str(&format!("/{i}"));
                walk(doc, child, at, out);
                at.truncate(len);
            }
        }
        _ => {}
    }
}

fn problem(doc: &Value, reference: &str) -> Option<String> {
    let Some(mut pointer) = reference.strip_prefix('#') else {
        return Some(format!(
            "`$ref: {reference}` points outside the document; only local references are read"
        ));
    };
    let mut seen = vec![pointer];
    loop {
        let Some(target) = doc.pointer(pointer) else {
            return Some(format!("`$ref: #{pointer}` resolves to nothing"));
        };
        // A target that is no `$ref` ends the chain: resolved.
        let next = target.get("$ref").and_then(Value::as_str)?;
        // A non-local hop is reported where it stands.
        pointer = next.strip_prefix('#')?;
        if seen.contains(&pointer) || seen.len() > MAX_HOPS {
            return Some(format!(
                "`$ref: {reference}` only leads to other `$ref`s in a cycle"
            ));
        }
        seen.push(pointer);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn refs_are_followed_and_cycles_stop() {
        let doc = json!({"components": {"schemas": {
            "A": {"$ref": "#/components/schemas/B"},
            "B": {"type": "string"},
            "Loop": {"$ref": "#/components/schemas/Loop"},
            "Ping": {"$ref": "#/components/schemas/Pong"},
            "Pong": {"$ref": "#/components/schemas/Ping"},
        }}});
        let a = json!({"$ref": "#/components/schemas/A"});
        assert_eq!(resolve(&doc, &a), &json!({"type": "string"}));
        let l = json!({"$ref": "#/components/schemas/Loop"});
        assert!(resolve(&doc, &l).get("$ref").is_some());
        let ping = json!({"$ref": "#/components/schemas/Ping"});
        assert!(resolve(&doc, &ping).get("$ref").is_some());
        let broken = json!({"$ref": "#/nowhere"});
        assert_eq!(resolve(&doc, &broken), &broken);
        let remote = json!({"$ref": "other.yaml#/A"});
        assert_eq!(resolve(&doc, &remote), &remote);
        assert_eq!(name(&a), Some("A"));
        assert_eq!(name(&json!({"type": "string"})), None);
    }

    #[test]
    fn tokens_escape_tilde_before_slash() {
        assert_eq!(escape("/v3/{id}"), "~1v3~1{id}");
        assert_eq!(escape("a~/b"), "a~0~1b");
    }

    /// RFC 6901's two replacements, in its order, on every token of up to
    /// four characters drawn from the ones that matter and a few others.
    #[test]
    fn escaping_is_the_two_replacements() {
        let alphabet = ['a', '~', '/', '0', '1', 'é'];
        let mut tokens = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = tokens
                .iter()
                .flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}")))
                .collect();
            tokens.extend(longer);
        }
        tokens.sort();
        tokens.dedup();
        assert_eq!(tokens.len(), 1 + 6 + 36 + 216 + 1296);
        for token in tokens {
            let mut pointer = String::from("/x");
            push_escaped(&mut pointer, &token);
            let expected = token.replace('~', "~0").replace('/', "~1");
            assert_eq!(pointer, format!("/x{expected}"), "{token:?}");
            assert_eq!(escape(&token), expected, "{token:?}");
        }
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
        let found = broken(&doc);
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
}
