#!/usr/bin/env bash
# The os-api-ref differential check: every os-api-ref tree in ../shared/corpus
# (a folder with api-ref/source/index.rst; a new tree shows up by name) is
# turned into specs by `speclift gen` and built by os-api-ref itself through
# ../shared/tools/apiref_oracle.py (called where it stands); the oracle's
# comparison, with the misses named in tests/oracle/expectations.yaml left
# out, must reach operations 100 %, parameters >= 99 %, status codes >= 99.5 %
# on every tree (scripts/oracle_expectations.py).
#
#   scripts/oracle-diff.sh [OUT_DIR]
#
# OUT_DIR (default target/oracle-diff) keeps each tree's specs, oracle.json,
# result.json and the full comparison report. The oracle's venv is
# $SPECLIFT_ORACLE_VENV (default .venv-oracle, created from
# scripts/oracle-requirements.txt when absent). SPECLIFT_ORACLE_JOBS is
# sphinx-build's -j (default: the number of cores). SPECLIFT_BIN names a
# built speclift binary (default: `cargo build -p speclift`, debug).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
shared="$root/../shared"
oracle_tool="$shared/tools/apiref_oracle.py"
out=${1:-$root/target/oracle-diff}
venv=${SPECLIFT_ORACLE_VENV:-$root/.venv-oracle}
jobs=${SPECLIFT_ORACLE_JOBS:-$(nproc)}

for need in "$shared/corpus" "$oracle_tool"; do
    if [[ ! -e $need ]]; then
        echo "oracle-diff: $need is missing: the reference data must sit beside the repository (../shared)" >&2
        exit 1
    fi
done

if [[ ! -x $venv/bin/python ]]; then
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check -r scripts/oracle-requirements.txt
"$venv/bin/python" -c 'import sphinx, os_api_ref; print(f"oracle: Sphinx {sphinx.__version__}, os-api-ref {os_api_ref.__version__}")'
# The expectations helper's own tests first: a broken helper must not pass a tree.
"$venv/bin/python" scripts/test_oracle_expectations.py

if [[ -n ${SPECLIFT_BIN:-} ]]; then
    speclift=$SPECLIFT_BIN
else
    # Debug on purpose: CI's tests have compiled every library in debug already.
    cargo build --quiet -p speclift
    speclift=$root/target/debug/speclift
fi

trees=()
for dir in "$shared"/corpus/*/; do
    tree=$(basename "$dir")
    if [[ -f $dir/api-ref/source/index.rst ]]; then
        trees+=("$tree")
    fi
done
if ((${#trees[@]} == 0)); then
    echo "oracle-diff: no os-api-ref tree (*/api-ref/source/index.rst) under $shared/corpus" >&2
    exit 1
fi
echo "oracle-diff: trees: ${trees[*]}"

rm -rf "$out"
mkdir -p "$out"
failed=()
for tree in "${trees[@]}"; do
    source_dir="$shared/corpus/$tree/api-ref/source"
    start=$SECONDS
    # Every API must be written (exit 0); its warnings go to a log, not the CI page.
    if ! "$speclift" gen "$source_dir" -o "$out/$tree.specs" >"$out/$tree.gen.log" 2>&1; then
        echo "oracle-diff: $tree: speclift gen failed (exit status not 0); the errors:" >&2
        grep -E -A3 '^error(\[[A-Z0-9]+\])?: ' "$out/$tree.gen.log" | head -n 20 >&2 || true
        failed+=("$tree: speclift gen")
    fi
    if ! "$venv/bin/python" "$oracle_tool" extract "$source_dir" --out "$out/$tree.oracle.json" \
        -j "$jobs" 2>"$out/$tree.extract.log" | sed "s/^/$tree: /"; then
        echo "oracle-diff: $tree: the oracle could not build the tree:" >&2
        tail -n 20 "$out/$tree.extract.log" >&2
        failed+=("$tree: oracle extract")
        continue
    fi
    if ! "$venv/bin/python" "$oracle_tool" compare "$out/$tree.oracle.json" "$out/$tree.specs" \
        --json "$out/$tree.result.json" >"$out/$tree.compare.txt" 2>&1; then
        tail -n 20 "$out/$tree.compare.txt" >&2
        failed+=("$tree: oracle compare")
        continue
    fi
    echo "$tree ($((SECONDS - start))s): $(tail -n 1 "$out/$tree.compare.txt")"
done

measured=()
for tree in "${trees[@]}"; do
    if [[ -f $out/$tree.result.json ]]; then
        measured+=("$tree")
    fi
done
echo
echo "after the named expectations (tests/oracle/expectations.yaml):"
if ! "$venv/bin/python" scripts/oracle_expectations.py tests/oracle/expectations.yaml "$out" "${measured[@]}"; then
    failed+=("thresholds or expectations")
fi
if ((${#failed[@]})); then
    printf 'oracle-diff: FAILED: %s\n' "${failed[@]}" >&2
    echo "oracle-diff: each tree's full comparison is in $out/TREE.compare.txt" >&2
    exit 1
fi
echo "oracle-diff: every tree at or above the thresholds"
