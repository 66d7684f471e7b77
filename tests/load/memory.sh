#!/usr/bin/env bash
# Memory per cached key (issue 25): a service on a fresh SQLite database (Argon2 parameters lowered so that making
# the keys takes seconds: the cached entries are the same size), KEYS keys made, then each warmed by one GET /v1/me
# and, with VERIFY=1, one POST /v1/keys/verify too. The cache's bound is raised to hold every key (its default,
# Auth:HotPath:CacheSizeLimit, is 100,000 tokens: past it the least recently seen tenth goes). Prints the managed
# heap per key (dotnet-gcdump before and after the warming), the RSS per key, the types that grew most, per key, and the peak RSS (VmHWM) of a process that
# restarted on the same database and served every key (no gcdump in it).
#   tests/load/memory.sh [KEYS, default 10000]
# Needs python3, curl and the local tool dotnet-gcdump (dotnet tool restore). 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/../.."
KEYS=${1:-10000}
PORT=${PORT:-5097}
BASE="http://127.0.0.1:$PORT"
WORK=$(mktemp -d /tmp/apikeys-memory.XXXXXX)
SERVICE_PID=
trap '[ -n "$SERVICE_PID" ] && kill "$SERVICE_PID" 2>/dev/null; true' EXIT

dotnet publish src/Api -c Release -o "$WORK/app" --nologo -v quiet >/dev/null
dotnet tool restore >/dev/null
start_service() {
  env MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2} ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning ConnectionStrings__Default="Data Source=$WORK/memory.db" \
    Argon2__MemoryKiB=64 Argon2__Iterations=1 Auth__HotPath__CacheTtlSeconds=3600 Auth__HotPath__CacheSizeLimit=$(( KEYS + KEYS / 10 + 10 )) RateLimiting__VerifyPermitsPerSecond=100000000 \
    "$WORK/app/ApiKeys.Api" --urls "$BASE" >> "$WORK/service.log" 2>&1 &
  SERVICE_PID=$!
  for _ in $(seq 1 300); do curl -sf "$BASE/health/ready" >/dev/null 2>&1 && return; sleep 0.1; done
  echo "the service did not start"; exit 1
}
stop_service() { kill "$SERVICE_PID"; wait "$SERVICE_PID" 2>/dev/null || true; SERVICE_PID=; }
start_service
OWNER=$(grep -o 'capy_live_[0-9A-Za-z]\{38\}' "$WORK/service.log" | tail -1)
ORG=$(grep -o 'org_[0-9a-f]\{32\}' "$WORK/service.log" | tail -1)
python3 tests/load/keys.py create "$BASE" "$ORG" "$OWNER" "$KEYS" > "$WORK/keys.txt"
# The path itself JIT-compiled and its shared objects made before the first count.
python3 tests/load/keys.py warm "$BASE" <(head -1 "$WORK/keys.txt") >/dev/null
curl -sf -X POST "$BASE/v1/keys/verify" -H "Authorization: Bearer $OWNER" -H 'Content-Type: application/json' \
  -d "{\"key\": \"$(head -1 "$WORK/keys.txt")\"}" >/dev/null

dump() { dotnet dotnet-gcdump collect -p "$SERVICE_PID" -o "$WORK/$1.gcdump" >/dev/null 2>&1 && dotnet dotnet-gcdump report "$WORK/$1.gcdump" > "$WORK/$1.txt"; }
heap() { awk '/GC Heap bytes/ {gsub(",", "", $1); print $1; exit}' "$WORK/$1.txt"; }
rss() { awk '/VmRSS/ {print $2}' "/proc/$SERVICE_PID/status"; }
dump before
RSS_BEFORE=$(rss)
WARM=$(python3 tests/load/keys.py warm "$BASE" "$WORK/keys.txt")
if [ "${VERIFY:-0}" = 1 ]; then
  while read -r token; do
    curl -sf -o /dev/null -X POST "$BASE/v1/keys/verify" -H "Authorization: Bearer $OWNER" -H 'Content-Type: application/json' -d "{\"key\": \"$token\"}"
  done < "$WORK/keys.txt"
fi
dump after
RSS_AFTER=$(rss)
stop_service
# The peak with every key cached, apart from making them and from gcdump's own buffers: a new process on the same
# database, each key's first request after the restart recognised by its stored digest, then warm.
start_service
python3 tests/load/keys.py warm "$BASE" "$WORK/keys.txt" >/dev/null
PEAK=$(awk '/VmHWM/ {print $2}' "/proc/$SERVICE_PID/status")
PEAK_RSS=$(rss)

before=$(heap before) after=$(heap after)
echo "keys $KEYS, warm answers $WARM"
echo "managed heap per cached key: $(( (after - before) / KEYS )) B (heap $(( before / 1000000 )) → $(( after / 1000000 )) MB)"
echo "RSS per cached key: $(( (RSS_AFTER - RSS_BEFORE) * 1024 / KEYS )) B (RSS $(( RSS_BEFORE / 1024 )) → $(( RSS_AFTER / 1024 )) MB)"
echo "restarted and every key warmed again: peak RSS $(( PEAK / 1024 )) MB (VmHWM), RSS then $(( PEAK_RSS / 1024 )) MB"
echo "types that grew most, bytes per key (count per key):"
# The report's rows are "size of one object, count, type (size bucket)"; totals per type, their growth per key.
python3 - "$WORK/before.txt" "$WORK/after.txt" "$KEYS" <<'PY'
import re, sys
from collections import defaultdict
def totals(path):
    out = defaultdict(lambda: [0, 0])
    for line in open(path):
        m = re.match(r"\s*([\d,]+)\s+([\d,]+)\s+(.+?)(?:\s+\(Bytes > [^)]*\))?\s+\[[^]]*\]\s*$", line)
        if m:
            size, count = int(m.group(1).replace(",", "")), int(m.group(2).replace(",", ""))
            out[m.group(3)][0] += size * count
            out[m.group(3)][1] += count
    return out
before, after, keys = totals(sys.argv[1]), totals(sys.argv[2]), int(sys.argv[3])
grown = sorted(((after[t][0] - before[t][0], after[t][1] - before[t][1], t) for t in after), reverse=True)
for size, count, name in grown[:15]:
    print(f"  {size / keys:8.1f}  ({count / keys:.2f})  {name[:110]}")
PY
