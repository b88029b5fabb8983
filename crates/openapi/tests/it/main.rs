//! The integration tests of `speclift-openapi`, one test binary (ARCHITECTURE.md,
//! "Test binaries"): each module below was a `tests/*.rs` binary of its
//! own. Run one module alone with its name as the filter, e.g.
//! `cargo test -p speclift-openapi --test it <module>`.

mod common;
mod emit;
mod infer;
mod schema_coverage;
mod yaml;
