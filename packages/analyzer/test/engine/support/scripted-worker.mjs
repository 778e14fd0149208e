// A stand-in for the engine's worker (src/engine/worker.ts), for tests of the pool and of runIsolated: it checks
// nothing, and does with each file what the file's name says, so that a worker dies at a chosen point of a batch.
//   `oom`          starts the file, then exhausts the heap (the file is too big even alone);
//   `lost`         in a batch of several files: starts the file, never sends its outcome, then exhausts the heap
//                  (a checked file whose message was lost); alone: checked;
//   `then-oom`     sends the file's outcome, then exhausts the heap before the next file starts;
//   `exit`         starts the file, then the worker exits (code 3);
//   anything else  is checked: an outcome without findings.
import { parentPort } from 'node:worker_threads';

const exhaustHeap = () => {
  const hog = [];
  for (;;) hog.push(new Array(100_000).fill(hog.length));
};

parentPort.on('message', (job) => {
  for (const file of job.files) {
    parentPort.postMessage({ type: 'start', job: job.id, file });
    const outcome = { file, findings: [], typed: false, failed: false, errors: [] };
    if (file.includes('oom') && !file.includes('then-oom')) exhaustHeap();
    if (file.includes('lost') && job.files.length > 1) exhaustHeap();
    if (file.includes('exit')) process.exit(3);
    parentPort.postMessage({ type: 'file', job: job.id, outcome });
    if (file.includes('then-oom')) exhaustHeap();
  }
  parentPort.postMessage({ type: 'done', job: job.id, ruleTimes: [] });
});
