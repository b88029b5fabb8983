//! The integration tests of `speclift-rst`, one test binary (ARCHITECTURE.md,
//! "Test binaries"): each module below was a `tests/*.rs` binary of its
//! own. Run one module alone with its name as the filter, e.g.
//! `cargo test -p speclift-rst --test it <module>`.

mod corpus;
mod include;
mod proptest;
