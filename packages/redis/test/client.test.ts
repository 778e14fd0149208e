/** Client adapters: shape detection, explicit adapters, script loading after a flush, shared adapters. */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  createRedisLock,
  fromIoredis,
  fromNodeRedis,
  toScriptClient,
  type NodeRedisLike,
  type RedisScriptClient,
} from '../src/index.js';
import { closeClients, ioredis, nodeRedis } from './helpers/clients.js';
import { describeRedis, RedisServer } from './helpers/redis-server.js';

let server: RedisServer;
let redis: Redis;
let node: NodeRedisLike;

beforeAll(async () => {
  server = await RedisServer.start();
  redis = ioredis(server.port);
  node = await nodeRedis(server.port);
});

afterAll(async () => {
  await closeClients();
  await server.dispose();
});

describeRedis('client adapters', () => {
  it('recognises each client by its shape and always returns the same adapter for it', () => {
    const fromRedis = toScriptClient(redis);
    expect(toScriptClient(redis)).toBe(fromRedis);
    expect(toScriptClient(node)).toBe(toScriptClient(node));
    expect(toScriptClient(node)).not.toBe(fromRedis);
    const custom: RedisScriptClient = { evalsha: () => Promise.resolve(1), eval: () => Promise.resolve(1) };
    expect(toScriptClient(custom)).toBe(custom);
  });

  it('the explicit adapters run scripts and open subscribers on both clients', async () => {
    for (const client of [fromIoredis(redis), fromNodeRedis(node)]) {
      expect(await client.eval('return ARGV[1] .. KEYS[1]', ['k'], ['v'])).toBe('vk');
      const subscriber = await client.createSubscriber!();
      const channel = `c:${randomUUID()}`;
      const received = new Promise<string>((resolve) => {
        void subscriber.subscribe(channel, resolve).then(() => redis.publish(channel, 'hello'));
      });
      expect(await received).toBe('hello');
      await subscriber.close();
    }
  });

  it('reloads its scripts when the server lost them (SCRIPT FLUSH, restart)', async () => {
    const lock = createRedisLock(node, { prefix: `t:${randomUUID()}:` });
    await (await lock.lock('k')).release();
    await redis.script('FLUSH');
    const lease = await lock.lock('k');
    expect(await lease.release()).toBe(true);
    await lock.close();
  });

  it('passes a client error through unchanged on a single server', async () => {
    const failing: RedisScriptClient = {
      evalsha: () => Promise.reject(new Error("READONLY You can't write against a read only replica.")),
      eval: () => Promise.reject(new Error('unused')),
    };
    await expect(createRedisLock(failing).lock('k')).rejects.toThrow(/READONLY/);
  });
});
