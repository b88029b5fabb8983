//! One OpenAPI operation from a group of sections documenting the same
//! method and path (usually one; many for `POST …/action`).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};
use speclift_diag::{Diagnostic, Diagnostics};
use speclift_infer::versions::range_vendor;
use speclift_infer::{InferredOperation, RequestSchema, Shape, StatusTables};
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

use crate::Coverage;
use crate::Want;
use crate::operation_ids::{action_id, action_resource};
use crate::paths::{Group, template_names};
use crate::schema::{VENDOR_KEY, to_schema};

const JSON: &str = "application/json";

/// What building one operation reads and adds to beyond its sections.
pub(crate) struct Context<'c> {
    /// Section title → tag name.
    pub tag_names: &'c crate::tags::TagNames,
    /// Where path parameters find their examples.
    pub sample_values: &'c crate::path_examples::SampleValues,
    pub coverage: &'c mut Coverage,
    /// Under [`Want::Diagnostics`], no examples nor body contents.
    pub want: Want,
}

/// What [`speclift_infer::operation`] makes of the group's bodies: the
/// most of building an operation, and a function of its group alone, so
/// the groups are inferred side by side before they are built in turn.
pub(crate) fn infer(group: &Group<'_>, status_tables: &StatusTables<'_>) -> InferredOperation {
    let variants: Vec<&speclift_model::Operation> = group.variants.iter().map(|v| v.op).collect();
    speclift_infer::operation(group.method, &group.path, &variants, status_tables)
}

/// Names the actions of an action endpoint's request alternatives (under
/// `x-openstack`), unique among `names`: the operation and action ids
/// given so far. The one step of building that depends on the operations
/// before, so it is done for all of them in turn, and the rest of each
/// operation built side by side ([`build`]).
pub(crate) fn name_actions(
    group: &Group<'_>,
    inferred: &mut InferredOperation,
    names: &mut BTreeSet<String>,
) {
    if !group.path.trim_end_matches('/').ends_with("/action") {
        return;
    }
    let Some(RequestSchema::OneOf(alternatives)) =
        inferred.request.as_mut().and_then(|r| r.json.as_mut())
    else {
        return;
    };
    let mut actions = Actions {
        resource: action_resource(&group.path),
        names,
    };
    for alternative in alternatives {
        let id = actions.name(&alternative.action);
        alternative
            .shape
            .vendor
            .insert(ext::ACTION_ID.into(), Value::String(id));
    }
}

/// The operation of `group`, its bodies as `inferred` ([`infer`]), its
/// actions named ([`name_actions`]).
pub(crate) fn build(
    group: &Group<'_>,
    id: String,
    inferred: InferredOperation,
    cx: &mut Context<'_>,
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
            if p.parameter_in != ParameterIn::Path || cx.want == Want::Diagnostics {
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
    let InferredOperation {
        request,
        responses: mut bodies,
        coverage,
        diagnostics,
    } = inferred;
    *cx.coverage += coverage;
    diags.extend(diagnostics);
    if cx.want == Want::Document {
        op.request_body = request.map(|r| RefOr::T(request_body(group, r)));
    }
    op.responses.responses = responses(group, &mut bodies, cx.want, diags);
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
    to_schema(&speclift_infer::parameter(param, diags))
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
    // Sized for every parameter at once: a parameter is 984 bytes, and the
    // list grown by pushing copied them at each doubling.
    let most = group
        .variants
        .iter()
        .map(|v| v.op.request.parameters.len())
        .sum();
    let mut out: Vec<(OaParameter, usize)> = Vec::with_capacity(most);
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
        p.schema = Some(RefOr::T(to_schema(&Shape::of_types(
            speclift_infer::types::Types::STRING,
        ))));
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

/// Names the actions of an action endpoint (`POST …/action`): each
/// branch gets `<resource><Action>` (`volumeExtend`) under `x-openstack`,
/// unique among the document's operation and action ids.
pub(crate) struct Actions<'n> {
    resource: String,
    names: &'n mut BTreeSet<String>,
}

impl Actions<'_> {
    fn name(&mut self, action: &str) -> String {
        let base = action_id(&self.resource, action);
        let mut id = base.clone();
        let mut n = 2;
        while !self.names.insert(id.clone()) {
            id = format!("{base}{n}");
            n += 1;
        }
        id
    }
}

/// The request body: the inferred JSON schema (its alternatives named as
/// actions on an action endpoint by [`name_actions`]), samples as
/// examples, other media.
fn request_body(group: &Group<'_>, request: speclift_infer::InferredRequest) -> RequestBody {
    let mut body = RequestBody::new();
    if let Some(json) = request.json {
        let schema = match json {
            RequestSchema::One(shape) => to_schema(&shape),
            RequestSchema::OneOf(alternatives) => {
                let mut one_of = OneOf::new();
                for alternative in alternatives {
                    one_of.items.push(RefOr::T(to_schema(&alternative.shape)));
                }
                Schema::OneOf(one_of)
            }
        };
        let samples = group
            .variants
            .iter()
            .flat_map(|v| v.op.request.samples.iter());
        body.content
            .insert(JSON.into(), RefOr::T(content(schema, samples)));
    }
    let media = crate::media::merged(
        group
            .variants
            .iter()
            .flat_map(|v| v.op.request.media.iter()),
    );
    for m in &media {
        body.content
            .insert(m.media_type.clone(), RefOr::T(crate::media::content(m)));
    }
    if request.required {
        body.required = Some(Required::True);
    }
    body
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
    let key = crate::claim_unique(used, &base, "-");
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
    samples: Vec<&'a Sample>,
    media: Vec<&'a speclift_model::Media>,
}

/// The responses by status code; `bodies` are the inferred JSON bodies.
fn responses(
    group: &Group<'_>,
    bodies: &mut BTreeMap<u16, Shape>,
    want: Want,
    diags: &mut Diagnostics,
) -> BTreeMap<String, RefOr<Response>> {
    let mut by_code: BTreeMap<u16, StatusAcc<'_>> = BTreeMap::new();
    for v in &group.variants {
        for r in &v.op.responses {
            let acc = by_code.entry(r.status.code).or_insert_with(|| StatusAcc {
                description: String::new(),
                range: None,
                headers: Vec::new(),
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
            // Bodies were inferred (with their findings) before; their
            // schemas and examples say nothing more.
            let body = match want {
                Want::Document => bodies.remove(&code),
                Want::Diagnostics => None,
            };
            let media = crate::media::merged(acc.media.into_iter());
            // Sized exactly: a `Content` is 1.8 KB, and a map grown by
            // inserting holds room for three.
            response
                .content
                .reserve_exact(usize::from(body.is_some()) + media.len());
            if let Some(shape) = body {
                response.content.insert(
                    JSON.into(),
                    RefOr::T(content(to_schema(&shape), acc.samples.into_iter())),
                );
            }
            for m in media {
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
