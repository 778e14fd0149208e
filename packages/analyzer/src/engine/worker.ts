// A worker thread of the engine: builds its own program for each batch it is given and streams the outcome of every
// file back. Started by the pool in worker-pool.ts; never imported by anything else.
import { parentPort, workerData } from 'node:worker_threads';
import { checkBatch, collectGarbage } from './check-batch.js';
import { NativeRun } from './native-run.js';
import { loadConfig } from './config.js';
import { allRules } from '../rules/index.js';
import { engineCheckIds } from './suppressions.js';
import type { WorkerInit, WorkerJob, WorkerMessage } from './worker-pool.js';

const init = workerData as WorkerInit;
const config = loadConfig(init.config, init.cwd, allRules);
const knownIds = new Set<string>([...allRules.map((r) => r.meta.id), ...engineCheckIds]);
const activeIds = new Set<string>(config.rules.map((r) => r.rule.meta.id));
// The native engine's session of this worker (one TypeScript 7 process), opened by its first native batch. It ends
// with the worker: the pool terminates workers, which closes the pipes the Go process reads, and it exits.
const native = new NativeRun(init.cwd);
const port = parentPort;
if (port === null) throw new Error('worker.js must run in a worker thread');

port.on('message', (job: WorkerJob) => {
  const ruleTimes = init.timing ? new Map<string, number>() : undefined;
  // The previous job's program is garbage: collect it first, so that this program has the whole heap limit.
  collectGarbage();
  try {
    checkBatch(
      {
        files: job.files,
        texts: new Map(job.texts),
        options: job.options,
        declarations: job.declarations,
        engine: job.engine,
        configFile: job.configFile,
        rules: config.rules,
        engineChecks: config.engineChecks,
        knownIds,
        activeIds,
        gate: init.gate,
        ruleTimes,
      },
      (outcome) => {
        port.postMessage({ type: 'file', job: job.id, outcome } satisfies WorkerMessage);
      },
      (file) => {
        port.postMessage({ type: 'start', job: job.id, file } satisfies WorkerMessage);
      },
      native,
    );
    port.postMessage({
      type: 'done',
      job: job.id,
      ruleTimes: [...(ruleTimes ?? [])],
    } satisfies WorkerMessage);
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    port.postMessage({ type: 'failed', job: job.id, message } satisfies WorkerMessage);
  }
});
