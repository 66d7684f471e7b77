#!/usr/bin/env bash
# The hot-path benchmark (issue 15). One script, every figure, medians of RUNS runs, every ratio against a bare
# ASP.NET Core app (tests/load/Baseline) measured in the same run on the same machine. 127.0.0.1 only, every load
# bounded in time (wrk -d) or count.
#
#   bare      GET /v1/me of tests/load/Baseline: the same JSON body with nothing but Kestrel and routing
#   health    GET /health/live
#   me        GET /v1/me, warm org_member key
#   verify    POST /v1/keys/verify, warm key, asked by a verifier key holding apikey.verify (its per-credential
#             limit, RateLimiting__VerifyPermitsPerSecond, lifted for the benchmark)
#   flood     GET /v1/me, warm key, while 64 connections present forged tokens (the key's prefix, wrong secrets)
#   cold      first request of 50 keys never used before, after a restart, one at a time; vs one Argon2id
#             verification (the service's own histogram over the same requests)
#   herd      restart with 300 keys in use (their digests stored): 32 clients ask for them all, honouring Retry-After
#             on 503 (tests/load/restart-herd.sh KEYS measures the same for any number of keys)
#   memory    peak memory (VmHWM) of every service process; heap per cached key with 10,000 warm keys (one run,
#             dotnet-gcdump before and after warming; Argon2 parameters lowered for that instance only, so that
#             making 10,000 keys takes seconds: the cached entries are the same size)
#
# Needs wrk (apt-get install wrk), python3, curl. Usage: tests/load/bench.sh [runs, default 3] [seconds per case, default 8]
set -euo pipefail
cd "$(dirname "$0")/../.."
REPO=$(pwd)
RUNS=${1:-3}
DURATION=${2:-8}
THREADS=2
CONNECTIONS=32
PORT=${PORT:-5099}
BARE_PORT=${BARE_PORT:-5098}
BASE="http://127.0.0.1:$PORT"
BARE="http://127.0.0.1:$BARE_PORT"
WORK=$(mktemp -d /tmp/apikeys-bench.XXXXXX)
command -v wrk >/dev/null || { echo "needs wrk: apt-get install wrk"; exit 2; }
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

echo "building Release into $WORK"
dotnet publish src/Api -c Release -o "$WORK/app" --nologo -v quiet >/dev/null
dotnet publish tests/load/Baseline -c Release -o "$WORK/bare" --nologo -v quiet >/dev/null
dotnet tool restore >/dev/null
cd "$WORK"

SERVICE_PID=
PEAKS=()
start_service() { # [extra env...]: the service on a SQLite file in $WORK
  env MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2} ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
    RateLimiting__VerifyPermitsPerSecond=100000000 \
    ConnectionStrings__Default="Data Source=$WORK/${DB:-bench}.db" "$@" \
    dotnet app/ApiKeys.Api.dll --urls "$BASE" >> "$WORK/service.log" 2>&1 &
  SERVICE_PID=$!
  PIDS+=("$SERVICE_PID")
}
wait_ready() { for _ in $(seq 1 200); do curl -sf "$BASE/health/ready" >/dev/null 2>&1 && return 0; sleep 0.1; done; echo "service did not start"; exit 1; }
stop_service() {
  PEAKS+=("$(awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$SERVICE_PID/status")")
  kill "$SERVICE_PID"; wait "$SERVICE_PID" 2>/dev/null || true
}
metric() { curl -sf "$BASE/metrics" | awk -v name="$1" '$1 ~ "^"name"(\\{|$)" {sum += $2} END {printf "%.3f\n", sum + 0}'; }
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

# wrk → "rps p50_ms p99_ms non2xx requests"
run_wrk() {
  local out; out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@")
  echo "$out" | python3 -c '
import re, sys
t = sys.stdin.read()
def ms(v, u): return float(v) * {"us": 0.001, "ms": 1, "s": 1000}[u]
lat = {p: ms(v, u) for p, v, u in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)", t, re.M)}
non = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
print(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1), lat.get("50", 0), lat.get("99", 0), non.group(1) if non else 0,
      re.search(r"(\d+) requests in", t).group(1))'
}

dotnet bare/Baseline.dll --urls "$BARE" > bare.log 2>&1 &
PIDS+=("$!")
start_service
wait_ready
OWNER=$(grep -o 'capy_live_[0-9A-Za-z]\{38\}' service.log | head -1)
ORG=$(grep -o 'org_[0-9a-f]\{32\}' service.log | head -1)
API="$BASE/v1/organizations/$ORG"
create_key() { curl -sf -X POST "$API/api-keys" -H "Authorization: Bearer $OWNER" -H 'Content-Type: application/json' -d "$1" | json '["plaintext_api_key"]'; }
KEY=$(create_key '{"name": "bench", "org_role": "member"}')
export VERIFIER_KEY; VERIFIER_KEY=$(create_key '{"name": "verifier", "org_role": "admin", "scopes": ["apikey.verify"]}')
export VERIFIED_KEY=$KEY
python3 "$REPO/tests/load/keys.py" create "$BASE" "$ORG" "$OWNER" 300 > herd-keys.txt
python3 "$REPO/tests/load/keys.py" warm "$BASE" herd-keys.txt > /dev/null   # in use: each has its digest
python3 "$REPO/tests/load/forge_tokens.py" "$KEY" 20000 > forged.txt
curl -sf "$BASE/v1/me" -H "Authorization: Bearer $KEY" >/dev/null

# Warm-up: tiered JIT compiles the hot paths of both apps before anything is measured.
wrk -t2 -c32 -d3s "$BARE/v1/me" >/dev/null
wrk -t2 -c32 -d3s "$BASE/health/live" >/dev/null
wrk -t2 -c32 -d3s -H "Authorization: Bearer $KEY" "$BASE/v1/me" >/dev/null
wrk -t2 -c32 -d3s -s "$REPO/tests/load/verify.lua" "$BASE" >/dev/null

for run in $(seq 1 "$RUNS"); do
  echo "run $run of $RUNS (load: $(cut -d' ' -f1-3 /proc/loadavg))"
  R="$WORK/run$run"; mkdir -p "$R"
  run_wrk "$BARE/v1/me" > "$R/bare"
  run_wrk "$BASE/health/live" > "$R/health"
  ARGON_BEFORE=$(metric apikeys_argon2_verifications_total)
  run_wrk -H "Authorization: Bearer $KEY" "$BASE/v1/me" > "$R/me"
  run_wrk -s "$REPO/tests/load/verify.lua" "$BASE" > "$R/verify"
  ARGON_WARM=$(metric apikeys_argon2_verifications_total)
  FLOOD_TOKENS="$WORK/forged.txt" wrk -t1 -c64 -d"$((DURATION + 2))s" -s "$REPO/tests/load/flood.lua" "$BASE" > "$R/flood-wrk.txt" 2>&1 &
  FLOOD=$!
  sleep 1
  run_wrk -H "Authorization: Bearer $KEY" "$BASE/v1/me" > "$R/flood"
  wait "$FLOOD" || true
  echo "$(grep -o '[0-9]* requests in' "$R/flood-wrk.txt" | awk '{print $1}') $(grep -o 'Non-2xx or 3xx responses: [0-9]*' "$R/flood-wrk.txt" | awk '{print $NF}')" > "$R/flood-attack"
  echo "$ARGON_BEFORE $ARGON_WARM $(metric apikeys_argon2_verifications_total)" > "$R/argon-warm"

  # Cold: 50 keys never used (a key used before is recognised by its digest after a restart: see restart-herd.sh),
  # restart, then the first request of each, one at a time.
  python3 "$REPO/tests/load/keys.py" create "$BASE" "$ORG" "$OWNER" 50 > "$R/cold-keys"
  stop_service; start_service; wait_ready
  while read -r cold; do
    curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "$BASE/v1/me" -H "Authorization: Bearer $cold"
  done < "$R/cold-keys" > "$R/cold"
  echo "$(metric apikeys_argon2_verification_duration_milliseconds_sum) $(metric apikeys_argon2_verification_duration_milliseconds_count)" > "$R/argon-cold"

  # Herd: restart with the 300 keys in use and 32 clients waiting for it.
  stop_service; start_service
  python3 "$REPO/tests/load/herd.py" "$BASE" herd-keys.txt 32 60 > "$R/herd"
  wait_ready
  # Both keys known to the restarted node again: the next run's flood spends 127.0.0.1's failure budget, and a key the
  # node does not know is then held back (429) like any other; the owner creates the next run's cold keys.
  curl -sf "$BASE/v1/me" -H "Authorization: Bearer $KEY" >/dev/null
  curl -sf "$BASE/v1/me" -H "Authorization: Bearer $OWNER" >/dev/null
done
stop_service

# Memory per cached key: a separate instance (cheap Argon2 parameters, fresh database), 10,000 keys.
DB=memory start_service Argon2__MemoryKiB=64 Argon2__Iterations=1 Auth__HotPath__CacheTtlSeconds=3600
wait_ready
MOWNER=$(grep -o 'capy_live_[0-9A-Za-z]\{38\}' service.log | tail -1)
MORG=$(grep -o 'org_[0-9a-f]\{32\}' service.log | tail -1)
python3 "$REPO/tests/load/keys.py" create "$BASE" "$MORG" "$MOWNER" 10000 > memory-keys.txt
python3 "$REPO/tests/load/keys.py" warm "$BASE" <(head -1 memory-keys.txt) >/dev/null   # the path itself, JIT-compiled
heap() { (cd "$REPO" && dotnet dotnet-gcdump collect -p "$SERVICE_PID" -o "$WORK/$1.gcdump" >/dev/null 2>&1 && dotnet dotnet-gcdump report "$WORK/$1.gcdump") | awk '/GC Heap bytes/ {gsub(",", "", $1); print $1; exit}'; }
HEAP_BEFORE=$(heap before)
RSS_BEFORE=$(awk '/VmRSS/ {print $2}' "/proc/$SERVICE_PID/status")
python3 "$REPO/tests/load/keys.py" warm "$BASE" memory-keys.txt > memory-warm.json
HEAP_AFTER=$(heap after)
RSS_AFTER=$(awk '/VmRSS/ {print $2}' "/proc/$SERVICE_PID/status")
echo "$HEAP_BEFORE $HEAP_AFTER $RSS_BEFORE $RSS_AFTER $(cat memory-warm.json | tr -d ' ')" > memory
stop_service

python3 "$REPO/tests/load/report.py" "$WORK" "$RUNS" "$DURATION" "${PEAKS[*]}"
