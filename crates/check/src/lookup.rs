//! Names of deployment parts (hosts, clusters) and other things a run
//! cannot create, for reads only: a read of `…/clusters/{cluster_name}`
//! takes the name from the service's own documented list, `GET …/clusters`,
//! instead of a doc sample that names a host of someone else's cloud. The
//! list is read by a setup step (kind `lookup`, not reported) before the
//! reads; where no list is documented the read stays skipped, saying so.
//! State-changing requests never use these names (see [`crate::safety`]).

use std::collections::BTreeMap;

use serde_json::Value;

use crate::plan::{Source, Step, StepKind};
use crate::safety::Safety;
use crate::spec::{self, SpecOp};

const NO_VALUE: &str = "no value for `";

/// Adds a lookup step per variable that skipped reads lack and a list
/// documents, and lets those reads run. Returns the lookup steps' count.
pub fn add_lookups(steps: &mut Vec<Step>, ops: &[SpecOp<'_>]) -> usize {
    let mut lookups: BTreeMap<String, Step> = BTreeMap::new();
    let mut unresolved: BTreeMap<String, String> = BTreeMap::new();
    for step in steps.iter_mut() {
        let Some(variable) = missing_variable(step) else {
            continue;
        };
        if step.kind != StepKind::Read {
            continue;
        }
        if !lookups.contains_key(&variable) && !unresolved.contains_key(&variable) {
            match lookup_step(ops, &step.path, &variable, &step.headers) {
                Ok(l) => {
                    lookups.insert(variable.clone(), l);
                }
                Err(why) => {
                    unresolved.insert(variable.clone(), why);
                }
            }
        }
        match (lookups.get(&variable), unresolved.get(&variable)) {
            (Some(l), _) => {
                step.skip = None;
                step.notes.push(format!(
                    "`{{{variable}}}` from the service's list: {}",
                    l.path
                ));
            }
            (None, Some(why)) => {
                if let Some(skip) = step.skip.as_mut() {
                    skip.push_str(&format!(" ({why})"));
                }
            }
            (None, None) => {}
        }
    }
    let count = lookups.len();
    steps.extend(lookups.into_values());
    count
}

/// `V` of a skip "no value for `V`…".
fn missing_variable(step: &Step) -> Option<String> {
    let rest = step.skip.as_deref()?.strip_prefix(NO_VALUE)?;
    Some(rest.split('`').next()?.to_string())
}

/// The list step that yields `variable` for `path`, or why there is none.
fn lookup_step(
    ops: &[SpecOp<'_>],
    path: &str,
    variable: &str,
    headers: &BTreeMap<String, String>,
) -> Result<Step, String> {
    let marker = format!("{{{variable}}}");
    let at = path
        .find(&marker)
        .ok_or_else(|| format!("`{{{variable}}}` is not in the path"))?;
    let collection = path[..at].trim_end_matches('/');
    let list = ops
        .iter()
        .find(|o| o.method == "GET" && o.path == collection)
        .ok_or_else(|| format!("no documented list operation `GET {collection}` names it"))?;
    let example = spec::success_statuses(list.op)
        .into_iter()
        .find_map(|s| spec::response_example(list.op, s))
        .ok_or_else(|| format!("`GET {collection}` documents no response sample"))?;
    let pointer = field_pointer(example, variable).ok_or_else(|| {
        format!("the sample of `GET {collection}` shows no field for `{variable}`")
    })?;
    let needs = spec::path_params(collection);
    Ok(Step {
        operation_id: format!("lookup:{variable}"),
        method: "GET".into(),
        path: collection.to_string(),
        documented_path: None,
        kind: StepKind::Lookup,
        safety: Safety::Read,
        action: None,
        one_of_actions: false,
        needs,
        negative: None,
        query: Vec::new(),
        body: None,
        body_refs: Vec::new(),
        expected: spec::success_statuses(list.op),
        sample_status: None,
        microversion: spec::min_ver(list.op).map(str::to_string),
        produces: vec![(variable.to_string(), Source::Response { pointer })],
        wait: None,
        delete_path: None,
        delete_body: None,
        gone_path: None,
        skip: None,
        checked: false,
        notes: vec![format!(
            "takes `{{{variable}}}` from the first entry the service lists (not reported)"
        )],
        headers: headers.clone(),
    })
}

/// `/<list>/0/<field>` in a list sample: the field named like the
/// variable, else its last word (`cluster_name` → `name`, `host_name` →
/// `host_name` or `host`), else `id` for an `…_id`.
fn field_pointer(example: &Value, variable: &str) -> Option<String> {
    let (key, items) = example
        .as_object()?
        .iter()
        .find_map(|(k, v)| Some((k, v.as_array()?)))?;
    let first = items.first()?.as_object()?;
    let stem = variable
        .trim_end_matches("_name")
        .trim_end_matches("_id")
        .trim_end_matches("name");
    let candidates = [
        variable,
        if variable.ends_with("name") {
            "name"
        } else {
            ""
        },
        if variable.ends_with("_id") { "id" } else { "" },
        stem,
    ];
    let field = candidates
        .into_iter()
        .find(|c| !c.is_empty() && first.get(*c).is_some_and(Value::is_string))?;
    Some(format!("/{}/0/{}", spec::escape(key), spec::escape(field)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fields_by_name_stem_and_id() {
        let clusters = json!({"clusters": [{"name": "c@b", "binary": "x"}]});
        assert_eq!(
            field_pointer(&clusters, "cluster_name").as_deref(),
            Some("/clusters/0/name")
        );
        let hosts = json!({"hosts": [{"host_name": "h", "zone": "z"}]});
        assert_eq!(
            field_pointer(&hosts, "host_name").as_deref(),
            Some("/hosts/0/host_name")
        );
        let messages = json!({"messages": [{"id": "m"}]});
        assert_eq!(
            field_pointer(&messages, "message_id").as_deref(),
            Some("/messages/0/id")
        );
        assert_eq!(field_pointer(&json!({"x": {}}), "message_id"), None);
    }
}
