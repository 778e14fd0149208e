/**
 * A mutual-exclusion lock: one holder at a time, FIFO, abortable.
 *
 * @module
 */
import { assertWaitOptions, runHolding } from './internal/run-guarded.js';
import { assertFunction } from './internal/validate.js';
import type { Permit, WaitOptions } from './permit.js';
import { acquireWithin, Semaphore, type Task } from './semaphore.js';

/**
 * A mutual-exclusion lock for a critical section that spans `await`s: one holder at a time, granted in FIFO order.
 *
 * Use it when several async flows read, await, then write the same in-process state (pitfall `check-then-act`);
 * when the state is per key (one user, one order id) use {@link KeyedMutex}, and across several processes or
 * servers use `@awaitwise/redis` (pitfall `process-local-lock`).
 *
 * Correct where common implementations are not: an unlock hands the lock straight to the next waiter, so a
 * `tryLock()` or `lock()` in the same tick cannot barge in; an aborted or timed-out waiter leaves the queue at once
 * and leaves no listener behind; `release()` is idempotent, so a double release never unlocks someone else's hold.
 *
 * @example
 * ```ts
 * const mutex = new Mutex();
 * async function transfer(from: Account, to: Account, amount: number) {
 *   using _lock = await mutex.lock({ timeout: 2_000 });
 *   const balance = await from.balance();
 *   if (balance < amount) throw new Error('insufficient funds');
 *   await from.debit(amount);
 *   await to.credit(amount);
 * }
 * ```
 */
export class Mutex {
  readonly #semaphore = new Semaphore(1);

  /** True while someone holds the lock. */
  get locked(): boolean {
    return this.#semaphore.available === 0;
  }

  /** Callers waiting for the lock. */
  get waiting(): number {
    return this.#semaphore.waiting;
  }

  /**
   * Waits for the lock and resolves with a {@link Permit}; release it (or `using` it) to unlock.
   *
   * @example
   * ```ts
   * const lock = await mutex.lock({ signal });
   * try { await criticalSection(); } finally { lock.release(); }
   * ```
   */
  lock(options?: WaitOptions): Promise<Permit> {
    return this.#semaphore.acquire(
      options === undefined ? undefined : { signal: options.signal, timeout: options.timeout },
    );
  }

  /**
   * Takes the lock if it is free and nobody is waiting, or returns `undefined` at once (fail fast).
   *
   * @example
   * ```ts
   * const lock = mutex.tryLock();
   * if (lock === undefined) return 'busy, try again';
   * using _ = lock;
   * await criticalSection();
   * ```
   */
  tryLock(): Permit | undefined {
    return this.#semaphore.tryAcquire();
  }

  /**
   * Runs `fn` while holding the lock and unlocks when it settles. `fn` gets a signal that aborts on
   * `options.signal` or `options.timeout` (one deadline for waiting and running); the returned promise rejects at
   * that moment, but the lock stays held until `fn` really settles.
   *
   * @example
   * ```ts
   * await mutex.run(async (signal) => { await save(state, { signal }); }, { timeout: 5_000 });
   * ```
   */
  run<T>(fn: Task<T>, options?: WaitOptions): Promise<T> {
    assertFunction('fn', fn);
    const signal = options?.signal;
    const timeout = options?.timeout;
    assertWaitOptions(signal, timeout);
    return runHolding(
      (deadline) => acquireWithin(this.#semaphore, 1, deadline, undefined),
      fn,
      signal,
      timeout,
      'Mutex.run',
    );
  }
}
