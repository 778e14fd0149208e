import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClosedError } from '../src/errors.js';
import { AsyncQueue } from '../src/queue.js';

describe('AsyncQueue properties', () => {
  it('many producers and consumers with a random close: no loss, no duplication, per-producer FIFO', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.nat({ max: 3 }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 0, max: 80 }),
        async (capacity, producers, consumers, schedule, closeAfter) => {
          const queue = new AsyncQueue<string>({ capacity });
          const accepted: string[] = [];
          const received: string[][] = Array.from({ length: consumers }, () => []);
          let step = 0;
          const tick = async (): Promise<void> => {
            const hops = schedule[step++ % schedule.length]!;
            for (let i = 0; i < hops; i++) await Promise.resolve();
            if (step === closeAfter) queue.close();
          };
          const producing = Array.from({ length: producers }, async (_, p) => {
            for (let n = 0; n < 15; n++) {
              try {
                await queue.push(`${p}:${n}`);
                accepted.push(`${p}:${n}`);
              } catch (error) {
                expect(error).toBeInstanceOf(ClosedError);
                return;
              }
              await tick();
            }
          });
          const consuming = Array.from({ length: consumers }, async (_, c) => {
            for await (const item of queue) {
              received[c]!.push(item);
              await tick();
            }
          });
          await Promise.all(producing);
          queue.close();
          await Promise.all(consuming);
          const all = received.flat();
          expect(new Set(all).size).toBe(all.length); // no duplicate
          expect([...all].sort()).toEqual([...accepted].sort()); // nothing accepted is lost, nothing invented
          for (const items of received) {
            // each consumer sees each producer's items in push order
            const last = new Map<string, number>();
            for (const item of items) {
              const [p, n] = item.split(':').map(Number) as [number, number];
              expect(n).toBeGreaterThan(last.get(String(p)) ?? -1);
              last.set(String(p), n);
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('a single consumer receives exactly the pushed sequence (FIFO)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer()), fc.integer({ min: 0, max: 5 }), async (items, capacity) => {
        const queue = new AsyncQueue<number>({ capacity });
        const producer = (async () => {
          for (const item of items) await queue.push(item);
          queue.close();
        })();
        const received: number[] = [];
        for await (const item of queue) received.push(item);
        await producer;
        expect(received).toEqual(items);
      }),
    );
  });
});
