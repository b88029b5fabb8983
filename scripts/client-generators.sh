#!/usr/bin/env bash
# Generates clients from every spec a consumer gets — each spec in specs/ and
# each spec of every corpus tree in ../shared/corpus (generated here with the
# built `speclift`) — with two generators people use, and fails on any
# warning from either:
#   openapi-python-client (PyPI, pinned in scripts/clients/requirements.txt,
#     into .venv-clients/)
#   openapi-typescript + typescript (npm, pinned in scripts/clients/
#     package.json + package-lock.json, `npm ci` into .tools/clients/), the
#     generated .ts compiled with `tsc --strict --noEmit`.
#
# "Any warning" is checked by allow-list, not by looking for the word:
# every line a generator prints must be one of its normal progress lines
# (`Generating …` for openapi-python-client; `✨ openapi-typescript …` and
# `🚀 … → …` for openapi-typescript); any other line, any non-zero exit,
# and any `tsc` output fail the run, and the offending output is shown.
# openapi-python-client runs with `post_hooks: []` so that a missing `ruff`
# (a formatter, not a finding) prints nothing.
#
# Usage: scripts/client-generators.sh [WORKDIR]   (default: a temp dir)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
shared="$root/../shared"
venv="$root/.venv-clients"
node_dir="$root/.tools/clients"
requirements="$root/scripts/clients/requirements.txt"
work=${1:-}
if [[ -z "$work" ]]; then
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work"

say() { printf 'client-generators: %s\n' "$*"; }
fail() {
    say "FAILED: $*" >&2
    exit 1
}

# --- install (idempotent) -----------------------------------------------------
start=$SECONDS
if ! "$venv/bin/python" -m pip freeze --quiet 2>/dev/null |
    diff -q - <(grep -v '^#' "$requirements") >/dev/null; then
    python3 -m venv --clear "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
        --no-input -r "$requirements"
fi
if ! cmp -s "$root/scripts/clients/package-lock.json" "$node_dir/package-lock.json" ||
    [[ ! -x "$node_dir/node_modules/.bin/tsc" ]]; then
    rm -rf "$node_dir"
    mkdir -p "$node_dir"
    cp "$root/scripts/clients/package.json" "$root/scripts/clients/package-lock.json" "$node_dir/"
    npm ci --prefix "$node_dir" --no-audit --no-fund --loglevel=error >/dev/null
fi
opc="$venv/bin/openapi-python-client"
ots="$node_dir/node_modules/.bin/openapi-typescript"
tsc="$node_dir/node_modules/.bin/tsc"
say "$("$opc" --version), openapi-typescript $("$ots" --version | tr -d 'v'), typescript $("$tsc" --version | sed 's/Version //') ready in $((SECONDS - start))s"

# --- the specs ----------------------------------------------------------------
speclift="$root/target/debug/speclift"
if [[ ! -x "$speclift" ]]; then
    (cd "$root" && cargo build --quiet -p speclift)
fi
specs_dir="$work/specs"
rm -rf "$specs_dir"
mkdir -p "$specs_dir"
for spec in "$root"/specs/*.json; do
    case "$spec" in *.schema.json) continue ;; esac
    cp "$spec" "$specs_dir/specs--$(basename "$spec")"
done
[[ -d "$shared/corpus" ]] || fail "$shared/corpus is missing (the reference data must sit beside the repository)"
for tree in "$shared"/corpus/*/; do
    name=$(basename "$tree")
    if [[ -d "$tree/api-ref/source" ]]; then
        source="$tree/api-ref/source"
    elif [[ -d "$tree/docs" ]]; then
        source="$tree/docs"
    else
        fail "corpus tree $name has neither api-ref/source nor docs: say here how to read it"
    fi
    out="$work/gen-$name"
    rm -rf "$out"
    "$speclift" gen "$source" -o "$out" --format json >/dev/null 2>"$work/gen-$name.log" ||
        fail "speclift gen $name: $(cat "$work/gen-$name.log")"
    for spec in "$out"/*.json; do
        cp "$spec" "$specs_dir/corpus-$name--$(basename "$spec")"
    done
done
count=$(find "$specs_dir" -name '*.json' | wc -l)
say "$count specs"

# --- openapi-python-client -------------------------------------------------------
printf 'post_hooks: []\n' >"$work/opc.yaml"
start=$SECONDS
problems=0
for spec in "$specs_dir"/*.json; do
    name=$(basename "$spec" .json)
    out="$work/py/$name"
    log="$work/py-$name.log"
    status=0
    "$opc" generate --path "$spec" --output-path "$out" --meta none --overwrite \
        --config "$work/opc.yaml" >"$log" 2>&1 || status=$?
    # Allowed: the progress line and blank lines; anything else is a finding.
    if ((status != 0)) || grep -v -E '^(Generating .*)?$' "$log" >/dev/null; then
        say "openapi-python-client on $name (exit $status):"
        sed 's/^/    /' "$log" | head -60
        problems=$((problems + 1))
        continue
    fi
    # The generated package must at least be valid Python.
    "$venv/bin/python" -m compileall -q "$out" >/dev/null ||
        { say "generated Python for $name does not compile"; problems=$((problems + 1)); }
done
say "openapi-python-client: $count specs in $((SECONDS - start))s, $problems with warnings"
py_problems=$problems

# --- openapi-typescript + tsc --strict -------------------------------------------
start=$SECONDS
problems=0
ts_dir="$work/ts"
rm -rf "$ts_dir"
mkdir -p "$ts_dir/src"
for spec in "$specs_dir"/*.json; do
    name=$(basename "$spec" .json)
    log="$work/ts-$name.log"
    status=0
    "$ots" "$spec" -o "$ts_dir/src/$name.ts" >"$log" 2>&1 || status=$?
    if ((status != 0)) || grep -v -E '^(✨ openapi-typescript [0-9.]+|🚀 .* → .*)?$' "$log" >/dev/null; then
        say "openapi-typescript on $name (exit $status):"
        sed 's/^/    /' "$log" | head -60
        problems=$((problems + 1))
    fi
done
cat >"$ts_dir/tsconfig.json" <<'EOF'
{
  "compilerOptions": {
    "strict": true,
    "noEmit": true,
    "target": "es2022",
    "module": "esnext",
    "moduleResolution": "bundler",
    "noUnusedLocals": true,
    "skipLibCheck": false
  },
  "include": ["src/*.ts"]
}
EOF
status=0
"$tsc" -p "$ts_dir/tsconfig.json" >"$work/tsc.log" 2>&1 || status=$?
if ((status != 0)) || [[ -s "$work/tsc.log" ]]; then
    say "tsc --strict (exit $status):"
    sed 's/^/    /' "$work/tsc.log" | head -60
    problems=$((problems + 1))
fi
say "openapi-typescript + tsc --strict: $count specs in $((SECONDS - start))s, $problems with warnings"

if ((py_problems + problems > 0)); then
    fail "$((py_problems + problems)) generator runs with warnings or errors (above)"
fi
say "every client generated without a warning"
