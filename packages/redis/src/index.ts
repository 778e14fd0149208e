/**
 * @awaitwise/redis: Distributed locks, semaphores and idempotency keys on Redis, with fencing tokens and lease loss signals.
 *
 * @packageDocumentation
 */
export {};
