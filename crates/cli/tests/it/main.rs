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
mod live_nova;
// Cinder's live tests, named for its service type (volume) so that they
// sort after Nova's: libtest starts tests in name order, each family takes
// turns on its own lock, and with Nova's longest run started first the two
// families overlap instead of one thread waiting on the other's lock.
mod live_support;
mod live_volume;
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
mod timings;
mod watch;
mod yaml_writer;
