#!/usr/bin/env bash
# End-to-end check of a running live Cinder (start.sh first): volumes,
# snapshots (CRUD + metadata) and v3 attachments (create 3.27, update with a
# connector, complete 3.44, delete), then verifies in sqlite that nothing the
# smoke created is left undeleted. Exits non-zero on the first failure.
set -euo pipefail

# shellcheck source=scripts/live-cinder/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
[[ -f "$home/env" ]] || { echo "smoke: no $home/env; run start.sh first" >&2; exit 1; }
# shellcheck disable=SC1091
source "$home/env"

ep=$CINDER_ENDPOINT
body=$(mktemp)
trap 'rm -f "$body"' EXIT
steps=0

fail() { printf 'smoke: FAIL: %s\n' "$*" >&2; exit 1; }
ok() { steps=$((steps + 1)); printf 'smoke: ok  %-58s\n' "$*"; }

# call METHOD PATH MICROVERSION EXPECTED_STATUS [JSON_BODY]; response in $body.
call() {
    local method=$1 path=$2 mv=$3 want=$4 data=${5:-}
    local args=(-s -o "$body" -w '%{http_code}' -X "$method"
        -H "X-Auth-Token: $CINDER_TOKEN"
        -H "OpenStack-API-Version: volume $mv"
        -H 'Accept: application/json')
    [[ -n "$data" ]] && args+=(-H 'Content-Type: application/json' -d "$data")
    [[ -n "${extra_header:-}" ]] && args+=(-H "$extra_header")
    local got
    got=$(curl "${args[@]}" "$ep$path") || fail "$method $path: curl failed"
    [[ "$got" == "$want" ]] ||
        fail "$method $path (volume $mv): HTTP $got, wanted $want: $(head -c 600 "$body")"
}

# jget PYTHON_EXPR: evaluates EXPR with `d` = the last response body.
jget() {
    python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' \
        "$body" "$1"
}

expect() { # expect PYTHON_EXPR VALUE WHAT
    local got
    got=$(jget "$1")
    [[ "$got" == "$2" ]] || fail "$3: $1 = '$got', wanted '$2'"
}

# wait_status PATH KEY WANTED: poll until d[KEY]["status"] == WANTED (30 s).
wait_status() {
    local path=$1 key=$2 want=$3 status=
    for _ in $(seq 1 120); do
        call GET "$path" 3.0 200
        status=$(jget "d['$key']['status']")
        [[ "$status" == "$want" ]] && return 0
        [[ "$status" == error* ]] && fail "$path went to $status"
        sleep 0.25
    done
    fail "$path still '$status' after 30 s, wanted '$want'"
}

wait_gone() { # wait_gone PATH: poll until 404 (30 s).
    local code
    for _ in $(seq 1 120); do
        code=$(curl -s -o /dev/null -w '%{http_code}' -H "X-Auth-Token: $CINDER_TOKEN" "$ep$1")
        [[ "$code" == 404 ]] && return 0
        sleep 0.25
    done
    fail "$1 still answers $code after 30 s"
}

# --- versions ---------------------------------------------------------------
code=$(curl -s -o "$body" -w '%{http_code}' "$CINDER_URL/")
[[ "$code" == 300 ]] || fail "GET / answered $code, wanted 300"
expect "d['versions'][0]['id']" v3.0 "GET /"
ok "GET / lists v3.0 (max $(jget "d['versions'][0]['version']"))"

# --- volume -----------------------------------------------------------------
call POST /volumes 3.0 202 '{"volume": {"size": 1, "name": "smoke-vol", "metadata": {"a": "1"}}}'
vol=$(jget "d['volume']['id']")
ok "create volume $vol"
wait_status "/volumes/$vol" volume available
ok "volume available"
call GET /volumes 3.0 200
expect "any(v['id'] == '$vol' for v in d['volumes'])" True "volume list"
call GET /volumes/detail 3.0 200
expect "[v['name'] for v in d['volumes'] if v['id'] == '$vol']" "['smoke-vol']" "volume detail"
ok "list + detail volumes"
call PUT "/volumes/$vol" 3.0 200 '{"volume": {"name": "smoke-vol-2", "description": "d"}}'
expect "d['volume']['name']" smoke-vol-2 "volume update"
ok "update volume"
call POST "/volumes/$vol/metadata" 3.0 200 '{"metadata": {"b": "2"}}'
expect "sorted(d['metadata'].items())" "[('a', '1'), ('b', '2')]" "volume metadata create (merge)"
call PUT "/volumes/$vol/metadata" 3.0 200 '{"metadata": {"c": "3"}}'
expect "d['metadata']" "{'c': '3'}" "volume metadata replace"
call PUT "/volumes/$vol/metadata/c" 3.0 200 '{"meta": {"c": "4"}}'
call GET "/volumes/$vol/metadata/c" 3.0 200
expect "d['meta']" "{'c': '4'}" "volume metadata key show"
call DELETE "/volumes/$vol/metadata/c" 3.0 200
call GET "/volumes/$vol/metadata" 3.0 200
expect "d['metadata']" "{}" "volume metadata after delete"
ok "volume metadata create/replace/key update/show/delete"

# --- snapshot ---------------------------------------------------------------
call POST /snapshots 3.0 202 "{\"snapshot\": {\"volume_id\": \"$vol\", \"name\": \"smoke-snap\"}}"
snap=$(jget "d['snapshot']['id']")
ok "create snapshot $snap"
wait_status "/snapshots/$snap" snapshot available
ok "snapshot available"
call GET /snapshots 3.0 200
expect "any(s['id'] == '$snap' for s in d['snapshots'])" True "snapshot list"
call GET /snapshots/detail 3.0 200
expect "[s['volume_id'] for s in d['snapshots'] if s['id'] == '$snap']" "['$vol']" "snapshot detail"
call PUT "/snapshots/$snap" 3.0 200 '{"snapshot": {"name": "smoke-snap-2"}}'
expect "d['snapshot']['name']" smoke-snap-2 "snapshot update"
ok "list + detail + update snapshot"
call POST "/snapshots/$snap/metadata" 3.0 200 '{"metadata": {"k": "v"}}'
call PUT "/snapshots/$snap/metadata/k" 3.0 200 '{"meta": {"k": "w"}}'
call GET "/snapshots/$snap/metadata/k" 3.0 200
expect "d['meta']" "{'k': 'w'}" "snapshot metadata key"
call PUT "/snapshots/$snap/metadata" 3.0 200 '{"metadata": {"x": "y"}}'
call DELETE "/snapshots/$snap/metadata/x" 3.0 200
call GET "/snapshots/$snap/metadata" 3.0 200
expect "d['metadata']" "{}" "snapshot metadata after delete"
ok "snapshot metadata create/key update/show/replace/delete"

# --- attachment (3.27+) -----------------------------------------------------
server=3f1c0de0-5ec1-4f70-8000-000000000001
call POST /attachments 3.27 200 \
    "{\"attachment\": {\"volume_uuid\": \"$vol\", \"instance_uuid\": \"$server\"}}"
att=$(jget "d['attachment']['id']")
expect "d['attachment']['status']" reserved "attachment create"
ok "create attachment $att (reserved)"
call GET "/attachments/$att" 3.27 200
expect "d['attachment']['volume_id']" "$vol" "attachment show"
call GET "/attachments?volume_id=$vol" 3.27 200
expect "[a['id'] for a in d['attachments']]" "['$att']" "attachment list"
call GET /attachments/detail 3.27 200
expect "[a['instance'] for a in d['attachments'] if a['id'] == '$att']" "['$server']" "attachment list detail"
ok "show + list + list detail attachments"
connector='{"initiator": "iqn.2004-10.org.speclift:smoke", "ip": "127.0.0.1", "host": "smoke-host", "platform": "x86_64", "os_type": "linux", "multipath": false, "mountpoint": "/dev/vdb"}'
call PUT "/attachments/$att" 3.27 200 "{\"attachment\": {\"connector\": $connector}}"
expect "d['attachment']['connection_info']['driver_volume_type']" iscsi "attachment update"
ok "update attachment with connector (connection_info returned)"
call POST "/attachments/$att/action" 3.44 204 '{"os-complete": null}'
call GET "/attachments/$att" 3.44 200
expect "d['attachment']['status']" attached "attachment after complete"
call GET "/volumes/$vol" 3.0 200
expect "d['volume']['status']" in-use "volume after complete"
expect "d['volume']['attachments'][0]['device']" /dev/vdb "volume attachments"
ok "complete attachment (3.44): attached, volume in-use"
# A connected attachment (instance + connection_info) may only be deleted by
# a service (bug #2004555); otherwise cinder asks Nova, which is absent (500).
# Under noauth the service roles come straight from this header.
extra_header='X-Service-Roles: service' call DELETE "/attachments/$att" 3.27 200
wait_status "/volumes/$vol" volume available
ok "delete attachment: volume available again"

# --- cleanup ----------------------------------------------------------------
call DELETE "/snapshots/$snap" 3.0 202
wait_gone "/snapshots/$snap"
ok "delete snapshot"
call DELETE "/volumes/$vol" 3.0 202
wait_gone "/volumes/$vol"
ok "delete volume"

# --- nothing left (database) ------------------------------------------------
left=$(sqlite3 "$CINDER_DB" "
  SELECT (SELECT count(*) FROM volumes WHERE id = '$vol' AND deleted = 0)
       + (SELECT count(*) FROM snapshots WHERE id = '$snap' AND deleted = 0)
       + (SELECT count(*) FROM volume_attachment WHERE id = '$att' AND deleted = 0)
       + (SELECT count(*) FROM volume_metadata WHERE volume_id = '$vol' AND deleted = 0)
       + (SELECT count(*) FROM snapshot_metadata WHERE snapshot_id = '$snap' AND deleted = 0);")
[[ "$left" == 0 ]] || fail "sqlite: $left live rows left for the smoke's resources"
rows=$(sqlite3 "$CINDER_DB" "SELECT count(*) FROM volumes WHERE id = '$vol' AND deleted = 1;")
[[ "$rows" == 1 ]] || fail "sqlite: volume $vol not found soft-deleted (wrong database?)"
ok "sqlite: no live rows left (volume, snapshot, attachment, metadata)"
echo "smoke: $steps passed, 0 failed"
