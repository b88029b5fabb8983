//! Judging one reply against the documentation: its status among the
//! documented ones, the sample's status, the body against the schema,
//! undocumented fields (drift) and the microversion echo.

use serde_json::Value;

use crate::plan::Step;
use crate::redact::Redactor;
use crate::spec;
use crate::transport::{MICROVERSION_HEADER, Reply};
use crate::validate::{Validators, drift};

/// What judges a reply: the spec and its service type (the microversion
/// echo names it), the compiled schemas, the redactor (every quoted body
/// passes it before it is cut) and whether drift fails.
pub struct Judge<'a> {
    pub spec: &'a Value,
    pub service: Option<&'a str>,
    pub validators: &'a Validators,
    pub redactor: &'a Redactor,
    pub strict: bool,
}

/// One action of a shared action endpoint answered with a body that has
/// none of the top-level members the documented one has: that body is
/// another action's (Cinder documents a 200 body for the image-metadata
/// actions only), so judging this reply by it would be a false failure.
fn another_actions_body(spec: &Value, step: &Step, schema: &Value, body: &Value) -> bool {
    let (true, Some(got)) = (step.one_of_actions, body.as_object()) else {
        return false;
    };
    let documented = spec::resolve(spec, schema)
        .get("properties")
        .and_then(Value::as_object);
    documented.is_some_and(|props| !props.is_empty() && got.keys().all(|k| !props.contains_key(k)))
}

/// The checks on one reply: documented status, sample status, schema,
/// drift and microversion echo. Returns (failures, warnings).
pub fn check_reply(
    op: &serde_json::Map<String, Value>,
    step: &Step,
    reply: &Reply,
    judge: &Judge,
) -> (Vec<String>, Vec<String>) {
    let Judge {
        spec,
        service,
        validators,
        redactor,
        strict,
    } = *judge;
    let mut failures = Vec::new();
    let mut warnings = Vec::new();
    let status = reply.status;
    let documented = if step.expected.is_empty() {
        (200..300).contains(&status)
    } else {
        step.expected.contains(&status)
    };
    if !documented {
        // A redirect is judged, never followed: name where it points.
        let location = reply
            .headers
            .get("Location")
            .filter(|_| (300..400).contains(&status))
            .map(|l| {
                format!(
                    "; a redirect to `{}`, not followed",
                    String::from_utf8_lossy(l.as_bytes())
                )
            })
            .unwrap_or_default();
        failures.push(format!(
            "status {status} is not a documented success code ({}){location}; body: {}",
            expected_label(step),
            snippet(redactor, &reply.body)
        ));
        return (failures, warnings);
    }
    if let Some(sample) = step.sample_status
        && sample != status
    {
        failures.push(format!(
            "status {status}, but the documented sample is a {sample} response"
        ));
    }
    if let (Some(service), Some(mv)) = (service, step.microversion.as_deref())
        && let Some(echo) = reply
            .headers
            .get(MICROVERSION_HEADER)
            .and_then(|v| v.to_str().ok())
    {
        let want = format!("{service} {mv}");
        if !echo.trim().eq_ignore_ascii_case(&want) {
            failures.push(format!(
                "asked for `{want}`, the service answered at `{echo}`"
            ));
        }
    }
    let schema = spec::response_schema(op, status);
    let blank = reply.body.iter().all(u8::is_ascii_whitespace);
    match (schema, blank) {
        (Some(_), true) if !step.one_of_actions => failures.push(format!(
            "the docs show a JSON body for {status}, the response has none"
        )),
        (Some(_), true) => {}
        (None, true) => {}
        (schema, false) => match serde_json::from_slice::<Value>(&reply.body) {
            Err(e) => {
                if schema.is_some() {
                    failures.push(format!(
                        "the response body is not JSON ({e}): {}",
                        snippet(redactor, &reply.body)
                    ));
                }
            }
            Ok(body) => match schema.filter(|s| !another_actions_body(spec, step, s, &body)) {
                Some(schema) => {
                    let key = format!("{} {} {status}", step.method, step.spec_path());
                    let version = step.microversion.as_deref().and_then(spec::parse_version);
                    for e in validators.validate(spec, &key, schema, version, &body) {
                        failures.push(format!("schema: {e}"));
                    }
                    for field in drift(spec, schema, &body) {
                        let message = format!("drift: undocumented field {field}");
                        if strict {
                            failures.push(message)
                        } else {
                            warnings.push(message)
                        }
                    }
                }
                None => {
                    let message = match (&step.action, schema.is_some()) {
                        (Some(action), true) => format!(
                            "drift: the docs show no body of action `{action}` for {status} (the \
                             one they show is another action's), the service sent one"
                        ),
                        _ => format!(
                            "drift: the docs show no body for {status}, the service sent one"
                        ),
                    };
                    if strict {
                        failures.push(message)
                    } else {
                        warnings.push(message)
                    }
                }
            },
        },
    }
    (failures, warnings)
}

/// The start of a body, for messages: redacted whole first, then cut
/// (see [`Redactor::snippet`]).
pub(crate) fn snippet(redactor: &Redactor, body: &[u8]) -> String {
    redactor.snippet(&String::from_utf8_lossy(body), 300)
}

pub(crate) fn expected_label(step: &Step) -> String {
    if step.expected.is_empty() {
        return "2xx".to_string();
    }
    status_label(&step.expected)
}

/// `201|202`, with a whole class (every code of `4xx`, as a negative
/// variant expects) written as `4xx` so the table stays narrow.
pub(crate) fn status_label(expected: &[u16]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut done: Vec<u16> = Vec::new();
    for &code in expected {
        let class = code / 100;
        if done.contains(&class) {
            continue;
        }
        let whole = (class * 100..class * 100 + 100).all(|c| expected.contains(&c));
        if whole {
            done.push(class);
            parts.push(format!("{class}xx"));
        } else {
            parts.push(code.to_string());
        }
    }
    parts.join("|")
}

#[cfg(test)]
mod status_label_tests {
    use super::status_label;

    #[test]
    fn a_whole_class_is_written_as_its_class() {
        let mut codes: Vec<u16> = (400..500).collect();
        codes.push(202);
        assert_eq!(status_label(&codes), "4xx|202");
        assert_eq!(status_label(&[200, 404]), "200|404");
    }
}
