//! What a body's members must be once placed: required only across the
//! versions the body exists in, `null`-only spots left untyped, and
//! sampled members no table documents flagged.

use serde_json::json;
use speclift_model::VersionRange;

use crate::shape::Shape;
use crate::types::Types;
use crate::versions;

/// A spot whose samples only ever show `null` and whose type no table gives
/// has no known type (`"updated_at": null` in an update sample): typing it
/// `null` would reject every real value, so it is left unconstrained.
pub(super) fn untype_null_only(shape: &mut Shape) {
    if shape.types == Types::NULL && !shape.typed {
        shape.types = Types::ANY;
    }
    shape.children_mut().for_each(untype_null_only);
}

/// Leaves out of `required` every member documented for fewer versions
/// than the body exists in (`range`: the operation's, narrowed by the
/// status code's): a client at another microversion does not get it.
/// Inside a member, its own versions narrow the range.
pub fn require_only_throughout(shape: &mut Shape, range: VersionRange) {
    let partial: Vec<String> = shape
        .properties
        .iter()
        .filter(|(_, c)| c.range.is_some_and(|r| !versions::covers(r, range)))
        .map(|(k, _)| k.clone())
        .collect();
    shape.required.retain(|r| !partial.contains(r));
    for (_, child) in &mut shape.properties {
        let inner = child.range.map_or(range, |r| versions::intersect(range, r));
        require_only_throughout(child, inner);
    }
    for inner in [shape.items.as_deref_mut(), shape.additional.as_deref_mut()]
        .into_iter()
        .flatten()
    {
        require_only_throughout(inner, range);
    }
}

/// Sample fields no table documents stay, flagged for the reader.
pub(super) fn mark_undocumented(shape: &mut Shape) {
    for (_, child) in &mut shape.properties {
        if child.sampled && !child.documented {
            child.vendor.insert("undocumented".into(), json!(true));
        }
    }
    shape.children_mut().for_each(mark_undocumented);
}
