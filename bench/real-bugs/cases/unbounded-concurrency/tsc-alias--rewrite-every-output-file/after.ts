// Case: justkey007/tsc-alias, fix commit 359b806c34634f2bee290e2968863fe8a0f453b7 ("fix: added promise limiter",
// PR #115, issue https://github.com/justkey007/tsc-alias/issues/114). Fixed: the files go through a limiter that
// keeps at most 500 of them open at once.
import { promises as fsp } from 'node:fs';
import { sync } from 'globby';
import { pLimit } from 'plimit-lit';

const openFiles = pLimit(500);

export interface RewriteOptions {
  readonly outDir: string;
  readonly rewrite: (file: string, code: string) => string;
}

async function rewriteFile(file: string, rewrite: RewriteOptions['rewrite']): Promise<boolean> {
  const code = await fsp.readFile(file, 'utf8');
  const next = rewrite(file, code);
  if (next === code) return false;
  await fsp.writeFile(file, next, 'utf8');
  return true;
}

export async function rewriteOutput(options: RewriteOptions): Promise<number> {
  const root = options.outDir.replace(/\\/g, '/').replace(/\/+$/, '');
  const files = sync([`${root}/**/*.{js,mjs,cjs,d.ts}`, `!${root}/**/node_modules`], { dot: true, onlyFiles: true });
  const changed = await Promise.all(files.map((file) => openFiles(() => rewriteFile(file, options.rewrite))));
  return changed.filter(Boolean).length;
}
