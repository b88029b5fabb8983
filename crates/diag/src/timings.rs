//! Stage timings, for speed work: with `SPECLIFT_TIMINGS` set (to anything
//! but empty or `0`), each [`stage!`](crate::stage) a run reaches prints one
//! line to stderr, as rust-analyzer's `RA_PROFILE` does for its spans:
//!
//! ```text
//! speclift-timings:   24.397 ms  cpu   43.125 ms  ThreadId(3)  emit: block-storage-api-v3 emitted
//! ```
//!
//! wall time since the run's first stage, the CPU time the process has
//! used so far on all its threads (Unix), the thread, and the stage. The
//! CPU difference between two lines over their wall difference is how many
//! cores were at work in between: where it falls to 1 on a 2-core machine,
//! one stage holds up the run (Cinder's v3 emission, after its v2 is done).
//! The stages are points, not spans, so that lines from threads working
//! side by side read in the order things happened.
//!
//! Off, a stage costs one atomic load: the variable is read once.

use std::sync::OnceLock;
use std::time::Instant;

/// The environment variable that turns the timings on.
pub const VAR: &str = "SPECLIFT_TIMINGS";

/// When the first stage was reached, if the timings are on.
static SINCE: OnceLock<Option<Instant>> = OnceLock::new();

/// Whether the timings are on (`SPECLIFT_TIMINGS` set, neither empty nor
/// `0`). The first call reads the variable and starts the clock.
pub fn on() -> bool {
    since().is_some()
}

fn since() -> Option<Instant> {
    *SINCE.get_or_init(|| match std::env::var_os(VAR) {
        Some(v) if !v.is_empty() && v != "0" => Some(Instant::now()),
        _ => None,
    })
}

/// Prints the line of stage `name` (see the module doc); nothing when the
/// timings are off. [`stage!`](crate::stage) formats only when they are on.
pub fn stage(name: std::fmt::Arguments<'_>) {
    let Some(since) = since() else { return };
    let wall = since.elapsed().as_secs_f64() * 1e3;
    let thread = std::thread::current().id();
    match process_cpu_ms() {
        Some(cpu) => {
            eprintln!("speclift-timings: {wall:8.3} ms  cpu {cpu:8.3} ms  {thread:?}  {name}")
        }
        None => eprintln!("speclift-timings: {wall:8.3} ms  {thread:?}  {name}"),
    }
}

/// CPU time of the whole process so far, all threads.
#[cfg(unix)]
fn process_cpu_ms() -> Option<f64> {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: writes one timespec we own; no other memory is touched.
    let read = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut now) };
    (read == 0).then(|| now.tv_sec as f64 * 1e3 + now.tv_nsec as f64 / 1e6)
}

#[cfg(not(unix))]
fn process_cpu_ms() -> Option<f64> {
    None
}

/// Marks a stage of the run for `SPECLIFT_TIMINGS` (see
/// [`timings`](crate::timings)): `stage!("emit: {} emitted", api.name)`.
/// The arguments are formatted only when the timings are on.
#[macro_export]
macro_rules! stage {
    ($($arg:tt)*) => {
        if $crate::timings::on() {
            $crate::timings::stage(format_args!($($arg)*));
        }
    };
}
