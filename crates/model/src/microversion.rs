//! Microversions (`3.27`, `2.101`) and ranges of them.
//!
//! A microversion is `MAJOR.MINOR` with an integer minor part: `2.2` and
//! `2.20` are different versions, so they are never read as floats.

use std::fmt;

use serde::Serialize;

/// The one microversion type, shared with every spec reader (it is
/// `speclift_spec`'s, whose `FromStr` reads it as documents write it).
pub use speclift_spec::Microversion;

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
    fn range_contains() {
        let r = VersionRange {
            min: Some(Microversion::new(3, 27)),
            max: None,
        };
        assert!(r.contains(Microversion::new(3, 44)));
        assert!(!r.contains(Microversion::new(3, 0)));
    }
}
