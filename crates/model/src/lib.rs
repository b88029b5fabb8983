//! The api-ref model: documentation dialects read into one typed
//! intermediate representation ([`ir`]).
//!
//! Data flows one way: RST tree (from `speclift-rst`) → dialect → [`ir::Api`].
//! Nothing here knows about OpenAPI.

pub mod ir;
pub mod microversion;

pub use ir::*;
pub use microversion::{Microversion, VersionRange};
