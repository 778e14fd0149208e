#!/usr/bin/env node
// The `awaitwise` command. A committed, executable shim: npm links it at install time, before dist/ is built.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/bin.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(
    'awaitwise: the command is not built (dist/bin.js is missing).\n' +
      '  Next: run `npm run build` at the repository root (or `npx tsc -b packages/cli`), then retry.\n',
  );
  process.exit(2);
}
await import(entry.href);
