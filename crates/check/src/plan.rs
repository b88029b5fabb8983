//! Spec → replay plan. Pure: nothing here talks to the network.
//!
//! Path parameters come from resources the run creates itself: the
//! producer of `{x_id}` on `/…/xs/{x_id}` is `POST /…/xs`, whose response
//! carries `<wrapper>.id` (from its sample, else its schema). A sub-map
//! such as `metadata` has no id; its keys come from the POST's request
//! sample instead. Steps run creators first (in dependency order), then
//! reads, updates and actions, and deletes last in reverse creation order.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::{Map, Value};

use crate::safety::{self, Safety};
use crate::scenario::{Fixture, OperationOverride, Scenario, WaitConfig, merge_headers};
use crate::spec::{self, SpecOp};

/// Path variables that scope a request (the tenant) rather than name a
/// resource; a run may use them without having created them.
pub const SCOPE_VARIABLES: [&str; 2] = ["project_id", "tenant_id"];

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum StepKind {
    Create,
    /// Reads a name the run cannot create from the service's own list
    /// (see [`crate::lookup`]); setup, not reported.
    Lookup,
    Read,
    Update,
    Action,
    Delete,
}

/// Where a produced variable's live value comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "from")]
pub enum Source {
    /// A string at this JSON pointer in the response body.
    Response { pointer: String },
    /// The first key of the object at this pointer in the request body
    /// (metadata-style maps, whose keys the client chooses).
    RequestKey { pointer: String },
}

impl Source {
    /// The runtime expression OpenAPI `links` use for it.
    pub fn expression(&self) -> String {
        match self {
            Source::Response { pointer } => format!("$response.body#{pointer}"),
            Source::RequestKey { pointer } => format!("$request.body#{pointer}"),
        }
    }
}

/// An inferred producer → consumer relation: `producer` creates the
/// resource whose id fills `{variable}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Producer {
    pub operation_id: String,
    /// The creating operation's path (the collection).
    pub path: String,
    /// The success status whose response carries the value.
    pub status: u16,
    pub variable: String,
    pub source: Source,
    /// `path/{variable}`: the created resource's own path.
    pub item_path: String,
}

/// A body field whose sample value names another resource and is replaced
/// by a live one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BodyRef {
    pub pointer: String,
    pub variable: String,
}

/// Polling a created resource until it leaves the transitional states.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Wait {
    pub show_path: String,
    pub status_pointer: String,
    /// Wait whatever the status; otherwise only when the service answers
    /// 202 (a synchronous 200 means the resource is already there).
    pub forced: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Step {
    pub operation_id: String,
    pub method: String,
    /// The path requests go to.
    pub path: String,
    /// Where the spec documents the operation, when that differs from
    /// `path` (see [`Plan::rebase`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub documented_path: Option<String>,
    pub kind: StepKind,
    /// What it does to the service (see [`crate::safety`]).
    pub safety: Safety,
    /// The one action an action endpoint's request performs (`os-extend`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// One of several actions of an endpoint whose documented responses
    /// are shared by all of them: a reply without the documented body is
    /// not a failure (the body may belong to another action).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub one_of_actions: bool,
    /// Every variable the request needs (path, query and body).
    pub needs: Vec<String>,
    /// An invalid variant (`--negative`): what is wrong with the request.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub negative: Option<String>,
    /// Required query parameters: name and value template.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub query: Vec<(String, String)>,
    pub body: Option<Value>,
    pub body_refs: Vec<BodyRef>,
    /// Documented success codes.
    pub expected: Vec<u16>,
    /// The success code whose response the docs show a sample of.
    pub sample_status: Option<u16>,
    pub microversion: Option<String>,
    pub produces: Vec<(String, Source)>,
    pub wait: Option<Wait>,
    /// Creates: the DELETE path template that removes what it made.
    pub delete_path: Option<String>,
    /// Creates whose resource has no DELETE but a documented deleting
    /// request (`POST …/{group_id}/action {"delete": …}`, `POST
    /// …/{consistencygroup_id}/delete`): its body; the cleanup then POSTs
    /// it to `delete_path`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delete_body: Option<Value>,
    /// Deletes: the GET path to poll until the resource is gone.
    pub gone_path: Option<String>,
    pub skip: Option<String>,
    /// False for setup steps a partition runs but does not report.
    pub checked: bool,
    pub notes: Vec<String>,
    /// Extra headers for its requests: the scenario-wide ones with the
    /// operation's own merged over them.
    pub headers: BTreeMap<String, String>,
}

impl Step {
    /// `?name=value&…` of its query, templates filled by `fill`; empty
    /// without one. Values are percent-encoded.
    pub fn query_string(
        &self,
        fill: impl Fn(&str) -> Result<String, String>,
    ) -> Result<String, String> {
        let mut out = String::new();
        for (name, template) in &self.query {
            out.push(if out.is_empty() { '?' } else { '&' });
            out.push_str(&percent_encode(name));
            out.push('=');
            out.push_str(&percent_encode(&fill(template)?));
        }
        Ok(out)
    }

    /// The path the spec documents the operation under.
    pub fn spec_path(&self) -> &str {
        self.documented_path.as_deref().unwrap_or(&self.path)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Plan {
    /// `OpenStack-API-Version` service name, when microversioned.
    pub service: Option<String>,
    pub variables: BTreeMap<String, String>,
    pub fixtures: Vec<Fixture>,
    pub steps: Vec<Step>,
    pub wait: WaitConfig,
    /// Extra headers for requests outside any step (fixtures).
    pub headers: BTreeMap<String, String>,
    /// The service's highest microversion: the scenario's cap, else the
    /// document's maximum (see [`crate::discover`]).
    pub max_microversion: Option<String>,
    /// Endpoints of other services and the state waits after steps.
    pub endpoints: BTreeMap<String, String>,
    pub state_waits: Vec<crate::services::StateWait>,
}

/// Every producer the spec implies, in document order.
pub fn infer_producers(spec: &Value) -> Vec<Producer> {
    let ops = spec::operations(spec);
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    let Some(paths) = spec.get("paths").and_then(Value::as_object) else {
        return out;
    };
    for item_path in paths.keys() {
        let Some(variable) = spec::param_name(spec::last_segment(item_path)) else {
            continue;
        };
        let collection = spec::parent(item_path);
        let Some(post) = ops
            .iter()
            .find(|o| o.method == "POST" && o.path == collection)
        else {
            continue;
        };
        if classify_among(&ops, post) != StepKind::Create || !seen.insert((collection, variable)) {
            continue;
        }
        if let Some((status, source)) = producer_source(spec, post) {
            out.push(Producer {
                operation_id: post.operation_id.clone(),
                path: post.path.clone(),
                status,
                variable: variable.to_string(),
                source,
                item_path: item_path.clone(),
            });
        }
    }
    out
}

/// `<wrapper>.id` in a success response (sample first, then schema), else
/// the keys of a request map named like the collection (`metadata`).
fn producer_source(spec: &Value, post: &SpecOp<'_>) -> Option<(u16, Source)> {
    let statuses = spec::success_statuses(post.op);
    for &status in &statuses {
        if let Some(Value::Object(body)) = spec::response_example(post.op, status)
            && let Some(wrapper) = body
                .iter()
                .find(|(_, v)| v.get("id").is_some_and(Value::is_string))
                .map(|(k, _)| k)
        {
            let pointer = format!("/{}/id", spec::escape(wrapper));
            return Some((status, Source::Response { pointer }));
        }
    }
    for &status in &statuses {
        let Some(schema) = spec::response_schema(post.op, status) else {
            continue;
        };
        let props = spec::resolve(spec, schema)
            .get("properties")
            .and_then(Value::as_object);
        for (wrapper, sub) in props.into_iter().flatten() {
            let sub = spec::resolve(spec, sub);
            if sub.get("properties").and_then(|p| p.get("id")).is_some() {
                let pointer = format!("/{}/id", spec::escape(wrapper));
                return Some((status, Source::Response { pointer }));
            }
        }
    }
    let name = spec::last_segment(&post.path);
    let request = spec::request_example(post.op)?;
    let map = request.get(name)?.as_object()?;
    if map.is_empty() || map.contains_key("id") {
        return None;
    }
    let status = statuses.first().copied().unwrap_or(200);
    Some((
        status,
        Source::RequestKey {
            pointer: format!("/{}", spec::escape(name)),
        },
    ))
}

/// The producer of `variable` best matching `path` (longest shared prefix,
/// placeholders compared by name).
pub fn producer_for<'p>(
    producers: &'p [Producer],
    variable: &str,
    path: &str,
) -> Option<&'p Producer> {
    // Shared leading segments first, then shared trailing ones: of
    // `…/types/{id}/extra_specs/{key}` and `…/snapshots/{id}/metadata/{key}`,
    // a mistyped `…/snapshot/{id}/metadata/{key}` is the snapshot's.
    let score = |p: &Producer| {
        let lead = spec::segments(&p.item_path)
            .zip(spec::segments(path))
            .take_while(|(a, b)| a == b)
            .count();
        let producer: Vec<&str> = spec::segments(&p.item_path).collect();
        let consumer: Vec<&str> = spec::segments(path).collect();
        let trail = producer
            .iter()
            .rev()
            .zip(consumer.iter().rev())
            .take_while(|(a, b)| a == b)
            .count();
        (lead, trail)
    };
    let mut best: Option<&Producer> = None;
    for p in producers.iter().filter(|p| p.variable == variable) {
        if best.is_none_or(|b| score(p) > score(b)) {
            best = Some(p);
        }
    }
    best
}

/// [`classify`], corrected by the other operations: a POST to an `os-…`
/// path that has items of its own (a `DELETE` on `path/{id}`, such as
/// `os-volume-transfer`) creates them rather than acting.
pub fn classify_among(ops: &[SpecOp<'_>], op: &SpecOp<'_>) -> StepKind {
    let kind = classify(op);
    let has_items = || {
        ops.iter().any(|o| {
            o.method == "DELETE"
                && spec::parent(&o.path) == op.path
                && spec::param_name(spec::last_segment(&o.path)).is_some()
        })
    };
    if kind == StepKind::Action && spec::last_segment(&op.path).starts_with("os-") && has_items() {
        StepKind::Create
    } else {
        kind
    }
}

pub fn classify(op: &SpecOp<'_>) -> StepKind {
    match op.method.as_str() {
        // Documented to answer only `202 Accepted`: the request starts
        // work, whatever its method (Cinder's `GET …/qos-specs/{id}/associate`).
        "GET" if spec::success_statuses(op.op) == [202] => StepKind::Action,
        "GET" | "HEAD" | "OPTIONS" => StepKind::Read,
        "DELETE" => StepKind::Delete,
        "POST" if deletes_by_post(&op.path) => StepKind::Delete,
        "PUT" | "PATCH" => StepKind::Update,
        _ => {
            let last = spec::last_segment(&op.path);
            if last == "action" || last.starts_with("os-") || spec::param_name(last).is_some() {
                StepKind::Action
            } else {
                StepKind::Create
            }
        }
    }
}

/// `POST …/{id}/delete`: the item's documented deletion where it has no
/// DELETE (Cinder's consistency groups).
fn deletes_by_post(path: &str) -> bool {
    spec::last_segment(path) == "delete"
        && spec::param_name(spec::last_segment(spec::parent(path))).is_some()
}

/// How the item at `item` is removed: its DELETE, else a documented
/// deleting POST — `item/delete`, or the destructive action of
/// `item/action` (`{"delete": {…}}`) — with that request's sample body.
fn deletion(ops: &[SpecOp<'_>], item: &str) -> Option<(String, Option<Value>)> {
    let find = |method: &str, path: &str| ops.iter().find(|x| x.method == method && x.path == path);
    if find("DELETE", item).is_some() {
        return Some((item.to_string(), None));
    }
    let by_post = format!("{item}/delete");
    if let Some(op) = find("POST", &by_post) {
        return Some((
            by_post,
            Some(spec::request_example(op.op).cloned().unwrap_or(Value::Null)),
        ));
    }
    let action = format!("{item}/action");
    let op = find("POST", &action)?;
    spec::request_examples(op.op)
        .into_iter()
        .find(|sample| {
            sample.as_object().is_some_and(|m| {
                m.len() == 1
                    && m.keys()
                        .all(|k| safety::is_destructive_action(k) && !k.contains("force"))
            })
        })
        .map(|sample| (action, Some(sample.clone())))
}

/// Builds the plan. `vars` (from the command line) override the
/// scenario's variables.
pub fn build(spec: &Value, scenario: &Scenario, vars: &BTreeMap<String, String>) -> Plan {
    let producers = infer_producers(spec);
    let mut variables = scenario.variables.clone();
    variables.extend(vars.iter().map(|(k, v)| (k.clone(), v.clone())));
    let documented: Vec<String> = spec::operations(spec).into_iter().map(|o| o.path).collect();
    let ops = with_aliases(spec::operations(spec), &producers, &variables);

    // Variables this run creates (and so may modify and delete).
    // A reading (GET) fixture's captures name what the service has, not
    // what the run made: given, never owned.
    let mut created: BTreeSet<String> = scenario
        .fixtures
        .iter()
        .filter(|f| !f.reads())
        .flat_map(|f| f.capture.keys().cloned())
        .collect();
    let read: BTreeSet<String> = scenario
        .fixtures
        .iter()
        .filter(|f| f.reads())
        .flat_map(|f| f.capture.keys().cloned())
        .collect();
    for op in &ops {
        match scenario.operations.get(&op.operation_id) {
            Some(o) if !o.produces.is_empty() => created.extend(o.produces.keys().cloned()),
            _ => created.extend(
                producers
                    .iter()
                    .filter(|p| p.operation_id == op.operation_id)
                    .map(|p| p.variable.clone()),
            ),
        }
    }
    let available: BTreeSet<String> = created
        .iter()
        .chain(variables.keys())
        .chain(&read)
        .cloned()
        .collect();

    let default_override = OperationOverride::default();
    let context = Context {
        spec,
        ops: &ops,
        producers: &producers,
        created: &created,
        available: &available,
    };
    let mut steps: Vec<Step> = Vec::new();
    for (index, op) in ops.iter().enumerate() {
        let base = scenario
            .operations
            .get(&op.operation_id)
            .unwrap_or(&default_override);
        for variant in variants(&ops, op, base) {
            let id = match &variant {
                Some((action, _)) if variant_count(&ops, op, base) > 1 => {
                    format!("{}[{action}]", op.operation_id)
                }
                _ => op.operation_id.clone(),
            };
            let o = scenario.operations.get(&id).unwrap_or(base);
            let allowed = [&id, &op.operation_id]
                .iter()
                .any(|i| scenario.allow_foreign.contains(i));
            let mut step = build_step(&context, op, o, variant, allowed);
            if let Some(original) = documented.get(index).filter(|p| **p != op.path) {
                step.documented_path = Some(original.clone());
            }
            step.operation_id = id;
            step.headers = merge_headers(&scenario.headers, &o.headers);
            steps.push(step);
        }
    }
    crate::lookup::add_lookups(&mut steps, &ops);
    bind_per_resource(&mut steps, &producers);
    wait_after_actions(&mut steps);
    steps = order(steps);
    spare_what_later_steps_need(&mut steps, &created);
    undo_follows_do(&mut steps);
    detach_only_what_was_attached(&mut steps);
    let tops: BTreeMap<&str, &str> = ops
        .iter()
        .filter_map(|op| {
            let top = spec::max_ver(op.op).or_else(|| spec::document_max_ver(spec))?;
            Some((op.operation_id.as_str(), top))
        })
        .collect();
    steps = with_top_of_range_reads(steps, &tops, scenario.max_microversion.as_deref());
    Plan {
        service: scenario
            .service
            .clone()
            .or_else(|| spec::microversion_service(spec).map(str::to_string)),
        variables,
        fixtures: scenario.fixtures.clone(),
        steps,
        wait: scenario.wait.clone(),
        headers: scenario.headers.clone(),
        max_microversion: scenario
            .max_microversion
            .clone()
            .or_else(|| spec::document_max_ver(spec).map(str::to_string)),
        endpoints: scenario.endpoints.clone(),
        state_waits: scenario.state_waits.clone(),
    }
}

/// What every step of one plan is built from.
struct Context<'a> {
    spec: &'a Value,
    ops: &'a [SpecOp<'a>],
    producers: &'a [Producer],
    /// Variables this run creates (and so may modify and delete).
    created: &'a BTreeSet<String>,
    /// Variables with a value: created or given.
    available: &'a BTreeSet<String>,
}

/// The documented actions of an action endpoint, each with its sample
/// (`{"os-extend": {…}}` → `os-extend`), first sample per action; one
/// `None` for any other operation or one whose body the scenario sets.
fn variants(
    ops: &[SpecOp<'_>],
    op: &SpecOp<'_>,
    o: &OperationOverride,
) -> Vec<Option<(String, Value)>> {
    if classify_among(ops, op) != StepKind::Action || o.body.is_some() {
        return vec![None];
    }
    let mut seen = BTreeSet::new();
    let actions: Vec<Option<(String, Value)>> = spec::request_examples(op.op)
        .into_iter()
        .filter_map(|sample| {
            let map = sample.as_object().filter(|m| m.len() == 1)?;
            let action = map.keys().next()?.clone();
            seen.insert(action.clone())
                .then(|| Some((action, sample.clone())))
        })
        .collect();
    if actions.is_empty() {
        vec![None]
    } else {
        actions
    }
}

fn variant_count(ops: &[SpecOp<'_>], op: &SpecOp<'_>, o: &OperationOverride) -> usize {
    variants(ops, op, o).len()
}

/// The later of two microversions (either may be missing).
fn later(a: Option<String>, b: Option<&str>) -> Option<String> {
    match (a, b) {
        (Some(a), Some(b)) if spec::parse_version(b) > spec::parse_version(&a) => {
            Some(b.to_string())
        }
        (Some(a), _) => Some(a),
        (None, b) => b.map(str::to_string),
    }
}

fn build_step(
    context: &Context<'_>,
    op: &SpecOp<'_>,
    o: &OperationOverride,
    variant: Option<(String, Value)>,
    allowed: bool,
) -> Step {
    let Context {
        spec,
        ops,
        producers,
        created,
        available,
    } = *context;
    let kind = classify_among(ops, op);
    let mut notes = Vec::new();
    let split = variant.is_some();
    let (action, sample) = match variant {
        Some((a, v)) => (Some(a), Some(v)),
        None => (
            spec::request_example(op.op)
                .and_then(Value::as_object)
                .filter(|m| m.len() == 1 && kind == StepKind::Action && o.body.is_none())
                .and_then(|m| m.keys().next().cloned()),
            spec::request_example(op.op).cloned(),
        ),
    };
    let microversion = o.microversion.clone().or_else(|| {
        later(
            spec::min_ver(op.op).map(str::to_string),
            action
                .as_deref()
                .and_then(|a| spec::action_min_ver(op.op, a)),
        )
    });

    // A GET, HEAD or DELETE carries no body: a documented one is a
    // response sample filed as a request.
    let bodiless = matches!(op.method.as_str(), "GET" | "HEAD" | "DELETE");
    let mut body = o.body.clone().or(sample).filter(|_| !bodiless);
    if o.body.is_none()
        && let (Some(b), Some(schema), Some(mv)) = (
            body.as_mut(),
            spec::request_schema(op.op),
            microversion.as_deref().and_then(spec::parse_version),
        )
    {
        strip_newer(spec, b, schema, mv, &mut String::new(), &mut notes);
    }
    let mut body_refs = Vec::new();
    let mut needs: Vec<String> = spec::path_params(&op.path);
    let mut skip = o.skip.clone();
    if let Some(b) = &body {
        let mut missing = Vec::new();
        if o.body.is_none() {
            find_refs(
                b,
                &mut String::new(),
                available,
                &mut body_refs,
                &mut missing,
            );
        }
        placeholders(b, &mut needs);
        if let Some((pointer, field)) = missing.first() {
            skip.get_or_insert_with(|| {
                format!(
                    "the sample's `{field}` (at {pointer}) names a resource this run has no live value \
                     for; create it with a scenario fixture or pass --var {}=…",
                    candidates(field).first().map(String::as_str).unwrap_or(field)
                )
            });
        }
    }
    needs.extend(body_refs.iter().map(|r| r.variable.clone()));
    let mut query = Vec::new();
    for (name, example) in spec::required_query(spec, op.op) {
        let live = candidates(name)
            .into_iter()
            .chain(candidates(&name.replace("vol_", "volume_")))
            .find(|c| available.contains(c));
        match (live, example) {
            (Some(variable), _) => {
                needs.push(variable.clone());
                query.push((name.to_string(), format!("{{{variable}}}")));
            }
            (None, Some(value)) => query.push((name.to_string(), value)),
            (None, None) => {
                skip.get_or_insert_with(|| {
                    format!(
                        "its required query parameter `{name}` has no documented example and no live value; pass --var {name}=… or set it in the scenario"
                    )
                });
            }
        }
    }
    let mut seen = BTreeSet::new();
    needs.retain(|n| seen.insert(n.clone()));

    let produces: Vec<(String, Source)> = if o.produces.is_empty() {
        producers
            .iter()
            .filter(|p| p.operation_id == op.operation_id)
            .map(|p| (p.variable.clone(), p.source.clone()))
            .collect()
    } else {
        o.produces
            .iter()
            .map(|(v, pointer)| {
                (
                    v.clone(),
                    Source::Response {
                        pointer: pointer.clone(),
                    },
                )
            })
            .collect()
    };

    let has = |method: &str, path: &str| ops.iter().any(|x| x.method == method && x.path == path);
    let item_path = |variable: &str| format!("{}/{{{variable}}}", op.path.trim_end_matches('/'));
    let (delete_path, delete_body) = produces
        .iter()
        .find_map(|(v, _)| deletion(ops, &item_path(v)))
        .unzip();
    let delete_body = delete_body.flatten();
    // The destructive action of an item with no DELETE is its deletion:
    // it runs with the deletes (after everything that uses the item) and
    // takes the item off the cleanup stack (groups' `{"delete": …}`).
    let kind = match (&action, kind) {
        (Some(a), StepKind::Action)
            if safety::is_destructive_action(a)
                && spec::last_segment(&op.path) == "action"
                && deletion(ops, spec::parent(&op.path))
                    .is_some_and(|(path, _)| path == op.path) =>
        {
            StepKind::Delete
        }
        _ => kind,
    };
    let expected = spec::success_statuses(op.op);
    // One action's request cannot tell which action the response sample
    // belongs to.
    let sample_status = spec::sample_status(op.op).filter(|_| !split);
    let async_create = sample_status == Some(202) || (sample_status.is_none() && expected == [202]);
    let wait = match (kind, o.wait) {
        (_, Some(false)) => None,
        (StepKind::Create, w) if w == Some(true) || async_create => {
            produces.iter().find_map(|(v, source)| match source {
                Source::Response { pointer } => {
                    let show = item_path(v);
                    let wrapper = pointer
                        .trim_start_matches('/')
                        .split('/')
                        .next()
                        .unwrap_or("");
                    has("GET", &show).then(|| Wait {
                        show_path: show,
                        status_pointer: format!("/{wrapper}/status"),
                        forced: o.wait == Some(true),
                    })
                }
                Source::RequestKey { .. } => None,
            })
        }
        _ => None,
    };
    // A deleting POST (`…/{id}/delete`, `…/{id}/action`) is gone when its
    // item is.
    let shown = if op.method == "POST" {
        spec::parent(&op.path).to_string()
    } else {
        op.path.clone()
    };
    let gone_path = (kind == StepKind::Delete && has("GET", &shown)).then_some(shown);

    let judgement = safety::judge(
        &safety::Request {
            kind,
            path: &op.path,
            body: body.as_ref(),
            body_refs: &body_refs,
            query: &query,
            action: action.as_deref(),
            deletable: !produces.is_empty() && delete_path.is_some(),
            sample_body: o.body.is_none(),
        },
        created,
        allowed,
    );
    if allowed && judgement.class == Safety::ModifyForeign {
        notes.push("names what this run did not create; sent: listed under allow-foreign".into());
    }
    if skip.is_none() {
        skip = judgement.skip;
    }
    if skip.is_none()
        && let Some(missing) = needs.iter().find(|n| !available.contains(*n))
    {
        skip = Some(format!(
            "no value for `{missing}`: no operation in this spec creates it; pass \
                 --var {missing}=… or set it in the scenario"
        ));
    }
    Step {
        operation_id: op.operation_id.clone(),
        method: op.method.clone(),
        path: op.path.clone(),
        documented_path: None,
        kind,
        safety: judgement.class,
        action,
        one_of_actions: split,
        needs,
        negative: None,
        query,
        body,
        body_refs,
        expected,
        sample_status,
        microversion,
        produces,
        wait,
        delete_path,
        delete_body,
        gone_path,
        skip,
        checked: true,
        notes,
        headers: BTreeMap::new(),
    }
}

/// Creates in dependency order, then reads, updates, actions, then deletes
/// in reverse order of the creates that produced their resources.
fn order(steps: Vec<Step>) -> Vec<Step> {
    let (mut creates, rest): (Vec<Step>, Vec<Step>) =
        steps.into_iter().partition(|s| s.kind == StepKind::Create);
    let mut ordered: Vec<Step> = Vec::new();
    let mut produced: BTreeSet<String> = BTreeSet::new();
    let all_products: BTreeSet<String> = creates
        .iter()
        .flat_map(|s| s.produces.iter().map(|(v, _)| v.clone()))
        .collect();
    while !creates.is_empty() {
        let ready = creates.iter().position(|s| {
            s.needs
                .iter()
                .all(|n| produced.contains(n) || !all_products.contains(n))
        });
        // A cycle: keep document order; the runner reports the unmet needs.
        let step = creates.remove(ready.unwrap_or(0));
        produced.extend(step.produces.iter().map(|(v, _)| v.clone()));
        ordered.push(step);
    }
    let rank = |s: &Step| {
        s.needs
            .iter()
            .filter_map(|n| {
                ordered
                    .iter()
                    .position(|c| c.produces.iter().any(|(v, _)| v == n))
            })
            .max()
    };
    let mut deletes: Vec<(Option<usize>, Step)> = Vec::new();
    let mut middle: Vec<Step> = Vec::new();
    for s in rest {
        if s.kind == StepKind::Delete {
            deletes.push((rank(&s), s));
        } else {
            middle.push(s);
        }
    }
    middle.sort_by_key(|s| s.kind); // stable: document order within a kind
    // Children first: a later create's resources, and within the same
    // rank, the deeper path (`…/metadata/{key}` before its `…/{id}`).
    deletes.sort_by_key(|(rank, s)| std::cmp::Reverse((*rank, spec::segments(&s.path).count())));
    ordered.extend(middle);
    ordered.extend(deletes.into_iter().map(|(_, s)| s));
    ordered
}

/// An action on one of our resources whose body names another of ours
/// (`os-detach` with `attachment_id`, `revert` with `snapshot_id`) may
/// change or remove that other one; when later steps still need it (its
/// own action, its DELETE), the action is skipped, as a destructive action
/// on the path's resource is, so that they do not fail for it.
fn spare_what_later_steps_need(steps: &mut [Step], created: &BTreeSet<String>) {
    for i in 0..steps.len() {
        let step = &steps[i];
        if step.kind != StepKind::Action || step.skip.is_some() {
            continue;
        }
        let in_path = spec::path_params(&step.path);
        let named = step.body_refs.iter().map(|r| &r.variable).find(|v| {
            created.contains(*v)
                && !in_path.contains(v)
                && steps[i + 1..].iter().any(|later| later.needs.contains(v))
        });
        if let Some(v) = named {
            let reason = format!(
                "its body names `{{{v}}}`, which later steps still need; acting on it could \
                 change or remove it under them"
            );
            steps[i].skip = Some(reason);
        }
    }
}

/// Of two actions of one endpoint where one undoes the other (`pause` and
/// `unpause`, `os-stop` and `os-start`, `suspend` and `resume`,
/// `enable_replication` and `disable_replication`), the one that changes
/// the state runs first and the undoing one right after it: a resource the
/// run created starts in its plain state, the service refuses to undo what
/// was not done (Nova's 409 for `os-start` on a running server), and steps
/// in between would meet a paused or stopped resource. The pair ends with
/// the resource as it was made. Document order is kept otherwise.
fn undo_follows_do(steps: &mut Vec<Step>) {
    let mut i = 0;
    while i < steps.len() {
        let undo = steps[i]
            .action
            .as_deref()
            .filter(|_| steps[i].kind == StepKind::Action)
            .and_then(undone);
        let found = undo.and_then(|done| {
            steps.iter().position(|d| {
                d.kind == StepKind::Action
                    && d.path == steps[i].path
                    && d.action.as_deref().map(action_words).as_ref() == Some(&done)
            })
        });
        match found {
            // The doing action moves up to the undoing one's place.
            Some(j) if j > i => {
                let done = steps.remove(j);
                steps.insert(i, done);
                i += 2;
                continue;
            }
            // The undoing action moves back to right after the doing one.
            Some(j) if j + 1 < i => {
                let undo = steps.remove(i);
                steps.insert(j + 1, undo);
            }
            _ => {}
        }
        i += 1;
    }
}

/// An action's name as lower-case words without the `os-` prefix:
/// `os-enable_replication` → `[enable, replication]`, `confirmResize` →
/// `[confirm, resize]`.
fn action_words(action: &str) -> Vec<String> {
    let action = action.strip_prefix("os-").unwrap_or(action);
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    let mut previous_lower = false;
    for c in action.chars() {
        if !c.is_ascii_alphanumeric() {
            previous_lower = false;
            words.extend((!word.is_empty()).then(|| std::mem::take(&mut word)));
            continue;
        }
        if c.is_ascii_uppercase() && previous_lower {
            words.push(std::mem::take(&mut word));
        }
        previous_lower = c.is_ascii_lowercase();
        word.push(c.to_ascii_lowercase());
    }
    words.extend((!word.is_empty()).then_some(word));
    words
}

/// When `action` undoes another action, that action's words: `unpause` →
/// `[pause]`, `os-start` → `[stop]`, `disable_replication` → `[enable,
/// replication]`. Only verbs whose inverse restores the state are listed:
/// `detach` is handled by [`detach_only_what_was_attached`], and `delete`
/// is no undo.
fn undone(action: &str) -> Option<Vec<String>> {
    const PAIRS: [(&str, &str); 4] = [
        ("disable", "enable"),
        ("start", "stop"),
        ("resume", "suspend"),
        ("thaw", "freeze"),
    ];
    let mut words = action_words(action);
    let first = words.first()?.clone();
    let done = match PAIRS.iter().find(|(undo, _)| *undo == first) {
        Some((_, done)) => (*done).to_string(),
        None => first
            .strip_prefix("un")
            .filter(|rest| rest.len() > 2)?
            .to_string(),
    };
    words[0] = done;
    Some(words)
}

/// Whether `action` puts its resource into a state that lasts until
/// another action ends it: `os-reserve` leaves a volume `attaching` until
/// `os-attach` or `os-unreserve`, `os-begin_detaching` leaves it
/// `detaching` until `os-detach` or `os-roll_detaching`. Polling cannot
/// tell such a state from slow work, so a wait after these would only
/// wait out its bound (three times the service's slowest settle): the
/// runner does not wait after them. The verbs say it: a reservation and
/// the beginning of something are ended by another request.
pub fn begins_lasting_state(action: &str) -> bool {
    const VERBS: [&str; 2] = ["reserve", "begin"];
    action_words(action)
        .first()
        .is_some_and(|w| VERBS.contains(&w.as_str()))
}

/// A detaching action (`os-begin_detaching`, `os-detach`,
/// `os-force_detach`) needs its resource attached: only an earlier
/// attaching action on the same path that runs (`os-attach`) puts it in
/// that state. Without one it would be refused for the state the run left
/// the resource in, not for anything the docs say, so it is skipped with
/// the reason.
fn detach_only_what_was_attached(steps: &mut [Step]) {
    let words = |a: &str| -> Vec<String> {
        a.split(|c: char| !c.is_ascii_alphanumeric())
            .map(str::to_ascii_lowercase)
            .collect()
    };
    let detaches = |a: &str| {
        let w = words(a);
        w.iter().any(|w| w == "detach")
            || w.iter().any(|w| w == "begin") && w.iter().any(|w| w == "detaching")
    };
    let attaches = |a: &str| words(a).iter().any(|w| w == "attach");
    for i in 0..steps.len() {
        let step = &steps[i];
        let Some(action) = step.action.as_deref() else {
            continue;
        };
        if step.kind != StepKind::Action || step.skip.is_some() || !detaches(action) {
            continue;
        }
        let attached = steps[..i].iter().any(|earlier| {
            earlier.path == step.path
                && earlier.skip.is_none()
                && earlier.action.as_deref().is_some_and(attaches)
        });
        if !attached {
            steps[i].skip = Some(format!(
                "`{action}` needs the resource attached, and no earlier action of this run \
                 attaches it (an attaching action is skipped or undocumented)"
            ));
        }
    }
}

/// Names one resource by the variable its create produces, whatever a
/// path calls it: `/types/{volume_type}/action` is the item of the
/// `/types` collection that `POST /types` fills as `{volume_type_id}`.
/// A path variable with no value of its own takes the producer variable
/// of the same collection.
fn with_aliases<'a>(
    mut ops: Vec<SpecOp<'a>>,
    producers: &[Producer],
    given: &BTreeMap<String, String>,
) -> Vec<SpecOp<'a>> {
    let produced: BTreeSet<&str> = producers.iter().map(|p| p.variable.as_str()).collect();
    for op in &mut ops {
        let mut path = String::new();
        for segment in spec::segments(&op.path) {
            let collection = if path.is_empty() { "/" } else { path.as_str() };
            let alias = spec::param_name(segment)
                .filter(|v| !produced.contains(v) && !given.contains_key(*v))
                .filter(|v| !SCOPE_VARIABLES.contains(v))
                .and_then(|_| {
                    producers
                        .iter()
                        .find(|p| spec::parent(&p.item_path) == collection)
                })
                .map(|p| format!("{{{}}}", p.variable));
            path.push('/');
            path.push_str(alias.as_deref().unwrap_or(segment));
        }
        if !path.is_empty() {
            op.path = path;
        }
        // `/v3/` is not `/v3` (Cinder redirects one to the other): the
        // documented trailing slash, kept by the generator beside the path.
        if spec::trailing_slash(op.op) && !op.path.ends_with('/') {
            op.path.push('/');
        }
    }
    ops
}

/// Gives each resource type its own variable where several creates
/// produce one of the same name: `{key}` of extra specs, encryption and
/// metadata would otherwise share whichever value was taken last. The
/// bound name joins the producer's path words (`types-extra_specs-key`);
/// a step's path is rewritten (the documented one kept) to the producer
/// that best matches it.
fn bind_per_resource(steps: &mut [Step], producers: &[Producer]) {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for p in producers {
        *counts.entry(p.variable.as_str()).or_default() += 1;
    }
    let shared: BTreeSet<&str> = counts
        .into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(v, _)| v)
        .collect();
    if shared.is_empty() {
        return;
    }
    let bound = |p: &Producer| {
        let words: Vec<&str> = spec::segments(&p.path)
            .filter(|s| spec::param_name(s).is_none())
            .skip(1)
            .collect();
        format!("{}-{}", words.join("-"), p.variable)
    };
    let rebind = |path: &str| -> (String, Vec<(String, String)>) {
        let mut out = path.to_string();
        let mut renamed = Vec::new();
        for v in spec::path_params(path) {
            if shared.contains(v.as_str())
                && let Some(p) = producer_for(producers, &v, path)
            {
                let name = bound(p);
                out = out.replace(&format!("{{{v}}}"), &format!("{{{name}}}"));
                renamed.push((v, name));
            }
        }
        (out, renamed)
    };
    for step in steps.iter_mut() {
        let (path, renamed) = rebind(&step.path);
        if path != step.path {
            step.documented_path = Some(std::mem::replace(&mut step.path, path));
        }
        for (from, to) in &renamed {
            for n in step.needs.iter_mut().filter(|n| *n == from) {
                n.clone_from(to);
            }
        }
        for other in [step.delete_path.as_mut(), step.gone_path.as_mut()]
            .into_iter()
            .flatten()
        {
            *other = rebind(other).0;
        }
        if let Some(w) = step.wait.as_mut() {
            w.show_path = rebind(&w.show_path).0;
        }
        let base = step.operation_id.split('[').next().unwrap_or("");
        for (v, _) in step.produces.iter_mut() {
            if let Some(p) = producers
                .iter()
                .find(|p| p.operation_id == base && p.variable == *v && shared.contains(v.as_str()))
            {
                *v = bound(p);
            }
        }
    }
}

/// An action or update answered 202 (`os-extend`) leaves its resource in a
/// transitional state (`extending`) for a while; the next action on it
/// would be refused for that state, not for anything the docs got wrong.
/// Such a step waits as the resource's own create does, on the same show
/// path and status, when the service answers 202.
fn wait_after_actions(steps: &mut [Step]) {
    let waits: Vec<Wait> = steps
        .iter()
        .filter(|s| s.kind == StepKind::Create)
        .filter_map(|s| s.wait.clone())
        .collect();
    for step in steps
        .iter_mut()
        .filter(|s| matches!(s.kind, StepKind::Action | StepKind::Update) && s.wait.is_none())
    {
        let on = |show: &str| {
            step.path == show
                || step
                    .path
                    .strip_prefix(show)
                    .is_some_and(|rest| rest.starts_with('/') && !rest[1..].contains('/'))
        };
        if let Some(w) = waits.iter().find(|w| on(&w.show_path)) {
            step.wait = Some(Wait {
                forced: false,
                ..w.clone()
            });
        }
    }
}

/// Each microversioned read runs a second time at the top of its documented
/// range (its `max-ver`, else the document's), capped by `cap`: responses
/// that grow or change shape at later microversions are checked too. Only
/// reads: they change nothing, so repeating them is safe. The repeat runs
/// right after the first and is named `<operationId>@<version>`.
fn with_top_of_range_reads(
    steps: Vec<Step>,
    tops: &BTreeMap<&str, &str>,
    cap: Option<&str>,
) -> Vec<Step> {
    let mut out = Vec::with_capacity(steps.len());
    for step in steps {
        let repeat = top_of_range(&step, tops, cap).map(|top| {
            let mut again = step.clone();
            again.operation_id = format!("{}@{top}", step.operation_id);
            again.microversion = Some(top.to_string());
            again.notes.push(format!(
                "repeats {} at the top of its documented range",
                step.operation_id
            ));
            again
        });
        out.push(step);
        out.extend(repeat);
    }
    out
}

fn top_of_range<'t>(
    step: &Step,
    tops: &BTreeMap<&str, &'t str>,
    cap: Option<&'t str>,
) -> Option<&'t str> {
    if step.kind != StepKind::Read {
        return None;
    }
    // Without a microversion of its own the request goes without the
    // header: the service's base version, below any documented top.
    let bottom = match step.microversion.as_deref() {
        Some(v) => Some(spec::parse_version(v)?),
        None => None,
    };
    let mut top = *tops.get(step.operation_id.as_str())?;
    if let Some(cap) = cap
        && spec::parse_version(cap)? < spec::parse_version(top)?
    {
        top = cap;
    }
    (Some(spec::parse_version(top)?) > bottom).then_some(top)
}

/// RFC 3986 percent-encoding of everything but unreserved characters.
fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Variable names a body field may refer to: `volume_uuid` → `volume_uuid`,
/// `volume_id`; `instance_uuid` also → `server_id` (Nova's name).
pub fn candidates(field: &str) -> Vec<String> {
    let stem = field
        .strip_suffix("_uuid")
        .or_else(|| field.strip_suffix("_id"))
        .unwrap_or(field);
    let mut out = vec![
        field.to_string(),
        format!("{stem}_id"),
        format!("{stem}_uuid"),
    ];
    match stem {
        "instance" => out.extend(["server_id".to_string(), "server_uuid".to_string()]),
        "server" => out.extend(["instance_id".to_string(), "instance_uuid".to_string()]),
        _ => {}
    }
    let mut seen = BTreeSet::new();
    out.retain(|c| seen.insert(c.clone()));
    out
}

pub fn looks_like_uuid(s: &str) -> bool {
    let hex: String = s.chars().filter(|c| *c != '-').collect();
    hex.len() == 32 && hex.chars().all(|c| c.is_ascii_hexdigit())
}

fn is_reference_field(key: &str) -> bool {
    key.ends_with("_id") || key.ends_with("_uuid")
}

/// Sample fields that name other resources: replaced when a live value
/// exists, listed in `missing` otherwise.
fn find_refs(
    body: &Value,
    pointer: &mut String,
    available: &BTreeSet<String>,
    refs: &mut Vec<BodyRef>,
    missing: &mut Vec<(String, String)>,
) {
    let Some(entries) = spec::children(body) else {
        return;
    };
    // Items of a list are named by the list, in the singular
    // (`volume_types: [uuid]` → `volume_type`).
    let list_name = body.is_array().then(|| {
        let parent = pointer.rsplit('/').next().unwrap_or("");
        parent.strip_suffix('s').unwrap_or(parent).to_string()
    });
    for (key, value) in entries {
        let name = list_name.as_deref().unwrap_or(&key).to_string();
        let len = pointer.len();
        pointer.push('/');
        pointer.push_str(&spec::escape(&key));
        match value {
            // A UUID under any name that a live variable answers to
            // (`group_type` → `{group_type_id}`); under a reference name
            // (`…_id`) a UUID with no live value is missing.
            Value::String(s) if looks_like_uuid(s) => {
                match candidates(&name)
                    .into_iter()
                    .find(|c| available.contains(c))
                {
                    Some(variable) => refs.push(BodyRef {
                        pointer: pointer.clone(),
                        variable,
                    }),
                    None if is_reference_field(&name) => missing.push((pointer.clone(), name)),
                    None => {}
                }
            }
            _ => find_refs(value, pointer, available, refs, missing),
        }
        pointer.truncate(len);
    }
}

/// `{name}` placeholders in a scenario-provided body's strings.
fn placeholders(body: &Value, out: &mut Vec<String>) {
    match body {
        Value::String(s) => out.extend(template_names(s)),
        Value::Array(items) => items.iter().for_each(|i| placeholders(i, out)),
        Value::Object(map) => map.values().for_each(|v| placeholders(v, out)),
        _ => {}
    }
}

/// Names of `{name}` placeholders (identifier characters only, so JSON-ish
/// braces in free text are left alone).
pub fn template_names(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(start) = rest.find('{') {
        rest = &rest[start + 1..];
        let Some(end) = rest.find('}') else { break };
        let name = &rest[..end];
        if !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            out.push(name.to_string());
            rest = &rest[end + 1..];
        }
    }
    out
}

/// Removes sample fields whose `x-openstack.min-ver` is above the
/// microversion the request is sent at (or whose max-ver is below it).
fn strip_newer(
    spec: &Value,
    body: &mut Value,
    schema: &Value,
    version: (u32, u32),
    pointer: &mut String,
    notes: &mut Vec<String>,
) {
    let schema = spec::resolve(spec, schema);
    match body {
        Value::Object(map) => {
            let Some(props) = schema.get("properties").and_then(Value::as_object) else {
                return;
            };
            let keys: Vec<String> = map.keys().cloned().collect();
            for key in keys {
                let Some(sub) = props.get(&key) else { continue };
                let sub = spec::resolve(spec, sub);
                let out_of_range = sub.as_object().is_some_and(|s: &Map<String, Value>| {
                    spec::min_ver(s)
                        .and_then(spec::parse_version)
                        .is_some_and(|min| min > version)
                        || spec::max_ver(s)
                            .and_then(spec::parse_version)
                            .is_some_and(|max| max < version)
                });
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&spec::escape(&key));
                if out_of_range {
                    map.remove(&key);
                    notes.push(format!(
                        "request field {pointer} left out: not in the documented range at {}.{}",
                        version.0, version.1
                    ));
                } else if let Some(child) = map.get_mut(&key) {
                    strip_newer(spec, child, sub, version, pointer, notes);
                }
                pointer.truncate(len);
            }
        }
        Value::Array(items) => {
            if let Some(item_schema) = schema.get("items") {
                for item in items {
                    strip_newer(spec, item, item_schema, version, pointer, notes);
                }
            }
        }
        _ => {}
    }
}

impl Plan {
    /// Keeps the operations of partition `k` of `n` (1-based) as checked
    /// steps; creates other checked steps depend on stay as unchecked setup.
    /// Operations are dealt round-robin in operationId order, so every CI
    /// job gets the same split.
    pub fn partition(&mut self, k: usize, n: usize) -> Result<(), String> {
        if n == 0 || k == 0 || k > n {
            return Err(format!("--partition {k}/{n}: expected k/n with 1 ≤ k ≤ n"));
        }
        let mut ids: Vec<&str> = self.steps.iter().map(|s| s.operation_id.as_str()).collect();
        ids.sort_unstable();
        let mine: BTreeSet<String> = ids
            .iter()
            .enumerate()
            .filter(|(i, _)| i % n == k - 1)
            .map(|(_, id)| id.to_string())
            .collect();
        for step in &mut self.steps {
            step.checked = mine.contains(&step.operation_id) && step.kind != StepKind::Lookup;
        }
        // Setup creates: whatever a kept step needs, transitively.
        loop {
            let needed: BTreeSet<String> = self
                .steps
                .iter()
                .filter(|s| {
                    s.checked
                        || matches!(s.kind, StepKind::Create | StepKind::Lookup)
                            && s.skip.is_none()
                            && is_setup(s)
                })
                .flat_map(|s| s.needs.iter().cloned())
                .collect();
            let mut changed = false;
            for step in &mut self.steps {
                if !step.checked
                    && matches!(step.kind, StepKind::Create | StepKind::Lookup)
                    && step.skip.is_none()
                    && step.notes.iter().all(|n| n != SETUP_NOTE)
                    && step.produces.iter().any(|(v, _)| needed.contains(v))
                {
                    step.notes.push(SETUP_NOTE.to_string());
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        self.steps.retain(|s| s.checked || is_setup(s));
        Ok(())
    }

    /// The plan as text, for `--dry-run`.
    pub fn render(&self) -> String {
        let mut out = String::new();
        // Names only: the redactor masks secret values, but a header's
        // value is rarely what a plan reader needs.
        if !self.headers.is_empty() {
            let names: Vec<&str> = self.headers.keys().map(String::as_str).collect();
            out.push_str(&format!("headers: {}\n", names.join(", ")));
        }
        if !self.fixtures.is_empty() {
            out.push_str("fixtures:\n");
            for f in &self.fixtures {
                let on = f
                    .endpoint
                    .as_deref()
                    .map_or(String::new(), |e| format!(" on {e}"));
                let after = if f.reads() {
                    "reads names from the service's list; creates nothing".to_string()
                } else {
                    f.delete.as_deref().map_or_else(
                        || "removed with the fixture it acts on".to_string(),
                        |d| format!("deleted by DELETE {d}"),
                    )
                };
                out.push_str(&format!(
                    "  {} {} {}{on}  ({after})\n",
                    f.name, f.method, f.path
                ));
            }
        }
        out.push_str("steps:\n");
        for (i, s) in self.steps.iter().enumerate() {
            let expected: Vec<String> = s.expected.iter().map(u16::to_string).collect();
            out.push_str(&format!(
                "  {:>2}. {:<6} {:<14} {:<6} {} {}  [{}]{}\n",
                i + 1,
                format!("{:?}", s.kind).to_lowercase(),
                s.safety.label(),
                s.method,
                s.path,
                s.microversion
                    .as_deref()
                    .map(|m| format!("@{m}"))
                    .unwrap_or_default(),
                expected.join("|"),
                if s.checked { "" } else { "  (setup)" },
            ));
            out.push_str(&format!("      operation {}\n", s.operation_id));
            for (v, source) in &s.produces {
                out.push_str(&format!(
                    "      produces {{{v}}} from {}\n",
                    source.expression()
                ));
            }
            if let Some(what) = &s.negative {
                out.push_str(&format!("      invalid: {what}\n"));
            }
            for (name, value) in &s.query {
                out.push_str(&format!("      query {name}={value}\n"));
            }
            for r in &s.body_refs {
                out.push_str(&format!("      body {} := {{{}}}\n", r.pointer, r.variable));
            }
            if let Some(w) = &s.wait {
                out.push_str(&format!(
                    "      waits on GET {} ({})\n",
                    w.show_path, w.status_pointer
                ));
            }
            match (&s.delete_path, &s.delete_body) {
                (Some(d), Some(body)) => {
                    out.push_str(&format!("      cleanup POST {d} {body}\n"));
                }
                (Some(d), None) => out.push_str(&format!("      cleanup DELETE {d}\n")),
                _ => {}
            }
            if s.headers != self.headers {
                let names: Vec<&str> = s.headers.keys().map(String::as_str).collect();
                out.push_str(&format!("      headers {}\n", names.join(", ")));
            }
            for n in &s.notes {
                out.push_str(&format!("      note: {n}\n"));
            }
            if let Some(reason) = &s.skip {
                out.push_str(&format!("      SKIP: {reason}\n"));
            }
        }
        out.push_str(&safety::summary(
            self.steps.iter().map(|s| (s.safety, s.skip.is_some())),
        ));
        out.push('\n');
        out
    }
}

const SETUP_NOTE: &str = "setup for another partition's operations (not reported)";

fn is_setup(s: &Step) -> bool {
    s.notes.iter().any(|n| n == SETUP_NOTE)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A cut-down attachments + snapshots spec in the emitter's shape.
    pub(crate) fn sample_spec() -> Value {
        let ok = |status: &str, example: Value| {
            json!({status: {"description": "ok", "content": {"application/json": {
                "schema": {"type": "object"},
                "examples": {"s": {"value": example}}}}}})
        };
        let req = |example: Value| {
            json!({"content": {"application/json": {
                "schema": {"type": "object", "properties": {"attachment": {"type": "object", "properties": {
                    "connector": {"type": "object", "properties": {
                        "mode": {"type": "string", "x-openstack": {"min-ver": "3.54"}},
                        "host": {"type": "string"}}}}}}},
                "examples": {"s": {"value": example}}}}})
        };
        json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "3.54", "x-speclift": {"microversions": {"service": "volume"}}},
            "paths": {
                "/v3/{project_id}/attachments/{attachment_id}": {
                    "get": {"operationId": "show", "responses": ok("200", json!({"attachment": {"id": "a"}}))},
                    "put": {"operationId": "update", "responses": ok("200", json!({"attachment": {"id": "a"}}))},
                    "delete": {"operationId": "delete", "responses": {"200": {"description": "ok"}}}
                },
                "/v3/{project_id}/attachments": {
                    "get": {"operationId": "list", "responses": ok("200", json!({"attachments": []}))},
                    "post": {"operationId": "create", "x-openstack": {"min-ver": "3.27"},
                        "requestBody": req(json!({"attachment": {
                            "volume_uuid": "462dcc2d-130d-4654-8db1-da0df2da6a0d",
                            "connector": {"mode": "ro", "host": "h"}}})),
                        "responses": ok("200", json!({"attachment": {"id": "3b8b6631-1cf7-4fd7-9afb-c01e541a073c"}}))}
                },
                "/v3/{project_id}/attachments/{attachment_id}/action": {
                    "post": {"operationId": "complete", "x-openstack": {"min-ver": "3.44"},
                        "responses": {"204": {"description": "ok"}}}
                },
                "/v3/{project_id}/attachments/{attachment_id}/metadata": {
                    "post": {"operationId": "meta_create",
                        "requestBody": {"content": {"application/json": {"schema": {"type": "object"},
                            "examples": {"s": {"value": {"metadata": {"k1": "v"}}}}}}},
                        "responses": ok("200", json!({"metadata": {"k1": "v"}}))}
                },
                "/v3/{project_id}/attachments/{attachment_id}/metadata/{key}": {
                    "delete": {"operationId": "meta_delete", "responses": {"200": {"description": "ok"}}}
                },
                "/v3/{project_id}/others/{other_id}": {
                    "put": {"operationId": "foreign_update", "responses": {"200": {"description": "ok"}}}
                }
            }
        })
    }

    fn vars(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn steps_carry_scenario_headers_with_operation_overrides() {
        let scenario = Scenario::from_yaml(
            "headers: {X-Service-Roles: service}\n\
             operations: {delete: {headers: {X-Api-Key: k-SECRET-9}}}\n",
        )
        .unwrap();
        let plan = build(&sample_spec(), &scenario, &vars(&[("project_id", "p")]));
        assert_eq!(plan.headers, vars(&[("X-Service-Roles", "service")]));
        let step = |id: &str| plan.steps.iter().find(|s| s.operation_id == id).unwrap();
        assert_eq!(step("show").headers, plan.headers);
        assert_eq!(
            step("delete").headers,
            vars(&[("X-Api-Key", "k-SECRET-9"), ("X-Service-Roles", "service")])
        );
        let text = plan.render();
        assert!(text.starts_with("headers: X-Service-Roles\n"), "{text}");
        assert!(
            text.contains("headers X-Api-Key, X-Service-Roles"),
            "{text}"
        );
        assert!(!text.contains("k-SECRET-9"), "{text}");
    }

    #[test]
    fn infers_producers_from_samples_and_request_maps() {
        let producers = infer_producers(&sample_spec());
        let summary: Vec<(&str, &str, String)> = producers
            .iter()
            .map(|p| {
                (
                    p.operation_id.as_str(),
                    p.variable.as_str(),
                    p.source.expression(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                (
                    "create",
                    "attachment_id",
                    "$response.body#/attachment/id".to_string()
                ),
                ("meta_create", "key", "$request.body#/metadata".to_string()),
            ]
        );
    }

    #[test]
    fn reads_repeat_at_the_top_of_their_range() {
        let mut spec = sample_spec();
        spec["info"]["x-speclift"]["microversions"]["max-ver"] = json!("3.60");
        let list = &mut spec["paths"]["/v3/{project_id}/attachments"]["get"];
        list["x-openstack"] = json!({"min-ver": "3.27", "max-ver": "3.50"});
        let vars = vars(&[("project_id", "p"), ("volume_id", "v")]);
        let versions = |plan: &Plan| -> Vec<(String, Option<String>)> {
            plan.steps
                .iter()
                .filter(|s| s.kind == StepKind::Read)
                .map(|s| (s.operation_id.clone(), s.microversion.clone()))
                .collect()
        };
        let v = |id: &str, mv: &str| (id.to_string(), Some(mv.to_string()));
        // Its own max-ver for `list`; the document's for `show`, which has
        // no min-ver and so first goes without a version header.
        let plan = build(&spec, &Scenario::default(), &vars);
        assert_eq!(
            versions(&plan),
            [
                ("show".to_string(), None),
                v("show@3.60", "3.60"),
                v("list", "3.27"),
                v("list@3.50", "3.50")
            ]
        );
        // The service's maximum caps; a cap at `list`'s bottom drops its repeat.
        let capped = Scenario {
            max_microversion: Some("3.27".into()),
            ..Scenario::default()
        };
        let plan = build(&spec, &capped, &vars);
        assert_eq!(
            versions(&plan),
            [
                ("show".to_string(), None),
                v("show@3.27", "3.27"),
                v("list", "3.27")
            ]
        );
        let capped = Scenario {
            max_microversion: Some("3.55".into()),
            ..Scenario::default()
        };
        let plan = build(&spec, &capped, &vars);
        assert_eq!(plan.steps[3].operation_id, "show@3.55");
        assert_eq!(
            plan.steps[3].notes,
            ["repeats show at the top of its documented range"]
        );
        // Writes never repeat.
        assert!(
            plan.steps
                .iter()
                .filter(|s| s.operation_id.contains('@'))
                .all(|s| s.kind == StepKind::Read)
        );
    }

    /// The sample's create attaches to host `h`: only sent when allowed.
    fn allowing_create() -> Scenario {
        Scenario::from_yaml("allow-foreign: [create]").unwrap()
    }

    #[test]
    fn foreign_create_is_skipped_unless_allowed() {
        let vars = vars(&[("project_id", "p"), ("volume_id", "v")]);
        let plan = build(&sample_spec(), &Scenario::default(), &vars);
        let create = &plan.steps[0];
        assert_eq!(create.safety, Safety::ModifyForeign);
        let reason = create.skip.as_deref().unwrap();
        assert!(
            reason.contains("/attachment/connector/host") && reason.contains("allow-foreign"),
            "{reason}"
        );
        let plan = build(&sample_spec(), &allowing_create(), &vars);
        assert_eq!(plan.steps[0].safety, Safety::ModifyForeign);
        assert_eq!(plan.steps[0].skip, None);
        assert!(plan.render().contains("modify-foreign"));
    }

    #[test]
    fn orders_creates_reads_updates_actions_deletes() {
        let plan = build(
            &sample_spec(),
            &allowing_create(),
            &vars(&[("project_id", "p"), ("volume_id", "v")]),
        );
        let order: Vec<&str> = plan.steps.iter().map(|s| s.operation_id.as_str()).collect();
        assert_eq!(
            order,
            [
                "create",
                "meta_create",
                "show",
                "list",
                "update",
                "foreign_update",
                "complete",
                "meta_delete",
                "delete"
            ]
        );
        let create = &plan.steps[0];
        assert_eq!(
            create.body_refs,
            [BodyRef {
                pointer: "/attachment/volume_uuid".into(),
                variable: "volume_id".into()
            }]
        );
        assert_eq!(
            create.delete_path.as_deref(),
            Some("/v3/{project_id}/attachments/{attachment_id}")
        );
        // connector.mode is 3.54, the request goes at 3.27: left out.
        assert_eq!(
            create
                .body
                .as_ref()
                .unwrap()
                .pointer("/attachment/connector/mode"),
            None
        );
        assert_eq!(create.notes.len(), 2, "{:?}", create.notes);
        assert!(
            create.notes[0].contains("connector/mode"),
            "{:?}",
            create.notes
        );
        assert!(create.wait.is_none(), "200 on create needs no wait");
        let foreign = plan
            .steps
            .iter()
            .find(|s| s.operation_id == "foreign_update")
            .unwrap();
        assert!(
            foreign.skip.as_deref().unwrap().contains("other_id"),
            "{foreign:?}"
        );
        assert!(
            plan.steps
                .iter()
                .filter(|s| s.operation_id != "foreign_update")
                .all(|s| s.skip.is_none())
        );
    }

    #[test]
    fn missing_live_reference_skips_with_a_hint() {
        let plan = build(
            &sample_spec(),
            &Scenario::default(),
            &vars(&[("project_id", "p")]),
        );
        let create = &plan.steps[0];
        let reason = create.skip.as_deref().unwrap();
        assert!(
            reason.contains("volume_uuid") && reason.contains("--var volume_uuid"),
            "{reason}"
        );
    }

    #[test]
    fn async_create_waits_on_show() {
        let mut spec = sample_spec();
        let responses = spec
            .pointer_mut("/paths/~1v3~1{project_id}~1attachments/post/responses")
            .unwrap();
        let ok = responses["200"].take();
        *responses = json!({"202": ok});
        let plan = build(
            &spec,
            &Scenario::default(),
            &vars(&[("project_id", "p"), ("volume_id", "v")]),
        );
        assert_eq!(
            plan.steps[0].wait,
            Some(Wait {
                show_path: "/v3/{project_id}/attachments/{attachment_id}".into(),
                status_pointer: "/attachment/status".into(),
                forced: false,
            })
        );
    }

    #[test]
    fn scenario_overrides_skip_body_and_microversion() {
        let scenario = Scenario::from_yaml(
            "operations:\n  list: {skip: flaky}\n  create: {microversion: '3.54', body: {attachment: {volume_uuid: '{volume_id}'}}}\n",
        )
        .unwrap();
        let plan = build(
            &sample_spec(),
            &scenario,
            &vars(&[("project_id", "p"), ("volume_id", "v")]),
        );
        let by_id = |id: &str| plan.steps.iter().find(|s| s.operation_id == id).unwrap();
        assert_eq!(by_id("list").skip.as_deref(), Some("flaky"));
        let create = by_id("create");
        assert_eq!(create.microversion.as_deref(), Some("3.54"));
        assert!(create.body_refs.is_empty());
        assert!(create.needs.contains(&"volume_id".to_string()));
    }

    #[test]
    fn partition_keeps_setup_creates() {
        let mut plan = build(
            &sample_spec(),
            &allowing_create(),
            &vars(&[("project_id", "p"), ("volume_id", "v")]),
        );
        let all = plan.steps.len();
        let mut seen = BTreeSet::new();
        for k in 1..=3 {
            let mut part = plan.clone();
            part.partition(k, 3).unwrap();
            for s in part.steps.iter().filter(|s| s.checked) {
                assert!(
                    seen.insert(s.operation_id.clone()),
                    "{} twice",
                    s.operation_id
                );
            }
            // Anything needing attachment_id brings its create along.
            if part
                .steps
                .iter()
                .any(|s| s.checked && s.needs.contains(&"attachment_id".to_string()))
            {
                assert!(part.steps.iter().any(|s| s.operation_id == "create"));
            }
        }
        assert_eq!(seen.len(), all);
        assert!(plan.partition(4, 3).is_err());
    }

    #[test]
    fn candidate_names_and_templates() {
        assert_eq!(candidates("volume_uuid"), ["volume_uuid", "volume_id"]);
        assert_eq!(
            candidates("instance_uuid"),
            ["instance_uuid", "instance_id", "server_id", "server_uuid"]
        );
        assert_eq!(
            template_names("/v3/{project_id}/x/{a-b} {not json}"),
            ["project_id", "a-b"]
        );
        assert_eq!(template_names("{\"a\": 1}"), Vec::<String>::new());
    }

    /// Types with extra specs and metadata-keyed volumes: two creates
    /// produce `{key}`; a path names the type `{volume_type}`; an action
    /// on the volume names the attachment; a list documents clusters.
    fn bindings_spec() -> Value {
        let ok = |example: Value| {
            json!({"200": {"description": "ok", "content": {"application/json": {
                "schema": {"type": "object"}, "examples": {"s": {"value": example}}}}}})
        };
        let body = |example: Value| {
            json!({"content": {"application/json": {"schema": {"type": "object"},
                "examples": {"s": {"value": example}}}}})
        };
        let gone = json!({"204": {"description": "gone"}});
        json!({
            "openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "paths": {
                "/v3/types": {"post": {"operationId": "type_create",
                    "requestBody": body(json!({"volume_type": {"name": "t"}})),
                    "responses": ok(json!({"volume_type": {"id": "x"}}))}},
                "/v3/types/{volume_type_id}": {"delete": {"operationId": "type_delete", "responses": gone}},
                "/v3/types/{volume_type}/access": {"get": {"operationId": "type_access", "responses": ok(json!({}))}},
                "/v3/types/{volume_type_id}/extra_specs": {"post": {"operationId": "spec_create",
                    "requestBody": body(json!({"extra_specs": {"k1": "v"}})), "responses": ok(json!({}))}},
                "/v3/types/{volume_type_id}/extra_specs/{key}": {
                    "get": {"operationId": "spec_show", "responses": ok(json!({}))},
                    "delete": {"operationId": "spec_delete", "responses": gone}},
                "/v3/volumes": {"post": {"operationId": "volume_create",
                    "requestBody": body(json!({"volume": {"size": 1}})),
                    "responses": ok(json!({"volume": {"id": "v"}}))}},
                "/v3/volumes/{volume_id}": {"delete": {"operationId": "volume_delete", "responses": gone}},
                "/v3/volumes/{volume_id}/metadata": {"post": {"operationId": "meta_create",
                    "requestBody": body(json!({"metadata": {"m1": "v"}})), "responses": ok(json!({}))}},
                "/v3/volumes/{volume_id}/metadata/{key}": {"delete": {"operationId": "meta_delete", "responses": gone}},
                "/v3/attachments": {"post": {"operationId": "attach",
                    "requestBody": body(json!({"attachment": {"volume_uuid": "462dcc2d-130d-4654-8db1-da0df2da6a0d"}})),
                    "responses": ok(json!({"attachment": {"id": "a"}}))}},
                "/v3/attachments/{attachment_id}": {"delete": {"operationId": "attachment_delete", "responses": gone}},
                "/v3/volumes/{volume_id}/action": {"post": {"operationId": "volume_action",
                    "requestBody": body(json!({"os-detach": {"attachment_id": "9b8e4b0d-55c5-4b53-b2c2-1e3f1a1d2c3b"}})),
                    "responses": {"202": {"description": "ok"}}}},
                "/v3/clusters": {"get": {"operationId": "cluster_list",
                    "responses": ok(json!({"clusters": [{"name": "c@b", "state": "up"}]}))}},
                "/v3/clusters/{cluster_name}": {"get": {"operationId": "cluster_show", "responses": ok(json!({}))}},
                "/v3/capabilities/{hostname}": {"get": {"operationId": "capabilities", "responses": ok(json!({}))}}
            }
        })
    }

    /// Groups as Cinder documents them: no DELETE, a `delete` action on
    /// `…/{group_id}/action`; consistency groups: `POST …/{id}/delete`.
    fn deleted_by_action_spec() -> Value {
        let body = |examples: Value| {
            json!({"content": {"application/json": {"schema": {"type": "object"},
                "examples": examples}}})
        };
        let created = |wrapper: &str| {
            json!({"202": {"description": "ok", "content": {"application/json": {
                "schema": {"type": "object"},
                "examples": {"s": {"value": {wrapper: {"id": "x"}}}}}}}})
        };
        let accepted = json!({"202": {"description": "accepted"}});
        json!({
            "openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "paths": {
                "/v3/groups": {"post": {"operationId": "group_create",
                    "requestBody": body(json!({"s": {"value": {"group": {"name": "g"}}}})),
                    "responses": created("group")}},
                "/v3/groups/{group_id}": {"get": {"operationId": "group_show",
                    "responses": {"200": {"description": "ok"}}}},
                "/v3/groups/{group_id}/action": {"post": {"operationId": "group_action",
                    "requestBody": body(json!({
                        "a": {"value": {"delete": {"delete-volumes": false}}},
                        "b": {"value": {"reset_status": {"status": "available"}}}})),
                    "responses": accepted.clone()}},
                "/v3/cgs": {"post": {"operationId": "cg_create",
                    "requestBody": body(json!({"s": {"value": {"cg": {"name": "c"}}}})),
                    "responses": created("cg")}},
                "/v3/cgs/{cg_id}": {"get": {"operationId": "cg_show",
                    "responses": {"200": {"description": "ok"}}}},
                "/v3/cgs/{cg_id}/delete": {"post": {"operationId": "cg_delete",
                    "requestBody": body(json!({"s": {"value": {"cg": {"force": false}}}})),
                    "responses": accepted}}
            }
        })
    }

    #[test]
    fn a_documented_deleting_action_makes_a_create_deletable_and_runs_last() {
        let plan = build(
            &deleted_by_action_spec(),
            &Scenario::default(),
            &BTreeMap::new(),
        );
        let step = |id: &str| plan.steps.iter().find(|s| s.operation_id == id).unwrap();
        let group = step("group_create");
        assert_eq!(group.skip, None);
        assert_eq!(
            group.delete_path.as_deref(),
            Some("/v3/groups/{group_id}/action")
        );
        assert_eq!(
            group.delete_body,
            Some(json!({"delete": {"delete-volumes": false}}))
        );
        let cg = step("cg_create");
        assert_eq!(cg.skip, None);
        assert_eq!(cg.delete_path.as_deref(), Some("/v3/cgs/{cg_id}/delete"));
        assert_eq!(cg.delete_body, Some(json!({"cg": {"force": false}})));
        // The deleting requests are the deletes: after the other actions,
        // gone once the item's GET answers 404.
        let delete = step("group_action[delete]");
        assert_eq!(
            (delete.kind, delete.skip.as_deref()),
            (StepKind::Delete, None)
        );
        assert_eq!(delete.safety, Safety::DeleteOwn);
        assert_eq!(delete.gone_path.as_deref(), Some("/v3/groups/{group_id}"));
        assert_eq!(step("cg_delete").kind, StepKind::Delete);
        assert_eq!(
            step("cg_delete").gone_path.as_deref(),
            Some("/v3/cgs/{cg_id}")
        );
        let position = |id: &str| {
            plan.steps
                .iter()
                .position(|s| s.operation_id == id)
                .unwrap()
        };
        assert!(position("group_action[reset_status]") < position("group_action[delete]"));
        assert_eq!(step("group_action[reset_status]").kind, StepKind::Action);
    }

    /// The order the plan gives the group actions documented by `examples`
    /// (one action per example, in document order).
    fn action_order(examples: &[Value]) -> Vec<String> {
        let mut spec = deleted_by_action_spec();
        let examples: serde_json::Map<String, Value> = examples
            .iter()
            .enumerate()
            .map(|(i, v)| (format!("e{i}"), json!({ "value": v })))
            .collect();
        spec["paths"]["/v3/groups/{group_id}/action"]["post"]["requestBody"]["content"]["application/json"]
            ["examples"] = Value::Object(examples);
        build(&spec, &Scenario::default(), &BTreeMap::new())
            .steps
            .iter()
            .filter_map(|s| s.operation_id.strip_prefix("group_action["))
            .map(|id| id.trim_end_matches(']').to_string())
            .collect()
    }

    #[test]
    fn an_undoing_action_runs_right_after_what_it_undoes() {
        let order = action_order(&[
            json!({"os-start": null}),
            json!({"unpause": null}),
            json!({"reset_status": {"status": "available"}}),
            json!({"pause": null}),
            json!({"os-stop": null}),
            json!({"unshelve": null}),
        ]);
        assert_eq!(
            order,
            [
                "os-stop",
                "os-start",
                "pause",
                "unpause",
                "reset_status",
                "unshelve"
            ]
        );
        // Done first but not right before: the undo moves back to it.
        let order = action_order(&[
            json!({"lock": null}),
            json!({"reset_status": {"status": "available"}}),
            json!({"unlock": null}),
        ]);
        assert_eq!(order, ["lock", "unlock", "reset_status"]);
    }

    #[test]
    fn reservations_and_beginnings_last_until_another_action() {
        for a in ["os-reserve", "os-begin_detaching", "beginDetaching"] {
            assert!(begins_lasting_state(a), "{a}");
        }
        for a in [
            "os-extend",
            "os-unreserve",
            "os-detach",
            "os-roll_detaching",
            "reset",
        ] {
            assert!(!begins_lasting_state(a), "{a}");
        }
    }

    #[test]
    fn undoing_actions_are_named_by_their_verbs() {
        assert_eq!(undone("unpause"), Some(vec!["pause".to_string()]));
        assert_eq!(undone("os-start"), Some(vec!["stop".to_string()]));
        assert_eq!(
            undone("os-disable_replication"),
            Some(vec!["enable".to_string(), "replication".to_string()])
        );
        assert_eq!(undone("resume"), Some(vec!["suspend".to_string()]));
        assert_eq!(undone("unit"), None);
        assert_eq!(undone("reboot"), None);
        assert_eq!(action_words("confirmResize"), ["confirm", "resize"]);
    }

    #[test]
    fn a_feature_is_enabled_before_it_is_disabled() {
        let order = action_order(&[
            json!({"disable_replication": {}}),
            json!({"reset_status": {"status": "available"}}),
            json!({"enable_replication": {}}),
        ]);
        assert_eq!(
            order,
            ["enable_replication", "disable_replication", "reset_status"]
        );
    }

    #[test]
    fn detaching_needs_an_attach_that_runs() {
        let body = |examples: Value| {
            json!({"content": {"application/json": {"schema": {"type": "object"},
                "examples": examples}}})
        };
        let spec = json!({
            "openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "paths": {
                "/v3/volumes": {"post": {"operationId": "volume_create",
                    "requestBody": body(json!({"s": {"value": {"volume": {"size": 1}}}})),
                    "responses": {"202": {"description": "ok", "content": {"application/json": {
                        "schema": {"type": "object"},
                        "examples": {"s": {"value": {"volume": {"id": "v"}}}}}}}}}},
                "/v3/volumes/{volume_id}": {"delete": {"operationId": "volume_delete",
                    "responses": {"202": {"description": "gone"}}}},
                "/v3/volumes/{volume_id}/action": {"post": {"operationId": "volume_action",
                    "requestBody": body(json!({
                        "a": {"value": {"os-attach": {"instance_uuid": "0f6b8f2e-6c43-4bde-9a57-3d1f0b8a2c71"}}},
                        "b": {"value": {"os-begin_detaching": {}}},
                        "c": {"value": {"os-roll_detaching": {}}}})),
                    "responses": {"202": {"description": "ok"}}}}
            }
        });
        let skip = |scenario: &Scenario| {
            let plan = build(&spec, scenario, &BTreeMap::new());
            let step = |id: &str| {
                plan.steps
                    .iter()
                    .find(|s| s.operation_id == id)
                    .unwrap()
                    .skip
                    .clone()
            };
            (
                step("volume_action[os-attach]").is_some(),
                step("volume_action[os-begin_detaching]"),
                step("volume_action[os-roll_detaching]"),
            )
        };
        // The attach names an instance this run did not create: skipped,
        // and so is what needs it attached (not the roll-back, which any
        // state takes).
        let (attach_skipped, begin, roll) = skip(&Scenario::default());
        assert!(attach_skipped);
        assert!(begin.is_some_and(|why| why.contains("needs the resource attached")));
        assert_eq!(roll, None);
        let allowed = Scenario {
            variables: [(
                "instance_uuid".to_string(),
                "0f6b8f2e-6c43-4bde-9a57-3d1f0b8a2c71".to_string(),
            )]
            .into(),
            allow_foreign: vec!["volume_action[os-attach]".into()],
            ..Scenario::default()
        };
        assert_eq!(skip(&allowed), (false, None, None));
    }

    #[test]
    fn variables_are_bound_per_resource_and_children_go_first() {
        let plan = build(&bindings_spec(), &Scenario::default(), &BTreeMap::new());
        let step = |id: &str| plan.steps.iter().find(|s| s.operation_id == id).unwrap();
        assert_eq!(
            step("spec_show").path,
            "/v3/types/{volume_type_id}/extra_specs/{types-extra_specs-key}"
        );
        assert_eq!(
            step("spec_show").documented_path.as_deref(),
            Some("/v3/types/{volume_type_id}/extra_specs/{key}")
        );
        assert_eq!(
            step("meta_delete").path,
            "/v3/volumes/{volume_id}/metadata/{volumes-metadata-key}"
        );
        assert_eq!(step("spec_create").produces[0].0, "types-extra_specs-key");
        // `{volume_type}` is the item of /types: the type this run creates.
        let access = step("type_access");
        assert_eq!(access.path, "/v3/types/{volume_type_id}/access");
        assert_eq!(access.skip, None);
        // Deletes: each child before its parent.
        let position = |id: &str| {
            plan.steps
                .iter()
                .position(|s| s.operation_id == id)
                .unwrap()
        };
        assert!(position("spec_delete") < position("type_delete"));
        assert!(position("meta_delete") < position("volume_delete"));
        assert!(position("attachment_delete") < position("volume_delete"));
        // os-detach names the attachment its own DELETE still needs.
        let detach = step("volume_action");
        assert!(
            detach.skip.as_deref().unwrap().contains("{attachment_id}"),
            "{detach:?}"
        );
        // The cluster comes from the service's list, before the reads; no
        // list documents host names, so that read says so.
        let lookup = step("lookup:cluster_name");
        assert_eq!(lookup.kind, StepKind::Lookup);
        assert!(!lookup.checked);
        assert_eq!(
            lookup.produces,
            [(
                "cluster_name".to_string(),
                Source::Response {
                    pointer: "/clusters/0/name".into()
                }
            )]
        );
        assert!(position("lookup:cluster_name") < position("cluster_show"));
        assert_eq!(step("cluster_show").skip, None);
        let capabilities = step("capabilities").skip.as_deref().unwrap();
        assert!(
            capabilities.contains("no documented list operation `GET /v3/capabilities`"),
            "{capabilities}"
        );
    }

    #[test]
    fn dry_run_text_names_everything() {
        let plan = build(
            &sample_spec(),
            &Scenario::default(),
            &vars(&[("project_id", "p"), ("volume_id", "v")]),
        );
        let text = plan.render();
        assert!(
            text.contains("produces {attachment_id} from $response.body#/attachment/id"),
            "{text}"
        );
        assert!(text.contains("SKIP: would modify `{other_id}`"), "{text}");
    }
}
