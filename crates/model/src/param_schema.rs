//! A JSON Schema for os-api-ref `parameters.yaml` files, so editors can
//! validate them (published as `specs/parameters.schema.json`).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::ir::ParamIn;

/// One entry of a `parameters.yaml` file, as os-api-ref reads it.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ParameterDefinition {
    /// Where the parameter is sent.
    #[serde(rename = "in")]
    pub location: ParamIn,
    /// The value's type: string, integer, float, boolean, uuid, object,
    /// array, dict, list, none…
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub ty: Option<String>,
    /// Whether the parameter must be sent (or is always returned).
    #[serde(default)]
    pub required: bool,
    /// reStructuredText describing the parameter.
    pub description: String,
    /// The first microversion with the parameter, e.g. `"3.27"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "version_schema")]
    pub min_version: Option<serde_json::Value>,
    /// The last microversion with the parameter, e.g. `"2.88"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "version_schema")]
    pub max_version: Option<serde_json::Value>,
}

/// A microversion: `"3.27"`, or the bare number most files write (which
/// YAML reads as a float, so `3.10` means 3.1: quoting is safer).
fn version_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({
        "anyOf": [
            {"type": "string", "pattern": VERSION_PATTERN},
            {"type": "number", "minimum": 0}
        ]
    })
}

/// `major.minor`.
pub const VERSION_PATTERN: &str = r"^\d+\.\d+$";

/// A whole `parameters.yaml`: parameter keys mapped to their definitions.
pub type ParametersFile = BTreeMap<String, ParameterDefinition>;

/// The JSON Schema (draft 2020-12) of a `parameters.yaml` file.
pub fn parameters_file_schema() -> serde_json::Value {
    let mut schema = schemars::schema_for!(ParametersFile).to_value();
    if let Some(map) = schema.as_object_mut() {
        map.insert(
            "title".into(),
            serde_json::Value::String("os-api-ref parameters.yaml".into()),
        );
    }
    schema
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_describes_a_map_of_entries() {
        let schema = parameters_file_schema();
        assert_eq!(schema["type"], "object");
        let entry = &schema["$defs"]["ParameterDefinition"];
        assert_eq!(entry["additionalProperties"], false);
        let required: Vec<_> = entry["required"].as_array().unwrap().iter().collect();
        assert_eq!(required, ["in", "description"]);
        assert_eq!(
            entry["properties"]["min_version"]["anyOf"][0]["pattern"],
            VERSION_PATTERN
        );
        assert_eq!(
            schema["$defs"]["ParameterLocation"]["enum"],
            serde_json::json!(["header", "path", "query", "body"])
        );
    }
}
