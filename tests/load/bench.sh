#!/usr/bin/env bash
# The hot-path benchmark of issue 4. Starts the service in Release on a fresh SQLite database, then measures,
# in one run and pair by pair:
#   1 GET /health/live (baseline)   2 GET /v1/me, warm secure key   3 POST /v1/keys/verify, warm key
#   4 case 2 under a flood of forged tokens (real prefix, wrong secrets)   5 first request of 100 new keys
# and prints requests/s, p50, p99, the ratios 2/1, 3/1, 4/2, Argon2 verifications and the service's peak memory.
# Needs hey and wrk (Debian packages). Usage: tests/load/bench.sh [seconds per case, default 10]
set -euo pipefail
cd "$(dirname "$0")/../.."
REPO=$(pwd)
DURATION=${1:-10}
CONCURRENCY=${CONCURRENCY:-32}
PORT=${PORT:-5099}
BASE="http://127.0.0.1:$PORT"
WORK=$(mktemp -d /tmp/apikeys-bench.XXXXXX)
command -v hey >/dev/null && command -v wrk >/dev/null || { echo "needs hey and wrk: apt-get install hey wrk"; exit 2; }

echo "building Release into $WORK/app"
dotnet publish src/Api -c Release -o "$WORK/app" --nologo -v quiet >/dev/null
cd "$WORK"
ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
  RateLimiting__VerifyPermitsPerSecond=10000000 \
  ConnectionStrings__Default="Data Source=$WORK/bench.db" \
  dotnet app/ApiKeys.Api.dll --urls "$BASE" > service.log 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -sf "$BASE/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
OWNER=$(grep -o 'capy_live_[0-9A-Za-z]\{38\}' service.log | head -1)
ORG=$(grep -o 'org_[0-9a-f]\{32\}' service.log | head -1)
API="$BASE/v1/organizations/$ORG"
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
create_key() { curl -sf -X POST "$API/api-keys" -H "Authorization: Bearer $OWNER" -H 'Content-Type: application/json' -d "$1"; }
KEY=$(create_key '{"name": "bench", "org_role": "member"}' | json '["plaintext_api_key"]')
curl -sf "$BASE/v1/me" -H "Authorization: Bearer $KEY" >/dev/null   # warm it

metric() { curl -sf "$BASE/metrics" | awk -v name="$1" '$1 ~ "^"name"(\\{|$)" {sum += $2} END {print sum + 0}'; }

# hey prints Requests/sec and a latency distribution; keep rps, p50, p99 (ms) and the status codes.
run_hey() {
  local label=$1; shift
  hey -z "${DURATION}s" -c "$CONCURRENCY" "$@" > "$WORK/$label.txt"
  python3 - "$WORK/$label.txt" "$label" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
p = {m.group(1): float(m.group(2)) * 1000 for m in re.finditer(r"(\d+)%+ in ([\d.]+) secs", text)}
codes = dict(re.findall(r"\[(\d+)\]\s+(\d+) responses", text))
print(f"{sys.argv[2]:<28} {rps:>10.0f} req/s   p50 {p.get('50', 0):7.2f} ms   p99 {p.get('99', 0):7.2f} ms   status {codes}")
open(sys.argv[1] + ".rps", "w").write(str(rps))
PY
}
rps() { cat "$WORK/$1.txt.rps"; }

# Warm-up: let tiered JIT compile the hot paths before anything is measured.
hey -z 3s -c "$CONCURRENCY" "$BASE/health/live" >/dev/null
hey -z 3s -c "$CONCURRENCY" -H "Authorization: Bearer $KEY" "$BASE/v1/me" >/dev/null
hey -z 3s -c "$CONCURRENCY" -m POST -T application/json -d "{\"key\": \"$KEY\"}" "$BASE/v1/keys/verify" >/dev/null

echo
echo "case                           throughput      latency                        "
run_hey 1-health-live "$BASE/health/live"
ARGON_BEFORE=$(metric apikeys_argon2_verifications_total)
run_hey 2-me-warm -H "Authorization: Bearer $KEY" "$BASE/v1/me"
run_hey 3-verify-warm -m POST -T application/json -d "{\"key\": \"$KEY\"}" "$BASE/v1/keys/verify"
ARGON_WARM=$(( $(metric apikeys_argon2_verifications_total) - ARGON_BEFORE ))

# Case 5 runs before the flood, which spends this address's failure budget: the first request of 100 new keys,
# one at a time (the cold path: one read, one Argon2id).
for i in $(seq 1 100); do create_key "{\"name\": \"cold $i\"}" | json '["plaintext_api_key"]'; done > "$WORK/cold-keys.txt"
ARGON_COLD_BEFORE=$(metric apikeys_argon2_verifications_total)
while read -r cold; do
  curl -s -o /dev/null -w '%{time_total}\n' "$BASE/v1/me" -H "Authorization: Bearer $cold"
done < "$WORK/cold-keys.txt" > "$WORK/cold.txt"
ARGON_COLD=$(( $(metric apikeys_argon2_verifications_total) - ARGON_COLD_BEFORE ))
python3 "$REPO/tests/load/forge_tokens.py" "$KEY" 20000 > "$WORK/tokens.txt"
FLOOD_TOKENS="$WORK/tokens.txt" wrk -t 1 -c 16 -d "${DURATION}s" -s "$REPO/tests/load/flood.lua" "$BASE" > "$WORK/flood.txt" 2>&1 &
FLOOD=$!
sleep 1
run_hey 4-me-warm-under-flood -H "Authorization: Bearer $KEY" "$BASE/v1/me"
wait $FLOOD || true
FLOOD_REQS=$(grep -o '[0-9]* requests in' "$WORK/flood.txt" | awk '{print $1}')
FLOOD_NON2XX=$(grep -o 'Non-2xx or 3xx responses: [0-9]*' "$WORK/flood.txt" | awk '{print $NF}')

HASH_MS=$(curl -sf "$BASE/metrics" | python3 -c '
import re, sys
text = sys.stdin.read()
total = sum(float(v) for v in re.findall(r"^apikeys_argon2_verification_duration_milliseconds_sum\S* ([\d.e+]+)", text, re.M))
count = sum(float(v) for v in re.findall(r"^apikeys_argon2_verification_duration_milliseconds_count\S* ([\d.e+]+)", text, re.M))
print(f"{total / count:.1f}" if count else "0")')
PEAK_MB=$(awk '/VmHWM/ {printf "%.0f", $2 / 1024}' /proc/$PID/status)

python3 - "$WORK" "$ARGON_WARM" "$ARGON_COLD" "$HASH_MS" "$PEAK_MB" "${FLOOD_REQS:-0}" "${FLOOD_NON2XX:-0}" <<'PY'
import statistics, sys
work, argon_warm, argon_cold, hash_ms, peak_mb, flood_reqs, flood_non2xx = sys.argv[1:]
r = {n: float(open(f"{work}/{n}.txt.rps").read()) for n in ["1-health-live", "2-me-warm", "3-verify-warm", "4-me-warm-under-flood"]}
cold = sorted(float(x) * 1000 for x in open(f"{work}/cold.txt"))
p50 = statistics.median(cold)
p99 = cold[min(len(cold) - 1, int(len(cold) * 0.99))]
print(f"{'5-cold-first-request':<28} {len(cold):>10} keys    p50 {p50:7.2f} ms   p99 {p99:7.2f} ms")
print()
print(f"ratio 2/1 (me warm / health)        {r['2-me-warm'] / r['1-health-live']:.2f}   target >= 0.7")
print(f"ratio 3/1 (verify warm / health)    {r['3-verify-warm'] / r['1-health-live']:.2f}   target >= 0.6")
print(f"ratio 4/2 (warm under flood / warm) {r['4-me-warm-under-flood'] / r['2-me-warm']:.2f}   target >= 0.7")
print(f"flood: {flood_reqs} forged requests, {flood_non2xx} refused (401/429/503)")
print(f"Argon2 verifications during cases 2-3 (one warm key): {argon_warm}")
print(f"Argon2 verifications for 100 cold keys: {argon_cold}")
print(f"mean Argon2id verification {hash_ms} ms; cold p50 / that = {p50 / float(hash_ms):.2f}   target <= 1.5" if float(hash_ms) else "")
print(f"peak memory (VmHWM) {peak_mb} MB   target < 300")
PY
