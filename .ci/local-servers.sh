# Sourced by ./test.sh: for each server a test reads from an APIKEYS_TEST_* variable that is not set yet, find or
# start one on this machine, so that a machine with them installed (`sudo .ci/setup-local.sh` installs them) skips
# no test. A variable already set (as .ci/run sets them) is honoured and nothing is started for it. Throwaway
# servers listen on free loopback ports, live in a scratch folder and are stopped by local_servers_stop.
# Nothing here installs anything or fails the run: a server that cannot be had leaves its tests skipped, saying why.

local_servers_dir=$(mktemp -d "${TMPDIR:-/tmp}/apikeys-test-servers.XXXXXX")
local_servers_pids=()

local_servers_note() { echo "test.sh: $*" >&2; }
local_servers_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# A free port below the kernel's ephemeral range, for a server that is not always listening (the reverse proxy's
# upstream): no free-port pick or outgoing connection of the tests can take it while it is not bound.
local_servers_fixed_port() {
  python3 -c '
import random, socket
low = int(open("/proc/sys/net/ipv4/ip_local_port_range").read().split()[0])
for port in random.sample(range(max(1024, low - 8000), low), 200):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port)); print(port); break
    except OSError:
        pass
    finally:
        s.close()'
}
local_servers_wait() { # local_servers_wait TENTHS COMMAND...
  local tenths=$1; shift
  for _ in $(seq 1 "$tenths"); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  return 1
}

local_servers_stop() {
  local pid
  for pid in "${local_servers_pids[@]}"; do kill "$pid" 2>/dev/null; done
  [ -s "$local_servers_dir/nginx.pid" ] && kill "$(cat "$local_servers_dir/nginx.pid")" 2>/dev/null
  [ -s "$local_servers_dir/redis.pid" ] && kill "$(cat "$local_servers_dir/redis.pid")" 2>/dev/null
  rm -rf "$local_servers_dir"
  true
}

local_servers_chromium() {
  [ -n "${APIKEYS_TEST_CHROMIUM:-}" ] && return
  if [ -x /usr/bin/chromium ]; then
    export APIKEYS_TEST_CHROMIUM=/usr/bin/chromium
  else
    local_servers_note "no /usr/bin/chromium: the browser tests will skip"
  fi
}

# PostgreSQL is never started here (it keeps data): a reachable server with the documented test credentials is used.
local_servers_postgres() {
  [ -n "${APIKEYS_TEST_POSTGRES:-}" ] && return
  local host=${PGHOST:-127.0.0.1} port=${PGPORT:-5432}
  if command -v psql >/dev/null \
    && PGPASSWORD=postgres PGCONNECT_TIMEOUT=3 psql -h "$host" -p "$port" -U postgres -d postgres -tAc 'select 1' >/dev/null 2>&1; then
    export APIKEYS_TEST_POSTGRES="Host=$host;Port=$port;Username=postgres;Password=postgres;Pooling=true"
  else
    local_servers_note "no PostgreSQL at $host:$port with user postgres/postgres: the PostgreSQL tests will skip (set APIKEYS_TEST_POSTGRES)"
  fi
}

local_servers_redis() {
  [ -n "${APIKEYS_TEST_REDIS:-}" ] && return
  command -v redis-server >/dev/null || { local_servers_note "no redis-server: the Redis tests will skip"; return; }
  local port
  port=$(local_servers_port)
  if redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
       --pidfile "$local_servers_dir/redis.pid" --logfile "$local_servers_dir/redis.log" --dir "$local_servers_dir" \
    && local_servers_wait 100 redis-cli -p "$port" ping; then
    export APIKEYS_TEST_REDIS="127.0.0.1:$port"
  else
    local_servers_note "redis-server did not start: the Redis tests will skip"
  fi
}

local_servers_nginx() {
  [ -n "${APIKEYS_TEST_NGINX:-}" ] && return
  command -v nginx >/dev/null || { local_servers_note "no nginx: the reverse-proxy tests will skip"; return; }
  local nginx_port upstream_port
  nginx_port=$(local_servers_port) upstream_port=$(local_servers_fixed_port)
  sed -e "s|@WORK@|$local_servers_dir|g" -e "s|@NGINX_PORT@|$nginx_port|" -e "s|@UPSTREAM_PORT@|$upstream_port|" \
    tests/proxy/nginx.conf.template > "$local_servers_dir/nginx.conf"
  if nginx -q -t -c "$local_servers_dir/nginx.conf" -p "$local_servers_dir" 2>/dev/null \
    && nginx -c "$local_servers_dir/nginx.conf" -p "$local_servers_dir" 2>/dev/null \
    && local_servers_wait 100 test -s "$local_servers_dir/nginx.pid"; then
    export APIKEYS_TEST_NGINX="http://127.0.0.1:$nginx_port" APIKEYS_TEST_NGINX_UPSTREAM_PORT=$upstream_port
  else
    local_servers_note "nginx did not start: the reverse-proxy tests will skip"
  fi
}

# The test OpenID provider needs node and tests/oidc's packages (npm ci in tests/oidc, which setup-local.sh runs).
local_servers_oidc() {
  [ -n "${APIKEYS_TEST_OIDC_HTTPS:-}" ] && return
  if ! command -v node >/dev/null || ! command -v openssl >/dev/null || [ ! -d tests/oidc/node_modules ]; then
    local_servers_note "no node, openssl or tests/oidc/node_modules (run npm ci in tests/oidc): the identity-provider tests will skip"
    return
  fi
  local d=$local_servers_dir https_port http_port secret
  https_port=$(local_servers_port) http_port=$(local_servers_port) secret=$(openssl rand -hex 24)
  if openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=ApiKeys test CA" \
       -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
       -keyout "$d/ca.key" -out "$d/ca.pem" 2>/dev/null \
    && openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout "$d/oidc.key" -out "$d/oidc.csr" 2>/dev/null \
    && printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' > "$d/oidc.ext" \
    && openssl x509 -req -in "$d/oidc.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" -CAcreateserial -days 2 \
         -extfile "$d/oidc.ext" -out "$d/oidc.pem" 2>/dev/null; then
    OIDC_CLIENT_SECRET=$secret OIDC_HTTPS_PORT=$https_port OIDC_HTTP_PORT=$http_port \
      OIDC_TLS_CERT="$d/oidc.pem" OIDC_TLS_KEY="$d/oidc.key" node tests/oidc/server.js >"$d/oidc.log" 2>&1 &
    local_servers_pids+=($!)
    if local_servers_wait 600 curl -fsS --cacert "$d/ca.pem" "https://127.0.0.1:$https_port/.well-known/openid-configuration" \
      && local_servers_wait 300 curl -fsS "http://127.0.0.1:$http_port/.well-known/openid-configuration"; then
      export APIKEYS_TEST_OIDC_HTTPS="https://127.0.0.1:$https_port" APIKEYS_TEST_OIDC_HTTP="http://127.0.0.1:$http_port"
      export APIKEYS_TEST_OIDC_CA="$d/ca.pem" APIKEYS_TEST_OIDC_CLIENT_SECRET="$secret"
      return
    fi
  fi
  local_servers_note "the test OpenID provider did not start: the identity-provider tests will skip"
}

# Prism, where setup-local.sh (and .ci/run) install it.
local_servers_prism() {
  [ -n "${APIKEYS_TEST_PRISM:-}" ] && return
  local prism=${TMPDIR:-/tmp}/apikeys-ci-npm/node_modules/.bin/prism
  if [ -x "$prism" ]; then
    export APIKEYS_TEST_PRISM=$prism
  else
    local_servers_note "no Prism at $prism (sudo .ci/setup-local.sh installs it): the contract replay will skip"
  fi
}

# The published-folder tests need a Release publish of the service: made here, once per run.
local_servers_published() {
  [ -n "${APIKEYS_TEST_PUBLISHED:-}" ] && return
  if dotnet publish src/Api -c Release -o "$local_servers_dir/publish" -v q -nologo >"$local_servers_dir/publish.log" 2>&1; then
    export APIKEYS_TEST_PUBLISHED="$local_servers_dir/publish"
  else
    tail -20 "$local_servers_dir/publish.log" >&2
    local_servers_note "dotnet publish failed: the published-folder tests will skip"
  fi
}

# The container tests need the image: built here from the published folder where podman is installed (the base,
# made once with debootstrap, is kept by podman between runs).
local_servers_container() {
  [ -n "${APIKEYS_TEST_CONTAINER_IMAGE:-}" ] && return
  [ -n "${APIKEYS_TEST_PUBLISHED:-}" ] || return   # one project's run: no publish, no image
  if ! command -v podman >/dev/null; then
    local_servers_note "no podman (sudo .ci/setup-local.sh installs it): the container tests will skip"
    return
  fi
  local image
  if image=$(deploy/container/build.sh localhost/apikeys:test "$APIKEYS_TEST_PUBLISHED" 2>"$local_servers_dir/image.log"); then
    export APIKEYS_TEST_CONTAINER_IMAGE=$image
  else
    tail -20 "$local_servers_dir/image.log" >&2
    local_servers_note "the container image could not be built: the container tests will skip"
  fi
}

local_servers_start() {
  local_servers_chromium
  local_servers_postgres
  local_servers_redis
  local_servers_nginx
  local_servers_oidc
  local_servers_prism
  local_servers_published
  local_servers_container
}
