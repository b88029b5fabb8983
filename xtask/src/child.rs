//! Running a child process and measuring it: wall time, and from `wait4`
//! the child's own CPU time (user + system) and peak resident set size,
//! none of which `std::process` reports.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

pub struct Measured {
    pub wall: Duration,
    /// User + system time of the child alone.
    pub cpu: Duration,
    /// `ru_maxrss` of the child, in KiB (Linux). The child starts as a
    /// copy of this process and the kernel keeps the copy's peak: this
    /// process must never hold much memory itself (a 25 MB file read whole
    /// once showed as a 53 MiB child).
    pub max_rss_kib: u64,
    /// Page faults that waited for the disk (`ru_majflt`): on a machine
    /// that pages out the file cache, a binary re-read between runs.
    pub major_faults: u64,
    /// What the child read from the disk (`ru_inblock`, 512-byte blocks),
    /// in KiB.
    pub read_kib: u64,
    pub success: bool,
    pub stderr: String,
}

/// Runs `command` to its end, stdout discarded and stderr kept. The clock
/// starts just before the spawn, so process start counts.
pub fn run_measured(command: &mut Command) -> Result<Measured> {
    command.stdin(Stdio::null()).stdout(Stdio::null());
    // stderr goes to a file, not a pipe: a pipe left unread could block the
    // child, and reading it here would add our own time to the wall clock.
    let mut log = tempfile_for_stderr()?;
    command.stderr(log.try_clone()?);
    let start = Instant::now();
    let child = command.spawn().context("cannot start the command")?;
    let pid = libc::pid_t::try_from(child.id()).context("pid out of range")?;
    let mut status: libc::c_int = 0;
    // SAFETY: all-zero bytes are a valid `rusage` (plain integers).
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own child, not yet reaped (the `Child` handle is
    // never waited on), and both out-pointers are valid for the call.
    let reaped = loop {
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if r == -1 && std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted {
            continue;
        }
        break r;
    };
    let wall = start.elapsed();
    if reaped != pid {
        bail!("wait4 failed: {}", std::io::Error::last_os_error());
    }
    let time = |t: libc::timeval| {
        Duration::from_secs(u64::try_from(t.tv_sec).unwrap_or(0))
            + Duration::from_micros(u64::try_from(t.tv_usec).unwrap_or(0))
    };
    let mut stderr = String::new();
    use std::io::Seek;
    log.seek(std::io::SeekFrom::Start(0))?;
    log.read_to_string(&mut stderr)?;
    Ok(Measured {
        wall,
        cpu: time(usage.ru_utime) + time(usage.ru_stime),
        max_rss_kib: u64::try_from(usage.ru_maxrss).unwrap_or(0),
        major_faults: u64::try_from(usage.ru_majflt).unwrap_or(0),
        read_kib: u64::try_from(usage.ru_inblock).unwrap_or(0) / 2,
        success: libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        stderr,
    })
}

/// An anonymous file for a child's stderr (unlinked at once).
fn tempfile_for_stderr() -> Result<std::fs::File> {
    let path = std::env::temp_dir().join(format!(
        "speclift-bench-stderr-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    ));
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .open(&path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    let _ = std::fs::remove_file(&path);
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_a_child_of_its_own() {
        // A shell that burns some CPU and writes to stderr: the CPU time is
        // the child's, the RSS nonzero, the exit status read.
        let m = run_measured(Command::new("sh").args([
            "-c",
            "i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; echo done >&2; exit 3",
        ]))
        .unwrap();
        assert!(!m.success);
        assert_eq!(m.stderr.trim(), "done");
        assert!(m.cpu > Duration::ZERO);
        assert!(m.max_rss_kib > 0);
        let ok = run_measured(&mut Command::new("true")).unwrap();
        assert!(ok.success);
    }
}
