//! Keystone v3 password authentication from the usual `OS_*` variables.
//! The token comes back in `X-Subject-Token`; the password and token are
//! registered with the redactor by the caller before anything is printed.

use std::collections::BTreeMap;
use std::time::Duration;

use serde_json::{Value, json};

use crate::transport;

#[derive(Clone)]
pub struct KeystoneCredentials {
    /// Keystone endpoint, e.g. `https://keystone.example/v3`.
    pub auth_url: String,
    pub username: String,
    pub password: String,
    pub user_domain: String,
    pub project_name: Option<String>,
    pub project_id: Option<String>,
    pub project_domain: String,
}

impl std::fmt::Debug for KeystoneCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeystoneCredentials")
            .field("auth_url", &self.auth_url)
            .field("username", &self.username)
            .field("password", &crate::redact::MASK)
            .field("project_name", &self.project_name)
            .field("project_id", &self.project_id)
            .finish()
    }
}

impl KeystoneCredentials {
    /// From `OS_AUTH_URL`, `OS_USERNAME`, `OS_PASSWORD` (all required) and
    /// `OS_PROJECT_NAME`/`OS_PROJECT_ID`, `OS_USER_DOMAIN_NAME`,
    /// `OS_PROJECT_DOMAIN_NAME` (default `Default`).
    pub fn from_env_map(env: &BTreeMap<String, String>) -> Option<KeystoneCredentials> {
        let get = |k: &str| env.get(k).filter(|v| !v.is_empty()).cloned();
        Some(KeystoneCredentials {
            auth_url: get("OS_AUTH_URL")?,
            username: get("OS_USERNAME")?,
            password: get("OS_PASSWORD")?,
            user_domain: get("OS_USER_DOMAIN_NAME").unwrap_or_else(|| "Default".into()),
            project_name: get("OS_PROJECT_NAME"),
            project_id: get("OS_PROJECT_ID"),
            project_domain: get("OS_PROJECT_DOMAIN_NAME").unwrap_or_else(|| "Default".into()),
        })
    }

    pub fn from_env() -> Option<KeystoneCredentials> {
        Self::from_env_map(&std::env::vars().collect())
    }

    fn request_body(&self) -> Value {
        let scope = match (&self.project_id, &self.project_name) {
            (Some(id), _) => json!({"project": {"id": id}}),
            (None, Some(name)) => {
                json!({"project": {"name": name, "domain": {"name": self.project_domain}}})
            }
            (None, None) => Value::Null,
        };
        let mut auth = json!({"identity": {"methods": ["password"], "password": {"user": {
            "name": self.username, "domain": {"name": self.user_domain}, "password": self.password
        }}}});
        if !scope.is_null() {
            auth["scope"] = scope;
        }
        json!({ "auth": auth })
    }
}

pub struct KeystoneToken {
    pub token: String,
    pub project_id: Option<String>,
}

/// Asks Keystone for a token. The request is never redirected (the client
/// follows no redirects): a 3xx is an error naming its `Location`, so the
/// password only ever goes to `OS_AUTH_URL`'s own origin.
pub async fn keystone_token(
    client: &reqwest::Client,
    creds: &KeystoneCredentials,
    timeout: Duration,
    max_body: u64,
) -> Result<KeystoneToken, String> {
    let base = creds.auth_url.trim_end_matches('/');
    let url = if base.ends_with("/v3") {
        format!("{base}/auth/tokens")
    } else {
        format!("{base}/v3/auth/tokens")
    };
    let response = client
        .post(&url)
        .timeout(timeout)
        .json(&creds.request_body())
        .send()
        .await
        .map_err(|e| format!("POST {url}: {}", transport::error_chain(&e)))?;
    let status = response.status().as_u16();
    if response.status().is_redirection() {
        let location = response
            .headers()
            .get("Location")
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .unwrap_or_else(|| "nowhere".into());
        return Err(format!(
            "POST {url} answered {status}, a redirect to `{location}`; not followed, so the \
             password goes nowhere else (set OS_AUTH_URL to the identity endpoint itself)"
        ));
    }
    let token = response
        .headers()
        .get("X-Subject-Token")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let body: Value = match transport::read_body(response, max_body).await {
        Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        Err(_) => Value::Null,
    };
    match token {
        Some(token) if (200..300).contains(&status) => Ok(KeystoneToken {
            token,
            project_id: body
                .pointer("/token/project/id")
                .and_then(Value::as_str)
                .map(str::to_string),
        }),
        _ => Err(format!(
            "POST {url} answered {status} without a token (check OS_USERNAME/OS_PASSWORD/OS_PROJECT_*)"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_env_and_never_debugs_the_password() {
        let env: BTreeMap<String, String> = [
            ("OS_AUTH_URL", "https://k/v3"),
            ("OS_USERNAME", "u"),
            ("OS_PASSWORD", "hunter2-secret"),
            ("OS_PROJECT_NAME", "p"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let c = KeystoneCredentials::from_env_map(&env).unwrap();
        assert!(!format!("{c:?}").contains("hunter2"));
        let body = c.request_body();
        assert_eq!(body.pointer("/auth/scope/project/name"), Some(&json!("p")));
        assert_eq!(
            body.pointer("/auth/identity/password/user/domain/name"),
            Some(&json!("Default"))
        );
        let mut partial = env.clone();
        partial.remove("OS_PASSWORD");
        assert!(KeystoneCredentials::from_env_map(&partial).is_none());
    }
}
