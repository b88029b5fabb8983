#!/usr/bin/env bash
# Starts a real Nova on 127.0.0.1 for the live tests: RabbitMQ (Debian, its
# own epmd), this set's Cinder (scripts/live-cinder), Placement, Neutron's
# API, and Nova's API, conductor, scheduler and compute (fake driver), with
# fresh sqlite databases every time. See README.md for the route and why.
#
#   NOVA_PROJECT_ID        project id in URLs and headers (32 hex digits)
#   NOVA_START_TIMEOUT     seconds to wait for each piece (default 120)
#
# Writes $SPECLIFT_NOVA_HOME/pid/NN-name.pid (one per process) and
# $SPECLIFT_NOVA_HOME/env, and prints the env file. Any piece that does not
# come up: the tail of its log, everything started so far stopped, exit 1.
set -euo pipefail

# shellcheck source=scripts/live-nova/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
timeout=${NOVA_START_TIMEOUT:-120}
project=${NOVA_PROJECT_ID:-5ec11f70c1de4000a000000000000018}
bin="$venv/bin"
t0=$(date +%s%N)

say() { printf 'live-nova/start: %s\n' "$*"; }
ms_since() { echo $((($(date +%s%N) - $1) / 1000000)); }
# die MESSAGE [LOG...]: shows each log's tail, stops what was started.
die() {
    local message=$1
    shift
    for log in "$@"; do
        [[ -f "$log" ]] && { echo "--- tail of $log" >&2; tail -n 40 "$log" >&2; }
    done
    say "$message" >&2
    bash "$here/stop.sh" >&2 || true
    exit 1
}

[[ -x "$bin/nova-manage" ]] || { say "no venv at $venv; run scripts/live-nova/install.sh" >&2; exit 1; }
[[ "$project" =~ ^[0-9a-f]{32}$ ]] || { say "NOVA_PROJECT_ID must be 32 hex digits, got '$project'" >&2; exit 1; }
if [[ -f "$envfile" ]]; then
    say "already running; stop.sh first for a fresh one"
    cat "$envfile"
    exit 0
fi
shopt -s nullglob
stale=("$piddir"/*.pid)
((${#stale[@]} == 0)) || bash "$here/stop.sh"

# Seven free ports, each proved free by binding it here.
read -r p_epmd p_dist p_amqp p_placement p_neutron p_nova p_cinder < <("$bin/python" -c '
import socket
socks = [socket.socket() for _ in range(7)]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))')

# Fresh state every start: the fake compute driver cannot come back to old
# databases (its node uuid is random).
rm -rf "$run"
mkdir -p "$run/lock" "$run/state" "$run/rabbit" "$run/wsgi" "$piddir"
seq_no=0
# spawn NAME LOG CMD...: starts CMD in its own session, in its own working
# directory $run/cwd/NAME (how stop.sh knows the PID is still ours), and
# records its PID in pid/NN-NAME.pid. The subshell and setsid exec, so the
# PID is the command's.
spawn() {
    local name=$1 log=$2
    shift 2
    seq_no=$((seq_no + 1))
    mkdir -p "$run/cwd/$name"
    (cd "$run/cwd/$name" && exec setsid "$@" >"$log" 2>&1 </dev/null) &
    last_pid=$!
    echo "$last_pid" >"$piddir/$(printf %02d "$seq_no")-$name.pid"
}
# wait_for WHAT LOG CHECK...: polls CHECK until it succeeds, the last
# spawned process exits, or the timeout.
wait_for() {
    local what=$1 log=$2
    shift 2
    local deadline=$((SECONDS + timeout))
    until "$@" >/dev/null 2>&1; do
        kill -0 "$last_pid" 2>/dev/null || die "$what (pid $last_pid) exited during start-up" "$log"
        ((SECONDS < deadline)) || die "$what did not come up within ${timeout}s" "$log"
        sleep 0.25
    done
}
http_up() { [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$1")" != 000 ]]; }

# --- RabbitMQ, with its own epmd ------------------------------------------------
epmd=$(find /usr/lib/erlang -path '*/bin/epmd' -type f | head -n 1)
[[ -x "$epmd" ]] || die "no epmd under /usr/lib/erlang; run install.sh (Debian rabbitmq-server)"
spawn epmd "$run/epmd.log" "$epmd" -address 127.0.0.1 -port "$p_epmd"
rabbit_log="$run/rabbit/rabbit.out"
printf '[].\n' >"$run/rabbit/enabled_plugins"
cat >"$run/rabbit/rabbitmq.conf" <<EOF
listeners.tcp.default = 127.0.0.1:$p_amqp
EOF
# RUNNING_UNDER_SYSTEMD: the script execs the VM instead of waiting on it
# from a shell, so the recorded PID is the broker's own.
spawn rabbitmq "$rabbit_log" env \
    RUNNING_UNDER_SYSTEMD=true \
    HOME="$run/rabbit" \
    RABBITMQ_NODENAME="speclift@localhost" \
    RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
    RABBITMQ_NODE_PORT="$p_amqp" \
    RABBITMQ_DIST_PORT="$p_dist" \
    ERL_EPMD_ADDRESS=127.0.0.1 \
    ERL_EPMD_PORT="$p_epmd" \
    RABBITMQ_CONFIG_FILE="$run/rabbit/rabbitmq.conf" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$run/rabbit/enabled_plugins" \
    RABBITMQ_MNESIA_BASE="$run/rabbit/mnesia" \
    RABBITMQ_LOG_BASE="$run/rabbit/log" \
    RABBITMQ_PID_FILE="$run/rabbit/rabbit.pid" \
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}" \
    /usr/lib/rabbitmq/bin/rabbitmq-server
rabbit_started=$(date +%s%N)

# --- Cinder (while RabbitMQ boots) ---------------------------------------------
# Nova calls Cinder with its service token (X-Service-Token); Cinder must see
# the service role for detach, as keystonemiddleware would give it. The
# paste file adds that one filter (service_roles.py) in front of Cinder's
# noauth pipeline.
cinder_paste="$run/cinder-api-paste.ini"
sed -e 's/^\(noauth = \)\(.*\)$/\1speclift_service_roles \2/' \
    "$cinder_home/venv/etc/cinder/api-paste.ini" >"$cinder_paste"
printf '\n[filter:speclift_service_roles]\npaste.filter_factory = service_roles:filter_factory\n' >>"$cinder_paste"
grep -q '^noauth = speclift_service_roles' "$cinder_paste" ||
    die "could not add the service-role filter to Cinder's api-paste.ini (no 'noauth =' pipeline?)"
PYTHONPATH="$here" CINDER_API_PASTE="$cinder_paste" CINDER_PORT="$p_cinder" \
    CINDER_PROJECT_ID="$project" SPECLIFT_CINDER_HOME="$cinder_home" \
    bash "$here/../live-cinder/start.sh" >"$run/cinder-start.out" 2>&1 ||
    die "Cinder did not start" "$run/cinder-start.out"

# --- Placement --------------------------------------------------------------------
cat >"$run/placement.conf" <<EOF
[DEFAULT]
log_file = $run/placement.log
[api]
auth_strategy = noauth2
[placement_database]
connection = sqlite:///$run/placement.sqlite?timeout=30
EOF

# Every service process loads sqlite-immediate/sitecustomize.py (BEGIN
# IMMEDIATE transactions, see there). WSGI modules parse sys.argv at import: each app is served from a tiny
# module that clears it first.
cat >"$run/wsgi/placement_app.py" <<'EOF'
import sys
sys.argv = sys.argv[:1]
from placement.wsgi.api import application  # noqa: E402,F401
EOF
cat >"$run/wsgi/nova_app.py" <<'EOF'
import sys
sys.argv = sys.argv[:1]
from nova.wsgi.osapi_compute import application  # noqa: E402,F401
EOF
cat >"$run/wsgi/neutron_app.py" <<'EOF'
import sys
sys.argv = sys.argv[:1]
from neutron.wsgi.api import application  # noqa: E402,F401
import sqlalchemy.orm  # noqa: E402
# Else the first port query answers 500 (mappers configured lazily).
sqlalchemy.orm.configure_mappers()
EOF
gunicorn() { # gunicorn NAME PORT MODULE LOG [ENV=VALUE...]
    local name=$1 port=$2 module=$3 log=$4
    shift 4
    spawn "$name" "$log" env PYTHONPATH="$here/sqlite-immediate" "$@" "$bin/gunicorn" --bind "127.0.0.1:$port" \
        --workers 1 --threads 4 --timeout 120 --no-control-socket --chdir "$run/wsgi" \
        "$module:application"
}

# --- Neutron (API only) -------------------------------------------------------------
cat >"$run/neutron.conf" <<EOF
[DEFAULT]
api_paste_config = $venv/etc/neutron/api-paste.ini
core_plugin = ml2
service_plugins =
auth_strategy = noauth
bind_host = 127.0.0.1
bind_port = $p_neutron
api_workers = 1
rpc_workers = 0
rpc_state_report_workers = 0
transport_url = rabbit://guest:guest@127.0.0.1:$p_amqp/
state_path = $run/state
log_file = $run/neutron.log
[database]
connection = sqlite:///$run/neutron.sqlite?timeout=30
[ml2]
type_drivers = flat
tenant_network_types =
mechanism_drivers =
extension_drivers =
[oslo_concurrency]
lock_path = $run/lock
EOF

# --- Nova ---------------------------------------------------------------------------
# No noauth2 in Nova 34: the keystone pipelines without `authtoken`, so
# NovaKeystoneContext trusts X-User-Id / X-Project-Id / X-Roles.
sed -e 's/ authtoken / /' "$venv/etc/nova/api-paste.ini" >"$run/api-paste.ini"
cat >"$run/nova.conf" <<EOF
[DEFAULT]
transport_url = rabbit://guest:guest@127.0.0.1:$p_amqp/
compute_driver = fake.SmallFakeDriver
host = speclift-compute
my_ip = 127.0.0.1
state_path = $run/state
instances_path = $run/state/instances
debug = false
[api]
auth_strategy = keystone
[wsgi]
api_paste_config = $run/api-paste.ini
[api_database]
connection = sqlite:///$run/nova_api.sqlite?timeout=30
[database]
connection = sqlite:///$run/nova.sqlite?timeout=30
[conductor]
workers = 1
[scheduler]
workers = 1
[placement]
auth_type = admin_token
endpoint = http://127.0.0.1:$p_placement
token = admin
[neutron]
auth_type = admin_token
endpoint = http://127.0.0.1:$p_neutron
token = admin
# Requests on a user's behalf look Neutron up in the token's catalog,
# which this deployment has not (500 EmptyCatalog on server show/delete).
endpoint_override = http://127.0.0.1:$p_neutron
[cinder]
endpoint_template = http://127.0.0.1:$p_cinder/v3/%(project_id)s
[service_user]
send_service_user_token = true
auth_type = admin_token
endpoint = http://127.0.0.1:$p_cinder
token = nova-service
# No Keystone: quota calls verify the project there; a refused connection
# makes Nova skip the check (as it does when Keystone is unreachable)
# instead of answering 400 "unable to find Keystone service endpoint".
[keystone]
endpoint_override = http://127.0.0.1:9/v3
# No Glance (servers boot from volumes), but a server's delete notice
# writes an image URL, which without this is looked up in the catalog.
[glance]
endpoint_override = http://127.0.0.1:9
[vnc]
enabled = false
[oslo_messaging_notifications]
driver = noop
[oslo_concurrency]
lock_path = $run/lock
EOF
# --- databases: fresh every start ------------------------------------------------
# The syncs take ~20 s; they run once per installed release into
# $home/template-db and every start copies those files (the paths inside,
# such as Nova's cell mappings, are the same $run each time).
template="$home/template-db"
stamp="$run|wal+timeout|nova $(dist_version nova)|placement $(dist_version openstack-placement)|neutron $(dist_version neutron)"
manage() { # manage LOG ARGS...
    local log=$1
    shift
    "$bin/nova-manage" --config-file "$run/nova.conf" "$@" >>"$log" 2>&1 ||
        die "nova-manage $* failed" "$log"
}
sync_databases() {
    OS_PLACEMENT_CONFIG_DIR="$run" "$bin/placement-manage" --config-file "$run/placement.conf" db sync \
        >"$run/placement-sync.out" 2>&1 || die "placement-manage db sync failed" "$run/placement-sync.out"
    # `neutron-db-manage upgrade heads` cannot ALTER constraints on sqlite: the
    # schema comes from the models, then the migrations are stamped as done.
    "$bin/python" -c '
import sys
import sqlalchemy
from neutron.db.migration.models import head
head.get_metadata().create_all(sqlalchemy.create_engine("sqlite:///" + sys.argv[1]))' \
        "$run/neutron.sqlite" >"$run/neutron-schema.out" 2>&1 ||
        die "creating Neutron's schema failed" "$run/neutron-schema.out"
    "$bin/neutron-db-manage" --config-file "$run/neutron.conf" stamp heads \
        >"$run/neutron-stamp.out" 2>&1 || die "neutron-db-manage stamp heads failed" "$run/neutron-stamp.out"
    local sync_log="$run/nova-sync.out"
    manage "$sync_log" api_db sync
    manage "$sync_log" cell_v2 map_cell0 --database_connection "sqlite:///$run/nova_cell0.sqlite?timeout=30"
    manage "$sync_log" cell_v2 create_cell --name cell1
    manage "$sync_log" db sync
}
db_started=$(date +%s%N)
if [[ -f "$template/stamp" && "$(cat "$template/stamp")" == "$stamp" ]]; then
    cp "$template"/*.sqlite "$run/"
    # The cell mapping keeps the broker URL of the start that synced.
    sqlite3 "$run/nova_api.sqlite" \
        "UPDATE cell_mappings SET transport_url = 'rabbit://guest:guest@127.0.0.1:$p_amqp/' WHERE name = 'cell1'" ||
        die "could not point cell1 at this start's RabbitMQ"
    db_how="copied from $template"
else
    sync_databases
    # Write-ahead logging (kept in the file): readers no longer block the
    # writer, and a writer waits up to `timeout` (30 s, in the URLs above)
    # instead of failing with "database is locked" — which put servers in
    # ERROR under load with sqlite's defaults.
    for db in "$run"/*.sqlite; do
        sqlite3 "$db" 'PRAGMA journal_mode = WAL;' >/dev/null || die "could not switch $db to WAL"
    done
    rm -rf "$template"
    mkdir -p "$template"
    cp "$run"/*.sqlite "$template/"
    echo "$stamp" >"$template/stamp"
    db_how="synced"
fi
db_ms=$(ms_since "$db_started")

# --- Placement and Neutron's API ----------------------------------------------------
gunicorn placement "$p_placement" placement_app "$run/placement.out" \
    OS_PLACEMENT_CONFIG_DIR="$run"
gunicorn neutron "$p_neutron" neutron_app "$run/neutron.out" \
    OS_NEUTRON_CONFIG_FILES="$run/neutron.conf"

# RabbitMQ has had the DB syncs to boot; the services need it now.
wait_for RabbitMQ "$rabbit_log" "$bin/python" -c '
import socket, sys
socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=1).close()' "$p_amqp"
rabbit_ms=$(ms_since "$rabbit_started")
last_pid=$(sed -n 1p "$piddir"/*-placement.pid)
wait_for Placement "$run/placement.out" http_up "http://127.0.0.1:$p_placement/"
last_pid=$(sed -n 1p "$piddir"/*-neutron.pid)
wait_for "Neutron's API" "$run/neutron.out" http_up "http://127.0.0.1:$p_neutron/"

for service in conductor scheduler compute; do
    spawn "nova-$service" "$run/nova-$service.log" env PYTHONPATH="$here/sqlite-immediate" \
        "$bin/nova-$service" --config-file "$run/nova.conf"
done
gunicorn nova-api "$p_nova" nova_app "$run/nova-api.out" \
    OS_NOVA_CONFIG_DIR="$run"
wait_for "Nova's API" "$run/nova-api.out" http_up "http://127.0.0.1:$p_nova/"

# The compute service registers itself, then its host must be mapped to
# cell1 before a server can be scheduled there.
last_pid=$(sed -n 1p "$piddir"/*-nova-compute.pid)
# (Output captured first: `grep -q` closing a pipe early would fail it
# under pipefail.)
mapped() {
    local out
    out=$("$bin/nova-manage" --config-file "$run/nova.conf" cell_v2 discover_hosts --verbose 2>&1)
    [[ "$out" == *"compute host 'speclift-compute'"* ]]
}
wait_for "nova-compute's host mapping" "$run/nova-compute.log" mapped

# shellcheck disable=SC1091
source "$cinder_home/env"
nova_url="http://127.0.0.1:$p_nova"
max_mv=$(curl -s "$nova_url/v2.1/" | "$bin/python" -c '
import json, sys
print(json.load(sys.stdin)["version"]["version"])') || die "GET $nova_url/v2.1/ is not Nova's version document" "$run/nova-api.out"
cat >"$envfile" <<EOF
NOVA_URL=$nova_url
NOVA_ENDPOINT=$nova_url/v2.1
NOVA_PROJECT_ID=$project
NOVA_TOKEN=admin:$project
NOVA_MAX_MICROVERSION=$max_mv
NOVA_DB=$run/nova.sqlite
NOVA_API_DB=$run/nova_api.sqlite
NOVA_CELL0_DB=$run/nova_cell0.sqlite
PLACEMENT_URL=http://127.0.0.1:$p_placement
PLACEMENT_DB=$run/placement.sqlite
NEUTRON_URL=http://127.0.0.1:$p_neutron
CINDER_URL=$CINDER_URL
CINDER_ENDPOINT=$CINDER_ENDPOINT
CINDER_PROJECT_ID=$CINDER_PROJECT_ID
CINDER_TOKEN=admin:$project
CINDER_MAX_MICROVERSION=$CINDER_MAX_MICROVERSION
CINDER_DB=$CINDER_DB
NOVA_LOG_DIR=$run
EOF
say "nova $(dist_version nova) up in $(ms_since "$t0") ms (databases ${db_how} in ${db_ms} ms; RabbitMQ ready after ${rabbit_ms} ms)"
cat "$envfile"
