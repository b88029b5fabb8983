//! `format` inferred from sample strings. A format is only kept where every
//! sample value at a spot has it ([`crate::shape::Shape::merge`] drops
//! disagreeing formats), so the annotation never contradicts an example.

use std::net::{Ipv4Addr, Ipv6Addr};

/// The format `value` has, when it has a recognizable one.
pub(crate) fn of(value: &str) -> Option<&'static str> {
    if is_uuid(value) {
        Some("uuid")
    } else if is_date_time(value) {
        Some("date-time")
    } else if is_uri(value) {
        Some("uri")
    } else if value.parse::<Ipv4Addr>().is_ok() {
        Some("ipv4")
    } else if value.contains(':') && value.parse::<Ipv6Addr>().is_ok() {
        Some("ipv6")
    } else if is_email(value) {
        Some("email")
    } else {
        None
    }
}

/// `8-4-4-4-12` hex digits, the form OpenStack ids take.
fn is_uuid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()))
}

/// RFC 3339: `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`. OpenStack's zoneless
/// `2015-09-16T09:28:52.000000` is not one, so it gets no format.
fn is_date_time(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        b.get(range)
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
    };
    let at = |i: usize, c: u8| b.get(i) == Some(&c);
    let head = digits(0..4)
        && at(4, b'-')
        && digits(5..7)
        && at(7, b'-')
        && digits(8..10)
        && (at(10, b'T') || at(10, b't'))
        && digits(11..13)
        && at(13, b':')
        && digits(14..16)
        && at(16, b':')
        && digits(17..19);
    if !head {
        return false;
    }
    let mut i = 19;
    if at(i, b'.') {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    match b.get(i) {
        Some(b'Z' | b'z') => i + 1 == b.len(),
        Some(b'+' | b'-') => {
            digits(i + 1..i + 3) && at(i + 3, b':') && digits(i + 4..i + 6) && i + 6 == b.len()
        }
        _ => false,
    }
}

fn is_uri(s: &str) -> bool {
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"));
    rest.is_some_and(|r| {
        !r.is_empty()
            && !r.starts_with('/')
            && r.chars().all(|c| c.is_ascii_graphic())
            && !r.contains(['{', '}', '<', '>', '"', '\\', '|', '^', '`'])
    })
}

fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    let plain = |t: &str| {
        !t.is_empty()
            && t.chars()
                .all(|c| c.is_ascii_alphanumeric() || "._%+-".contains(c))
    };
    plain(local)
        && plain(domain)
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_of_typical_openstack_values() {
        assert_eq!(of("3b8b6631-1cf7-4fd7-9afb-c01e541a073c"), Some("uuid"));
        assert_eq!(of("3b8b6631-1cf7-4fd7-9afb-c01e541a073"), None);
        assert_eq!(of("2013-09-03T04:01:32Z"), Some("date-time"));
        assert_eq!(of("2017-02-14T19:12:17.000000+00:00"), Some("date-time"));
        // OpenStack's zoneless timestamps are not RFC 3339.
        assert_eq!(of("2015-09-16T09:28:52.000000"), None);
        assert_eq!(of("2015-09-16 09:28:52"), None);
        assert_eq!(of("2015-09-16T09:28:52+0000"), None);
        assert_eq!(of("http://localhost/v3/fake/volumes/1"), Some("uri"));
        assert_eq!(of("https://"), None);
        assert_eq!(of("http://x/{id}"), None);
        assert_eq!(of("192.168.1.20"), Some("ipv4"));
        assert_eq!(of("256.1.1.1"), None);
        assert_eq!(of("fe80::1"), Some("ipv6"));
        assert_eq!(of("admin@example.com"), Some("email"));
        assert_eq!(of("not an email@x"), None);
        assert_eq!(of("ACTIVE"), None);
        assert_eq!(of(""), None);
    }

    #[test]
    fn inferred_formats_hold_under_an_asserting_validator() {
        for value in [
            "3b8b6631-1cf7-4fd7-9afb-c01e541a073c",
            "2013-09-03T04:01:32Z",
            "2017-02-14T19:12:17.000000+00:00",
            "http://localhost/v3/fake/volumes/1",
            "192.168.1.20",
            "fe80::1",
            "admin@example.com",
        ] {
            let format = of(value).unwrap();
            let schema = serde_json::json!({"type": "string", "format": format});
            let validator = jsonschema::options()
                .with_draft(jsonschema::Draft::Draft202012)
                .should_validate_formats(true)
                .build(&schema)
                .unwrap();
            assert!(
                validator.is_valid(&serde_json::json!(value)),
                "{value} as {format}"
            );
        }
        // And formats assert nothing by default, as the generator relies on.
        let schema = serde_json::json!({"type": "string", "format": "uuid"});
        let lenient = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .build(&schema)
            .unwrap();
        assert!(lenient.is_valid(&serde_json::json!("not-a-uuid")));
    }
}
