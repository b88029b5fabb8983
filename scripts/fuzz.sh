#!/usr/bin/env bash
# Runs every fuzz target in fuzz/ for a bounded time each (default 60 s:
# FUZZ_SECONDS=600 scripts/fuzz.sh for a longer local run; FUZZ_TARGETS
# to pick some). Corpora are seeded from api-ref/, specs/ and the
# committed regression inputs in fuzz/regressions/<target>/ (every crash
# found so far, each also a unit test in its crate). Needs the nightly
# toolchain; installs cargo-fuzz (pinned) when missing. A crash fails the
# script, its input saved under fuzz/artifacts/<target>/.
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
# gen: one page with its parameters and one sample, the include and the
# sample reference renamed to the files the target writes.
for dir in $(find api-ref -name 'parameters.yaml' -printf '%h\n' | sort -u); do
    for inc in "$dir"/*.inc; do
        [ -e "$inc" ] || continue
        sample=$(find "$dir" -path '*samples*' -name '*.json' | sort | head -n 1)
        {
            sed -E 's#(literalinclude:: ).*\.json#\1samples/sample.json#' "$inc"
            printf '\0'
            cat "$dir/parameters.yaml"
            printf '\0'
            if [ -n "$sample" ]; then cat "$sample"; fi
        } | seed gen "$inc"
    done
done
specs=(specs/*.json)
for ((i = 0; i + 1 < ${#specs[@]}; i++)); do
    { cat "${specs[$i]}"; printf '\0'; cat "${specs[$((i + 1))]}"; } | seed diff "${specs[$i]}"
done
for t in "${targets[@]}"; do
    if [ -d "fuzz/regressions/$t" ]; then
        cp fuzz/regressions/"$t"/* "$corpus/$t/" 2>/dev/null || true
    fi
done

for t in "${targets[@]}"; do
    echo "fuzz: $t for ${seconds} s ($(ls "$corpus/$t" | wc -l) seeds)"
    # -rss_limit_mb bounds memory; -timeout flags any single input over 10 s.
    status=0
    cargo +nightly fuzz run "$t" "$corpus/$t" -- \
        -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
        > "target/fuzz-$t.log" 2>&1 || status=$?
    grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|==[0-9]+==|SUMMARY|thread .* panicked)' \
        "target/fuzz-$t.log" || true
    if [ "$status" -ne 0 ]; then
        tail -n 40 "target/fuzz-$t.log" >&2
        echo "fuzz: $t failed; input under fuzz/artifacts/$t/, log target/fuzz-$t.log" >&2
        exit 1
    fi
done
echo "fuzz: every target ran ${seconds} s without a crash"
