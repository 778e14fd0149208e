// Case: gsd-build/gsd-2, fix commit 7f3b14c903c3fdac97640c4462f82343a3d8fb5f ("prevent signal handler accumulation").
// Rewritten in our own code: each session registers SIGTERM, SIGINT and beforeExit handlers on the process to kill
// its background jobs; the session's shutdown hook cleans up the jobs but never takes the handlers off, so every
// session started in the same process adds three more.
import type { ChildProcess } from 'node:child_process';

export interface HostEvents {
  on(event: 'session_shutdown', handler: () => Promise<void>): void;
}

export const backgroundJobs = new Map<string, ChildProcess>();

export function killAllJobs(): void {
  for (const [id, child] of backgroundJobs) {
    child.kill('SIGTERM');
    backgroundJobs.delete(id);
  }
}

export function attachJobLifecycle(host: HostEvents): void {
  host.on('session_shutdown', async () => {
    killAllJobs();
  });

  // Kill background jobs when the process is stopped unexpectedly.
  const onSignal = () => {
    killAllJobs();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  process.on('beforeExit', onSignal);
}
