/** Quorum mode over three independent servers: majority rules, typed failures, fencing across majorities. */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  createRedisLock,
  isQuorumError,
  LeaseLostError,
  LockTimeoutError,
  QuorumError,
} from '../src/index.js';
import { closeClients, ioredis } from './helpers/clients.js';
import { describeRedis, RedisServer } from './helpers/redis-server.js';

let servers: RedisServer[];
let clients: Redis[];

beforeAll(async () => {
  servers = await Promise.all([RedisServer.start(), RedisServer.start(), RedisServer.start()]);
  clients = servers.map((server) => {
    const client = ioredis(server.port);
    return client;
  });
});

afterAll(async () => {
  await closeClients();
  await Promise.all(servers.map((server) => server.dispose()));
});

/** Restarts servers and waits until their clients are connected again. */
async function restart(...indexes: number[]): Promise<void> {
  await Promise.all(indexes.map((index) => servers[index]!.restart()));
  await Promise.all(indexes.map((index) => clients[index]!.ping()));
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

describeRedis('quorum mode', () => {
  it('excludes, wakes waiters, and mints increasing tokens', async () => {
    const lock = createRedisLock(clients, { prefix: `q:${randomUUID()}:`, pollInterval: 60_000 });
    const first = await lock.lock('k');
    expect(await lock.tryLock('k')).toBeUndefined();
    const waiter = lock.lock('k', { timeout: 5_000 });
    await new Promise((resolve) => setTimeout(resolve, 30));
    await first.release();
    const second = await waiter;
    expect(second.token).toBeGreaterThan(first.token);
    await second.release();
    await lock.close();
  });

  it("a later majority mints a larger token even when one server's fence ran ahead", async () => {
    const prefix = `q:${randomUUID()}:`;
    const lock = createRedisLock(clients, { prefix, ttl: 2_000 });
    // Server 0's fence is far ahead; the first lease takes it, the second majority may not include server 0.
    await clients[0]!.set(`${prefix}{k}:fence`, String(Date.now() * 1000 + 10 ** 12));
    const first = await lock.lock('k');
    await first.release();
    await clients[0]!.del(`${prefix}{k}:fence`);
    await servers[0]!.kill();
    const second = await lock.lock('k', { timeout: 5_000 });
    expect(second.token).toBeGreaterThan(first.token);
    await second.release();
    await restart(0);
    await lock.close();
  });

  it('works with one server down; fails with QuorumError, not a timeout, when two are down', async () => {
    const lock = createRedisLock(clients, { prefix: `q:${randomUUID()}:`, ttl: 1_000 });
    await servers[2]!.kill();
    const lease = await lock.lock('k', { timeout: 5_000 });
    await lease.release();
    await servers[1]!.kill();
    const error = await lock.lock('k', { timeout: 5_000 }).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(QuorumError);
    expect(isQuorumError(error)).toBe(true);
    expect((error as QuorumError).failed).toBe(2);
    expect((error as QuorumError).errors).toHaveLength(2);
    await restart(1, 2);
    await lock.close();
  }, 30_000);

  it('contention is a LockTimeoutError', async () => {
    const lock = createRedisLock(clients, { prefix: `q:${randomUUID()}:` });
    const lease = await lock.lock('k', { timeout: 5_000 });
    await expect(lock.lock('k', { timeout: 100 })).rejects.toBeInstanceOf(LockTimeoutError);
    await lease.release();
    await lock.close();
  });

  it('reports the loss when a majority of servers lose the lease', async () => {
    const prefix = `q:${randomUUID()}:`;
    const lock = createRedisLock(clients, { prefix, ttl: 300 });
    const lease = await lock.lock('k', { timeout: 5_000 });
    await Promise.all(clients.slice(0, 2).map((client) => client.del(`${prefix}{k}:owner`)));
    expect(await aborted(lease.signal)).toBeInstanceOf(LeaseLostError);
    await lease.release();
    await lock.close();
  });
});
