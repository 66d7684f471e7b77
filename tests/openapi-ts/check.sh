#!/usr/bin/env bash
# Generates TypeScript types from docs/openapi.json with openapi-typescript and compiles check.ts against them
# (tsc --strict --noEmit). Usage: tests/openapi-ts/check.sh NPM_PREFIX, where NPM_PREFIX holds openapi-typescript and
# typescript (npm install --prefix NPM_PREFIX openapi-typescript@7.13.0 typescript@5.9.3).
set -euo pipefail
cd "$(dirname "$0")"
bin=${1:?usage: $0 NPM_PREFIX}/node_modules/.bin
rm -rf generated && mkdir generated
"$bin/openapi-typescript" ../../docs/openapi.json --output generated/api.d.ts
"$bin/tsc" -p tsconfig.json
echo "check.ts compiles against the client generated from docs/openapi.json"
