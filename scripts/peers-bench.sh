#!/usr/bin/env bash
# speclift check and Schemathesis (examples phase, pinned version) on the
# same live Cinder and the same spec (the corpus cinder v3 tree), one after
# the other, side by side: wall time, requests Cinder served (counted in
# its own log, so both tools are counted alike), failures, and leftovers
# (rows each run left in Cinder's database). Not part of CI.
#
# Needs a running live Cinder (scripts/live-cinder/start.sh; this script
# neither starts nor stops it), ../shared/corpus/cinder beside the
# repository, and PyPI for the Schemathesis venv. Schemathesis leaves
# resources behind: restart Cinder afterwards for a clean database.
#
#   SPECLIFT_CINDER_HOME   as for start.sh (its env file is read)
#   ST_VENV                schemathesis venv (default /tmp/speclift-schemathesis)
#   ST_VERSION             default 4.32.5
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
# shellcheck source=scripts/lib/live.sh
source "$here/lib/live.sh"
home=${SPECLIFT_CINDER_HOME:-$root/.live-cinder}
venv=${ST_VENV:-/tmp/speclift-schemathesis}
version=${ST_VERSION:-4.32.5}
corpus=$root/../shared/corpus/cinder/api-ref/source

say() { printf 'peers-bench: %s\n' "$*"; }
die() { say "$*" >&2; exit 1; }

use_live_cinder "$home"
[[ -d "$corpus" ]] || die "reference data missing: $corpus"

schemathesis_venv "$venv" "$version"
cargo build --quiet --manifest-path "$root/Cargo.toml" -p speclift
bin=$root/target/debug/speclift
work=$(mktemp -d)
"$bin" gen "$corpus" -o "$work/specs" --format json 2>/dev/null
spec=$work/specs/block-storage-api-v3.json

tables=(volumes snapshots volume_attachment volume_metadata snapshot_metadata volume_types
    volume_type_extra_specs encryption quality_of_service_specs group_types groups transfers
    backups quota_classes quotas)
rows() {
    local t total=0 n
    for t in "${tables[@]}"; do
        n=$(sqlite3 -readonly -cmd '.timeout 10000' "$CINDER_DB" \
            "SELECT count(*) FROM $t WHERE deleted = 0" 2>/dev/null || echo 0)
        total=$((total + n))
    done
    echo "$total"
}
# Requests Cinder logged (one "HTTP/1.1" status line per request).
served() { grep -c 'HTTP/1.1" status:' "$CINDER_LOG" 2>/dev/null || echo 0; }
now() { date +%s.%N; }

# speclift
r0=$(rows); q0=$(served); t0=$(now)
"$bin" check "$spec" --base-url "$CINDER_URL" --token "$CINDER_TOKEN" \
    --var "project_id=$CINDER_PROJECT_ID" --var "admin_project_id=$CINDER_PROJECT_ID" \
    --scenario "$root/crates/check/tests/live/cinder-scenario.yaml" \
    --max-microversion "$CINDER_MAX_MICROVERSION" --quiet >"$work/speclift.txt" || true
t1=$(now); sleep 2; q1=$(served); r1=$(rows)
s_time=$(echo "$t1 - $t0" | bc)
s_summary=$(tail -1 "$work/speclift.txt")

# Schemathesis, examples phase: the documented samples, as speclift replays.
cat >"$work/schemathesis.toml" <<TOML
[parameters]
"path.project_id" = "$CINDER_PROJECT_ID"
"path.admin_project_id" = "$CINDER_PROJECT_ID"
TOML
q2=$(served); t2=$(now)
(cd "$work" && "$venv/bin/schemathesis" --config-file "$work/schemathesis.toml" run "$spec" \
    --url "$CINDER_URL" -H "X-Auth-Token: $CINDER_TOKEN" \
    -H "OpenStack-API-Version: volume $CINDER_MAX_MICROVERSION" \
    --phases examples --seed 1 --workers 1 --no-color >"$work/schemathesis.txt" 2>&1) || true
t3=$(now); sleep 2; q3=$(served); r3=$(rows)
st_time=$(echo "$t3 - $t2" | bc)
st_summary=$(grep -E '[0-9]+ (passed|failed)' "$work/schemathesis.txt" | tail -1)

printf '\n%-12s %10s %9s %7s  %s\n' tool "wall (s)" requests "left" "summary"
printf '%-12s %10.1f %9d %7d  %s\n' speclift "$s_time" $((q1 - q0)) $((r1 - r0)) "$s_summary"
printf '%-12s %10.1f %9d %7d  %s\n' "schemathesis" "$st_time" $((q3 - q2)) $((r3 - r1)) "$st_summary"
say "speclift is $(echo "scale=2; $st_time / $s_time" | bc)x faster; transcripts in $work"
