import { readFileSync } from 'node:fs';

/** The analyzer's version (from its package.json): part of the cache key, shown by `awaitwise --version`. */
export const analyzerVersion: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
