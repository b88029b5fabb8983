#!/usr/bin/env bash
# Starts a real Cinder (api + scheduler + volume in one process, see
# launcher.py) on 127.0.0.1, with noauth, sqlite and the fake volume driver.
#
#   CINDER_PORT          port to listen on (default: a free one)
#   CINDER_PROJECT_ID    project id in URLs/token (hex/dashes only, see README)
#   CINDER_KEEP_DB=1     keep the previous database instead of a fresh one
#   CINDER_DEBUG=1       debug logging in cinder.log
#   CINDER_START_TIMEOUT seconds to wait for `GET /` (default 90)
#   CINDER_API_PASTE     another api-paste.ini (scripts/live-nova adds a filter)
#
# Writes $SPECLIFT_CINDER_HOME/pid/launcher.pid and $SPECLIFT_CINDER_HOME/env
# (CINDER_URL, CINDER_PROJECT_ID, CINDER_TOKEN, CINDER_DB, ...) and prints the
# env file. Already running: prints the env file and exits 0.
set -euo pipefail

# shellcheck source=scripts/live-cinder/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
run="$home/run"
piddir="$home/pid"
pidfile="$piddir/launcher.pid"
envfile="$home/env"
conf="$run/cinder.conf"
db="$run/cinder.sqlite"
template_db="$home/cinder.synced.sqlite"
log="$run/cinder.log"
out="$run/launcher.out"
timeout=${CINDER_START_TIMEOUT:-90}
# Keystone-style id; the default project_id_regex only accepts [0-9a-f-].
project=${CINDER_PROJECT_ID:-5ec11f70c1de4000a000000000000001}

say() { printf 'live-cinder/start: %s\n' "$*"; }
die() { say "$*" >&2; exit 1; }

[[ -x "$venv/bin/python" ]] || die "no venv at $venv; run scripts/live-cinder/install.sh"
[[ "$project" =~ ^[0-9a-f-]+$ ]] || die "CINDER_PROJECT_ID must match [0-9a-f-]+ (cinder's project_id_regex), got '$project'"

if [[ -f "$pidfile" ]]; then
    pid=$(cat "$pidfile")
    if grep -qs launcher.py "/proc/$pid/cmdline"; then
        say "already running (pid $pid); stop.sh first for a fresh one"
        cat "$envfile"
        exit 0
    fi
    rm -f "$pidfile"
fi

# Binding here (port 0 = any free one) also proves a fixed CINDER_PORT is
# free, so a foreign server on it cannot pass the readiness check below.
port=$("$venv/bin/python" -c '
import socket, sys
s = socket.socket()
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError as e:
    sys.exit("127.0.0.1:%s: %s" % (sys.argv[1], e.strerror))
print(s.getsockname()[1])' "${CINDER_PORT:-0}") || die "CINDER_PORT=${CINDER_PORT:-} is not usable"

debug=false
[[ "${CINDER_DEBUG:-}" == 1 ]] && debug=true
mkdir -p "$run/state" "$run/lock" "$piddir"
cat >"$conf" <<EOF
[DEFAULT]
auth_strategy = noauth
# In-memory message bus: only works because launcher.py runs every service
# in one process.
transport_url = fake:/
host = speclift-live
cluster = speclift-cluster
my_ip = 127.0.0.1
osapi_volume_listen = 127.0.0.1
osapi_volume_listen_port = $port
api_paste_config = ${CINDER_API_PASTE:-$venv/etc/cinder/api-paste.ini}
# Without it every list logs an ERROR and GET .../resource_filters is empty.
resource_query_filters_file = $venv/etc/cinder/resource_filters.json
state_path = $run/state
enabled_backends = fake
default_volume_type = __DEFAULT__
# A default group type by name; the contract test's scenario creates it (a
# fixture) so that GET …/group_types/default has one to show.
default_group_type = speclift-default-group-type
# cinder-backup runs too (launcher.py), with the fake backup service of the
# wheel's tests: it stores nothing, so backups, restores and their deletes
# go through the real API -> backup manager -> volume manager paths.
backup_driver = cinder.tests.unit.backup.fake_service.FakeBackupService
# The backup service on the volume's own host (both are this one process);
# otherwise the scheduler picks from capability reports, the first one
# only after backup_driver_stats_polling_interval (60 s).
backup_use_same_host = true
log_file = $log
debug = $debug
[database]
connection = sqlite:///$db
[oslo_concurrency]
lock_path = $run/lock
[coordination]
backend_url = file://$run/lock
[fake]
# The fake driver's active-active variant (same module): the volume service
# joins a cluster, so the clusters API has one to list, show, disable and
# enable.
volume_driver = cinder.tests.fake_driver.FakeHAReplicatedLoggingVolumeDriver
volume_backend_name = fake
target_helper = fake
EOF

# `db sync` costs ~3.5 s of imports + migrations; sync once into a template
# (per installed cinder) and copy it, so every start gets a fresh schema.
version=$(cinder_version)
if [[ ! -f "$template_db" || "$(cat "$template_db.version" 2>/dev/null)" != "$version" ]]; then
    rm -f "$template_db"
    sed "s|^connection = .*|connection = sqlite:///$template_db|" "$conf" >"$run/sync.conf"
    "$venv/bin/cinder-manage" --config-file "$run/sync.conf" db sync >"$run/db-sync.out" 2>&1 ||
        { tail -n 30 "$run/db-sync.out" >&2; die "cinder-manage db sync failed"; }
    echo "$version" >"$template_db.version"
fi
if [[ "${CINDER_KEEP_DB:-}" != 1 || ! -f "$db" ]]; then
    cp "$template_db" "$db"
fi

# Keep the previous run's log for post-mortems.
[[ -f "$log" ]] && mv -f "$log" "$log.1"
start_ns=$(date +%s%N)
# setsid: not tied to this shell's job control or terminal.
setsid "$venv/bin/python" "$here/launcher.py" --config-file "$conf" >"$out" 2>&1 </dev/null &
pid=$!
echo "$pid" >"$pidfile"

url="http://127.0.0.1:$port"
deadline=$((SECONDS + timeout))
code=000
while ((SECONDS < deadline)); do
    if ! kill -0 "$pid" 2>/dev/null; then
        rm -f "$pidfile"
        tail -n 40 "$out" "$log" >&2 || true
        die "launcher (pid $pid) exited during start-up; log: $log"
    fi
    # launcher.py logs this line once its own socket is bound.
    if grep -q 'live-cinder ready on' "$log" 2>/dev/null; then
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url/" || true)
        [[ "$code" != 000 ]] && break
    fi
    sleep 0.25
done
if [[ "$code" == 000 ]]; then
    tail -n 40 "$out" "$log" >&2 || true
    kill "$pid" 2>/dev/null || true
    rm -f "$pidfile"
    die "no answer on $url/ within ${timeout}s; killed pid $pid; log: $log"
fi
elapsed=$(( ($(date +%s%N) - start_ns) / 1000000 ))
max_mv=$(curl -s "$url/" | "$venv/bin/python" -c '
import json, sys
print(json.load(sys.stdin)["versions"][0]["version"])')

cat >"$envfile" <<EOF
CINDER_URL=$url
CINDER_PROJECT_ID=$project
CINDER_TOKEN=speclift:$project
CINDER_ENDPOINT=$url/v3/$project
CINDER_MAX_MICROVERSION=$max_mv
CINDER_DB=$db
CINDER_LOG=$log
CINDER_PID=$pid
EOF
say "cinder $version up in ${elapsed} ms (pid $pid, GET / -> $code)"
cat "$envfile"
