#!/usr/bin/env bash
# Counts the instructions `speclift gen` executes over the Cinder and Nova
# corpus trees, with valgrind's callgrind. Unlike wall time (`cargo xtask
# bench`), the count repeats exactly for the same binary and input, so it
# shows what a change to the generator costs or saves even on a busy
# machine. Usage: scripts/instructions-generate.sh [callgrind-out-file]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
shared="$root/../shared/corpus"
out=${1:-"$root/target/callgrind.generate.out"}
if ! command -v valgrind >/dev/null 2>&1; then
    echo "instructions-generate: valgrind is not installed (apt-get install valgrind)" >&2
    exit 2
fi
for tree in cinder/api-ref/source nova/api-ref/source; do
    if [[ ! -d "$shared/$tree" ]]; then
        echo "instructions-generate: $shared/$tree is missing: the corpus must be beside the repository in ../shared" >&2
        exit 2
    fi
done
cargo build --quiet --release -p speclift --manifest-path "$root/Cargo.toml"
bin="${CARGO_TARGET_DIR:-$root/target}/release/speclift"
specs=$(mktemp -d)
trap 'rm -rf "$specs"' EXIT
log="$specs/valgrind.log"
if ! valgrind --tool=callgrind --callgrind-out-file="$out" \
    "$bin" gen "$shared/cinder/api-ref/source" "$shared/nova/api-ref/source" \
    -o "$specs/out" >"$log" 2>&1; then
    tail -n 20 "$log" >&2
    echo "instructions-generate: the run failed (its last lines above)" >&2
    exit 1
fi
total=$(callgrind_annotate "$out" 2>/dev/null | awk '/PROGRAM TOTALS/ && !done { gsub(",", "", $1); print $1; done = 1 }')
if [[ -z "$total" ]]; then
    echo "instructions-generate: callgrind_annotate found no PROGRAM TOTALS in $out" >&2
    exit 1
fi
echo "speclift gen cinder+nova: $total instructions (callgrind; profile in $out)"
