//! The document's server: `http://{host}`, `host` a variable a consumer
//! sets to the host (and port) of the service's endpoint in the Keystone
//! catalog, with a default that works against a single-node deployment.
//! Paths keep their version prefix (`/v3/…`), so the URL's path is that
//! of the service root; where paths have none (Nova's `/servers`), it is
//! the version path (`/v2.1`). The scheme is written out, not a variable:
//! the URL's path must stay readable as the prefix of every path (what
//! os-api-ref shows), which a leading `{endpoint}` would hide.

use std::collections::BTreeMap;

use speclift_model::Api;
use utoipa::openapi::server::{Server, ServerVariable};

/// Words that name a service in an API's name, title or microversion
/// header, its catalog type, its usual port and, when its paths carry no
/// version, the version path its endpoint ends with.
/// First match wins: `compute` before `volume`, so Nova's volume
/// attachments (`compute-api-volume-attachments`) are Nova's.
const SERVICES: &[(&[&str], &str, u16, &str)] = &[
    (&["compute"], "compute", 8774, "/v2.1"),
    (
        &["block-storage", "blockstorage", "volume"],
        "block-storage",
        8776,
        "",
    ),
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
    let (port, kind, suffix) = match service {
        // Only os-api-ref documents Nova's paths without `/v2.1`.
        Some((_, kind, port, version)) if !versioned && api.dialect == "os-api-ref" => {
            (Some(*port), Some(*kind), *version)
        }
        Some((_, kind, port, _)) => (Some(*port), Some(*kind), ""),
        None => (None, None, ""),
    };
    let host = port.map_or_else(|| "localhost".to_string(), |p| format!("localhost:{p}"));
    let service_name = kind.map_or_else(|| "the service's".to_string(), |k| format!("the {k}"));
    let what = if !suffix.is_empty() {
        format!(", whose paths begin after its version path `{suffix}`")
    } else if versioned {
        ", whose paths begin with their version".to_string()
    } else {
        String::new()
    };
    let mut server = Server::new(format!("http://{{host}}{suffix}"));
    server.description = Some(format!(
        "{} endpoint from the Keystone service catalog{what}, e.g. http://{host}{suffix} \
         on a single-node deployment; use https where the catalog does.",
        capitalise(&service_name)
    ));
    let mut variable = ServerVariable::default();
    variable.default_value = host;
    variable.description =
        Some("Host and port of your deployment's endpoint for this service.".to_string());
    server.variables = Some(BTreeMap::from([("host".to_string(), variable)]));
    server
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
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
