//! The one registry of change kinds, as oasdiff's `checker/rules.go`:
//! every change [`crate::diff`] reports is of one [`ChangeKind`] listed
//! here, with its stable id, whether it breaks clients ([`Rating`]), a
//! one-line summary and the paragraph `speclift diff --explain ID` prints.
//! `docs/changes.md` is generated from this table (`cargo xtask changes`);
//! a test fails when it is stale, and another when a kind has no fixture
//! (`tests/kinds.rs`).
//!
//! Ids are never reused. Kinds come in request/response pairs where a
//! change means the opposite to a client: what narrows a request breaks
//! clients that sent it, what widens a response breaks clients that
//! parse it.

use serde::Serialize;

use crate::Severity;

/// Whether a kind of change breaks clients: always, never, or depending
/// on the particular change (the explanation says when).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rating {
    Breaking,
    NonBreaking,
    Either,
}

impl Rating {
    /// Whether a change of this kind may be reported at `severity`.
    pub fn allows(self, severity: Severity) -> bool {
        match self {
            Rating::Breaking => severity == Severity::Breaking,
            Rating::NonBreaking => severity == Severity::NonBreaking,
            Rating::Either => true,
        }
    }

    /// The severities a change of this kind can have, breaking first.
    pub fn severities(self) -> &'static [Severity] {
        match self {
            Rating::Breaking => &[Severity::Breaking],
            Rating::NonBreaking => &[Severity::NonBreaking],
            Rating::Either => &[Severity::Breaking, Severity::NonBreaking],
        }
    }
}

impl std::fmt::Display for Rating {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Rating::Breaking => "breaking",
            Rating::NonBreaking => "non-breaking",
            Rating::Either => "either",
        })
    }
}

macro_rules! kinds {
    ($($variant:ident = $id:literal, $rating:ident, $summary:literal, $explanation:literal;)*) => {
        /// One kind of change: a stable id and what it means.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum ChangeKind {
            $($variant,)*
        }

        impl ChangeKind {
            /// Every kind, grouped by what changed: operations, parameters,
            /// request bodies, responses, properties.
            pub const ALL: &'static [ChangeKind] = &[$(ChangeKind::$variant,)*];

            /// The stable kebab-case id, e.g. `parameter-renamed`.
            pub const fn id(self) -> &'static str {
                match self {
                    $(ChangeKind::$variant => $id,)*
                }
            }

            /// Whether a change of this kind breaks clients.
            pub const fn rating(self) -> Rating {
                match self {
                    $(ChangeKind::$variant => Rating::$rating,)*
                }
            }

            /// One line, for listings.
            pub const fn summary(self) -> &'static str {
                match self {
                    $(ChangeKind::$variant => $summary,)*
                }
            }

            /// One paragraph: what changed, why it does (not) break
            /// clients, and what to do about it.
            pub const fn explanation(self) -> &'static str {
                match self {
                    $(ChangeKind::$variant => $explanation,)*
                }
            }
        }
    };
}

kinds! {
    OperationRemoved = "operation-removed", Breaking,
        "an operation (method and path) is gone",
        "The new document has no operation with this method and path (template names aside: `{project_id}` and `{tenant_id}` are the same path). Every client calling it now gets an error. Keep the operation, or deprecate it for a release before removing it.";
    OperationAdded = "operation-added", NonBreaking,
        "a new operation (method and path)",
        "The new document has an operation the old one lacks. Existing clients never call it, so nothing breaks.";
    OperationIdChanged = "operation-id-changed", Either,
        "an operation's `operationId` was renamed, given or dropped",
        "The `operationId` is the name generated clients give the call (`show_volume()`), portals their deep links and scenarios their references. Renaming or dropping it breaks code written against the old name although the request on the wire is the same; giving an operation its first id breaks nothing. Keep ids stable once published.";
    OperationMicroversionNarrowed = "operation-microversion-narrowed", Breaking,
        "an operation is available in fewer microversions",
        "The operation's `x-openstack` microversion range (`min-ver`, `max-ver`) lost versions it had: a client requesting one of them now gets an error. A range that only shifts also narrows. Narrowing is normal when a microversion retires an operation, but must not happen to versions already released.";
    OperationMicroversionWidened = "operation-microversion-widened", NonBreaking,
        "an operation is available in more microversions",
        "The operation's `x-openstack` microversion range gained versions and lost none (an earlier `min-ver`, a later or removed `max-ver`). Clients of the old range are unaffected.";
    ParameterInChanged = "parameter-in-changed", Breaking,
        "a parameter moved to another `in` (query, header, path, cookie)",
        "A parameter of the same name is now sent elsewhere (e.g. from the query string to a header). Clients still send it where it was, where the service no longer reads it. Accept it in both places for a while, or keep it where it was.";
    ParameterRemoved = "parameter-removed", Breaking,
        "a parameter is gone",
        "The operation no longer documents a parameter it had. Clients that send it may be refused, or see it silently ignored, which changes what they get. Removals whose names share a word with an addition under the same `in` are reported as `parameter-renamed` instead.";
    ParameterRenamed = "parameter-renamed", Breaking,
        "parameters were replaced by others of a related name",
        "Parameters removed and added under the same `in` whose names share a word (`sort_key`, `sort_dir` replaced by `sort`) are one rename, reported once at the first new parameter. Clients must send the new names instead, so the rename breaks them. Accept the old names as aliases for a while.";
    ParameterAddedRequired = "parameter-added-required", Breaking,
        "a new required parameter",
        "The operation now requires a parameter it did not have. Every existing client omits it and is refused. Make the parameter optional, with a default that keeps the old behaviour.";
    ParameterAdded = "parameter-added", NonBreaking,
        "a new optional parameter",
        "The operation accepts a new optional parameter. Existing clients omit it and get the old behaviour.";
    ParameterBecameRequired = "parameter-became-required", Breaking,
        "an optional parameter became required",
        "Clients that omitted the parameter are now refused. Keep it optional with a default that keeps the old behaviour.";
    ParameterBecameOptional = "parameter-became-optional", NonBreaking,
        "a required parameter became optional",
        "Clients that send the parameter keep working; new clients may omit it.";
    ParameterMicroversionNarrowed = "parameter-microversion-narrowed", Breaking,
        "a parameter is accepted in fewer microversions",
        "The parameter's `x-openstack` microversion range lost versions: a client sending it at one of them is refused or sees it ignored. Narrowing (a shift included) must not touch released versions.";
    ParameterMicroversionWidened = "parameter-microversion-widened", NonBreaking,
        "a parameter is accepted in more microversions",
        "The parameter's `x-openstack` microversion range gained versions and lost none. Clients of the old range are unaffected.";
    ParameterTypeChanged = "parameter-type-changed", Either,
        "a parameter's schema `type` changed",
        "The set of JSON types a parameter accepts changed. Accepting more (`string` to `string` or `null`, or a dropped `type`) breaks nothing; accepting fewer or other types (`string` to `integer`) refuses values clients send today, which breaks them.";
    ParameterEnumNarrowed = "parameter-enum-narrowed", Breaking,
        "a parameter accepts fewer enum values",
        "Values of the parameter's `enum` are gone (or an `enum` appeared, restricting a free value): clients sending them are refused. Keep accepting the old values.";
    ParameterEnumWidened = "parameter-enum-widened", NonBreaking,
        "a parameter accepts more enum values",
        "The parameter's `enum` gained values (or was dropped): every value clients send today is still accepted.";
    ParameterFormatChanged = "parameter-format-changed", Either,
        "a parameter's schema `format` changed",
        "For an unchanged type, a new `format` (`uuid`) narrows what the parameter accepts and breaks clients sending other values; a dropped one widens it and breaks nothing; another one (`uuid` to `uri`) is both, so it breaks.";
    RequestBodyRemoved = "request-body-removed", NonBreaking,
        "the operation no longer takes a request body",
        "Clients that send a body keep working as long as the service ignores it, which is what the document now says.";
    RequestBodyAddedRequired = "request-body-added-required", Breaking,
        "the operation now requires a request body",
        "Every existing client sends no body and is refused. Make the body optional, with defaults that keep the old behaviour.";
    RequestBodyAdded = "request-body-added", NonBreaking,
        "the operation now takes an optional request body",
        "The operation accepts a body it did not document before, and does not require it. Existing clients send no body, which is still allowed, and get the old behaviour.";
    RequestBodyVariantRemoved = "request-body-variant-removed", Breaking,
        "a `oneOf` variant of a request body is gone",
        "A request body with variants (an action endpoint's `oneOf` of actions) lost one: no remaining variant shares a top-level property name with it. Clients sending it are refused. Variants are matched by the property names they share, so a variant whose names all changed reads as removed and another added.";
    RequestBodyVariantAdded = "request-body-variant-added", NonBreaking,
        "a new `oneOf` variant of a request body",
        "A request body with variants (an action endpoint's `oneOf` of actions) gained one. Existing clients never send it.";
    RequestBodyWrapperChanged = "request-body-wrapper-changed", Breaking,
        "a request body was wrapped, unwrapped or restructured at its top level",
        "The old and new top-level property names of the request body share none: the body is now wrapped in one object (`{\"attachment\": {...}}`), is no longer wrapped, or changed its top level altogether. Every client sends the old shape and is refused. When one side wraps the other, the wrapped content is compared on and its own changes are reported too.";
    RequestPropertyRemoved = "request-property-removed", Either,
        "a request body property is gone",
        "The request body no longer documents a property. If it was required, every client sends it and the service may refuse or ignore it: breaking. If it was optional, clients may omit it already: not breaking, though clients sending it may see it ignored.";
    RequestPropertyBecameRequired = "request-property-became-required", Breaking,
        "an optional request property became required",
        "Clients that omitted the property are now refused. Keep it optional with a default that keeps the old behaviour.";
    RequestPropertyBecameOptional = "request-property-became-optional", NonBreaking,
        "a required request property became optional",
        "Clients that send the property keep working; new clients may omit it.";
    RequestPropertyAddedRequired = "request-property-added-required", Breaking,
        "a new required request property",
        "The request body requires a property it did not have. Every existing client omits it and is refused. Make it optional, with a default that keeps the old behaviour.";
    RequestPropertyAdded = "request-property-added", NonBreaking,
        "a new optional request property",
        "The request body accepts a new optional property. Existing clients omit it and get the old behaviour.";
    RequestPropertyTypeChanged = "request-property-type-changed", Either,
        "a request property's (or the body's) schema `type` changed",
        "The set of JSON types a request property accepts changed. Accepting more (`string` to `string` or `null`) breaks nothing; accepting fewer or other types refuses values clients send today, which breaks them.";
    RequestPropertyEnumNarrowed = "request-property-enum-narrowed", Breaking,
        "a request property accepts fewer enum values",
        "Values of a request property's `enum` are gone (or an `enum` appeared): clients sending them are refused. Keep accepting the old values.";
    RequestPropertyEnumWidened = "request-property-enum-widened", NonBreaking,
        "a request property accepts more enum values",
        "A request property's `enum` gained values (or was dropped): every value clients send today is still accepted.";
    RequestPropertyFormatChanged = "request-property-format-changed", Either,
        "a request property's schema `format` changed",
        "For an unchanged type, a new `format` narrows what the property accepts and breaks clients sending other values; a dropped one widens it and breaks nothing; another one is both, so it breaks.";
    ResponseStatusRemoved = "response-status-removed", Either,
        "a response status code is gone",
        "The operation no longer documents a status. Losing a success status (2xx) breaks clients that check for it; losing an error status does not, since clients handle errors they are not told about anyway.";
    ResponseStatusAdded = "response-status-added", NonBreaking,
        "a new response status code",
        "The operation documents a status it did not. Clients treat undocumented statuses as before; a new error status is usually documentation catching up with the service.";
    ResponseBodyRemoved = "response-body-removed", Either,
        "a response status no longer has a body",
        "A status the operation still returns no longer has a body schema. For a success status clients that read the body fail: breaking. For an error status it is not.";
    ResponseBodyAdded = "response-body-added", NonBreaking,
        "a response status now has a body",
        "A status that had no body schema now has one. Clients that ignored the body keep ignoring it.";
    ResponseBodyVariantRemoved = "response-body-variant-removed", NonBreaking,
        "a `oneOf` variant of a response body is gone",
        "A response body with variants lost one: the service promises fewer shapes, and every client that understood the old variants understands the remaining ones.";
    ResponseBodyVariantAdded = "response-body-variant-added", NonBreaking,
        "a new `oneOf` variant of a response body",
        "A response body with variants gained one, matched by the top-level property names no old variant shares. speclift rates it non-breaking (clients of an API that returns variants dispatch on them and tolerate unknown ones), unlike a widened property type.";
    ResponseBodyWrapperChanged = "response-body-wrapper-changed", Breaking,
        "a response body was wrapped, unwrapped or restructured at its top level",
        "The old and new top-level property names of the response body share none: the body is now wrapped in one object, is no longer wrapped, or changed its top level altogether. Every client reads the old shape and finds nothing. When one side wraps the other, the wrapped content is compared on and its own changes are reported too.";
    ResponsePropertyRemoved = "response-property-removed", Breaking,
        "a response body property is gone",
        "The response no longer documents a property. Clients reading it fail or read nothing, whether it was required or not. Keep returning it, or deprecate it first.";
    ResponsePropertyBecameRequired = "response-property-became-required", NonBreaking,
        "an optional response property became required",
        "The service now promises a property it might have left out: clients that handled its absence still work.";
    ResponsePropertyBecameOptional = "response-property-became-optional", Breaking,
        "a required response property became optional",
        "The service may now leave out a property clients rely on: code reading it without a check fails when it is absent. Keep returning it.";
    ResponsePropertyAdded = "response-property-added", NonBreaking,
        "a new response property",
        "The response carries a new property. Clients ignore properties they do not know (a strict client that refuses unknown properties should not).";
    ResponsePropertyTypeChanged = "response-property-type-changed", Either,
        "a response property's (or the body's) schema `type` changed",
        "The set of JSON types a response property may have changed. Fewer types (`string` or `null` to `string`) breaks nothing; more or other types (`string` to `string` or `null`, `string` to `integer`) give clients values they do not expect, which breaks them.";
    ResponsePropertyEnumNarrowed = "response-property-enum-narrowed", NonBreaking,
        "a response property has fewer enum values",
        "The service promises fewer values of a response property's `enum` (or an `enum` appeared): clients that handled every old value handle the remaining ones.";
    ResponsePropertyEnumWidened = "response-property-enum-widened", Breaking,
        "a response property has more enum values",
        "A response property's `enum` gained values (or was dropped): clients that switch over the old values meet one they do not know. New states are often unavoidable; announce them, and write clients that tolerate unknown values.";
    ResponsePropertyFormatChanged = "response-property-format-changed", Either,
        "a response property's schema `format` changed",
        "For an unchanged type, a new `format` (`date-time`) only promises more and breaks nothing; a dropped one lets values clients do not expect through and breaks them; another one is both, so it breaks.";
    PropertyMicroversionNarrowed = "property-microversion-narrowed", Breaking,
        "a request or response property is in fewer microversions",
        "A body property's `x-openstack` microversion range lost versions: in a request, clients sending it at those versions are refused; in a response, clients reading it find nothing. Either way it breaks them. Narrowing (a shift included) must not touch released versions.";
    PropertyMicroversionWidened = "property-microversion-widened", NonBreaking,
        "a request or response property is in more microversions",
        "A body property's `x-openstack` microversion range gained versions and lost none. Clients of the old range are unaffected.";
}

impl ChangeKind {
    /// The kind with this id (case-insensitive, surrounding space ignored).
    pub fn from_id(id: &str) -> Option<ChangeKind> {
        let id = id.trim();
        ChangeKind::ALL
            .iter()
            .copied()
            .find(|k| k.id().eq_ignore_ascii_case(id))
    }
}

impl std::fmt::Display for ChangeKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

/// In JSON output a kind is its id.
impl Serialize for ChangeKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id())
    }
}

/// The text of `docs/changes.md`: every kind with its anchor (its id),
/// rating, summary and explanation. Written by `cargo xtask changes`; a
/// test fails when the committed page is stale.
pub fn changes_page() -> String {
    let mut out = String::from(
        "# Change kinds\n\n\
         <!-- Generated from crates/diff/src/kinds.rs by `cargo xtask changes`; do not edit. -->\n\n\
         Every change `speclift diff` reports is of one of these kinds. A kind rated `either` \
         is breaking or not depending on the particular change (its explanation says when); \
         `--fail-on breaking` fails on the breaking ones. `speclift diff --list-kinds` lists \
         them and `speclift diff --explain ID` explains one.\n\n\
         | id | rating | summary |\n| --- | --- | --- |\n",
    );
    for k in ChangeKind::ALL {
        out.push_str(&format!(
            "| [`{}`](#{}) | {} | {} |\n",
            k.id(),
            k.id(),
            k.rating(),
            k.summary().replace('|', "\\|")
        ));
    }
    for k in ChangeKind::ALL {
        out.push_str(&format!(
            "\n## {}\n\n{}: {}.\n\n{}\n",
            k.id(),
            capitalised(&k.rating().to_string()),
            k.summary(),
            k.explanation()
        ));
    }
    out
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or(String::new(), |c| {
        c.to_uppercase().chain(chars).collect::<String>()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_kebab_case_and_explained() {
        let mut ids: Vec<_> = ChangeKind::ALL.iter().map(|k| k.id()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), ChangeKind::ALL.len(), "ids are unique");
        for k in ChangeKind::ALL {
            let id = k.id();
            assert!(
                id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{id}"
            );
            assert!(k.explanation().len() > 60, "{id} explanation too short");
            assert!(!k.explanation().contains('\n'), "{id} is one paragraph");
            assert!(!k.summary().ends_with('.'), "{id} summary is a phrase");
            assert_eq!(ChangeKind::from_id(&id.to_uppercase()), Some(*k));
        }
        assert_eq!(ChangeKind::from_id("no-such-change"), None);
    }

    #[test]
    fn ratings_allow_their_severities_only() {
        assert!(Rating::Breaking.allows(Severity::Breaking));
        assert!(!Rating::Breaking.allows(Severity::NonBreaking));
        assert!(!Rating::NonBreaking.allows(Severity::Breaking));
        assert!(Rating::Either.allows(Severity::NonBreaking));
        assert_eq!(Rating::Either.severities().len(), 2);
    }

    /// `docs/changes.md` is what the registry generates (`cargo xtask
    /// changes`).
    #[test]
    fn the_changes_page_is_current() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/changes.md");
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            committed == changes_page(),
            "docs/changes.md is stale or missing: run `cargo xtask changes`"
        );
        for k in ChangeKind::ALL {
            assert!(committed.contains(&format!("\n## {}\n", k.id())));
        }
    }
}
