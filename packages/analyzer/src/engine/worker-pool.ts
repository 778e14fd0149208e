import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type ts from 'typescript';
import type { FileOutcome } from './check-batch.js';
import type { ConfigSource } from './config.js';

/** What every worker starts with. */
export interface WorkerInit {
  readonly cwd: string;
  /** The config source (a path or an inline object): each worker resolves it against the registry itself. */
  readonly config: ConfigSource;
  readonly gate: boolean;
  readonly timing: boolean;
}

/** One batch for a worker. */
export interface WorkerJob {
  readonly id: number;
  readonly files: readonly string[];
  readonly texts: readonly (readonly [string, string])[];
  readonly options: ts.CompilerOptions;
  readonly declarations: readonly string[];
}

/** What a worker sends back. */
export type WorkerMessage =
  | { readonly type: 'file'; readonly job: number; readonly outcome: FileOutcome }
  | {
      readonly type: 'done';
      readonly job: number;
      readonly ruleTimes: readonly (readonly [string, number])[];
    }
  | { readonly type: 'failed'; readonly job: number; readonly message: string };

const workerUrl = new URL('./worker.js', import.meta.url);

/** Whether the compiled worker script exists (it does not when the engine runs from its TypeScript sources). */
export function workersAvailable(): boolean {
  return existsSync(fileURLToPath(workerUrl));
}

/**
 * A fixed set of worker threads, each running batches one at a time. Each batch builds its own program in its
 * worker: parallel checking costs a program per worker.
 */
export class WorkerPool {
  private readonly idle: Worker[] = [];
  private readonly waiting: (() => void)[] = [];
  private readonly all: Worker[] = [];
  private nextJob = 0;

  constructor(size: number, init: WorkerInit) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(workerUrl, { workerData: init });
      this.all.push(worker);
      this.idle.push(worker);
    }
  }

  /** Runs one batch on the next free worker; `onFile` is called for each file as it is done. */
  async run(
    job: Omit<WorkerJob, 'id'>,
    onFile: (outcome: FileOutcome) => void,
    onTimes: (times: readonly (readonly [string, number])[]) => void,
  ): Promise<void> {
    const worker = await this.acquire();
    const id = this.nextJob++;
    try {
      await new Promise<void>((resolve, reject) => {
        const onMessage = (message: WorkerMessage): void => {
          if (message.job !== id) return;
          if (message.type === 'file') {
            onFile(message.outcome);
            return;
          }
          cleanup();
          if (message.type === 'done') {
            onTimes(message.ruleTimes);
            resolve();
          } else {
            reject(new Error(`An analyzer worker failed: ${message.message}`));
          }
        };
        const onError = (error: Error): void => {
          cleanup();
          reject(error);
        };
        const onExit = (code: number): void => {
          cleanup();
          reject(new Error(`An analyzer worker exited with code ${code} during a batch.`));
        };
        const cleanup = (): void => {
          worker.off('message', onMessage);
          worker.off('error', onError);
          worker.off('exit', onExit);
        };
        worker.on('message', onMessage);
        worker.on('error', onError);
        worker.on('exit', onExit);
        worker.postMessage({ ...job, id } satisfies WorkerJob);
      });
    } finally {
      this.release(worker);
    }
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    await Promise.all(this.all.map((worker) => worker.terminate()));
  }

  private async acquire(): Promise<Worker> {
    for (;;) {
      const worker = this.idle.pop();
      if (worker !== undefined) return worker;
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  private release(worker: Worker): void {
    this.idle.push(worker);
    this.waiting.shift()?.();
  }
}
