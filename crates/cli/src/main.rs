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

/// `mi_option_purge_delay`, the 16th entry of `mi_option_t` in mimalloc
/// v3's `mimalloc.h` (libmimalloc-sys names no constant for it).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> std::process::ExitCode {
    // Freed pages go back to the OS after 10 ms instead of mimalloc's
    // second: each thread keeps its own pages, and held for a second they
    // add 6 MiB to gen's peak RSS on Cinder. Nor at once: each purge is an
    // `madvise` that stops the other core to flush its TLB, and purging at
    // once cost gen 15 % of its time on Cinder (`cargo xtask bench
    // --vs-sphinx`; peak RSS 34.6 MiB at 0 ms, 36.6 at 10 ms, 41.1 never).
    // SAFETY: sets an integer option of the allocator; no pointer crosses.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 10) };
    // `SPECLIFT_TIMINGS` counts from here.
    speclift_diag::stage!("start");
    speclift::app::main()
}
