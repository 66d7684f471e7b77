#!/usr/bin/env bash
# Builds the container image: the base from Debian's packages when it is not there yet (base.sh), the service
# published self-contained (or a folder already published), then the Containerfile.
#   deploy/container/build.sh [IMAGE] [PUBLISHED-FOLDER]     # default localhost/apikeys:latest; needs podman
set -euo pipefail
cd "$(dirname "$0")/../.."
image=${1:-localhost/apikeys:latest}
published=${2:-}
base=${APIKEYS_BASE_IMAGE:-localhost/apikeys-base:bookworm}
context=$(mktemp -d /tmp/apikeys-image.XXXXXX)
trap 'rm -rf "$context"' EXIT

podman image exists "$base" || deploy/container/base.sh "$base" >/dev/null
if [ -z "$published" ]; then
  dotnet publish src/Api -c Release -o "$context/app" -v q -nologo >/dev/null
else
  cp -a "$published" "$context/app"
fi
podman build --quiet --format docker --build-arg BASE="$base" -f deploy/container/Containerfile -t "$image" "$context" >/dev/null
echo "$image"
