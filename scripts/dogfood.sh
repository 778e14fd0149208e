#!/usr/bin/env bash
# Dogfood: awaitwise checks its own sources (packages/*/src, scripts, the primitives demo; see scripts/awaitwise.dogfood.json)
# and fails CI on any finding. The rules with a `strict` option run with it (our own code meets the stricter bar), except
# unbounded-concurrency, whose strict mode reports the quorum's fan-out over its few servers. Benchmarks and tests are left out: benchmarks measure one thing at a time on purpose,
# and tests start waiters before the event they wait for. ESLint runs the same rules through eslint-plugin-awaitwise
# (eslint.config.js) as part of `npm run lint`.
set -euo pipefail
cd "$(dirname "$0")/.."
node packages/cli/bin/awaitwise.js check packages scripts examples/primitives-demo --config scripts/awaitwise.dogfood.json --no-progress
