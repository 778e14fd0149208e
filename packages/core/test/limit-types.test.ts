import { describe, expectTypeOf, it } from 'vitest';
import { limit, Semaphore, type Permit } from '../src/index.js';

describe('limit and Semaphore: public types', () => {
  it('infers arguments and the awaited result', () => {
    const limiter = limit(2);
    const fetchUser = async (id: number, verbose: boolean): Promise<{ id: number; verbose: boolean }> => ({
      id,
      verbose,
    });
    expectTypeOf(limiter(fetchUser, 1, true)).toEqualTypeOf<Promise<{ id: number; verbose: boolean }>>();
    expectTypeOf(limiter(() => 'sync')).toEqualTypeOf<Promise<string>>();
    // @ts-expect-error: wrong argument type
    void limiter(fetchUser, 'one', true);
    expectTypeOf(limiter.run((signal) => signal.aborted)).toEqualTypeOf<Promise<boolean>>();
    expectTypeOf(limiter.active).toEqualTypeOf<number>();
  });

  it('hands out disposable permits', () => {
    const semaphore = new Semaphore(1);
    expectTypeOf(semaphore.acquire()).toEqualTypeOf<Promise<Permit>>();
    expectTypeOf(semaphore.tryAcquire()).toEqualTypeOf<Permit | undefined>();
    expectTypeOf<Permit>().toExtend<Disposable>();
    expectTypeOf(semaphore.run(async () => 1)).toEqualTypeOf<Promise<number>>();
  });
});
