#!/usr/bin/env bash
# Usage: scripts/validate-specs.sh DIR_OR_FILE...
#
# Runs two independent validators over every OpenAPI document (*.yaml, *.yml,
# *.json with a top-level `openapi` key) found in the arguments:
#   - openapi-spec-validator: the document against the OpenAPI JSON Schema,
#     plus its semantic checks (unique operationIds, path parameters);
#   - `redocly lint` with Redocly's built-in `recommended` ruleset, as is:
#     errors fail the file, warnings are counted but allowed.
# Other YAML/JSON files (JSON Schemas, samples) are skipped. A file that does
# not parse fails: it cannot be told apart from a broken spec. So does a
# YAML spec whose JSON twin (same name, .json) holds other values.
#
# Prints one verdict line per file and ends with
#   validate-specs: N passed, M failed
# Exit status: 0 if every document passed, 1 if any failed or none was found,
# 2 on usage errors. Needs scripts/install-validators.sh to have run.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
python="$root/.venv/bin/python"
osv="$root/.venv/bin/openapi-spec-validator"
redocly="$root/.tools/node/node_modules/.bin/redocly"

if (($# == 0)); then
    echo "usage: scripts/validate-specs.sh DIR_OR_FILE..." >&2
    exit 2
fi
for tool in "$python" "$osv" "$redocly"; do
    if [[ ! -x "$tool" ]]; then
        echo "validate-specs: $tool is missing: run scripts/install-validators.sh" >&2
        exit 2
    fi
done

# Redocly must not try to phone home: CI reaches package registries only.
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# An explicit config outside the repo: a redocly.yaml or lint-ignore file
# lying around in the working directory cannot weaken the ruleset.
printf 'extends:\n  - recommended\n' >"$scratch/redocly.yaml"

# Candidate files, sorted so the output is the same on every machine.
candidates=()
for arg in "$@"; do
    if [[ -d "$arg" ]]; then
        while IFS= read -r -d '' f; do
            candidates+=("$f")
        done < <(find "$arg" -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) \
            -print0 | LC_ALL=C sort -z)
    elif [[ -f "$arg" ]]; then
        candidates+=("$arg")
    else
        echo "validate-specs: $arg: no such file or directory" >&2
        exit 2
    fi
done

# Classify every candidate in one Python start-up: "openapi", "other",
# "unparseable<TAB>reason" or "differs<TAB>reason", one line per file, in
# order. PyYAML is a YAML 1.1 loader: a YAML spec with a JSON twin (same
# name, .json) must load to the very same value, or a 1.1 reader would see
# dates or booleans where the JSON has strings.
classify() {
    "$python" - "$@" <<'PY'
import json
import os
import sys

import yaml

# libyaml when present: the pure-Python loader takes seconds per MB.
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

for path in sys.argv[1:]:
    try:
        with open(path, encoding="utf-8") as f:
            if path.endswith(".json"):
                doc = json.load(f)
            else:
                doc = yaml.load(f, Loader=Loader)
    except Exception as e:  # noqa: BLE001 - any failure means "cannot read"
        reason = " ".join(str(e).split())[:300]
        print(f"unparseable\t{type(e).__name__}: {reason}")
        continue
    if not (isinstance(doc, dict) and "openapi" in doc):
        print("other")
        continue
    twin = os.path.splitext(path)[0] + ".json"
    if not path.endswith(".json") and os.path.isfile(twin):
        try:
            with open(twin, encoding="utf-8") as f:
                differs = json.load(f) != doc
        except (OSError, ValueError):
            differs = False  # the twin's own verdict reports why it cannot be read
        if differs:
            print(f"differs\tloads (YAML 1.1) to other values than {twin}")
            continue
    print("openapi")
PY
}

# Summarises redocly's JSON report (stdin) on FILE ($1): prints "ERRORS
# WARNINGS" on the first line, then one "file:line:col [rule] message" line
# per error.
summarise_redocly() {
    "$python" -c "$(
        cat <<'PY'
import json, os, sys

report = json.load(sys.stdin)
totals = report.get("totals", {})
print(totals.get("errors", 0), totals.get("warnings", 0))
for p in report.get("problems", []):
    if p.get("severity") != "error":
        continue
    loc = (p.get("location") or [{}])[0]
    start = loc.get("start") or {}
    ref = (loc.get("source") or {}).get("ref", "")
    # Redocly names files relative to the cwd; say it as the caller did.
    try:
        if os.path.samefile(ref, sys.argv[1]):
            ref = sys.argv[1]
    except OSError:
        pass
    line, col = start.get("line", "?"), start.get("col", "?")
    pointer = loc.get("pointer", "")
    print(f"{ref}:{line}:{col} [{p.get('ruleId')}] {p.get('message')} (at {pointer})")
PY
    )" "$1"
}

passed=0
failed=0
skipped=0
verdicts=()
if ((${#candidates[@]} > 0)); then
    mapfile -t verdicts < <(classify "${candidates[@]}")
fi

for i in "${!candidates[@]}"; do
    file=${candidates[$i]}
    kind=${verdicts[$i]:-unparseable	classifier gave no answer}
    case "$kind" in
    other)
        skipped=$((skipped + 1))
        continue
        ;;
    unparseable*)
        printf 'FAIL %s: does not parse: %s\n' "$file" "${kind#unparseable	}"
        failed=$((failed + 1))
        continue
        ;;
    differs*)
        printf 'FAIL %s: %s\n' "$file" "${kind#differs	}"
        failed=$((failed + 1))
        continue
        ;;
    esac

    problems=()

    # --validation-errors all: one run shows every schema violation.
    if ! osv_out=$("$osv" --validation-errors all "$file" 2>&1); then
        problems+=("openapi-spec-validator:")
        while IFS= read -r line; do
            problems+=("  $line")
        done < <(printf '%s\n' "$osv_out" | head -n 40)
    fi

    # Redocly exits 1 on errors; its JSON report on stdout is the verdict.
    # stderr carries banners (e.g. Node version notices) and is dropped
    # unless redocly failed to produce a report at all.
    redocly_json=$("$redocly" lint --config "$scratch/redocly.yaml" --format json \
        --max-problems 100000 "$file" 2>"$scratch/redocly.err") || true
    if ! summary=$(printf '%s' "$redocly_json" | summarise_redocly "$file" 2>&1); then
        problems+=("redocly lint: no usable report:")
        while IFS= read -r line; do
            problems+=("  $line")
        done < <(grep -v '[╔║╚]' "$scratch/redocly.err" | grep -v '^[[:space:]]*$' | tail -n 20)
        summary="? ?"
    fi
    read -r r_errors r_warnings <<<"$(head -n 1 <<<"$summary")"
    if [[ "$r_errors" != "0" && "$r_errors" != "?" ]]; then
        problems+=("redocly lint (recommended): $r_errors error(s):")
        while IFS= read -r line; do
            problems+=("  $line")
        done < <(tail -n +2 <<<"$summary" | head -n 40)
    fi

    if ((${#problems[@]} == 0)); then
        printf 'PASS %s (redocly: %s warning(s))\n' "$file" "$r_warnings"
        passed=$((passed + 1))
    else
        printf 'FAIL %s\n' "$file"
        printf '    %s\n' "${problems[@]}"
        failed=$((failed + 1))
    fi
done

if ((skipped > 0)); then
    echo "validate-specs: skipped $skipped file(s) without a top-level openapi key"
fi
if ((passed + failed == 0)); then
    echo "validate-specs: no OpenAPI document found in: $*" >&2
    echo "validate-specs: 0 passed, 0 failed"
    exit 1
fi
echo "validate-specs: $passed passed, $failed failed"
exit $((failed > 0 ? 1 : 0))
