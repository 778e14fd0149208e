// Case: apmantza/pi-lens, fix commit 4a05c5f76b0c39c0b935d116c9be186e272ca428
// (issue https://github.com/apmantza/pi-lens/issues/1109). Fixed: the escalation timer is kept and cleared by the
// exit and error handlers along with the deadline.
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
    let escalation: ReturnType<typeof setTimeout> | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });

    const stop = (): void => {
      child.kill('SIGTERM');
      escalation = setTimeout(() => {
        if (!child.killed) child.kill('SIGKILL');
      }, 1000);
    };

    const deadline = setTimeout(() => {
      timedOut = true;
      stop();
    }, limitMs);

    child.on('close', (code) => {
      clearTimeout(deadline);
      if (escalation) clearTimeout(escalation);
      resolve({ code, output, timedOut });
    });
    child.on('error', (error) => {
      clearTimeout(deadline);
      if (escalation) clearTimeout(escalation);
      reject(error);
    });
  });
}
