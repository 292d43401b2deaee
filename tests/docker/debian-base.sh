#!/usr/bin/env bash
# Makes the image debian:12 from Debian's own packages, for a Docker engine that cannot pull
# from Docker Hub: `debootstrap --variant=minbase bookworm` into a temporary directory, then
# `docker import`. The Dockerfile only needs a Debian 12 with apt, which this is (117 MB,
# the size of the official image). Does nothing when debian:12 is present already.
#
#   bash tests/docker/debian-base.sh [MIRROR]     (default http://deb.debian.org/debian)
#
# Needs root (debootstrap creates device nodes and chowns files) and a reachable Debian mirror.
set -euo pipefail

image=debian:12
mirror="${1:-http://deb.debian.org/debian}"

if docker image inspect "$image" >/dev/null 2>&1; then
  echo "debian-base: $image present"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "debian-base: $image is missing and only root can debootstrap one" >&2
  exit 1
fi
if ! command -v debootstrap >/dev/null 2>&1; then
  echo "debian-base: installing debootstrap"
  log="$(mktemp)"
  # update first: a new machine may have no package lists yet.
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    --no-install-recommends debootstrap; } >"$log" 2>&1; then
    tail -n 20 "$log" >&2
    exit 1
  fi
  rm -f "$log"
fi

root="$(mktemp -d /var/tmp/socialite-debian12.XXXXXX)"
trap 'rm -rf "$root"' EXIT

echo "debian-base: debootstrap --variant=minbase bookworm (from $mirror)"
if ! debootstrap --variant=minbase bookworm "$root" "$mirror" >"$root.log" 2>&1; then
  tail -n 20 "$root.log" >&2
  rm -f "$root.log"
  exit 1
fi
rm -f "$root.log"

# The same apt sources as the official image (updates and security too), so a build on this base
# gets the packages a build on Docker Hub's debian:12 gets.
rm -f "$root/etc/apt/sources.list"
cat >"$root/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $mirror
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: ${mirror%/debian}/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
# The downloaded .debs and package lists are only bulk: a Dockerfile runs apt-get update first.
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/var/log/*.log

tar --numeric-owner -C "$root" -c . |
  docker import --change 'CMD ["bash"]' \
    --change 'LABEL org.socialite.base="debootstrap minbase bookworm"' \
    - "$image" >/dev/null
echo "debian-base: imported $image ($(docker image inspect -f '{{.Size}}' "$image") bytes)"
