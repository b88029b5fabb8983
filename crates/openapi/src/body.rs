//! One body's schema: inferred from its samples, then overlaid with the
//! documented body parameters.
//!
//! Parameter tables are flat: a wrapper such as `attachment` is followed by
//! its fields. Each parameter is looked up in the sample structure starting
//! at the most recent wrapper and widening to its ancestors, so `id` after
//! `attachment` lands inside `attachment`, while a later top-level key is
//! still found at the top.

use serde_json::{Value, json};
use speclift_diag::{Diagnostic, Diagnostics};
use speclift_model::{Parameter, Sample};

use crate::shape::Shape;
use crate::types::{self, Types};
use crate::versions::range_vendor;

#[derive(Clone, Debug, PartialEq, Eq)]
enum Step {
    Prop(String),
    Items,
}

type Path = Vec<Step>;

/// The schema of a body with these parameters and samples; `None` when
/// neither exists.
pub(crate) fn body_shape(
    params: &[Parameter],
    samples: &[Sample],
    diags: &mut Diagnostics,
) -> Option<Shape> {
    let inferred = samples
        .iter()
        .map(|s| Shape::infer(&s.body))
        .reduce(Shape::merge);
    if params.is_empty() {
        let mut shape = inferred?;
        mark_undocumented(&mut shape);
        return Some(shape);
    }
    let mut root = inferred.unwrap_or_else(|| Shape::of_types(Types::OBJECT));
    let mut scope: Path = Vec::new();
    let mut documented: Vec<Path> = Vec::new();
    for param in params {
        match find(&root, &scope, &param.name, &documented) {
            Some(path) => {
                overlay(&mut root, &path, param, diags);
                let container = node(&root, &path).is_some_and(is_container);
                scope = if container {
                    path.clone()
                } else {
                    parent_of(&path)
                };
                documented.push(path);
            }
            None => {
                if let Some(path) = add(&mut root, &scope, param, diags) {
                    // Without sample evidence only a top-level object opens
                    // a wrapper: nesting deeper would be a guess.
                    let opens = scope.is_empty()
                        && node(&root, &path).is_some_and(|n| n.types == Types::OBJECT);
                    if opens {
                        scope = path.clone();
                    }
                    documented.push(path);
                }
            }
        }
    }
    collapse_maps(&mut root);
    mark_undocumented(&mut root);
    Some(root)
}

fn is_container(shape: &Shape) -> bool {
    !shape.properties.is_empty()
        || shape
            .items
            .as_deref()
            .is_some_and(|i| !i.properties.is_empty())
}

fn parent_of(path: &Path) -> Path {
    let mut p = path.clone();
    p.pop();
    p
}

fn node<'a>(root: &'a Shape, path: &[Step]) -> Option<&'a Shape> {
    let mut cur = root;
    for step in path {
        cur = match step {
            Step::Prop(name) => cur.property(name)?,
            Step::Items => cur.items.as_deref()?,
        };
    }
    Some(cur)
}

fn node_mut<'a>(root: &'a mut Shape, path: &[Step]) -> Option<&'a mut Shape> {
    let mut cur = root;
    for step in path {
        cur = match step {
            Step::Prop(name) => cur.property_mut(name)?,
            Step::Items => cur.items.as_deref_mut()?,
        };
    }
    Some(cur)
}

/// The spot for `name`: searched breadth-first from `scope`, then from each
/// ancestor of it. A spot no earlier parameter took wins over one already
/// documented (tables repeat names such as `id` in different wrappers).
fn find(root: &Shape, scope: &Path, name: &str, documented: &[Path]) -> Option<Path> {
    let mut fallback = None;
    for depth in (0..=scope.len()).rev() {
        let start = scope.get(..depth).unwrap_or_default().to_vec();
        let Some(start_node) = node(root, &start) else {
            continue;
        };
        let mut queue = std::collections::VecDeque::from([(start, start_node)]);
        while let Some((path, shape)) = queue.pop_front() {
            for (key, child) in &shape.properties {
                let mut child_path = path.clone();
                child_path.push(Step::Prop(key.clone()));
                if key == name {
                    if !documented.contains(&child_path) {
                        return Some(child_path);
                    }
                    fallback.get_or_insert_with(|| child_path.clone());
                }
                queue.push_back((child_path, child));
            }
            if let Some(items) = shape.items.as_deref() {
                let mut item_path = path.clone();
                item_path.push(Step::Items);
                queue.push_back((item_path, items));
            }
        }
    }
    fallback
}

fn declared_of(param: &Parameter, diags: &mut Diagnostics) -> Option<types::Declared> {
    let ty = param.ty.as_deref()?;
    let declared = types::declared(ty);
    if declared.is_none() {
        diags.push(unknown_type(param, ty));
    }
    declared
}

pub(crate) fn unknown_type(param: &Parameter, ty: &str) -> Diagnostic {
    Diagnostic::warning(
        param.location.clone(),
        format!(
            "parameter `{}` has unknown type `{ty}`; its schema has no type",
            param.name
        ),
    )
    .with_hint(format!("use one of: {}", types::KNOWN_TYPES))
}

/// Applies a documented parameter to the sampled spot at `path`.
fn overlay(root: &mut Shape, path: &Path, param: &Parameter, diags: &mut Diagnostics) {
    let declared = declared_of(param, diags);
    let Some(spot) = node_mut(root, path) else {
        return;
    };
    spot.documented = true;
    if !param.description.trim().is_empty() {
        spot.description = Some(param.description.trim().to_string());
    }
    spot.vendor.extend(range_vendor(&param.microversions));
    if let Some(declared) = declared {
        if declared.types.accepts(spot.types) {
            spot.types = declared.types.with(spot.types.only(Types::NULL));
            if let Some(format) = declared.format {
                spot.format = Some(format.to_string());
            }
            spot.declared_object = declared.types == Types::OBJECT;
        } else {
            diags.push(
                Diagnostic::warning(
                    param.location.clone(),
                    format!(
                        "body parameter `{}` is documented as `{}` but the samples show {}; \
                         the schema follows the samples",
                        param.name,
                        param.ty.as_deref().unwrap_or_default(),
                        spot.types
                    ),
                )
                .with_hint("fix the parameter's type or the sample so that they agree"),
            );
        }
    }
    if !param.required {
        return;
    }
    let Some(parent) = node_mut(root, &parent_of(path)) else {
        return;
    };
    if parent.always_has(&param.name) {
        parent.require(&param.name);
    } else {
        diags.push(
            Diagnostic::warning(
                param.location.clone(),
                format!(
                    "body parameter `{}` is documented as required but not every sample has it; \
                     the schema leaves it optional",
                    param.name
                ),
            )
            .with_hint("mark the parameter optional, or add it to every sample"),
        );
    }
}

/// Adds a documented parameter no sample shows, in the current wrapper.
/// Returns its path, or `None` when the wrapper cannot hold properties.
fn add(root: &mut Shape, scope: &Path, param: &Parameter, diags: &mut Diagnostics) -> Option<Path> {
    let declared = declared_of(param, diags);
    let mut target_path = scope.clone();
    let mut target = node(root, &target_path)?;
    if target.types.has(Types::ARRAY) && !target.types.has(Types::OBJECT) {
        target_path.push(Step::Items);
        target = target.items.as_deref()?;
    }
    let holds_properties = target.types.is_any() || target.types.has(Types::OBJECT);
    if !holds_properties {
        diags.push(
            Diagnostic::warning(
                param.location.clone(),
                format!(
                    "body parameter `{}` is in no sample and its wrapper is not an object; \
                     it is left out of the schema",
                    param.name
                ),
            )
            .with_hint("add the parameter to a sample body, or fix the table order"),
        );
        return None;
    }
    let sampled = target.sampled;
    let target = node_mut(root, &target_path)?;
    let mut shape = declared.map_or_else(Shape::default, |d| {
        let mut s = Shape::of_types(d.types);
        s.format = d.format.map(str::to_string);
        s.declared_object = d.types == Types::OBJECT;
        s
    });
    shape.documented = true;
    if !param.description.trim().is_empty() {
        shape.description = Some(param.description.trim().to_string());
    }
    shape.vendor.extend(range_vendor(&param.microversions));
    if param.required {
        if sampled {
            diags.push(
                Diagnostic::warning(
                    param.location.clone(),
                    format!(
                        "body parameter `{}` is documented as required but no sample has it; \
                         the schema leaves it optional",
                        param.name
                    ),
                )
                .with_hint("add the parameter to the samples, or mark it optional"),
            );
        } else {
            target.require(&param.name);
        }
    }
    if let Some(existing) = target.property_mut(&param.name) {
        *existing = std::mem::take(existing).merge(shape);
    } else {
        target.properties.push((param.name.clone(), shape));
    }
    target_path.push(Step::Prop(param.name.clone()));
    Some(target_path)
}

/// A declared object whose sample keys no table documents, all with plain
/// values, is a map (`metadata`): its keys are data, so they become
/// `additionalProperties`.
fn collapse_maps(shape: &mut Shape) {
    for (_, child) in &mut shape.properties {
        collapse_maps(child);
    }
    if let Some(items) = shape.items.as_deref_mut() {
        collapse_maps(items);
    }
    // Only flat objects: an undocumented wrapper with nested structure
    // keeps its properties (flagged undocumented) rather than losing them.
    let is_map = shape.declared_object
        && !shape.properties.is_empty()
        && shape
            .properties
            .iter()
            .all(|(_, c)| !c.documented && !c.types.has(Types::OBJECT) && !c.types.has(Types::ARRAY));
    if is_map {
        let values = std::mem::take(&mut shape.properties)
            .into_iter()
            .map(|(_, value)| value)
            .reduce(Shape::merge);
        shape.additional = values.map(Box::new);
        shape.required.clear();
        shape.always = None;
    }
}

/// Sample fields no table documents stay, flagged for the reader.
fn mark_undocumented(shape: &mut Shape) {
    for (_, child) in &mut shape.properties {
        if child.sampled && !child.documented {
            child.vendor.insert("undocumented".into(), json!(true));
        }
        mark_undocumented(child);
    }
    if let Some(items) = shape.items.as_deref_mut() {
        mark_undocumented(items);
    }
}

/// The top-level keys every sample of a body has (the action name of an
/// action body), in first-sample order.
pub(crate) fn common_top_keys(samples: &[Sample]) -> Option<Vec<String>> {
    let mut keys: Option<Vec<String>> = None;
    for sample in samples {
        let Value::Object(map) = &sample.body else {
            return None;
        };
        let these: Vec<String> = map.keys().cloned().collect();
        keys = Some(match keys {
            None => these,
            Some(k) => k.into_iter().filter(|n| these.contains(n)).collect(),
        });
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;
    use speclift_diag::{Location, path};
    use speclift_model::{ParamIn, VersionRange};

    fn param(name: &str, ty: &str, required: bool, line: u32) -> Parameter {
        Parameter {
            name: name.into(),
            key: name.into(),
            location_in: ParamIn::Body,
            ty: Some(ty.into()),
            required,
            description: format!("The {name}."),
            microversions: VersionRange::default(),
            location: Location::new(path("parameters.yaml"), line, 1),
            definition: None,
        }
    }

    fn sample(body: Value) -> Sample {
        Sample {
            title: "Example".into(),
            microversion: None,
            file: None,
            body,
            location: Location::new(path("index.rst"), 1, 1),
        }
    }

    fn schema(shape: &Shape) -> Value {
        serde_json::to_value(shape.to_schema()).unwrap()
    }

    #[test]
    fn attachment_fields_land_inside_the_wrapper() {
        let body = json!({"attachment": {
            "instance_uuid": "462dcc2d-130d-4654-8db1-da0df2da6a0d",
            "connector": {"initiator": "iqn.1993-08.org.debian:01:cad181614cec", "multipath": false},
            "volume_uuid": "462dcc2d-130d-4654-8db1-da0df2da6a0d"
        }});
        let params = [
            param("attachment", "object", true, 1),
            param("instance_uuid", "string", false, 2),
            param("connector", "object", false, 3),
            param("volume_uuid", "string", true, 4),
        ];
        let mut diags = Diagnostics::new();
        let shape = body_shape(&params, &[sample(body)], &mut diags).unwrap();
        assert!(diags.is_empty(), "{diags:?}");
        let s = schema(&shape);
        assert_eq!(s["required"], json!(["attachment"]));
        let attachment = &s["properties"]["attachment"];
        assert_eq!(attachment["description"], json!("The attachment."));
        assert_eq!(
            attachment["properties"]
                .as_object()
                .unwrap()
                .keys()
                .collect::<Vec<_>>(),
            ["instance_uuid", "connector", "volume_uuid"]
        );
        assert_eq!(attachment["required"], json!(["volume_uuid"]));
        assert_eq!(
            attachment["properties"]["instance_uuid"]["description"],
            json!("The instance_uuid.")
        );
        // `connector`'s keys are documented nowhere: it is a map.
        let connector = &attachment["properties"]["connector"];
        assert_eq!(connector["type"], json!("object"));
        assert_eq!(
            connector["additionalProperties"]["type"],
            json!(["string", "boolean"])
        );
        assert!(connector.get("properties").is_none());
        // Nothing was placed at the top level by mistake.
        assert_eq!(s["properties"].as_object().unwrap().len(), 1);
    }

    #[test]
    fn later_top_level_key_found_outside_the_wrapper() {
        let body = json!({"volume": {"size": 1, "name": "v"}, "OS-SCH-HNT:scheduler_hints": {"same_host": ["a"]}});
        let params = [
            param("volume", "object", true, 1),
            param("size", "integer", true, 2),
            param("name", "string", false, 3),
            param("OS-SCH-HNT:scheduler_hints", "object", false, 4),
        ];
        let mut diags = Diagnostics::new();
        let s = schema(&body_shape(&params, &[sample(body)], &mut diags).unwrap());
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(
            s["properties"].as_object().unwrap().keys().collect::<Vec<_>>(),
            ["volume", "OS-SCH-HNT:scheduler_hints"]
        );
        assert_eq!(s["properties"]["volume"]["required"], json!(["size"]));
    }

    #[test]
    fn incompatible_type_keeps_the_sample_type_and_warns() {
        let params = [param("size", "string", false, 7)];
        let mut diags = Diagnostics::new();
        let s = schema(&body_shape(&params, &[sample(json!({"size": 10}))], &mut diags).unwrap());
        assert_eq!(s["properties"]["size"]["type"], json!("integer"));
        let d: Vec<_> = diags.into_iter().collect();
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].location.as_ref().unwrap().line, 7);
        assert!(d[0].message.contains("`size`"), "{}", d[0].message);
        assert!(d[0].hint.is_some());
    }

    #[test]
    fn compatible_type_widens_and_keeps_null() {
        let params = [param("progress", "float", false, 1), param("id", "uuid", true, 2)];
        let samples = [
            sample(json!({"progress": 1, "id": "x"})),
            sample(json!({"progress": null, "id": "y"})),
        ];
        let mut diags = Diagnostics::new();
        let s = schema(&body_shape(&params, &samples, &mut diags).unwrap());
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(s["properties"]["progress"]["type"], json!(["number", "null"]));
        assert_eq!(s["properties"]["id"]["format"], json!("uuid"));
        assert_eq!(s["required"], json!(["id"]));
    }

    #[test]
    fn required_only_when_every_sample_has_it() {
        let params = [param("name", "string", true, 3)];
        let samples = [sample(json!({"name": "a"})), sample(json!({}))];
        let mut diags = Diagnostics::new();
        let s = schema(&body_shape(&params, &samples, &mut diags).unwrap());
        assert!(s.get("required").is_none());
        assert_eq!(diags.len(), 1);
    }

    #[test]
    fn undocumented_sample_fields_are_flagged_and_missing_params_added() {
        let params = [
            param("volume", "object", true, 1),
            param("size", "integer", true, 2),
            param("multiattach", "boolean", false, 3),
        ];
        let body = json!({"volume": {"size": 1, "bootable": "false"}});
        let mut diags = Diagnostics::new();
        let s = schema(&body_shape(&params, &[sample(body)], &mut diags).unwrap());
        assert!(diags.is_empty(), "{diags:?}");
        let volume = &s["properties"]["volume"]["properties"];
        assert_eq!(volume["bootable"]["x-openstack"], json!({"undocumented": true}));
        assert!(volume["size"].get("x-openstack").is_none());
        assert_eq!(volume["multiattach"]["type"], json!("boolean"));
    }

    #[test]
    fn without_samples_a_top_level_object_wraps_what_follows() {
        let params = [
            param("os-extend", "object", true, 1),
            param("new_size", "integer", true, 2),
        ];
        let mut diags = Diagnostics::new();
        let s = schema(&body_shape(&params, &[], &mut diags).unwrap());
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(s["required"], json!(["os-extend"]));
        assert_eq!(s["properties"]["os-extend"]["required"], json!(["new_size"]));
        assert_eq!(
            s["properties"]["os-extend"]["properties"]["new_size"]["type"],
            json!("integer")
        );
    }

    #[test]
    fn list_items_are_searched_inside_the_array_wrapper() {
        let params = [
            param("volumes", "array", true, 1),
            param("id", "uuid", true, 2),
            param("count", "integer", false, 3),
        ];
        let body = json!({"volumes": [{"id": "a"}, {"id": "b"}], "count": 2});
        let mut diags = Diagnostics::new();
        let s = schema(&body_shape(&params, &[sample(body)], &mut diags).unwrap());
        assert!(diags.is_empty(), "{diags:?}");
        let item = &s["properties"]["volumes"]["items"];
        assert_eq!(item["required"], json!(["id"]));
        assert_eq!(item["properties"]["id"]["format"], json!("uuid"));
        assert_eq!(s["properties"]["count"]["description"], json!("The count."));
    }

    #[test]
    fn maps_are_flat_undocumented_objects_only() {
        let params = [
            param("volume", "object", true, 1),
            param("metadata", "dict", false, 2),
        ];
        let body = json!({"volume": {
            "id": "x",
            "links": [{"href": "h"}],
            "metadata": {"readonly": "False", "attached_mode": "rw"}
        }});
        let mut diags = Diagnostics::new();
        let s = schema(&body_shape(&params, &[sample(body)], &mut diags).unwrap());
        let volume = &s["properties"]["volume"];
        assert_eq!(
            volume["properties"]["links"]["x-openstack"],
            json!({"undocumented": true})
        );
        let metadata = &volume["properties"]["metadata"];
        assert_eq!(metadata["additionalProperties"], json!({"type": "string"}));
        assert!(metadata.get("properties").is_none());
    }

    #[test]
    fn unknown_type_is_diagnosed() {
        let params = [param("x", "strnig", false, 9)];
        let mut diags = Diagnostics::new();
        let s = schema(&body_shape(&params, &[], &mut diags).unwrap());
        assert!(s["properties"]["x"].get("type").is_none());
        let d: Vec<_> = diags.into_iter().collect();
        assert_eq!(d.len(), 1);
        assert!(d[0].hint.as_deref().unwrap().contains("uuid"));
    }
}
