#!/usr/bin/env bash
# What `--negative` adds to a run's wall time: `speclift check` on the
# corpus v3 spec against the live Cinder, with and without `--negative`,
# in alternating pairs (shared machines drift; pairs share the drift), and
# the median of each. Not part of CI.
#
# Needs a running live Cinder (scripts/live-cinder/start.sh) and
# ../shared/corpus/cinder beside the repository.
#
#   SPECLIFT_CINDER_HOME   as for start.sh (its env file is read)
#   PAIRS                  how many pairs (default 5)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
# shellcheck source=scripts/lib/live.sh
source "$here/lib/live.sh"
home=${SPECLIFT_CINDER_HOME:-$root/.live-cinder}
pairs=${PAIRS:-5}
corpus=$root/../shared/corpus/cinder/api-ref/source

say() { printf 'negative-overhead: %s\n' "$*"; }
die() { say "$*" >&2; exit 1; }

use_live_cinder "$home"
[[ -d "$corpus" ]] || die "reference data missing: $corpus"

cargo build --quiet --manifest-path "$root/Cargo.toml" -p speclift
bin=$root/target/debug/speclift
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" gen "$corpus" -o "$work/specs" --format json 2>/dev/null
spec=$work/specs/block-storage-api-v3.json

run() {
    local start end
    start=$(date +%s.%N)
    "$bin" check "$spec" --base-url "$CINDER_URL" --token "$CINDER_TOKEN" \
        --var "project_id=$CINDER_PROJECT_ID" --var "admin_project_id=$CINDER_PROJECT_ID" \
        --scenario "$root/crates/cli/tests/live/cinder-scenario.yaml" \
        --max-microversion "$CINDER_MAX_MICROVERSION" --quiet "$@" >"$work/out.txt" || true
    end=$(date +%s.%N)
    tail -1 "$work/out.txt" >&2
    echo "$end - $start" | bc
}

plain=()
negative=()
for ((i = 1; i <= pairs; i++)); do
    plain+=("$(run)")
    negative+=("$(run --negative)")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
p=$(median "${plain[@]}")
n=$(median "${negative[@]}")
say "plain:      ${plain[*]} s (median $p s)"
say "--negative: ${negative[*]} s (median $n s)"
say "added: $(echo "scale=1; ($n - $p) * 100 / $p" | bc) % of the plain run's median"
