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
// TypeScript (9 MB of JavaScript) is loaded with a V8 code cache before the analyzer requires it: see
// @awaitwise/analyzer/preload. A failure there only costs that saving.
try {
  const { preloadTypeScript } = await import('@awaitwise/analyzer/preload');
  preloadTypeScript();
} catch {
  // Not built yet, or an unexpected file system: load TypeScript the plain way.
}
await import(entry.href);
