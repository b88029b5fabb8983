# shellcheck shell=bash
# Sourced by the live-cinder scripts (not run): where things are.
#   here  this directory          root  the repository
#   home  $SPECLIFT_CINDER_HOME, default <repo>/.live-cinder
#   venv  the Cinder venv install.sh makes
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
home=${SPECLIFT_CINDER_HOME:-$root/.live-cinder}
venv="$home/venv"

# The version of the cinder installed in $venv.
cinder_version() {
    "$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("cinder"))'
}
