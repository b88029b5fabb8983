# shellcheck shell=bash
# Sourced by the live-nova scripts (not run): where things are.
#   here         this directory          root  the repository
#   home         $SPECLIFT_NOVA_HOME, default <repo>/.live-nova
#   venv         one venv for nova, placement, neutron and gunicorn
#   cinder_home  the Cinder this set starts (scripts/live-cinder, its own
#                home so another live Cinder on the machine is never touched)
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
home=${SPECLIFT_NOVA_HOME:-$root/.live-nova}
venv="$home/venv"
cinder_home=${SPECLIFT_NOVA_CINDER_HOME:-$home/cinder}
run="$home/run"
piddir="$home/pid"
envfile="$home/env"

# The version of a distribution installed in $venv.
dist_version() {
    "$venv/bin/python" -c 'import importlib.metadata as m, sys; print(m.version(sys.argv[1]))' "$1"
}
