// Case: gsd-build/gsd-2, fix commit 7664a494aa94c7d8c0b78a037be1d30b566be8db ("add concurrency limits to unbounded
// Promise.all operations", PR https://github.com/gsd-build/gsd-2/pull/1029). Fixed: at most five model calls run at
// once, through a small limiter.
export interface ExtractionJob {
  readonly threadId: string;
}

export interface MemoryStore {
  claimPendingJobs(max: number): ExtractionJob[];
  threadText(threadId: string): string | undefined;
  saveNotes(threadId: string, notes: string[]): void;
  markFailed(threadId: string, reason: string): void;
}

export type Summarizer = (text: string) => Promise<string[]>;

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

export async function extractNotes(
  store: MemoryStore,
  summarize: Summarizer,
  maxJobs: number,
): Promise<{ processed: number; errors: number }> {
  const jobs = store.claimPendingJobs(maxJobs);
  let processed = 0;
  let errors = 0;

  // Run the jobs with bounded concurrency.
  const run = boundedRunner(5);
  const running = jobs.map((job) =>
    run(async () => {
      try {
        const text = store.threadText(job.threadId);
        if (text === undefined) {
          store.markFailed(job.threadId, 'thread is gone');
          errors++;
          return;
        }
        store.saveNotes(job.threadId, await summarize(text));
        processed++;
      } catch (error) {
        store.markFailed(job.threadId, error instanceof Error ? error.message : String(error));
        errors++;
      }
    }),
  );

  await Promise.all(running);
  return { processed, errors };
}
