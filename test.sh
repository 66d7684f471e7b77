#!/usr/bin/env bash
# The test command: every test project of the solution. PostgreSQL tests run when APIKEYS_TEST_POSTGRES is set
# and browser tests when APIKEYS_TEST_CHROMIUM is set (.ci/run sets both); otherwise they are skipped with a reason.
set -uo pipefail
cd "$(dirname "$0")"
exec dotnet test ApiKeys.sln --nologo --logger "console;verbosity=normal" "$@"
