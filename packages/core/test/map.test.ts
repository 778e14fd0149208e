import { getEventListeners } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { map, mapSettled } from '../src/index.js';
import { deferred, flush } from '../../../test/support/async.js';

/** A sync iterator that records how far it was read and whether return() was called. */
function countingIterable(size: number): {
  iterable: Iterable<number>;
  pulled: () => number;
  returned: () => boolean;
} {
  let pulled = 0;
  let returned = false;
  const iterable: Iterable<number> = {
    [Symbol.iterator]: () => ({
      next: () => (pulled < size ? { done: false, value: pulled++ } : { done: true, value: undefined }),
      return: () => {
        returned = true;
        return { done: true, value: undefined };
      },
    }),
  };
  return { iterable, pulled: () => pulled, returned: () => returned };
}

async function* asyncRange(size: number, log: string[]): AsyncGenerator<number> {
  try {
    for (let i = 0; i < size; i++) {
      log.push(`pull ${i}`);
      await Promise.resolve();
      yield i;
    }
  } finally {
    log.push('closed');
  }
}

describe('map', () => {
  it('validates its arguments', async () => {
    await expect(map([1], 'x' as unknown as () => number, { concurrency: 1 })).rejects.toThrow(
      'Expected `fn` to be a function, got `"x"` (string)',
    );
    await expect(map([1], (x) => x, { concurrency: 0 })).rejects.toThrow(
      'Expected `concurrency` to be an integer >= 1 or Infinity, got `0` (number)',
    );
    await expect(map([1], (x) => x, undefined as unknown as { concurrency: number })).rejects.toThrow(
      'Expected `options` to be an object with `concurrency`',
    );
    await expect(map(42 as unknown as number[], (x) => x, { concurrency: 1 })).rejects.toThrow(
      'Expected `input` to be an iterable or async iterable, got `42` (number)',
    );
  });

  it('keeps input order, passes the index, and bounds concurrency', async () => {
    let running = 0;
    let peak = 0;
    const result = await map(
      [30, 10, 20, 0],
      async (value, index) => {
        running++;
        peak = Math.max(peak, running);
        for (let i = 0; i < value; i++) await Promise.resolve();
        running--;
        return `${index}:${value}`;
      },
      { concurrency: 2 },
    );
    expect(result).toEqual(['0:30', '1:10', '2:20', '3:0']);
    expect(peak).toBe(2);
  });

  it('handles empty input, sync mappers and Infinity', async () => {
    expect(await map([], (x: number) => x, { concurrency: 3 })).toEqual([]);
    expect(await map(new Set([1, 2, 3]), (x) => x * 2, { concurrency: Infinity })).toEqual([2, 4, 6]);
    expect(await map(asyncRange(3, []), (x) => x + 1, { concurrency: Infinity })).toEqual([1, 2, 3]);
  });

  it('pulls lazily: never more than `concurrency` items read ahead (backpressure)', async () => {
    const source = countingIterable(100);
    const gates = Array.from({ length: 100 }, () => deferred());
    const done = map(source.iterable, (i) => gates[i]!.promise, { concurrency: 3 });
    await flush();
    expect(source.pulled()).toBe(3);
    gates[0]!.resolve();
    await flush();
    expect(source.pulled()).toBe(4);
    for (const gate of gates) gate.resolve();
    await done;
    expect(source.pulled()).toBe(100);
  });

  it('on the first failure: aborts running tasks, starts nothing new, closes the source, no unhandled rejection', async () => {
    const source = countingIterable(1_000);
    const signals: AbortSignal[] = [];
    const fn = vi.fn(async (i: number, _index: number, signal: AbortSignal) => {
      signals.push(signal);
      await flush();
      if (i === 1) throw new Error('item 1 failed');
      await flush();
      // the siblings fail later, after the map has already rejected: these must not be unhandled
      throw new Error(`late failure ${i}`);
    });
    await expect(map(source.iterable, fn, { concurrency: 3 })).rejects.toThrow('item 1 failed');
    expect(signals[0]?.aborted).toBe(true);
    expect(signals[0]?.reason).toMatchObject({ name: 'AbortError', cause: new Error('item 1 failed') });
    expect(source.returned()).toBe(true);
    const calls = fn.mock.calls.length;
    await flush();
    await flush();
    expect(fn.mock.calls.length).toBe(calls);
    expect(source.pulled()).toBeLessThanOrEqual(4);
  });

  it('closes an async generator source when it stops', async () => {
    const log: string[] = [];
    await expect(
      map(
        asyncRange(50, log),
        (i) => {
          if (i === 2) throw new Error('two');
          return i;
        },
        { concurrency: 2 },
      ),
    ).rejects.toThrow('two');
    await flush();
    expect(log.at(-1)).toBe('closed');
    expect(log.filter((entry) => entry.startsWith('pull')).length).toBeLessThanOrEqual(5);
  });

  it('a source that throws rejects the map with that error', async () => {
    const failing: Iterable<number> = {
      [Symbol.iterator]: () => ({
        next: () => {
          throw new Error('source broke');
        },
      }),
    };
    await expect(map(failing, (x) => x, { concurrency: 2 })).rejects.toThrow('source broke');
    async function* broken(): AsyncGenerator<number> {
      yield 1;
      throw new Error('async source broke');
    }
    await expect(map(broken(), (x) => x, { concurrency: 2 })).rejects.toThrow('async source broke');
  });

  it('stopOnError: false runs everything and rejects with an AggregateError in input order', async () => {
    const seen: number[] = [];
    const error = await map(
      [0, 1, 2, 3, 4],
      async (i) => {
        seen.push(i);
        await Promise.resolve();
        if (i % 2 === 1) throw new Error(`odd ${i}`);
        return i;
      },
      { concurrency: 2, stopOnError: false },
    ).catch((reason: unknown) => reason);
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    expect(error).toBeInstanceOf(AggregateError);
    expect((error as AggregateError).errors).toEqual([new Error('odd 1'), new Error('odd 3')]);
    expect((error as AggregateError).message).toContain('2 of 5 items failed (at index 1, 3)');
  });

  it('an abort of the caller signal stops everything and leaves no listener', async () => {
    const controller = new AbortController();
    const remove = vi.spyOn(controller.signal, 'removeEventListener');
    let taskSignal: AbortSignal | undefined;
    const done = map(
      [1, 2, 3],
      (_item, _index, signal) => {
        taskSignal = signal;
        return new Promise<never>(() => undefined);
      },
      { concurrency: 1, signal: controller.signal },
    );
    await flush();
    controller.abort(new Error('user left'));
    await expect(done).rejects.toThrow('user left');
    expect(taskSignal?.aborted).toBe(true);
    expect(remove).toHaveBeenCalled();
    await expect(
      map([1], (x) => x, { concurrency: 1, signal: AbortSignal.abort(new Error('early')) }),
    ).rejects.toThrow('early');
  });

  it('removes its listener on the caller signal when it completes normally', async () => {
    const controller = new AbortController();
    for (let i = 0; i < 100; i++) await map([1, 2], (x) => x, { concurrency: 2, signal: controller.signal });
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});

describe('mapSettled', () => {
  it('returns every outcome in input order and never stops on a failure', async () => {
    const outcomes = await mapSettled(
      [1, 2, 3],
      async (i) => {
        await Promise.resolve();
        if (i === 2) throw new Error('two');
        return i * 10;
      },
      { concurrency: 2 },
    );
    expect(outcomes).toEqual([
      { status: 'fulfilled', value: 10 },
      { status: 'rejected', reason: new Error('two') },
      { status: 'fulfilled', value: 30 },
    ]);
  });

  it('rejects when the caller aborts', async () => {
    const controller = new AbortController();
    const done = mapSettled([1], () => new Promise<never>(() => undefined), {
      concurrency: 1,
      signal: controller.signal,
    });
    controller.abort(new Error('stop'));
    await expect(done).rejects.toThrow('stop');
  });
});
