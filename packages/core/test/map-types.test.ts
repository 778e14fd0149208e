import { describe, expectTypeOf, it } from 'vitest';
import { map, mapIterable, mapSettled } from '../src/index.js';

describe('map helpers: public types', () => {
  it('types results from the mapper and accepts any iterable', () => {
    expectTypeOf(map([1, 2], async (n) => String(n), { concurrency: 2 })).toEqualTypeOf<Promise<string[]>>();
    expectTypeOf(
      map(new Set(['a']), (s, index, signal) => [s, index, signal] as const, { concurrency: 1 }),
    ).toEqualTypeOf<Promise<(readonly [string, number, AbortSignal])[]>>();
    expectTypeOf(mapSettled([1], (n) => n > 0, { concurrency: 1 })).toEqualTypeOf<
      Promise<PromiseSettledResult<boolean>[]>
    >();
    expectTypeOf(mapIterable([1], (n) => n * 2, { concurrency: 1 })).toExtend<AsyncIterable<number>>();
    // never called: only its type is checked
    const missingConcurrency = (): unknown =>
      // @ts-expect-error: concurrency is required on purpose
      map([1], (n) => n, {});
    expectTypeOf(missingConcurrency).toBeFunction();
  });
});
