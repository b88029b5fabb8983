//! The scenario file: a small YAML document that adds to or overrides what
//! the planner infers from the spec (variables, bodies, skips, waits) and
//! creates prerequisites the spec does not document (a volume for
//! attachments). Its JSON Schema is published via [`scenario_schema`].

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A replay scenario. Every member is optional.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Scenario {
    /// Values for path parameters and `{name}` placeholders, e.g.
    /// `project_id`. Command-line `--var`s override these.
    #[serde(default)]
    pub variables: BTreeMap<String, String>,
    /// Resources created before any checked operation (in order) and
    /// deleted after the run (in reverse order). Never checked themselves.
    #[serde(default)]
    pub fixtures: Vec<Fixture>,
    /// Per-operation overrides, keyed by `operationId`.
    #[serde(default)]
    pub operations: BTreeMap<String, OperationOverride>,
    /// How asynchronous resources are awaited.
    #[serde(default)]
    pub wait: WaitConfig,
    /// Service name for `OpenStack-API-Version` (e.g. `volume`), instead of
    /// the spec's `info.x-speclift.microversions.service`.
    #[serde(default)]
    pub service: Option<String>,
    /// The highest microversion the service supports, e.g. `"3.71"`. Reads
    /// are checked at both ends of their documented range; the upper end is
    /// capped here (a service older than its docs answers 406 above it).
    /// Command-line `--max-microversion` overrides it.
    #[serde(default)]
    pub max_microversion: Option<String>,
    /// Extra HTTP headers sent with every request of the run (fixtures,
    /// checked operations, waits, cleanup), e.g. `X-Service-Roles:
    /// service`. They replace built-in headers of the same name. Values of
    /// headers whose name contains `token`, `secret`, `password`, `key` or
    /// `authorization` are secrets: never printed.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// Operations (`operationId`, or `operationId[action]` for one action
    /// of an action endpoint) allowed to send a state-changing request that
    /// names something this run did not create: a host, cluster, service,
    /// project or quota class in its path, body or query, or a resource
    /// from a doc sample. Without it such requests are skipped, with the
    /// reason; only list what is safe to change on this deployment.
    #[serde(default)]
    pub allow_foreign: Vec<String>,
    /// Other services the fixtures and state waits talk to, by their
    /// microversion service name, e.g. `volume: "{cinder_endpoint}"` (the
    /// URL their paths are appended to; placeholders from variables). The
    /// token is sent there too: name only endpoints of the same cloud.
    #[serde(default)]
    pub endpoints: BTreeMap<String, String>,
    /// Waits for a resource's status after a checked operation, e.g. a
    /// volume `in-use` after a server's volume attachment.
    #[serde(default)]
    pub state_waits: Vec<crate::services::StateWait>,
}

/// A prerequisite resource.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Fixture {
    /// A label for reports.
    pub name: String,
    /// HTTP method of the creating request (default POST).
    #[serde(default = "default_post")]
    pub method: String,
    /// Path template, e.g. `/v3/{project_id}/volumes`.
    pub path: String,
    /// The endpoint (a key of the scenario's `endpoints`) the fixture's
    /// paths are on, and the service its `microversion` is for; default
    /// the base URL and the checked service.
    #[serde(default)]
    pub endpoint: Option<String>,
    /// JSON body; `{name}` placeholders in strings are substituted.
    #[serde(default)]
    pub body: Option<Value>,
    /// Microversion to send (`OpenStack-API-Version`), e.g. `"3.27"`.
    #[serde(default)]
    pub microversion: Option<String>,
    /// Variables to take from the response body, as JSON pointers, e.g.
    /// `volume_id: /volume/id`.
    #[serde(default)]
    pub capture: BTreeMap<String, String>,
    /// Poll until the resource is ready.
    #[serde(default)]
    pub wait: Option<FixtureWait>,
    /// Path template of the DELETE that removes it (after the captures are
    /// known), e.g. `/v3/{project_id}/volumes/{volume_id}`. Without it the
    /// fixture is either a `GET`, which creates nothing: it reads a name the
    /// run cannot create (a host) from the service's own list, e.g.
    /// `/v3/{project_id}/os-services?binary=cinder-volume` capturing
    /// `volume_host: /services/0/host`; or an action on an earlier fixture
    /// (marking a volume bootable), removed with that one.
    #[serde(default)]
    pub delete: Option<String>,
}

impl Fixture {
    /// A `GET`: it reads (a name from the service's own list) and creates
    /// nothing, so there is nothing to delete.
    pub fn reads(&self) -> bool {
        self.method.eq_ignore_ascii_case("GET")
    }
}

fn default_post() -> String {
    "POST".to_string()
}

/// Polling a fixture until its status leaves the transitional states.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FixtureWait {
    /// Path template of the GET that shows the resource.
    pub path: String,
    /// JSON pointer to the status in that GET's body, e.g. `/volume/status`.
    pub status: String,
}

/// Overrides for one operation.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct OperationOverride {
    /// Do not run it; the reason goes into the report.
    #[serde(default)]
    pub skip: Option<String>,
    /// Request body to send instead of the documented sample.
    #[serde(default)]
    pub body: Option<Value>,
    /// Microversion to send instead of the operation's minimum.
    #[serde(default)]
    pub microversion: Option<String>,
    /// Wait after this operation: `true` forces the create-style wait,
    /// `false` disables it.
    #[serde(default)]
    pub wait: Option<bool>,
    /// Variables this operation produces, as JSON pointers into its
    /// response body (overrides the inferred producer), e.g.
    /// `attachment_id: /attachment/id`.
    #[serde(default)]
    pub produces: BTreeMap<String, String>,
    /// Extra HTTP headers for this operation's requests, merged over the
    /// scenario-wide `headers` (names compare case-insensitively).
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
}

/// Waiting for asynchronous resources.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct WaitConfig {
    /// Give up waiting after this many seconds.
    #[serde(default = "default_timeout")]
    pub timeout_secs: u64,
    /// Poll interval in milliseconds.
    #[serde(default = "default_interval")]
    pub interval_ms: u64,
    /// Statuses that mean "still working" (compared case-insensitively).
    #[serde(default = "default_transitional")]
    pub transitional: Vec<String>,
}

fn default_timeout() -> u64 {
    120
}

fn default_interval() -> u64 {
    500
}

fn default_transitional() -> Vec<String> {
    [
        "creating",
        "attaching",
        "detaching",
        "deleting",
        "extending",
        "downloading",
        "uploading",
        "backing-up",
        "restoring",
        "restoring-backup",
        "retyping",
        "migrating",
        "enabling",
        "disabling",
        "build",
        "building",
    ]
    .map(str::to_string)
    .to_vec()
}

impl Default for WaitConfig {
    fn default() -> Self {
        WaitConfig {
            timeout_secs: default_timeout(),
            interval_ms: default_interval(),
            transitional: default_transitional(),
        }
    }
}

impl WaitConfig {
    pub fn is_transitional(&self, status: &str) -> bool {
        self.transitional
            .iter()
            .any(|t| t.eq_ignore_ascii_case(status))
    }
}

impl Scenario {
    /// Parses a scenario from YAML (JSON is YAML too). The error names the
    /// line and column and says what to fix.
    pub fn from_yaml(text: &str) -> Result<Scenario, String> {
        if text.trim().is_empty() {
            return Ok(Scenario::default());
        }
        let scenario: Scenario = serde_saphyr::from_str(text).map_err(|e| {
            format!("invalid scenario: {e} (see `scenario_schema()` for the allowed members)")
        })?;
        if let Some(max) = &scenario.max_microversion
            && crate::spec::parse_version(max).is_none()
        {
            return Err(format!(
                "invalid scenario: max-microversion `{max}`: expected MAJOR.MINOR, e.g. \"3.71\""
            ));
        }
        check_headers(&scenario.headers, "headers")?;
        // What earlier fixtures captured: a fixture without `delete` must
        // act on one of those (or be a GET), or what it creates would leak.
        let mut captured: Vec<&str> = Vec::new();
        for f in &scenario.fixtures {
            let blank = f.delete.as_deref().is_none_or(|d| d.trim().is_empty());
            let acts_on_earlier = captured
                .iter()
                .any(|v| f.path.contains(&format!("{{{v}}}")));
            if blank && !f.reads() && !acts_on_earlier {
                return Err(format!(
                    "invalid scenario: fixture `{}` ({} {}) has no `delete`: every fixture \
                     that creates something must say how to remove it (only a GET, or an \
                     action on what an earlier fixture captured, may omit it)",
                    f.name, f.method, f.path
                ));
            }
            captured.extend(f.capture.keys().map(String::as_str));
        }
        for (id, o) in &scenario.operations {
            check_headers(&o.headers, &format!("operations.{id}.headers"))?;
        }
        Ok(scenario)
    }
}

/// `base` with `over` laid on top. Header names are case-insensitive, so
/// an entry of `over` replaces every `base` entry that differs only in
/// case (the spelling of `over` is kept).
pub fn merge_headers(
    base: &BTreeMap<String, String>,
    over: &BTreeMap<String, String>,
) -> BTreeMap<String, String> {
    let mut merged = base.clone();
    for (name, value) in over {
        merged.retain(|n, _| !n.eq_ignore_ascii_case(name));
        merged.insert(name.clone(), value.clone());
    }
    merged
}

/// Rejects header names and values HTTP cannot carry, before any request
/// is sent. The message never quotes the value (it may be a secret).
pub fn check_header(name: &str, value: &str) -> Result<(), String> {
    if reqwest::header::HeaderName::from_bytes(name.as_bytes()).is_err() {
        return Err(format!(
            "`{name}` is not a valid HTTP header name; use letters, digits and `-`"
        ));
    }
    if reqwest::header::HeaderValue::from_str(value).is_err() {
        return Err(format!(
            "the value of header `{name}` is not a valid HTTP header value; remove control \
             characters and non-ASCII text"
        ));
    }
    Ok(())
}

fn check_headers(headers: &BTreeMap<String, String>, at: &str) -> Result<(), String> {
    headers
        .iter()
        .try_for_each(|(n, v)| check_header(n, v))
        .map_err(|e| format!("invalid scenario: {at}: {e}"))
}

/// The published JSON Schema of the scenario file.
pub fn scenario_schema() -> Value {
    serde_json::to_value(schemars::schema_for!(Scenario)).unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_full_scenario() {
        let s = Scenario::from_yaml(
            r#"
variables:
  project_id: abc
fixtures:
  - name: volume
    path: /v3/{project_id}/volumes
    body: {volume: {size: 1}}
    capture: {volume_id: /volume/id}
    wait: {path: "/v3/{project_id}/volumes/{volume_id}", status: /volume/status}
    delete: /v3/{project_id}/volumes/{volume_id}
operations:
  get_x:
    skip: broken upstream
  post_x:
    microversion: "3.44"
    produces: {x_id: /x/id}
wait:
  timeout-secs: 5
service: volume
"#,
        )
        .unwrap();
        assert_eq!(s.variables["project_id"], "abc");
        assert_eq!(s.fixtures[0].method, "POST");
        assert_eq!(s.fixtures[0].capture["volume_id"], "/volume/id");
        assert_eq!(
            s.operations["get_x"].skip.as_deref(),
            Some("broken upstream")
        );
        assert_eq!(s.wait.timeout_secs, 5);
        assert_eq!(s.service.as_deref(), Some("volume"));
        assert_eq!(s.wait.interval_ms, 500);
        assert!(s.wait.is_transitional("Creating"));
    }

    #[test]
    fn unknown_members_are_errors() {
        let err = Scenario::from_yaml("varables: {}").unwrap_err();
        assert!(err.contains("varables"), "{err}");
    }

    #[test]
    fn max_microversion_must_compare() {
        // Unquoted YAML keeps the digits as written: 3.30 stays 3.30.
        let s = Scenario::from_yaml("max-microversion: 3.30").unwrap();
        assert_eq!(s.max_microversion.as_deref(), Some("3.30"));
        let err = Scenario::from_yaml("max-microversion: latest").unwrap_err();
        assert!(
            err.contains("max-microversion `latest`") && err.contains("MAJOR.MINOR"),
            "{err}"
        );
    }

    #[test]
    fn schema_is_published() {
        let schema = scenario_schema();
        let props = schema.get("properties").unwrap();
        for key in ["variables", "fixtures", "operations", "wait", "headers"] {
            assert!(props.get(key).is_some(), "{key} missing in {schema}");
        }
        let per_operation = schema.pointer("/$defs/OperationOverride/properties/headers/type");
        assert_eq!(per_operation, Some(&Value::from("object")), "{schema}");
    }

    #[test]
    fn parses_headers_and_merges_per_operation() {
        let s = Scenario::from_yaml(
            r#"
headers:
  X-Service-Roles: service
  X-Trace: "on"
operations:
  delete_x:
    headers:
      x-service-roles: admin
      X-Extra: "1"
"#,
        )
        .unwrap();
        let merged = merge_headers(&s.headers, &s.operations["delete_x"].headers);
        let pairs: Vec<(&str, &str)> = merged
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("X-Extra", "1"),
                ("X-Trace", "on"),
                ("x-service-roles", "admin")
            ]
        );
        // No override: the scenario-wide set as is.
        assert_eq!(merge_headers(&s.headers, &BTreeMap::new()), s.headers);
    }

    #[test]
    fn invalid_headers_are_errors_without_the_value() {
        let err = Scenario::from_yaml("headers: {\"bad name\": v}").unwrap_err();
        assert!(
            err.contains("bad name") && err.contains("header name"),
            "{err}"
        );
        let err = Scenario::from_yaml("operations: {op: {headers: {X-Api-Key: \"sec\\nret\"}}}")
            .unwrap_err();
        assert!(err.contains("operations.op.headers"), "{err}");
        assert!(!err.contains("sec"), "the value leaked: {err}");
    }
}
