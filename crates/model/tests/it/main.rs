//! The integration tests of `speclift-model`, one test binary: each
//! module below was a `tests/*.rs` binary of its own (see ARCHITECTURE.md,
//! Testing). Run one module alone with its name as the filter, e.g.
//! `cargo test -p speclift-model --test it <module>`.

mod corpus;
mod parameters_schema;
mod synnefo;
