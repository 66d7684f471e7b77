#!/usr/bin/env bash
# Keys at scale (issue 26) on SQLite: KEYS keys with an app role on one app (every tenth with meta team=ci), then
# the first page of each list filter (median and worst of 20), then deleting that app while a GET /v1/me loop runs
# beside it (the DELETE's time, and the slowest /v1/me). Argon2 parameters are lowered so that making the keys
# takes minutes, not hours: what is measured reads rows, never hashes.
#   tests/load/scale.sh [KEYS, default 30000]
# Needs python3 and curl. 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/../.."
KEYS=${1:-30000}
PORT=${PORT:-5098}
BASE="http://127.0.0.1:$PORT"
APP=com.scale.app
WORK=$(mktemp -d /tmp/apikeys-scale.XXXXXX)
SERVICE_PID=
trap '[ -n "$SERVICE_PID" ] && kill "$SERVICE_PID" 2>/dev/null; true' EXIT

dotnet publish src/Api -c Release -o "$WORK/app" --nologo -v quiet >/dev/null
env MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2} ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning ConnectionStrings__Default="Data Source=$WORK/scale.db" \
  Argon2__MemoryKiB=64 Argon2__Iterations=1 RateLimiting__VerifyPermitsPerSecond=100000000 \
  "$WORK/app/ApiKeys.Api" --urls "$BASE" >> "$WORK/service.log" 2>&1 &
SERVICE_PID=$!
for _ in $(seq 1 300); do curl -sf "$BASE/health/ready" >/dev/null 2>&1 && break; sleep 0.1; done
OWNER=$(grep -o 'capy_live_[0-9A-Za-z]\{38\}' "$WORK/service.log" | tail -1)
ORG=$(grep -o 'org_[0-9a-f]\{32\}' "$WORK/service.log" | tail -1)
curl -sf -X POST "$BASE/v1/organizations/$ORG/apps" -H "Authorization: Bearer $OWNER" -H 'Content-Type: application/json' \
  -d "{\"app_id\": \"$APP\", \"name\": \"Scale\"}" >/dev/null
python3 tests/load/scale.py seed "$BASE" "$ORG" "$OWNER" "$KEYS" "$APP"
python3 tests/load/scale.py filters "$BASE" "$ORG" "$OWNER" "$APP"
python3 tests/load/scale.py delete-app "$BASE" "$ORG" "$OWNER" "$APP"
echo "peak RSS $(( $(awk '/VmHWM/ {print $2}' "/proc/$SERVICE_PID/status") / 1024 )) MB (VmHWM)"
