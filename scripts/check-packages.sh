#!/usr/bin/env bash
# publint and are-the-types-wrong on every publishable package (run after `npm run build`).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
for dir in "$root"/packages/*/; do
  name="$(node -p "require('$dir/package.json').name")"
  if [ ! -f "$dir/dist/index.js" ]; then echo "check-packages: $name has no dist/index.js; run npm run build" >&2; exit 1; fi
  echo "-- $name"
  (cd "$dir" && npx --no-install publint --strict)
  (cd "$dir" && npx --no-install attw --pack . --profile esm-only --format ascii)
done
