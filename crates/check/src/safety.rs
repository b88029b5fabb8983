//! Safety by what a request says: before a state-changing request is
//! planned, everything it names — path variables, body fields, query
//! parameters — is judged against what this run creates. A request that
//! names a host, cluster, service, project or quota class, or a resource
//! whose value comes from a doc sample rather than from this run, is
//! `modify-foreign` and skipped unless the scenario's `allow-foreign`
//! lists it. The rules are general (names and provenance of values), never
//! a list of one service's operations. Values the operator gives (`--var`,
//! scenario variables and bodies) are a statement about this deployment,
//! not doc samples: only their deployment names (hosts, projects …) count
//! as foreign.

use std::collections::BTreeSet;

use serde::Serialize;
use serde_json::Value;

use crate::plan::{BodyRef, SCOPE_VARIABLES, StepKind, template_names};
use crate::spec;

/// What a step does to the service, as `--dry-run` shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Safety {
    Read,
    Create,
    ModifyOwn,
    DeleteOwn,
    ModifyForeign,
}

impl Safety {
    pub fn label(self) -> &'static str {
        match self {
            Safety::Read => "read",
            Safety::Create => "create",
            Safety::ModifyOwn => "modify-own",
            Safety::DeleteOwn => "delete-own",
            Safety::ModifyForeign => "modify-foreign",
        }
    }
}

/// Words that, as a part of a field or parameter name, make its value
/// name a piece of the deployment or another tenant rather than a
/// resource of this run: `host`, `host_name`, `backend_id`,
/// `cluster_name`, `binary` (a service), `project_id`, `quota_class`.
const DEPLOYMENT_WORDS: [&str; 10] = [
    "host", "hosts", "cluster", "service", "services", "binary", "backend", "project", "tenant",
    "class",
];

/// Action names whose words say they destroy the resource they act on
/// (`os-force_delete`, `os-unmanage`).
const DESTRUCTIVE_WORDS: [&str; 5] = ["delete", "unmanage", "purge", "destroy", "remove"];

/// The lower-case words of a name in any of the APIs' spellings:
/// `os-force_delete`, `create-from-src`, and camelCase (`forceDelete`,
/// `createBackup`, `hostName`), which Nova's actions and fields use.
fn words(name: &str) -> impl Iterator<Item = String> + '_ {
    name.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .flat_map(camel_parts)
        .map(str::to_ascii_lowercase)
}

/// `forceDelete` → `force`, `Delete`; `IPv4` and `ID` stay whole.
fn camel_parts(word: &str) -> impl Iterator<Item = &str> {
    let bytes = word.as_bytes();
    let mut starts = vec![0];
    for i in 1..bytes.len() {
        if bytes[i].is_ascii_uppercase() && bytes[i - 1].is_ascii_lowercase() {
            starts.push(i);
        }
    }
    let ends: Vec<usize> = starts.iter().skip(1).copied().chain([word.len()]).collect();
    starts.into_iter().zip(ends).map(move |(a, b)| &word[a..b])
}

/// Whether a field or parameter called `name` names a host, cluster,
/// service, project or quota class.
pub fn names_deployment(name: &str) -> bool {
    words(name).any(|w| DEPLOYMENT_WORDS.contains(&w.as_str()))
}

fn is_reference(name: &str) -> bool {
    name == "id" || name.ends_with("_id") || name.ends_with("_uuid")
}

/// Whether the action `name` destroys what it acts on: its last word is a
/// destroying verb (`os-force_delete`, `forceDelete`, `os-unmanage`). A
/// verb with an object after it acts on that object, not on the resource
/// (`removeProjectAccess`, `removeSecurityGroup`).
pub fn is_destructive_action(name: &str) -> bool {
    words(name)
        .last()
        .is_some_and(|w| DESTRUCTIVE_WORDS.contains(&w.as_str()))
}

/// Whether the action `name` makes a new resource (`create-from-src`).
pub fn is_creating_action(name: &str) -> bool {
    words(name).next().is_some_and(|w| w == "create")
}

/// One request as the planner will send it.
pub struct Request<'a> {
    pub kind: StepKind,
    pub path: &'a str,
    pub body: Option<&'a Value>,
    /// Body fields the runner fills with live values.
    pub body_refs: &'a [BodyRef],
    /// Query parameters and their value templates.
    pub query: &'a [(String, String)],
    /// The action an action endpoint's body performs (its one key).
    pub action: Option<&'a str>,
    /// A create whose result this run can take and delete.
    pub deletable: bool,
    /// The body is the doc sample (not the scenario's): its literal values
    /// come from the docs.
    pub sample_body: bool,
}

/// The verdict on one request: its class and, when it must not be sent,
/// why. `allowed` (by `allow-foreign`) keeps a foreign request runnable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Judgement {
    pub class: Safety,
    pub skip: Option<String>,
}

/// Judges `request` against the variables this run creates.
pub fn judge(request: &Request<'_>, created: &BTreeSet<String>, allowed: bool) -> Judgement {
    let kind = request.kind;
    if kind == StepKind::Read {
        return Judgement {
            class: Safety::Read,
            skip: None,
        };
    }
    let foreign = foreign_names(request, created);
    let owned_path: Vec<String> = spec::path_params(request.path)
        .into_iter()
        .filter(|v| created.contains(v))
        .collect();
    let owned_body = request
        .body_refs
        .iter()
        .any(|r| created.contains(&r.variable))
        || request
            .body
            .is_some_and(|b| body_templates(b).iter().any(|n| created.contains(n)));
    let foreign_skip = |reason: String| Judgement {
        class: Safety::ModifyForeign,
        skip: (!allowed).then(|| {
            format!("{reason}; list the operation under `allow-foreign` in the scenario to send it")
        }),
    };
    if let Some(first) = foreign.first() {
        return foreign_skip(first.clone());
    }
    match kind {
        StepKind::Create if !request.deletable => Judgement {
            class: Safety::Create,
            skip: Some(
                "creates something this run could not delete afterwards (no producer/DELETE \
                 inferred); set `produces` in the scenario or skip it"
                    .to_string(),
            ),
        },
        StepKind::Create => Judgement {
            class: Safety::Create,
            skip: None,
        },
        _ if owned_path.is_empty() && !owned_body => foreign_skip(
            "changes state outside this run: neither its path nor its body names a resource \
             this run created"
                .to_string(),
        ),
        _ => match request.action {
            Some(action) if is_creating_action(action) => Judgement {
                class: Safety::Create,
                skip: Some(format!(
                    "action `{action}` creates something this run could not delete afterwards"
                )),
            },
            // An action that is the item's only deletion runs as its
            // delete, after everything that uses the item.
            Some(action) if is_destructive_action(action) && kind != StepKind::Delete => {
                Judgement {
                    class: Safety::DeleteOwn,
                    skip: Some(format!(
                        "action `{action}` destroys `{{{}}}`, which later steps and the cleanup \
                     still need; its DELETE is checked instead",
                        owned_path.last().map(String::as_str).unwrap_or("?")
                    )),
                }
            }
            _ if kind == StepKind::Delete => Judgement {
                class: Safety::DeleteOwn,
                skip: None,
            },
            _ => Judgement {
                class: Safety::ModifyOwn,
                skip: None,
            },
        },
    }
}

/// Everything `request` names that this run did not create, as reasons,
/// path first, then query, then body (in document order).
fn foreign_names(request: &Request<'_>, created: &BTreeSet<String>) -> Vec<String> {
    let mut out = Vec::new();
    for v in spec::path_params(request.path) {
        if !SCOPE_VARIABLES.contains(&v.as_str()) && !created.contains(&v) {
            out.push(format!(
                "would modify `{{{v}}}`, which this run does not create; it only changes \
                 resources it created"
            ));
        }
    }
    for (name, template) in request.query {
        // A literal query value is the parameter's documented example.
        let from_docs = template_names(template).is_empty();
        if let Some(why) = foreign_value(name, template, created, from_docs) {
            out.push(format!("its query parameter `{name}` {why}"));
        }
    }
    if let Some(body) = request.body {
        let walk = BodyWalk {
            refs: request.body_refs,
            created,
            from_docs: request.sample_body,
            links: request.kind != StepKind::Create,
        };
        walk.visit(body, &mut String::new(), &mut out);
    }
    out
}

/// Why a value given as `template` under `name` is foreign, if it is.
/// `from_docs`: a literal value was copied from a doc sample.
fn foreign_value(
    name: &str,
    template: &str,
    created: &BTreeSet<String>,
    from_docs: bool,
) -> Option<String> {
    if template.is_empty() {
        return None;
    }
    let placeholders = template_names(template);
    if !placeholders.is_empty() && placeholders.iter().all(|p| created.contains(p)) {
        return None;
    }
    if names_deployment(name) {
        return Some(format!(
            "names a host, cluster, service, project or quota class (`{template}`)"
        ));
    }
    let names_resource = is_reference(name) || crate::plan::looks_like_uuid(template);
    (from_docs && placeholders.is_empty() && names_resource).then(|| {
        format!("names `{template}` from the docs, which this run did not obtain from a create")
    })
}

/// The body's fields against what the run created.
struct BodyWalk<'a> {
    refs: &'a [BodyRef],
    created: &'a BTreeSet<String>,
    from_docs: bool,
    /// Not a create: naming a resource links or changes it (`os-attach`
    /// to an instance), so a given one is foreign too.
    links: bool,
}

impl BodyWalk<'_> {
    fn visit(&self, body: &Value, pointer: &mut String, out: &mut Vec<String>) {
        let Some(entries) = spec::children(body) else {
            return;
        };
        // Array items are judged under the name of the array's field.
        let parent = pointer.rsplit('/').next().unwrap_or("").to_string();
        for (key, value) in entries {
            let len = pointer.len();
            pointer.push('/');
            pointer.push_str(&spec::escape(&key));
            let name = if body.is_array() { &parent } else { &key };
            match value {
                Value::String(s) => {
                    if let Some(why) = self.string(name, s, pointer) {
                        out.push(format!("its body's {pointer} {why}"));
                    }
                }
                _ => self.visit(value, pointer, out),
            }
            pointer.truncate(len);
        }
    }

    fn string(&self, name: &str, value: &str, pointer: &str) -> Option<String> {
        match self.refs.iter().find(|r| r.pointer == pointer) {
            // A live value the run did not create: foreign where it names a
            // deployment part, or where the request links or changes it.
            Some(r)
                if (names_deployment(name) || self.links)
                    && !self.created.contains(&r.variable) =>
            {
                Some(format!(
                    "names `{{{}}}`, which this run did not create",
                    r.variable
                ))
            }
            Some(_) => None,
            None => foreign_value(name, value, self.created, self.from_docs),
        }
    }
}

/// `{name}` placeholders anywhere in a body's strings.
fn body_templates(body: &Value) -> Vec<String> {
    match body {
        Value::String(s) => template_names(s),
        Value::Array(items) => items.iter().flat_map(body_templates).collect(),
        Value::Object(map) => map.values().flat_map(body_templates).collect(),
        _ => Vec::new(),
    }
}

/// Counts per class, for the line that ends `--dry-run`.
pub fn summary<'a>(classes: impl Iterator<Item = (Safety, bool)> + 'a) -> String {
    let mut counts = std::collections::BTreeMap::<Safety, (usize, usize)>::new();
    for (class, skipped) in classes {
        let c = counts.entry(class).or_default();
        c.0 += 1;
        c.1 += usize::from(skipped);
    }
    let parts: Vec<String> = counts
        .iter()
        .map(|(class, (n, skipped))| match skipped {
            0 => format!("{n} {}", class.label()),
            s => format!("{n} {} ({s} skipped)", class.label()),
        })
        .collect();
    format!("safety: {}", parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn created(names: &[&str]) -> BTreeSet<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    fn judge_put(path: &str, body: Value, refs: &[BodyRef], allowed: bool) -> Judgement {
        let request = Request {
            kind: StepKind::Update,
            path,
            body: Some(&body),
            body_refs: refs,
            query: &[],
            action: None,
            deletable: false,
            sample_body: true,
        };
        judge(&request, &created(&["volume_id"]), allowed)
    }

    #[test]
    fn deployment_names_in_a_body_are_foreign() {
        let j = judge_put(
            "/v3/{project_id}/os-services/disable",
            json!({"host": "devstack@lvmdriver-1", "binary": "cinder-volume"}),
            &[],
            false,
        );
        assert_eq!(j.class, Safety::ModifyForeign);
        let reason = j.skip.unwrap();
        assert!(
            reason.contains("/host") && reason.contains("allow-foreign"),
            "{reason}"
        );
        // Allowed: same class, sent.
        let j = judge_put(
            "/v3/{project_id}/os-services/disable",
            json!({"host": "h"}),
            &[],
            true,
        );
        assert_eq!((j.class, j.skip), (Safety::ModifyForeign, None));
    }

    #[test]
    fn own_resources_and_sample_references() {
        let own = judge_put(
            "/v3/{project_id}/volumes/{volume_id}",
            json!({"volume": {"name": "x"}}),
            &[],
            false,
        );
        assert_eq!((own.class, own.skip), (Safety::ModifyOwn, None));
        // A sample id the run never obtained.
        let j = judge_put(
            "/v3/{project_id}/volumes/{volume_id}",
            json!({"volume": {"snapshot_id": "2b955850-f177-45f7-9f49-ecb2c256d161"}}),
            &[],
            false,
        );
        assert!(j.skip.unwrap().contains("/volume/snapshot_id"));
        // A value the operator gave may be named by a create…
        let refs = [BodyRef {
            pointer: "/x/instance_uuid".into(),
            variable: "instance_uuid".into(),
        }];
        let body = json!({"x": {"instance_uuid": "u"}});
        let create = Request {
            kind: StepKind::Create,
            path: "/v3/{project_id}/attachments",
            body: Some(&body),
            body_refs: &refs,
            query: &[],
            action: None,
            deletable: true,
            sample_body: true,
        };
        let j = judge(&create, &created(&["volume_id"]), false);
        assert_eq!((j.class, j.skip), (Safety::Create, None));
        // …but a modify would link or change it (`os-attach`).
        let j = judge_put(
            "/v3/{project_id}/volumes/{volume_id}",
            body.clone(),
            &refs,
            false,
        );
        assert!(j.skip.unwrap().contains("{instance_uuid}"));
        // …unless it names a host (here inside a list of them).
        let j = judge_put(
            "/v3/{project_id}/volumes/{volume_id}",
            json!({"x": {"hosts": ["{host}"]}}),
            &[],
            false,
        );
        assert!(j.skip.unwrap().contains("/x/hosts/0"));
        // Nothing of ours named at all: service-wide state.
        let j = judge_put(
            "/v3/{project_id}/clusters/enable",
            json!({"name": "c"}),
            &[],
            false,
        );
        assert_eq!(j.class, Safety::ModifyForeign);
    }

    #[test]
    fn actions_are_judged_by_their_name_and_query_by_its_keys() {
        let body = json!({"os-force_delete": {}});
        let request = Request {
            kind: StepKind::Action,
            path: "/v3/{project_id}/volumes/{volume_id}/action",
            body: Some(&body),
            body_refs: &[],
            query: &[],
            action: Some("os-force_delete"),
            deletable: false,
            sample_body: true,
        };
        let j = judge(&request, &created(&["volume_id"]), false);
        assert_eq!(j.class, Safety::DeleteOwn);
        assert!(j.skip.unwrap().contains("{volume_id}"));
        let query = [("host".to_string(), "node-1".to_string())];
        let request = Request {
            kind: StepKind::Delete,
            path: "/v3/{project_id}/volumes/{volume_id}",
            body: None,
            body_refs: &[],
            query: &query,
            action: None,
            deletable: false,
            sample_body: true,
        };
        let j = judge(&request, &created(&["volume_id"]), false);
        assert!(j.skip.unwrap().contains("query parameter `host`"));
    }

    #[test]
    fn names_by_words() {
        for name in [
            "host",
            "host_name",
            "backend_id",
            "cluster_name",
            "project_id",
            "quota_class",
        ] {
            assert!(names_deployment(name), "{name}");
        }
        for name in ["name", "volume_id", "ghost", "force"] {
            assert!(!names_deployment(name), "{name}");
        }
        assert!(is_destructive_action("os-force_delete"));
        assert!(is_destructive_action("os-unmanage"));
        assert!(!is_destructive_action("os-extend"));
        assert!(is_creating_action("create-from-src"));
        // Nova spells its actions in camelCase.
        assert!(is_destructive_action("forceDelete"));
        assert!(!is_destructive_action("removeSecurityGroup"));
        assert!(!is_destructive_action("removeProjectAccess"));
        assert!(is_creating_action("createBackup"));
        assert!(!is_creating_action("restore"));
        assert!(names_deployment("hostName"));
        assert!(!names_deployment("accessIPv4"));
    }

    #[test]
    fn summary_counts_classes_and_skips() {
        let line = summary(
            [
                (Safety::Read, false),
                (Safety::ModifyForeign, true),
                (Safety::Read, false),
            ]
            .into_iter(),
        );
        assert_eq!(line, "safety: 2 read, 1 modify-foreign (1 skipped)");
    }
}
