#!/usr/bin/env bash
# The test command: every test project of the solution (or the one .csproj given first; further arguments go to
# dotnet test). Tests that need a server read it from an APIKEYS_TEST_* variable (docs/performance.md lists them).
# A variable already set is honoured (.ci/run sets them all); for each one not set, .ci/local-servers.sh uses what
# this machine has: /usr/bin/chromium, throwaway redis-server and nginx on free ports (stopped at the end), a local
# PostgreSQL with the user postgres/postgres, the test OpenID provider, Prism, and (for the whole solution) a
# Release publish. `sudo .ci/setup-local.sh` installs and starts all of them. APIKEYS_TEST_LOCAL_SERVERS=0 starts
# nothing: the tests without their server skip, saying why.
set -uo pipefail
cd "$(dirname "$0")"
target=ApiKeys.sln
if [ $# -gt 0 ] && [[ "$1" == *.csproj ]]; then target=$1; shift; fi
if [ "${APIKEYS_TEST_LOCAL_SERVERS:-1}" != "0" ]; then
  # shellcheck source=.ci/local-servers.sh
  source .ci/local-servers.sh
  trap local_servers_stop EXIT
  [ "$target" = ApiKeys.sln ] || local_servers_published() { :; }
  local_servers_start
fi
dotnet test "$target" --nologo --logger "console;verbosity=normal" "$@"
