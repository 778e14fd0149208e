/**
 * The lock contract suite of @awaitwise/core, run against the Redis locks and semaphore on a real redis-server, with
 * both ioredis and node-redis. (The in-process implementations run the same suite in packages/core.)
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import {
  keyedMutexContract,
  mutexContract,
  semaphoreContract,
  type ContractHandle,
} from '../../core/test/contract/lock-contract.js';
import {
  createRedisLock,
  createRedisSemaphore,
  type Lease,
  type RedisClientLike,
  type RedisLock,
} from '../src/index.js';
import { closeClients, connect, type ClientKind } from './helpers/clients.js';
import { describeRedis, RedisServer } from './helpers/redis-server.js';

let server: RedisServer;
const clients = new Map<ClientKind, RedisClientLike>();
const locks: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  server = await RedisServer.start();
  for (const kind of ['ioredis', 'node-redis'] as const) clients.set(kind, await connect(kind, server.port));
});

afterAll(async () => {
  await Promise.all(locks.map((lock) => lock.close()));
  await closeClients();
  await server.dispose();
});

const handle = (lease: Lease): ContractHandle => ({
  release: async () => {
    await lease.release();
  },
});
const maybe = (lease: Lease | undefined): ContractHandle | undefined =>
  lease === undefined ? undefined : handle(lease);

function newLock(kind: ClientKind): RedisLock {
  const lock = createRedisLock(clients.get(kind)!, { ttl: 5_000, prefix: `t:${randomUUID()}:` });
  locks.push(lock);
  return lock;
}

for (const kind of ['ioredis', 'node-redis'] as const) {
  describeRedis(`Redis locks over ${kind}`, () => {
    mutexContract(
      `createRedisLock (${kind})`,
      () => {
        const lock = newLock(kind);
        return {
          lock: async (options) => handle(await lock.lock('mutex', options)),
          tryLock: async () => maybe(await lock.tryLock('mutex')),
        };
      },
      { timeoutMs: 100 },
    );

    keyedMutexContract(
      `createRedisLock keyed (${kind})`,
      () => {
        const lock = newLock(kind);
        return {
          lock: async (key, options) => handle(await lock.lock(key, options)),
          tryLock: async (key) => maybe(await lock.tryLock(key)),
        };
      },
      { timeoutMs: 100 },
    );

    // One permit: the contract's "reaches `permits` holders" check needs several grants to land in the same tick,
    // which a networked semaphore only does by luck when permits > 1; semaphore.test.ts checks 3 permits instead.
    for (const permits of [1]) {
      semaphoreContract(
        `createRedisSemaphore (${kind})`,
        permits,
        () => {
          const semaphore = createRedisSemaphore(clients.get(kind)!, `sem:${randomUUID()}`, {
            permits,
            ttl: 5_000,
          });
          locks.push(semaphore);
          return {
            acquire: async (options) => handle(await semaphore.acquire(options)),
            tryAcquire: async () => maybe(await semaphore.tryAcquire()),
          };
        },
        { timeoutMs: 100 },
      );
    }
  });
}
