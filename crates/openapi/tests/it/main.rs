//! The integration tests of `speclift-openapi`, one test binary: each
//! module below was a `tests/*.rs` binary of its own (see ARCHITECTURE.md,
//! Testing). Run one module alone with its name as the filter, e.g.
//! `cargo test -p speclift-openapi --test it <module>`.

mod common;
mod emit;
mod schema_coverage;
