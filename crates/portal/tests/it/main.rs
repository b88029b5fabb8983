//! The integration tests of `speclift-portal`, one test binary (ARCHITECTURE.md,
//! "Test binaries"): each module below was a `tests/*.rs` binary of its
//! own. Run one module alone with its name as the filter, e.g.
//! `cargo test -p speclift-portal --test it <module>`.

mod model;
mod page_snapshot;
