//! The vendor-extension keys speclift writes and reads, so the emitter and
//! every reader spell them the same way.

/// Per-object OpenStack data (microversion range, variants, trailing
/// slash…): the one extension key of an operation, parameter or schema.
pub const X_OPENSTACK: &str = "x-openstack";
/// Document-level data speclift adds (`info.x-speclift.microversions`).
pub const X_SPECLIFT: &str = "x-speclift";
/// The registered 3.1 extension for operations on other methods
/// (<https://spec.openapis.org/registry/extension/>); 3.2 calls the same
/// map `additionalOperations`.
pub const X_OAI_ADDITIONAL_OPERATIONS: &str = "x-oai-additionalOperations";
/// Redoc's tag groups, at the document's top level.
pub const X_TAG_GROUPS: &str = "x-tagGroups";
/// Redoc's display name of a tag.
pub const X_DISPLAY_NAME: &str = "x-displayName";

/// Under `x-openstack`: the first microversion that has the object.
pub const MIN_VER: &str = "min-ver";
/// Under `x-openstack`: the last microversion that has the object.
pub const MAX_VER: &str = "max-ver";
/// Under an operation's `x-openstack`: one entry per request `oneOf`
/// member, each with its own range.
pub const VARIANTS: &str = "variants";
/// Under an operation's `x-openstack`: the documentation wrote the path
/// with a trailing slash, which the path key has not.
pub const TRAILING_SLASH: &str = "trailing-slash";
/// Under an action member's `x-openstack`: its operation id.
pub const ACTION_ID: &str = "action-id";
/// Under `info.x-speclift`: the microversion header data of the API.
pub const MICROVERSIONS: &str = "microversions";
/// Under `info.x-speclift.microversions`: the service type it names.
pub const SERVICE: &str = "service";

/// `x-openstack.<key>` of a spec object, if it has one.
pub fn openstack<'a>(node: &'a serde_json::Value, key: &str) -> Option<&'a serde_json::Value> {
    node.get(X_OPENSTACK)?.get(key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn openstack_reads_one_member_of_the_extension() {
        let op = json!({"x-openstack": {"min-ver": "3.27", "trailing-slash": true}});
        assert_eq!(openstack(&op, MIN_VER), Some(&json!("3.27")));
        assert_eq!(openstack(&op, TRAILING_SLASH), Some(&json!(true)));
        assert_eq!(openstack(&op, MAX_VER), None);
        assert_eq!(openstack(&json!({"min-ver": "3.27"}), MIN_VER), None);
    }

    #[test]
    fn every_extension_key_is_an_x_key() {
        for key in [
            X_OPENSTACK,
            X_SPECLIFT,
            X_OAI_ADDITIONAL_OPERATIONS,
            X_TAG_GROUPS,
            X_DISPLAY_NAME,
        ] {
            assert!(key.starts_with("x-"), "{key}");
        }
    }
}
