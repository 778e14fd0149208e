import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Semaphore, type Permit } from '../src/index.js';

afterEach(() => {
  vi.useRealTimers();
});

type Mode = 'acquire' | 'run' | 'try';
type Fate = 'normal' | 'abort' | 'timeout' | 'throw';

interface Plan {
  mode: Mode;
  weight: number;
  fate: Fate;
  timeout: number;
}

const planArbitrary = (permits: number): fc.Arbitrary<Plan> =>
  fc.record({
    mode: fc.constantFrom<Mode>('acquire', 'run', 'try'),
    weight: fc.integer({ min: 1, max: permits }),
    fate: fc.constantFrom<Fate>('normal', 'abort', 'timeout', 'throw'),
    timeout: fc.integer({ min: 0, max: 30 }),
  });

const scenario = fc.integer({ min: 1, max: 4 }).chain((permits) =>
  fc.record({
    permits: fc.constant(permits),
    plans: fc.array(planArbitrary(permits), { minLength: 1, maxLength: 14 }),
    ticks: fc.array(fc.integer({ min: 1, max: 15 }), { maxLength: 6 }),
  }),
);

describe('Semaphore invariants under random interleavings (fast-check scheduler)', () => {
  it('never exceeds permits, grants FIFO, loses or doubles no permit, and settles every promise', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), scenario, async (s, { permits, plans, ticks }) => {
        vi.useFakeTimers();
        try {
          const semaphore = new Semaphore(permits);
          let held = 0;
          let peak = 0;
          const granted: number[] = [];
          let settled = 0;
          // Work still running after its caller was answered (a run() aborted or timed out keeps its slot).
          let running = 0;
          const requested: number[] = [];
          let allDone: () => void = () => undefined;
          const finished = new Promise<void>((resolve) => (allDone = resolve));
          const checkDone = (): void => {
            if (settled === plans.length && running === 0) allDone();
          };
          const enter = (id: number, weight: number): void => {
            granted.push(id);
            held += weight;
            peak = Math.max(peak, held);
          };
          const outcomes = plans.map(async (plan, id) => {
            const controller = new AbortController();
            if (plan.fate === 'abort') {
              s.schedule(Promise.resolve('abort')).then(() => {
                controller.abort();
              });
            }
            const options = {
              weight: plan.weight,
              signal: controller.signal,
              ...(plan.fate === 'timeout' ? { timeout: plan.timeout } : {}),
            };
            await s.schedule(Promise.resolve(`start ${id}`));
            requested.push(id);
            try {
              if (plan.mode === 'run') {
                await semaphore.run(async () => {
                  enter(id, plan.weight);
                  running++;
                  try {
                    await s.schedule(Promise.resolve(`work ${id}`));
                    if (plan.fate === 'throw') throw new Error('task failed');
                  } finally {
                    held -= plan.weight;
                    running--;
                    checkDone();
                  }
                }, options);
              } else {
                let permit: Permit | undefined;
                if (plan.mode === 'try') {
                  permit = semaphore.tryAcquire({ weight: plan.weight });
                  if (permit === undefined) return;
                  enter(id, plan.weight);
                } else {
                  permit = await semaphore.acquire(options);
                  enter(id, plan.weight);
                }
                try {
                  await s.schedule(Promise.resolve(`hold ${id}`));
                  if (plan.fate === 'throw') throw new Error('holder failed');
                } finally {
                  held -= plan.weight;
                  permit.release();
                  permit.release();
                }
              }
            } catch {
              // aborts, timeouts and thrown errors are expected outcomes
            } finally {
              settled++;
              checkDone();
            }
          });
          for (const ms of ticks) {
            s.schedule(Promise.resolve(`tick ${ms}`)).then(() => {
              vi.advanceTimersByTime(ms);
            });
          }
          // Runs the scheduled steps in a random order until every worker has settled.
          await s.waitFor(finished);
          await Promise.all(outcomes);
          await Promise.resolve();

          expect(settled).toBe(plans.length);
          expect(peak).toBeLessThanOrEqual(permits);
          expect(held).toBe(0);
          expect(semaphore.available).toBe(permits);
          expect(semaphore.waiting).toBe(0);
          // Strict FIFO: permits are granted in request order (the order of the calls).
          const rank = granted.map((id) => requested.indexOf(id));
          expect(rank).toEqual([...rank].sort((a, b) => a - b));
          expect(vi.getTimerCount()).toBe(0);
        } finally {
          vi.useRealTimers();
        }
      }),
      { numRuns: 300 },
    );
  });
});
