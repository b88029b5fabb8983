//! Body schemas as the emitter builds them: inferred from sample bodies,
//! merged across samples and variants, then converted to utoipa's model.
//!
//! Merging only ever widens: a merged shape accepts every value either side
//! accepted, which is what keeps every example valid against its schema.
//! Absent `items`/`additional` mean "no evidence yet" while building (an
//! empty array fits any `items`), and "unconstrained" in the output.

use serde_json::{Map, Value};
use utoipa::openapi::RefOr;
use utoipa::openapi::extensions::Extensions;
use utoipa::openapi::schema::{
    AdditionalProperties, Array, ArrayItems, KnownFormat, Object, Schema, SchemaFormat, SchemaType,
    Type,
};

use crate::types::Types;

/// The one vendor key speclift writes on schema-level objects.
pub(crate) const VENDOR_KEY: &str = "x-openstack";

#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Shape {
    pub types: Types,
    pub format: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    /// In first-seen order.
    pub properties: Vec<(String, Shape)>,
    pub required: Vec<String>,
    /// Keys present in every sample object seen here; `None` when no
    /// sample object reached this spot.
    pub always: Option<Vec<String>>,
    /// The value schema of a map (`metadata`).
    pub additional: Option<Box<Shape>>,
    /// The only keys allowed (emitted as `propertyNames: {enum: …}`).
    pub property_names: Option<Vec<String>>,
    pub items: Option<Box<Shape>>,
    /// Content of the one `x-openstack` object.
    pub vendor: Map<String, Value>,
    /// A sample value reached this spot.
    pub sampled: bool,
    /// A documented parameter was placed here.
    pub documented: bool,
    /// The documentation declares it an object (candidate for a map).
    pub declared_object: bool,
    /// A table gave this spot a type (so a `null`-only sample is no type).
    pub typed: bool,
    /// A placeholder parameter (`network_label`) names its keys: a map.
    pub keyed_by: Option<String>,
    /// The versions of the parameters documenting this spot.
    pub range: Option<speclift_model::VersionRange>,
    /// The only values allowed (a status table's); `None` is any.
    pub enumeration: Option<Vec<Value>>,
}

impl Shape {
    pub fn of_types(types: Types) -> Shape {
        Shape {
            types,
            ..Shape::default()
        }
    }

    /// The shape of one sample value.
    pub fn infer(value: &Value) -> Shape {
        let mut shape = Shape::of_types(Types::of(value));
        shape.sampled = true;
        match value {
            Value::Array(elements) => {
                shape.items = elements
                    .iter()
                    .map(Shape::infer)
                    .reduce(Shape::merge)
                    .map(Box::new);
            }
            Value::Object(fields) => {
                shape.properties = fields
                    .iter()
                    .map(|(k, v)| (k.clone(), Shape::infer(v)))
                    .collect();
                shape.always = Some(fields.keys().cloned().collect());
            }
            Value::String(text) => {
                shape.format = crate::formats::of(text).map(str::to_string);
            }
            _ => {}
        }
        shape
    }

    /// Every nested shape: properties, then items, then map values.
    pub fn children(&self) -> impl Iterator<Item = &Shape> {
        self.properties
            .iter()
            .map(|(_, s)| s)
            .chain(self.items.as_deref())
            .chain(self.additional.as_deref())
    }

    /// Every nested shape, mutably, in the order of [`Shape::children`].
    pub fn children_mut(&mut self) -> impl Iterator<Item = &mut Shape> {
        self.properties
            .iter_mut()
            .map(|(_, s)| s)
            .chain(self.items.as_deref_mut())
            .chain(self.additional.as_deref_mut())
    }

    pub fn property(&self, name: &str) -> Option<&Shape> {
        self.properties
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, s)| s)
    }

    pub fn property_mut(&mut self, name: &str) -> Option<&mut Shape> {
        self.properties
            .iter_mut()
            .find(|(k, _)| k == name)
            .map(|(_, s)| s)
    }

    /// Whether the schema of this shape would be `{}` (any value).
    pub fn is_unconstrained(&self) -> bool {
        self.types.is_any()
            && self.format.is_none()
            && self.title.is_none()
            && self.description.is_none()
            && self.properties.is_empty()
            && self.additional.is_none()
            && self.property_names.is_none()
            && self.items.is_none()
            && self.vendor.is_empty()
            && self.enumeration.is_none()
    }

    pub fn names(&self) -> Vec<String> {
        self.properties.iter().map(|(k, _)| k.clone()).collect()
    }

    pub fn require(&mut self, name: &str) {
        if !self.required.iter().any(|r| r == name) {
            self.required.push(name.to_string());
        }
    }

    /// Whether `name` was present in every sample object here.
    pub fn always_has(&self, name: &str) -> bool {
        self.always
            .as_ref()
            .is_some_and(|keys| keys.iter().any(|k| k == name))
    }

    /// The narrowest shape accepting everything `self` or `other` accepts.
    pub fn merge(self, other: Shape) -> Shape {
        let a = self;
        let b = other;
        let a_obj = a.types.is_any() || a.types.has(Types::OBJECT);
        let b_obj = b.types.is_any() || b.types.has(Types::OBJECT);

        // `format` only speaks about strings: a side without strings
        // leaves the other's format standing.
        let a_str = a.types.is_any() || a.types.has(Types::STRING);
        let b_str = b.types.is_any() || b.types.has(Types::STRING);
        let format = if a.format == b.format || !b_str {
            a.format.clone()
        } else if !a_str {
            b.format.clone()
        } else {
            None
        };

        // Object-only keywords: a side that never was an object imposes
        // nothing, so the other side's constraints carry over unchanged.
        let required = match (a_obj, b_obj) {
            (true, true) => intersect(&a.required, &b.required),
            (true, false) => a.required.clone(),
            (false, _) => b.required.clone(),
        };
        let always = match (a.always.as_ref(), b.always.as_ref()) {
            (Some(x), Some(y)) => Some(intersect(x, y)),
            (x, y) => x.or(y).cloned(),
        };
        let property_names = match (a_obj, b_obj) {
            (true, true) => match (&a.property_names, &b.property_names) {
                (Some(x), Some(y)) => Some(union(x, y)),
                _ => None,
            },
            (true, false) => a.property_names.clone(),
            (false, _) => b.property_names.clone(),
        };

        let mut properties: Vec<(String, Shape)> = Vec::new();
        let names = union(&a.names(), &b.names());
        for name in names {
            let left = a
                .property(&name)
                .cloned()
                .or_else(|| a.additional.as_deref().cloned());
            let right = b
                .property(&name)
                .cloned()
                .or_else(|| b.additional.as_deref().cloned());
            if let Some(merged) = merge_opt(left, right) {
                properties.push((name, merged));
            }
        }

        let mut vendor = a.vendor.clone();
        for (k, v) in &b.vendor {
            vendor.entry(k.clone()).or_insert_with(|| v.clone());
        }

        Shape {
            types: a.types.union(b.types),
            format,
            title: a.title.clone().or(b.title.clone()),
            description: a.description.clone().or(b.description.clone()),
            properties,
            required,
            always,
            additional: merge_opt(a.additional.map(|s| *s), b.additional.map(|s| *s)).map(Box::new),
            property_names,
            items: merge_opt(a.items.map(|s| *s), b.items.map(|s| *s)).map(Box::new),
            vendor,
            sampled: a.sampled || b.sampled,
            documented: a.documented || b.documented,
            declared_object: a.declared_object || b.declared_object,
            typed: a.typed || b.typed,
            keyed_by: a.keyed_by.or(b.keyed_by),
            range: match (a.range, b.range) {
                (Some(x), Some(y)) => Some(x.union(y)),
                (x, y) => x.or(y),
            },
            // A side without strings adds no string values.
            enumeration: match (a.enumeration, b.enumeration) {
                (Some(x), Some(y)) => Some(union_values(x, &y)),
                (Some(x), None) if !b_str => Some(x),
                (None, Some(y)) if !a_str => Some(y),
                _ => None,
            },
        }
    }

    /// The utoipa schema. Properties keep their order (utoipa's
    /// `preserve_order`), so output is deterministic.
    pub fn to_schema(&self) -> Schema {
        let extensions = (!self.vendor.is_empty())
            .then(|| Extensions::from_iter([(VENDOR_KEY, Value::Object(self.vendor.clone()))]));
        let schema_type = match self.types.names().as_slice() {
            [] => SchemaType::AnyValue,
            [_] => SchemaType::Type(type_of(self.types)),
            _ => SchemaType::from_iter(self.types.names().into_iter().filter_map(type_named)),
        };
        if self.types.has(Types::ARRAY) {
            let mut array = Array::default();
            array.schema_type = schema_type;
            array.title = self.title.clone();
            array.description = self.description.clone();
            array.items = match &self.items {
                Some(items) => ArrayItems::RefOrSchema(Box::new(RefOr::T(items.to_schema()))),
                None => ArrayItems::default(),
            };
            array.extensions = extensions;
            return Schema::Array(array);
        }
        let mut object = Object::default();
        object.schema_type = schema_type;
        object.title = self.title.clone();
        object.description = self.description.clone();
        object.format = self.format.as_deref().map(format_named);
        object.enum_values = self.enumeration.as_ref().map(|values| {
            let mut values = values.clone();
            if self.types.has(Types::NULL) && !values.contains(&Value::Null) {
                values.push(Value::Null);
            }
            values
        });
        let objectish = self.types.is_any() || self.types.has(Types::OBJECT);
        if objectish {
            object.required = self.required.clone();
            for (name, shape) in &self.properties {
                object
                    .properties
                    .insert(name.clone(), RefOr::T(shape.to_schema()));
            }
            object.additional_properties = self.additional.as_ref().map(|s| {
                Box::new(if s.is_unconstrained() {
                    AdditionalProperties::FreeForm(true)
                } else {
                    AdditionalProperties::RefOr(RefOr::T(s.to_schema()))
                })
            });
            object.property_names = self.property_names.as_ref().map(|names| {
                let mut enumeration = Object::default();
                enumeration.schema_type = SchemaType::Type(Type::String);
                enumeration.enum_values = Some(names.iter().cloned().map(Value::String).collect());
                Box::new(Schema::Object(enumeration))
            });
        }
        object.extensions = extensions;
        Schema::Object(object)
    }
}

/// `None` is "no evidence": the other side wins.
pub(crate) fn merge_opt(a: Option<Shape>, b: Option<Shape>) -> Option<Shape> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.merge(b)),
        (a, b) => a.or(b),
    }
}

/// `a`'s order, then `b`'s new values.
fn union_values(mut a: Vec<Value>, b: &[Value]) -> Vec<Value> {
    for v in b {
        if !a.contains(v) {
            a.push(v.clone());
        }
    }
    a
}

/// `a`'s order, then `b`'s new names.
fn union(a: &[String], b: &[String]) -> Vec<String> {
    let mut out = a.to_vec();
    for name in b {
        if !out.contains(name) {
            out.push(name.clone());
        }
    }
    out
}

fn intersect(a: &[String], b: &[String]) -> Vec<String> {
    a.iter().filter(|n| b.contains(n)).cloned().collect()
}

fn type_of(types: Types) -> Type {
    types
        .names()
        .first()
        .and_then(|n| type_named(n))
        .unwrap_or_default()
}

fn type_named(name: &str) -> Option<Type> {
    Some(match name {
        "object" => Type::Object,
        "array" => Type::Array,
        "string" => Type::String,
        "integer" => Type::Integer,
        "number" => Type::Number,
        "boolean" => Type::Boolean,
        "null" => Type::Null,
        _ => return None,
    })
}

fn format_named(format: &str) -> SchemaFormat {
    match format {
        "uuid" => SchemaFormat::Custom("uuid".into()),
        "date-time" => SchemaFormat::KnownFormat(KnownFormat::DateTime),
        other => SchemaFormat::Custom(other.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn schema_json(shape: &Shape) -> Value {
        serde_json::to_value(shape.to_schema()).unwrap()
    }

    fn infer_all(values: &[Value]) -> Shape {
        values
            .iter()
            .map(Shape::infer)
            .reduce(Shape::merge)
            .unwrap()
    }

    fn valid(schema: &Value, value: &Value) -> bool {
        jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .build(schema)
            .unwrap()
            .is_valid(value)
    }

    #[test]
    fn null_widens_to_a_type_list() {
        let samples = [json!({"a": "x"}), json!({"a": null})];
        let s = schema_json(&infer_all(&samples));
        assert_eq!(s["properties"]["a"]["type"], json!(["string", "null"]));
        for v in &samples {
            assert!(valid(&s, v));
        }
    }

    #[test]
    fn mixed_integer_and_float_is_number() {
        let samples = [json!({"n": 1}), json!({"n": 2.5}), json!({"n": 3.0})];
        let s = schema_json(&infer_all(&samples));
        assert_eq!(s["properties"]["n"]["type"], json!("number"));
        let only_ints = schema_json(&infer_all(&[json!(1), json!(3.0)]));
        assert_eq!(only_ints["type"], json!("integer"));
        assert!(valid(&only_ints, &json!(3.0)));
        assert!(!valid(&only_ints, &json!(3.5)));
    }

    #[test]
    fn array_items_merge_objects_with_differing_keys() {
        let sample = json!({"servers": [
            {"id": "a", "name": "one"},
            {"id": "b", "status": "ACTIVE"},
            {"id": "c", "name": null}
        ]});
        let shape = Shape::infer(&sample);
        let items = shape.property("servers").unwrap().items.as_deref().unwrap();
        assert_eq!(items.names(), ["id", "name", "status"]);
        assert_eq!(items.always.as_deref().unwrap(), ["id"]);
        let s = schema_json(&shape);
        let item = &s["properties"]["servers"]["items"];
        assert_eq!(
            item["properties"]["name"]["type"],
            json!(["string", "null"])
        );
        assert!(valid(&s, &sample));
        // Unrecorded types stay rejected: inference is not "anything goes".
        assert!(!valid(&s, &json!({"servers": [{"id": 5}]})));
    }

    #[test]
    fn empty_array_is_no_evidence_for_items() {
        let shape = infer_all(&[json!({"l": []}), json!({"l": [1, 2]})]);
        let s = schema_json(&shape);
        assert_eq!(s["properties"]["l"]["items"]["type"], json!("integer"));
        assert!(valid(&s, &json!({"l": []})));
    }

    #[test]
    fn merging_keeps_first_seen_property_order() {
        let shape = infer_all(&[json!({"b": 1, "a": 2}), json!({"c": 3, "a": 1})]);
        assert_eq!(shape.names(), ["b", "a", "c"]);
        let text = serde_json::to_string(&shape.to_schema()).unwrap();
        let (b, a, c) = (
            text.find("\"b\"").unwrap(),
            text.find("\"a\"").unwrap(),
            text.find("\"c\"").unwrap(),
        );
        assert!(b < a && a < c, "{text}");
    }

    #[test]
    fn map_values_merge_into_named_properties() {
        let mut map = Shape::of_types(Types::OBJECT);
        map.additional = Some(Box::new(Shape::of_types(Types::STRING)));
        let named = Shape::infer(&json!({"k": 1}));
        let merged = map.merge(named);
        let k = merged.property("k").unwrap();
        assert_eq!(k.types, Types::STRING.union(Types::INTEGER));
        assert!(merged.additional.is_some());
    }

    #[test]
    fn formats_survive_only_where_every_sample_agrees() {
        let shape = infer_all(&[
            json!({"id": "3b8b6631-1cf7-4fd7-9afb-c01e541a073c", "host": "h", "at": null}),
            json!({"id": "462dcc2d-130d-4654-8db1-da0df2da6a0d", "host": "192.168.1.20",
                   "at": "2013-09-03T04:01:32Z"}),
        ]);
        let s = schema_json(&shape);
        assert_eq!(s["properties"]["id"]["format"], json!("uuid"));
        assert!(s["properties"]["host"].get("format").is_none(), "{s}");
        // null says nothing about a string's format.
        assert_eq!(s["properties"]["at"]["format"], json!("date-time"));
        let nova_ids = infer_all(&[
            json!({"id": "1"}),
            json!({"id": "3b8b6631-1cf7-4fd7-9afb-c01e541a073c"}),
        ]);
        assert!(
            schema_json(&nova_ids)["properties"]["id"]
                .get("format")
                .is_none()
        );
    }

    #[test]
    fn vendor_data_is_one_key() {
        let mut shape = Shape::of_types(Types::STRING);
        shape.vendor.insert("min-ver".into(), json!("3.27"));
        shape.vendor.insert("undocumented".into(), json!(true));
        let s = schema_json(&shape);
        assert_eq!(
            s,
            json!({"type": "string", "x-openstack": {"min-ver": "3.27", "undocumented": true}})
        );
    }
}
