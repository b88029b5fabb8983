#!/usr/bin/env bash
# Stops exactly the process(es) start.sh started, by the PIDs in
# $SPECLIFT_CINDER_HOME/pid/*.pid. A PID whose /proc cmdline is no longer our
# launcher (recycled PID) is left alone. SIGTERM, then SIGKILL after 10 s.
set -euo pipefail

# shellcheck source=scripts/live-cinder/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
# shellcheck source=scripts/lib/live.sh
source "$here/../lib/live.sh"

say() { printf 'live-cinder/stop: %s\n' "$*"; }

shopt -s nullglob
pidfiles=("$home"/pid/*.pid)
if ((${#pidfiles[@]} == 0)); then
    say "nothing to stop (no pid files in $home/pid)"
    exit 0
fi
for pidfile in "${pidfiles[@]}"; do
    pid=$(cat "$pidfile")
    if [[ ! "$pid" =~ ^[0-9]+$ ]] || ! grep -qs "$here/launcher.py" "/proc/$pid/cmdline"; then
        say "pid '$pid' from $pidfile is not running our launcher; removing the stale file"
        rm -f "$pidfile"
        continue
    fi
    stop_pid "$pid" launcher
    rm -f "$pidfile"
    say "stopped pid $pid"
done
rm -f "$home/env"
