import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type ts from 'typescript';
import type { EngineName } from './analyze-contract.js';
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

/**
 * How a batch ended: every file done, or the worker ran out of memory (on the last file it started, or while building
 * the program when it started none).
 */
export type BatchEnd = 'done' | 'out-of-memory';

/** One batch for a worker. */
export interface WorkerJob {
  readonly id: number;
  readonly files: readonly string[];
  readonly texts: readonly (readonly [string, string])[];
  readonly options: ts.CompilerOptions;
  readonly declarations: readonly string[];
  /** The type checker that answers the rules. */
  readonly engine: EngineName;
  /** The owning tsconfig, or undefined (the native engine opens it). */
  readonly configFile: string | undefined;
}

/** What a worker sends back. */
export type WorkerMessage =
  | { readonly type: 'start'; readonly job: number; readonly file: string }
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
 * worker: parallel checking costs a program per worker. Each worker's heap is limited to `heapLimitMb`: a program
 * whose type checker outgrows it ends that worker (not the process), the batch reports `'out-of-memory'`, and a
 * fresh worker takes its place.
 */
export class WorkerPool {
  private readonly idle: Worker[] = [];
  private readonly waiting: (() => void)[] = [];
  private readonly all = new Set<Worker>();
  private nextJob = 0;

  constructor(
    size: number,
    private readonly init: WorkerInit,
    /** The old-generation heap limit of each worker, in MiB. */
    readonly heapLimitMb: number,
    /** The script each worker runs (tests give one of their own). */
    private readonly script: URL = workerUrl,
  ) {
    for (let i = 0; i < size; i++) this.idle.push(this.start());
  }

  /**
   * Runs one batch on the next free worker; `onStart` is called when the worker starts a file (its program built)
   * and `onFile` when the file is done. Resolves to `'out-of-memory'` when the worker exceeded its heap limit: the
   * files without an outcome were not checked.
   */
  async run(
    job: Omit<WorkerJob, 'id'>,
    onFile: (outcome: FileOutcome) => void,
    onTimes: (times: readonly (readonly [string, number])[]) => void,
    onStart?: (file: string) => void,
  ): Promise<BatchEnd> {
    let worker = await this.acquire();
    const id = this.nextJob++;
    try {
      return await new Promise<BatchEnd>((resolve, reject) => {
        const onMessage = (message: WorkerMessage): void => {
          if (message.job !== id) return;
          if (message.type === 'start') {
            onStart?.(message.file);
            return;
          }
          if (message.type === 'file') {
            onFile(message.outcome);
            return;
          }
          cleanup();
          if (message.type === 'done') {
            onTimes(message.ruleTimes);
            resolve('done');
          } else {
            reject(new Error(`An analyzer worker failed: ${message.message}`));
          }
        };
        // A worker that ends during a batch is gone with its program: the next batch gets a new one (the dead one
        // must not go back to the idle list, where the next batch would wait for it forever).
        const replace = (): void => {
          this.all.delete(worker);
          worker = this.start();
        };
        const onError = (error: Error): void => {
          cleanup();
          replace();
          if ((error as NodeJS.ErrnoException).code !== 'ERR_WORKER_OUT_OF_MEMORY') {
            reject(error);
            return;
          }
          resolve('out-of-memory');
        };
        const onExit = (code: number): void => {
          cleanup();
          replace();
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
    await Promise.all([...this.all].map((worker) => worker.terminate()));
  }

  private start(): Worker {
    const worker = new Worker(this.script, {
      workerData: this.init,
      resourceLimits: { maxOldGenerationSizeMb: this.heapLimitMb },
    });
    this.all.add(worker);
    return worker;
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
