import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { limit } from '../src/index.js';

type Kind = 'plain' | 'run' | 'run-abort' | 'run-timeout' | 'throw';

describe('limit invariants under random interleavings (fast-check scheduler)', () => {
  it('never runs more tasks than the bound, starts them FIFO, settles every promise and ends idle', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.constantFrom<Kind>('plain', 'run', 'run-abort', 'run-timeout', 'throw'), {
          minLength: 1,
          maxLength: 16,
        }),
        fc.array(fc.oneof(fc.constant('clear' as const), fc.integer({ min: 1, max: 4 })), { maxLength: 3 }),
        async (s, concurrency, kinds, events) => {
          vi.useFakeTimers();
          try {
            const limiter = limit(concurrency);
            let running = 0;
            let violations = 0;
            const started: number[] = [];
            let alive = 0;
            let finish: () => void = () => undefined;
            const allDone = new Promise<void>((resolve) => (finish = resolve));
            let settledCallers = 0;
            const check = (): void => {
              if (settledCallers === kinds.length && alive === 0) finish();
            };
            const body = async (id: number, kind: Kind): Promise<number> => {
              started.push(id);
              // A task may only start into a free slot of the bound in force right now (it can be lowered later).
              if (running >= limiter.concurrency) violations++;
              running++;
              alive++;
              try {
                await s.schedule(Promise.resolve(`work ${id}`));
                if (kind === 'throw') throw new Error(`task ${id}`);
                return id;
              } finally {
                running--;
                alive--;
                check();
              }
            };
            const callers = kinds.map(async (kind, id) => {
              try {
                if (kind === 'plain' || kind === 'throw') await limiter(body, id, kind);
                else {
                  const controller = new AbortController();
                  if (kind === 'run-abort') {
                    s.schedule(Promise.resolve(`abort ${id}`)).then(() => {
                      controller.abort();
                    });
                  }
                  await limiter.run(() => body(id, kind), {
                    signal: controller.signal,
                    ...(kind === 'run-timeout' ? { timeout: 5 } : {}),
                  });
                }
              } catch {
                // expected: thrown tasks, aborts, timeouts, clear()
              } finally {
                settledCallers++;
                check();
              }
            });
            for (const event of events) {
              s.schedule(Promise.resolve(`event ${String(event)}`)).then(() => {
                if (event === 'clear') limiter.clear();
                else limiter.concurrency = event;
              });
            }
            s.schedule(Promise.resolve('time passes')).then(() => {
              vi.advanceTimersByTime(5);
            });
            await s.waitFor(allDone);
            await Promise.all(callers);
            expect(violations).toBe(0);
            expect(started).toEqual([...started].sort((a, b) => a - b));
            expect(limiter.active).toBe(0);
            expect(limiter.pending).toBe(0);
            expect(vi.getTimerCount()).toBe(0);
          } finally {
            vi.useRealTimers();
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
