#!/usr/bin/env bash
# Issue 24's benchmark: POST /v1/keys/verify of three warm keys in one run, alternating, medians of RUNS runs: a plain
# key, a key with credits (10^12, reserved ahead of use) and a key with one large rate limit, in three set-ups:
#
#   SQLite, one node
#   PostgreSQL, one node
#   PostgreSQL + Redis, two nodes (both loaded at once by two wrk processes; their req/s added)
#
# Goals (issue 24): credits >= 0.8 of plain on one node; on two nodes credits and the limit >= 0.7 of plain.
# 127.0.0.1 only; every load bounded by wrk -d; a private redis-server on a free port; databases dropped at exit.
# Needs wrk, redis-server, redis-cli, psql, python3, curl, and PostgreSQL (BENCH_POSTGRES, default the local one).
# Usage: tests/load/governed-bench.sh [runs, default 3] [seconds per case, default 8]   (BENCH_APP=dir: a published folder)
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${1:-3}
DURATION=${2:-8}
PG=${BENCH_POSTGRES:-"Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres"}
PG_URL=${BENCH_POSTGRES_URL:-"postgresql://postgres:postgres@127.0.0.1:5432/postgres"}
PORT_A=${PORT_A:-5095} PORT_B=${PORT_B:-5096} REDIS_PORT=${REDIS_PORT:-6395}
WORK=$(mktemp -d /tmp/apikeys-governedbench.XXXXXX)
DB="apikeys_governed_$$"
for tool in wrk redis-server redis-cli psql; do command -v "$tool" >/dev/null || { echo "needs $tool"; exit 2; }; done
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -f "$WORK/redis.pid" ] && kill "$(cat "$WORK/redis.pid")" 2>/dev/null
  sleep 1; psql "$PG_URL" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
}
trap cleanup EXIT

if [ -n "${BENCH_APP:-}" ]; then
  cp -r "$BENCH_APP" "$WORK/app"
else
  echo "building Release into $WORK"
  dotnet publish src/Api -c Release -o "$WORK/app" --nologo -v quiet >/dev/null
fi
psql "$PG_URL" -qc "CREATE DATABASE $DB" >/dev/null
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes --pidfile "$WORK/redis.pid" --logfile "$WORK/redis.log"
for _ in $(seq 1 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
cd "$WORK"

PROVIDER=sqlite
start() { # PORT [extra env...]
  local port=$1; shift
  local db=(Database__Provider=sqlite ConnectionStrings__Default="Data Source=$WORK/bench.db")
  [ "$PROVIDER" = postgres ] && db=(Database__Provider=postgres ConnectionStrings__Default="$PG;Database=$DB")
  env ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning RateLimiting__VerifyPermitsPerSecond=1000000 \
    "${db[@]}" "$@" dotnet app/ApiKeys.Api.dll --urls "http://127.0.0.1:$port" >> "$WORK/service-$port.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "the service on $port did not start"; cat "$WORK/service-$port.log"; exit 1
}
stop_all() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done; PIDS=(); }
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

make_keys() { # the first start of each database bootstraps its organization and prints its owner key
  start "$PORT_A"
  local base="http://127.0.0.1:$PORT_A"
  local org owner
  org=$(grep -o 'org_[0-9a-f]\{32\}' "$WORK/service-$PORT_A.log" | tail -1)
  owner=$(grep -o 'capy_live_[0-9A-Za-z]\{38\}' "$WORK/service-$PORT_A.log" | tail -1)
  create() { curl -sf -X POST "$base/v1/organizations/$org/api-keys" -H "Authorization: Bearer $owner" -H 'Content-Type: application/json' -d "$1" | json '["plaintext_api_key"]'; }
  VERIFIER=$(create '{"name": "verifier", "org_role": "admin", "scopes": ["apikey.verify"]}')
  PLAIN_KEY=$(create '{"name": "plain", "org_role": "member"}')
  CREDITS_KEY=$(create '{"name": "credits", "org_role": "member", "credits": {"remaining": 1000000000000}}')
  LIMITED_KEY=$(create '{"name": "one limit", "org_role": "member", "rate_limits": [{"name": "per_minute", "limit": 1000000000, "window_seconds": 60}]}')
  [ -n "$CREDITS_KEY" ] && [ -n "$LIMITED_KEY" ] || { echo "could not create the keys"; exit 1; }
  stop_all
}

cat > verify.lua <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("VERIFIER_KEY")
wrk.body = '{"key": "' .. os.getenv("VERIFIED_KEY") .. '"}'
LUA
load() { # KEY SECONDS PORT...   prints "req/s non2xx" summed over the ports
  local key=$1 seconds=$2; shift 2
  local outs=() loads=()
  for port in "$@"; do
    VERIFIER_KEY=$VERIFIER VERIFIED_KEY=$key wrk -t1 -c16 -d"${seconds}s" -s verify.lua "http://127.0.0.1:$port/v1/keys/verify" > "$WORK/wrk-$port.out" &
    loads+=($!); outs+=("$WORK/wrk-$port.out")
  done
  wait "${loads[@]}"
  cat "${outs[@]}" | awk '/Requests\/sec/ {rps += $2} /Non-2xx/ {bad += $NF} END {printf "%.0f %d\n", rps, bad}'
}

report=()
bench() { # LABEL REDIS(yes|no) PORT...
  local label=$1 redis=$2; shift 2
  for port in "$@"; do
    if [ "$redis" = yes ]; then start "$port" Redis__Configuration="127.0.0.1:$REDIS_PORT"; else start "$port"; fi
  done
  for key in "$PLAIN_KEY" "$CREDITS_KEY" "$LIMITED_KEY"; do load "$key" 2 "$@" >/dev/null; done   # warm, JIT included
  local plain=() credits=() limited=() bad=0 rps b
  for run in $(seq 1 "$RUNS"); do
    read -r rps b < <(load "$PLAIN_KEY" "$DURATION" "$@"); plain+=("$rps"); bad=$((bad + b))
    read -r rps b < <(load "$CREDITS_KEY" "$DURATION" "$@"); credits+=("$rps"); bad=$((bad + b))
    read -r rps b < <(load "$LIMITED_KEY" "$DURATION" "$@"); limited+=("$rps"); bad=$((bad + b))
    echo "$label, run $run: plain ${plain[-1]}, credits ${credits[-1]}, rate limit ${limited[-1]} req/s"
  done
  report+=("$(python3 - "$label" "${plain[*]}" "${credits[*]}" "${limited[*]}" "$bad" <<'PY'
import statistics, sys
label, plain, credits, limited, bad = sys.argv[1:]
m = lambda s: statistics.median(map(float, s.split()))
p, c, l = m(plain), m(credits), m(limited)
print(f"| {label} | {p:.0f} | {c:.0f} ({c / p:.2f}) | {l:.0f} ({l / p:.2f}) | {bad} |")
PY
)")
  stop_all
}

PROVIDER=sqlite; make_keys; bench "SQLite, one node" no "$PORT_A"
PROVIDER=postgres; make_keys; bench "PostgreSQL, one node" no "$PORT_A"
bench "PostgreSQL + Redis, two nodes" yes "$PORT_A" "$PORT_B"
echo
echo "| set-up | plain req/s | credits req/s (of plain) | one rate limit req/s (of plain) | non-2xx |"
echo "|---|---|---|---|---|"
printf '%s\n' "${report[@]}"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
