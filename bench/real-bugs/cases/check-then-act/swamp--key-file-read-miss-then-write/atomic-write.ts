// Shared by before.ts and after.ts: the project's atomic write helper (the original's atomicWriteTextFile, which
// writes a temporary file and renames it over the target, replacing whatever is there).
import { randomUUID } from 'node:crypto';
import { rename, writeFile } from 'node:fs/promises';

export async function writeFileAtomically(path: string, content: string, options: { mode?: number } = {}): Promise<void> {
  const temporary = `${path}.${randomUUID()}.tmp`;
  await writeFile(temporary, content, { encoding: 'utf8', mode: options.mode });
  await rename(temporary, path);
}
