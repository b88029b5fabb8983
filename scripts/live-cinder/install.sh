#!/usr/bin/env bash
# Installs a real Cinder API (PyPI `cinder`, pinned in requirements.txt) into
# a venv at $SPECLIFT_CINDER_HOME/venv (default <repo>/.live-cinder/venv).
# Idempotent: a venv whose `pip freeze` already equals requirements.txt is
# left alone (about a second). Needs Python 3.11 ($PYTHON to override) and,
# for smoke.sh, curl + sqlite3 (installed with apt-get when missing; root).
set -euo pipefail

# shellcheck source=scripts/live-cinder/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
# shellcheck source=scripts/lib/live.sh
source "$here/../lib/live.sh"
requirements="$here/requirements.txt"
python=${PYTHON:-python3.11}

say() { printf 'live-cinder/install: %s\n' "$*"; }

# --- Debian tools used by start.sh / smoke.sh -------------------------------
missing=()
command -v curl >/dev/null || missing+=(curl)
command -v sqlite3 >/dev/null || missing+=(sqlite3)
apt_install "${missing[@]}"

# --- the venv -----------------------------------------------------------------
if venv_matches "$venv" "$requirements"; then
    say "cinder $(cinder_version) already in $venv"
    exit 0
fi

start=$SECONDS
venv_install "$venv" "$requirements" "$python"
# The fake backend lives in the wheel's test tree; fail here, not at start.
"$venv/bin/python" -c 'import cinder.tests.fake_driver' 2>/dev/null || {
    say "cinder.tests.fake_driver does not import in $venv" >&2
    exit 1
}
say "installed cinder $(cinder_version) into $venv in $((SECONDS - start))s"
