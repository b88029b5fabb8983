//! The document's server: `{endpoint}`, a variable a consumer sets to the
//! service's endpoint from the Keystone catalog, with a default that
//! works against a single-node deployment. Paths keep their version
//! prefix (`/v3/…`), so the endpoint is the service root; where paths
//! have none (Nova's `/servers`), the default carries the version.

use std::collections::BTreeMap;

use speclift_model::Api;
use utoipa::openapi::server::{Server, ServerVariable};

/// Words that name a service in an API's name, title or microversion
/// header, its catalog type, its usual port and, when its paths carry no
/// version, the version path its endpoint ends with.
const SERVICES: &[(&[&str], &str, u16, &str)] = &[
    (
        &["block-storage", "blockstorage", "volume"],
        "block-storage",
        8776,
        "",
    ),
    (&["compute"], "compute", 8774, "/v2.1"),
    (&["orchestration"], "orchestration", 8004, ""),
    (
        &["object-storage", "object-store", "pithos"],
        "object-store",
        8080,
        "",
    ),
    (&["load-balancer", "octavia"], "load-balancer", 9876, ""),
    (&["dns", "designate"], "dns", 9001, ""),
    (&["image"], "image", 9292, ""),
    (&["network"], "network", 9696, ""),
];

pub(crate) fn server(api: &Api) -> Server {
    let haystack = format!(
        "{} {} {}",
        api.name,
        api.title,
        api.microversions
            .as_ref()
            .map(|m| m.service.as_str())
            .unwrap_or_default()
    )
    .to_ascii_lowercase()
    .replace([' ', '_'], "-");
    let service = SERVICES
        .iter()
        .find(|(words, ..)| words.iter().any(|w| haystack.contains(w)));
    let versioned = paths_carry_version(api);
    let (default, description) = match service {
        Some((_, kind, port, version)) => {
            // Only os-api-ref documents Nova's paths without `/v2.1`.
            let suffix = if versioned || api.dialect != "os-api-ref" {
                ""
            } else {
                version
            };
            let root = format!("http://localhost:{port}{suffix}");
            let what = if suffix.is_empty() && versioned {
                "without the version path, which the paths begin with"
            } else if suffix.is_empty() {
                "as the catalog lists it"
            } else {
                "its version path included, as the catalog lists it"
            };
            (
                root.clone(),
                format!(
                    "The {kind} endpoint from the Keystone service catalog ({what}), \
                     e.g. {root} on a single-node deployment."
                ),
            )
        }
        None => (
            "http://localhost".to_string(),
            "The service's endpoint from the Keystone service catalog.".to_string(),
        ),
    };
    let mut server = Server::new("{endpoint}");
    server.description = Some(description);
    let mut variable = ServerVariable::default();
    variable.default_value = default;
    variable.description = Some("Your deployment's endpoint for this service.".to_string());
    server.variables = Some(BTreeMap::from([("endpoint".to_string(), variable)]));
    server
}

/// Whether the paths begin with a version segment (`/v3/…`, `/v2.0/…`),
/// counting only paths other than the version document `/`.
fn paths_carry_version(api: &Api) -> bool {
    let mut versioned = 0usize;
    let mut other = 0usize;
    for op in &api.operations {
        let first = op
            .path
            .trim_start_matches('/')
            .split('/')
            .next()
            .unwrap_or_default();
        if first.is_empty() || first.starts_with('{') {
            continue;
        }
        let is_version = first
            .strip_prefix(['v', 'V'])
            .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()));
        if is_version {
            versioned += 1;
        } else {
            other += 1;
        }
    }
    versioned > other
}
