//! The typed schema tree inference produces: a [`Shape`] is inferred from
//! sample bodies, merged across samples and variants, and overlaid with
//! what the tables say; the emitter maps it to OpenAPI.
//!
//! Merging only ever widens: a merged shape accepts every value either side
//! accepted, which is what keeps every example valid against its schema.
//! Absent `items`/`additional` mean "no evidence yet" while building (an
//! empty array fits any `items`), and "unconstrained" in the output.

use serde_json::{Map, Value};

use crate::types::Types;

/// One spot of a schema: a JSON Schema in the making, plus what inference
/// knows about where its parts came from (`sampled`, `documented`, …),
/// which the emitter does not write.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Shape {
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
    /// Vendor data (`min-ver`, `undocumented`, …), written by the emitter
    /// under its one vendor key.
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
}

/// `None` is "no evidence": the other side wins.
pub fn merge_opt(a: Option<Shape>, b: Option<Shape>) -> Option<Shape> {
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
