// Case: gsd-build/gsd-2, fix commit 7f3b14c903c3fdac97640c4462f82343a3d8fb5f ("prevent signal handler accumulation").
// Fixed: the session's shutdown hook removes the three process handlers before cleaning up.
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
  // Kill background jobs when the process is stopped unexpectedly.
  const onSignal = () => {
    killAllJobs();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  process.on('beforeExit', onSignal);

  host.on('session_shutdown', async () => {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    process.off('beforeExit', onSignal);
    killAllJobs();
  });
}
