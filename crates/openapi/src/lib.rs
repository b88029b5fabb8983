//! OpenAPI 3.1 emission: the speclift model ([`speclift_model::Api`]) as a
//! utoipa [`OpenApi`] document, serialized as YAML or JSON.
//!
//! Output is deterministic: document order is kept wherever the
//! documentation orders things (paths, properties, parameters) and every
//! unordered map is sorted, so two runs give byte-identical files.
//!
//! Vendor data goes under one key per object (`x-openstack`, and
//! `x-speclift` on `info`): utoipa keeps extensions in a `HashMap`, so
//! several keys would come out in a different order on every run.

mod components;
mod examples;
mod headers;
mod media;
mod methods;
mod operation;
mod operation_ids;
mod path_examples;
mod paths;
mod schema;
mod servers;
mod tags;
pub mod yaml;

use std::path::{Component, Path};

use serde_json::{Map, Value, json};
use speclift_diag::{Diagnostic, Diagnostics};
use speclift_model::Api;
use speclift_spec::ext;
use utoipa::openapi::extensions::Extensions;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{Components, Info, OpenApi, Paths, RefOr};

pub use examples::{ExampleFailure, check_examples};
pub use methods::{ADDITIONAL_OPERATIONS_31, OutputVersion};
/// Inferred schemas as the emitter writes them.
pub use schema::to_schema;
pub use speclift_infer::Coverage;
/// Schema validation shared with the contract checker.
pub mod validation {
    pub use speclift_spec::validation::{compile, errors};
}

/// The security scheme every operation uses: a Keystone token.
const SECURITY_SCHEME: &str = "keystone";

/// The emitted document and what was wrong with the model on the way.
#[derive(Debug)]
pub struct Emitted {
    pub openapi: OpenApi,
    pub coverage: Coverage,
    /// Sorted by location.
    pub diagnostics: Vec<Diagnostic>,
}

/// How to emit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EmitOptions {
    pub version: OutputVersion,
}

/// Builds the OpenAPI 3.1 document for one API.
pub fn emit(api: &Api) -> Emitted {
    emit_with(api, &EmitOptions::default())
}

/// Builds the OpenAPI document for one API in the version `options` asks for.
pub fn emit_with(api: &Api, options: &EmitOptions) -> Emitted {
    let mut emitted = build(api, options, Want::Document);
    components::extract(&mut emitted.openapi);
    // Last: extraction walks the additional operations as utoipa types.
    methods::finish(&mut emitted.openapi, options.version);
    emitted
}

/// What emitting the API finds to say ([`Emitted::diagnostics`]), without
/// the document's last steps (shared components, the version's method
/// spelling), which find nothing: lint's view of the emitter.
pub fn diagnostics(api: &Api) -> Vec<Diagnostic> {
    build(api, &EmitOptions::default(), Want::Diagnostics).diagnostics
}

/// What [`build`] is asked for. Lint wants the findings alone: the
/// examples and the body schemas, which say nothing, are then not built
/// (the sample bodies' copies and schema conversions were a fifth of
/// lint's emitter time).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Want {
    Document,
    Diagnostics,
}

/// The document of [`emit_with`] before its components are shared (under
/// [`Want::Diagnostics`], a document without bodies or examples: only
/// its diagnostics are meant to be read).
fn build(api: &Api, options: &EmitOptions, want: Want) -> Emitted {
    let mut diags = Diagnostics::new();

    let mut paths = Paths::new();
    let mut coverage = Coverage::default();
    let microversion_headers = headers::definitions(api);
    let status_tables: speclift_infer::StatusTables<'_> = api
        .tags
        .iter()
        .filter(|t| !t.status_tables.is_empty())
        .map(|t| (t.name.trim(), t.status_tables.as_slice()))
        .collect();
    let tag_names = tags::names(api);
    let sample_values = match want {
        Want::Document => path_examples::SampleValues::of(api),
        Want::Diagnostics => path_examples::SampleValues::default(),
    };
    let groups = paths::group(&api.operations, &mut diags);
    // The paths map sized for its paths at once: a `PathItem` is 5.5 KB,
    // and grown by inserting, the map copied them all at each doubling.
    let distinct: std::collections::BTreeSet<&str> =
        groups.iter().map(|g| g.path.as_str()).collect();
    paths.paths.reserve_exact(distinct.len());
    let operation_ids = operation_ids::assign(&groups);
    // Action ids share the operation ids' namespace: one name, one thing.
    let mut names: std::collections::BTreeSet<String> = operation_ids.iter().cloned().collect();
    use rayon::prelude::*;
    let mut inferred: Vec<_> = groups
        .par_iter()
        .map(|group| operation::infer(group, &status_tables))
        .collect();
    for (group, inferred) in groups.iter().zip(&mut inferred) {
        operation::name_actions(group, inferred, &mut names);
    }
    // Each operation built on its own (its schemas converted, its examples
    // named), then put in place in order, as built in turn.
    let built: Vec<_> = groups
        .par_iter()
        .zip(operation_ids)
        .zip(inferred)
        .map(|((group, id), inferred)| {
            let (mut op_diags, mut op_coverage) = (Diagnostics::new(), Coverage::default());
            let mut context = operation::Context {
                tag_names: &tag_names,
                sample_values: &sample_values,
                coverage: &mut op_coverage,
                want,
            };
            let op = operation::build(group, id, inferred, &mut context, &mut op_diags);
            (op, op_diags, op_coverage)
        })
        .collect();
    for (group, (mut op, op_diags, op_coverage)) in groups.iter().zip(built) {
        diags.extend(op_diags);
        coverage += op_coverage;
        headers::reference(&mut op, &microversion_headers);
        methods::insert(&mut paths, &group.path, group.method, op);
    }

    let mut components = Components::new();
    for (name, parameter) in microversion_headers {
        components.parameters.insert(name, RefOr::T(parameter));
    }
    components.security_schemes.insert(
        SECURITY_SCHEME.into(),
        RefOr::T(SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::new(
            "X-Auth-Token",
        )))),
    );

    let info = info(api);
    let (tags, tag_groups) = tags::build(api, &tag_names, options.version, &info.title);
    let mut openapi = OpenApi::new(info, paths);
    openapi.servers = Some(vec![servers::server(api)]);
    openapi.tags = Some(tags);
    openapi.extensions =
        tag_groups.map(|groups| Extensions::from_iter([(ext::X_TAG_GROUPS, groups)]));
    openapi.components = Some(components);
    openapi.security = Some(vec![SecurityRequirement::new(
        SECURITY_SCHEME,
        Vec::<String>::new(),
    )]);
    Emitted {
        openapi,
        coverage,
        diagnostics: diags.into_sorted(),
    }
}

fn info(api: &Api) -> Info {
    let version = api
        .microversions
        .as_ref()
        .and_then(|m| m.range.max.or(m.range.min))
        .map_or_else(|| "1.0".to_string(), |v| v.to_string());
    // OpenAPI requires a title; an untitled document is named by its id.
    let title = match api.title.trim() {
        "" => api.name.clone(),
        t => t.to_string(),
    };
    let mut info = Info::new(title, version);
    let description = api.description.trim();
    info.description = (!description.is_empty()).then(|| description.to_string());
    let mut speclift = Map::new();
    speclift.insert("generator".into(), json!("speclift"));
    speclift.insert("dialect".into(), json!(api.dialect));
    speclift.insert("source".into(), json!(portable_path(&api.source.file)));
    if let Some(m) = &api.microversions {
        let mut mv = Map::new();
        mv.insert(ext::SERVICE.into(), json!(m.service));
        mv.extend(speclift_infer::versions::range_vendor(&m.range));
        speclift.insert(ext::MICROVERSIONS.into(), Value::Object(mv));
    }
    info.extensions = Some(Extensions::from_iter([(
        ext::X_SPECLIFT,
        Value::Object(speclift),
    )]));
    info
}

/// The source file as written when relative; otherwise only its last two
/// components, so the document does not depend on where it was built.
fn portable_path(path: &Path) -> String {
    let parts: Vec<String> = path
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    let keep = if path.is_absolute() { 2 } else { parts.len() };
    parts
        .get(parts.len().saturating_sub(keep)..)
        .unwrap_or_default()
        .join("/")
}

/// `base`, else `base{separator}2`, `base{separator}3`…: the first name
/// not yet in `taken`, which now holds it. Components, example keys, tags,
/// repaired path parameters and output files are all named this way.
pub fn claim_unique(
    taken: &mut std::collections::BTreeSet<String>,
    base: &str,
    separator: &str,
) -> String {
    let mut name = base.to_string();
    let mut n = 2;
    while !taken.insert(name.clone()) {
        name = format!("{base}{separator}{n}");
        n += 1;
    }
    name
}

/// YAML text of the document. Strings a YAML 1.1 loader would read as
/// something else (`2015-09-16T09:28:52.000000`, `yes`, `1:20`) are quoted,
/// so PyYAML and other 1.1 readers load the same values as the JSON output.
pub fn to_yaml(doc: &OpenApi) -> Result<String, String> {
    yaml::to_string(doc)
}

/// [`to_yaml`], byte for byte, with the paths serialized side by side (a
/// large API's paths are most of its text, and serializing them was the
/// longest serial step of `gen`). `&mut`: the paths are taken out while
/// the rest is serialized, and put back.
///
/// Each path is serialized as a one-entry mapping of its own and indented
/// under `paths:`. That gives the same text as serializing it in place
/// because serde-saphyr lays out a node relative to its parent alone: it
/// indents by a fixed step, folds long strings by their own width, never
/// by the column they start at, and writes a block scalar's empty lines
/// with no indentation (which is why empty lines are not indented here).
pub fn to_yaml_side_by_side(doc: &mut OpenApi) -> Result<String, String> {
    use rayon::prelude::*;
    let extensions = doc.paths.extensions.as_ref().is_some_and(|e| !e.is_empty());
    if doc.paths.paths.len() < 2 || extensions {
        return yaml::to_string(doc);
    }
    let paths = std::mem::take(&mut doc.paths.paths);
    let (rest, items) = rayon::join(
        || yaml::to_string(&*doc),
        || {
            let entries: Vec<_> = paths.iter().collect();
            entries
                .into_par_iter()
                .map(|(path, item)| {
                    yaml::to_string(&OnePath(path, item)).map(|text| indented(&text))
                })
                .collect::<Result<Vec<_>, _>>()
        },
    );
    doc.paths.paths = paths;
    let (rest, items) = (rest?, items?);
    // `paths` is a key of the top-level mapping: at the start of a line,
    // where no nested key or block scalar line can be.
    const EMPTY: &str = "\npaths: {}\n";
    let Some(at) = rest.find(EMPTY) else {
        return yaml::to_string(doc);
    };
    let size = rest.len() + items.iter().map(String::len).sum::<usize>();
    let mut text = String::with_capacity(size);
    text.push_str(&rest[..at]);
    text.push_str("\npaths:\n");
    for item in &items {
        text.push_str(item);
    }
    text.push_str(&rest[at + EMPTY.len()..]);
    Ok(text)
}

/// `text` indented by one step, but for its empty lines: each path's on
/// the core that serialized it, rather than all of them after, in turn.
/// The line ends are found in one sweep (`memchr_iter`), not a search
/// started afresh for each of a large API's 15,000 lines.
fn indented(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', text.as_bytes()) {
        // A line holding only its `\n` is left empty.
        if end > start {
            out.push_str("  ");
        }
        out.push_str(text.get(start..=end).unwrap_or_default());
        start = end + 1;
    }
    if start < text.len() {
        out.push_str("  ");
        out.push_str(text.get(start..).unwrap_or_default());
    }
    out
}

/// One path and its item, serialized as a mapping of one entry.
struct OnePath<'a>(&'a String, &'a utoipa::openapi::path::PathItem);

impl serde::Serialize for OnePath<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry(self.0, self.1)?;
        map.end()
    }
}

/// `serde_json::to_value(doc)`, its paths converted side by side (a
/// large API's paths are most of it). `&mut`: the paths are taken out
/// while the rest is converted, and put back.
pub fn to_value(doc: &mut OpenApi) -> Result<Value, serde_json::Error> {
    use rayon::prelude::*;
    let paths = std::mem::take(&mut doc.paths.paths);
    let (value, items) = rayon::join(
        || serde_json::to_value(&*doc),
        || {
            let entries: Vec<_> = paths.iter().collect();
            entries
                .into_par_iter()
                .map(|(path, item)| Ok((path.clone(), serde_json::to_value(item)?)))
                .collect::<Result<Vec<_>, serde_json::Error>>()
        },
    );
    doc.paths.paths = paths;
    let mut value = value?;
    let items = items?;
    // The paths come first in `paths`, its extensions after (flattened).
    if let Some(Value::Object(rest)) = value.get_mut("paths") {
        let extensions = std::mem::take(rest);
        rest.extend(items);
        rest.extend(extensions);
    }
    Ok(value)
}

/// Pretty JSON text of the document, with a trailing newline.
pub fn to_json(doc: &OpenApi) -> Result<String, String> {
    doc.to_pretty_json()
        .map(|mut s| {
            s.push('\n');
            s
        })
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn portable_paths_hide_the_machine() {
        assert_eq!(
            portable_path(Path::new("api-ref/source/v3/index.rst")),
            "api-ref/source/v3/index.rst"
        );
        assert_eq!(
            portable_path(Path::new(
                "/home/someone/cinder/api-ref/source/v3/index.rst"
            )),
            "v3/index.rst"
        );
        assert_eq!(portable_path(Path::new("./index.rst")), "index.rst");
    }

    proptest::proptest! {
        /// Every line but the empty ones indented by two spaces, as a
        /// search for each line end gave it.
        #[test]
        fn indented_is_line_by_line(text in "[a \n\u{e9}]{0,30}") {
            let mut expected = String::new();
            for line in text.split_inclusive('\n') {
                if line != "\n" {
                    expected.push_str("  ");
                }
                expected.push_str(line);
            }
            proptest::prop_assert_eq!(indented(&text), expected);
        }
    }
}
