#!/usr/bin/env bash
# Issue 13's benchmark, one node: POST /v1/keys/verify of a warm key with one rate limit against verify of a warm
# key without limits, in one run, alternating, medians of RUNS runs. 127.0.0.1 only, each load bounded by wrk -d.
# Two nodes with Redis: see the Redis limiter's own figures (not measured by this script).
#
# Needs wrk, python3, curl. Usage: tests/load/governance-bench.sh [runs, default 3] [seconds per case, default 8]
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${1:-3}
DURATION=${2:-8}
PORT=${PORT:-5097}
BASE="http://127.0.0.1:$PORT"
WORK=$(mktemp -d /tmp/apikeys-govbench.XXXXXX)
command -v wrk >/dev/null || { echo "needs wrk: apt-get install wrk"; exit 2; }
PID=
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null || true' EXIT

dotnet publish src/Api -c Release -o "$WORK/app" --nologo -v quiet >/dev/null
cd "$WORK"
env ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning RateLimiting__VerifyPermitsPerSecond=100000000 \
  ConnectionStrings__Default="Data Source=$WORK/bench.db" dotnet app/ApiKeys.Api.dll --urls "$BASE" > "$WORK/service.log" 2>&1 &
PID=$!
for _ in $(seq 1 300); do curl -sf "$BASE/health/ready" >/dev/null 2>&1 && break; sleep 0.1; done
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
# The first start prints the new organization and its owner key once.
ORG=$(grep -o 'org_[0-9a-f]\{32\}' "$WORK/service.log" | head -1); OWNER=$(grep -o 'capy_live_[0-9A-Za-z]\{38\}' "$WORK/service.log" | head -1)
create() { curl -sf -X POST "$BASE/v1/organizations/$ORG/api-keys" -H "Authorization: Bearer $OWNER" -H 'Content-Type: application/json' -d "$1" | json '["plaintext_api_key"]'; }
VERIFIER=$(create '{"name": "verifier", "org_role": "admin", "scopes": ["apikey.verify"]}')
BARE_KEY=$(create '{"name": "no limits", "org_role": "member"}')
LIMITED_KEY=$(create '{"name": "one limit", "org_role": "member", "rate_limits": [{"name": "per-minute", "limit": 1000000000, "window_seconds": 60}]}')
cat > verify.lua <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("VERIFIER_KEY")
wrk.body = '{"key": "' .. os.getenv("VERIFIED_KEY") .. '"}'
LUA
rps() { VERIFIER_KEY=$VERIFIER VERIFIED_KEY=$1 wrk -t2 -c32 -d"${2}s" -s verify.lua "$BASE/v1/keys/verify" | awk '/Requests\/sec/ {print $2}'; }
for key in "$BARE_KEY" "$LIMITED_KEY"; do rps "$key" 2 >/dev/null; done   # warm both, JIT included
bare=(); limited=()
for run in $(seq 1 "$RUNS"); do
  bare+=("$(rps "$BARE_KEY" "$DURATION")"); limited+=("$(rps "$LIMITED_KEY" "$DURATION")")
  echo "run $run: no limits ${bare[-1]} req/s, one rate limit ${limited[-1]} req/s"
done
python3 - "${bare[*]}" "${limited[*]}" <<'PY'
import statistics, sys
b = statistics.median(map(float, sys.argv[1].split())); l = statistics.median(map(float, sys.argv[2].split()))
print(f"median: no limits {b:.0f} req/s, one rate limit {l:.0f} req/s, ratio {l / b:.2f}")
PY
