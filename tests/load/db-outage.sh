#!/usr/bin/env bash
# Issue 5's fault test, run by hand (it stops the machine's PostgreSQL, so it cannot run beside the test suite).
# Starts the service on a fresh PostgreSQL database, keeps load on a warm key (/v1/me) and on a database route
# (GET api-keys) while PostgreSQL is stopped for OUTAGE seconds and started again, then checks: no 500s, 503s
# with Retry-After while down, full service after, and no key or audit event lost.
# Usage: tests/load/db-outage.sh   (needs root, pg_ctlcluster, hey; PG at 127.0.0.1 with postgres/postgres)
set -euo pipefail
cd "$(dirname "$0")/../.."
OUTAGE=${OUTAGE:-10}
# CACHE_TTL (default 5 s) is shorter than the outage, so the warm key outlives its cache entry: stale-if-error keeps it working.
PORT=${PORT:-5098}
BASE="http://127.0.0.1:$PORT"
PGVERSION=$(ls /usr/lib/postgresql | sort -V | tail -1)
DB="apikeys_outage_$$"
WORK=$(mktemp -d /tmp/apikeys-outage.XXXXXX)
PGCONN="Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres"
su postgres -c "psql -q -c 'CREATE DATABASE $DB'"
dotnet build src/Api -c Release --nologo -v quiet >/dev/null
ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning Database__Provider=postgres Auth__HotPath__CacheTtlSeconds=${CACHE_TTL:-5} \
  ConnectionStrings__Default="$PGCONN;Database=$DB;Timeout=3;Command Timeout=5" \
  dotnet src/Api/bin/Release/net10.0/ApiKeys.Api.dll --urls "$BASE" > "$WORK/service.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; pg_ctlcluster $PGVERSION main start 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -sf "$BASE/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
OWNER=$(grep -o 'capy_live_[0-9A-Za-z]\{38\}' "$WORK/service.log" | head -1)
ORG=$(grep -o 'org_[0-9a-f]\{32\}' "$WORK/service.log" | head -1)
API="$BASE/v1/organizations/$ORG"
for i in 1 2 3; do curl -sf -X POST "$API/api-keys" -H "Authorization: Bearer $OWNER" -H 'Content-Type: application/json' -d "{\"name\": \"before $i\"}" >/dev/null; done
curl -sf "$BASE/v1/me" -H "Authorization: Bearer $OWNER" >/dev/null
count() { curl -sf "$API/$1?limit=200" -H "Authorization: Bearer $OWNER" | python3 -c "import json,sys; print(len(json.load(sys.stdin)['$2']))"; }
KEYS_BEFORE=$(count api-keys api_keys); EVENTS_BEFORE=$(count audit-events audit_events)

DURATION=$((OUTAGE + 12))
hey -z "${DURATION}s" -c 4 -H "Authorization: Bearer $OWNER" "$BASE/v1/me" > "$WORK/warm.txt" &
WARM_LOAD=$!
hey -z "${DURATION}s" -c 4 -H "Authorization: Bearer $OWNER" "$API/api-keys" > "$WORK/db.txt" &
DB_LOAD=$!
sleep 4
pg_ctlcluster "$PGVERSION" main stop
echo "PostgreSQL stopped"
sleep 1
READY_DOWN=$(curl -s -o /dev/null -w '%{http_code}' "$BASE/health/ready")
DOWN_HEADERS=$(curl -s -D - -o "$WORK/down-body.json" "$API/api-keys" -H "Authorization: Bearer $OWNER" | tr -d '\r')
sleep $((OUTAGE - 1))
pg_ctlcluster "$PGVERSION" main start
echo "PostgreSQL started"
wait $WARM_LOAD $DB_LOAD || true
for _ in $(seq 1 60); do curl -sf "$BASE/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
READY_UP=$(curl -s -o /dev/null -w '%{http_code}' "$BASE/health/ready")
KEYS_AFTER=$(count api-keys api_keys); EVENTS_AFTER=$(count audit-events audit_events)
NEW_KEY=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$API/api-keys" -H "Authorization: Bearer $OWNER" -H 'Content-Type: application/json' -d '{"name": "after"}')
KEYS_FINAL=$(count api-keys api_keys)

codes() { grep -o '\[[0-9]*\][[:space:]]*[0-9]* responses' "$1" | tr '\n' ' '; }
echo "warm key /v1/me during the run:      $(codes "$WORK/warm.txt")"
echo "database route GET api-keys:         $(codes "$WORK/db.txt")"
echo "while down: /health/ready $READY_DOWN; GET api-keys $(echo "$DOWN_HEADERS" | head -1); $(echo "$DOWN_HEADERS" | grep -i '^retry-after') body $(cat "$WORK/down-body.json")"
echo "after: /health/ready $READY_UP; keys $KEYS_BEFORE -> $KEYS_AFTER; audit events $EVENTS_BEFORE -> $EVENTS_AFTER; a new key: $NEW_KEY, keys now $KEYS_FINAL"
if grep -q '\[500\]' "$WORK/warm.txt" "$WORK/db.txt"; then echo "FAIL: 500s seen"; exit 1; fi
su postgres -c "psql -q -c 'DROP DATABASE $DB WITH (FORCE)'" >/dev/null
