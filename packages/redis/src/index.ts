/**
 * @awaitwise/redis: distributed locks, semaphores and idempotency keys on Redis, with fencing tokens and lease
 * loss signals. Works with ioredis, node-redis, or any client with `eval`/`evalsha`.
 *
 * @packageDocumentation
 */
export {
  fromIoredis,
  fromNodeRedis,
  toScriptClient,
  type IoredisLike,
  type NodeRedisLike,
  type RedisClientLike,
  type RedisScriptClient,
  type RedisSubscriber,
} from './client.js';
export {
  LeaseLostError,
  LockTimeoutError,
  QuorumError,
  isLeaseLostError,
  isLockTimeoutError,
  isQuorumError,
} from './errors.js';
export type { Lease } from './lease.js';
export {
  createRedisLock,
  type LockOptions,
  type LockedTask,
  type RedisLock,
  type RedisLockOptions,
} from './lock.js';
export { createRedisSemaphore, type RedisSemaphore, type RedisSemaphoreOptions } from './semaphore.js';
export { idempotent, jsonSerializer, type IdempotentOptions, type Serializer } from './idempotent.js';
