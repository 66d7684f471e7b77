#!/usr/bin/env bash
# The test command: every test project of the solution. PostgreSQL tests run when APIKEYS_TEST_POSTGRES is set
# and browser tests when APIKEYS_TEST_CHROMIUM is set (.ci/run sets both); otherwise they are skipped with a reason.
set -uo pipefail
cd "$(dirname "$0")"
# Arguments replace the solution (a project to run alone) or add dotnet test options.
target=ApiKeys.sln
if [ $# -gt 0 ] && [[ "$1" == *.csproj ]]; then target=$1; shift; fi
exec dotnet test "$target" --nologo --logger "console;verbosity=normal" "$@"
