//! The other services of a scenario: what a checked API needs from its
//! neighbours (Nova's servers boot from a Cinder volume; an attachment is
//! finished when Cinder says the volume is `in-use`). The scenario names
//! their endpoints, fixtures may be created there, and state waits poll
//! there after a checked operation.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::transport::Origin;

/// After a checked operation succeeds, poll a resource until its status is
/// one of `until` (e.g. a volume `attaching → in-use` after a server's
/// volume attachment, `detaching → available` after its removal).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct StateWait {
    /// The `operationId` (or `operationId[action]`) after whose 2xx to wait.
    pub after: String,
    /// The endpoint (a key of `endpoints`) `path` is on; default the base URL.
    #[serde(default)]
    pub endpoint: Option<String>,
    /// Path template of the GET that shows the resource, e.g.
    /// `/volumes/{volume_id}`.
    pub path: String,
    /// JSON pointer to the status in that GET's body, e.g. `/volume/status`.
    pub status: String,
    /// The statuses that end the wait (compared case-insensitively).
    pub until: Vec<String>,
    /// Microversion of the GET (sent for the endpoint's service).
    #[serde(default)]
    pub microversion: Option<String>,
    /// Give up after this many seconds (default: the scenario's
    /// `wait.timeout-secs`).
    #[serde(default)]
    pub timeout_secs: Option<u64>,
}

impl StateWait {
    pub fn reached(&self, status: &str) -> bool {
        self.until.iter().any(|u| u.eq_ignore_ascii_case(status))
    }
}

/// A scenario's endpoints with their placeholders filled, by service name.
#[derive(Clone, Debug, Default)]
pub struct Endpoints {
    urls: BTreeMap<String, String>,
}

impl Endpoints {
    /// Fills each endpoint's `{name}` placeholders from `vars` and checks
    /// it is an absolute http(s) URL. Plain `http://` must stay on this
    /// machine (a credential goes there) unless `insecure_http`.
    pub fn resolve(
        templates: &BTreeMap<String, String>,
        vars: &BTreeMap<String, String>,
        insecure_http: bool,
    ) -> Result<Endpoints, String> {
        let mut urls = BTreeMap::new();
        for (service, template) in templates {
            let mut url = template.clone();
            for (name, value) in vars {
                url = url.replace(&format!("{{{name}}}"), value);
            }
            if url.contains('{') {
                return Err(format!(
                    "endpoint `{service}`: `{template}` has a placeholder no variable fills; \
                     give it with --var"
                ));
            }
            let origin = Origin::of(&url).ok_or_else(|| {
                format!("endpoint `{service}`: `{url}` is not an absolute http(s) URL")
            })?;
            if url.starts_with("http://") && !origin.is_loopback() && !insecure_http {
                return Err(format!(
                    "endpoint `{service}`: credentials would go over plain http to {origin}; \
                     use https, or --allow-insecure-http"
                ));
            }
            urls.insert(service.clone(), url.trim_end_matches('/').to_string());
        }
        Ok(Endpoints { urls })
    }

    /// The absolute URL of `path` on `service`'s endpoint.
    pub fn url(&self, service: &str, path: &str) -> Result<String, String> {
        self.urls
            .get(service)
            .map(|base| format!("{base}{path}"))
            .ok_or_else(|| {
                format!("no endpoint `{service}`; add it under the scenario's `endpoints`")
            })
    }

    /// Where credentials may go besides the base URL's origin.
    pub fn origins(&self) -> Vec<Origin> {
        self.urls.values().filter_map(|u| Origin::of(u)).collect()
    }
}

/// Whether `path` is already an absolute URL (on an endpoint).
pub fn is_absolute(path: &str) -> bool {
    path.starts_with("http://") || path.starts_with("https://")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn endpoints_are_filled_from_variables() {
        let e = Endpoints::resolve(
            &map(&[("volume", "{cinder_endpoint}/")]),
            &map(&[("cinder_endpoint", "http://127.0.0.1:8776/v3/abc")]),
            false,
        )
        .unwrap();
        assert_eq!(
            e.url("volume", "/volumes/1").unwrap(),
            "http://127.0.0.1:8776/v3/abc/volumes/1"
        );
        assert_eq!(e.origins(), [Origin::of("http://127.0.0.1:8776").unwrap()]);
        let err = e.url("image", "/images").unwrap_err();
        assert!(err.contains("no endpoint `image`"), "{err}");
    }

    #[test]
    fn unfilled_or_remote_plain_http_endpoints_are_errors() {
        let err = Endpoints::resolve(&map(&[("volume", "{nope}")]), &map(&[]), false).unwrap_err();
        assert!(err.contains("--var"), "{err}");
        let remote = map(&[("volume", "http://cloud.example:8776/v3")]);
        let err = Endpoints::resolve(&remote, &map(&[]), false).unwrap_err();
        assert!(err.contains("plain http"), "{err}");
        assert!(Endpoints::resolve(&remote, &map(&[]), true).is_ok());
    }

    #[test]
    fn a_state_wait_ends_on_its_statuses_only() {
        let w: StateWait = serde_saphyr::from_str(
            "{after: op, endpoint: volume, path: \"/volumes/{volume_id}\", status: /volume/status, until: [in-use]}",
        )
        .unwrap();
        assert!(w.reached("IN-USE"));
        assert!(!w.reached("attaching"));
        assert_eq!(w.timeout_secs, None);
    }
}
