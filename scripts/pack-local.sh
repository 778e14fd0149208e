#!/usr/bin/env bash
# Builds and packs every package into one folder (default: packed/ at the repository root), for use outside the
# monorepo while nothing is on the registry: install all the tarballs together, since each package depends on its
# siblings at their exact version (`npm install /path/to/packed/*.tgz`).
# Usage: npm run pack:local [-- <folder>]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="${1:-$root/packed}"
mkdir -p "$dest"
dest="$(cd "$dest" && pwd)"
rm -f "$dest"/*.tgz
cd "$root"
npx --no-install tsc -b
npm pack --workspaces --pack-destination "$dest" --silent > /dev/null
count="$(find "$dest" -maxdepth 1 -name '*.tgz' | wc -l)"
echo "pack:local: $count packages in $dest"
ls -1 "$dest"/*.tgz
echo "Install them together in a project: npm install $dest/*.tgz"
