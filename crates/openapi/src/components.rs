//! Repeated schemas and path parameters move to `components`, referenced
//! by `$ref`, under names a person would choose: the wrapper key in
//! PascalCase (`Attachment`, `VolumeAttachment`), a generic key prefixed
//! with what it belongs to (`SnapshotMetadata`), whole bodies by method
//! (`AttachmentCreateRequest`, `AttachmentUpdateRequest`, `…Response`).
//!
//! Only byte-identical schemas are shared (descriptions and vendor data
//! included), so a reference never changes what a spot says. Names are
//! given in document order, so they are stable across runs.

use std::collections::BTreeMap;

use utoipa::openapi::path::{Operation, Parameter, ParameterIn, PathItem};
use utoipa::openapi::schema::{AdditionalProperties, ArrayItems, Schema};
use utoipa::openapi::{Components, OpenApi, Ref, RefOr};

/// Keys that say what a value is but not whose: named after their owner.
const GENERIC: [&str; 5] = ["metadata", "links", "extra_specs", "properties", "items"];

/// Where a schema sits, for naming it.
#[derive(Clone, Debug, Default)]
struct At {
    /// The key it is the value of (for array items: the array's key).
    key: Option<String>,
    in_items: bool,
    /// The nearest enclosing non-generic key.
    owner: Option<String>,
    /// The resource the path names (`snapshots` in `…/snapshots/{id}`).
    resource: String,
    /// A generic collection under it (`extra_specs` in
    /// `…/types/{id}/extra_specs/{key}`), else empty.
    sub: String,
    /// For a body's root: the suffix (`CreateRequest`, `Response`).
    body: Option<&'static str>,
}

pub(crate) fn extract(openapi: &mut OpenApi) {
    let mut components = openapi.components.take().unwrap_or_default();
    extract_schemas(openapi, &mut components);
    extract_path_parameters(openapi, &mut components);
    openapi.components = Some(components);
}

fn key_of(schema: &Schema) -> Option<String> {
    let sharable = match schema {
        Schema::Object(o) => !o.properties.is_empty() || o.additional_properties.is_some(),
        Schema::OneOf(_) => true,
        _ => false,
    };
    sharable
        .then(|| serde_json::to_string(schema).ok())
        .flatten()
}

fn extract_schemas(openapi: &mut OpenApi, components: &mut Components) {
    // Keys of schemas already in components, so repeats point at them.
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    for (name, schema) in &components.schemas {
        if let RefOr::T(s) = schema
            && let Some(key) = key_of(s)
        {
            names.insert(key, name.clone());
        }
    }
    // Each round shares the outermost repeats; repeats inside them become
    // visible (and are shared) in the next round.
    for _round in 0..16 {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        visit(openapi, components, &mut |schema, _| {
            if let RefOr::T(s) = schema
                && let Some(key) = key_of(s)
            {
                *counts.entry(key).or_default() += 1;
            }
            true
        });
        let mut added: Vec<(String, Schema)> = Vec::new();
        visit(openapi, components, &mut |schema, at| {
            let RefOr::T(s) = schema else { return false };
            let Some(key) = key_of(s) else { return true };
            if counts.get(&key).copied().unwrap_or_default() < 2 {
                return true;
            }
            let name = match names.get(&key) {
                Some(name) => name.clone(),
                None => {
                    let name = unique(&names, &base_name(at, s));
                    names.insert(key, name.clone());
                    added.push((name.clone(), s.clone()));
                    name
                }
            };
            *schema = RefOr::Ref(Ref::from_schema_name(name));
            false
        });
        if added.is_empty() {
            break;
        }
        for (name, schema) in added {
            components.schemas.insert(name, RefOr::T(schema));
        }
    }
}

fn unique(names: &BTreeMap<String, String>, base: &str) -> String {
    let taken = |n: &str| names.values().any(|v| v == n);
    let mut name = base.to_string();
    let mut n = 2;
    while taken(&name) {
        name = format!("{base}{n}");
        n += 1;
    }
    name
}

fn base_name(at: &At, schema: &Schema) -> String {
    if let Some(suffix) = at.body {
        let core = match schema {
            Schema::Object(o) if o.properties.len() == 1 => {
                let (key, value) = o.properties.iter().next().expect("one property");
                let key = key.as_str();
                if is_undocumented(value) {
                    // Its key is sample data (`{"key1": "value1"}`): name
                    // the body after what the path addresses.
                    format!(
                        "{}{}",
                        pascal(&singular(&at.resource)),
                        pascal(&singular(&at.sub))
                    )
                } else if GENERIC.contains(&key) {
                    format!("{}{}", pascal(&singular(&at.resource)), pascal(key))
                } else {
                    pascal(key)
                }
            }
            _ => pascal(&singular(&at.resource)),
        };
        return format!("{core}{suffix}");
    }
    let key = at.key.as_deref().unwrap_or_default();
    // A key that is data (an id in a map sample) names nothing.
    if key.starts_with(|c: char| c.is_ascii_digit()) {
        let owner = at.owner.as_deref().unwrap_or(&at.resource);
        return format!("{}Value", pascal(&singular(owner)));
    }
    let core = if at.in_items {
        pascal(&singular(key))
    } else {
        pascal(key)
    };
    let core = if GENERIC.contains(&key) {
        let owner = at.owner.as_deref().unwrap_or(&at.resource);
        format!("{}{core}", pascal(&singular(owner)))
    } else {
        core
    };
    if core.is_empty() {
        "Schema".into()
    } else {
        core
    }
}

/// `volumeAttachment` → `VolumeAttachment`, `os-extend` → `OsExtend`.
fn pascal(text: &str) -> String {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            // An all-caps word (`__DEFAULT__`) reads as a word, not a shout.
            let w = if w.chars().all(|c| !c.is_ascii_lowercase()) {
                w.to_ascii_lowercase()
            } else {
                w.to_string()
            };
            let mut chars = w.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

pub(crate) fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies") {
        return format!("{stem}y");
    }
    for ending in ["sses", "xes", "ches", "shes"] {
        if word.ends_with(ending) {
            return word.get(..word.len() - 2).unwrap_or(word).to_string();
        }
    }
    match word.strip_suffix('s') {
        Some(stem) if !stem.ends_with(['s', 'u']) && !stem.is_empty() => stem.to_string(),
        _ => word.to_string(),
    }
}

/// Whether a schema spot is marked `x-openstack: {undocumented: true}`.
fn is_undocumented(schema: &RefOr<Schema>) -> bool {
    let RefOr::T(Schema::Object(o)) = schema else {
        return false;
    };
    o.extensions
        .as_ref()
        .and_then(|e| e.get(crate::shape::VENDOR_KEY))
        .and_then(|v| v.get("undocumented"))
        .and_then(serde_json::Value::as_bool)
        .unwrap_or(false)
}

/// The last non-template segment when it is a generic collection
/// (`extra_specs`, `metadata`), else empty.
fn sub_collection(path: &str) -> String {
    path.split('/')
        .rfind(|s| !s.is_empty() && !s.starts_with('{'))
        .filter(|s| GENERIC.contains(s))
        .unwrap_or_default()
        .to_string()
}

/// The last path segment that is neither a template nor `action`/`detail`.
pub(crate) fn resource(path: &str) -> String {
    path.split('/')
        .filter(|s| !s.is_empty() && !s.starts_with('{'))
        .rfind(|s| !matches!(*s, "action" | "detail") && !GENERIC.contains(s))
        .unwrap_or_default()
        .to_string()
}

type Visitor<'f> = dyn FnMut(&mut RefOr<Schema>, &At) -> bool + 'f;

/// Calls `f` on every schema spot of the paths (bodies, parameters) and
/// inside every component schema (not on component roots); descends where
/// `f` returns true.
fn visit(openapi: &mut OpenApi, components: &mut Components, f: &mut Visitor<'_>) {
    for (path, item) in openapi.paths.paths.iter_mut() {
        let res = resource(path);
        let sub = sub_collection(path);
        for (op, request_suffix) in operations_mut(item) {
            visit_operation(op, &res, &sub, request_suffix, f);
        }
    }
    for (name, schema) in components.schemas.iter_mut() {
        if let RefOr::T(s) = schema {
            let at = At {
                owner: Some(name.clone()),
                ..At::default()
            };
            children(s, &at, f);
        }
    }
}

/// The operations of a path item, each with the suffix that names its
/// request body (`CreateRequest` for `post`).
fn operations_mut(item: &mut PathItem) -> impl Iterator<Item = (&mut Operation, &'static str)> {
    [
        (&mut item.get, "GetRequest"),
        (&mut item.put, "UpdateRequest"),
        (&mut item.post, "CreateRequest"),
        (&mut item.delete, "DeleteRequest"),
        (&mut item.patch, "PatchRequest"),
        (&mut item.head, "HeadRequest"),
        (&mut item.options, "OptionsRequest"),
        (&mut item.trace, "TraceRequest"),
    ]
    .into_iter()
    .filter_map(|(op, suffix)| Some((op.as_mut()?, suffix)))
    // Other methods (`COPY`) have no verb to name their bodies by.
    .chain(
        item.additional_operations
            .values_mut()
            .map(|op| (op, "Request")),
    )
}

fn visit_operation(
    op: &mut Operation,
    resource: &str,
    sub: &str,
    request_suffix: &'static str,
    f: &mut Visitor<'_>,
) {
    let base = At {
        resource: resource.to_string(),
        sub: sub.to_string(),
        ..At::default()
    };
    if let Some(RefOr::T(body)) = op.request_body.as_mut() {
        for content in body.content.values_mut() {
            if let RefOr::T(content) = content
                && let Some(schema) = content.schema.as_mut()
            {
                let at = At {
                    body: Some(request_suffix),
                    ..base.clone()
                };
                node(schema, &at, f);
            }
        }
    }
    for response in op.responses.responses.values_mut() {
        if let RefOr::T(response) = response {
            for content in response.content.values_mut() {
                if let RefOr::T(content) = content
                    && let Some(schema) = content.schema.as_mut()
                {
                    let at = At {
                        body: Some("Response"),
                        ..base.clone()
                    };
                    node(schema, &at, f);
                }
            }
        }
    }
}

fn node(schema: &mut RefOr<Schema>, at: &At, f: &mut Visitor<'_>) {
    if f(schema, at)
        && let RefOr::T(s) = schema
    {
        children(s, at, f);
    }
}

fn children(schema: &mut Schema, at: &At, f: &mut Visitor<'_>) {
    let owner = match at.key.as_deref() {
        Some(k) if !GENERIC.contains(&k) => Some(k.to_string()),
        _ => at.owner.clone(),
    };
    let child = |key: Option<&str>, in_items: bool| At {
        key: key.map(str::to_string),
        in_items,
        owner: owner.clone(),
        resource: at.resource.clone(),
        sub: at.sub.clone(),
        body: None,
    };
    match schema {
        Schema::Object(o) => {
            for (key, value) in o.properties.iter_mut() {
                node(value, &child(Some(key), false), f);
            }
            if let Some(additional) = o.additional_properties.as_deref_mut()
                && let AdditionalProperties::RefOr(value) = additional
            {
                node(value, &child(at.key.as_deref(), true), f);
            }
        }
        Schema::Array(a) => {
            if let ArrayItems::RefOrSchema(items) = &mut a.items {
                node(items, &child(at.key.as_deref(), true), f);
            }
        }
        Schema::OneOf(one) => {
            for branch in &mut one.items {
                node(branch, &child(at.key.as_deref(), false), f);
            }
        }
        _ => {}
    }
}

/// Path parameters written identically in two or more operations.
fn extract_path_parameters(openapi: &mut OpenApi, components: &mut Components) {
    let key_of = |p: &Parameter| {
        (p.parameter_in == ParameterIn::Path)
            .then(|| serde_json::to_string(p).ok())
            .flatten()
    };
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    for pass in 0..2 {
        for item in openapi.paths.paths.values_mut() {
            for (op, _) in operations_mut(item) {
                for param in op.parameters.iter_mut().flatten() {
                    let RefOr::T(p) = param else { continue };
                    let Some(key) = key_of(p) else { continue };
                    if pass == 0 {
                        *counts.entry(key).or_default() += 1;
                        continue;
                    }
                    if counts.get(&key).copied().unwrap_or_default() < 2 {
                        continue;
                    }
                    let name = match names.get(&key) {
                        Some(n) => n.clone(),
                        None => {
                            let base = component_name(&p.name);
                            let mut name = base.clone();
                            let mut n = 2;
                            while components.parameters.contains_key(&name) {
                                name = format!("{base}-{n}");
                                n += 1;
                            }
                            components
                                .parameters
                                .insert(name.clone(), RefOr::T(p.clone()));
                            names.insert(key, name.clone());
                            name
                        }
                    };
                    *param = RefOr::Ref(Ref::new(format!("#/components/parameters/{name}")));
                }
            }
        }
    }
}

/// A parameter name fit for `components` (`^[a-zA-Z0-9.\-_]+$`).
fn component_name(name: &str) -> String {
    let clean: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if clean.is_empty() {
        "parameter".into()
    } else {
        clean
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_people_would_choose() {
        assert_eq!(pascal("volumeAttachment"), "VolumeAttachment");
        assert_eq!(pascal("os-extend"), "OsExtend");
        assert_eq!(pascal("attachment"), "Attachment");
        assert_eq!(pascal("gigabytes___DEFAULT__"), "GigabytesDefault");
        assert_eq!(
            sub_collection("/v3/{project_id}/types/{volume_type_id}/extra_specs/{key}"),
            "extra_specs"
        );
        assert_eq!(
            sub_collection("/v3/{project_id}/types/{volume_type_id}"),
            ""
        );
        assert_eq!(singular("snapshots"), "snapshot");
        assert_eq!(singular("policies"), "policy");
        assert_eq!(singular("addresses"), "address");
        assert_eq!(singular("status"), "status");
        assert_eq!(singular("class"), "class");
        assert_eq!(
            resource("/v2/{project_id}/snapshots/{snapshot_id}/metadata"),
            "snapshots"
        );
        assert_eq!(
            resource("/v3/{project_id}/volumes/{volume_id}/action"),
            "volumes"
        );
        let metadata = At {
            key: Some("metadata".into()),
            owner: Some("snapshot".into()),
            resource: "snapshots".into(),
            ..At::default()
        };
        assert_eq!(base_name(&metadata, &Schema::default()), "SnapshotMetadata");
        let item = At {
            key: Some("attachments".into()),
            in_items: true,
            ..At::default()
        };
        assert_eq!(base_name(&item, &Schema::default()), "Attachment");
        assert_eq!(component_name("OS-SCH-HNT:hints"), "OS-SCH-HNT_hints");
    }
}
