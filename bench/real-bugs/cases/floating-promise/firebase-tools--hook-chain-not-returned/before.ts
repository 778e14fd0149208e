// Case: firebase/firebase-tools, fix commit 8d76543a68002807b74130eec9bf1f8190773b16 ("fix reduce with promises
// (#4677)"; https://github.com/firebase/firebase-tools/pull/4677).
// The code just before the fix, rewritten in our own code: the deploy hooks are chained with reduce, but the reducer
// drops the promise it builds instead of returning it, so the hooks start without order and their failures are never
// seen.
import { spawn } from 'node:child_process';

interface HookTarget {
  name: string;
  commands: string[];
}

function runShellCommand(command: string, cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, { cwd, shell: true, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} exited with ${code}`))));
  });
}

export async function runDeployHooks(target: HookTarget, cwd: string): Promise<void> {
  const allDone = target.commands.reduce((previous: Promise<unknown>, command: string) => {
    previous.then(() => runShellCommand(command, cwd));
    return previous;
  }, Promise.resolve());

  await allDone;
  console.info(`hooks of ${target.name} finished`);
}
