#!/usr/bin/env bash
# One bounded `schemathesis run --phases stateful` against the live Cinder,
# on the v3 attachments spec with the checker's links added. Not part of CI:
# it reproduces the run recorded under "schemathesis" in
# scripts/live-cinder/README.md.
#
# Needs a running live Cinder (scripts/live-cinder/start.sh; this script
# neither starts nor stops it) and network access to PyPI for the venv.
#
#   SPECLIFT_CINDER_HOME   as for start.sh (its env file is read)
#   ST_VENV                schemathesis venv (default /tmp/speclift-schemathesis)
#   ST_VERSION             default 4.32.5, the version the README records
#   ST_MAX_TIME            seconds for the run (default 60)
#   ST_MAX_EXAMPLES        per operation (default 5)
#   ST_OUT                 work/report directory (default: a new mktemp -d)
#   ST_REAL_VOLUME=0       do not steer attachment creates to a real volume
#   ST_CREATE_200=1        move the create's documented 202 (and its links) to
#                          200, what Cinder 29 answers (see the README)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
# shellcheck source=scripts/lib/live.sh
source "$here/lib/live.sh"
home=${SPECLIFT_CINDER_HOME:-$root/.live-cinder}
venv=${ST_VENV:-/tmp/speclift-schemathesis}
version=${ST_VERSION:-4.32.5}
out=${ST_OUT:-$(mktemp -d)}

say() { printf 'schemathesis-once: %s\n' "$*"; }
die() { say "$*" >&2; exit 1; }

use_live_cinder "$home"

schemathesis_venv "$venv" "$version"
mkdir -p "$out"
out=$(cd "$out" && pwd)

# The committed specs carry no links; add the checker's inferred ones.
cargo run --quiet --manifest-path "$root/Cargo.toml" -p speclift-check --example add_links -- \
    "$root/specs/block-storage-api-v3-attachments.json" "$out/spec.json"

if [[ "${ST_CREATE_200:-0}" == 1 ]]; then
    python3 - "$out/spec.json" <<'PY'
import json, sys
path = sys.argv[1]
spec = json.load(open(path))
responses = spec["paths"]["/v3/{project_id}/attachments"]["post"]["responses"]
responses["200"] = responses.pop("202")
json.dump(spec, open(path, "w"), indent=2)
PY
fi

# project_id must be the token's project (else 400) and the microversion a
# real one (else 400/406); nothing else is pinned. Inference is off so the
# only links schemathesis follows are the ones speclift emitted.
cat >"$out/schemathesis.toml" <<EOF
[parameters]
"path.project_id" = "$CINDER_PROJECT_ID"
"header.OpenStack-API-Version" = "volume $CINDER_MAX_MICROVERSION"

[phases.stateful.inference]
algorithms = []
EOF

if [[ "${ST_REAL_VOLUME:-1}" == 1 ]]; then
    # A random volume_uuid is always 404, so no attachment is ever created
    # and no link can be followed: steer creates to one real volume. (Not a
    # multiattach one: the fake backend does not report that capability, so
    # such a volume ends in `error` with NoValidBackend.) Its one reserved
    # attachment blocks further creates (400) until a followed DELETE link
    # removes it.
    api() {
        curl -sf -X "$1" -H "X-Auth-Token: $CINDER_TOKEN" -H 'Content-Type: application/json' \
            "$CINDER_ENDPOINT$2" ${3:+-d "$3"}
    }
    volume_id=$(api POST /volumes '{"volume": {"size": 1, "name": "schemathesis-once"}}' |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["volume"]["id"])')
    status=
    for _ in $(seq 40); do
        status=$(api GET "/volumes/$volume_id" |
            python3 -c 'import json, sys; print(json.load(sys.stdin)["volume"]["status"])')
        [[ "$status" == available || "$status" == error ]] && break
        sleep 0.25
    done
    [[ "$status" == available ]] || die "volume $volume_id is '$status', not available"
    say "attachment creates go to volume $volume_id"
    cat >"$out/hooks.py" <<EOF
import schemathesis

VOLUME = "$volume_id"


@schemathesis.hook
def map_body(context, body):
    op = context.operation
    if op is None or op.method.upper() != "POST" or not op.path.endswith("/attachments"):
        return body
    attachment = body.get("attachment") if isinstance(body, dict) else None
    instance = attachment.get("instance_uuid") if isinstance(attachment, dict) else None
    fixed = {"volume_uuid": VOLUME}
    if isinstance(instance, str):
        fixed["instance_uuid"] = instance
    return {"attachment": fixed}
EOF
    echo "hooks = \"$out/hooks.py\"" | cat - "$out/schemathesis.toml" >"$out/st.toml"
    mv "$out/st.toml" "$out/schemathesis.toml"
fi

say "schemathesis $("$venv/bin/schemathesis" --version | awk '{print $NF}'); output in $out"
set +e
# From $out: schemathesis keeps a crash cache (.schemathesis/) in its cwd.
cd "$out"
"$venv/bin/schemathesis" --config-file "$out/schemathesis.toml" run "$out/spec.json" \
    --url "$CINDER_URL" -H "X-Auth-Token: $CINDER_TOKEN" \
    --phases stateful --max-examples "${ST_MAX_EXAMPLES:-5}" --max-time "${ST_MAX_TIME:-60}" \
    --seed 1 --workers 1 --no-color \
    --report junit,ndjson --report-dir "$out/report" 2>&1 | tee "$out/run.txt"
status=${PIPESTATUS[0]}
set -e
say "schemathesis exited $status (1 = it found failures); transcript $out/run.txt"
exit "$status"
