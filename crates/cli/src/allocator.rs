//! The allocator settings `speclift` runs with. The binary's global
//! allocator is mimalloc (declared in `main.rs`, since a library must not
//! choose one for its users); the benches declare the same and call
//! [`tune`], so they time what users run.

/// `mi_option_purge_delay`, the 16th entry of `mi_option_t` in mimalloc
/// v3's `mimalloc.h` (libmimalloc-sys names no constant for it).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Sets mimalloc's options; call it first thing in `main`.
pub fn tune() {
    // Freed pages go back to the OS after 10 ms instead of mimalloc's
    // second: each thread keeps its own pages, and held for a second they
    // add 6 MiB to gen's peak RSS on Cinder. Nor at once: each purge is an
    // `madvise` that stops the other core to flush its TLB, and purging at
    // once cost gen 15 % of its time on Cinder (`cargo xtask bench
    // --vs-sphinx`; peak RSS 34.6 MiB at 0 ms, 36.6 at 10 ms, 41.1 never).
    // SAFETY: sets an integer option of the allocator; no pointer crosses.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 10) };
}
