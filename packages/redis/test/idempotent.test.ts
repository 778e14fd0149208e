/** idempotent(): one run per key across callers, stored results, failure and death of the first caller. */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  idempotent,
  jsonSerializer,
  LockTimeoutError,
  type NodeRedisLike,
  type Serializer,
} from '../src/index.js';
import { closeClients, ioredis, nodeRedis } from './helpers/clients.js';
import { describeRedis, RedisServer } from './helpers/redis-server.js';
import { deferred } from '../../../test/support/async.js';

let server: RedisServer;
let redis: Redis;
let other: NodeRedisLike;

beforeAll(async () => {
  server = await RedisServer.start();
  redis = ioredis(server.port);
  other = await nodeRedis(server.port);
});

afterAll(async () => {
  await closeClients();
  await server.dispose();
});

describeRedis('idempotent', () => {
  it('runs fn once: concurrent callers on other clients wait for and get its result', async () => {
    const key = randomUUID();
    const gate = deferred<{ id: string }>();
    let runs = 0;
    const fn = (): Promise<{ id: string }> => {
      runs++;
      return gate.promise;
    };
    const first = idempotent(redis, key, fn);
    await new Promise((resolve) => setTimeout(resolve, 30));
    const second = idempotent(other, key, fn, { pollInterval: 60_000, timeout: 5_000 });
    const third = idempotent(redis, key, fn);
    gate.resolve({ id: 'charge-1' });
    expect(await Promise.all([first, second, third])).toEqual([
      { id: 'charge-1' },
      { id: 'charge-1' },
      { id: 'charge-1' },
    ]);
    expect(runs).toBe(1);
    // Later callers get the stored result at once.
    expect(await idempotent(other, key, fn)).toEqual({ id: 'charge-1' });
    expect(runs).toBe(1);
  });

  it('does not cache a failure: the error goes to the first caller, a waiter then runs fn itself', async () => {
    const key = randomUUID();
    const gate = deferred<string>();
    const boom = new Error('card declined');
    const first = idempotent(redis, key, () => gate.promise);
    await new Promise((resolve) => setTimeout(resolve, 30));
    const second = idempotent(other, key, () => 'second run', { timeout: 5_000 });
    gate.reject(boom);
    await expect(first).rejects.toBe(boom);
    expect(await second).toBe('second run');
    expect(await idempotent(redis, key, () => 'third run')).toBe('second run');
  });

  it('a caller that dies leaves a marker that expires; a waiter then takes over', async () => {
    const key = `aw:idem:${randomUUID()}`;
    // A runner that died: its marker exists but nobody extends it.
    await redis.set(key, 'p:dead-runner', 'PX', 200);
    const value = await idempotent(redis, key.slice('aw:idem:'.length), () => 'recovered', {
      timeout: 5_000,
    });
    expect(value).toBe('recovered');
  });

  it('keeps the marker alive while fn runs longer than inProgressTtl', async () => {
    const key = randomUUID();
    let runs = 0;
    const slow = async (): Promise<string> => {
      runs++;
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      return 'slow';
    };
    // The marker is extended every inProgressTtl / 3 (200 ms): the test holds while the event loop stalls less than
    // ~400 ms (a loaded CI machine), and the second caller comes after the first TTL would have run out unextended.
    const first = idempotent(redis, key, slow, { inProgressTtl: 600 });
    await new Promise((resolve) => setTimeout(resolve, 900));
    const second = idempotent(redis, key, slow, { inProgressTtl: 600, timeout: 5_000 });
    expect(await Promise.all([first, second])).toEqual(['slow', 'slow']);
    expect(runs).toBe(1);
  });

  it('a result the serializer refuses is thrown, and the key is free again', async () => {
    const key = randomUUID();
    await expect(idempotent(redis, key, () => () => 1)).rejects.toThrow(TypeError);
    expect(await idempotent(redis, key, () => 'next')).toBe('next');
  });

  it('stores the result for ttl only', async () => {
    const key = randomUUID();
    expect(await idempotent(redis, key, () => 1, { ttl: 50 })).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(await idempotent(redis, key, () => 2, { ttl: 50 })).toBe(2);
  });

  it('a waiter gives up at its timeout with a LockTimeoutError, or at its signal with the reason', async () => {
    const key = randomUUID();
    const gate = deferred<string>();
    const first = idempotent(redis, key, () => gate.promise);
    await new Promise((resolve) => setTimeout(resolve, 30));
    await expect(idempotent(redis, key, () => 'x', { timeout: 50 })).rejects.toBeInstanceOf(LockTimeoutError);
    const controller = new AbortController();
    const waiting = idempotent(redis, key, () => 'x', { signal: controller.signal });
    const reason = new Error('client went away');
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    gate.resolve('done');
    expect(await first).toBe('done');
  });

  it('serializes with JSON by default (undefined included) and accepts a custom serializer', async () => {
    const nothing = await idempotent<unknown>(redis, randomUUID(), () => undefined);
    expect(nothing).toBeUndefined();
    const key = randomUUID();
    await idempotent(redis, key, () => ({ n: 1 }));
    expect(await idempotent(redis, key, () => ({ n: 2 }))).toEqual({ n: 1 });
    expect(() => jsonSerializer.serialize(() => 1)).toThrow(TypeError);
    const dates: Serializer<Date> = {
      serialize: (date) => String(date.getTime()),
      deserialize: (text) => new Date(Number(text)),
    };
    const dateKey = randomUUID();
    await idempotent(redis, dateKey, () => new Date(5), { serializer: dates });
    const stored = await idempotent(redis, dateKey, () => new Date(6), { serializer: dates });
    expect(stored).toBeInstanceOf(Date);
    expect(stored.getTime()).toBe(5);
  });
});
