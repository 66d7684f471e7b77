#!/usr/bin/env bash
# One line for a developer machine (Debian or Ubuntu, as root): `sudo .ci/setup-local.sh`, then `./test.sh` skips no
# test. Installs from Debian's packages what the tests use (PostgreSQL, Redis, Chromium, nginx, openssl, curl, jq,
# node and npm), starts PostgreSQL with the test user postgres/postgres on 127.0.0.1:5432 (a local development
# server only: that password is public), installs the test OpenID provider (npm ci in tests/oidc) and the OpenAPI
# tools (Redocly, Prism) where ./test.sh and .ci/run look for them; podman, runc and debootstrap let ./test.sh build
# the container image. Redis and nginx are not started here: ./test.sh starts throwaway instances of them for each run.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends postgresql redis-server chromium nginx-light openssl curl jq nodejs npm python3 \
  podman runc debootstrap

version=$(ls /usr/lib/postgresql | sort -V | tail -1)
pg_lsclusters -h | grep -q "^$version main" || pg_createcluster "$version" main >/dev/null
pg_ctlcluster "$version" main start 2>/dev/null || true
for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 && break; sleep 1; done
su postgres -c "psql -q -c \"ALTER USER postgres PASSWORD 'postgres';\""

# npm runs as the user who called sudo, so the files it writes stay theirs.
owner=${SUDO_USER:-root}
as_owner() { if [ "$owner" = root ]; then "$@"; else sudo -u "$owner" "$@"; fi; }
(cd tests/oidc && as_owner npm ci --no-audit --no-fund --loglevel=error)
tools=${TMPDIR:-/tmp}/apikeys-ci-npm
as_owner npm install --silent --no-audit --no-fund --prefix "$tools" @redocly/cli@2.77.0 @stoplight/prism-cli@5.16.0
echo "ready: ./test.sh finds PostgreSQL, Redis, Chromium, nginx, the OpenID provider, Prism and podman"
