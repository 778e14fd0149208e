import { describe, expect, expectTypeOf, it } from 'vitest';
import { isAbortError } from '../src/errors.js';
import { all, settle, type Fulfilled, type Rejected } from '../src/settle.js';
import { abortListeners, deferred, flush, track } from '../../../test/support/async.js';

describe('all', () => {
  it('resolves with every value in order, typed as a tuple', async () => {
    const result = await all([async () => 1, async () => 'two', () => true]);
    expect(result).toEqual([1, 'two', true]);
    expectTypeOf(result).toEqualTypeOf<[number, string, boolean]>();
  });

  it('resolves an empty list with an empty array', async () => {
    await expect(all([])).resolves.toEqual([]);
  });

  it("aborts the siblings' signal on the first failure and rejects with it", async () => {
    const signals: AbortSignal[] = [];
    const failure = new Error('user not found');
    const slow = deferred<number>();
    const result = track(
      all([
        (signal) => {
          signals.push(signal);
          return slow.promise;
        },
        async (signal) => {
          signals.push(signal);
          throw failure;
        },
      ]),
    );
    await flush();
    expect(result).toMatchObject({ state: 'rejected', error: failure });
    expect(signals[0]?.aborted).toBe(true);
    expect(isAbortError(signals[0]?.reason)).toBe(true);
    expect((signals[0]?.reason as Error).cause).toBe(failure);
    // the sibling rejects later: handled, no unhandled rejection
    slow.reject(signals[0]?.reason);
    await flush();
  });

  it('handles every later rejection of the siblings', async () => {
    const a = deferred<number>();
    const b = deferred<number>();
    const result = track(all([() => a.promise, () => b.promise]));
    a.reject(new Error('first'));
    b.reject(new Error('second, unobserved'));
    await flush();
    expect((result.error as Error).message).toBe('first');
  });

  it('treats a synchronous throw as a failure and does not start the later tasks', async () => {
    let started = false;
    const result = track(
      all([
        () => {
          throw new Error('sync');
        },
        async () => {
          started = true;
          return 1;
        },
      ]),
    );
    await flush();
    expect((result.error as Error).message).toBe('sync');
    expect(started).toBe(false);
  });

  it('aborts every task at once when the caller signal aborts, and removes its listener', async () => {
    const controller = new AbortController();
    let seen: AbortSignal | undefined;
    const result = track(
      all(
        [
          (signal) => {
            seen = signal;
            return new Promise<never>(() => undefined);
          },
        ],
        { signal: controller.signal },
      ),
    );
    expect(abortListeners(controller.signal)).toBe(1);
    controller.abort(new Error('cancel'));
    await flush();
    expect((result.error as Error).message).toBe('cancel');
    expect(seen?.reason).toBe(result.error);
    expect(abortListeners(controller.signal)).toBe(0);
  });

  it('removes its listener on success', async () => {
    const controller = new AbortController();
    await all([async () => 1], { signal: controller.signal });
    expect(abortListeners(controller.signal)).toBe(0);
  });

  it('rejects an already-aborted signal without starting any task', async () => {
    let started = false;
    await expect(
      all(
        [
          async () => {
            started = true;
          },
        ],
        { signal: AbortSignal.abort(new Error('early')) },
      ),
    ).rejects.toThrow('early');
    expect(started).toBe(false);
  });

  it('validates its arguments', () => {
    expect(() => all('x' as unknown as [])).toThrow(
      'Expected `tasks` to be an array of functions, got `"x"` (string)',
    );
    expect(() => all([1 as unknown as () => number])).toThrow(
      'Expected `tasks[0]` to be a function, got `1` (number)',
    );
  });
});

describe('settle', () => {
  it('splits outcomes into fulfilled and rejected, with indices, in input order', async () => {
    const failure = new Error('no');
    const { fulfilled, rejected } = await settle([Promise.resolve('a'), Promise.reject(failure), 3]);
    expect(fulfilled).toEqual([
      { index: 0, value: 'a' },
      { index: 2, value: 3 },
    ]);
    expect(rejected).toEqual([{ index: 1, reason: failure }]);
  });

  it('keeps each index tied to its value type for tuples', async () => {
    const result = await settle([Promise.resolve('a'), Promise.resolve(1)] as const);
    expectTypeOf(result.fulfilled).toEqualTypeOf<(Fulfilled<0, string> | Fulfilled<1, number>)[]>();
    expectTypeOf(result.rejected).toEqualTypeOf<(Rejected<0> | Rejected<1>)[]>();
    for (const entry of result.fulfilled) {
      if (entry.index === 1) expectTypeOf(entry.value).toEqualTypeOf<number>();
    }
  });

  it('types arrays with number indices', async () => {
    const items: Promise<number>[] = [Promise.resolve(1)];
    const result = await settle(items);
    expectTypeOf(result.fulfilled).toEqualTypeOf<Fulfilled<number, number>[]>();
  });

  it('never leaves a rejection unhandled while waiting for slower promises (late-await)', async () => {
    const slow = deferred<number>();
    const outcome = track(settle([Promise.reject(new Error('early')), slow.promise]));
    await flush();
    slow.resolve(2);
    await flush();
    expect(outcome.value?.rejected).toHaveLength(1);
  });

  it('rejects with a TypeError when not given an array', async () => {
    await expect(settle('x' as unknown as [])).rejects.toThrow(
      'Expected `promises` to be an array, got `"x"` (string)',
    );
  });
});
