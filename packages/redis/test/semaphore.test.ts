/** createRedisSemaphore: fairness, expiring leases, pub/sub hand-off between permits. */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createRedisSemaphore, LeaseLostError, type RedisSemaphore } from '../src/index.js';
import { closeClients, ioredis, nodeRedis } from './helpers/clients.js';
import { describeRedis, RedisServer } from './helpers/redis-server.js';

let server: RedisServer;
let redis: Redis;
const opened: RedisSemaphore[] = [];

beforeAll(async () => {
  server = await RedisServer.start();
  redis = ioredis(server.port);
});

afterAll(async () => {
  await Promise.all(opened.map((semaphore) => semaphore.close()));
  await closeClients();
  await server.dispose();
});

describeRedis('createRedisSemaphore', () => {
  it('serves waiters from two clients in arrival order as permits free up', async () => {
    const key = randomUUID();
    const a = createRedisSemaphore(redis, key, { permits: 2, pollInterval: 60_000 });
    const b = createRedisSemaphore(await nodeRedis(server.port), key, { permits: 2, pollInterval: 60_000 });
    opened.push(a, b);
    const held = [await a.acquire(), await b.acquire()];
    const order: number[] = [];
    const waiters = [a, b, a, b].map(async (semaphore, index) => {
      await new Promise((resolve) => setTimeout(resolve, index * 20));
      const lease = await semaphore.acquire({ timeout: 5_000 });
      order.push(index);
      return lease;
    });
    await new Promise((resolve) => setTimeout(resolve, 120));
    await held[0]!.release();
    await held[1]!.release();
    const leases = await Promise.all(waiters.slice(0, 2));
    await Promise.all(leases.map((lease) => lease.release()));
    const rest = await Promise.all(waiters.slice(2));
    await Promise.all(rest.map((lease) => lease.release()));
    expect(order).toEqual([0, 1, 2, 3]);
  });

  it('a permit whose holder stopped extending frees itself after the TTL', async () => {
    const semaphore = createRedisSemaphore(redis, randomUUID(), { permits: 1, ttl: 100, autoExtend: false });
    opened.push(semaphore);
    const stale = await semaphore.acquire();
    const next = await semaphore.acquire({ timeout: 5_000 });
    expect(stale.signal.reason).toBeInstanceOf(LeaseLostError);
    expect(await stale.release()).toBe(false);
    expect(await next.release()).toBe(true);
  });

  it('withPermit runs fn and gives the permit back', async () => {
    const semaphore = createRedisSemaphore(redis, randomUUID(), { permits: 1 });
    opened.push(semaphore);
    expect(await semaphore.withPermit(() => 'ok')).toBe('ok');
    const lease = await semaphore.tryAcquire();
    expect(lease).toBeDefined();
    await lease?.release();
    expect(semaphore.permits).toBe(1);
  });
});
