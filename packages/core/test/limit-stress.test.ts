import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { limit } from '../src/index.js';

describe('limit under 10^6 tasks', () => {
  it('runs 10^6 queued tasks with the bound held and every promise settled', async () => {
    const limiter = limit(16);
    const total = 1_000_000;
    let running = 0;
    let peak = 0;
    let sum = 0;
    const task = async (i: number): Promise<number> => {
      running++;
      if (running > peak) peak = running;
      await Promise.resolve();
      running--;
      return i & 1;
    };
    const promises = new Array<Promise<number>>(total);
    for (let i = 0; i < total; i++) promises[i] = limiter(task, i);
    expect(limiter.pending).toBe(total - 16);
    for (const value of await Promise.all(promises)) sum += value;
    expect(sum).toBe(total / 2);
    expect(peak).toBe(16);
    expect(limiter.active).toBe(0);
    expect(limiter.pending).toBe(0);
  });

  it('10^6 queued run() calls with one long-lived signal leave zero listeners on it', async () => {
    const controller = new AbortController();
    const limiter = limit(4);
    // With a signal and no timeout the task gets the caller's signal itself: no AbortController per run().
    const total = 1_000_000;
    let done = 0;
    let sameSignal = 0;
    const task = async (signal: AbortSignal): Promise<void> => {
      if (signal === controller.signal) sameSignal++;
      done++;
    };
    const batch = 50_000;
    for (let start = 0; start < total; start += batch) {
      const promises = new Array<Promise<void>>(batch);
      for (let i = 0; i < batch; i++) promises[i] = limiter.run(task, { signal: controller.signal });
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
      await Promise.all(promises);
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    }
    expect(done).toBe(total);
    expect(sameSignal).toBe(total);
    expect(limiter.active).toBe(0);
    expect(limiter.pending).toBe(0);
  });
});
