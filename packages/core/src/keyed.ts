/**
 * Locks and semaphores per key, created on demand and freed when the key is idle.
 *
 * @module
 */
import {
  assertWaitOptions,
  type Cancellation,
  cancellationReason,
  isCancelled,
  passThrough,
  runHolding,
} from './internal/run-guarded.js';
import { assertFunction, assertInteger } from './internal/validate.js';
import type { Permit, WaitOptions } from './permit.js';
import { acquireWithin, Semaphore, type Task } from './semaphore.js';

let forget: <K>(owner: KeyedSemaphore<K>, key: K, semaphore: Semaphore) => void;

class KeyedPermit<K> implements Permit {
  #owner: KeyedSemaphore<K> | undefined;
  readonly #key: K;
  readonly #inner: Permit;
  readonly #semaphore: Semaphore;

  constructor(owner: KeyedSemaphore<K>, key: K, semaphore: Semaphore, inner: Permit) {
    this.#owner = owner;
    this.#key = key;
    this.#semaphore = semaphore;
    this.#inner = inner;
  }

  get released(): boolean {
    return this.#owner === undefined;
  }

  get weight(): number {
    return this.#inner.weight;
  }

  release(): void {
    const owner = this.#owner;
    if (owner === undefined) return;
    this.#owner = undefined;
    this.#inner.release();
    forget(owner, this.#key, this.#semaphore);
  }

  [Symbol.dispose](): void {
    this.release();
  }
}

/**
 * A semaphore per key: at most `permits` holders for each key, keys independent of each other, FIFO per key.
 * A key's state is created on first use and deleted as soon as it has no holder and no waiter, so memory follows
 * the number of busy keys, not the number of keys ever seen.
 *
 * Use it to bound work per tenant, per host or per user. With `permits = 1` it is a {@link KeyedMutex}.
 * Fixes pitfalls `check-then-act` and `unbounded-concurrency` (per key).
 *
 * @example
 * ```ts
 * const perHost = new KeyedSemaphore<string>(4);
 * async function crawl(url: URL) {
 *   using _slot = await perHost.lock(url.host, { timeout: 30_000 });
 *   return fetch(url);
 * }
 * ```
 */
export class KeyedSemaphore<K = string> {
  static {
    forget = (owner, key, semaphore) => {
      if (
        semaphore.available === semaphore.permits &&
        semaphore.waiting === 0 &&
        owner.#keys.get(key) === semaphore
      ) {
        owner.#keys.delete(key);
      }
    };
  }

  readonly #permits: number;
  readonly #keys = new Map<K, Semaphore>();

  /** @param permits - holders allowed at once for each key (an integer >= 1) */
  constructor(permits: number) {
    assertInteger('permits', permits, 1);
    this.#permits = permits;
  }

  /** Holders allowed at once per key. */
  get permits(): number {
    return this.#permits;
  }

  /** Keys currently held or waited for (idle keys are forgotten). */
  get size(): number {
    return this.#keys.size;
  }

  /** True when `key` has no permit left right now. */
  isLocked(key: K): boolean {
    return this.#keys.get(key)?.available === 0;
  }

  /** Callers waiting for `key`. */
  waiting(key: K): number {
    return this.#keys.get(key)?.waiting ?? 0;
  }

  /**
   * Waits for a permit of `key` (FIFO per key) and resolves with a {@link Permit} to release.
   *
   * @example
   * ```ts
   * using _lock = await keyed.lock(orderId, { signal: request.signal });
   * ```
   */
  lock(key: K, options?: WaitOptions): Promise<Permit> {
    const signal = options?.signal;
    const timeout = options?.timeout;
    assertWaitOptions(signal, timeout);
    return this.#lock(key, signal, timeout);
  }

  #lock(key: K, cancel: Cancellation | undefined, timeout: number | undefined): Promise<Permit> {
    if (cancel !== undefined && isCancelled(cancel))
      return Promise.reject(passThrough(cancellationReason(cancel)));
    const semaphore = this.#semaphoreFor(key);
    const inner = semaphore.tryAcquire();
    if (inner !== undefined) return Promise.resolve(new KeyedPermit(this, key, semaphore, inner));
    return acquireWithin(semaphore, 1, cancel, timeout).then(
      (permit) => new KeyedPermit(this, key, semaphore, permit),
      (error: unknown) => {
        forget(this, key, semaphore);
        throw error;
      },
    );
  }

  /**
   * Takes a permit of `key` if one is free and nobody waits for it, or returns `undefined` at once. This is the
   * fail-fast answer to double submissions: the second request for the same key is refused instead of queued.
   *
   * @example
   * ```ts
   * const lock = keyed.tryLock(`checkout:${cartId}`);
   * if (lock === undefined) return res.status(409).send('checkout already in progress');
   * using _ = lock;
   * await checkout(cartId);
   * ```
   */
  tryLock(key: K): Permit | undefined {
    const existing = this.#keys.get(key);
    if (existing !== undefined) {
      const inner = existing.tryAcquire();
      return inner === undefined ? undefined : new KeyedPermit(this, key, existing, inner);
    }
    const semaphore = this.#semaphoreFor(key);
    return new KeyedPermit(this, key, semaphore, semaphore.tryAcquire() as Permit);
  }

  /**
   * Runs `fn` holding a permit of `key`, releasing it when `fn` settles. Same deadline rules as
   * {@link Semaphore.run}: the caller is answered on abort or timeout, the slot is kept until `fn` settles.
   *
   * @example
   * ```ts
   * await keyed.run(userId, (signal) => recomputeQuota(userId, signal), { timeout: 5_000 });
   * ```
   */
  run<T>(key: K, fn: Task<T>, options?: WaitOptions): Promise<T> {
    assertFunction('fn', fn);
    const signal = options?.signal;
    const timeout = options?.timeout;
    assertWaitOptions(signal, timeout);
    return runHolding(
      (deadline) => this.#lock(key, deadline, undefined),
      fn,
      signal,
      timeout,
      'KeyedSemaphore.run',
    );
  }

  #semaphoreFor(key: K): Semaphore {
    let semaphore = this.#keys.get(key);
    if (semaphore === undefined) {
      semaphore = new Semaphore(this.#permits);
      this.#keys.set(key, semaphore);
    }
    return semaphore;
  }
}

/**
 * A mutex per key: one holder per key at a time, keys independent, FIFO per key, idle keys freed.
 *
 * The in-process answer to double submissions (pitfall `check-then-act`): two requests for the same order id
 * run one after the other (`lock`) or the second is refused (`tryLock`). Across several server instances use
 * `@awaitwise/redis` instead (pitfall `process-local-lock`).
 *
 * @example
 * ```ts
 * const orders = new KeyedMutex<string>();
 * app.post('/orders/:id/pay', async (req, res) => {
 *   using _lock = await orders.lock(req.params.id, { timeout: 10_000 });
 *   if (await payments.exists(req.params.id)) return res.sendStatus(200);
 *   await payments.create(req.params.id);
 *   res.sendStatus(201);
 * });
 * ```
 */
export class KeyedMutex<K = string> extends KeyedSemaphore<K> {
  constructor() {
    super(1);
  }
}
