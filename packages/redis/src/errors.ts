/**
 * One typed error per cause, so a caller can tell contention from a lost lease from unreachable servers.
 *
 * @module
 */
import { TimeoutError } from '@awaitwise/core';

/**
 * The lock (or permit) stayed taken by others until the `timeout` passed, or `retry: false` found it taken:
 * contention, not a failure of Redis. It is a `TimeoutError` (same `name`), so generic timeout handling keeps working;
 * tell it apart with `instanceof` or {@link isLockTimeoutError}.
 *
 * @example
 * ```ts
 * try { await locks.withLock('order:42', save, { timeout: 2_000 }); }
 * catch (error) { if (isLockTimeoutError(error)) return reply(409, 'busy, try again'); throw error; }
 * ```
 */
export class LockTimeoutError extends TimeoutError {
  /** What the error is about: always `'lock-timeout'`. */
  readonly kind = 'lock-timeout' as const;
  /** The lock or semaphore key that was contended. */
  readonly key: string;
  /** How many attempts were made (script calls), including the first. */
  readonly attempts: number;

  /**
   * @param key - the contended key
   * @param waitedMs - how long the caller waited (0 with `retry: false`)
   * @param attempts - how many attempts were made
   */
  constructor(key: string, waitedMs: number, attempts: number) {
    super(waitedMs, `Waiting for the Redis lock "${key}"`);
    this.key = key;
    this.attempts = attempts;
    this.message =
      `The Redis lock "${key}" stayed held by others for ${waitedMs} ms (${attempts} attempt${attempts === 1 ? '' : 's'}). ` +
      'Raise `timeout`, shorten the critical sections, or answer "busy" to the caller.';
  }
}

/**
 * True when `error` is a {@link LockTimeoutError}.
 *
 * @example
 * ```ts
 * if (isLockTimeoutError(error)) console.warn(error.message);
 * ```
 */
export function isLockTimeoutError(error: unknown): error is LockTimeoutError {
  return error instanceof LockTimeoutError;
}

/**
 * A lease ended before its holder released it: it expired (the holder paused or lost Redis past its TTL) or was
 * found taken. It is the `reason` of the lease's `signal`, and what `withLock` rejects with; it is never thrown
 * unasked, so a lost lease cannot become an unhandled rejection.
 *
 * @example
 * ```ts
 * lease.signal.addEventListener('abort', () => console.warn(lease.signal.reason)); // LeaseLostError
 * ```
 */
export class LeaseLostError extends Error {
  /** Always `'LeaseLostError'`. */
  override readonly name = 'LeaseLostError' as const;
  /** Stable machine-readable code. */
  readonly code = 'AW_LEASE_LOST' as const;
  /** The lock or semaphore key. */
  readonly key: string;
  /** The fencing token of the lost lease. */
  readonly token: number;

  /**
   * @param key - the lock key
   * @param token - the lease's fencing token
   * @param why - what was observed (used in the message)
   */
  constructor(key: string, token: number, why: string, options?: { cause?: unknown }) {
    super(
      `Lost the Redis lease on "${key}" (fencing token ${token}): ${why}. Stop the work: another holder may be ` +
        'running now. Writes that carry the fencing token are rejected by a store that checks it.',
      options,
    );
    this.key = key;
    this.token = token;
  }
}

/**
 * True when `error` is a {@link LeaseLostError}.
 *
 * @example
 * ```ts
 * if (isLeaseLostError(error)) console.warn(error.message);
 * ```
 */
export function isLeaseLostError(error: unknown): error is LeaseLostError {
  return error instanceof LeaseLostError;
}

/**
 * Quorum mode: too few servers answered to form a majority (unreachable or failing, not busy). `errors` holds each
 * failing server's error, by server index.
 *
 * @example
 * ```ts
 * catch (error) { if (isQuorumError(error)) alert(`Redis quorum lost: ${error.failed}/${error.servers}`); }
 * ```
 */
export class QuorumError extends AggregateError {
  /** Always `'QuorumError'`. */
  override readonly name = 'QuorumError' as const;
  /** Stable machine-readable code. */
  readonly code = 'AW_QUORUM' as const;
  /** How many servers the lock uses. */
  readonly servers: number;
  /** How many of them failed. */
  readonly failed: number;

  /**
   * @param errors - the failing servers' errors
   * @param servers - how many servers the lock uses
   * @param key - the lock key
   */
  constructor(errors: readonly unknown[], servers: number, key: string) {
    super(
      errors,
      `Only ${servers - errors.length} of ${servers} Redis servers answered for "${key}"; a majority of ` +
        `${Math.floor(servers / 2) + 1} is needed. Check the servers' health; see \`errors\` for each failure.`,
    );
    this.servers = servers;
    this.failed = errors.length;
  }
}

/**
 * True when `error` is a {@link QuorumError}.
 *
 * @example
 * ```ts
 * if (isQuorumError(error)) console.warn(error.message);
 * ```
 */
export function isQuorumError(error: unknown): error is QuorumError {
  return error instanceof QuorumError;
}
