//! Microversion ranges as vendor data (`min-ver`, `max-ver`).

use serde_json::{Map, Value};
use speclift_model::VersionRange;

/// `{min-ver, max-ver}` for the bounded ends of `range` (empty when open).
pub(crate) fn range_vendor(range: &VersionRange) -> Map<String, Value> {
    let mut out = Map::new();
    if let Some(min) = range.min {
        out.insert("min-ver".into(), Value::String(min.to_string()));
    }
    if let Some(max) = range.max {
        out.insert("max-ver".into(), Value::String(max.to_string()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use speclift_model::Microversion;

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
