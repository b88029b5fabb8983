//! The integration tests of `speclift`, one test binary (ARCHITECTURE.md,
//! "Test binaries"): each module below was a `tests/*.rs` binary of its
//! own. Run one module alone with its name as the filter, e.g.
//! `cargo test -p speclift --test it <module>`.

mod common;
mod confinement;
mod conventions;
mod corpus;
mod diagnostics;
mod gen_check;
mod gen_lint_agree;
mod hygiene;
mod interrupts;
mod live_cinder;
mod live_nova;
mod live_support;
mod malformed;
mod mutations;
mod nova_recall;
mod operation_ids;
mod portal_browser;
mod portal_cli;
mod quirks;
mod readers;
mod seed_diff;
mod seed_snapshots;
mod synnefo_pithos;
mod synnefo_snapshots;
mod watch;
