//! Microversions as `MAJOR.MINOR` pairs: `2.2` and `2.20` differ, so they
//! are never compared as floats (here or in the page's script).

use serde_json::Value;
pub use speclift_spec::Microversion;
use speclift_spec::ext::{MAX_VER, MIN_VER, X_OPENSTACK};

/// A version as a spec or an example name writes it, a leading `v`
/// allowed (`v2.69`).
fn parse(text: &str) -> Option<Microversion> {
    Microversion::parse(text.trim().trim_start_matches(['v', 'V']))
}

/// A closed range of microversions; either end may be open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Range {
    pub min: Option<Microversion>,
    pub max: Option<Microversion>,
    /// Whether the object itself states a range (rather than only
    /// inheriting its parent's): only stated ranges get a badge, so a
    /// table is not a column of the same `3.27+`.
    pub stated: bool,
}

impl Range {
    /// The `min-ver`/`max-ver` of an object's `x-openstack` extension.
    pub fn of(object: &Value) -> Self {
        let ext = object.get(X_OPENSTACK);
        Self::from_keys(ext.unwrap_or(&Value::Null))
    }

    /// `min-ver`/`max-ver` read from `value` itself.
    pub fn from_keys(value: &Value) -> Self {
        let read = |key: &str| value.get(key).and_then(Value::as_str).and_then(parse);
        let (min, max) = (read(MIN_VER), read(MAX_VER));
        Self {
            min,
            max,
            stated: min.is_some() || max.is_some(),
        }
    }

    /// The part of `self` that also lies in `outer`: a field of an
    /// operation that appeared in 3.27 cannot be visible before 3.27. It
    /// stays stated only if it narrows `outer`: a field documented as 3.27+
    /// in an operation that is 3.27+ needs no badge of its own.
    pub fn within(self, outer: Range) -> Range {
        let narrowed = Range {
            min: self.min.max(outer.min),
            max: match (self.max, outer.max) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            },
            stated: false,
        };
        Range {
            stated: self.stated && (narrowed.min, narrowed.max) != (outer.min, outer.max),
            ..narrowed
        }
    }

    pub fn is_unbounded(&self) -> bool {
        self.min.is_none() && self.max.is_none()
    }

    /// `3.27+`, `≤ 2.43`, `2.1–2.35`; empty unless the range is stated.
    pub fn label(&self) -> String {
        if !self.stated {
            return String::new();
        }
        match (self.min, self.max) {
            (Some(a), Some(b)) if a == b => a.to_string(),
            (Some(a), Some(b)) => format!("{a}–{b}"),
            (Some(a), None) => format!("{a}+"),
            (None, Some(b)) => format!("≤ {b}"),
            (None, None) => String::new(),
        }
    }
}

/// The microversion an example shows, read from its name or summary as
/// the generator writes them (`server-get-resp-v2.100`, `Response (v2.69)`,
/// `… (2.100)`): a trailing version, with or without the `v`.
pub fn example_version(name: &str, summary: &str) -> Option<Microversion> {
    trailing_version(summary).or_else(|| trailing_version(name))
}

fn trailing_version(text: &str) -> Option<Microversion> {
    let text = text.trim().trim_end_matches(')');
    let start = text
        .rfind(|c: char| !(c.is_ascii_digit() || c == '.'))
        .map_or(0, |i| i + 1);
    let candidate = &text[start..];
    let before = text[..start].chars().last();
    // Only `v2.69`, `(2.69)` or `-v2.69`: a bare number in prose is not a
    // version.
    if !matches!(before, Some('v' | 'V' | '(')) {
        return None;
    }
    parse(candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_compare_by_parts() {
        let a = parse("2.2").unwrap();
        let b = parse("v2.20").unwrap();
        assert!(a < b);
        assert_eq!(b.to_string(), "2.20");
    }

    #[test]
    fn example_versions_from_names_and_summaries() {
        let v = |n, s| example_version(n, s).map(|v| v.to_string());
        assert_eq!(v("server-get-resp-v2.100", "Example"), Some("2.100".into()));
        assert_eq!(v("x", "Response (v2.69)"), Some("2.69".into()));
        assert_eq!(
            v("x", "Example List Servers Detailed (2.100)"),
            Some("2.100".into())
        );
        assert_eq!(v("x", "Response Example"), None);
        assert_eq!(v("volume-3.5", "Response"), None);
    }

    #[test]
    fn ranges_narrow_to_their_parent() {
        let p = |s| parse(s);
        let field = Range {
            min: p("3.54"),
            max: None,
            stated: true,
        };
        let op = Range {
            min: p("3.27"),
            max: p("3.60"),
            stated: true,
        };
        let narrowed = field.within(op);
        assert_eq!((narrowed.min, narrowed.max), (p("3.54"), p("3.60")));
        assert_eq!(narrowed.label(), "3.54–3.60");
        // Inherited only: hidden with its parent, but no badge of its own.
        let plain = Range::default().within(op);
        assert_eq!((plain.min, plain.max), (p("3.27"), p("3.60")));
        assert_eq!(plain.label(), "");
        // Stating the parent's own range again adds no badge.
        let same = Range {
            min: p("3.27"),
            max: None,
            stated: true,
        };
        assert_eq!(same.within(op).label(), "");
    }
}
