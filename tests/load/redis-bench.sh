#!/usr/bin/env bash
# Issue 13's benchmark: POST /v1/keys/verify of a warm key with one rate limit against the same verify of a warm
# key without limits, in one run, alternating, medians of RUNS runs, in three set-ups over one PostgreSQL database:
#
#   one node, in memory    (no Redis__Configuration: the limit counted on the node)
#   one node, Redis        (Redis__Configuration: the limit counted in Redis, one script per verify of the limited key)
#   two nodes, Redis       (both nodes loaded at once by two wrk processes; their req/s added)
#
# and, with Redis, the Redis calls per verify (redis INFO commandstats: script calls, and all commands, over the
# limited key's runs divided by the requests wrk made). The verify limit per calling credential is lifted to
# 10^6/s so it does not cap the load (its shared bucket then costs one round trip per 10^4 verifies; at the default
# 10^4/s, one per 100). 127.0.0.1 only; every load bounded by wrk -d; a private redis-server on a free port.
#
# Needs wrk, redis-server, redis-cli, psql, python3, curl, and PostgreSQL (BENCH_POSTGRES, default the local one).
# Usage: tests/load/redis-bench.sh [runs, default 3] [seconds per case, default 8]   (BENCH_APP=dir: a published folder to use)
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${1:-3}
DURATION=${2:-8}
PG=${BENCH_POSTGRES:-"Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres"}
PG_URL=${BENCH_POSTGRES_URL:-"postgresql://postgres:postgres@127.0.0.1:5432/postgres"}
PORT_A=${PORT_A:-5093} PORT_B=${PORT_B:-5094} REDIS_PORT=${REDIS_PORT:-6393}
WORK=$(mktemp -d /tmp/apikeys-redisbench.XXXXXX)
DB="apikeys_bench_$$"
for tool in wrk redis-server redis-cli psql; do command -v "$tool" >/dev/null || { echo "needs $tool"; exit 2; }; done
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -f "$WORK/redis.pid" ] && kill "$(cat "$WORK/redis.pid")" 2>/dev/null
  sleep 1; psql "$PG_URL" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
}
trap cleanup EXIT

if [ -n "${BENCH_APP:-}" ]; then
  cp -r "$BENCH_APP" "$WORK/app"   # a folder dotnet publish -c Release made already
else
  echo "building Release into $WORK"
  dotnet publish src/Api -c Release -o "$WORK/app" --nologo -v quiet >/dev/null
fi
psql "$PG_URL" -qc "CREATE DATABASE $DB" >/dev/null
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes --pidfile "$WORK/redis.pid" --logfile "$WORK/redis.log"
for _ in $(seq 1 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
cd "$WORK"

start() { # PORT [extra env...]
  local port=$1; shift
  env ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning RateLimiting__VerifyPermitsPerSecond=1000000 \
    Database__Provider=postgres ConnectionStrings__Default="$PG;Database=$DB" "$@" \
    dotnet app/ApiKeys.Api.dll --urls "http://127.0.0.1:$port" >> "$WORK/service-$port.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "the service on $port did not start"; cat "$WORK/service-$port.log"; exit 1
}
stop_all() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done; PIDS=(); }
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

# The keys, made once (the first start bootstraps the organization and prints its owner key).
start "$PORT_A"
BASE="http://127.0.0.1:$PORT_A"
ORG=$(grep -o 'org_[0-9a-f]\{32\}' "$WORK/service-$PORT_A.log" | head -1)
OWNER=$(grep -o 'capy_live_[0-9A-Za-z]\{38\}' "$WORK/service-$PORT_A.log" | head -1)
create() { curl -sf -X POST "$BASE/v1/organizations/$ORG/api-keys" -H "Authorization: Bearer $OWNER" -H 'Content-Type: application/json' -d "$1" | json '["plaintext_api_key"]'; }
VERIFIER=$(create '{"name": "verifier", "org_role": "admin", "scopes": ["apikey.verify"]}')
BARE_KEY=$(create '{"name": "no limits", "org_role": "member"}')
LIMITED_KEY=$(create '{"name": "one limit", "org_role": "member", "rate_limits": [{"name": "per_minute", "limit": 1000000000, "window_seconds": 60}]}')
[ -n "$LIMITED_KEY" ] || { echo "could not create a key with rate_limits"; exit 1; }
stop_all

cat > verify.lua <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("VERIFIER_KEY")
wrk.body = '{"key": "' .. os.getenv("VERIFIED_KEY") .. '"}'
LUA
# wrk against each port at once: prints "req/s requests non2xx" summed over the ports.
load() { # KEY SECONDS PORT...
  local key=$1 seconds=$2; shift 2
  local outs=() loads=()
  for port in "$@"; do
    VERIFIER_KEY=$VERIFIER VERIFIED_KEY=$key wrk -t1 -c16 -d"${seconds}s" -s verify.lua "http://127.0.0.1:$port/v1/keys/verify" > "$WORK/wrk-$port.out" &
    loads+=($!); outs+=("$WORK/wrk-$port.out")
  done
  # Only the wrk processes: a bare `wait` would also wait for the services.
  wait "${loads[@]}"
  cat "${outs[@]}" | awk '/Requests\/sec/ {rps += $2} / requests in / {n += $1} /Non-2xx/ {bad += $NF} END {printf "%.0f %d %d\n", rps, n, bad}'
}
scripts() { redis-cli -p "$REDIS_PORT" info commandstats | awk -F'[:=,]' '/^cmdstat_(eval|evalsha):/ {n += $3} END {print n + 0}'; }
commands() { redis-cli -p "$REDIS_PORT" info stats | awk -F: '/^total_commands_processed/ {print $2 + 0}'; }

report=()
bench() { # LABEL REDIS(yes|no) PORT...
  local label=$1 redis=$2; shift 2
  for port in "$@"; do
    if [ "$redis" = yes ]; then start "$port" Redis__Configuration="127.0.0.1:$REDIS_PORT"; else start "$port"; fi
  done
  load "$BARE_KEY" 2 "$@" >/dev/null; load "$LIMITED_KEY" 2 "$@" >/dev/null   # warm both keys on every node, JIT included
  local bare=() limited=() s0 c0 s1 c1 requests=0 bad=0
  for run in $(seq 1 "$RUNS"); do
    read -r rps n b < <(load "$BARE_KEY" "$DURATION" "$@"); bare+=("$rps"); bad=$((bad + b))
    s0=$(scripts); c0=$(commands)
    read -r rps n b < <(load "$LIMITED_KEY" "$DURATION" "$@"); limited+=("$rps"); bad=$((bad + b))
    s1=$(scripts); c1=$(commands)
    requests=$((requests + n)); scripts_total=$(( ${scripts_total:-0} + s1 - s0 )); commands_total=$(( ${commands_total:-0} + c1 - c0 ))
    echo "$label, run $run: no limits ${bare[-1]} req/s, one rate limit ${limited[-1]} req/s"
  done
  report+=("$(python3 - "$label" "${bare[*]}" "${limited[*]}" "$redis" "$requests" "${scripts_total:-0}" "${commands_total:-0}" "$bad" <<'PY'
import statistics, sys
label, bare, limited, redis, requests, scripts, commands, bad = sys.argv[1:]
b = statistics.median(map(float, bare.split())); l = statistics.median(map(float, limited.split()))
line = f"{label}: no limits {b:.0f} req/s, one rate limit {l:.0f} req/s, ratio {l / b:.2f}"
if redis == "yes":
    line += f"; Redis per verify of the limited key: {int(scripts) / int(requests):.3f} script calls, {int(commands) / int(requests):.3f} commands"
print(line + f"; non-2xx answers: {bad}")
PY
)")
  unset scripts_total commands_total
  stop_all
}

bench "one node, in memory" no "$PORT_A"
bench "one node, Redis" yes "$PORT_A"
bench "two nodes, Redis" yes "$PORT_A" "$PORT_B"
echo
printf '%s\n' "${report[@]}"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), redis-server $(redis-server --version | awk '{print $3}')"
