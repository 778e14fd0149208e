import { getEventListeners } from 'node:events';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Semaphore, type Permit } from '../src/index.js';
import { FifoPermitModel, type ModelWaiter } from './semaphore-delivery-model.js';

/*
 * The Semaphore keeps a plain waiter (weight 1, no signal, no timeout) as a turn of a chain of promises and any other
 * as an object in a queue of blocks, whose slot becomes a tombstone when it leaves early; tombstones are skipped,
 * compacted past 32, and dropped when no waiter is left. This checks both against a plain array model, step by step,
 * over long random runs that mix both kinds, weights, aborts (many, so compaction happens), releases and tryAcquire.
 * (semaphore-turns.test.ts checks the delivery order when releases come before the turns have run.)
 */

type Step =
  | { kind: 'acquire'; weight: number; cancellable: boolean; shared: boolean }
  | { kind: 'abort'; pick: number }
  | { kind: 'release'; pick: number }
  | { kind: 'try'; weight: number }
  /** Queues `count` cancellable waiters and aborts all but every `keepEvery`-th: enough tombstones to compact. */
  | { kind: 'burst'; count: number; keepEvery: number };

const stepArbitrary = (permits: number): fc.Arbitrary<Step> =>
  fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant('acquire' as const),
        weight: fc.integer({ min: 1, max: permits }),
        cancellable: fc.boolean(),
        shared: fc.boolean(),
      }),
    },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('abort' as const), pick: fc.nat() }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('release' as const), pick: fc.nat() }) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('try' as const),
        weight: fc.integer({ min: 1, max: permits }),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('burst' as const),
        count: fc.integer({ min: 1, max: 80 }),
        keepEvery: fc.integer({ min: 2, max: 10 }),
      }),
    },
  );

const scenario = fc
  .integer({ min: 1, max: 5 })
  .chain((permits) =>
    fc.record({ permits: fc.constant(permits), steps: fc.array(stepArbitrary(permits), { maxLength: 300 }) }),
  );

const flush = async (): Promise<void> => {
  for (let i = 0; i < 4; i++) await Promise.resolve();
};

describe('Semaphore queue (plain turns and tombstones) against a model', () => {
  it('grants, removes and counts exactly like a FIFO list, and leaves no listener behind', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ permits, steps }) => {
        const semaphore = new Semaphore(permits);
        // One long-lived signal shared by some waiters (never aborted), besides per-waiter controllers.
        const shared = new AbortController();
        const model = new FifoPermitModel(permits);
        const grants: number[] = [];
        const holding = new Map<number, Permit>();
        const rejected: number[] = [];
        let nextId = 0;
        let tried = 0;
        const acquire = (weight: number, cancellable: boolean, useShared: boolean): ModelWaiter => {
          const id = nextId++;
          const controller = cancellable ? new AbortController() : undefined;
          const signal = controller?.signal ?? (useShared ? shared.signal : undefined);
          const promise =
            signal === undefined && weight === 1 && !useShared
              ? semaphore.acquire()
              : semaphore.acquire({ weight, signal });
          promise.then(
            (permit) => {
              grants.push(id);
              holding.set(id, permit);
            },
            () => rejected.push(id),
          );
          const waiter = { id, weight, controller };
          model.acquire(waiter);
          return waiter;
        };
        const abort = (target: ModelWaiter): void => {
          if (!model.queue.includes(target)) return;
          target.controller?.abort();
          model.remove(target);
        };
        const release = (id: number, permit: Permit): void => {
          holding.delete(id);
          permit.release();
          model.release(permit.weight);
        };
        for (const step of steps) {
          if (step.kind === 'acquire') {
            acquire(step.weight, step.cancellable, step.shared);
          } else if (step.kind === 'burst') {
            const burst = Array.from({ length: step.count }, (_, i) =>
              acquire(1 + (i % permits), true, false),
            );
            burst.forEach((waiter, i) => {
              if (i % step.keepEvery !== 0) abort(waiter);
            });
          } else if (step.kind === 'abort') {
            const cancellable = model.queue.filter((waiter) => waiter.controller !== undefined);
            const target = cancellable[step.pick % Math.max(1, cancellable.length)];
            if (target !== undefined) abort(target);
          } else if (step.kind === 'release') {
            await flush();
            const ids = [...holding.keys()];
            const id = ids[step.pick % Math.max(1, ids.length)];
            if (id === undefined) continue;
            release(id, holding.get(id) as Permit);
          } else {
            const permit = semaphore.tryAcquire({ weight: step.weight });
            expect(permit !== undefined).toBe(model.tryAcquire(step.weight));
            if (permit !== undefined) {
              // Granted synchronously: kept out of the grant order, which is read from promise callbacks.
              holding.set(nextId++, permit);
              tried++;
            }
          }
          // The counts change synchronously, at once.
          expect(semaphore.available).toBe(model.available);
          expect(semaphore.waiting).toBe(model.queue.length);
        }
        // Release everything still held, repeatedly, until the queue is empty.
        for (;;) {
          await flush();
          if (holding.size === 0) break;
          for (const [id, permit] of holding) release(id, permit);
          expect(semaphore.available).toBe(model.available);
        }
        expect(model.queue).toEqual([]);
        expect(grants).toEqual(model.expectedGrants);
        expect(semaphore.waiting).toBe(0);
        expect(semaphore.available).toBe(permits);
        expect(getEventListeners(shared.signal, 'abort')).toHaveLength(0);
        expect(rejected.length + grants.length + tried).toBe(nextId);
      }),
      { numRuns: 300 },
    );
  });

  // 10^4 rather than more: Node 20 takes tens of microseconds per listener on a fresh AbortSignal.
  it('compacts tombstones: 10^4 aborted waiters between plain ones leave none behind and keep FIFO', async () => {
    const semaphore = new Semaphore(1);
    const holder = await semaphore.acquire();
    const order: number[] = [];
    const plain: Promise<void>[] = [];
    const controllers: AbortController[] = [];
    for (let i = 0; i < 10_000; i++) {
      if (i % 100 === 0) {
        plain.push(
          semaphore.acquire().then((permit) => {
            order.push(i);
            permit.release();
          }),
        );
      } else {
        const controller = new AbortController();
        controllers.push(controller);
        semaphore.acquire({ signal: controller.signal }).catch(() => undefined);
      }
    }
    expect(semaphore.waiting).toBe(10_000);
    for (const controller of controllers) controller.abort();
    expect(semaphore.waiting).toBe(100);
    holder.release();
    await Promise.all(plain);
    expect(order).toEqual(Array.from({ length: 100 }, (_, k) => k * 100));
    expect(semaphore.available).toBe(1);
    expect(semaphore.waiting).toBe(0);
  });
});
