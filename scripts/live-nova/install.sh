#!/usr/bin/env bash
# Installs what scripts/live-nova/start.sh runs: Debian's rabbitmq-server
# (apt-get when missing; CI runs as root; the package's own service is never
# started), one venv with Nova, Placement, Neutron and gunicorn pinned in
# requirements.txt at $SPECLIFT_NOVA_HOME/venv, and this set's Cinder
# (scripts/live-cinder/install.sh into $SPECLIFT_NOVA_HOME/cinder).
# Idempotent: a venv whose `pip freeze` equals requirements.txt is kept.
set -euo pipefail

# shellcheck source=scripts/live-nova/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
requirements="$here/requirements.txt"
python=${PYTHON:-python3.11}
start=$SECONDS

say() { printf 'live-nova/install: %s\n' "$*"; }

# --- Debian: RabbitMQ (and curl, sqlite3 for start.sh and the tests) ----------
missing=()
[[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ]] || missing+=(rabbitmq-server)
command -v curl >/dev/null || missing+=(curl)
command -v sqlite3 >/dev/null || missing+=(sqlite3)
if ((${#missing[@]})); then
    say "apt-get install ${missing[*]}"
    apt-get update -qq
    # policy-rc.d in containers keeps the package's service from starting;
    # start.sh runs its own broker on private ports either way.
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null
fi

# --- this set's Cinder ---------------------------------------------------------
# Its own home (its own database, port and PIDs), but the venv of the live
# Cinder beside the repository when that one is already installed from the
# same pins: one install less in CI.
shared_cinder_venv=${SPECLIFT_CINDER_HOME:-$root/.live-cinder}/venv
if [[ ! -e "$cinder_home/venv" && -x "$shared_cinder_venv/bin/python" ]] &&
    "$shared_cinder_venv/bin/python" -m pip freeze --quiet 2>/dev/null |
    diff -q - <(grep -v '^#' "$here/../live-cinder/requirements.txt") >/dev/null; then
    mkdir -p "$cinder_home"
    ln -s "$shared_cinder_venv" "$cinder_home/venv"
    say "Cinder: using the venv at $shared_cinder_venv"
fi
SPECLIFT_CINDER_HOME="$cinder_home" bash "$here/../live-cinder/install.sh"

# --- the venv --------------------------------------------------------------------
if ! command -v "$python" >/dev/null; then
    say "$python not found; set PYTHON to a Python 3.11 interpreter" >&2
    exit 1
fi
if [[ -x "$venv/bin/python" ]] &&
    "$venv/bin/python" -m pip freeze --quiet 2>/dev/null |
    diff -q - <(grep -v '^#' "$requirements") >/dev/null; then
    say "nova $(dist_version nova) already in $venv (${SECONDS}s in all)"
    exit 0
fi
venv_start=$SECONDS
mkdir -p "$home"
"$python" -m venv --clear "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    --no-input -r "$requirements"
say "installed nova $(dist_version nova) into $venv in $((SECONDS - venv_start))s ($((SECONDS - start))s in all)"
