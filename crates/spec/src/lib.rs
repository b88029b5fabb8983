//! Reading generated OpenAPI specs: the one place that knows how a spec
//! spells what every reader needs — path templates ([`template`]), the
//! HTTP methods a path item holds ([`method`]), local `$ref`s ([`refs`]),
//! microversions ([`microversion`]), speclift's vendor-extension keys
//! ([`ext`]), JSON Schema compilation for validating instances
//! ([`validation`]) and a quick verdict that needs none ([`verdict`]).
//!
//! The checker, diff, the portal, the emitter and the tests all read specs
//! through this crate, so an algorithm such as erasing template names
//! exists once.
//!
//! This is a leaf: it depends on no other speclift crate. The
//! [`microversion::Microversion`] type lives here rather than in
//! `speclift-model` (which re-exports it) because the model pulls in the
//! RST reader, YAML and JSON Schema generation, none of which a spec
//! reader needs. It reads specs and never writes them.

pub mod ext;
pub mod method;
pub mod microversion;
pub mod refs;
pub mod template;
pub mod validation;
pub mod verdict;

pub use microversion::Microversion;
