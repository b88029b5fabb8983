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
# shellcheck source=scripts/lib/live.sh
source "$here/../lib/live.sh"
requirements="$here/requirements.txt"
python=${PYTHON:-python3.11}
start=$SECONDS

say() { printf 'live-nova/install: %s\n' "$*"; }

# --- Debian: RabbitMQ (and curl, sqlite3 for start.sh and the tests) ----------
missing=()
[[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ]] || missing+=(rabbitmq-server)
command -v curl >/dev/null || missing+=(curl)
command -v sqlite3 >/dev/null || missing+=(sqlite3)
apt_install "${missing[@]}"

# --- this set's Cinder ---------------------------------------------------------
# Its own home (its own database, port and PIDs), but the venv of the live
# Cinder beside the repository when that one is already installed from the
# same pins: one install less in CI.
shared_cinder_venv=${SPECLIFT_CINDER_HOME:-$root/.live-cinder}/venv
if [[ ! -e "$cinder_home/venv" ]] &&
    venv_matches "$shared_cinder_venv" "$here/../live-cinder/requirements.txt"; then
    mkdir -p "$cinder_home"
    ln -s "$shared_cinder_venv" "$cinder_home/venv"
    say "Cinder: using the venv at $shared_cinder_venv"
fi
SPECLIFT_CINDER_HOME="$cinder_home" bash "$here/../live-cinder/install.sh"

# --- the venv --------------------------------------------------------------------
if venv_matches "$venv" "$requirements"; then
    say "nova $(dist_version nova) already in $venv (${SECONDS}s in all)"
    exit 0
fi
venv_start=$SECONDS
venv_install "$venv" "$requirements" "$python"
say "installed nova $(dist_version nova) into $venv in $((SECONDS - venv_start))s ($((SECONDS - start))s in all)"
