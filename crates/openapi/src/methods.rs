//! Where an operation goes in its path item, per output version.
//!
//! OpenAPI 3.1 path items have fields for eight methods only. Documented
//! operations on any other method (Swift's `COPY`, WebDAV's `MOVE`, a
//! placeholder word) are kept, never dropped: while emitting they sit in
//! utoipa's `additional_operations` (so component extraction sees them
//! like any other operation), and [`finish`] then places them where the
//! chosen version holds them — 3.2's `additionalOperations` (its `query`
//! field for `QUERY`), or for 3.1 the registered
//! `x-oai-additionalOperations` extension, the same map under an `x-` key.

use std::fmt;
use std::str::FromStr;

use serde_json::{Map, Value};
use speclift_model::Method;
use utoipa::openapi::extensions::Extensions;
use utoipa::openapi::path::Operation;
use utoipa::openapi::{OpenApi, OpenApiVersion, Paths};

/// The registered 3.1 extension for operations on other methods
/// (<https://spec.openapis.org/registry/extension/>).
pub const ADDITIONAL_OPERATIONS_31: &str = speclift_spec::ext::X_OAI_ADDITIONAL_OPERATIONS;

/// The OpenAPI version to write.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum OutputVersion {
    /// `openapi: 3.1.0`; other methods under [`ADDITIONAL_OPERATIONS_31`].
    #[default]
    V3_1,
    /// `openapi: 3.2.0`; other methods under `additionalOperations`.
    V3_2,
}

impl FromStr for OutputVersion {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "3.1" | "3.1.0" => Ok(OutputVersion::V3_1),
            "3.2" | "3.2.0" => Ok(OutputVersion::V3_2),
            other => Err(format!(
                "`{other}` is not an output version: use 3.1 or 3.2"
            )),
        }
    }
}

impl fmt::Display for OutputVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            OutputVersion::V3_1 => "3.1",
            OutputVersion::V3_2 => "3.2",
        })
    }
}

/// Puts `op` under `path` and `method`: a path item field for the eight,
/// else the item's additional operations (placed per version by
/// [`finish`]).
pub(crate) fn insert(paths: &mut Paths, path: &str, method: Method, op: Operation) {
    let item = paths.paths.entry(path.to_string()).or_default();
    // The field set directly: `Paths::add_path_operation` would store a
    // deep clone of `op` (its schemas and examples) and drop the original.
    let field = match method {
        Method::Get => &mut item.get,
        Method::Put => &mut item.put,
        Method::Post => &mut item.post,
        Method::Delete => &mut item.delete,
        Method::Patch => &mut item.patch,
        Method::Head => &mut item.head,
        Method::Options => &mut item.options,
        Method::Trace => &mut item.trace,
        Method::Extension(token) => {
            item.additional_operations
                .insert(token.as_str().to_string(), op);
            return;
        }
    };
    *field = Some(op);
}

/// Sets the document's version and moves every additional operation to
/// where that version keeps it.
pub(crate) fn finish(openapi: &mut OpenApi, version: OutputVersion) {
    openapi.openapi = match version {
        OutputVersion::V3_1 => OpenApiVersion::Version31,
        OutputVersion::V3_2 => OpenApiVersion::Version32,
    };
    for item in openapi.paths.paths.values_mut() {
        match version {
            OutputVersion::V3_2 => {
                // 3.2 has a field for QUERY, and forbids additional
                // entries for methods that have one.
                if item.query.is_none()
                    && let Some(op) = item.additional_operations.remove("QUERY")
                {
                    item.query = Some(op);
                }
            }
            OutputVersion::V3_1 => {
                if item.additional_operations.is_empty() {
                    continue;
                }
                let additional = std::mem::take(&mut item.additional_operations);
                let map: Map<String, Value> = additional
                    .into_iter()
                    .filter_map(|(method, op)| Some((method, serde_json::to_value(op).ok()?)))
                    .collect();
                let mut extensions = item.extensions.take().unwrap_or_default();
                extensions.merge(Extensions::from_iter([(
                    ADDITIONAL_OPERATIONS_31,
                    Value::Object(map),
                )]));
                item.extensions = Some(extensions);
            }
        }
    }
}
