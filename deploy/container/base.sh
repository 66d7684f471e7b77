#!/usr/bin/env bash
# Makes the image's base from Debian's packages alone (no registry is asked): a minimal bookworm root made with
# debootstrap, holding only what the self-contained service needs at run time (glibc, OpenSSL for TLS to
# PostgreSQL, Redis and webhook receivers, ICU, the CA bundle, time zones) and curl for the health check.
#   deploy/container/base.sh [IMAGE]      # default localhost/apikeys-base:bookworm; needs root, debootstrap, podman
set -euo pipefail
image=${1:-localhost/apikeys-base:bookworm}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
root=$(mktemp -d /tmp/apikeys-base.XXXXXX)
trap 'rm -rf "$root"' EXIT

debootstrap --variant=minbase --include=ca-certificates,curl,libicu72,libssl3,tzdata bookworm "$root" "$mirror" >"$root.log" 2>&1 \
  || { tail -20 "$root.log"; exit 1; }
rm -f "$root.log"
# What only installing needs: package caches and lists, documentation, manuals and translations.
rm -rf "$root"/var/cache/apt/* "$root"/var/lib/apt/lists/* "$root"/usr/share/doc/* "$root"/usr/share/man/* \
  "$root"/usr/share/locale/* "$root"/usr/share/info/*
tar -C "$root" --numeric-owner -c . | podman import --quiet --change 'CMD ["/bin/sh"]' - "$image" >/dev/null
echo "$image"
