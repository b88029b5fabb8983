#!/usr/bin/env bash
# speclift check and Schemathesis (examples phase, pinned version) on the
# same live service and the same spec, one after the other, side by side:
# wall time, CPU time (the tool's own, and the service's where it is one
# process: live Cinder), requests the service served (counted in its own
# log, so both tools are counted alike), failures, and leftovers (rows each
# run left in the service's databases). Not part of CI.
#
# On a machine shared with other work the wall times move with its load
# (the service and each tool wait for a core): the CPU columns do not, and
# say what each run costs. speclift's own CPU is a fraction of a second, so
# the debug build it uses (already built by the tests) is what a release
# build would measure, within noise.
#
#   bash scripts/peers-bench.sh          # live Cinder, the corpus cinder v3 tree
#   bash scripts/peers-bench.sh nova     # live Nova, the corpus nova tree
#
# Needs the running live service (scripts/live-cinder/start.sh or
# scripts/live-nova/start.sh; this script neither starts nor stops it),
# ../shared/corpus beside the repository, and PyPI for the Schemathesis
# venv. Schemathesis leaves resources behind: restart the service
# afterwards for a clean database.
#
#   SPECLIFT_CINDER_HOME   as for live-cinder/start.sh (its env file is read)
#   SPECLIFT_NOVA_HOME     as for live-nova/start.sh (its env file is read)
#   ST_VENV                schemathesis venv (default /tmp/speclift-schemathesis)
#   ST_VERSION             default 4.32.5
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
# shellcheck source=scripts/lib/live.sh
source "$here/lib/live.sh"
service=${1:-cinder}
venv=${ST_VENV:-/tmp/speclift-schemathesis}
version=${ST_VERSION:-4.32.5}
shared=$root/../shared/corpus

say() { printf 'peers-bench: %s\n' "$*"; }
die() { say "$*" >&2; exit 1; }

# Rows not deleted in TABLES of sqlite database DB (a table a release lacks
# counts 0). Tables with a `deleted` column count only live rows.
rows_in() {
    local db=$1 t total=0 n
    shift
    for t in "$@"; do
        n=$(sqlite3 -readonly -cmd '.timeout 10000' "$db" \
            "SELECT count(*) FROM $t WHERE deleted = 0" 2>/dev/null ||
            sqlite3 -readonly -cmd '.timeout 10000' "$db" "SELECT count(*) FROM $t" 2>/dev/null ||
            echo 0)
        total=$((total + n))
    done
    echo "$total"
}
now() { date +%s.%N; }
# CPU seconds (user + system) of the children this shell has waited for:
# the tool just run, all its processes.
children_cpu() {
    local st
    read -ra st </proc/$$/stat
    echo "scale=2; (${st[15]} + ${st[16]}) / $(getconf CLK_TCK)" | bc
}
# CPU seconds the service has used so far, where it is one process (live
# Cinder); empty otherwise.
service_cpu() {
    [[ -n "${service_pid:-}" && -r /proc/$service_pid/stat ]] || return 0
    local st
    read -ra st </proc/"$service_pid"/stat
    echo "scale=2; (${st[13]} + ${st[14]}) / $(getconf CLK_TCK)" | bc
}
# The difference of two CPU readings, `-` when either is missing.
cpu_diff() { if [[ -n "$1" && -n "$2" ]]; then echo "$2 - $1" | bc; else echo -; fi; }

schemathesis_venv "$venv" "$version"
cargo build --quiet --manifest-path "$root/Cargo.toml" -p speclift
bin=$root/target/debug/speclift
work=$(mktemp -d)

case $service in
cinder)
    use_live_cinder "${SPECLIFT_CINDER_HOME:-$root/.live-cinder}"
    corpus=$shared/cinder/api-ref/source
    [[ -d "$corpus" ]] || die "reference data missing: $corpus"
    "$bin" gen "$corpus" -o "$work/specs" --format json 2>/dev/null
    spec=$work/specs/block-storage-api-v3.json
    rows() {
        rows_in "$CINDER_DB" volumes snapshots volume_attachment volume_metadata \
            snapshot_metadata volume_types volume_type_extra_specs encryption \
            quality_of_service_specs group_types groups transfers backups quota_classes quotas
    }
    # One "HTTP/1.1" status line per request in Cinder's log.
    served() { grep -c 'HTTP/1.1" status:' "$CINDER_LOG" 2>/dev/null || echo 0; }
    # API, scheduler and volume service in one process (launcher.py).
    service_pid=$CINDER_PID
    url=$CINDER_URL
    token=$CINDER_TOKEN
    headers=(-H "OpenStack-API-Version: volume $CINDER_MAX_MICROVERSION")
    speclift_args=(--var "project_id=$CINDER_PROJECT_ID" --var "admin_project_id=$CINDER_PROJECT_ID"
        --scenario "$root/crates/cli/tests/live/cinder-scenario.yaml"
        --max-microversion "$CINDER_MAX_MICROVERSION")
    cat >"$work/schemathesis.toml" <<TOML
[parameters]
"path.project_id" = "$CINDER_PROJECT_ID"
"path.admin_project_id" = "$CINDER_PROJECT_ID"
TOML
    ;;
nova)
    use_live_nova "${SPECLIFT_NOVA_HOME:-$root/.live-nova}"
    corpus=$shared/nova/api-ref/source
    [[ -d "$corpus" ]] || die "reference data missing: $corpus"
    # Nova's samples live in doc/api_samples, beside api-ref/.
    "$bin" gen "$corpus" --root "$corpus/../.." -o "$work/specs" --format json 2>/dev/null
    spec=$(ls "$work"/specs/compute*.json | head -1)
    rows() {
        echo $(($(rows_in "$NOVA_DB" instances block_device_mapping) +
            $(rows_in "$NOVA_API_DB" flavors key_pairs aggregates instance_groups) +
            $(rows_in "$CINDER_DB" volumes snapshots)))
    }
    # One requestlog line per request in nova-api's log.
    served() { grep -c 'nova.api.openstack.requestlog' "$NOVA_LOG_DIR/nova-api.out" 2>/dev/null || echo 0; }
    url=$NOVA_ENDPOINT
    token=$NOVA_TOKEN
    # Nova runs without keystonemiddleware here: these headers are what a
    # validated token would give it (as tests/live_nova.rs sends them).
    context=("X-User-Id: admin" "X-Project-Id: $NOVA_PROJECT_ID" "X-Roles: admin,member,reader")
    headers=(-H "OpenStack-API-Version: compute $NOVA_MAX_MICROVERSION")
    speclift_args=(--scenario "$root/crates/cli/tests/live/nova-scenario.yaml"
        --max-microversion "$NOVA_MAX_MICROVERSION"
        --var "cinder_endpoint=$CINDER_ENDPOINT" --var "project_id=$NOVA_PROJECT_ID"
        --var "tenant_id=$NOVA_PROJECT_ID")
    curl_args=(-fsS -H "X-Auth-Token: $NOVA_TOKEN" -H "OpenStack-API-Version: compute 2.53")
    for h in "${context[@]}"; do
        headers+=(-H "$h")
        curl_args+=(-H "$h")
        speclift_args+=(--header "${h%%: *}=${h#*: }")
    done
    # The values tests/live_nova.rs gives the run (see its `vars`).
    hypervisor=$(curl "${curl_args[@]}" "$NOVA_ENDPOINT/os-hypervisors" |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["hypervisors"][0]["id"])')
    for v in "hypervisor_id=$hypervisor" hypervisor_hostname_pattern=speclift-compute id=default \
        "before_timestamp=2030-01-01 00:00:00" tag=tag1 cell_id=speclift-cell console_id=1 \
        fixed_ip=192.0.2.1 instance_id=00000000-0000-4000-8000-000000000001 domain=speclift.example \
        -network_id=00000000-0000-4000-8000-000000000002 security_group_default_rule_id=1; do
        speclift_args+=("--var=$v")
    done
    cat >"$work/schemathesis.toml" <<TOML
[parameters]
"path.project_id" = "$NOVA_PROJECT_ID"
"path.tenant_id" = "$NOVA_PROJECT_ID"
TOML
    ;;
*) die "unknown service '$service' (cinder or nova)" ;;
esac

# A fresh service spends its first run warming up (lazy imports, caches,
# the volume service's first volumes: about a third more CPU on a fresh
# live Cinder): whichever tool runs first would pay for that. One untimed
# speclift run warms it, so that both timed runs meet the same warm
# service; speclift leaves nothing behind, so Schemathesis meets the same
# database too.
"$bin" check "$spec" --base-url "$url" --token "$token" "${speclift_args[@]}" \
    --quiet >"$work/warm-up.txt" 2>&1 || true

# speclift
r0=$(rows); q0=$(served); c0=$(children_cpu); v0=$(service_cpu); t0=$(now)
"$bin" check "$spec" --base-url "$url" --token "$token" "${speclift_args[@]}" \
    --quiet >"$work/speclift.txt" 2>&1 || true
t1=$(now); c1=$(children_cpu); v1=$(service_cpu); sleep 2; q1=$(served); r1=$(rows)
s_time=$(echo "$t1 - $t0" | bc)
s_summary=$(grep -E '^[0-9]+ operations' "$work/speclift.txt" | tail -1 || true)

# Schemathesis, examples phase: the documented samples, as speclift replays.
q2=$(served); c2=$(children_cpu); v2=$(service_cpu); t2=$(now)
(cd "$work" && "$venv/bin/schemathesis" --config-file "$work/schemathesis.toml" run "$spec" \
    --url "$url" -H "X-Auth-Token: $token" "${headers[@]}" \
    --phases examples --seed 1 --workers 1 --no-color >"$work/schemathesis.txt" 2>&1) || true
t3=$(now); c3=$(children_cpu); v3=$(service_cpu); sleep 2; q3=$(served); r3=$(rows)
st_time=$(echo "$t3 - $t2" | bc)
st_summary=$(grep -E '^=+ .*(passed|failures?|errors?).* in ' "$work/schemathesis.txt" | tail -1 | tr -d '=' | sed 's/^ *//' || true)

printf '\n%s: %s\n' "$service" "$(basename "$spec")"
printf '%-12s %8s %8s %12s %9s %5s  %s\n' tool "wall (s)" "cpu (s)" "service cpu" requests left summary
printf '%-12s %8.1f %8s %12s %9d %5d  %s\n' speclift "$s_time" "$(cpu_diff "$c0" "$c1")" \
    "$(cpu_diff "$v0" "$v1")" $((q1 - q0)) $((r1 - r0)) "$s_summary"
printf '%-12s %8.1f %8s %12s %9d %5d  %s\n' schemathesis "$st_time" "$(cpu_diff "$c2" "$c3")" \
    "$(cpu_diff "$v2" "$v3")" $((q3 - q2)) $((r3 - r1)) "$st_summary"
say "speclift took $(echo "scale=2; $s_time / $st_time" | bc)x Schemathesis' time; transcripts in $work"
