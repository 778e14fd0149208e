/**
 * Distributed locks with fencing tokens, on one Redis server or a quorum of independent ones.
 *
 * @module
 */
import { toScriptClient, type RedisClientLike } from './client.js';
import { LeaseLostError, LockTimeoutError } from './errors.js';
import { drift, RedisLease, type Lease, type LeaseBackend } from './lease.js';
import { parseGrant, QuorumServers, SingleServer, slotKeys, slotRequest, type SlotRequest } from './slots.js';
import { assertFunction, assertInteger, assertSignal } from '@awaitwise/core/internal/validate';
import { assertKey, assertOptionalNumber, assertOptions } from './validate.js';
import {
  abortReason,
  firstAttempt,
  waitLoop,
  type Attempt,
  type FailedAttempt,
  type LastAttempt,
} from './wait.js';
import { wakerFor, type Waker } from './waker.js';

/**
 * Options of {@link createRedisLock}, the defaults for every `lock()` call.
 *
 * @example
 * ```ts
 * createRedisLock(redis, { ttl: 10_000, prefix: 'billing:lock:', pollInterval: 1_000 });
 * ```
 */
export interface RedisLockOptions {
  /**
   * How long a lease lives without extension, in ms. Automatic extension keeps it alive while the holder runs, so
   * this is how long the lock stays taken after a holder dies or pauses.
   * @default 30000
   */
  ttl?: number | undefined;
  /**
   * Prefix of every Redis key and of the wake-up channel.
   * @default 'aw:lock:'
   */
  prefix?: string | undefined;
  /**
   * Polling fallback, in ms: how often a waiter re-checks when no pub/sub wake-up arrives. Waiters are normally
   * woken by a targeted message the moment the lock is theirs.
   * @default 500
   */
  pollInterval?: number | undefined;
  /**
   * Extend leases every `ttl / 3` while held.
   * @default true
   */
  autoExtend?: boolean | undefined;
  /**
   * Quorum mode only: how long one server may take to answer before it counts as failed, in ms, so a dead server
   * cannot stall the others.
   * @default ttl / 10, between 50 and 1000
   */
  serverTimeout?: number | undefined;
}

/**
 * Options of one {@link RedisLock.lock} call.
 *
 * @example
 * ```ts
 * await locks.lock('k', { ttl: 5_000, timeout: 2_000, signal: request.signal });
 * ```
 */
export interface LockOptions {
  /** Lease time in ms. @default the factory's `ttl` (30000) */
  ttl?: number | undefined;
  /** Stops waiting: rejects with `signal.reason` and leaves the line at once. @default undefined */
  signal?: AbortSignal | undefined;
  /** Gives up waiting after this many ms with a {@link LockTimeoutError}. @default undefined (wait as long as it takes) */
  timeout?: number | undefined;
  /**
   * `false` makes one attempt only and fails with a {@link LockTimeoutError} if the lock is taken (see also
   * {@link RedisLock.tryLock}).
   * @default true
   */
  retry?: boolean | undefined;
  /** Extend the lease while held. @default the factory's `autoExtend` (true) */
  autoExtend?: boolean | undefined;
}

/**
 * What {@link RedisLock.withLock} runs: it gets the lease's signal (and the caller's) and the fencing token.
 *
 * @example
 * ```ts
 * const task: LockedTask<void> = (signal, token) => store.write(data, { signal, fencingToken: token });
 * ```
 */
export type LockedTask<T> = (signal: AbortSignal, token: number) => T | PromiseLike<T>;

/**
 * A set of named locks on Redis, from {@link createRedisLock}.
 *
 * @example
 * ```ts
 * const locks: RedisLock = createRedisLock(redis);
 * ```
 */
export interface RedisLock {
  /**
   * Waits for the lock of `key` (fair: waiters are served in arrival order on a single server) and resolves with a
   * {@link Lease}. Release it, or `await using` it.
   *
   * @example
   * ```ts
   * await using lease = await locks.lock(`cart:${cartId}`, { timeout: 5_000 });
   * await checkout(cartId, { fencingToken: lease.token, signal: lease.signal });
   * ```
   */
  lock(key: string, options?: LockOptions): Promise<Lease>;
  /**
   * Takes the lock of `key` if it is free and nobody is queued for it, or resolves `undefined` after one round trip.
   *
   * @example
   * ```ts
   * const lease = await locks.tryLock(`report:${day}`);
   * if (lease === undefined) return; // another server is building it
   * await using _ = lease;
   * ```
   */
  tryLock(key: string, options?: Pick<LockOptions, 'ttl' | 'autoExtend'>): Promise<Lease | undefined>;
  /**
   * Runs `fn(signal, token)` holding the lock of `key`, and always releases it. `signal` aborts when the lease is
   * lost (or `options.signal` aborts). If the lease was lost before `fn` settled, the call rejects with the
   * {@link LeaseLostError} (with `fn`'s own error as `cause`, if any): the work may have overlapped another holder.
   *
   * @example
   * ```ts
   * const balance = await locks.withLock(`account:${id}`, async (signal, token) => {
   *   const account = await db.accounts.get(id, { signal });
   *   return db.accounts.update(id, { balance: account.balance - 10 }, { fencingToken: token });
   * }, { timeout: 2_000 });
   * ```
   */
  withLock<T>(key: string, fn: LockedTask<T>, options?: LockOptions): Promise<T>;
  /** Closes the wake-up connections this lock opened (they also close by themselves when idle). */
  close(): Promise<void>;
}

interface Resolved {
  ttl: number;
  prefix: string;
  pollInterval: number;
  autoExtend: boolean;
}

/** Validates the factory options shared by locks and semaphores and fills in the defaults. */
export function resolveOptions(options: RedisLockOptions | undefined, defaultPrefix: string): Resolved {
  assertOptions('options', options);
  const ttl = options?.ttl ?? 30_000;
  assertInteger('ttl', ttl, 10);
  const prefix = options?.prefix ?? defaultPrefix;
  if (typeof prefix !== 'string') assertKey('prefix', prefix);
  const pollInterval = options?.pollInterval ?? 500;
  assertInteger('pollInterval', pollInterval, 1);
  const autoExtend = options?.autoExtend ?? true;
  return { ttl, prefix, pollInterval, autoExtend };
}

/** Validates one call's options. */
export function checkCallOptions(options: LockOptions | undefined): void {
  if (options === undefined) return;
  if (options.ttl !== undefined) assertInteger('ttl', options.ttl, 10);
  assertSignal('signal', options.signal);
  assertOptionalNumber('timeout', options.timeout, 0);
}

/**
 * Creates distributed locks with fencing tokens on one Redis server, or on several independent servers for quorum
 * mode (pass an array of 3 or 5 clients). Works with ioredis, node-redis or any {@link RedisScriptClient}.
 *
 * Use it where several processes or servers must not run the same critical section at once (pitfall
 * `process-local-lock`); in one process, `KeyedMutex` from `@awaitwise/core` is enough. Where a database can
 * enforce the rule itself (a unique constraint), prefer that.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { createRedisLock } from '@awaitwise/redis';
 *
 * const locks = createRedisLock(new Redis(), { ttl: 10_000 });
 * await locks.withLock(`order:${orderId}`, async (signal, token) => {
 *   await orders.ship(orderId, { signal, fencingToken: token });
 * }, { timeout: 5_000 });
 * ```
 */
export function createRedisLock(
  client: RedisClientLike | readonly RedisClientLike[],
  options?: RedisLockOptions,
): RedisLock {
  const settings = resolveOptions(options, 'aw:lock:');
  const clients = (Array.isArray(client) ? client : [client]).map((each: RedisClientLike) =>
    toScriptClient(each),
  );
  if (clients.length === 0) {
    throw new TypeError(
      'Expected `client` to be a client or a non-empty array of clients, got `[]` (object)',
    );
  }
  const servers = clients.map((each) => new SingleServer(each));
  const [primary] = servers as [SingleServer, ...SingleServer[]];
  const serverTimeout =
    options?.serverTimeout ?? Math.min(1_000, Math.max(50, Math.round(settings.ttl / 10)));
  assertInteger('serverTimeout', serverTimeout, 1);
  const quorum = servers.length > 1 ? new QuorumServers(servers, serverTimeout) : undefined;
  const channel = `${settings.prefix}wake`;
  const wakers: Waker[] = clients.map((each) => wakerFor(each, channel));

  const request = (key: string, ttl: number, autoExtend: boolean): SlotRequest =>
    slotRequest(
      slotKeys(settings.prefix, key, 'lock'),
      ttl,
      1,
      settings.pollInterval * 3 + 1_000,
      autoExtend,
    );

  const attempt = async (
    req: SlotRequest,
    mode: 'wait' | 'try',
    autoExtend: boolean,
  ): Promise<Attempt<RedisLease>> => {
    if (quorum !== undefined) {
      const reply = await quorum.acquire(req);
      return reply.acquired
        ? {
            done: true,
            value: new RedisLease({
              key: req.slot.name,
              token: reply.token,
              ttl: req.ttl,
              startedAt: reply.startedAt,
              autoExtend,
              backend: quorum.backend(req),
            }),
          }
        : { done: false, retryInMs: reply.retryInMs };
    }
    const startedAt = performance.now();
    const reply = await primary.acquire(req, mode);
    return reply.acquired
      ? {
          done: true,
          value: new RedisLease({
            key: req.slot.name,
            token: reply.token,
            ttl: req.ttl,
            startedAt,
            autoExtend,
            backend: primary.backend(req),
          }),
        }
      : { done: false, retryInMs: reply.retryInMs, mark: reply.mark };
  };

  const lock = async (key: string, callOptions?: LockOptions): Promise<Lease> => {
    assertKey('key', key);
    checkCallOptions(callOptions);
    const signal = callOptions?.signal;
    if (signal?.aborted === true) throw abortReason(signal);
    const autoExtend = callOptions?.autoExtend ?? settings.autoExtend;
    const req = request(key, callOptions?.ttl ?? settings.ttl, autoExtend);
    if (callOptions?.retry === false) {
      const outcome = await attempt(req, 'try', autoExtend);
      if (outcome.done) return outcome.value;
      throw new LockTimeoutError(key, 0, 1);
    }
    const tryOnce = (): Promise<Attempt<RedisLease>> => attempt(req, 'wait', autoExtend);
    const leave = (): Promise<unknown> => (quorum === undefined ? primary.leave(req) : Promise.resolve());
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
      grant:
        quorum === undefined
          ? (message, last) => granted(message, last, req, autoExtend, primary.backend(req))
          : undefined,
      timeoutError: (waitedMs, attempts) => new LockTimeoutError(key, waitedMs, attempts),
      wake: wakers.map((waker) => ({
        waker,
        message: quorum === undefined ? req.id : req.slot.freeMessage,
      })),
      signal,
      timeout: callOptions?.timeout,
      pollInterval: settings.pollInterval,
      first,
    });
  };

  return {
    lock,
    async tryLock(key, callOptions) {
      assertKey('key', key);
      checkCallOptions(callOptions);
      const autoExtend = callOptions?.autoExtend ?? settings.autoExtend;
      const req = request(key, callOptions?.ttl ?? settings.ttl, autoExtend);
      const outcome = await attempt(req, 'try', autoExtend);
      return outcome.done ? outcome.value : undefined;
    },
    async withLock(key, fn, callOptions) {
      assertFunction('fn', fn);
      const lease = await lock(key, callOptions);
      return runLeased(lease, fn, callOptions?.signal);
    },
    async close() {
      await Promise.all(wakers.map((waker) => waker.close()));
    },
  };
}

/**
 * The lease a hand-off granted, or undefined when the message is stale or leaves too little time.
 *
 * Safety: the waiter cannot compare its clock with Redis `TIME`, so it dates the grant from a moment it knows
 * came earlier: the send time of its latest failed attempt. That attempt ran inside Redis before the grant exactly
 * when its watermark (`max(fence, Redis µs)`) is below the grant's token, because every later mint is larger. A
 * grant with a token at or below the watermark happened before that attempt and has since lapsed (else the attempt
 * would have found it held): it is ignored, and the waiter attempts again.
 */
export function granted(
  message: string,
  last: LastAttempt,
  req: SlotRequest,
  autoExtend: boolean,
  backend: LeaseBackend,
): RedisLease | undefined {
  const grant = parseGrant(message);
  if (grant === undefined || grant.token <= last.mark) return undefined;
  const margin = drift(grant.ttl);
  if (last.sentAt + grant.ttl - margin - performance.now() <= margin) return undefined;
  return new RedisLease({
    key: req.slot.name,
    token: grant.token,
    ttl: req.ttl,
    startedAt: last.sentAt,
    grantTtl: grant.ttl,
    autoExtend,
    backend,
  });
}

/** Runs `fn` under `lease`, releases it, and turns a loss during `fn` into a rejection with the loss. */
export async function runLeased<T>(
  lease: Lease,
  fn: LockedTask<T>,
  callerSignal: AbortSignal | undefined,
): Promise<T> {
  const signal = callerSignal === undefined ? lease.signal : AbortSignal.any([lease.signal, callerSignal]);
  let result: T;
  try {
    result = await fn(signal, lease.token);
  } catch (error) {
    await lease.release();
    if (lease.lost && error !== lease.signal.reason) {
      throw new LeaseLostError(
        lease.key,
        lease.token,
        'the lease was lost while the task ran, and it failed',
        {
          cause: error,
        },
      );
    }
    throw error;
  }
  await lease.release();
  if (lease.lost) throw lease.signal.reason as LeaseLostError;
  return result;
}
