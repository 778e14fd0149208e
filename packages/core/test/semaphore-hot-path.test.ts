import { describe, expect, it } from 'vitest';
import { Semaphore, type Permit } from '../src/index.js';

/**
 * Counts the microtask turns until `promise` settles: a chain of `await`s on resolved promises, one per turn,
 * started at the same moment as the caller's own `await`.
 */
async function ticksUntil(promise: Promise<unknown>): Promise<number> {
  const state = { settled: false };
  void promise.then(
    () => (state.settled = true),
    () => (state.settled = true),
  );
  let ticks = 0;
  while (!state.settled) {
    await Promise.resolve();
    ticks++;
    if (ticks > 50) throw new Error('never settled');
  }
  return ticks;
}

describe('Semaphore hot path: microtask turns', () => {
  it('`await acquire()` on a free permit resumes after one turn, like `await Promise.resolve()`', async () => {
    const semaphore = new Semaphore(1);
    const reference = await ticksUntil(Promise.resolve());
    const acquired = semaphore.acquire();
    expect(await ticksUntil(acquired)).toBe(reference);
    (await acquired).release();
  });

  it('a release hands the permit to the waiter, which resumes one turn later (no extra hop)', async () => {
    const semaphore = new Semaphore(1);
    const holder = await semaphore.acquire();
    const waiter = semaphore.acquire();
    holder.release();
    // Handed over synchronously: nothing is free for anyone else in between.
    expect(semaphore.available).toBe(0);
    expect(semaphore.waiting).toBe(0);
    expect(await ticksUntil(waiter)).toBe(await ticksUntil(Promise.resolve()));
    (await waiter).release();
    expect(semaphore.available).toBe(1);
  });
});

describe('Semaphore permits are never shared', () => {
  it('every grant (free, handed off, weighted) is a new object; a stale release frees nothing', async () => {
    const semaphore = new Semaphore(3);
    const seen = new Set<Permit>();
    const holders: Permit[] = [];
    for (let round = 0; round < 200; round++) {
      const free = await semaphore.acquire();
      const heavy = semaphore.tryAcquire({ weight: 2 }) as Permit;
      const queued = semaphore.acquire();
      const queuedHeavy = semaphore.acquire({ weight: 2 });
      free.release();
      const handedOff = await queued;
      heavy.release();
      const handedOffHeavy = await queuedHeavy;
      for (const permit of [free, heavy, handedOff, handedOffHeavy]) {
        expect(seen.has(permit)).toBe(false);
        seen.add(permit);
      }
      expect([free.weight, heavy.weight, handedOff.weight, handedOffHeavy.weight]).toEqual([1, 2, 1, 2]);
      // The stale permits' second release must not free the slots their successors now hold.
      free.release();
      heavy[Symbol.dispose]();
      expect(semaphore.available).toBe(0);
      expect(handedOff.released).toBe(false);
      expect(handedOffHeavy.released).toBe(false);
      holders.push(handedOff, handedOffHeavy);
      handedOff.release();
      handedOffHeavy.release();
      expect(handedOffHeavy.weight).toBe(2);
      expect(semaphore.available).toBe(3);
    }
    expect(seen.size).toBe(800);
    expect(holders.every((permit) => permit.released)).toBe(true);
  });
});
