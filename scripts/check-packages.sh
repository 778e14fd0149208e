#!/usr/bin/env bash
# The packages as a user receives them (run after `npm run build`; CI runs it as `npm run check:packages`):
#  1. publint and are-the-types-wrong on every package;
#  2. every package packed as the README says (`npm run pack:local`), and each tarball checked by
#     scripts/check-packed.js: LICENSE, repository/homepage/bugs, README links, source maps with their sources;
#  3. the tarballs installed together into a fresh project outside the monorepo (`npm install <folder>/*.tgz`, one
#     install, --prefer-offline), and each package's first documented command run there.
# Any failure fails the script.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
for dir in "$root"/packages/*/; do
  name="$(node -p "require('$dir/package.json').name")"
  if [ ! -f "$dir/dist/index.js" ]; then echo "check-packages: $name has no dist/index.js; run npm run build" >&2; exit 1; fi
  echo "-- $name"
  (cd "$dir" && npx --no-install publint --strict)
  (cd "$dir" && npx --no-install attw --pack . --profile esm-only --format ascii)
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
step() { printf '\n-- %s (%ss)\n' "$1" "$SECONDS"; }

step "pack every package (npm run pack:local)"
bash "$root/scripts/pack-local.sh" "$work/packed"
node "$root/scripts/check-packed.js" "$work/packed"

step "install the tarballs together into a fresh project outside the monorepo"
app="$work/app"
mkdir -p "$app/src"
cd "$app"
case "$app" in "$root"/*) echo "check-packages: $app is inside the monorepo" >&2; exit 1 ;; esac
cat > package.json <<'JSON'
{ "name": "awaitwise-try", "private": true, "type": "module" }
JSON
# The versions the monorepo itself uses, so the npm cache answers without the network.
dev() { node -p "require('$root/package.json').devDependencies['$1']"; }
npm install --prefer-offline --no-audit --no-fund --loglevel=error "$work"/packed/*.tgz \
  "typescript@$(dev typescript)" "eslint@$(dev eslint)" "typescript-eslint@$(dev typescript-eslint)"
# Nothing may come from the monorepo: every package resolves inside the new project.
node --input-type=module -e "
  for (const name of ['awaitwise', '@awaitwise/analyzer', '@awaitwise/catalog', '@awaitwise/core', '@awaitwise/doctor', '@awaitwise/redis', 'eslint-plugin-awaitwise']) {
    const url = import.meta.resolve(name);
    if (!url.startsWith('file://$app/node_modules/')) { console.error(name + ' resolves to ' + url); process.exit(1); }
  }"

cat > tsconfig.json <<'JSON'
{
  "compilerOptions": {
    "target": "es2022",
    "module": "nodenext",
    "strict": true,
    "outDir": "dist",
    "rootDir": "src",
    "sourceMap": true,
    "skipLibCheck": true
  },
  "include": ["src"]
}
JSON
cat > src/orders.ts <<'TS'
interface Order {
  id: number;
}

async function sendMail(order: Order): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 1));
  throw new Error(`mail for order ${order.id} failed`);
}

export function placeOrder(order: Order): void {
  sendMail(order);
}

placeOrder({ id: 7 });
TS

# expect <status> <text> <command...>: runs the command, which must exit with <status> and print <text>.
expect() {
  local want="$1" text="$2"
  shift 2
  set +e
  "$@" > "$work/out.txt" 2>&1
  local got=$?
  set -e
  if [ "$got" -ne "$want" ] || ! grep -qF -- "$text" "$work/out.txt"; then
    cat "$work/out.txt"
    echo "check-packages: \`$*\` exited $got (expected $want) or did not print: $text" >&2
    exit 1
  fi
  echo "ok: $* (exit $got)"
}

step "awaitwise (README: npx awaitwise check src/)"
expect 1 "floating-promise" npx awaitwise check src/ --no-progress
expect 1 "$(node -p "require('@awaitwise/catalog').getPitfall('floating-promise').docsUrl")" npx awaitwise check src/ --no-progress
expect 0 "async-promise-executor" npx awaitwise rules
expect 0 "# floating-promise:" npx awaitwise explain floating-promise

step "eslint-plugin-awaitwise (README: eslint.config.js, npx eslint .)"
cat > eslint.config.js <<'JS'
// eslint.config.js
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import awaitwise from 'eslint-plugin-awaitwise';

export default defineConfig(
  tseslint.configs.recommended,
  awaitwise.configs.recommended, // or awaitwise.configs.strict
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['eslint.config.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
);
JS
expect 1 "awaitwise/floating-promise" npx eslint .
if grep -q "eslint.config.js" "$work/out.txt"; then cat "$work/out.txt"; echo "check-packages: eslint reported eslint.config.js" >&2; exit 1; fi

step "the default engine, TypeScript 7's native checker, from the packed analyzer (its binary from npm install alone), Node 20 and 24; ts6 on request"
# The analyzer's own TypeScript 7 (the typescript-native alias) and its platform package come with the install; the
# project's own typescript stays what it is (6.x here) and is not used by either engine.
node --input-type=module -e "
  import { createRequire } from 'node:module';
  import { existsSync } from 'node:fs';
  import { fileURLToPath } from 'node:url';
  const fromAnalyzer = createRequire(fileURLToPath(import.meta.resolve('@awaitwise/analyzer')));
  const native = fromAnalyzer('typescript-native/package.json');
  if (native.version !== '7.0.2') { console.error('typescript-native is ' + native.version); process.exit(1); }
  const platform = '@typescript/typescript-' + process.platform + '-' + process.arch;
  const manifest = createRequire(fromAnalyzer.resolve('typescript-native/package.json')).resolve(platform + '/package.json');
  const exe = manifest.replace(/package\.json$/, 'lib/tsc');
  if (!existsSync(exe)) { console.error('no TypeScript 7 executable at ' + exe); process.exit(1); }
  const own = createRequire(process.cwd() + '/package.json')('typescript/package.json').version;
  if (!own.startsWith('6.')) { console.error('the project typescript is ' + own); process.exit(1); }
  console.log('typescript-native ' + native.version + ', ' + platform + ', project typescript ' + own);"
expect 1 "floating-promise" npx awaitwise check src/ --no-progress
expect 1 '"engine": "native"' npx awaitwise check src/ --no-progress --format json
expect 1 '"engine": "ts6"' npx awaitwise check src/ --no-progress --engine ts6 --format json
node24="$(bash "$root/scripts/node24.sh")"
"$node24" --version
expect 1 '"engine": "native"' "$node24" node_modules/awaitwise/bin/awaitwise.js check src/ --no-progress --format json
cat > analyze-default-engine.js <<'JS'
import { analyze } from '@awaitwise/analyzer';

const { findings, stats } = await analyze({ cwd: process.cwd(), paths: ['src'] });
for (const f of findings) console.log(`${f.file}:${f.line}:${f.column} ${f.severity} ${f.ruleId} (${stats.engine})`);
JS
expect 0 "src/orders.ts:11:3 error floating-promise (native)" node analyze-default-engine.js
expect 0 "src/orders.ts:11:3 error floating-promise (native)" "$node24" analyze-default-engine.js

step "@awaitwise/analyzer (README: analyze())"
cat > analyze.js <<'JS'
import { analyze } from '@awaitwise/analyzer';

const { findings } = await analyze({ cwd: process.cwd(), paths: ['src'] });
for (const f of findings)
  console.log(`${f.file}:${f.line}:${f.column} ${f.severity} ${f.ruleId}: ${f.message}`);
JS
expect 0 "src/orders.ts:11:3 error floating-promise" node analyze.js

step "@awaitwise/catalog (README: getPitfall)"
expect 0 "background(promise, { onError })" node --input-type=module -e "
  import { getPitfall } from '@awaitwise/catalog';
  console.log(getPitfall('floating-promise').fix);"

step "@awaitwise/core (README: map with a concurrency bound)"
cat > core.js <<'JS'
import { map } from '@awaitwise/core';

let running = 0;
let peak = 0;
const fetchUser = async (id) => {
  peak = Math.max(peak, ++running);
  await new Promise((resolve) => setTimeout(resolve, 1));
  running--;
  return { id };
};
const ids = Array.from({ length: 100 }, (_, i) => i);
const users = await map(ids, (id) => fetchUser(id), { concurrency: 8 });
console.log(`${users.length} users, at most ${peak} at once`);
JS
expect 0 "100 users, at most 8 at once" node core.js

step "@awaitwise/doctor (README: awaitwise doctor -- node app.js), on compiled TypeScript"
npx tsc -p .
expect 1 "floating-promise" npx awaitwise doctor -- node dist/orders.js
# The doctor maps the compiled frames through the source maps: the finding names the TypeScript line.
grep -qF "src/orders.ts:7:" "$work/out.txt" || { cat "$work/out.txt"; echo "check-packages: the doctor did not map dist/orders.js to src/orders.ts" >&2; exit 1; }
expect 1 "floating-promise" npx awaitwise-doctor -- node dist/orders.js

step "@awaitwise/redis (README: createRedisLock)"
expect 0 "createRedisLock LockTimeoutError" node --input-type=module -e "
  import { createRedisLock, LockTimeoutError } from '@awaitwise/redis';
  if (typeof createRedisLock !== 'function' || typeof LockTimeoutError !== 'function') process.exit(1);
  console.log('createRedisLock LockTimeoutError');"

step "done: every package packed, checked, installed outside the monorepo and run"
