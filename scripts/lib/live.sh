# shellcheck shell=bash
# Sourced by scripts/live-cinder and scripts/live-nova (not run): the steps
# both sets take the same way. Each function reports through the caller's
# `say`, so messages keep their set's prefix.

# Installs the Debian packages named (apt-get; CI runs as root). Callers pass
# only what is missing; nothing to do for an empty list.
apt_install() {
    (($#)) || return 0
    say "apt-get install $*"
    apt-get update -qq
    # policy-rc.d in containers keeps a package's service from starting; the
    # live sets run their own daemons on private ports either way.
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        "$@" >/dev/null
}

# True when the venv at $1 holds exactly the pins of requirements file $2
# (comments ignored): then an install has nothing to do.
venv_matches() {
    [[ -x "$1/bin/python" ]] &&
        "$1/bin/python" -m pip freeze --quiet 2>/dev/null |
        diff -q - <(grep -v '^#' "$2") >/dev/null
}

# (Re)creates the venv at $1 with interpreter $3 and installs requirements
# file $2 into it. --clear: a half-built venv or one from an older pin must
# not linger.
venv_install() {
    if ! command -v "$3" >/dev/null; then
        say "$3 not found; set PYTHON to a Python 3.11 interpreter" >&2
        exit 1
    fi
    mkdir -p "$(dirname "$1")"
    "$3" -m venv --clear "$1"
    "$1/bin/python" -m pip install --quiet --disable-pip-version-check \
        --no-input -r "$2"
}

# Stops pid $1 (named $2 in messages): SIGTERM, then SIGKILL when it is still
# there 10 s later. The caller has checked the PID is one of its own.
stop_pid() {
    kill -TERM "$1" 2>/dev/null || true
    for _ in $(seq 1 40); do
        kill -0 "$1" 2>/dev/null || return 0
        sleep 0.25
    done
    say "$2: pid $1 ignored SIGTERM for 10 s; sending SIGKILL"
    kill -KILL "$1" 2>/dev/null || true
}

# Loads the env file of the running live Cinder whose home is $1 (CINDER_URL,
# CINDER_PID, …) for the benchmark scripts, refusing a dead PID or a
# non-loopback URL. Uses the caller's `die`.
use_live_cinder() {
    [[ -f "$1/env" ]] || die "no $1/env: start Cinder with scripts/live-cinder/start.sh"
    # shellcheck disable=SC1091
    source "$1/env"
    kill -0 "$CINDER_PID" 2>/dev/null || die "Cinder pid $CINDER_PID from $1/env is not running"
    [[ "$CINDER_URL" == http://127.0.0.1:* ]] || die "refusing a non-loopback CINDER_URL: $CINDER_URL"
}

# Makes sure the venv at $1 holds Schemathesis version $2 (the peer the
# checker is measured against), installing it when not.
schemathesis_venv() {
    if [[ ! -x "$1/bin/schemathesis" ]] || ! "$1/bin/schemathesis" --version | grep -q " $2\$"; then
        python3 -m venv "$1"
        "$1/bin/pip" install --quiet "schemathesis==$2"
    fi
}

# Loads the env file of the running live Nova whose home is $1 (NOVA_URL,
# NOVA_ENDPOINT, NOVA_TOKEN, its Cinder's CINDER_* …) for the benchmark
# scripts, refusing a non-loopback endpoint. Uses the caller's `die`.
use_live_nova() {
    [[ -f "$1/env" ]] || die "no $1/env: start Nova with scripts/live-nova/start.sh"
    # shellcheck disable=SC1091
    source "$1/env"
    [[ "$NOVA_ENDPOINT" == http://127.0.0.1:* ]] || die "refusing a non-loopback NOVA_ENDPOINT: $NOVA_ENDPOINT"
    curl -fsS -o /dev/null "$NOVA_URL/" || die "Nova at $NOVA_URL does not answer"
}
