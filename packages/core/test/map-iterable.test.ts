import { describe, expect, it } from 'vitest';
import { mapIterable } from '../src/index.js';
import { deferred, flush } from '../../../test/support/async.js';

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const values: T[] = [];
  for await (const value of iterable) values.push(value);
  return values;
}

describe('mapIterable', () => {
  it('yields in input order by default, in completion order with ordered: false', async () => {
    const delays = [3, 0, 1];
    const fn = async (delay: number): Promise<number> => {
      for (let i = 0; i < delay * 5; i++) await Promise.resolve();
      return delay;
    };
    expect(await collect(mapIterable(delays, fn, { concurrency: 3 }))).toEqual([3, 0, 1]);
    expect(await collect(mapIterable(delays, fn, { concurrency: 3, ordered: false }))).toEqual([0, 1, 3]);
  });

  it('starts nothing before the first next(), and bounds running plus unread results by concurrency', async () => {
    let started = 0;
    const gates = Array.from({ length: 10 }, () => deferred<number>());
    const iterator = mapIterable(
      Array.from({ length: 10 }, (_, i) => i),
      (i) => {
        started++;
        return gates[i]!.promise;
      },
      { concurrency: 2 },
    );
    await flush();
    expect(started).toBe(0);
    const first = iterator.next();
    await flush();
    expect(started).toBe(2);
    gates[0]!.resolve(0);
    gates[1]!.resolve(1);
    expect(await first).toEqual({ done: false, value: 0 });
    await flush();
    // result 1 waits unread: only one new slot was freed by reading result 0
    expect(started).toBe(3);
    for (const [i, gate] of gates.entries()) gate.resolve(i);
    const rest: number[] = [];
    for await (const value of iterator) rest.push(value);
    expect(rest).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('stops the source and aborts running tasks when the consumer breaks', async () => {
    const log: string[] = [];
    async function* source(): AsyncGenerator<number> {
      try {
        for (let i = 0; ; i++) {
          log.push(`pull ${i}`);
          yield i;
        }
      } finally {
        log.push('closed');
      }
    }
    const signals: AbortSignal[] = [];
    for await (const value of mapIterable(
      source(),
      async (i, _index, signal) => {
        signals.push(signal);
        await Promise.resolve();
        return i;
      },
      { concurrency: 3 },
    )) {
      if (value === 4) break;
    }
    await flush();
    expect(log.at(-1)).toBe('closed');
    expect(log.filter((line) => line.startsWith('pull')).length).toBeLessThanOrEqual(8);
    expect(signals[0]?.aborted).toBe(true);
  });

  it('throws the first failure, aborts the others, and then reports done', async () => {
    const signals: AbortSignal[] = [];
    const iterator = mapIterable(
      [1, 2, 3],
      async (i, _index, signal) => {
        signals.push(signal);
        await Promise.resolve();
        if (i === 2) throw new Error('two');
        await flush();
        throw new Error(`late ${i}`);
      },
      { concurrency: 3 },
    );
    await expect(collect(iterator)).rejects.toThrow('two');
    expect(signals[0]?.aborted).toBe(true);
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
    await flush();
  });

  it('ends with the caller signal reason when it aborts', async () => {
    const controller = new AbortController();
    const iterator = mapIterable([1, 2], () => new Promise<never>(() => undefined), {
      concurrency: 1,
      signal: controller.signal,
    });
    const pending = iterator.next();
    controller.abort(new Error('bye'));
    await expect(pending).rejects.toThrow('bye');
  });

  it('validates its options synchronously', () => {
    expect(() => mapIterable([1], (x) => x, { concurrency: 1, ordered: 'no' as unknown as boolean })).toThrow(
      'Expected `ordered` to be a boolean, got `"no"` (string)',
    );
  });
});
