//! One OpenAPI operation from a group of sections documenting the same
//! method and path (usually one; many for `POST …/action`).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};
use speclift_diag::{Diagnostic, Diagnostics};
use speclift_model::{ParamIn, Parameter, Sample, StatusCode, VersionRange};
use speclift_spec::ext;
use utoipa::openapi::example::Example;
use utoipa::openapi::extensions::Extensions;
use utoipa::openapi::header::Header;
use utoipa::openapi::path::{Operation, Parameter as OaParameter, ParameterIn};
use utoipa::openapi::request_body::RequestBody;
use utoipa::openapi::response::Response;
use utoipa::openapi::schema::{OneOf, Schema};
use utoipa::openapi::{Content, Deprecated, RefOr, Required};

use crate::body::{
    body_shape, common_top_keys, keyed_by_path_parameter, nest_fields_listed_before_wrapper,
    require_only_throughout, unknown_type,
};
use crate::operation_ids::{action_id, action_resource};
use crate::paths::{Group, Variant, template_names};
use crate::shape::{Shape, VENDOR_KEY};
use crate::types::{self, Types};
use crate::versions::{self, range_vendor};
use crate::{Coverage, StatusTables, components, statuses};

const JSON: &str = "application/json";

/// What building one operation reads and adds to beyond its sections.
pub(crate) struct Context<'c, 'a> {
    /// Operation and action ids given so far (action ids must not repeat them).
    pub names: &'c mut BTreeSet<String>,
    /// Section title → tag name.
    pub tag_names: &'c crate::tags::TagNames,
    /// Where path parameters find their examples.
    pub sample_values: &'c crate::path_examples::SampleValues,
    pub coverage: &'c mut Coverage,
    pub status_tables: &'c StatusTables<'a>,
}

impl Context<'_, '_> {
    /// A body's schema, with its tag's status values applied; `range` is
    /// the versions the body exists in.
    fn body(
        &mut self,
        op: &speclift_model::Operation,
        range: VersionRange,
        params: &[Parameter],
        samples: &[Sample],
        diags: &mut Diagnostics,
    ) -> Option<Shape> {
        let tag = &op.tag;
        let mut shape = body_shape(params, samples, self.coverage, diags)?;
        keyed_by_path_parameter(&mut shape, &op.path);
        if samples.is_empty() {
            let wrapper = components::singular(&components::resource(&op.path));
            nest_fields_listed_before_wrapper(&mut shape, &wrapper, params, diags);
        }
        require_only_throughout(&mut shape, range);
        if let Some(tables) = self.status_tables.get(tag.trim()) {
            statuses::apply(&mut shape, tables, samples, diags);
        }
        Some(shape)
    }
}

pub(crate) fn build(
    group: &Group<'_>,
    id: String,
    cx: &mut Context<'_, '_>,
    diags: &mut Diagnostics,
) -> Operation {
    let mut op = Operation::new();
    let first = group.variants.first().map(|v| v.op);
    op.operation_id = Some(id);
    op.summary = Some(summary(group));
    op.description = description(group);
    let tags = unique(group.variants.iter().map(|v| {
        let title = v.op.tag.trim();
        match cx.tag_names.get(title) {
            Some(name) => name.clone(),
            None if title.is_empty() => String::new(),
            None => crate::tags::slug(title),
        }
    }));
    op.tags = (!tags.is_empty()).then_some(tags);
    if group.variants.iter().all(|v| v.op.deprecated) {
        op.deprecated = Some(Deprecated::True);
    }
    op.extensions = vendor_extensions(operation_vendor(group));
    let parameters: Vec<OaParameter> = parameters(group, diags)
        .into_iter()
        .map(|p| {
            if p.parameter_in != ParameterIn::Path {
                return p;
            }
            let sampled = cx.sample_values.for_param(&p.name, &group.path);
            let example = fit_example(sampled, p.schema.as_ref()).or_else(|| {
                // A placeholder for a number: the smallest id.
                fit_example(Value::String("1".into()), p.schema.as_ref())
            });
            utoipa::openapi::path::ParameterBuilder::from(p)
                .example(example)
                .build()
        })
        .collect();
    op.parameters =
        (!parameters.is_empty()).then(|| parameters.into_iter().map(RefOr::T).collect());
    op.request_body = request_body(group, cx, diags).map(RefOr::T);
    op.responses.responses = responses(group, cx, diags);
    if op.responses.responses.is_empty() {
        if let Some(first) = first {
            diags.push(
                Diagnostic::warning(
                    first.location.clone(),
                    format!(
                        "`{} {}` documents no response status codes",
                        group.method.as_str(),
                        group.path
                    ),
                )
                .with_rule(speclift_diag::Rule::NoSuccessStatus)
                .with_hint("add the section's success and error status codes"),
            );
        }
        let response = Response::new("No response is documented.");
        op.responses
            .responses
            .insert("default".into(), RefOr::T(response));
    }
    op
}

fn unique(items: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in items {
        if !item.is_empty() && !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

fn summary(group: &Group<'_>) -> String {
    let summaries = unique(
        group
            .variants
            .iter()
            .map(|v| v.op.summary.trim().to_string()),
    );
    match summaries.as_slice() {
        [] => format!("{} {}", group.method.as_str(), group.path),
        [one] => one.clone(),
        [first, rest @ ..] => format!("{first} (+{} more)", rest.len()),
    }
}

/// One variant: its description. Several: each under its summary.
fn description(group: &Group<'_>) -> Option<String> {
    let text = match group.variants.as_slice() {
        [only] => only.op.description.trim().to_string(),
        variants => {
            let mut out = format!(
                "This operation is documented as {} variants; the request body selects one.",
                variants.len()
            );
            for v in variants {
                out.push_str("\n\n## ");
                out.push_str(v.op.summary.trim());
                let range = v.op.microversions;
                if !range.is_unbounded() {
                    out.push_str(&format!(" (microversions {range})"));
                }
                let d = v.op.description.trim();
                if !d.is_empty() {
                    out.push_str("\n\n");
                    out.push_str(d);
                }
            }
            out
        }
    };
    (!text.is_empty()).then_some(text)
}

/// The object's one vendor extension. A dialect's own extension (e.g.
/// `x-synnefo`) stands on its own when there is nothing OpenStack-specific
/// to say; otherwise it nests under `x-openstack`, keeping one key per
/// object (utoipa's `Extensions` is a hash map: two keys would serialize in
/// no fixed order).
fn vendor_extensions(vendor: Map<String, Value>) -> Option<Extensions> {
    if vendor.len() == 1 && vendor.keys().all(|k| k.starts_with("x-")) {
        return Some(Extensions::from_iter(vendor));
    }
    (!vendor.is_empty()).then(|| Extensions::from_iter([(VENDOR_KEY, Value::Object(vendor))]))
}

fn operation_vendor(group: &Group<'_>) -> Map<String, Value> {
    let range = group
        .variants
        .iter()
        .map(|v| v.op.microversions)
        .reduce(VersionRange::union)
        .unwrap_or_default();
    let mut vendor = range_vendor(&range);
    let ranged = group
        .variants
        .iter()
        .any(|v| !v.op.microversions.is_unbounded());
    if group.variants.len() > 1 && ranged {
        let variants: Vec<Value> = group
            .variants
            .iter()
            .map(|v| {
                let mut entry = Map::new();
                entry.insert("summary".into(), json!(v.op.summary.trim()));
                entry.extend(range_vendor(&v.op.microversions));
                Value::Object(entry)
            })
            .collect();
        vendor.insert(ext::VARIANTS.into(), Value::Array(variants));
    }
    // `/v3/` written as `/v3` (see `paths::normalize`): the URL a request
    // must use keeps its slash here.
    if group.variants.iter().any(|v| {
        let documented = v.op.path.trim();
        documented.len() > 1 && documented.ends_with('/')
    }) {
        vendor.insert(ext::TRAILING_SLASH.into(), Value::Bool(true));
    }
    for v in &group.variants {
        for (k, value) in &v.op.extensions {
            vendor.entry(k.clone()).or_insert_with(|| value.clone());
        }
    }
    vendor
}

/// A sample's value as the parameter's schema types it (`"42"` for an
/// integer parameter is `42`); `None` when it cannot be.
fn fit_example(value: Value, schema: Option<&RefOr<Schema>>) -> Option<Value> {
    use utoipa::openapi::schema::{SchemaType, Type};
    let ty = match schema {
        Some(RefOr::T(Schema::Object(o))) => match &o.schema_type {
            SchemaType::Type(t) => Some(t.clone()),
            _ => None,
        },
        _ => None,
    };
    let text = value.as_str()?.to_string();
    match ty {
        Some(Type::Integer) => text.parse::<i64>().ok().map(Value::from),
        Some(Type::Number) => text.parse::<f64>().ok().map(Value::from),
        Some(Type::String) | None => Some(Value::String(text)),
        Some(_) => None,
    }
}

/// The schema of a documented path, query or header parameter.
fn param_schema(param: &Parameter, diags: &mut Diagnostics) -> Schema {
    let mut shape = match param.ty.as_deref() {
        Some(ty) => match types::declared(ty) {
            Some(d) => {
                let mut s = Shape::of_types(d.types);
                s.format = d.format.map(str::to_string);
                s
            }
            None => {
                diags.push(unknown_type(param, ty));
                Shape::default()
            }
        },
        None => Shape::default(),
    };
    if param.location_in == ParamIn::Path && shape.types.is_any() {
        // A path segment is text whatever the documentation says.
        shape.types = Types::STRING;
    }
    shape.to_schema()
}

fn parameter_in(p: ParamIn) -> Option<ParameterIn> {
    match p {
        ParamIn::Path => Some(ParameterIn::Path),
        ParamIn::Query => Some(ParameterIn::Query),
        ParamIn::Header => Some(ParameterIn::Header),
        ParamIn::Body => None,
    }
}

fn parameters(group: &Group<'_>, diags: &mut Diagnostics) -> Vec<OaParameter> {
    let template = template_names(&group.path);
    // (in, name) → index in `out`, which holds (parameter, variants requiring it).
    let mut seen: BTreeMap<(u8, String), usize> = BTreeMap::new();
    let mut out: Vec<(OaParameter, usize)> = Vec::new();
    for variant in &group.variants {
        for param in &variant.op.request.parameters {
            let Some(location_in) = parameter_in(param.location_in) else {
                continue;
            };
            let name = if param.location_in == ParamIn::Path {
                variant.path_name(&param.name).to_string()
            } else {
                param.name.clone()
            };
            if param.location_in == ParamIn::Path && !template.contains(&name) {
                diags.push(
                    Diagnostic::warning(
                        param.location.clone(),
                        format!(
                            "path parameter `{name}` is not in the path `{}`; it is left out",
                            group.path
                        ),
                    )
                    .with_rule(speclift_diag::Rule::ExtraPathParameter)
                    .with_hint("remove the parameter from the table, or fix the path"),
                );
                continue;
            }
            // Header names are case-insensitive.
            let key_name = if param.location_in == ParamIn::Header {
                name.to_ascii_lowercase()
            } else {
                name.clone()
            };
            let key = (param.location_in as u8, key_name);
            if let Some(&i) = seen.get(&key) {
                if let Some(entry) = out.get_mut(i) {
                    entry.1 += usize::from(param.required);
                }
                continue;
            }
            seen.insert(key, out.len());
            out.push((
                oa_parameter(param, name, location_in, diags),
                usize::from(param.required),
            ));
        }
    }
    let variants = group.variants.len();
    let mut params: Vec<OaParameter> = out
        .into_iter()
        .map(|(mut p, required_by)| {
            if p.parameter_in == ParameterIn::Path || required_by == variants {
                p.required = Required::True;
            } else {
                p.required = Required::False;
            }
            p
        })
        .collect();
    for name in &template {
        let documented = params
            .iter()
            .any(|p| p.parameter_in == ParameterIn::Path && &p.name == name);
        if documented {
            continue;
        }
        if let Some(first) = group.variants.first() {
            diags.push(
                Diagnostic::warning(
                    first.op.location.clone(),
                    format!(
                        "path parameter `{name}` of `{}` is not documented; it is added as a string",
                        group.path
                    ),
                ).with_rule(speclift_diag::Rule::MissingPathParameter)
                .with_hint(format!("add `{name}` to the section's request parameter table")),
            );
        }
        let mut p = OaParameter::new(name.clone());
        p.parameter_in = ParameterIn::Path;
        p.required = Required::True;
        p.schema = Some(RefOr::T(Shape::of_types(Types::STRING).to_schema()));
        params.push(p);
    }
    params
}

fn oa_parameter(
    param: &Parameter,
    name: String,
    location_in: ParameterIn,
    diags: &mut Diagnostics,
) -> OaParameter {
    let mut p = OaParameter::new(name);
    p.parameter_in = location_in;
    let description = param.description.trim();
    p.description = (!description.is_empty()).then(|| description.to_string());
    p.schema = Some(RefOr::T(param_schema(param, diags)));
    p.extensions = vendor_extensions(range_vendor(&param.microversions));
    p
}

/// A request body alternative: one variant's body, or several merged.
struct Branch {
    shape: Shape,
    /// Top-level keys every body of this branch has.
    discriminators: Vec<String>,
    /// Every top-level key this branch allows.
    keys: Vec<String>,
    titles: Vec<String>,
}

impl Branch {
    /// Two branches overlap when one body could satisfy both: each one's
    /// required keys are allowed by the other.
    fn overlaps(&self, other: &Branch) -> bool {
        self.discriminators.iter().all(|k| other.keys.contains(k))
            && other.discriminators.iter().all(|k| self.keys.contains(k))
    }

    fn merge(self, other: Branch) -> Branch {
        let discriminators = self
            .discriminators
            .iter()
            .filter(|k| other.discriminators.contains(k))
            .cloned()
            .collect();
        let mut keys = self.keys.clone();
        keys.extend(
            other
                .keys
                .iter()
                .filter(|k| !self.keys.contains(k))
                .cloned(),
        );
        let mut titles = self.titles;
        titles.extend(other.titles);
        Branch {
            shape: self.shape.merge(other.shape),
            discriminators,
            keys,
            titles,
        }
    }

    fn into_schema(mut self, title: String, action: Option<String>) -> Schema {
        for key in &self.discriminators {
            self.shape.require(key);
        }
        self.shape.property_names = Some(self.keys);
        self.shape.title = Some(title);
        if let Some(id) = action {
            self.shape
                .vendor
                .insert(ext::ACTION_ID.into(), Value::String(id));
        }
        self.shape.to_schema()
    }

    /// What the branch's action is called: its key (`os-extend`), else its
    /// title.
    fn action_name(&self) -> String {
        if self.discriminators.is_empty() {
            self.titles.first().cloned().unwrap_or_default()
        } else {
            self.discriminators.join("_")
        }
    }
}

/// Names the actions of an action endpoint (`POST …/action`): each
/// branch gets `<resource><Action>` (`volumeExtend`) under `x-openstack`,
/// unique among the document's operation and action ids.
pub(crate) struct Actions<'n> {
    resource: String,
    names: &'n mut BTreeSet<String>,
}

impl Actions<'_> {
    fn name(&mut self, branch: &Branch) -> String {
        let base = action_id(&self.resource, &branch.action_name());
        let mut id = base.clone();
        let mut n = 2;
        while !self.names.insert(id.clone()) {
            id = format!("{base}{n}");
            n += 1;
        }
        id
    }
}

fn request_body(
    group: &Group<'_>,
    cx: &mut Context<'_, '_>,
    diags: &mut Diagnostics,
) -> Option<RequestBody> {
    let mut bodies: Vec<(&Variant<'_>, Shape)> = Vec::new();
    for v in &group.variants {
        let body = cx.body(
            v.op,
            v.op.microversions,
            &v.op.request.body,
            &v.op.request.samples,
            diags,
        );
        if let Some(shape) = body {
            bodies.push((v, shape));
        }
    }
    let media = crate::media::merged(
        group
            .variants
            .iter()
            .flat_map(|v| v.op.request.media.iter()),
    );
    if bodies.is_empty() && media.is_empty() {
        return None;
    }
    // A GET or HEAD carries no body: what the page shows as its request is
    // a response sample filed under the request (Cinder's `GET /`).
    if matches!(group.method.as_str(), "GET" | "HEAD") {
        let (v, _) = bodies.first()?;
        diags.push(
            Diagnostic::warning(
                v.op.location.clone(),
                format!(
                    "`{} {}` documents a request body (`in: body` parameters or a request \
                     sample), which a {} request cannot carry; it is left out",
                    group.method.as_str(),
                    group.path,
                    group.method.as_str()
                ),
            )
            .with_rule(speclift_diag::Rule::BodyOnBodilessMethod)
            .with_hint(
                "move body parameters and samples to the response section (or mark the \
                 parameters `in: path`/`in: query`), or change the method",
            ),
        );
        return None;
    }
    let every_variant_has_one = group
        .variants
        .iter()
        .all(|v| bodies.iter().any(|(b, _)| std::ptr::eq(*b, v)) || !v.op.request.media.is_empty());
    let mut body = RequestBody::new();
    let is_action_endpoint = group.path.trim_end_matches('/').ends_with("/action");
    let mut actions = is_action_endpoint.then(|| Actions {
        resource: action_resource(&group.path),
        names: &mut *cx.names,
    });
    if !bodies.is_empty() {
        let schema = if bodies.len() == 1 {
            let (v, shape) = bodies.pop()?;
            match action_branches(&shape, &v.op.request.samples) {
                Some(branches) => one_of(branches, actions.as_mut())?,
                None => shape.to_schema(),
            }
        } else {
            variant_schema(bodies, actions.as_mut())?
        };
        let samples = group
            .variants
            .iter()
            .flat_map(|v| v.op.request.samples.iter());
        body.content
            .insert(JSON.into(), RefOr::T(content(schema, samples)));
    }
    for m in &media {
        body.content
            .insert(m.media_type.clone(), RefOr::T(crate::media::content(m)));
    }
    if every_variant_has_one {
        body.required = Some(Required::True);
    }
    Some(body)
}

/// `oneOf` over mutually exclusive branches, one per distinct action.
fn variant_schema(
    bodies: Vec<(&Variant<'_>, Shape)>,
    actions: Option<&mut Actions<'_>>,
) -> Option<Schema> {
    // `propertyNames` can only make object bodies exclusive; anything
    // else is described by one merged schema.
    let closable = bodies
        .iter()
        .all(|(_, s)| s.types == Types::OBJECT && s.additional.is_none());
    if !closable {
        return bodies
            .into_iter()
            .map(|(_, s)| s)
            .reduce(Shape::merge)
            .map(|s| s.to_schema());
    }
    let branches: Vec<Branch> = bodies
        .into_iter()
        .map(|(v, shape)| {
            let keys = shape.names();
            let discriminators = match common_top_keys(&v.op.request.samples) {
                Some(k) => k,
                None if !shape.required.is_empty() => shape.required.clone(),
                _ if keys.len() == 1 => keys.clone(),
                _ => Vec::new(),
            };
            Branch {
                shape,
                discriminators,
                keys,
                titles: vec![v.op.summary.trim().to_string()],
            }
        })
        .collect();
    one_of(branches, actions)
}

/// One section documenting several actions (Synnefo's "Server actions":
/// one sample per action, each a single top-level key) gets one branch per
/// action, as merged os-api-ref action sections do. `None` when the body
/// is not such a set.
fn action_branches(shape: &Shape, samples: &[Sample]) -> Option<Vec<Branch>> {
    if shape.types != Types::OBJECT || shape.additional.is_some() {
        return None;
    }
    let mut actions: Vec<(&str, Vec<String>)> = Vec::new();
    for sample in samples {
        let Value::Object(map) = &sample.body else {
            return None;
        };
        let [key] = map.keys().collect::<Vec<_>>()[..] else {
            return None;
        };
        match actions.iter_mut().find(|(k, _)| k == key) {
            Some((_, titles)) => titles.push(sample.title.trim().to_string()),
            None => actions.push((key, vec![sample.title.trim().to_string()])),
        }
    }
    let sampled = |name: &String| actions.iter().any(|(k, _)| k == name);
    if actions.len() < 2 || !shape.properties.iter().all(|(name, _)| sampled(name)) {
        return None;
    }
    let branches = shape
        .properties
        .iter()
        .map(|(name, member)| {
            let titles = actions
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, t)| t.clone())
                .unwrap_or_default();
            let mut only = Shape::of_types(Types::OBJECT);
            only.description = shape.description.clone();
            only.properties = vec![(name.clone(), member.clone())];
            Branch {
                shape: only,
                discriminators: vec![name.clone()],
                keys: vec![name.clone()],
                titles,
            }
        })
        .collect();
    Some(branches)
}

/// `oneOf` over `branches`, merged until no body can match two of them.
fn one_of(mut branches: Vec<Branch>, mut actions: Option<&mut Actions<'_>>) -> Option<Schema> {
    // Merge until no body can match two branches; deterministic because
    // it always merges the first overlapping pair in document order.
    loop {
        let pair = (0..branches.len()).find_map(|i| {
            (i + 1..branches.len())
                .find(|&j| match (branches.get(i), branches.get(j)) {
                    (Some(a), Some(b)) => a.overlaps(b),
                    _ => false,
                })
                .map(|j| (i, j))
        });
        let Some((i, j)) = pair else { break };
        let later = branches.remove(j);
        let earlier = branches.remove(i);
        branches.insert(i, earlier.merge(later));
    }
    if branches.len() == 1 {
        return branches.pop().map(|b| {
            let title = b.titles.join(" / ");
            b.into_schema(title, None)
        });
    }
    let mut one_of = OneOf::new();
    // Titles name generated types (openapi-python-client makes a class of
    // each branch by its title): a repeated one says which action it is.
    let mut titles: BTreeSet<String> = BTreeSet::new();
    for b in branches {
        let mut title = b.titles.join(" / ");
        if !titles.insert(title.clone()) {
            title = format!("{title} ({})", b.action_name());
            titles.insert(title.clone());
        }
        let action = actions.as_deref_mut().map(|a| a.name(&b));
        one_of.items.push(RefOr::T(b.into_schema(title, action)));
    }
    Some(Schema::OneOf(one_of))
}

/// `application/json` content with every sample as a named example.
fn content<'s>(schema: Schema, samples: impl Iterator<Item = &'s Sample>) -> Content {
    let mut content = Content::new(Some(RefOr::T(schema)));
    let mut keys = BTreeSet::new();
    for sample in samples {
        let (key, example) = example(sample, &mut keys);
        content.examples.insert(key, RefOr::T(example));
    }
    content
}

fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == '.' || c == '_' {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

/// A named example. Keys come from the sample file (else the title) and
/// carry the microversion, so samples of different versions stay apart.
fn example(sample: &Sample, used: &mut BTreeSet<String>) -> (String, Example) {
    let stem = sample
        .file
        .as_deref()
        .and_then(|f| f.file_stem())
        .map(|s| slug(&s.to_string_lossy()))
        .filter(|s| !s.is_empty());
    let mut base = stem
        .or_else(|| Some(slug(&sample.title)).filter(|s| !s.is_empty()))
        .unwrap_or_else(|| "example".to_string());
    let mut summary = sample.title.trim().to_string();
    if let Some(mv) = sample.microversion {
        let mv = mv.to_string();
        if !base.contains(&mv) {
            base = format!("{base}-v{mv}");
        }
        if !summary.contains(&mv) {
            summary = if summary.is_empty() {
                format!("Microversion {mv}")
            } else {
                format!("{summary} (v{mv})")
            };
        }
    }
    let mut key = base.clone();
    let mut n = 2;
    while !used.insert(key.clone()) {
        key = format!("{base}-{n}");
        n += 1;
    }
    let mut example = Example::new();
    example.summary = if summary.is_empty() {
        key.clone()
    } else {
        summary
    };
    example.value = Some(sample.body.clone());
    (key, example)
}

struct StatusAcc<'a> {
    description: String,
    range: Option<VersionRange>,
    headers: Vec<&'a Parameter>,
    shape: Option<Shape>,
    samples: Vec<&'a Sample>,
    media: Vec<&'a speclift_model::Media>,
}

fn responses(
    group: &Group<'_>,
    cx: &mut Context<'_, '_>,
    diags: &mut Diagnostics,
) -> BTreeMap<String, RefOr<Response>> {
    let mut by_code: BTreeMap<u16, StatusAcc<'_>> = BTreeMap::new();
    for v in &group.variants {
        for r in &v.op.responses {
            let range = versions::intersect(v.op.microversions, r.status.microversions);
            let shape = cx.body(v.op, range, &r.body, &r.samples, diags);
            let acc = by_code.entry(r.status.code).or_insert_with(|| StatusAcc {
                description: String::new(),
                range: None,
                headers: Vec::new(),
                shape: None,
                samples: Vec::new(),
                media: Vec::new(),
            });
            if acc.description.is_empty() {
                acc.description = r.status.description.trim().to_string();
            }
            acc.range = Some(match acc.range {
                Some(range) => range.union(r.status.microversions),
                None => r.status.microversions,
            });
            for h in &r.headers {
                let known = acc
                    .headers
                    .iter()
                    .any(|k| k.name.eq_ignore_ascii_case(&h.name));
                if !known {
                    acc.headers.push(h);
                }
            }
            acc.shape = crate::shape::merge_opt(acc.shape.take(), shape);
            acc.samples.extend(r.samples.iter());
            acc.media.extend(r.media.iter());
        }
    }
    by_code
        .into_iter()
        .map(|(code, acc)| {
            let description = if acc.description.is_empty() {
                StatusCode::reason_phrase(code).to_string()
            } else {
                acc.description
            };
            let mut response = Response::new(description);
            for h in acc.headers {
                let mut header = Header::default();
                header.schema = Some(RefOr::T(param_schema(h, diags)));
                let d = h.description.trim();
                header.description = (!d.is_empty()).then(|| d.to_string());
                response.headers.insert(h.name.clone(), RefOr::T(header));
            }
            if let Some(shape) = acc.shape {
                response.content.insert(
                    JSON.into(),
                    RefOr::T(content(shape.to_schema(), acc.samples.into_iter())),
                );
            }
            for m in crate::media::merged(acc.media.into_iter()) {
                response
                    .content
                    .insert(m.media_type.clone(), RefOr::T(crate::media::content(&m)));
            }
            response.extensions = vendor_extensions(range_vendor(&acc.range.unwrap_or_default()));
            (code.to_string(), RefOr::T(response))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_section_of_several_actions_gets_a_branch_per_action() {
        use speclift_diag::{Location, path};
        let sample = |title: &str, body: Value| Sample {
            title: title.into(),
            microversion: None,
            file: None,
            body,
            location: Location::new(path("a.rst"), 1, 1),
        };
        let samples = [
            sample("Start", json!({"start": {}})),
            sample("Reboot", json!({"reboot": {"type": "SOFT"}})),
            sample("Hard reboot", json!({"reboot": {"type": "HARD"}})),
        ];
        let shape = samples
            .iter()
            .map(|s| Shape::infer(&s.body))
            .reduce(Shape::merge)
            .unwrap();
        let branches = action_branches(&shape, &samples).expect("two actions");
        let schema = serde_json::to_value(one_of(branches, None).unwrap()).unwrap();
        let branches = schema["oneOf"].as_array().unwrap();
        assert_eq!(branches.len(), 2);
        assert_eq!(branches[0]["required"], json!(["start"]));
        assert_eq!(branches[1]["title"], json!("Reboot / Hard reboot"));
        assert_eq!(branches[1]["propertyNames"]["enum"], json!(["reboot"]));
        // One action only, or a body with two keys: no split.
        assert!(action_branches(&shape, &samples[1..]).is_none());
        let both = [sample("Both", json!({"start": {}, "reboot": {}}))];
        assert!(action_branches(&Shape::infer(&both[0].body), &both).is_none());
    }

    #[test]
    fn example_keys_are_unique_and_carry_the_microversion() {
        use speclift_diag::{Location, path};
        use speclift_model::Microversion;
        let s = |file: Option<&str>, title: &str, mv: Option<Microversion>| Sample {
            title: title.into(),
            microversion: mv,
            file: file.map(Into::into),
            body: json!({}),
            location: Location::new(path("a.rst"), 1, 1),
        };
        let mut used = BTreeSet::new();
        let (k1, e1) = example(
            &s(Some("samples/volume-create-request.json"), "Create", None),
            &mut used,
        );
        let (k2, _) = example(
            &s(Some("samples/volume-create-request.json"), "Create", None),
            &mut used,
        );
        let (k3, e3) = example(
            &s(
                Some("v3.47/volume-create-request.json"),
                "Create",
                Some(Microversion::new(3, 47)),
            ),
            &mut used,
        );
        let (k4, _) = example(&s(None, "Example: Extend a volume!", None), &mut used);
        let (k5, _) = example(&s(None, "", None), &mut used);
        assert_eq!(k1, "volume-create-request");
        assert_eq!(e1.summary, "Create");
        assert_eq!(k2, "volume-create-request-2");
        assert_eq!(k3, "volume-create-request-v3.47");
        assert_eq!(e3.summary, "Create (v3.47)");
        assert_eq!(k4, "example-extend-a-volume");
        assert_eq!(k5, "example");
    }

    #[test]
    fn every_code_has_a_reason() {
        assert_eq!(StatusCode::reason_phrase(404), "Not Found");
        assert_eq!(StatusCode::reason_phrase(599), "Response");
    }
}
