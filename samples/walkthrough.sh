#!/usr/bin/env bash
# The README's walkthrough, run and checked: starts the service on a scratch SQLite database and a free port,
# waits for /health/ready, runs each curl step, checks its status and key fields, stops the service, and exits
# non-zero on the first answer that differs. Needs dotnet, curl, jq and python3 (for a free port).
#   samples/walkthrough.sh            # builds src/Api first
#   APIKEYS_NO_BUILD=1 samples/walkthrough.sh   # uses the build already there
set -euo pipefail
cd "$(dirname "$0")/.."

scratch=$(mktemp -d /tmp/apikeys-walkthrough.XXXXXX)
service_pid=
stop() {
  # The service runs in a process group of its own (dotnet run and the program it starts): stop the whole group.
  if [ -n "$service_pid" ] && kill -0 "$service_pid" 2>/dev/null; then
    kill -TERM -- "-$service_pid" 2>/dev/null && wait "$service_pid" 2>/dev/null || true
  fi
  rm -rf "$scratch"
}
trap stop EXIT

fail() {
  echo "walkthrough FAILED: $*" >&2
  [ -f "$scratch/service.log" ] && tail -30 "$scratch/service.log" >&2
  exit 1
}

# call METHOD URL TOKEN [BODY]: the answer's body in $scratch/body, its status in $status.
call() {
  local method=$1 url=$2 token=$3 body=${4:-}
  local args=(-s -o "$scratch/body" -w '%{http_code}' -X "$method" "$url" -H "Authorization: Bearer $token")
  [ -n "$body" ] && args+=(-H 'Content-Type: application/json' -d "$body")
  status=$(curl "${args[@]}") || fail "$method $url: no answer"
}
# expect STATUS JQ-FILTER...: each filter must be true of the last answer's body.
expect() {
  local want=$1; shift
  [ "$status" = "$want" ] || fail "expected $want, got $status: $(cat "$scratch/body")"
  for filter in "$@"; do
    jq -e "$filter" "$scratch/body" >/dev/null || fail "($filter) is not true of: $(cat "$scratch/body")"
  done
}
field() { jq -r "$1" "$scratch/body"; }

if [ -z "${APIKEYS_NO_BUILD:-}" ]; then
  dotnet build src/Api -nologo -v q >"$scratch/build.log" 2>&1 || { tail -20 "$scratch/build.log"; fail "dotnet build src/Api"; }
fi
run() { dotnet run --no-build --no-launch-profile --project src/Api -- "$@"; }

# 0. A scratch database, an organization and its owner key, then the service; wait until it is ready.
export ConnectionStrings__Default="Data Source=$scratch/walkthrough.db"
bootstrap=$(run bootstrap --org-name Acme 2>"$scratch/bootstrap.log" | tail -1) || fail "bootstrap: $(tail -5 "$scratch/bootstrap.log")"
ORG=$(jq -r .organization_id <<<"$bootstrap") OWNER=$(jq -r .plaintext_api_key <<<"$bootstrap")
[[ "$ORG" == org_* && "$OWNER" == capy_live_* ]] || fail "bootstrap printed: $bootstrap"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE=http://127.0.0.1:$port API=$BASE/v1/organizations/$ORG
setsid dotnet run --no-build --no-launch-profile --project src/Api -- --urls "$BASE" >"$scratch/service.log" 2>&1 &
service_pid=$!
for _ in $(seq 1 120); do
  curl -fs "$BASE/health/ready" >/dev/null 2>&1 && break
  kill -0 "$service_pid" 2>/dev/null || fail "the service exited before it was ready"
  sleep 0.5
done
curl -fs "$BASE/health/ready" >/dev/null || fail "the service was not ready within 60 s"
echo "service ready on $BASE (organization $ORG)"

# 1. An app, then a key that may upload to it (the secret is in plaintext_api_key, shown only now).
call POST "$API/apps" "$OWNER" '{"app_id": "com.demo.app", "name": "Demo"}'
expect 201 '.app.app_id == "com.demo.app"'
call POST "$API/api-keys" "$OWNER" \
  '{"name": "CI upload", "org_role": "none", "app_roles": [{"app_id": "com.demo.app", "role": "uploader"}]}'
expect 201 '.plaintext_api_key | startswith("capy_live_")' '.api_key.name == "CI upload"' \
  '.api_key.app_roles == [{"app_id": "com.demo.app", "role": "app_uploader"}]'
KEY=$(field .plaintext_api_key) ID=$(field .api_key.id)
echo "1. app and key $ID created"

# 2. The key authenticates, and another service, with a verifier key of its own, can verify it.
call GET "$BASE/v1/me" "$KEY"
expect 200
call POST "$API/api-keys" "$OWNER" '{"name": "bundle service", "org_role": "admin", "scopes": ["apikey.verify"]}'
expect 201 '.api_key.scopes == ["apikey.verify"]'
VERIFIER=$(field .plaintext_api_key)
call POST "$BASE/v1/keys/verify" "$VERIFIER" \
  "{\"key\": \"$KEY\", \"app_id\": \"com.demo.app\", \"permissions\": [\"app.upload_bundle\"]}"
expect 200 '.valid == true' '.code == "VALID"' ".key_id == \"$ID\""
echo "2. /v1/me 200, verify VALID"

# 3. List, rename, re-role, regenerate (the old secret stops at once).
call GET "$API/api-keys?limit=10" "$OWNER"
expect 200 "[.api_keys[].id] | index(\"$ID\") != null"
call PATCH "$API/api-keys/$ID" "$OWNER" '{"name": "CI upload (main)"}'
expect 200 '.api_key.name == "CI upload (main)"'
call PUT "$API/api-keys/$ID/roles" "$OWNER" '{"org_role": "none", "app_roles": [{"app_id": "com.demo.app", "role": "developer"}]}'
expect 200 '.api_key.app_roles == [{"app_id": "com.demo.app", "role": "app_developer"}]'
call POST "$API/api-keys/$ID/regenerate" "$OWNER" '{"grace_period_seconds": 0}'
expect 200 '.plaintext_api_key | startswith("capy_live_")'
NEW_KEY=$(field .plaintext_api_key)
call GET "$BASE/v1/me" "$KEY"
expect 401
KEY=$NEW_KEY
call GET "$BASE/v1/me" "$KEY"
expect 200
echo "3. listed, renamed, re-roled, regenerated: the old secret is refused"

# 4. Revoke: the key stops working on the very next request.
call DELETE "$API/api-keys/$ID" "$OWNER"
expect 200 '.revoked == true'
call GET "$BASE/v1/me" "$KEY"
expect 401
call GET "$API/audit-events" "$OWNER"
expect 200 '[.audit_events[].action] | index("api_key.revoked") != null' '[.audit_events[].action] | index("api_key.created") != null'
echo "4. revoked: the key is refused, the audit trail shows it"

# 5. Stop the service: nothing of it is left listening.
stop
service_pid=
for _ in $(seq 1 40); do curl -s -o /dev/null "$BASE/health/live" || break; sleep 0.25; done
curl -s -o /dev/null "$BASE/health/live" && fail "the service still answers after it was stopped"
echo "5. stopped: nothing answers on $BASE"

echo "walkthrough passed: every answer as the README shows it"
