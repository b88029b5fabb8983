#!/usr/bin/env bash
# Stops exactly the processes start.sh started, by the PIDs it recorded in
# $SPECLIFT_NOVA_HOME/pid/*.pid (RabbitMQ's epmd included), newest first,
# then this set's Cinder (scripts/live-cinder/stop.sh with its home). A PID
# whose working directory is not under this set's home (a recycled PID) is
# left alone. SIGTERM, then SIGKILL after 10 s.
set -euo pipefail

# shellcheck source=scripts/live-nova/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
# shellcheck source=scripts/lib/live.sh
source "$here/../lib/live.sh"

say() { printf 'live-nova/stop: %s\n' "$*"; }

shopt -s nullglob
# start.sh numbers the pid files in start order; stop in reverse (the API
# before the services it calls, RabbitMQ and its epmd last).
mapfile -t pidfiles < <(printf '%s\n' "$piddir"/*.pid | sort -r)
for pidfile in "${pidfiles[@]}"; do
    [[ -f "$pidfile" ]] || continue
    # Every process start.sh runs has its working directory under $home
    # (gunicorn and RabbitMQ rename their process titles, so the command
    # line cannot tell): anything else is a recycled PID.
    pid=$(sed -n 1p "$pidfile")
    name=$(basename "$pidfile" .pid)
    cwd=$(readlink "/proc/$pid/cwd" 2>/dev/null || true)
    if [[ ! "$pid" =~ ^[0-9]+$ || "$cwd/" != "$home/"* ]]; then
        say "$name: pid '$pid' is not one of ours any more; removing the stale file"
        rm -f "$pidfile"
        continue
    fi
    # Nova's conductor and scheduler fork a worker, gunicorn too: those
    # children are stopped by PID as well if the parent leaves them.
    children=$(ps -o pid= --ppid "$pid" 2>/dev/null | tr -s ' \n' ' ' || true)
    stop_pid "$pid" "$name"
    for child in $children; do
        if [[ "$(readlink "/proc/$child/cwd" 2>/dev/null)/" == "$home/"* ]]; then
            kill -KILL "$child" 2>/dev/null || true
            say "$name: killed its leftover child $child"
        fi
    done
    rm -f "$pidfile"
    say "stopped $name (pid $pid)"
done
if [[ -d "$cinder_home" ]]; then
    SPECLIFT_CINDER_HOME="$cinder_home" bash "$here/../live-cinder/stop.sh"
fi
rm -f "$envfile"
