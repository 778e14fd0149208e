/** createRedisLock on one server: fencing tokens, extension, loss, release, wake-ups, errors. */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  createRedisLock,
  isLeaseLostError,
  isLockTimeoutError,
  LeaseLostError,
  LockTimeoutError,
  type RedisLock,
  type RedisLockOptions,
  type RedisScriptClient,
} from '../src/index.js';
import { closeClients, ioredis } from './helpers/clients.js';
import { describeRedis, RedisServer } from './helpers/redis-server.js';

let server: RedisServer;
let redis: Redis;
const opened: RedisLock[] = [];

beforeAll(async () => {
  server = await RedisServer.start();
  redis = ioredis(server.port);
});

afterAll(async () => {
  await Promise.all(opened.map((lock) => lock.close()));
  await closeClients();
  await server.dispose();
});

function locks(options?: RedisLockOptions, client: Redis | RedisScriptClient = redis): RedisLock {
  const lock = createRedisLock(client, { prefix: `t:${randomUUID()}:`, ...options });
  opened.push(lock);
  return lock;
}

const aborted = (signal: AbortSignal): Promise<unknown> =>
  new Promise((resolve) => {
    signal.addEventListener(
      'abort',
      () => {
        resolve(signal.reason);
      },
      { once: true },
    );
  });

describeRedis('createRedisLock', () => {
  it('mints strictly increasing fencing tokens per key', async () => {
    const lock = locks();
    const tokens: number[] = [];
    for (let i = 0; i < 20; i++) {
      const lease = await lock.lock(i % 2 === 0 ? 'a' : 'b');
      tokens.push(lease.token);
      expect(Number.isSafeInteger(lease.token)).toBe(true);
      await lease.release();
    }
    const a = tokens.filter((_, i) => i % 2 === 0);
    for (let i = 1; i < a.length; i++) expect(a[i]).toBeGreaterThan(a[i - 1]!);
  });

  it('keeps tokens increasing across a restart that loses every key', async () => {
    const lock = locks();
    const before = await lock.lock('k');
    await before.release();
    await server.restart();
    const after = await lock.lock('k', { timeout: 10_000 });
    expect(after.token).toBeGreaterThan(before.token);
    await after.release();
  });

  it('extends the lease while held, past several TTLs', async () => {
    const lock = locks({ ttl: 150 });
    const lease = await lock.lock('k');
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(lease.lost).toBe(false);
    expect(await lock.tryLock('k')).toBeUndefined();
    expect(await lease.release()).toBe(true);
  });

  it('without extension the lease expires after its TTL: the signal reports it and the next holder gets in', async () => {
    const lock = locks({ ttl: 100, autoExtend: false });
    const lease = await lock.lock('k');
    const reason = await aborted(lease.signal);
    expect(reason).toBeInstanceOf(LeaseLostError);
    expect(isLeaseLostError(reason)).toBe(true);
    expect(() => {
      lease.throwIfLost();
    }).toThrow(LeaseLostError);
    const next = await lock.lock('k', { timeout: 5_000 });
    expect(next.token).toBeGreaterThan(lease.token);
    // The old lease's release never removes the new holder's lease.
    expect(await lease.release()).toBe(false);
    expect(await lock.tryLock('k')).toBeUndefined();
    expect(await next.release()).toBe(true);
  });

  it('aborts the signal with LeaseLostError when Redis no longer has the lease', async () => {
    const lock = locks({ ttl: 300, prefix: 'gone:' });
    const lease = await lock.lock(`k${randomUUID()}`);
    await redis.del(`gone:{${lease.key}}:owner`);
    const reason = (await aborted(lease.signal)) as LeaseLostError;
    expect(reason.name).toBe('LeaseLostError');
    expect(reason.key).toBe(lease.key);
    expect(reason.token).toBe(lease.token);
    expect(lease.lost).toBe(true);
    expect(await lease.release()).toBe(false);
  });

  it('reports a loss the timers missed when releasing', async () => {
    const lock = locks({ ttl: 5_000, prefix: 'missed:', autoExtend: false });
    const lease = await lock.lock('k');
    await redis.del('missed:{k}:owner');
    expect(await lease.release()).toBe(false);
    expect(lease.lost).toBe(true);
  });

  it('every Redis key it writes carries a TTL, so a dead client never holds a lock forever', async () => {
    const prefix = `ttl:${randomUUID()}:`;
    const lock = locks({ ttl: 200, autoExtend: false, prefix });
    const held = await lock.lock('k');
    const waiter = lock.lock('k', { timeout: 5_000 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const keys = await redis.keys(`${prefix}*`);
    expect(keys.length).toBeGreaterThanOrEqual(3);
    for (const key of keys) expect(await redis.pttl(key)).toBeGreaterThan(0);
    const next = await waiter;
    await Promise.all([held.release(), next.release()]);
  });

  it('wakes a waiter through pub/sub when the lock is released (polling disabled in practice)', async () => {
    const lock = locks({ pollInterval: 60_000 });
    const holder = await lock.lock('k');
    const waiter = lock.lock('k', { timeout: 5_000 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await holder.release();
    const lease = await waiter;
    expect(lease.token).toBeGreaterThan(holder.token);
    await lease.release();
  });

  it('wakes a waiter when the holder expires (it sleeps until the expiry Redis reported)', async () => {
    const lock = locks({ pollInterval: 60_000, ttl: 150, autoExtend: false });
    const holder = await lock.lock('k');
    const lease = await lock.lock('k', { timeout: 5_000 });
    expect(holder.lost).toBe(true);
    await lease.release();
  });

  it('falls back to polling with a client that cannot subscribe', async () => {
    const plain: RedisScriptClient = {
      evalsha: (sha, keys, args) => redis.evalsha(sha, keys.length, ...keys, ...args),
      eval: (script, keys, args) => redis.eval(script, keys.length, ...keys, ...args),
    };
    const lock = locks({ pollInterval: 20 }, plain);
    const holder = await lock.lock('k');
    const waiter = lock.lock('k', { timeout: 5_000 });
    await holder.release();
    await (await waiter).release();
  });

  it('retry: false fails at once with a LockTimeoutError naming the key', async () => {
    const lock = locks();
    const holder = await lock.lock('busy');
    const error = await lock.lock('busy', { retry: false }).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(LockTimeoutError);
    expect(isLockTimeoutError(error)).toBe(true);
    expect((error as LockTimeoutError).key).toBe('busy');
    expect((error as LockTimeoutError).name).toBe('TimeoutError');
    await holder.release();
  });

  it('a timeout is a LockTimeoutError with the attempts made', async () => {
    const lock = locks();
    const holder = await lock.lock('busy');
    const error = (await lock
      .lock('busy', { timeout: 50 })
      .catch((reason: unknown) => reason)) as LockTimeoutError;
    expect(error).toBeInstanceOf(LockTimeoutError);
    expect(error.attempts).toBeGreaterThanOrEqual(1);
    await holder.release();
  });

  it('await using releases the lease', async () => {
    const lock = locks();
    {
      await using lease = await lock.lock('k');
      expect(lease.released).toBe(false);
    }
    const again = await lock.tryLock('k');
    expect(again).toBeDefined();
    await again?.release();
  });

  it('release is idempotent and resolves the same answer', async () => {
    const lock = locks();
    const lease = await lock.lock('k');
    expect(await lease.release()).toBe(true);
    expect(await lease.release()).toBe(true);
    expect(lease.released).toBe(true);
    expect(lease.remaining).toBe(0);
  });
});

describeRedis('withLock', () => {
  it('runs fn with the lease signal and token, returns its value and releases', async () => {
    const lock = locks();
    const value = await lock.withLock('k', (signal, token) => {
      expect(signal.aborted).toBe(false);
      expect(token).toBeGreaterThan(0);
      return 42;
    });
    expect(value).toBe(42);
    expect(await lock.tryLock('k')).toBeDefined();
  });

  it('releases when fn throws, and rethrows its error', async () => {
    const lock = locks();
    const boom = new Error('boom');
    await expect(
      lock.withLock('k', () => {
        throw boom;
      }),
    ).rejects.toBe(boom);
    const lease = await lock.tryLock('k');
    expect(lease).toBeDefined();
    await lease?.release();
  });

  it('rejects with LeaseLostError when the lease was lost while fn ran', async () => {
    const lock = locks({ ttl: 80, autoExtend: false });
    const error = await lock
      .withLock('k', async (signal) => {
        await aborted(signal);
        return 'finished without the lock';
      })
      .catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(LeaseLostError);
  });

  it("wraps fn's own failure after a loss in a LeaseLostError with the cause", async () => {
    const lock = locks({ ttl: 80, autoExtend: false });
    const boom = new Error('write failed');
    const error = (await lock
      .withLock('k', async (signal) => {
        await aborted(signal);
        throw boom;
      })
      .catch((reason: unknown) => reason)) as LeaseLostError;
    expect(error).toBeInstanceOf(LeaseLostError);
    expect(error.cause).toBe(boom);
  });

  it("passes the caller's abort to fn through the same signal", async () => {
    const lock = locks();
    const controller = new AbortController();
    const reason = new Error('caller gave up');
    const seen = await lock.withLock(
      'k',
      async (signal) => {
        controller.abort(reason);
        return signal.reason as unknown;
      },
      { signal: controller.signal },
    );
    expect(seen).toBe(reason);
  });
});
