//! The integration tests of `speclift-model`, one test binary (ARCHITECTURE.md,
//! "Test binaries"): each module below was a `tests/*.rs` binary of its
//! own. Run one module alone with its name as the filter, e.g.
//! `cargo test -p speclift-model --test it <module>`.

mod corpus;
mod parameters_schema;
mod synnefo;
