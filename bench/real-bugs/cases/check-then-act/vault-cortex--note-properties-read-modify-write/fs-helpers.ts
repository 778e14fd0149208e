// Shared by before.ts and after.ts: the project's file helpers (the original's src/utils/fs.ts and the atomic write in
// vault-filesystem.ts), and the per-path lock the fix introduced (src/utils/file-write-lock.ts).
import { randomUUID } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';

/** Reads a UTF-8 file, or null when it does not exist. */
export const readTextOrNull = async (path: string): Promise<string | null> => {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
};

/** Writes through a temporary file and a rename, so readers never see half a file. */
export const replaceFile = async (path: string, content: string): Promise<void> => {
  const temporary = `${path}.${randomUUID()}.tmp`;
  try {
    await writeFile(temporary, content, 'utf8');
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    throw error;
  }
};

const tails = new Map<string, Promise<void>>();

/** Runs `work` after every earlier call for the same path has settled. */
export const withPathLock = async <T>(path: string, work: () => Promise<T>): Promise<T> => {
  const previous = tails.get(path) ?? Promise.resolve();
  let release!: () => void;
  const current = new Promise<void>((resolve) => (release = resolve));
  const tail = previous.then(() => current);
  tails.set(path, tail);
  try {
    await previous;
    return await work();
  } finally {
    release();
    if (tails.get(path) === tail) tails.delete(path);
  }
};
