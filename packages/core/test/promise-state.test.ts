import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { promiseState } from '../src/promise-state.js';
import { deferred } from '../../../test/support/async.js';

const dist = fileURLToPath(new URL('../dist/promise-state.js', import.meta.url));

function runNode(script: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout.trim(), stderr: result.stderr };
}

describe('promiseState', () => {
  it('reports pending, fulfilled and rejected', async () => {
    const pending = deferred<number>();
    expect(await promiseState(pending.promise)).toBe('pending');
    expect(await promiseState(Promise.resolve(1))).toBe('fulfilled');
    const rejected = Promise.reject(new Error('x'));
    expect(await promiseState(rejected)).toBe('rejected');
    await rejected.catch(() => undefined);
    pending.resolve(2);
    await pending.promise;
    expect(await promiseState(pending.promise)).toBe('fulfilled');
  });

  it('is not fooled by values that look like states', async () => {
    expect(await promiseState(Promise.resolve('<rejected>'))).toBe('fulfilled');
    expect(await promiseState(Promise.resolve({ '<pending>': true }))).toBe('fulfilled');
  });

  it('works for subclasses and for non-native thenables', async () => {
    class Task<T> extends Promise<T> {}
    expect(await promiseState(Task.resolve(1))).toBe('fulfilled');
    const settledThenable = {
      then: (onFulfilled: (value: number) => void) => {
        onFulfilled(5);
      },
    };
    expect(await promiseState(settledThenable as unknown as PromiseLike<number>)).toBe('fulfilled');
    const failedThenable = {
      then: (_: unknown, onRejected: (error: Error) => void) => {
        onRejected(new Error('x'));
      },
    };
    expect(await promiseState(failedThenable as unknown as PromiseLike<number>)).toBe('rejected');
    const idleThenable = { then: () => undefined };
    expect(await promiseState(idleThenable as unknown as PromiseLike<number>)).toBe('pending');
  });

  it('rejects a non-thenable with a TypeError', async () => {
    await expect(promiseState(3 as unknown as Promise<number>)).rejects.toThrow(
      'Expected `promise` to be a promise or thenable, got `3` (number)',
    );
  });

  // Vitest fails on any unhandled rejection, so these run in a child Node process against the built module.
  it('does not hide an unhandled rejection it probed (Node keeps reporting it)', () => {
    const result = runNode(`
      import { promiseState } from ${JSON.stringify(dist)};
      const p = Promise.reject(new Error('nobody handles me'));
      console.log(await promiseState(p));
    `);
    expect(result.stdout).toBe('rejected');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('nobody handles me');
  });

  it('does not hide a later rejection of a promise probed while pending', () => {
    const result = runNode(`
      import { promiseState } from ${JSON.stringify(dist)};
      let reject;
      const p = new Promise((_, r) => { reject = r; });
      console.log(await promiseState(p));
      reject(new Error('rejected after the probe'));
    `);
    expect(result.stdout).toBe('pending');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('rejected after the probe');
  });

  it('does not turn a handled rejection into an unhandled one', () => {
    const result = runNode(`
      import { promiseState } from ${JSON.stringify(dist)};
      const p = Promise.reject(new Error('handled'));
      p.catch(() => {});
      console.log(await promiseState(p));
    `);
    expect(result).toMatchObject({ stdout: 'rejected', status: 0 });
  });
});
