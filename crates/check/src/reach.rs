//! Before the first request: does anything listen at the base URL? A
//! service that is down (or a wrong port) is one clear message, instead of
//! one connection error per operation after every timeout.

use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

/// The longest the probe waits for one address: a host that drops packets
/// is reported after this, not after the run's full request timeout.
const MAX_WAIT: Duration = Duration::from_secs(10);

/// Environment variables that route requests through a proxy: the proxy,
/// not the base URL's host, is then what the run connects to.
const PROXY_VARS: [&str; 6] = [
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "http_proxy",
    "https_proxy",
    "all_proxy",
];

/// Opens (and closes) one TCP connection to `base_url`'s host and port;
/// sends nothing. `Err` says why no connection could be made and what to
/// do. Skipped (Ok) when a proxy is configured.
pub fn probe(base_url: &str, timeout: Duration) -> Result<(), String> {
    if PROXY_VARS
        .iter()
        .any(|v| std::env::var_os(v).is_some_and(|x| !x.is_empty()))
    {
        return Ok(());
    }
    connect(base_url, timeout)
}

/// The probe itself: one TCP connection to the URL's host and port.
fn connect(base_url: &str, timeout: Duration) -> Result<(), String> {
    let url = reqwest::Url::parse(base_url).map_err(|e| format!("--base-url {base_url}: {e}"))?;
    let host = url.host_str().unwrap_or_default();
    let port = url.port_or_known_default().unwrap_or(80);
    let shown = format!("{}://{host}:{port}", url.scheme());
    let addrs: Vec<_> = (host.trim_matches(|c| c == '[' || c == ']'), port)
        .to_socket_addrs()
        .map_err(|e| format!("cannot resolve `{host}` ({e}); check the host name in --base-url"))?
        .collect();
    let wait = timeout.min(MAX_WAIT);
    let mut last = None;
    for addr in &addrs {
        match TcpStream::connect_timeout(addr, wait) {
            Ok(_) => return Ok(()),
            Err(e) => last = Some(e),
        }
    }
    let reason = match last {
        Some(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
            format!("{shown} refuses connections: nothing listens there")
        }
        Some(e) if e.kind() == std::io::ErrorKind::TimedOut => {
            format!("{shown} did not answer within {} s", wait.as_secs())
        }
        Some(e) => format!("cannot connect to {shown}: {e}"),
        None => format!("`{host}` resolves to no address"),
    };
    Err(format!(
        "{reason}; nothing was sent. Start the service, or fix --base-url"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listener_passes_and_a_closed_port_is_refused() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        assert_eq!(connect(&url, Duration::from_secs(5)), Ok(()));
        drop(listener);
        let e = connect(&url, Duration::from_secs(5)).unwrap_err();
        assert!(e.contains("refuses connections"), "{e}");
        assert!(e.contains("--base-url"), "{e}");
    }
}
