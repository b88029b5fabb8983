#!/usr/bin/env bash
# Installs Nova from PyPI into a venv and dumps the response-body schemas
# Nova declares in its own code (scripts/nova-schemas/dump.py), for the
# recall test (crates/cli/tests/it/nova_recall.rs).
#
#   scripts/nova-schemas/install.sh [OUT]
#
# OUT defaults to target/nova-schemas/nova-response-schemas.json, where the
# test looks unless SPECLIFT_NOVA_SCHEMAS names another file. The venv is
# $SPECLIFT_NOVA_VENV (default .venv-nova); rerunning reuses it.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
version=34.0.0 # the release of the corpus' Nova commit (2026-08)
venv=${SPECLIFT_NOVA_VENV:-$root/.venv-nova}
out=${1:-$root/target/nova-schemas/nova-response-schemas.json}

if [[ ! -x $venv/bin/python ]]; then
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check "nova==$version"
mkdir -p "$(dirname "$out")"
# Write beside, then rename: a failed dump never leaves a truncated file.
"$venv/bin/python" -W ignore "$root/scripts/nova-schemas/dump.py" >"$out.partial"
mv "$out.partial" "$out"
echo "nova-schemas: nova $version response schemas in $out"
