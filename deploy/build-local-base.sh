#!/usr/bin/env bash
# Builds a base image from this machine's own Node.js runtime, for machines
# that cannot pull `node:20-slim` (no image registry). The image holds what
# deploy/Dockerfile needs of its base: node and npm under /usr/local (where the
# official image keeps them), a shell and a few core utilities for the build
# stage, bash (the containers' healthcheck; the official image has it too),
# the shared libraries `ldd` lists for them, the machine's CA bundle, and a
# `node` user (uid 1000). Usage: deploy/build-local-base.sh [tag]   (default tributary-base:local)
set -euo pipefail
tag="${1:-tributary-base:local}"
node_bin="$(readlink -f "$(command -v node)")"
npm_dir="$(npm root -g 2>/dev/null)/npm"
[ -f "$npm_dir/bin/npm-cli.js" ] || { echo "build-local-base: npm not found at $npm_dir" >&2; exit 1; }

root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,usr/bin,usr/local/bin,usr/local/lib/node_modules,etc,tmp,root,home/node}
chmod 1777 "$root/tmp"

cp "$node_bin" "$root/usr/local/bin/node"
cp -a "$npm_dir" "$root/usr/local/lib/node_modules/npm"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"

tools=(sh:/bin/dash bash:/bin/bash env:/usr/bin/env rm:/bin/rm cp:/bin/cp mv:/bin/mv mkdir:/bin/mkdir ls:/bin/ls cat:/bin/cat ln:/bin/ln chown:/bin/chown chmod:/bin/chmod
  sed:/bin/sed grep:/bin/grep dirname:/usr/bin/dirname basename:/usr/bin/basename uname:/bin/uname tr:/usr/bin/tr head:/usr/bin/head)
for t in "${tools[@]}"; do
  name="${t%%:*}" src="${t#*:}"
  dest="$root/bin/$name"
  [ "$name" = env ] && dest="$root/usr/bin/env"
  cp "$src" "$dest"
done

# Every shared library the binaries load, at the paths ldd names (the ELF
# interpreter included).
{ ldd "$node_bin"; for t in "${tools[@]}"; do ldd "${t#*:}"; done; } \
  | grep -o '/[^ ]*' | sort -u \
  | while read -r lib; do
      mkdir -p "$root$(dirname "$lib")"
      cp -L "$lib" "$root$lib"
    done

cat > "$root/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/bin/sh
node:x:1000:1000::/home/node:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
PASSWD
cat > "$root/etc/group" <<'GROUP'
root:x:0:
node:x:1000:
nogroup:x:65534:
GROUP
echo "hosts: files dns" > "$root/etc/nsswitch.conf"
# The machine's trust store, so that npm in the build stage reaches the
# registry the way this machine does (through whatever CA it trusts).
ca=/etc/ssl/certs/ca-certificates.crt
if [ -f "$ca" ]; then mkdir -p "$root/etc/ssl/certs" && cp -L "$ca" "$root$ca"; fi
chown 1000:1000 "$root/home/node"

# The label names this recipe, so that deploy/compose.sh builds the image
# again when the recipe changes.
tar -C "$root" -c . | docker import \
  --change "LABEL tributary.base-recipe=$(sha256sum "$0" | cut -c1-16)" \
  --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
  --change 'ENV NODE_VERSION='"$("$node_bin" --version | tr -d v)" \
  --change 'CMD ["node"]' \
  ${ca:+--change "ENV NODE_EXTRA_CA_CERTS=$ca"} \
  - "$tag" >/dev/null
echo "build-local-base: $tag holds node $("$node_bin" --version) from $node_bin"
