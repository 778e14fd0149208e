import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { KeyedMutex, Mutex, Semaphore } from '../src/index.js';

const OPERATIONS = 1_000_000;

describe('Semaphore under 10^6 operations', () => {
  it('acquire/release 10^6 times under contention: bound held, every permit back', async () => {
    const semaphore = new Semaphore(4);
    let held = 0;
    let peak = 0;
    let done = 0;
    const worker = async (rounds: number): Promise<void> => {
      for (let i = 0; i < rounds; i++) {
        const permit = await semaphore.acquire();
        held++;
        if (held > peak) peak = held;
        if ((i & 7) === 0) await Promise.resolve();
        held--;
        permit.release();
        done++;
      }
    };
    const workers = 16;
    await Promise.all(Array.from({ length: workers }, () => worker(OPERATIONS / workers)));
    expect(done).toBe(OPERATIONS);
    expect(peak).toBe(4);
    expect(semaphore.available).toBe(4);
    expect(semaphore.waiting).toBe(0);
  });

  it('10^6 waits on one long-lived signal leave zero listeners on it', async () => {
    const controller = new AbortController();
    const { signal } = controller;
    let added = 0;
    let peakListeners = 0;
    const add = signal.addEventListener.bind(signal);
    signal.addEventListener = (...args: Parameters<typeof add>) => {
      added++;
      add(...args);
    };
    const mutex = new Mutex();
    const worker = async (rounds: number): Promise<void> => {
      for (let i = 0; i < rounds; i++) {
        const lock = await mutex.lock({ signal });
        if ((i & 0xffff) === 0)
          peakListeners = Math.max(peakListeners, getEventListeners(signal, 'abort').length);
        await Promise.resolve();
        lock.release();
      }
    };
    await Promise.all([worker(OPERATIONS / 2), worker(OPERATIONS / 2)]);
    // Half of the locks had to wait (two workers, one lock), each with a listener that is now gone.
    expect(added).toBeGreaterThan(OPERATIONS / 4);
    expect(peakListeners).toBeLessThanOrEqual(1);
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
    expect(mutex.locked).toBe(false);
  });

  it('KeyedMutex frees every key: size 0 after 10^5 distinct keys', async () => {
    const keyed = new KeyedMutex<string>();
    const tasks: Promise<void>[] = [];
    for (let i = 0; i < 100_000; i++) {
      const key = `order:${i}`;
      tasks.push(
        keyed.run(key, async () => {
          await Promise.resolve();
        }),
      );
      // a contended key too: a second holder queued behind the first
      if (i % 10 === 0)
        tasks.push(
          keyed.lock(key).then((lock) => {
            lock.release();
          }),
        );
    }
    expect(keyed.size).toBe(100_000);
    await Promise.all(tasks);
    expect(keyed.size).toBe(0);
  });
});
