// Case: gsd-build/gsd-2, fix commit 7664a494aa94c7d8c0b78a037be1d30b566be8db ("add concurrency limits to unbounded
// Promise.all operations", PR https://github.com/gsd-build/gsd-2/pull/1029). Rewritten in our own code: listing
// saved sessions reads and parses every session file of every folder at once, so a user with thousands of sessions
// gets a memory spike and too many open files.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface SessionSummary {
  readonly file: string;
  readonly title: string;
  readonly messages: number;
}

async function summarize(file: string): Promise<SessionSummary | undefined> {
  try {
    const lines = (await readFile(file, 'utf8')).split('\n').filter(Boolean);
    const header = JSON.parse(lines[0] ?? '{}') as { title?: string };
    return { file, title: header.title ?? '(untitled)', messages: lines.length - 1 };
  } catch {
    return undefined;
  }
}

export async function listSessions(
  folders: readonly string[],
  onProgress?: (done: number, total: number) => void,
): Promise<SessionSummary[]> {
  const perFolder = await Promise.all(
    folders.map(async (folder) =>
      (await readdir(folder)).filter((name) => name.endsWith('.jsonl')).map((name) => join(folder, name)),
    ),
  );
  const files = perFolder.flat();
  let done = 0;
  const summaries = await Promise.all(
    files.map(async (file) => {
      const summary = await summarize(file);
      done++;
      onProgress?.(done, files.length);
      return summary;
    }),
  );
  return summaries.filter((s): s is SessionSummary => s !== undefined);
}
