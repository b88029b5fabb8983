//! The API's microversion header: the service type it names and the range
//! the documents mention.

use std::path::Path;

use crate::ir::{MicroversionInfo, Operation};
use crate::microversion::{Microversion, VersionRange};
use crate::text::slug;

/// The microversion header's service and the range the documents
/// mention, when the API is microversioned at all.
pub(super) fn microversion_info(
    title: &str,
    entry: &Path,
    ops: &[Operation],
) -> Option<MicroversionInfo> {
    let mut seen: Vec<Microversion> = Vec::new();
    let mut add = |r: &VersionRange| seen.extend(r.min.into_iter().chain(r.max));
    for op in ops {
        add(&op.microversions);
        for p in op.request.parameters.iter().chain(&op.request.body) {
            add(&p.microversions);
        }
        for r in &op.responses {
            add(&r.status.microversions);
            for p in r.headers.iter().chain(&r.body) {
                add(&p.microversions);
            }
        }
    }
    let min = seen.iter().min().copied()?;
    let max = seen.iter().max().copied();
    Some(MicroversionInfo {
        service: service_type(title, entry),
        range: VersionRange {
            min: Some(min),
            max,
        },
    })
}

/// The service type named in `OpenStack-API-Version: <service> X.Y`. The
/// documents never spell it out, so it is guessed from the API title,
/// then from the project folder the document lives in.
pub(super) fn service_type(title: &str, entry: &Path) -> String {
    const BY_TITLE: &[(&str, &str)] = &[
        ("compute", "compute"),
        ("block storage", "volume"),
        ("shared file", "shared-file-system"),
        ("image", "image"),
        ("network", "network"),
        ("identity", "identity"),
        ("placement", "placement"),
        ("bare metal", "baremetal"),
        ("baremetal", "baremetal"),
        ("load balancer", "load-balancer"),
        ("container infrastructure", "container-infra"),
        ("key manager", "key-manager"),
        ("orchestration", "orchestration"),
        ("object storage", "object-store"),
    ];
    const BY_PROJECT: &[(&str, &str)] = &[
        ("nova", "compute"),
        ("cinder", "volume"),
        ("manila", "shared-file-system"),
        ("glance", "image"),
        ("neutron", "network"),
        ("keystone", "identity"),
        ("placement", "placement"),
        ("ironic", "baremetal"),
        ("octavia", "load-balancer"),
        ("magnum", "container-infra"),
        ("barbican", "key-manager"),
        ("heat", "orchestration"),
        ("swift", "object-store"),
    ];
    let t = title.to_ascii_lowercase();
    if let Some((_, v)) = BY_TITLE.iter().find(|(k, _)| t.contains(k)) {
        return v.to_string();
    }
    let folders: Vec<String> = entry
        .ancestors()
        .filter_map(|a| {
            a.file_name()
                .map(|n| n.to_string_lossy().to_ascii_lowercase())
        })
        .collect();
    BY_PROJECT
        .iter()
        .find(|(k, _)| folders.iter().any(|f| f.contains(k)))
        .map(|(_, v)| v.to_string())
        .unwrap_or_else(|| slug(title).split('-').next().unwrap_or("api").to_string())
}
