//! The emitter's side of inference: a [`Shape`] from `speclift-infer`
//! mapped one to one onto utoipa's schema types, with speclift's vendor
//! data under its one key.

use serde_json::Value;
use speclift_infer::Shape;
use speclift_infer::types::Types;
use utoipa::openapi::RefOr;
use utoipa::openapi::extensions::Extensions;
use utoipa::openapi::schema::{
    AdditionalProperties, Array, ArrayItems, KnownFormat, Object, Schema, SchemaFormat, SchemaType,
    Type,
};

/// The one vendor key speclift writes on schema-level objects.
pub(crate) const VENDOR_KEY: &str = speclift_spec::ext::X_OPENSTACK;

/// The utoipa schema of an inferred shape. Properties keep their order
/// (utoipa's `preserve_order`), so output is deterministic.
pub fn to_schema(shape: &Shape) -> Schema {
    let extensions = (!shape.vendor.is_empty())
        .then(|| Extensions::from_iter([(VENDOR_KEY, Value::Object(shape.vendor.clone()))]));
    let schema_type = match shape.types.names().as_slice() {
        [] => SchemaType::AnyValue,
        [_] => SchemaType::Type(type_of(shape.types)),
        _ => SchemaType::from_iter(shape.types.names().into_iter().filter_map(type_named)),
    };
    if shape.types.has(Types::ARRAY) {
        let mut array = Array::default();
        array.schema_type = schema_type;
        array.title = shape.title.clone();
        array.description = shape.description.clone();
        array.items = match &shape.items {
            Some(items) => ArrayItems::RefOrSchema(Box::new(RefOr::T(to_schema(items)))),
            None => ArrayItems::default(),
        };
        array.extensions = extensions;
        return Schema::Array(array);
    }
    let mut object = Object::default();
    object.schema_type = schema_type;
    object.title = shape.title.clone();
    object.description = shape.description.clone();
    object.format = shape.format.as_deref().map(format_named);
    object.enum_values = shape.enumeration.as_ref().map(|values| {
        let mut values = values.clone();
        if shape.types.has(Types::NULL) && !values.contains(&Value::Null) {
            values.push(Value::Null);
        }
        values
    });
    let objectish = shape.types.is_any() || shape.types.has(Types::OBJECT);
    if objectish {
        object.required = shape.required.clone();
        // Sized exactly: a map grown by inserting copies its schemas (784
        // bytes each) as it grows and keeps room for more.
        object.properties.reserve_exact(shape.properties.len());
        for (name, member) in &shape.properties {
            object
                .properties
                .insert(name.clone(), RefOr::T(to_schema(member)));
        }
        object.additional_properties = shape.additional.as_ref().map(|s| {
            Box::new(if s.is_unconstrained() {
                AdditionalProperties::FreeForm(true)
            } else {
                AdditionalProperties::RefOr(RefOr::T(to_schema(s)))
            })
        });
        object.property_names = shape.property_names.as_ref().map(|names| {
            let mut enumeration = Object::default();
            enumeration.schema_type = SchemaType::Type(Type::String);
            enumeration.enum_values = Some(names.iter().cloned().map(Value::String).collect());
            Box::new(Schema::Object(enumeration))
        });
    }
    object.extensions = extensions;
    Schema::Object(object)
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
