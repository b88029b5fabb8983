//! The microversion request headers of a microversioned API, defined once
//! in `components/parameters` and referenced by every operation.

use serde_json::json;
use speclift_infer::Shape;
use speclift_infer::types::Types;
use speclift_model::{Api, MicroversionInfo};
use utoipa::openapi::path::{Operation, Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::{Deprecated, Ref, RefOr, Required};

use crate::schema::to_schema;

pub(crate) const HEADER: &str = "OpenStack-API-Version";
/// Nova's header before `OpenStack-API-Version` (2.27) existed.
const NOVA_LEGACY_HEADER: &str = "X-OpenStack-Nova-API-Version";

/// `(component name, parameter)` of the headers `api` takes.
pub(crate) fn definitions(api: &Api) -> Vec<(String, Parameter)> {
    let Some(info) = &api.microversions else {
        return Vec::new();
    };
    let service = info.service.trim();
    if service.is_empty() {
        return Vec::new();
    }
    let example = example_version(info);
    let supported = if info.range.is_unbounded() {
        String::new()
    } else {
        format!(" The documents describe microversions {}.", info.range)
    };
    let mut out = vec![(
        HEADER.to_string(),
        header(
            HEADER,
            format!(
                "The microversion to use, as `{service} <version>` (e.g. `{service} {example}`); \
                 without it the server uses its minimum version.{supported}"
            ),
            json!(format!("{service} {example}")),
            false,
        ),
    )];
    if service == "compute" {
        out.push((
            NOVA_LEGACY_HEADER.to_string(),
            header(
                NOVA_LEGACY_HEADER,
                format!(
                    "The microversion to use, as a bare version (e.g. `{example}`). Deprecated: \
                     use `{HEADER}`."
                ),
                json!(example),
                true,
            ),
        ));
    }
    out
}

fn example_version(info: &MicroversionInfo) -> String {
    info.range
        .max
        .or(info.range.min)
        .map_or_else(|| "latest".to_string(), |v| v.to_string())
}

fn header(
    name: &str,
    description: String,
    example: serde_json::Value,
    deprecated: bool,
) -> Parameter {
    ParameterBuilder::new()
        .name(name)
        .parameter_in(ParameterIn::Header)
        .required(Required::False)
        .description(Some(description))
        .deprecated(deprecated.then_some(Deprecated::True))
        .schema(Some(to_schema(&Shape::of_types(Types::STRING))))
        .example(Some(example))
        .build()
}

/// Adds a reference to each header the operation does not document itself.
pub(crate) fn reference(op: &mut Operation, headers: &[(String, Parameter)]) {
    for (component, parameter) in headers {
        let params = op.parameters.get_or_insert_with(Vec::new);
        let documented = params.iter().any(|p| match p {
            RefOr::T(p) => {
                p.parameter_in == ParameterIn::Header
                    && p.name.eq_ignore_ascii_case(&parameter.name)
            }
            RefOr::Ref(_) => false,
        });
        if !documented {
            params.push(RefOr::Ref(Ref::new(format!(
                "#/components/parameters/{component}"
            ))));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use speclift_diag::{Location, path};
    use speclift_model::{Microversion, VersionRange};

    fn api(service: &str) -> Api {
        Api {
            name: "compute".into(),
            title: "Compute".into(),
            description: String::new(),
            dialect: "os-api-ref".into(),
            source: Location::file_start(path("index.rst")),
            microversions: Some(MicroversionInfo {
                service: service.into(),
                range: VersionRange {
                    min: Some(Microversion::new(2, 1)),
                    max: Some(Microversion::new(2, 100)),
                },
            }),
            tags: Vec::new(),
            operations: Vec::new(),
        }
    }

    #[test]
    fn compute_gets_the_legacy_header_too() {
        let defs = definitions(&api("compute"));
        let names: Vec<_> = defs.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, [HEADER, NOVA_LEGACY_HEADER]);
        let json = serde_json::to_value(&defs[0].1).unwrap();
        assert_eq!(json["in"], "header");
        assert_eq!(json["required"], false);
        assert_eq!(json["example"], "compute 2.100");
        assert!(
            json["description"]
                .as_str()
                .unwrap()
                .contains("2.1 to 2.100")
        );
        let legacy = serde_json::to_value(&defs[1].1).unwrap();
        assert_eq!(legacy["deprecated"], true);
        assert_eq!(definitions(&api("volume")).len(), 1);
        let mut plain = api("volume");
        plain.microversions = None;
        assert!(definitions(&plain).is_empty());
    }

    #[test]
    fn a_documented_header_is_not_referenced_again() {
        let defs = definitions(&api("volume"));
        let mut op = Operation::new();
        let mut own = Parameter::new("openstack-api-version");
        own.parameter_in = ParameterIn::Header;
        op.parameters = Some(vec![RefOr::T(own)]);
        reference(&mut op, &defs);
        assert_eq!(op.parameters.as_ref().unwrap().len(), 1);
        let mut bare = Operation::new();
        reference(&mut bare, &defs);
        let json = serde_json::to_value(&bare).unwrap();
        assert_eq!(
            json["parameters"][0]["$ref"],
            "#/components/parameters/OpenStack-API-Version"
        );
    }
}
