#!/usr/bin/env bash
# Runs every fuzz target in fuzz/ for a bounded time each (default 60 s:
# FUZZ_SECONDS=600 scripts/fuzz.sh for a longer local run; FUZZ_RUNS=N to
# stop each target after N execs, whichever comes first; FUZZ_TARGETS to
# pick some). Corpora are seeded from api-ref/, specs/ (gen and diff: one
# operation per seed, scripts/fuzz-seeds.py) and the committed regression
# inputs in fuzz/regressions/<target>/ (every crash found so far, each
# also a unit test in its crate). Needs the nightly toolchain; installs
# cargo-fuzz (pinned) when missing. A crash fails the script, its input
# saved under fuzz/artifacts/<target>/.
#
# Built without AddressSanitizer (`-s none`): the crates are safe Rust
# (no `unsafe`), so ASan only slowed every exec; debug assertions and
# overflow checks stay on.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${FUZZ_SECONDS:-60}"
targets=(${FUZZ_TARGETS:-rst parameters_yaml sample gen diff})
cargo_fuzz_version=0.13.1

if ! cargo +nightly --version >/dev/null 2>&1; then
    rustup toolchain install nightly --profile minimal
fi
if ! cargo fuzz --version 2>/dev/null | grep -q "$cargo_fuzz_version"; then
    cargo install cargo-fuzz --version "$cargo_fuzz_version" --locked
fi

mkdir -p target
corpus=fuzz/corpus
rm -rf "$corpus"
for t in "${targets[@]}"; do mkdir -p "$corpus/$t"; done
seed() { # seed TARGET NAME < content (every target's corpus, even one not run)
    mkdir -p "$corpus/$1"
    cat > "$corpus/$1/$(printf '%s' "$2" | tr '/' '_')"
}
for f in $(find api-ref -name '*.rst' -o -name '*.inc' | sort); do
    seed rst "$f" < "$f"
done
for f in $(find api-ref -name 'parameters.yaml' -o -name 'status.yaml' | sort); do
    seed parameters_yaml "$f" < "$f"
done
for f in $(find api-ref -path '*samples*' -name '*.json' | sort); do
    { echo "Example $(basename "$f" .json): JSON response (v3.27)"; cat "$f"; } | seed sample "$f"
done
# gen: one operation section with the parameters it names and its first
# sample; diff: one operation of a spec beside its other revision.
python3 scripts/fuzz-seeds.py gen "$corpus/gen" $(find api-ref -name '*.inc' -o -name '*.rst' | sort)
python3 scripts/fuzz-seeds.py diff "$corpus/diff" specs/*.json
for t in "${targets[@]}"; do
    if [ -d "fuzz/regressions/$t" ]; then
        cp fuzz/regressions/"$t"/* "$corpus/$t/" 2>/dev/null || true
    fi
done

# Longest input each target mutates: about its largest seed. Cost per
# exec grows with the input, and nothing the targets check needs more.
max_len() {
    case "$1" in
    rst) echo 16384 ;;
    parameters_yaml) echo 8192 ;;
    diff) echo 12288 ;;
    *) echo 4096 ;;
    esac
}
runs=()
if [ -n "${FUZZ_RUNS:-}" ]; then runs=(-runs="$FUZZ_RUNS"); fi
# The gen target's scratch tree (it rewrites three files per exec).
scratch=$(mktemp -d "${TMPDIR:-/tmp}/speclift-fuzz.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

for t in "${targets[@]}"; do
    echo "fuzz: $t for ${seconds} s${FUZZ_RUNS:+ or $FUZZ_RUNS execs} ($(ls "$corpus/$t" | wc -l) seeds)"
    # -rss_limit_mb bounds memory; -timeout flags any single input over 10 s.
    status=0
    SPECLIFT_FUZZ_SCRATCH="$scratch" cargo +nightly fuzz run -s none "$t" "$corpus/$t" -- \
        -max_total_time="$seconds" "${runs[@]}" -max_len="$(max_len "$t")" \
        -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
        > "target/fuzz-$t.log" 2>&1 || status=$?
    grep -E '^(#[0-9]+ +DONE|stat::(number_of_executed_units|average_exec_per_sec)|==[0-9]+==|SUMMARY|thread .* panicked)' \
        "target/fuzz-$t.log" || true
    if [ "$status" -ne 0 ]; then
        tail -n 40 "target/fuzz-$t.log" >&2
        echo "fuzz: $t failed; input under fuzz/artifacts/$t/, log target/fuzz-$t.log" >&2
        exit 1
    fi
done
echo "fuzz: every target ran ${FUZZ_RUNS:+$FUZZ_RUNS execs or }${seconds} s without a crash"
