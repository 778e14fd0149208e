// Case: AVIDS2/memorix, fix commit 01763fa1ee7f786fb858d4993e0786fb439ece97 ("Keep MCP initialize responsive while
// cached vectors attach."; https://github.com/AVIDS2/memorix/issues/222).
// The code just before the fix, rewritten in our own code: the embedding cache is loaded from disk behind a module
// `loaded` flag that is set only after the file is read and parsed; a caller that finds no load in flight starts its
// own, so two concurrent first callers parse the file twice.
import { readFile } from 'node:fs/promises';

const vectors = new Map<string, number[]>();
let loaded = false;
let loading: Promise<void> | null = null;

async function loadFromDisk(file: string): Promise<number> {
  if (loaded) return vectors.size;
  let count = 0;
  try {
    const text = await readFile(file, 'utf8');
    for (const line of text.split('\n')) {
      if (!line) continue;
      const [key, vector] = JSON.parse(line) as [string, number[]];
      vectors.set(key, vector);
      count += 1;
    }
  } catch {
    // a missing or corrupt file starts an empty cache
  }
  loaded = true;
  return count;
}

export function preload(file: string): void {
  if (loaded || loading) return;
  loading = loadFromDisk(file).then(() => undefined);
}

export async function ensureLoaded(file: string): Promise<number> {
  if (loaded) return vectors.size;
  if (loading) {
    await loading;
    return vectors.size;
  }
  await loadFromDisk(file);
  return vectors.size;
}
