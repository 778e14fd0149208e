import { AsyncLocalStorage } from 'node:async_hooks';
import { getEventListeners } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AbortError, limit } from '../src/index.js';

interface Gate {
  promise: Promise<void>;
  open: () => void;
}

function gate(): Gate {
  let open: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/** A full garbage collection, without running the whole test process with --expose-gc. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

describe('limit: the queue (blocks, tombstones, compaction)', () => {
  it('passes 0, 1 and many arguments, queued or not, and keeps them apart per task', async () => {
    const limiter = limit(1);
    const blocker = gate();
    const seen: unknown[][] = [];
    const record = (...args: unknown[]): unknown[] => {
      seen.push(args);
      return args;
    };
    const first = limiter(async () => blocker.promise);
    const results = [limiter(record), limiter(record, 1), limiter(record, 'a', undefined, 3, [4])];
    blocker.open();
    await first;
    expect(await Promise.all(results)).toEqual([[], [1], ['a', undefined, 3, [4]]]);
    expect(seen).toEqual([[], [1], ['a', undefined, 3, [4]]]);
    expect(await limiter(record, 'now', 2)).toEqual(['now', 2]);
  });

  it('keeps FIFO order across many queue blocks, reused after the queue empties', async () => {
    const limiter = limit(3);
    for (const total of [5_000, 40, 3_000]) {
      const order: number[] = [];
      const promises = Array.from({ length: total }, (_, i) =>
        limiter(async (id: number) => {
          order.push(id);
          await Promise.resolve();
          return id * 2;
        }, i),
      );
      expect(limiter.pending).toBe(total - 3);
      const values = await Promise.all(promises);
      expect(order).toEqual(Array.from({ length: total }, (_, i) => i));
      expect(values).toEqual(order.map((id) => id * 2));
      expect(limiter.pending).toBe(0);
    }
  });

  it('removes aborted waiting run() tasks at once, compacts them away and keeps the rest in order', async () => {
    const limiter = limit(1);
    const blocker = gate();
    const running = limiter(async () => blocker.promise);
    const total = 300;
    const controllers = Array.from({ length: total }, () => new AbortController());
    const started: number[] = [];
    const outcomes = controllers.map((controller, i) =>
      (i % 3 === 0
        ? limiter((id: number) => {
            started.push(id);
            return id;
          }, i)
        : limiter.run(
            () => {
              started.push(i);
              return i;
            },
            { signal: controller.signal },
          )
      ).then(
        (value) => value,
        (error: unknown) => error,
      ),
    );
    // Abort every run() task except one in ten, in a scattered order: far past the compaction threshold.
    const aborted = new Set<number>();
    for (let step = 0; step < total; step++) {
      const i = (step * 7) % total;
      if (i % 3 !== 0 && i % 10 !== 1) {
        controllers[i]?.abort(new Error(`abort ${i}`));
        aborted.add(i);
      }
    }
    expect(limiter.pending).toBe(total - aborted.size);
    blocker.open();
    await running;
    const results = await Promise.all(outcomes);
    const survivors = Array.from({ length: total }, (_, i) => i).filter((i) => !aborted.has(i));
    expect(started).toEqual(survivors);
    results.forEach((result, i) => {
      expect(result).toEqual(aborted.has(i) ? new Error(`abort ${i}`) : i);
    });
    expect(limiter.pending).toBe(0);
    expect(limiter.active).toBe(0);
  });

  it('clear() rejects only the tasks still waiting, not the ones already removed', async () => {
    const limiter = limit(1);
    const blocker = gate();
    const running = limiter(async () => blocker.promise);
    const controllers = Array.from({ length: 100 }, () => new AbortController());
    const outcomes = controllers.map((controller, i) =>
      limiter.run(() => i, { signal: controller.signal, timeout: 60_000 }).catch((error: unknown) => error),
    );
    const plain = limiter(() => 'plain').catch((error: unknown) => error);
    for (let i = 0; i < 100; i += 2) controllers[i]?.abort(new Error(`abort ${i}`));
    expect(limiter.pending).toBe(51);
    limiter.clear();
    expect(limiter.pending).toBe(0);
    const results = await Promise.all(outcomes);
    results.forEach((result, i) => {
      if (i % 2 === 0) expect(result).toEqual(new Error(`abort ${i}`));
      else expect(result).toBeInstanceOf(AbortError);
    });
    expect(await plain).toBeInstanceOf(AbortError);
    for (const controller of controllers)
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    blocker.open();
    await running;
    await limiter.onIdle();
  });

  it('an aborted waiting run() task is freed at once, not when the queue reaches it', async () => {
    const limiter = limit(1);
    const blocker = gate();
    const running = limiter(async () => blocker.promise);
    const controller = new AbortController();
    const queueOne = (): { ref: WeakRef<object>; outcome: Promise<unknown> } => {
      const payload = { big: new Array<number>(1_000).fill(1) };
      const outcome = limiter.run(() => payload.big.length, { signal: controller.signal });
      return { ref: new WeakRef(payload), outcome: outcome.catch((error: unknown) => error) };
    };
    const { ref, outcome } = queueOne();
    // a plain task queued behind it keeps the queue (and the removed task's slot) in place
    const behind = limiter(() => 'behind');
    controller.abort(new Error('gone'));
    expect(await outcome).toEqual(new Error('gone'));
    await new Promise((resolve) => setImmediate(resolve));
    collectGarbage();
    expect(ref.deref()).toBeUndefined();
    expect(limiter.pending).toBe(1);
    blocker.open();
    await running;
    expect(await behind).toBe('behind');
  });
  it('a promise subclass whose then() calls back twice cannot settle another task', async () => {
    class Twice<T> extends Promise<T> {
      override then<A = T, B = never>(
        onFulfilled?: ((value: T) => A | PromiseLike<A>) | null,
        onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
      ): Promise<A | B> {
        onFulfilled?.('first' as T);
        onFulfilled?.('second' as T);
        return super.then(onFulfilled, onRejected);
      }
    }
    const limiter = limit(1);
    const blocker = gate();
    const running = limiter(async () => blocker.promise);
    const twice = limiter(() => Twice.resolve('own'));
    const next = gate();
    const after = limiter(async () => {
      await next.promise;
      return 'after';
    });
    blocker.open();
    await running;
    await Promise.resolve();
    next.open();
    expect(await twice).toBe('first');
    expect(await after).toBe('after');
    expect(limiter.active).toBe(0);
  });
});

describe('limit().run signals', () => {
  it('hands the task the caller signal when there is no timeout, a fresh one when there is nothing', async () => {
    const limiter = limit(2);
    const controller = new AbortController();
    const received: AbortSignal[] = [];
    await limiter.run((signal) => received.push(signal), { signal: controller.signal });
    await limiter.run((signal) => received.push(signal));
    await limiter.run((signal) => received.push(signal));
    await limiter.run((signal) => received.push(signal), { signal: controller.signal, timeout: 1_000 });
    expect(received[0]).toBe(controller.signal);
    expect(received[1]).not.toBe(received[2]);
    expect(received[1]?.aborted).toBe(false);
    expect(received[3]).not.toBe(controller.signal);
  });

  it('an abort while running rejects at once and keeps the slot until the task settles', async () => {
    const limiter = limit(1);
    const controller = new AbortController();
    const blocker = gate();
    let signalSeen: AbortSignal | undefined;
    const outcome = limiter
      .run(
        async (signal) => {
          signalSeen = signal;
          await blocker.promise;
          return 'late';
        },
        { signal: controller.signal },
      )
      .catch((error: unknown) => error);
    const next = limiter(() => 'next');
    controller.abort(new Error('stop'));
    expect(signalSeen?.aborted).toBe(true);
    expect(await outcome).toEqual(new Error('stop'));
    expect(limiter.active).toBe(1);
    expect(limiter.pending).toBe(1);
    blocker.open();
    expect(await next).toBe('next');
    expect(limiter.active).toBe(0);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('keeps the context of queued plain tasks with arguments', async () => {
    const storage = new AsyncLocalStorage<string>();
    const limiter = limit(1, { preserveContext: true });
    const blocker = gate();
    const running = limiter(async () => blocker.promise);
    const seen = storage.run('queued', () =>
      limiter((a: number, b: string) => `${storage.getStore() ?? 'none'} ${String(a)}${b}`, 1, '!'),
    );
    blocker.open();
    await running;
    expect(await seen).toBe('queued 1!');
  });
});

describe('limit invariants on long queues (fast-check)', () => {
  it('with many aborts (compactions) and clears, starts FIFO, keeps the bound, settles everything', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.constantFrom('plain', 'run', 'abort-before', 'abort-waiting'), {
          minLength: 1,
          maxLength: 200,
        }),
        fc.array(fc.nat(), { maxLength: 200 }),
        fc.boolean(),
        async (concurrency, kinds, abortOrder, clearAtEnd) => {
          const limiter = limit(concurrency);
          const blocker = gate();
          const blockers = Array.from({ length: concurrency }, () => limiter(async () => blocker.promise));
          let running = 0;
          let violations = 0;
          const started: number[] = [];
          const controllers = kinds.map(() => new AbortController());
          const body = async (id: number): Promise<number> => {
            started.push(id);
            if (++running > concurrency) violations++;
            await Promise.resolve();
            running--;
            return id;
          };
          const outcomes = kinds.map((kind, id) => {
            const controller = controllers[id] as AbortController;
            if (kind === 'abort-before') controller.abort(new Error('before'));
            const promise =
              kind === 'plain'
                ? limiter(body, id)
                : limiter.run(() => body(id), { signal: controller.signal });
            return promise.then(
              () => 'ok',
              () => 'rejected',
            );
          });
          const waitingAborts = kinds
            .map((kind, id) => (kind === 'abort-waiting' ? id : -1))
            .filter((id) => id !== -1);
          // abort the waiting ones in a random order
          for (const pick of abortOrder) {
            if (waitingAborts.length === 0) break;
            const [id] = waitingAborts.splice(pick % waitingAborts.length, 1);
            controllers[id as number]?.abort(new Error('waiting'));
          }
          for (const id of waitingAborts) controllers[id]?.abort(new Error('waiting'));
          const live = kinds.filter((kind) => kind === 'plain' || kind === 'run').length;
          expect(limiter.pending).toBe(live);
          if (clearAtEnd) limiter.clear();
          blocker.open();
          await Promise.all(blockers);
          const results = await Promise.all(outcomes);
          await limiter.onIdle();
          expect(violations).toBe(0);
          expect(started).toEqual([...started].sort((a, b) => a - b));
          expect(started.length).toBe(clearAtEnd ? 0 : live);
          expect(results.filter((result) => result === 'ok').length).toBe(clearAtEnd ? 0 : live);
          expect(limiter.active).toBe(0);
          expect(limiter.pending).toBe(0);
        },
      ),
      { numRuns: 150 },
    );
  });
});
