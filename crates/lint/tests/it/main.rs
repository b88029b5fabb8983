//! The integration tests of `speclift-lint`, one test binary: each
//! module below was a `tests/*.rs` binary of its own (see ARCHITECTURE.md,
//! Testing). Run one module alone with its name as the filter, e.g.
//! `cargo test -p speclift-lint --test it <module>`.

mod common;
mod corpus;
mod rules;
mod sarif;
mod seeds;
