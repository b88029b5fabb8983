//! Microversions (`3.27`, `2.101`): `MAJOR.MINOR` with an integer minor
//! part, so `2.2` and `2.20` are different versions and never floats.

use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};
use serde_json::Value;

/// Ordered by major, then minor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Microversion {
    pub major: u32,
    pub minor: u32,
}

impl Microversion {
    pub const fn new(major: u32, minor: u32) -> Self {
        Microversion { major, minor }
    }

    /// A version as a spec writes it (`min-ver: "3.27"`, a header value):
    /// `MAJOR.MINOR`, surrounding white space allowed; `None` for anything
    /// else (`latest`, `3`, `v3.27`).
    pub fn parse(text: &str) -> Option<Self> {
        let (major, minor) = text.trim().split_once('.')?;
        Some(Microversion::new(major.parse().ok()?, minor.parse().ok()?))
    }

    /// A version bound as a JSON value: a string, or a number a YAML
    /// writer left unquoted (`min-ver: 3.27`).
    pub fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::String(s) => Self::parse(s),
            Value::Number(n) => Self::parse(&n.to_string()),
            _ => None,
        }
    }
}

/// A version as documentation writes it: a leading `v` allowed and the
/// minor part optional (`v2.1`, `3` = `3.0`), digits only; the error says
/// what was expected.
impl FromStr for Microversion {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().trim_start_matches(['v', 'V']);
        let (major, minor) = t.split_once('.').unwrap_or((t, "0"));
        let parse = |p: &str| {
            if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) || p.len() > 6 {
                Err(format!(
                    "`{s}` is not a microversion (expected MAJOR.MINOR, e.g. 3.27)"
                ))
            } else {
                p.parse::<u32>().map_err(|e| e.to_string())
            }
        };
        Ok(Microversion::new(parse(major)?, parse(minor)?))
    }
}

impl fmt::Display for Microversion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

impl Serialize for Microversion {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn minor_is_an_integer_not_a_fraction() {
        let a = Microversion::parse("2.2").unwrap();
        let b = Microversion::parse("2.20").unwrap();
        assert_ne!(a, b);
        assert!(a < b);
        assert!(Microversion::parse("2.100").unwrap() > b);
        assert!(Microversion::new(3, 0) > Microversion::new(2, 100));
        assert_eq!(b.to_string(), "2.20");
    }

    #[test]
    fn specs_write_major_dot_minor_only() {
        assert_eq!(
            Microversion::parse(" 3.27 "),
            Some(Microversion::new(3, 27))
        );
        for odd in ["latest", "3", "v3.27", "3.x", "3.", ""] {
            assert_eq!(Microversion::parse(odd), None, "{odd}");
        }
        assert_eq!(
            Microversion::from_value(&json!(3.27)),
            Some(Microversion::new(3, 27))
        );
        assert_eq!(
            Microversion::from_value(&json!("3.27")),
            Some(Microversion::new(3, 27))
        );
        assert_eq!(Microversion::from_value(&json!(true)), None);
    }

    #[test]
    fn documents_may_write_a_v_and_leave_out_the_minor() {
        let v = |s: &str| s.parse::<Microversion>();
        assert_eq!(v("v2.1"), Ok(Microversion::new(2, 1)));
        assert_eq!(v("3"), Ok(Microversion::new(3, 0)));
        for odd in ["x.1", "", "3.", "3.+1", "1.1234567"] {
            assert!(v(odd).is_err(), "{odd}");
        }
    }

    #[test]
    fn serializes_as_its_text() {
        assert_eq!(
            serde_json::to_value(Microversion::new(3, 27)).unwrap(),
            json!("3.27")
        );
    }
}
