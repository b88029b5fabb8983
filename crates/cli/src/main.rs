//! `speclift`: a thin command line over the pipeline in the library crate
//! (`speclift::app`).
//!
//! Exit status (every command, see `usage.rs`): 0 success (warnings
//! allowed), 1 findings or failures, 2 usage error or unreadable input
//! (clap's own convention for usage errors).

fn main() -> std::process::ExitCode {
    speclift::app::main()
}
