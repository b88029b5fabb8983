//! Microversion ranges as vendor data (`min-ver`, `max-ver`).

use serde_json::{Map, Value};
use speclift_model::VersionRange;
use speclift_spec::ext::{MAX_VER, MIN_VER};

/// `{min-ver, max-ver}` for the bounded ends of `range` (empty when open).
pub fn range_vendor(range: &VersionRange) -> Map<String, Value> {
    let mut out = Map::new();
    if let Some(min) = range.min {
        out.insert(MIN_VER.into(), Value::String(min.to_string()));
    }
    if let Some(max) = range.max {
        out.insert(MAX_VER.into(), Value::String(max.to_string()));
    }
    out
}

/// The versions both ranges share.
pub fn intersect(a: VersionRange, b: VersionRange) -> VersionRange {
    VersionRange {
        min: a.min.max(b.min),
        max: match (a.max, b.max) {
            (Some(x), Some(y)) => Some(x.min(y)),
            (x, y) => x.or(y),
        },
    }
}

/// Whether `outer` holds every version of `inner` (an open end only
/// covers an open end).
pub fn covers(outer: VersionRange, inner: VersionRange) -> bool {
    let low = match (outer.min, inner.min) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some(o), Some(i)) => o <= i,
    };
    let high = match (outer.max, inner.max) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some(o), Some(i)) => o >= i,
    };
    low && high
}

#[cfg(test)]
mod tests {
    use super::*;
    use speclift_model::Microversion;

    #[test]
    fn intersection_keeps_the_tighter_ends() {
        let open = VersionRange::default();
        assert_eq!(intersect(open, open), open);
        let a = VersionRange::between(Some((3, 27)), None);
        let b = VersionRange::between(Some((3, 0)), Some((3, 50)));
        assert_eq!(
            intersect(a, b),
            VersionRange::between(Some((3, 27)), Some((3, 50)))
        );
        assert_eq!(intersect(b, a), intersect(a, b));
        assert_eq!(intersect(open, b), b);
    }

    #[test]
    fn an_open_end_covers_only_open_or_any_end() {
        let open = VersionRange::default();
        let from_27 = VersionRange::between(Some((3, 27)), None);
        assert!(covers(open, from_27));
        assert!(!covers(from_27, open));
        assert!(covers(from_27, from_27));
        assert!(covers(
            from_27,
            VersionRange::between(Some((3, 44)), Some((3, 50)))
        ));
        assert!(!covers(
            VersionRange::between(Some((3, 27)), Some((3, 43))),
            from_27
        ));
        assert!(!covers(VersionRange::between(Some((3, 28)), None), from_27));
    }

    #[test]
    fn only_bounded_ends_are_written() {
        assert!(range_vendor(&VersionRange::default()).is_empty());
        let r = VersionRange {
            min: Some(Microversion::new(3, 27)),
            max: None,
        };
        assert_eq!(
            Value::Object(range_vendor(&r)),
            serde_json::json!({"min-ver": "3.27"})
        );
    }
}
