/**
 * A fair counting semaphore on Redis with expiring, self-extending leases.
 *
 * @module
 */
import { toScriptClient, type RedisClientLike } from './client.js';
import { LockTimeoutError } from './errors.js';
import { RedisLease, type Lease } from './lease.js';
import {
  checkCallOptions,
  granted,
  resolveOptions,
  runLeased,
  type LockedTask,
  type LockOptions,
} from './lock.js';
import { SingleServer, slotKeys, slotRequest, type SlotRequest } from './slots.js';
import { assertFunction, assertInteger, describeValue } from '@awaitwise/core/internal/validate';
import { assertKey } from './validate.js';
import { abortReason, firstAttempt, waitLoop, type Attempt, type FailedAttempt } from './wait.js';
import { wakerFor } from './waker.js';

/**
 * Options of {@link createRedisSemaphore}.
 *
 * @example
 * ```ts
 * createRedisSemaphore(redis, 'exports', { permits: 4, ttl: 60_000 });
 * ```
 */
export interface RedisSemaphoreOptions {
  /** How many holders at once, across every process. */
  permits: number;
  /** Lease time in ms (extended automatically while held). @default 30000 */
  ttl?: number | undefined;
  /** Prefix of the Redis keys and the wake-up channel. @default 'aw:sem:' */
  prefix?: string | undefined;
  /** Polling fallback in ms when no wake-up arrives. @default 500 */
  pollInterval?: number | undefined;
  /** Extend leases every `ttl / 3` while held. @default true */
  autoExtend?: boolean | undefined;
}

/**
 * A counting semaphore on Redis, from {@link createRedisSemaphore}.
 *
 * @example
 * ```ts
 * const exports: RedisSemaphore = createRedisSemaphore(redis, 'exports', { permits: 4 });
 * ```
 */
export interface RedisSemaphore {
  /** The semaphore's key. */
  readonly key: string;
  /** Holders allowed at once. */
  readonly permits: number;
  /**
   * Waits for a permit (fair: first come, first served) and resolves with a {@link Lease}.
   *
   * @example
   * ```ts
   * await using _permit = await exports.acquire({ timeout: 60_000 });
   * await buildExport(job);
   * ```
   */
  acquire(options?: LockOptions): Promise<Lease>;
  /**
   * Takes a permit if one is free and nobody is queued, or resolves `undefined` after one round trip.
   *
   * @example
   * ```ts
   * const permit = await exports.tryAcquire();
   * if (permit === undefined) return reply(429, 'too many exports running');
   * ```
   */
  tryAcquire(options?: Pick<LockOptions, 'ttl' | 'autoExtend'>): Promise<Lease | undefined>;
  /**
   * Runs `fn(signal, token)` holding a permit and always releases it; rejects with the loss if the lease was lost
   * while `fn` ran.
   *
   * @example
   * ```ts
   * await exports.withPermit((signal) => render(report, { signal }), { timeout: 60_000 });
   * ```
   */
  withPermit<T>(fn: LockedTask<T>, options?: LockOptions): Promise<T>;
  /** Closes the wake-up connection (it also closes by itself when idle). */
  close(): Promise<void>;
}

/**
 * Creates a fair counting semaphore on one Redis server: at most `permits` holders across every process, served in
 * arrival order, each holding an expiring lease that extends itself while held, so a crashed holder frees its
 * permit after `ttl`.
 *
 * Use it to cap work shared by many servers: calls to a rate-limited API, heavy exports, connections to a fragile
 * system. For a cap inside one process use `Semaphore` from `@awaitwise/core`.
 *
 * @example
 * ```ts
 * const partnerApi = createRedisSemaphore(redis, 'partner-api', { permits: 10, ttl: 15_000 });
 * const answer = await partnerApi.withPermit((signal) => fetch(url, { signal }), { timeout: 30_000 });
 * ```
 */
export function createRedisSemaphore(
  client: RedisClientLike,
  key: string,
  options: RedisSemaphoreOptions,
): RedisSemaphore {
  assertKey('key', key);
  if (typeof options !== 'object' || (options as unknown) === null) {
    throw new TypeError(
      `Expected \`options\` to be an object with \`permits\`, got ${describeValue(options)}`,
    );
  }
  assertInteger('permits', options.permits, 1);
  const { permits } = options;
  const settings = resolveOptions(options, 'aw:sem:');
  const server = new SingleServer(toScriptClient(client));
  const slot = slotKeys(settings.prefix, key, 'semaphore');
  const waker = wakerFor(server.client, slot.channel);

  const request = (ttl: number, autoExtend: boolean): SlotRequest =>
    slotRequest(slot, ttl, permits, settings.pollInterval * 3 + 1_000, autoExtend);
  const attempt = async (
    req: SlotRequest,
    mode: 'wait' | 'try',
    autoExtend: boolean,
  ): Promise<Attempt<RedisLease>> => {
    const startedAt = performance.now();
    const reply = await server.acquire(req, mode);
    if (!reply.acquired) return { done: false, retryInMs: reply.retryInMs, mark: reply.mark };
    const lease = new RedisLease({
      key,
      token: reply.token,
      ttl: req.ttl,
      startedAt,
      autoExtend,
      backend: server.backend(req),
    });
    return { done: true, value: lease };
  };

  const acquire = async (callOptions?: LockOptions): Promise<Lease> => {
    checkCallOptions(callOptions);
    const signal = callOptions?.signal;
    if (signal?.aborted === true) throw abortReason(signal);
    const autoExtend = callOptions?.autoExtend ?? settings.autoExtend;
    const req = request(callOptions?.ttl ?? settings.ttl, autoExtend);
    if (callOptions?.retry === false) {
      const outcome = await attempt(req, 'try', autoExtend);
      if (outcome.done) return outcome.value;
      throw new LockTimeoutError(key, 0, 1);
    }
    const tryOnce = (): Promise<Attempt<RedisLease>> => attempt(req, 'wait', autoExtend);
    const leave = (): Promise<unknown> => server.leave(req);
    let first: FailedAttempt | undefined;
    if (signal === undefined && callOptions?.timeout === undefined) {
      const result = await firstAttempt(tryOnce, leave);
      if ('value' in result) return result.value;
      first = result;
    }
    return waitLoop<RedisLease>({
      attempt: tryOnce,
      discard: (lease) => lease.release(),
      leave,
      grant: (message, last) => granted(message, last, req, autoExtend, server.backend(req)),
      timeoutError: (waitedMs, attempts) => new LockTimeoutError(key, waitedMs, attempts),
      wake: [{ waker, message: req.id }],
      signal,
      timeout: callOptions?.timeout,
      pollInterval: settings.pollInterval,
      first,
    });
  };

  return {
    key,
    permits,
    acquire,
    async tryAcquire(callOptions) {
      checkCallOptions(callOptions);
      const autoExtend = callOptions?.autoExtend ?? settings.autoExtend;
      const req = request(callOptions?.ttl ?? settings.ttl, autoExtend);
      const outcome = await attempt(req, 'try', autoExtend);
      return outcome.done ? outcome.value : undefined;
    },
    async withPermit(fn, callOptions) {
      assertFunction('fn', fn);
      const lease = await acquire(callOptions);
      return runLeased(lease, fn, callOptions?.signal);
    },
    close: () => waker.close(),
  };
}
