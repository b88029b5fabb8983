#!/usr/bin/env bash
# Usage: scripts/validate-degraded.sh
#
# Degradation must never produce invalid OpenAPI. Generates, with the debug
# speclift binary:
#   - every os-api-ref tree in ../shared/corpus (cinder, nova, heat, swift,
#     octavia, designate), each of which must exit 0, and
#   - every quirk tree in crates/cli/tests/quirks/ except the fails-* ones,
# once as OpenAPI 3.1 and once with --openapi 3.2. The 3.1 documents go
# through scripts/validate-specs.sh (openapi-spec-validator + redocly);
# the 3.2 ones through `redocly lint` (the pinned @redocly/cli reads 3.2;
# openapi-spec-validator does not yet), which must report 0 errors.
# Needs scripts/install-validators.sh to have run.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
corpus="$root/../shared/corpus"
redocly="$root/.tools/node/node_modules/.bin/redocly"
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true

for tool in "$redocly"; do
    [[ -x "$tool" ]] || {
        echo "validate-degraded: $tool is missing: run scripts/install-validators.sh" >&2
        exit 2
    }
done
[[ -d "$corpus" ]] || {
    echo "validate-degraded: $corpus is missing" >&2
    exit 2
}

cargo build --quiet -p speclift
speclift="$root/target/debug/speclift"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

trees=(cinder nova heat swift octavia designate)
for version in 3.1 3.2; do
    for tree in "${trees[@]}"; do
        # gen's own summary line is the one figure per tree worth a log line.
        if ! "$speclift" gen "$corpus/$tree/api-ref/source" -o "$out/$version/corpus/$tree" \
            --openapi "$version" 2>"$out/gen.err"; then
            cat "$out/gen.err" >&2
            echo "validate-degraded: gen $tree --openapi $version failed" >&2
            exit 1
        fi
        printf '%s %s: %s\n' "$version" "$tree" "$(tail -n 1 "$out/gen.err")"
    done
    for quirk in crates/cli/tests/quirks/*/; do
        name=$(basename "$quirk")
        [[ "$name" == fails-* ]] && continue
        "$speclift" gen "$quirk" -o "$out/$version/quirks/$name" --openapi "$version" 2>/dev/null || {
            echo "validate-degraded: gen quirk $name --openapi $version failed" >&2
            exit 1
        }
    done
done

echo "--- OpenAPI 3.1: openapi-spec-validator + redocly"
bash scripts/validate-specs.sh "$out/3.1"

echo "--- OpenAPI 3.2: redocly lint"
printf 'extends:\n  - recommended\n' >"$out/redocly.yaml"
mapfile -t docs < <(find "$out/3.2" -name '*.yaml' | LC_ALL=C sort)
failed=0
for doc in "${docs[@]}"; do
    grep -q '^openapi: "3.2.0"' "$doc" || {
        echo "FAIL $doc: not an OpenAPI 3.2.0 document"
        failed=$((failed + 1))
        continue
    }
    report=$("$redocly" lint --config "$out/redocly.yaml" --format json \
        --max-problems 100000 "$doc" 2>/dev/null || true)
    errors=$(printf '%s' "$report" | "$root/.venv/bin/python" -c '
import json, sys
problems = json.load(sys.stdin).get("problems", [])
print(sum(1 for p in problems if p.get("severity") == "error"))') || errors=unreadable
    if [[ "$errors" != 0 ]]; then
        echo "FAIL ${doc#"$out/"}: redocly reports $errors error(s)"
        "$redocly" lint --config "$out/redocly.yaml" "$doc" 2>&1 | grep -B2 -A6 'Error was' | head -n 40
        failed=$((failed + 1))
    fi
done
echo "validate-degraded: ${#docs[@]} OpenAPI 3.2 documents, $failed failed"
((failed == 0))
