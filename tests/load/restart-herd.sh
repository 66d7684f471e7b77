#!/usr/bin/env bash
# The restart herd (issue 25): KEYS keys are created and each used once (its first Argon2id verification stores its
# keyed digest), the service is restarted, and CLIENTS clients ask GET /v1/me for every key until each has been
# answered 200 (honouring Retry-After on 503). Prints the figure the README quotes: how long after the restart every
# key was served, the statuses seen, and the Argon2id verifications the restarted node made. 127.0.0.1 only.
#
# Usage: tests/load/restart-herd.sh [KEYS=300] [CLIENTS=32] [TIMEOUT_S=120]
# Env: DIGEST=0 gives the service a new digest key at each start (as without one: every key costs one Argon2id again).
set -euo pipefail
cd "$(dirname "$0")/../.."
REPO=$(pwd)
KEYS=${1:-300}
CLIENTS=${2:-32}
TIMEOUT=${3:-120}
PORT=${PORT:-5097}
BASE="http://127.0.0.1:$PORT"
WORK=$(mktemp -d /tmp/apikeys-herd.XXXXXX)
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

dotnet publish src/Api -c Release -o "$WORK/app" --nologo -v quiet >/dev/null
cd "$WORK"
DIGEST_KEYS=""
if [ "${DIGEST:-1}" = 1 ]; then
  DIGEST_KEYS="k1:$(head -c 32 /dev/urandom | base64)"
fi

SERVICE_PID=
start_service() {
  local keys=()
  [ -n "$DIGEST_KEYS" ] && keys=(Security__TokenDigestKeys="$DIGEST_KEYS")
  # DIGEST=0: a new digest key at each start, so no digest survives the restart (as with none configured).
  [ -z "$DIGEST_KEYS" ] && keys=(Security__TokenDigestKeys="k$RANDOM:$(head -c 32 /dev/urandom | base64)")
  env MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2} ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
    ConnectionStrings__Default="Data Source=$WORK/herd.db" "${keys[@]}" \
    dotnet app/ApiKeys.Api.dll --urls "$BASE" >> "$WORK/service.log" 2>&1 &
  SERVICE_PID=$!
  PIDS+=("$SERVICE_PID")
}
wait_ready() { for _ in $(seq 1 300); do curl -sf "$BASE/health/ready" >/dev/null 2>&1 && return 0; sleep 0.1; done; echo "service did not start"; exit 1; }
stop_service() { kill "$SERVICE_PID"; wait "$SERVICE_PID" 2>/dev/null || true; }
metric() { curl -sf "$BASE/metrics" | awk -v name="$1" '$1 ~ "^"name"(\\{|$)" {sum += $2} END {printf "%.0f\n", sum + 0}'; }

start_service
wait_ready
OWNER=$(grep -o 'capy_live_[0-9A-Za-z]\{38\}' service.log | head -1)
ORG=$(grep -o 'org_[0-9a-f]\{32\}' service.log | head -1)
python3 "$REPO/tests/load/keys.py" create "$BASE" "$ORG" "$OWNER" "$KEYS" > keys.txt
# Every key used until it is answered 200 (a 503 of a busy pool is retried after its Retry-After): each then has its digest.
python3 "$REPO/tests/load/herd.py" "$BASE" keys.txt "$CLIENTS" "$TIMEOUT" > warm.json
ARGON_HASH_MS=$(python3 -c "
import sys
s, c = (float(x) for x in sys.argv[1:]); print(round(s / c, 1) if c else 0)" \
  "$(curl -sf "$BASE/metrics" | awk '$1 ~ /^apikeys_argon2_verification_duration_milliseconds_sum/ {s += $2} END {print s + 0}')" \
  "$(curl -sf "$BASE/metrics" | awk '$1 ~ /^apikeys_argon2_verification_duration_milliseconds_count/ {s += $2} END {print s + 0}')")
stop_service

start_service
python3 "$REPO/tests/load/herd.py" "$BASE" keys.txt "$CLIENTS" "$TIMEOUT" > herd.json
ARGON_AFTER=$(metric apikeys_argon2_verifications_total)
HITS_AFTER=$(metric apikeys_token_digest_hits_total)
stop_service

python3 - "$KEYS" "$CLIENTS" "$ARGON_HASH_MS" "$ARGON_AFTER" "$HITS_AFTER" "$(cat warm.json)" "$(cat herd.json)" "$(nproc)" <<'PY'
import json, sys
keys, clients, hash_ms, argon, hits = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
warm, herd, cores = json.loads(sys.argv[6]), json.loads(sys.argv[7]), sys.argv[8]
served = herd["served_s"]
print(f"restart with {int(keys):,} keys in use, {clients} clients: all served after "
      f"{'%.2f s' % served if served is not None else 'NOT all served (' + str(herd['unserved']) + ' left)'}; "
      f"statuses {herd['statuses']}; Argon2id verifications after the restart {argon}, digest hits {hits}; "
      f"one Argon2id {hash_ms} ms on {cores} cores (before the restart: {warm['unserved']} keys left unused, statuses {warm['statuses']})")
PY
