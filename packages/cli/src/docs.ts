import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The package root (this file is dist/docs.js). Installed from npm, the pages are in <root>/docs/pitfalls (copied
// by scripts/copy-docs.js at pack time); in the repository they are read from the repository's docs/pitfalls.
const packageRoot = fileURLToPath(new URL('../', import.meta.url));
const candidates = [`${packageRoot}docs/pitfalls/`, `${packageRoot}../../docs/pitfalls/`];

/** The folder holding the pitfall pages, or undefined when none is found. */
export function pitfallDocsDir(): string | undefined {
  return candidates.find((dir) => existsSync(dir));
}

/** The markdown of a pitfall's docs page, or undefined when it is missing. */
export function readPitfallDoc(id: string): string | undefined {
  for (const dir of candidates) {
    const file = `${dir}${id}.md`;
    if (existsSync(file)) return readFileSync(file, 'utf8');
  }
  return undefined;
}
