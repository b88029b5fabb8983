#!/usr/bin/env bash
# Installs the external OpenAPI validators used by scripts/validate-specs.sh:
#   .venv/        openapi-spec-validator (PyPI), pinned in validators-requirements.txt
#   .tools/node/  @redocly/cli (npm), pinned below
# Idempotent: an install that already has the pinned versions is left alone,
# so a second run costs about a second. Both dirs are gitignored.
set -euo pipefail

OSV_VERSION=0.9.0
# 2.77.0 still runs on Node 20.19+ (later majors need Node 22).
REDOCLY_VERSION=2.77.0

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
venv="$root/.venv"
node_prefix="$root/.tools/node"
requirements="$root/scripts/validators-requirements.txt"

# Redocly must not try to phone home: CI reaches package registries only.
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true

say() { printf 'install-validators: %s\n' "$*"; }

# --- openapi-spec-validator -------------------------------------------------
have_osv=$("$venv/bin/openapi-spec-validator" --version 2>/dev/null || true)
if [[ "$have_osv" == "openapi-spec-validator $OSV_VERSION" ]] &&
    "$venv/bin/python" -m pip freeze --quiet 2>/dev/null |
    diff -q - <(grep -v '^#' "$requirements") >/dev/null; then
    say "openapi-spec-validator $OSV_VERSION already in .venv/"
else
    start=$SECONDS
    # --clear: a half-built or stale venv from an older pin must not linger.
    python3 -m venv --clear "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
        --no-input -r "$requirements"
    have_osv=$("$venv/bin/openapi-spec-validator" --version)
    if [[ "$have_osv" != "openapi-spec-validator $OSV_VERSION" ]]; then
        say "expected openapi-spec-validator $OSV_VERSION, got: $have_osv" >&2
        exit 1
    fi
    say "installed $have_osv into .venv/ in $((SECONDS - start))s"
fi

# --- @redocly/cli -----------------------------------------------------------
redocly="$node_prefix/node_modules/.bin/redocly"
have_redocly=$("$redocly" --version 2>/dev/null || true)
if [[ "$have_redocly" == "$REDOCLY_VERSION" ]]; then
    say "@redocly/cli $REDOCLY_VERSION already in .tools/node/"
else
    start=$SECONDS
    mkdir -p "$node_prefix"
    npm install --prefix "$node_prefix" --no-audit --no-fund --save-exact \
        --loglevel=error "@redocly/cli@$REDOCLY_VERSION"
    have_redocly=$("$redocly" --version 2>/dev/null || true)
    if [[ "$have_redocly" != "$REDOCLY_VERSION" ]]; then
        say "expected @redocly/cli $REDOCLY_VERSION, got: '$have_redocly'" >&2
        exit 1
    fi
    say "installed @redocly/cli $have_redocly into .tools/node/ in $((SECONDS - start))s"
fi
