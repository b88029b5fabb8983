//! Microversions (`3.27`, `2.101`) and ranges of them.
//!
//! A microversion is `MAJOR.MINOR` with an integer minor part: `2.2` and
//! `2.20` are different versions, so they are never read as floats.

use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Microversion {
    pub major: u32,
    pub minor: u32,
}

impl Microversion {
    pub const fn new(major: u32, minor: u32) -> Self {
        Microversion { major, minor }
    }
}

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

/// An inclusive range; `None` ends are open.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub struct VersionRange {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<Microversion>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<Microversion>,
}

/// The wording every stage uses for a range: `3.27 to 3.44`,
/// `3.27 and later`, `up to 3.44`, `every microversion`.
impl fmt::Display for VersionRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.min, self.max) {
            (Some(a), Some(b)) => write!(f, "{a} to {b}"),
            (Some(a), None) => write!(f, "{a} and later"),
            (None, Some(b)) => write!(f, "up to {b}"),
            (None, None) => f.write_str("every microversion"),
        }
    }
}

impl VersionRange {
    /// The range between `(major, minor)` ends; `None` leaves an end open.
    pub fn between(min: Option<(u32, u32)>, max: Option<(u32, u32)>) -> VersionRange {
        VersionRange {
            min: min.map(|(a, b)| Microversion::new(a, b)),
            max: max.map(|(a, b)| Microversion::new(a, b)),
        }
    }

    pub fn is_unbounded(&self) -> bool {
        self.min.is_none() && self.max.is_none()
    }

    pub fn contains(&self, v: Microversion) -> bool {
        self.min.is_none_or(|m| v >= m) && self.max.is_none_or(|m| v <= m)
    }

    /// The smallest range covering both.
    pub fn union(self, other: VersionRange) -> VersionRange {
        VersionRange {
            min: match (self.min, other.min) {
                (Some(a), Some(b)) => Some(a.min(b)),
                _ => None,
            },
            max: match (self.max, other.max) {
                (Some(a), Some(b)) => Some(a.max(b)),
                _ => None,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_read_as_words() {
        let text = |min, max| VersionRange::between(min, max).to_string();
        assert_eq!(text(Some((3, 27)), Some((3, 44))), "3.27 to 3.44");
        assert_eq!(text(Some((2, 1)), None), "2.1 and later");
        assert_eq!(text(None, Some((3, 9))), "up to 3.9");
        assert_eq!(text(None, None), "every microversion");
    }

    #[test]
    fn minor_is_an_integer_not_a_fraction() {
        let a: Microversion = "2.2".parse().unwrap();
        let b: Microversion = "2.20".parse().unwrap();
        assert_ne!(a, b);
        assert!(a < b);
        assert!("2.100".parse::<Microversion>().unwrap() > b);
        assert_eq!(b.to_string(), "2.20");
    }

    #[test]
    fn rejects_garbage() {
        assert!("x.1".parse::<Microversion>().is_err());
        assert!("".parse::<Microversion>().is_err());
        assert!("3.".parse::<Microversion>().is_err());
    }

    #[test]
    fn range_contains() {
        let r = VersionRange {
            min: Some(Microversion::new(3, 27)),
            max: None,
        };
        assert!(r.contains(Microversion::new(3, 44)));
        assert!(!r.contains(Microversion::new(3, 0)));
    }
}
