//! How one request goes out and its reply comes back: the HTTP client
//! (never follows a redirect), the origin rule for credentials, and a
//! body read that stops at a cap.
//!
//! Why no redirects: a redirect re-sends the request, headers included, to
//! wherever the server points — another port, host or scheme. The checker
//! judges the redirect itself instead (a documented 3xx passes; anything
//! else fails and names its `Location`), and a credential never leaves the
//! origin of the base URL (or the identity URL, for the password).
//!
//! `Transport` is the run's side of it: every request goes through
//! `Transport::call`, retried only when safe (GET, HEAD, OPTIONS) on
//! connection errors, timeouts, 5xx and 429, and bounded by the run's
//! limits: a cancel or the deadline cuts a read in flight at once and a
//! write after [`WRITE_GRACE`]; during the cleanup only its budget counts.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::{Response, Url};
use serde_json::Value;

use crate::cancel::{Cancel, stop_signal};
use crate::redact::is_secret_header;
use crate::services;

/// Response bodies are read up to this many bytes unless told otherwise.
pub const DEFAULT_MAX_BODY: u64 = 8 * 1024 * 1024;

/// The HTTP client every request of a run goes through.
pub fn build_client(insecure: bool, request_timeout: Duration) -> Result<reqwest::Client, String> {
    reqwest::Client::builder()
        .timeout(request_timeout)
        .connect_timeout(request_timeout.min(Duration::from_secs(10)))
        .danger_accept_invalid_certs(insecure)
        // Redirects are answers to judge, never followed (see the module
        // docs). Bodies are never decompressed: no gzip/brotli feature is
        // enabled, so a compressed bomb stays as small as it was sent.
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("speclift-check/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| format!("could not set up the HTTP client: {e}"))
}

/// `--base-url`: an absolute http(s) URL with a host, checked before
/// anything runs (a typo is a usage error, not one failure per request).
pub fn parse_base_url(s: &str) -> Result<String, String> {
    let url = reqwest::Url::parse(s.trim())
        .map_err(|e| format!("`{s}`: not a URL ({e}); expected e.g. http://127.0.0.1:8776"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!(
            "`{s}`: the scheme must be http or https, e.g. https://cloud.example:8776"
        ));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(format!(
            "`{s}`: no host; expected e.g. http://127.0.0.1:8776"
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(format!(
            "`{s}`: a base URL takes no query or fragment (the spec's paths are appended \
             to it); give e.g. https://cloud.example/volume"
        ));
    }
    Ok(s.trim().to_string())
}

/// Scheme, host and port: what must match for a credential to be sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    scheme: String,
    host: String,
    port: Option<u16>,
}

impl Origin {
    pub fn of(url: &str) -> Option<Origin> {
        let url = Url::parse(url).ok()?;
        Some(Origin {
            scheme: url.scheme().to_string(),
            host: url.host_str()?.to_ascii_lowercase(),
            port: url.port_or_known_default(),
        })
    }

    /// Whether traffic to this origin stays on this machine.
    pub fn is_loopback(&self) -> bool {
        let host = self.host.trim_start_matches('[').trim_end_matches(']');
        host == "localhost"
            || host
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback())
    }

    pub fn is_plain_http(&self) -> bool {
        self.scheme == "http"
    }
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}://{}", self.scheme, self.host)?;
        if let Some(port) = self.port {
            write!(f, ":{port}")?;
        }
        Ok(())
    }
}

/// Refuses to send `headers` to `url` when any of them is sensitive and
/// `url` is not on `allowed` (a path that smuggles in another authority,
/// e.g. `@evil.example/x` after the base URL, lands here).
pub fn guard_origin(url: &str, allowed: &Origin, headers: &HeaderMap) -> Result<(), String> {
    if !headers.values().any(|v| v.is_sensitive()) {
        return Ok(());
    }
    match Origin::of(url) {
        Some(target) if target == *allowed => Ok(()),
        Some(target) => Err(format!(
            "refused to send credentials to {target}: the base URL's origin is {allowed}"
        )),
        None => Err("refused to send credentials to a URL that does not parse".to_string()),
    }
}

/// Why a body could not be read whole.
#[derive(Debug)]
pub enum BodyError {
    /// More than the cap arrived (or was announced).
    TooLarge {
        cap: u64,
    },
    Read(reqwest::Error),
}

/// Reads the body of `response`, at most `cap` bytes. A `Content-Length`
/// over the cap fails before anything is read; otherwise the body is read
/// chunk by chunk and the read stops as soon as the cap is passed, so a
/// huge or endless body never sits in memory.
pub async fn read_body(mut response: Response, cap: u64) -> Result<Vec<u8>, BodyError> {
    if response.content_length().is_some_and(|n| n > cap) {
        return Err(BodyError::TooLarge { cap });
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(BodyError::Read)? {
        if body.len() as u64 + chunk.len() as u64 > cap {
            return Err(BodyError::TooLarge { cap });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// `8 MiB`, `512 KiB`, `100 bytes`.
pub fn size_label(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= 1024 && bytes.is_multiple_of(1024) {
        format!("{} KiB", bytes / 1024)
    } else {
        format!("{bytes} bytes")
    }
}

/// The text of an error with every cause in its `source()` chain, so
/// "error sending request" keeps the "connection refused" behind it.
pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut msg = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let cause = s.to_string();
        // hyper and reqwest often repeat their cause in their own text.
        if !msg.contains(&cause) {
            msg = format!("{msg}: {cause}");
        }
        source = s.source();
    }
    msg
}

pub const MICROVERSION_HEADER: &str = "OpenStack-API-Version";
pub const TOKEN_HEADER: &str = "X-Auth-Token";

/// How long a write (POST, PUT, PATCH, DELETE) already in flight may still
/// take after a cancel or the deadline: cutting it at once could leave a
/// resource the run never learns the id of, so never removes.
pub const WRITE_GRACE: Duration = Duration::from_secs(5);

/// A response, read whole.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

#[derive(Debug)]
pub enum CallError {
    Timeout,
    Connect(String),
    /// Cut short in flight by a cancel or the deadline; the reason.
    Interrupted(String),
    /// The body passed the cap (bytes).
    TooLarge(u64),
    Other(String),
}

impl CallError {
    /// The report's "got" column.
    pub(crate) fn label(&self) -> String {
        match self {
            CallError::Timeout => "timeout".into(),
            CallError::Connect(_) => "connection error".into(),
            CallError::Interrupted(_) => "interrupted".into(),
            CallError::TooLarge(_) => "body too large".into(),
            CallError::Other(_) => "request error".into(),
        }
    }

    pub(crate) fn message(&self) -> String {
        match self {
            CallError::Timeout => "no complete response within the per-request timeout".into(),
            CallError::Connect(e) => format!("could not connect: {e}"),
            CallError::Interrupted(why) => format!("stopped in flight: {why}"),
            CallError::TooLarge(cap) => format!(
                "the response body is larger than the {} limit; raise --max-body-size to read it",
                size_label(*cap)
            ),
            CallError::Other(e) => e.clone(),
        }
    }
}

fn classify_error(e: reqwest::Error) -> CallError {
    if e.is_timeout() {
        CallError::Timeout
    } else if e.is_connect() {
        CallError::Connect(error_chain(&e))
    } else {
        CallError::Other(error_chain(&e))
    }
}

/// One request, as [`Transport::call`] sends it.
pub(crate) struct Request<'a> {
    pub method: &'a str,
    /// A path under the base URL, or an absolute URL on a scenario
    /// endpoint (see [`crate::services`]).
    pub path: &'a str,
    pub body: Option<&'a Value>,
    /// Asked of the spec's service (its microversion headers).
    pub microversion: Option<&'a str>,
    /// Extra headers, sent last: they replace built-in ones.
    pub headers: &'a BTreeMap<String, String>,
    /// Retried like a safe method (the cleanup's removals: a second
    /// DELETE of the same resource does no harm).
    pub retry_unsafe: bool,
}

impl<'a> Request<'a> {
    /// A GET (a poll, a show), retried as safe.
    pub(crate) fn get(
        path: &'a str,
        microversion: Option<&'a str>,
        headers: &'a BTreeMap<String, String>,
    ) -> Request<'a> {
        Request {
            method: "GET",
            path,
            body: None,
            microversion,
            headers,
            retry_unsafe: false,
        }
    }
}

/// Every request of a run goes out through here: the client, the
/// credentials and the origins they may go to, retries with backoff, and
/// the run's limits (cancel, deadline, the cleanup's budget).
pub(crate) struct Transport {
    pub client: reqwest::Client,
    /// Service root the paths are appended to.
    pub base_url: String,
    /// Sent as `X-Auth-Token`; never printed.
    pub token: Option<String>,
    /// The spec's service type, for its microversion headers.
    pub service: Option<String>,
    /// Where credentials may go: the base URL's origin.
    pub origin: Origin,
    /// The scenario's other services: credentials may go there too.
    pub endpoint_origins: Vec<Origin>,
    /// Extra attempts for safe requests.
    pub retries: u32,
    /// First retry delay; doubles per attempt.
    pub backoff: Duration,
    /// Response bodies larger than this fail (never read whole).
    pub max_body: u64,
    pub cancel: Cancel,
    /// When the run stops starting requests, and after how long (for the
    /// message).
    pub deadline: Option<(Instant, Duration)>,
    /// Set while the cleanup runs: its end. Requests then ignore cancel
    /// and deadline, and are cut at this instant instead.
    pub cleanup_budget: Mutex<Option<Instant>>,
}

impl Transport {
    pub(crate) fn stop_reason(&self) -> Option<String> {
        if self.cancel.is_cancelled() {
            return self.cancel.reason();
        }
        if let Some((at, after)) = self.deadline
            && Instant::now() >= at
        {
            return Some(format!(
                "the global deadline ({} s) passed",
                after.as_secs()
            ));
        }
        None
    }

    pub(crate) fn ensure_running(&self) -> Result<(), String> {
        match self.stop_reason() {
            Some(why) => Err(why),
            None => Ok(()),
        }
    }

    /// One HTTP exchange, retried for safe methods on connection errors,
    /// timeouts, 5xx and 429.
    pub(crate) async fn call(&self, request: &Request<'_>) -> Result<Reply, CallError> {
        let method = request.method;
        let safe = matches!(method, "GET" | "HEAD" | "OPTIONS") || request.retry_unsafe;
        let attempts = if safe { self.retries + 1 } else { 1 };
        let mut last = Err(CallError::Other("no attempt made".into()));
        for attempt in 0..attempts {
            if attempt > 0 {
                let delay = self.backoff.saturating_mul(1 << (attempt - 1).min(6));
                self.bounded(method, async {
                    tokio::time::sleep(delay).await;
                    Ok(())
                })
                .await?;
            }
            last = self.bounded(method, self.send_once(request)).await;
            let retry = match &last {
                Ok(r) => r.status >= 500 || r.status == 429,
                Err(CallError::Timeout | CallError::Connect(_)) => true,
                Err(_) => false,
            };
            if !retry {
                break;
            }
        }
        last
    }

    /// Runs `request` within the run's limits: during the cleanup, its
    /// budget; otherwise cancel and deadline, which cut a read at once and
    /// a write after [`WRITE_GRACE`]. Nothing starts once stopped.
    async fn bounded<T>(
        &self,
        method: &str,
        request: impl std::future::Future<Output = Result<T, CallError>>,
    ) -> Result<T, CallError> {
        let budget = self.cleanup_budget.lock().ok().and_then(|b| *b);
        if let Some(end) = budget {
            return match tokio::time::timeout_at(end.into(), request).await {
                Ok(result) => result,
                Err(_) => Err(CallError::Interrupted(
                    "the cleanup time budget ran out".into(),
                )),
            };
        }
        if let Some(why) = self.stop_reason() {
            return Err(CallError::Interrupted(why));
        }
        let write = !matches!(method, "GET" | "HEAD" | "OPTIONS");
        let stop = async {
            let why = stop_signal(&self.cancel, self.deadline.map(|(at, _)| at)).await;
            if write {
                tokio::time::sleep(WRITE_GRACE).await;
            }
            why
        };
        tokio::select! {
            result = request => result,
            why = stop => Err(CallError::Interrupted(why)),
        }
    }

    async fn send_once(&self, request: &Request<'_>) -> Result<Reply, CallError> {
        let Request {
            method,
            path,
            body,
            microversion,
            headers: extra,
            ..
        } = *request;
        // Fixtures and state waits on another service's endpoint come as
        // absolute URLs (see [`crate::services`]).
        let url = if services::is_absolute(path) {
            path.to_string()
        } else {
            format!("{}{}", self.base_url.trim_end_matches('/'), path)
        };
        let method = reqwest::Method::from_bytes(method.as_bytes())
            .map_err(|e| CallError::Other(e.to_string()))?;
        let mut headers = HeaderMap::new();
        headers.insert("Accept", HeaderValue::from_static("application/json"));
        if let Some(token) = &self.token {
            let mut value = HeaderValue::from_str(token)
                .map_err(|_| CallError::Other("the token is not a valid header value".into()))?;
            value.set_sensitive(true);
            headers.insert(TOKEN_HEADER, value);
        }
        if let (Some(service), Some(mv)) = (&self.service, microversion) {
            crate::microversion::insert(&mut headers, service, mv).map_err(CallError::Other)?;
        }
        // Inserted last, so a scenario header replaces a built-in one of
        // the same name instead of being sent beside it.
        for (name, value) in extra {
            let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                CallError::Other(format!("`{name}` is not a valid HTTP header name"))
            })?;
            let mut value = HeaderValue::from_str(value).map_err(|_| {
                CallError::Other(format!("the value of header `{name}` is not valid"))
            })?;
            value.set_sensitive(is_secret_header(name.as_str()));
            headers.insert(name, value);
        }
        // The base URL's origin, or a scenario endpoint's when the URL is on it.
        let allowed = Origin::of(&url)
            .filter(|o| self.endpoint_origins.contains(o))
            .unwrap_or_else(|| self.origin.clone());
        guard_origin(&url, &allowed, &headers).map_err(CallError::Other)?;
        let mut request = self.client.request(method, &url).headers(headers);
        if let Some(b) = body {
            request = request.json(b);
        }
        let response = request.send().await.map_err(classify_error)?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = read_body(response, self.max_body)
            .await
            .map_err(|e| match e {
                BodyError::TooLarge { cap } => CallError::TooLarge(cap),
                BodyError::Read(e) => classify_error(e),
            })?;
        Ok(Reply {
            status,
            headers,
            body,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn origins_compare_scheme_host_and_port() {
        let base = Origin::of("http://127.0.0.1:8776/v3").unwrap();
        assert_eq!(
            Origin::of("http://127.0.0.1:8776/x?y").as_ref(),
            Some(&base)
        );
        assert_ne!(Origin::of("http://127.0.0.1:8777/").as_ref(), Some(&base));
        assert_ne!(Origin::of("https://127.0.0.1:8776/").as_ref(), Some(&base));
        assert_ne!(Origin::of("http://localhost:8776/").as_ref(), Some(&base));
        assert_eq!(
            Origin::of("https://Keystone.Example/v3").unwrap(),
            Origin::of("https://keystone.example:443/").unwrap()
        );
        assert!(base.is_loopback() && base.is_plain_http());
        assert!(Origin::of("http://[::1]:5000").unwrap().is_loopback());
        assert!(Origin::of("http://localhost").unwrap().is_loopback());
        assert!(!Origin::of("http://cloud.example").unwrap().is_loopback());
    }

    #[test]
    fn credentials_stay_on_their_origin() {
        let base = Origin::of("http://127.0.0.1:8776").unwrap();
        let mut headers = HeaderMap::new();
        headers.insert("Accept", HeaderValue::from_static("application/json"));
        // Nothing secret: any URL.
        assert!(guard_origin("http://evil.example/", &base, &headers).is_ok());
        let mut token = HeaderValue::from_static("tok-secret-1234");
        token.set_sensitive(true);
        headers.insert("X-Auth-Token", token);
        assert!(guard_origin("http://127.0.0.1:8776/v3/x", &base, &headers).is_ok());
        // The base URL with a path that begins with `@host`.
        let smuggled = format!("{}{}", "http://127.0.0.1:8776", "@evil.example/x");
        let err = guard_origin(&smuggled, &base, &headers).unwrap_err();
        assert!(err.contains("evil.example"), "{err}");
        assert!(!err.contains("tok-secret"), "{err}");
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(size_label(DEFAULT_MAX_BODY), "8 MiB");
        assert_eq!(size_label(2048), "2 KiB");
        assert_eq!(size_label(1000), "1000 bytes");
    }
}
