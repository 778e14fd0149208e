// Case: gsd-build/gsd-2, fix commit 7664a494aa94c7d8c0b78a037be1d30b566be8db ("add concurrency limits to unbounded
// Promise.all operations", PR https://github.com/gsd-build/gsd-2/pull/1029). Fixed: the files are read through a
// small limiter, at most ten at a time.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface SessionSummary {
  readonly file: string;
  readonly title: string;
  readonly messages: number;
}

/** At most `concurrency` calls of the returned function run at once; the rest wait in order. */
function boundedRunner(concurrency: number) {
  const waiting: (() => void)[] = [];
  let running = 0;
  return <T>(task: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const start = () => {
        running++;
        task()
          .then(resolve, reject)
          .finally(() => {
            running--;
            waiting.shift()?.();
          });
      };
      if (running < concurrency) start();
      else waiting.push(start);
    });
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
  const run = boundedRunner(10);
  const summaries = await Promise.all(
    files.map((file) =>
      run(async () => {
        const summary = await summarize(file);
        done++;
        onProgress?.(done, files.length);
        return summary;
      }),
    ),
  );
  return summaries.filter((s): s is SessionSummary => s !== undefined);
}
