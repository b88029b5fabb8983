//! The integration tests of `speclift-check`, one test binary (ARCHITECTURE.md,
//! "Test binaries"): each module below was a `tests/*.rs` binary of its
//! own. Run one module alone with its name as the filter, e.g.
//! `cargo test -p speclift-check --test it <module>`.

mod common;
mod discovery;
mod faults;
mod hardening;
mod junit;
mod safety;
mod signal;
