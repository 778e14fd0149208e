import { describe, expect, it } from 'vitest';
import { PromiseTracker, type BudgetClocks } from '../src/runtime/promises.js';

/** Clocks the test moves by hand: the budget reads nothing else. */
function handClocks(): BudgetClocks & { cpu: number; wall: number } {
  return {
    cpu: 0,
    wall: 0,
    cpuMs() {
      return this.cpu;
    },
    wallMs() {
      return this.wall;
    },
  };
}

/** Promises made synchronously while `tracker` runs (no await in between, so nothing else makes any meanwhile). */
function make(count: number): Promise<unknown>[] {
  const made: Promise<unknown>[] = [];
  for (let index = 0; index < count; index++) made.push(new Promise(() => {}));
  return made;
}

/** Runs `fn` with the tracker's hooks on, and returns how many promises it recorded meanwhile. */
function recordedDuring(tracker: PromiseTracker, fn: () => void): number {
  const before = tracker.recorded;
  fn();
  return tracker.recorded - before;
}

// A stride of 2^20: no promise of these tests is sampled, so only the budget records.
const noSampling = 2 ** 20;

describe('doctor --full: the stack budget', () => {
  it('refills with the CPU time the process used, never with the wall clock, in runs of at least 64', () => {
    const clocks = handClocks();
    const tracker = new PromiseTracker(100, noSampling, undefined, clocks);
    tracker.start();
    try {
      // The burst.
      expect(recordedDuring(tracker, () => make(150))).toBe(100);
      // A minute of waiting uses no CPU time: nothing is earned.
      clocks.wall += 60_000;
      expect(recordedDuring(tracker, () => make(1000))).toBe(0);
      // 64 ms of CPU earn 64 stacks (1 000 a CPU second), handed out at once to consecutive promises.
      clocks.cpu += 64;
      clocks.wall += 20;
      const made: Promise<unknown>[] = [];
      expect(recordedDuring(tracker, () => made.push(...make(1000)))).toBe(64);
      const recorded = made.map((promise) => tracker.birthOf(promise) !== undefined);
      const firstRecorded = recorded.indexOf(true);
      expect(recorded.slice(firstRecorded, firstRecorded + 64)).toEqual(new Array<boolean>(64).fill(true));
      // 30 ms earn 30: fewer than a run, kept until there are enough.
      clocks.cpu += 30;
      clocks.wall += 20;
      expect(recordedDuring(tracker, () => make(1000))).toBe(0);
      clocks.cpu += 40;
      clocks.wall += 20;
      expect(recordedDuring(tracker, () => make(1000))).toBe(70);
      // Ten CPU seconds refill the burst, no more.
      clocks.cpu += 10_000;
      clocks.wall += 20;
      expect(recordedDuring(tracker, () => make(1000))).toBe(100);
    } finally {
      tracker.stop();
    }
  });

  it('reads the clocks at most every 10 ms of wall time', () => {
    const clocks = handClocks();
    const tracker = new PromiseTracker(100, noSampling, undefined, clocks);
    tracker.start();
    try {
      make(100);
      clocks.cpu += 100;
      // Less than 10 ms since the last read: the CPU time is not looked at yet.
      clocks.wall += 5;
      expect(recordedDuring(tracker, () => make(1000))).toBe(0);
      clocks.wall += 5;
      expect(recordedDuring(tracker, () => make(1000))).toBe(100);
    } finally {
      tracker.stop();
    }
  });

  it('widens the sampling stride past 250 sampled records a CPU second, and narrows it again', () => {
    const clocks = handClocks();
    const tracker = new PromiseTracker(0, 4, undefined, clocks);
    tracker.start();
    try {
      // One promise in 4.
      expect(recordedDuring(tracker, () => make(1024))).toBe(256);
      // 256 sampled in 100 ms of CPU where 25 were allowed (10.24 times as many): from the next check on, one in 64
      // at once (4 × 16, the power of 2 that brings them within it), not one in 8 (a doubling per window).
      clocks.cpu += 100;
      clocks.wall += 20;
      const widened = recordedDuring(tracker, () => make(4096));
      // The check comes at the 256th promise (64 sampled at one in 4), then 3 840 at one in 64: 60.
      expect(widened).toBeGreaterThanOrEqual(120);
      expect(widened).toBeLessThanOrEqual(128);
      // Ten CPU seconds allowed 2 500 and got a few hundred: back to one in 4.
      clocks.cpu += 10_000;
      clocks.wall += 20;
      const narrowed = recordedDuring(tracker, () => make(2048));
      expect(narrowed).toBeGreaterThanOrEqual(448);
      expect(narrowed).toBeLessThanOrEqual(512);
      // Never narrower than `sampleEvery`.
      clocks.cpu += 10_000;
      clocks.wall += 20;
      expect(recordedDuring(tracker, () => make(1024))).toBe(256);
    } finally {
      tracker.stop();
    }
  });

  it('spends nothing on an await of a promise it did not record', async () => {
    const clocks = handClocks();
    const before = new Promise<number>((resolve) => {
      resolve(1);
    });
    const tracker = new PromiseTracker(3, noSampling, undefined, clocks);
    tracker.start();
    const fresh: Promise<unknown>[] = [];
    try {
      // Reactions to a promise made before the doctor started: no record, no token.
      void before.then((value) => value);
      void before.then((value) => value);
      fresh.push(...make(3));
    } finally {
      tracker.stop();
    }
    expect(tracker.recorded).toBe(3);
    expect(fresh.map((promise) => tracker.birthOf(promise) !== undefined)).toEqual([true, true, true]);
    await before;
  });
});
