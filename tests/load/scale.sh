#!/usr/bin/env bash
# Keys at scale (issue 26): KEYS keys loaded through import (POST …/api-keys/import, 1000 a call, by SHA-256), each
# with an app role on one app and every tenth with meta team=ci; then the first page of each list filter (median and
# worst of 20); then removing a member who made MEMBER_KEYS keys; then deleting another app bound by APP_KEYS keys
# while a GET /v1/me loop runs beside it (the DELETE's time, and the slowest /v1/me). Peak RSS (VmHWM) after each step.
#   PROVIDER=sqlite|postgres tests/load/scale.sh [KEYS, default 100000] [MEMBER_KEYS, default 10000] [APP_KEYS, default 30000]
# Needs python3 and curl, and for postgres a server at BENCH_POSTGRES / BENCH_POSTGRES_URL. 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/../.."
KEYS=${1:-100000}
MEMBER_KEYS=${2:-10000}
APP_KEYS=${3:-30000}
PROVIDER=${PROVIDER:-sqlite}
PORT=${PORT:-5098}
BASE="http://127.0.0.1:$PORT"
APP=com.scale.app
PG=${BENCH_POSTGRES:-"Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres"}
PG_URL=${BENCH_POSTGRES_URL:-"postgresql://postgres:postgres@127.0.0.1:5432/postgres"}
DB=apikeys_scale_$$
WORK=$(mktemp -d /tmp/apikeys-scale.XXXXXX)
SERVICE_PID=
cleanup() {
  [ -n "$SERVICE_PID" ] && kill "$SERVICE_PID" 2>/dev/null
  [ "$PROVIDER" = postgres ] && { sleep 1; psql "$PG_URL" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1; }
  true
}
trap cleanup EXIT

DATABASE=(Database__Provider=sqlite ConnectionStrings__Default="Data Source=$WORK/scale.db")
if [ "$PROVIDER" = postgres ]; then
  psql "$PG_URL" -qc "CREATE DATABASE $DB" >/dev/null
  DATABASE=(Database__Provider=postgres ConnectionStrings__Default="$PG;Database=$DB")
fi

if [ -n "${BENCH_APP:-}" ]; then cp -r "$BENCH_APP" "$WORK/app"; else dotnet publish src/Api -c Release -o "$WORK/app" --nologo -v quiet >/dev/null; fi
env MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2} ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning "${DATABASE[@]}" \
  RateLimiting__VerifyPermitsPerSecond=100000000 Auth__Jwt__SigningKey=scale-signing-key-for-hs256-at-least-32-bytes \
  Auth__Jwt__Issuer=https://idp.scale Auth__Jwt__Audience=apikeys-scale "$WORK/app/ApiKeys.Api" --urls "$BASE" >> "$WORK/service.log" 2>&1 &
SERVICE_PID=$!
for _ in $(seq 1 600); do curl -sf "$BASE/health/ready" >/dev/null 2>&1 && break; sleep 0.1; done
OWNER=$(grep -o 'capy_live_[0-9A-Za-z]\{38\}' "$WORK/service.log" | tail -1)
ORG=$(grep -o 'org_[0-9a-f]\{32\}' "$WORK/service.log" | tail -1)
curl -sf -X POST "$BASE/v1/organizations/$ORG/apps" -H "Authorization: Bearer $OWNER" -H 'Content-Type: application/json' \
  -d "{\"app_id\": \"$APP\", \"name\": \"Scale\"}" >/dev/null
echo "$PROVIDER, $KEYS keys"
peak() { echo "  peak RSS so far $(( $(awk '/VmHWM/ {print $2}' "/proc/$SERVICE_PID/status") / 1024 )) MB (VmHWM)"; }
python3 tests/load/scale.py seed "$BASE" "$ORG" "$OWNER" "$KEYS" "$APP"; peak
python3 tests/load/scale.py filters "$BASE" "$ORG" "$OWNER" "$APP"; peak
python3 tests/load/scale.py remove-member "$BASE" "$ORG" "$OWNER" "$MEMBER_KEYS"; peak
curl -sf -X POST "$BASE/v1/organizations/$ORG/apps" -H "Authorization: Bearer $OWNER" -H 'Content-Type: application/json' \
  -d '{"app_id": "com.scale.deleted", "name": "Deleted"}' >/dev/null
python3 tests/load/scale.py seed "$BASE" "$ORG" "$OWNER" "$APP_KEYS" com.scale.deleted d >/dev/null
echo "an app bound by $APP_KEYS keys:"
python3 tests/load/scale.py delete-app "$BASE" "$ORG" "$OWNER" com.scale.deleted; peak
