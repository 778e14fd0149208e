/** Bad input gets a TypeError that names the option, the expectation and what was received. */
import { describe, expect, it } from 'vitest';
import {
  createRedisLock,
  createRedisSemaphore,
  idempotent,
  toScriptClient,
  type RedisScriptClient,
} from '../src/index.js';

const client: RedisScriptClient = {
  evalsha: () => Promise.reject(new Error('not used')),
  eval: () => Promise.reject(new Error('not used')),
};

describe('validation', () => {
  it('rejects clients it cannot use', () => {
    expect(() => toScriptClient(null as never)).toThrow(
      'Expected `client` to be an ioredis client, a node-redis client or a RedisScriptClient, got `null` (null)',
    );
    expect(() => toScriptClient({ get: () => 1 } as never)).toThrow(/got an object with keys `"get"`/);
    expect(() => createRedisLock([])).toThrow(TypeError);
  });

  it('names bad lock options', async () => {
    expect(() => createRedisLock(client, { ttl: 0 })).toThrow(
      'Expected `ttl` to be an integer >= 10, got `0` (number)',
    );
    expect(() => createRedisLock(client, { pollInterval: 1.5 })).toThrow(
      'Expected `pollInterval` to be an integer >= 1, got `1.5` (number)',
    );
    const lock = createRedisLock(client);
    await expect(lock.lock('')).rejects.toThrow('Expected `key` to be a non-empty string, got `""` (string)');
    await expect(lock.lock('k', { timeout: -1 })).rejects.toThrow(
      'Expected `timeout` to be a finite number >= 0, got `-1` (number)',
    );
    await expect(lock.lock('k', { signal: 'x' as never })).rejects.toThrow(
      'Expected `signal` to be an AbortSignal or undefined, got `"x"` (string)',
    );
    await expect(lock.withLock('k', 1 as never)).rejects.toThrow(
      'Expected `fn` to be a function, got `1` (number)',
    );
  });

  it('names bad semaphore and idempotency options', async () => {
    expect(() => createRedisSemaphore(client, 'k', { permits: 0 })).toThrow(
      'Expected `permits` to be an integer >= 1, got `0` (number)',
    );
    expect(() => createRedisSemaphore(client, 'k', undefined as never)).toThrow(TypeError);
    await expect(idempotent(client, 'k', () => 1, { ttl: 0 })).rejects.toThrow(
      'Expected `ttl` to be an integer >= 1, got `0` (number)',
    );
  });

  it('rejects an already-aborted signal with its reason before touching Redis', async () => {
    const reason = new Error('stop');
    await expect(createRedisLock(client).lock('k', { signal: AbortSignal.abort(reason) })).rejects.toBe(
      reason,
    );
  });
});
