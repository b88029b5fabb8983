//! How one request goes out and its reply comes back: the HTTP client
//! (never follows a redirect), the origin rule for credentials, and a
//! body read that stops at a cap.
//!
//! Why no redirects: a redirect re-sends the request, headers included, to
//! wherever the server points — another port, host or scheme. The checker
//! judges the redirect itself instead (a documented 3xx passes; anything
//! else fails and names its `Location`), and a credential never leaves the
//! origin of the base URL (or the identity URL, for the password).

use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::{Response, Url};

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
