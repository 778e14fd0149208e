/** Type tests for the public API: what users write must type-check, and results keep their types. */
import { describe, expectTypeOf, it } from 'vitest';
import type { TimeoutError } from '@awaitwise/core';
import {
  createRedisLock,
  createRedisSemaphore,
  idempotent,
  type Lease,
  type LeaseLostError,
  type LockTimeoutError,
  type QuorumError,
  type RedisLock,
  type RedisSemaphore,
} from '../src/index.js';

describe('public types', () => {
  it('locks, semaphores and idempotency keep the result types', () => {
    expectTypeOf(createRedisLock).returns.toEqualTypeOf<RedisLock>();
    expectTypeOf(createRedisSemaphore).returns.toEqualTypeOf<RedisSemaphore>();
    expectTypeOf<RedisLock['lock']>().returns.toEqualTypeOf<Promise<Lease>>();
    expectTypeOf<RedisLock['tryLock']>().returns.toEqualTypeOf<Promise<Lease | undefined>>();
    expectTypeOf<Lease>().toExtend<AsyncDisposable>();
    expectTypeOf<Lease['token']>().toEqualTypeOf<number>();
    expectTypeOf<Lease['release']>().returns.toEqualTypeOf<Promise<boolean>>();
    const run = (lock: RedisLock) => lock.withLock('k', (_signal, token) => ({ token }));
    expectTypeOf(run).returns.toEqualTypeOf<Promise<{ token: number }>>();
    const once = (client: Parameters<typeof idempotent>[0]) => idempotent(client, 'k', () => 42);
    expectTypeOf(once).returns.toEqualTypeOf<Promise<number>>();
  });

  it('errors: contention is a TimeoutError, the others are not', () => {
    expectTypeOf<LockTimeoutError>().toExtend<TimeoutError>();
    expectTypeOf<LeaseLostError['token']>().toEqualTypeOf<number>();
    expectTypeOf<QuorumError>().toExtend<AggregateError>();
  });
});
