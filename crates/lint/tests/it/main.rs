//! The integration tests of `speclift-lint`, one test binary (ARCHITECTURE.md,
//! "Test binaries"): each module below was a `tests/*.rs` binary of its
//! own. Run one module alone with its name as the filter, e.g.
//! `cargo test -p speclift-lint --test it <module>`.

mod common;
mod corpus;
mod rules;
mod sarif;
mod seeds;
