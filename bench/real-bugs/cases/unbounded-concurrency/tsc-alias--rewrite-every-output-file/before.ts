// Case: justkey007/tsc-alias, fix commit 359b806c34634f2bee290e2968863fe8a0f453b7 ("fix: added promise limiter",
// PR #115, issue https://github.com/justkey007/tsc-alias/issues/114: "Error: EMFILE, too many open files" on a project
// of 4000+ files). Rewritten in our own code: after a build, every emitted file that the pattern matches is read,
// rewritten and written back, all files at once.
import { promises as fsp } from 'node:fs';
import { sync } from 'globby';

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
  const changed = await Promise.all(files.map((file) => rewriteFile(file, options.rewrite)));
  return changed.filter(Boolean).length;
}
