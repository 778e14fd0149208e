import { describe, expect, it } from 'vitest';
import { all } from '../src/settle.js';
import { lazy } from '../src/lazy.js';
import { retry } from '../src/retry.js';
import { sleep } from '../src/sleep.js';
import { timeout } from '../src/timeout.js';
import { abortListeners } from '../../../test/support/async.js';

// One signal that lives as long as the process (a server's shutdown signal), used by every operation.
describe('no listener left on a long-lived signal', () => {
  it('after 100 000 timeout() calls that succeed, fail and time out', async () => {
    const lifetime = new AbortController();
    const options = { signal: lifetime.signal };
    for (let round = 0; round < 100; round++) {
      const batch: Promise<unknown>[] = [];
      for (let i = 0; i < 1_000; i++) {
        const kind = i % 3;
        const task =
          kind === 0
            ? timeout(async () => i, 1, options)
            : kind === 1
              ? timeout(() => Promise.reject(new Error('x')), 1, options)
              : timeout(new Promise(() => undefined), 1, options);
        batch.push(task.catch(() => undefined));
      }
      await Promise.all(batch);
    }
    expect(abortListeners(lifetime.signal)).toBe(0);
  });

  it('after 100 000 sleep() calls', async () => {
    const lifetime = new AbortController();
    for (let round = 0; round < 100; round++) {
      const batch = Array.from({ length: 1_000 }, () => sleep(0, { signal: lifetime.signal }));
      await Promise.all(batch);
    }
    expect(abortListeners(lifetime.signal)).toBe(0);
  });

  it('after 100 000 all(), retry() and lazy.get() calls', async () => {
    const lifetime = new AbortController();
    const options = { signal: lifetime.signal };
    const value = lazy(async () => 1);
    for (let i = 0; i < 100_000; i++) {
      await all([async () => 1, () => 2], options);
      await retry(async () => i, options);
      await value.get(options);
    }
    expect(abortListeners(lifetime.signal)).toBe(0);
  });
});
