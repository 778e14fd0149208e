// Case: apmantza/pi-lens, fix commit 4a05c5f76b0c39c0b935d116c9be186e272ca428
// (issue https://github.com/apmantza/pi-lens/issues/1109). Rewritten in our own code: stopping a child sends
// SIGTERM and arms a one-second SIGKILL escalation timer; the exit and error handlers clear the run's own deadline
// timer but never the escalation timer, which outlives the child and holds the process open.
import { spawn } from 'node:child_process';

export interface RunResult {
  readonly code: number | null;
  readonly output: string;
  readonly timedOut: boolean;
}

export function runTool(command: string, args: readonly string[], limitMs: number): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let timedOut = false;
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });

    const stop = (): void => {
      child.kill('SIGTERM');
      setTimeout(() => {
        if (!child.killed) child.kill('SIGKILL');
      }, 1000);
    };

    const deadline = setTimeout(() => {
      timedOut = true;
      stop();
    }, limitMs);

    child.on('close', (code) => {
      clearTimeout(deadline);
      resolve({ code, output, timedOut });
    });
    child.on('error', (error) => {
      clearTimeout(deadline);
      reject(error);
    });
  });
}
