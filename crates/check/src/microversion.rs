//! The microversion headers of one request, by the service's type.
//!
//! Every microversioned OpenStack service reads
//! `OpenStack-API-Version: <service-type> <X.Y>`. Some also kept the header
//! they read before that one existed (Nova's `X-OpenStack-Nova-API-Version`
//! until 2.27); a deployment older than the common header understands only
//! that one, and a newer one ignores it when both are sent. The service
//! type comes from the spec (`info.x-speclift.microversions.service`) or the
//! scenario, never from the checker.

use std::collections::BTreeMap;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

/// The header every microversioned service reads.
pub const HEADER: &str = "OpenStack-API-Version";

/// The service-specific header a service type read before [`HEADER`], if
/// it had one (values are the bare version, `2.49`).
pub fn legacy_header(service: &str) -> Option<&'static str> {
    match service.to_ascii_lowercase().as_str() {
        "compute" => Some("X-OpenStack-Nova-API-Version"),
        "baremetal" => Some("X-OpenStack-Ironic-API-Version"),
        "shared-file-system" | "sharev2" => Some("X-OpenStack-Manila-API-Version"),
        _ => None,
    }
}

/// The (name, value) pairs that ask `service` for `version`.
pub fn headers(service: &str, version: &str) -> Vec<(&'static str, String)> {
    let mut out = vec![(HEADER, format!("{service} {version}"))];
    if let Some(legacy) = legacy_header(service) {
        out.push((legacy, version.to_string()));
    }
    out
}

/// [`headers`] as extra headers for a request to another service (they
/// replace the checked service's own, see [`crate::scenario::merge_headers`]).
pub fn header_map(service: &str, version: &str) -> BTreeMap<String, String> {
    headers(service, version)
        .into_iter()
        .map(|(n, v)| (n.to_string(), v))
        .collect()
}

/// Adds the microversion headers to `map`; an invalid value (a service
/// name with control characters) is the error.
pub fn insert(map: &mut HeaderMap, service: &str, version: &str) -> Result<(), String> {
    for (name, value) in headers(service, version) {
        let header = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| format!("`{name}` is not a valid header name"))?;
        let value = HeaderValue::from_str(&value)
            .map_err(|_| format!("`{value}` is not a valid value for {name}"))?;
        map.insert(header, value);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compute_also_gets_novas_own_header() {
        assert_eq!(
            headers("compute", "2.49"),
            [
                (HEADER, "compute 2.49".to_string()),
                ("X-OpenStack-Nova-API-Version", "2.49".to_string())
            ]
        );
    }

    #[test]
    fn volume_gets_the_common_header_only() {
        assert_eq!(headers("volume", "3.27"), [(HEADER, "volume 3.27".into())]);
        assert_eq!(legacy_header("placement"), None);
    }

    #[test]
    fn insert_fills_a_header_map() {
        let mut map = HeaderMap::new();
        insert(&mut map, "compute", "2.100").unwrap();
        assert_eq!(map["openstack-api-version"], "compute 2.100");
        assert_eq!(map["x-openstack-nova-api-version"], "2.100");
        assert!(insert(&mut map, "bad\nname", "2.1").is_err());
    }
}
