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
    const granted: number[] = [];
    const waiters: Promise<number>[] = [];
    for (const [index, semaphore] of [a, b, a, b].entries()) {
      waiters.push(
        semaphore.acquire({ timeout: 5_000 }).then(async (lease) => {
          granted.push(index);
          await lease.release();
          return lease.token;
        }),
      );
      // Arrival order is what Redis saw: wait until this waiter is in the line before the next one asks.
      while ((await redis.llen(`aw:sem:{${key}}:queue`)) < index + 1) await new Promise(setImmediate);
    }
    await held[0]!.release();
    await held[1]!.release();
    const tokens = await Promise.all(waiters);
    // Tokens are minted inside Redis at the moment of the grant: they show the order Redis served the waiters in.
    expect(tokens).toEqual([...tokens].sort((x, y) => x - y));
    expect(granted).toHaveLength(4);
  });

  it('admits exactly `permits` holders and hands a freed permit to the next waiter', async () => {
    const semaphore = createRedisSemaphore(redis, randomUUID(), { permits: 3, pollInterval: 60_000 });
    opened.push(semaphore);
    const held = [await semaphore.acquire(), await semaphore.acquire(), await semaphore.acquire()];
    expect(await semaphore.tryAcquire()).toBeUndefined();
    let fourth = false;
    const waiter = semaphore.acquire({ timeout: 5_000 }).then((lease) => {
      fourth = true;
      return lease;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fourth).toBe(false);
    await held[0]!.release();
    const lease = await waiter;
    expect(await semaphore.tryAcquire()).toBeUndefined();
    await Promise.all([lease, ...held.slice(1)].map((each) => each.release()));
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
