#!/usr/bin/env node
// The `awaitwise` command. A committed, executable shim: npm links it at install time, before dist/ is built.
import { existsSync } from 'node:fs';
import * as nodeModule from 'node:module';

const entry = new URL('../dist/bin.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(
    'awaitwise: the command is not built (dist/bin.js is missing).\n' +
      '  Next: run `npm run build` at the repository root (or `npx tsc -b packages/cli`), then retry.\n',
  );
  process.exit(2);
}
// Load TypeScript through `require` rather than the ES-module bridge (see typescript-hooks.js): about a second saved
// per run. `register` exists from Node 20.6; older versions simply take the slower path.
nodeModule.register?.('./typescript-hooks.js', import.meta.url);
await import(entry.href);
