#!/usr/bin/env bash
# Issue 12 benchmark, run by hand: the sample BundleService's authenticated route with a warm key
# (GET /apps/{app}/bundles through ApiKeys.AspNetCore, answered from its cache) against the same route without
# authentication (GET /anonymous/apps/{app}/bundles), in one run, RUNS times alternating; prints each pair and
# the median ratio (target >= 0.8). Both services in Release on 127.0.0.1; ApiKeys on SQLite.
# Needs wrk (Debian package). Usage: tests/load/bundle-bench.sh [seconds per case, default 8] [runs, default 3]
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${1:-8}
RUNS=${2:-3}
CONNECTIONS=${CONNECTIONS:-32}
API_PORT=${API_PORT:-5097}
SAMPLE_PORT=${SAMPLE_PORT:-5098}
API="http://127.0.0.1:$API_PORT"
SAMPLE="http://127.0.0.1:$SAMPLE_PORT"
WORK=$(mktemp -d /tmp/apikeys-bundle-bench.XXXXXX)
command -v wrk >/dev/null || { echo "needs wrk: apt-get install wrk"; exit 2; }

echo "building Release into $WORK"
dotnet publish src/Api -c Release -o "$WORK/api" --nologo -v quiet >/dev/null
dotnet publish samples/BundleService -c Release -o "$WORK/sample" --nologo -v quiet >/dev/null
cd "$WORK"
export ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning
OUT=$(ConnectionStrings__Default="Data Source=$WORK/bench.db" dotnet api/ApiKeys.Api.dll bootstrap --org-name Bench 2>/dev/null | tail -1)
OWNER=$(echo "$OUT" | python3 -c "import json,sys; print(json.load(sys.stdin)['plaintext_api_key'])")
ORG=$(echo "$OUT" | python3 -c "import json,sys; print(json.load(sys.stdin)['organization_id'])")
ConnectionStrings__Default="Data Source=$WORK/bench.db" dotnet api/ApiKeys.Api.dll --urls "$API" > api.log 2>&1 &
API_PID=$!
trap 'kill $API_PID ${SAMPLE_PID:-} 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -sf "$API/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done

post() { curl -sf -X POST "$API/v1/organizations/$ORG/$1" -H "Authorization: Bearer $OWNER" -H 'Content-Type: application/json' -d "$2"; }
secret() { python3 -c "import json,sys; print(json.load(sys.stdin)['plaintext_api_key'])"; }
post apps '{"app_id": "com.bench.app", "name": "Bench"}' >/dev/null
VERIFIER=$(post api-keys '{"name": "bundle service", "org_role": "admin", "scopes": ["apikey.verify"]}' | secret)
KEY=$(post api-keys '{"name": "uploader", "app_roles": [{"app_id": "com.bench.app", "role": "app_uploader"}]}' | secret)

ApiKeys__Authority="$API" ApiKeys__VerifierKey="$VERIFIER" dotnet sample/BundleService.dll --urls "$SAMPLE" > sample.log 2>&1 &
SAMPLE_PID=$!
for _ in $(seq 1 60); do curl -sf "$SAMPLE/health" >/dev/null 2>&1 && break; sleep 0.5; done
curl -sf -o /dev/null -X POST "$SAMPLE/apps/com.bench.app/bundles" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' -d '{"version": "1.0.0"}'
AUTH_STATUS=$(curl -s -o /dev/null -w '%{http_code}' "$SAMPLE/apps/com.bench.app/bundles" -H "Authorization: Bearer $KEY")
ANON_STATUS=$(curl -s -o /dev/null -w '%{http_code}' "$SAMPLE/anonymous/apps/com.bench.app/bundles")
[ "$AUTH_STATUS" = 200 ] && [ "$ANON_STATUS" = 200 ] || { echo "warm-up failed: $AUTH_STATUS / $ANON_STATUS"; tail sample.log; exit 1; }

# wrk's summary: requests/s and non-2xx answers (every answer must be a 200).
measure() {
  local label=$1; shift
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@" > "$WORK/$label.txt"
  python3 - "$WORK/$label.txt" "$label" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)", text)
bad = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
print(f"{sys.argv[2]:<16} {rps:>9.0f} req/s   p50 {p50.group(1)}{p50.group(2)}   non-2xx {bad.group(1) if bad else 0}")
open(sys.argv[1] + ".rps", "w").write(str(rps))
PY
}

wrk -t2 -c"$CONNECTIONS" -d3s -H "Authorization: Bearer $KEY" "$SAMPLE/apps/com.bench.app/bundles" >/dev/null   # JIT warm-up
wrk -t2 -c"$CONNECTIONS" -d3s "$SAMPLE/anonymous/apps/com.bench.app/bundles" >/dev/null
ratios=()
for run in $(seq 1 "$RUNS"); do
  echo "run $run"
  measure "anon-$run" "$SAMPLE/anonymous/apps/com.bench.app/bundles"
  measure "auth-$run" -H "Authorization: Bearer $KEY" "$SAMPLE/apps/com.bench.app/bundles"
  ratios+=("$(python3 -c "print($(cat "$WORK/auth-$run.txt.rps") / $(cat "$WORK/anon-$run.txt.rps"))")")
done
python3 - "${ratios[@]}" <<'PY'
import statistics, sys
ratios = [float(r) for r in sys.argv[1:]]
print("authenticated / anonymous per run:", " ".join(f"{r:.2f}" for r in ratios), f"  median {statistics.median(ratios):.2f} (target >= 0.8)")
PY
