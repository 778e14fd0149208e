import { EventEmitter } from 'node:events';
import { describe, expectTypeOf, it } from 'vitest';
import {
  AsyncQueue,
  anySignal,
  latest,
  lazy,
  memoAsync,
  on,
  retry,
  singleflight,
  timeout,
  waitFor,
  type DisposableSignal,
  type EventIterator,
  type LatestFunction,
  type Lazy,
  type MemoizedFunction,
  type SingleflightFunction,
  type TryPop,
} from '../src/index.js';

// Type-level tests of the public API, checked by `tsc -p tsconfig.test.json` (the runtime bodies are trivial).
describe('public types', () => {
  it('keeps argument and result types through the wrappers', () => {
    const search = latest(async (_signal: AbortSignal, query: string) => query.length);
    expectTypeOf(search).toEqualTypeOf<LatestFunction<[query: string], number>>();
    expectTypeOf(search).parameters.toEqualTypeOf<[query: string]>();

    const rate = memoAsync(async (currency: string): Promise<number> => (currency === 'EUR' ? 1.1 : 1));
    expectTypeOf(rate).toEqualTypeOf<MemoizedFunction<[currency: string], number>>();
    expectTypeOf(rate.get('EUR')).toEqualTypeOf<number | Promise<number>>();
    expectTypeOf(rate.peek('EUR')).toEqualTypeOf<number | undefined>();

    const load = singleflight(async (id: number) => ({ id }));
    expectTypeOf(load).toEqualTypeOf<SingleflightFunction<[id: number], { id: number }>>();

    expectTypeOf(lazy(async () => 'db')).toEqualTypeOf<Lazy<string>>();
    expectTypeOf(timeout(async () => 1, 10)).toEqualTypeOf<Promise<number>>();
    expectTypeOf(retry(async () => 'x')).toEqualTypeOf<Promise<string>>();
    expectTypeOf(anySignal([])).toEqualTypeOf<DisposableSignal>();
  });

  it('types events by target kind', () => {
    const emitter = new EventEmitter();
    const target = new EventTarget();
    expectTypeOf(waitFor(target, 'load')).toEqualTypeOf<Promise<Event>>();
    expectTypeOf(waitFor(emitter, 'ready')).toEqualTypeOf<Promise<unknown>>();
    expectTypeOf(waitFor<number>(emitter, 'ready')).toEqualTypeOf<Promise<number>>();
    const lines = on<string>(emitter, 'line');
    expectTypeOf(lines).toEqualTypeOf<EventIterator<string>>();
    void lines.return();
  });

  it('types the queue', () => {
    const queue = new AsyncQueue<number>();
    expectTypeOf(queue.pop()).toEqualTypeOf<Promise<number>>();
    expectTypeOf(queue.tryPop()).toEqualTypeOf<TryPop<number>>();
    // @ts-expect-error a string is not a number
    void queue.push('one');
  });
});
