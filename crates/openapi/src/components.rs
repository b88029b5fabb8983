//! Repeated schemas and path parameters move to `components`, referenced
//! by `$ref`, under names a person would choose: the wrapper key in
//! PascalCase (`Attachment`, `VolumeAttachment`), a generic key prefixed
//! with what it belongs to (`SnapshotMetadata`), whole bodies by method
//! (`AttachmentCreateRequest`, `AttachmentUpdateRequest`, `…Response`).
//!
//! Only schemas written alike are shared (descriptions and vendor data
//! included; told apart by a key of their whole text, see [`keys`]), so a
//! reference never changes what a spot says. Names are given in document
//! order, so they are stable across runs.

mod keys;

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::FxHashMap;

use utoipa::openapi::path::{Operation, Parameter, ParameterIn, PathItem};
use utoipa::openapi::schema::{
    AdditionalProperties, AnyOf, ArrayItems, Object, Schema, SchemaType, Type,
};
use utoipa::openapi::{Components, OpenApi, Ref, RefOr};

use keys::{Key, Keyer};

// The resource words inference names wrappers by, shared so a body's
// wrapper and its component are named alike.
pub(crate) use speclift_infer::names::{GENERIC, resource, singular};

/// Where a schema sits, for naming it. Borrowed from the document: a walk
/// meets every schema spot, and names are made for a few.
#[derive(Clone, Copy, Debug, Default)]
struct At<'a> {
    /// The key it is the value of (for array items: the array's key).
    key: Option<&'a str>,
    in_items: bool,
    /// The nearest enclosing non-generic key.
    owner: Option<&'a str>,
    /// The resource the path names (`snapshots` in `…/snapshots/{id}`).
    resource: &'a str,
    /// A generic collection under it (`extra_specs` in
    /// `…/types/{id}/extra_specs/{key}`), else empty.
    sub: &'a str,
    /// For a body's root: the suffix (`CreateRequest`, `Response`).
    body: Option<&'static str>,
}

pub(crate) fn extract(openapi: &mut OpenApi) {
    let mut components = openapi.components.take().unwrap_or_default();
    extract_schemas(openapi, &mut components);
    separate_generated_names(&mut components);
    separate_case_twins(openapi, &mut components);
    extract_path_parameters(openapi, &mut components);
    openapi.components = Some(components);
}

/// `schema`'s key ([`keys`]) when it is sharable.
fn key_of(schema: &mut Schema) -> Option<Key> {
    if !keys::sharable(schema) {
        return None;
    }
    Keyer::default().key(schema)
}

fn extract_schemas(openapi: &mut OpenApi, components: &mut Components) {
    // Keys of schemas already in components, so repeats point at them.
    let mut names: BTreeMap<Key, String> = BTreeMap::new();
    for (name, schema) in components.schemas.iter_mut() {
        if let RefOr::T(s) = schema
            && let Some(key) = key_of(s)
        {
            names.insert(key, name.clone());
        }
    }
    // Each round shares the outermost repeats; repeats inside them become
    // visible (and are shared) in the next round.
    for _round in 0..16 {
        // Each distinct key once, with how many spots have it; each spot's
        // key by the address of its schema, for the second walk, which
        // meets the same schemas at the same addresses: it only replaces
        // spots, and then does not descend into them.
        let mut ids: FxHashMap<Key, usize> = FxHashMap::default();
        let mut counts: Vec<usize> = Vec::new();
        let mut spots: FxHashMap<usize, usize> = FxHashMap::default();
        for (spot, key) in keyed_spots(openapi, components) {
            let next = ids.len();
            let id = *ids.entry(key).or_insert(next);
            if id == counts.len() {
                counts.push(0);
            }
            counts[id] += 1;
            spots.insert(spot, id);
        }
        let mut keys: Vec<Key> = vec![0; ids.len()];
        for (key, id) in ids {
            keys[id] = key;
        }
        let mut added: Vec<(String, Schema)> = Vec::new();
        visit(openapi, components, &mut |schema, at| {
            let RefOr::T(s) = schema else { return false };
            let Some(&id) = spots.get(&(&raw const *s).addr()) else {
                return true;
            };
            if counts.get(id).copied().unwrap_or_default() < 2 {
                return true;
            }
            // A nullable object is shared as the object, and the spot says
            // "or null": generators that cannot nest a nullable model in
            // a nullable model (openapi-python-client) read it.
            let mut core = without_null(s);
            let core_key = match &mut core {
                Some(core) => key_of(core),
                // Not nullable: the spot is its own core, key known.
                None => keys.get(id).copied(),
            };
            let Some(core_key) = core_key else {
                return true;
            };
            let nullable = core.is_some();
            let name = match names.get(&core_key) {
                Some(name) => name.clone(),
                None => {
                    let core = core.unwrap_or_else(|| s.clone());
                    let name = unique(&names, &base_name(at, &core));
                    names.insert(core_key, name.clone());
                    added.push((name.clone(), core));
                    name
                }
            };
            *schema = reference_to(name, nullable);
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

/// Client generators name an inline object after its owner and key
/// (openapi-python-client: component `Flavor`, key `extra_specs` →
/// `FlavorExtraSpecs`, array items `…Item`). Where that name is another
/// component's, the generator drops one of the two and every reference to
/// it fails ("Could not find reference in parsed models"): such an inline
/// object becomes a component of its own, under a name of its own, so
/// every generated type has one.
fn separate_generated_names(components: &mut Components) {
    let mut taken: BTreeSet<String> = components.schemas.keys().cloned().collect();
    let names: Vec<String> = components.schemas.keys().cloned().collect();
    let mut added: Vec<(String, Schema)> = Vec::new();
    for name in names {
        if let Some(RefOr::T(schema)) = components.schemas.get_mut(&name) {
            separate(schema, &name, &mut taken, &mut added);
        }
    }
    // A separated object's own keys derive from its new name: their
    // collisions are handled where it was separated (`separate` recurses
    // before moving it).
    for (name, schema) in added {
        components.schemas.insert(name, RefOr::T(schema));
    }
}

/// Keys that differ only in case or punctuation (a CFN template's
/// `Parameters` beside a HOT template's `parameters` in one merged body)
/// become one identifier in generated code, and their inline objects one
/// type name: the generator keeps one and drops the other's response. The
/// later twin's object becomes a component (its name is its own), which
/// says the same.
fn separate_case_twins(openapi: &mut OpenApi, components: &mut Components) {
    let mut taken: BTreeSet<String> = components.schemas.keys().cloned().collect();
    let mut added: Vec<(String, Schema)> = Vec::new();
    visit(openapi, components, &mut |schema, _| {
        let RefOr::T(Schema::Object(o)) = schema else {
            return true;
        };
        let mut seen: BTreeSet<String> = BTreeSet::new();
        for (key, value) in o.properties.iter_mut() {
            let identifier: String = key
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .map(|c| c.to_ascii_lowercase())
                .collect();
            if seen.insert(identifier) {
                continue;
            }
            let RefOr::T(inner) = value else { continue };
            let (core, nullable) = match without_null(inner) {
                Some(core) => (core, true),
                None => (inner.clone(), false),
            };
            let is_model = matches!(&core, Schema::Object(c)
                if c.schema_type == SchemaType::Type(Type::Object));
            if !is_model {
                continue;
            }
            let name = crate::claim_unique(&mut taken, &pascal(key), "");
            added.push((name.clone(), core));
            *value = reference_to(name, nullable);
        }
        true
    });
    for (name, schema) in added {
        components.schemas.insert(name, RefOr::T(schema));
    }
}

fn separate(
    schema: &mut Schema,
    derived: &str,
    taken: &mut BTreeSet<String>,
    added: &mut Vec<(String, Schema)>,
) {
    let mut visit = |value: &mut RefOr<Schema>, name: String| {
        let RefOr::T(inner) = value else { return };
        let is_model = matches!(inner, Schema::Object(o)
            if o.schema_type == SchemaType::Type(Type::Object));
        if is_model && taken.contains(&name) {
            let own = crate::claim_unique(taken, &name, "");
            separate(inner, &own, taken, added);
            added.push((own.clone(), inner.clone()));
            *value = RefOr::Ref(Ref::from_schema_name(own));
        } else {
            separate(inner, &name, taken, added);
        }
    };
    match schema {
        Schema::Object(o) => {
            for (key, value) in o.properties.iter_mut() {
                visit(value, format!("{derived}{}", pascal(key)));
            }
        }
        Schema::Array(a) => {
            if let ArrayItems::RefOrSchema(items) = &mut a.items {
                visit(items, format!("{derived}Item"));
            }
        }
        _ => {}
    }
}

/// `s` without `null` among its types when it had it (an object that may
/// be null: `type: [object, null]`); `None` when it had not.
fn without_null(s: &Schema) -> Option<Schema> {
    if let Schema::Object(o) = s
        && let SchemaType::Array(types) = &o.schema_type
        && types.contains(&Type::Null)
        && types.contains(&Type::Object)
    {
        let mut core = o.clone();
        let rest: Vec<Type> = types
            .iter()
            .filter(|t| **t != Type::Null)
            .cloned()
            .collect();
        core.schema_type = match rest.as_slice() {
            [one] => SchemaType::Type(one.clone()),
            _ => SchemaType::Array(rest),
        };
        return Some(Schema::Object(core));
    }
    None
}

/// A reference to component `name`; `anyOf [ref, null]` when the inline
/// schema it replaces allowed null (a `$ref` cannot carry a type of its own).
fn reference_to(name: String, nullable: bool) -> RefOr<Schema> {
    let reference = RefOr::Ref(Ref::from_schema_name(name));
    if nullable {
        let mut any_of = AnyOf::new();
        any_of.items = vec![reference, RefOr::T(null_schema())];
        RefOr::T(Schema::AnyOf(any_of))
    } else {
        reference
    }
}

fn null_schema() -> Schema {
    let mut null = Object::new();
    null.schema_type = SchemaType::Type(Type::Null);
    Schema::Object(null)
}

fn unique(names: &BTreeMap<Key, String>, base: &str) -> String {
    let taken = |n: &str| names.values().any(|v| v == n);
    let mut name = base.to_string();
    let mut n = 2;
    while taken(&name) {
        name = format!("{base}{n}");
        n += 1;
    }
    name
}

fn base_name(at: &At<'_>, schema: &Schema) -> String {
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
                        pascal(&singular(at.resource)),
                        pascal(&singular(at.sub))
                    )
                } else if GENERIC.contains(&key) {
                    format!("{}{}", pascal(&singular(at.resource)), pascal(key))
                } else {
                    pascal(key)
                }
            }
            _ => pascal(&singular(at.resource)),
        };
        return format!("{core}{suffix}");
    }
    let key = at.key.unwrap_or_default();
    // A key that is data (an id in a map sample) names nothing.
    if key.starts_with(|c: char| c.is_ascii_digit()) {
        let owner = at.owner.unwrap_or(at.resource);
        return format!("{}Value", pascal(&singular(owner)));
    }
    let core = if at.in_items {
        pascal(&singular(key))
    } else {
        pascal(key)
    };
    let core = if GENERIC.contains(&key) {
        let owner = at.owner.unwrap_or(at.resource);
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

/// Whether a schema spot is marked `x-openstack: {undocumented: true}`.
fn is_undocumented(schema: &RefOr<Schema>) -> bool {
    let RefOr::T(Schema::Object(o)) = schema else {
        return false;
    };
    o.extensions
        .as_ref()
        .and_then(|e| e.get(crate::schema::VENDOR_KEY))
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

type Visitor<'f> = dyn FnMut(&mut RefOr<Schema>, &At<'_>) -> bool + 'f;

/// The sharable schema spots [`visit`] meets, each by the address of its
/// schema and with its key (each subtree's after its subschemas'). Each
/// path's are made on a core of their own (the last API of a run is
/// extracted while the other core has nothing left to do).
fn keyed_spots(openapi: &mut OpenApi, components: &mut Components) -> Vec<(usize, Key)> {
    use rayon::prelude::*;
    let mut items: Vec<&mut PathItem> = openapi.paths.paths.values_mut().collect();
    let per_path: Vec<Vec<(usize, Key)>> = items
        .par_iter_mut()
        .map(|item| {
            let mut keyer = Keyer::default();
            for (op, request_suffix) in operations_mut(item) {
                for (schema, _) in bodies(op, request_suffix) {
                    if let RefOr::T(s) = schema {
                        keyer.key(s);
                    }
                }
            }
            keyer.found
        })
        .collect();
    let mut keyer = Keyer::default();
    keyer.found = per_path.into_iter().flatten().collect();
    // Inside the component schemas, not on their roots (as [`visit`]).
    for schema in components.schemas.values_mut() {
        if let RefOr::T(s) = schema {
            for_each_child(s, |slot, _, _| {
                if let RefOr::T(child) = slot {
                    keyer.key(child);
                }
            });
        }
    }
    keyer.found
}

/// Calls `f` on every schema spot of the paths (bodies, parameters) and
/// inside every component schema (not on component roots); descends where
/// `f` returns true.
fn visit(openapi: &mut OpenApi, components: &mut Components, f: &mut Visitor<'_>) {
    for (path, item) in openapi.paths.paths.iter_mut() {
        visit_path(path, item, f);
    }
    visit_components(components, f);
}

/// [`visit`] on the operations of one path.
fn visit_path(path: &str, item: &mut PathItem, f: &mut Visitor<'_>) {
    let res = resource(path);
    let sub = sub_collection(path);
    for (op, request_suffix) in operations_mut(item) {
        visit_operation(op, &res, &sub, request_suffix, f);
    }
}

/// [`visit`] inside the component schemas.
fn visit_components(components: &mut Components, f: &mut Visitor<'_>) {
    for (name, schema) in components.schemas.iter_mut() {
        if let RefOr::T(s) = schema {
            let at = At {
                owner: Some(name),
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
    for (schema, suffix) in bodies(op, request_suffix) {
        let at = At {
            resource,
            sub,
            body: Some(suffix),
            ..At::default()
        };
        node(schema, &at, f);
    }
}

/// The body schemas of an operation, request first, each with the suffix
/// that names it.
fn bodies<'o>(
    op: &'o mut Operation,
    request_suffix: &'static str,
) -> impl Iterator<Item = (&'o mut RefOr<Schema>, &'static str)> {
    let request = op
        .request_body
        .iter_mut()
        .filter_map(inline)
        .flat_map(|body| body.content.values_mut())
        .map(move |content| (content, request_suffix));
    let responses = op
        .responses
        .responses
        .values_mut()
        .filter_map(inline)
        .flat_map(|response| response.content.values_mut())
        .map(|content| (content, "Response"));
    request
        .chain(responses)
        .filter_map(|(content, suffix)| Some((inline(content)?.schema.as_mut()?, suffix)))
}

/// The value written in place; `None` for a `$ref` to a component.
fn inline<T>(item: &mut RefOr<T>) -> Option<&mut T> {
    match item {
        RefOr::T(item) => Some(item),
        RefOr::Ref(_) => None,
    }
}

fn node(schema: &mut RefOr<Schema>, at: &At<'_>, f: &mut Visitor<'_>) {
    if f(schema, at)
        && let RefOr::T(s) = schema
    {
        children(s, at, f);
    }
}

fn children(schema: &mut Schema, at: &At<'_>, f: &mut Visitor<'_>) {
    let owner = match at.key {
        Some(k) if !GENERIC.contains(&k) => Some(k),
        _ => at.owner,
    };
    for_each_child(schema, |value, key, in_items| {
        let at = At {
            key: key.or(at.key),
            in_items,
            owner,
            resource: at.resource,
            sub: at.sub,
            body: None,
        };
        node(value, &at, f);
    });
}

/// Calls `f` on each subschema a walk descends into, in document order,
/// with the property key it is the value of (`None`: it takes its
/// parent's) and whether it stands for many values (array items, map
/// values). [`children`] and the [`keys`] both walk through here, so the
/// spots named are the spots keyed.
fn for_each_child(schema: &mut Schema, mut f: impl FnMut(&mut RefOr<Schema>, Option<&str>, bool)) {
    match schema {
        Schema::Object(o) => {
            for (key, value) in o.properties.iter_mut() {
                f(value, Some(key.as_str()), false);
            }
            if let Some(additional) = o.additional_properties.as_deref_mut()
                && let AdditionalProperties::RefOr(value) = additional
            {
                f(value, None, true);
            }
        }
        Schema::Array(a) => {
            if let ArrayItems::RefOrSchema(items) = &mut a.items {
                f(items, None, true);
            }
        }
        Schema::OneOf(one) => {
            for branch in &mut one.items {
                f(branch, None, false);
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
            key: Some("metadata"),
            owner: Some("snapshot"),
            resource: "snapshots",
            ..At::default()
        };
        assert_eq!(base_name(&metadata, &Schema::default()), "SnapshotMetadata");
        let item = At {
            key: Some("attachments"),
            in_items: true,
            ..At::default()
        };
        assert_eq!(base_name(&item, &Schema::default()), "Attachment");
        assert_eq!(component_name("OS-SCH-HNT:hints"), "OS-SCH-HNT_hints");
    }

    fn document(paths: serde_json::Value, schemas: serde_json::Value) -> OpenApi {
        serde_json::from_value(serde_json::json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "paths": paths,
            "components": {"schemas": schemas}
        }))
        .expect("a document")
    }

    fn ok(schema: serde_json::Value) -> serde_json::Value {
        serde_json::json!({"responses": {"200": {"description": "OK",
            "content": {"application/json": {"schema": schema}}}}})
    }

    #[test]
    fn nullable_objects_are_shared_as_objects_referenced_or_null() {
        use serde_json::json;
        let nullable = json!({"type": ["object", "null"], "properties": {
            "v": {"type": ["object", "null"], "properties": {"g": {"type": "string"}}}}});
        let a = json!({"type": "object", "properties": {"key_pair": nullable.clone()}});
        let b = json!({"type": "object", "properties": {"key_pair": nullable, "n": {"type": "integer"}}});
        let mut doc = document(
            json!({"/a": {"get": ok(a)}, "/b": {"get": ok(b)}}),
            json!({}),
        );
        extract(&mut doc);
        let doc = serde_json::to_value(&doc).unwrap();
        let component = &doc["components"]["schemas"]["KeyPair"];
        assert_eq!(component["type"], json!("object"), "{doc:#}");
        let spot = &doc["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
            ["properties"]["key_pair"];
        assert_eq!(
            spot,
            &json!({"anyOf": [{"$ref": "#/components/schemas/KeyPair"}, {"type": "null"}]})
        );
    }

    #[test]
    fn generated_type_names_never_meet() {
        use serde_json::json;
        let object = |p: &str| json!({"type": "object", "properties": {p: {"type": "string"}}});
        let mut doc = document(
            json!({"/t": {"get": ok(json!({"type": "object", "properties": {
                "Parameters": object("a"), "parameters": object("b")}}))}}),
            json!({
                "Flavor": {"type": "object", "properties": {"extra_specs": object("key")}},
                "FlavorExtraSpecs": {"type": "object", "additionalProperties": true}
            }),
        );
        extract(&mut doc);
        let doc = serde_json::to_value(&doc).unwrap();
        let schemas = &doc["components"]["schemas"];
        // `Flavor.extra_specs` would be generated as `FlavorExtraSpecs`.
        assert_eq!(
            schemas["Flavor"]["properties"]["extra_specs"],
            json!({"$ref": "#/components/schemas/FlavorExtraSpecs2"})
        );
        assert_eq!(schemas["FlavorExtraSpecs2"], object("key"));
        // `Parameters` and `parameters` would be one generated name.
        let props = &doc["paths"]["/t"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
            ["properties"];
        assert_eq!(props["Parameters"], object("a"));
        assert_eq!(
            props["parameters"],
            json!({"$ref": "#/components/schemas/Parameters"})
        );
    }
}
