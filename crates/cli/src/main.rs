//! `speclift`: a thin command line over the pipeline in the library crate
//! (`speclift::app`).
//!
//! Exit status (every command, see `usage.rs`): 0 success (warnings
//! allowed), 1 findings or failures, 2 usage error or unreadable input
//! (clap's own convention for usage errors).

/// mimalloc rather than glibc's malloc: generation is allocation-bound
/// (see the README's benchmark notes).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    speclift::allocator::tune();
    // `SPECLIFT_TIMINGS` counts from here.
    speclift_diag::stage!("start");
    speclift::app::main()
}
