/**
 * The handle a lock or semaphore hands to its holder.
 *
 * @module
 */

/**
 * Proof that you hold a lock or some permits of a semaphore. Give it back with `release()`, or let `using` do it:
 *
 * ```ts
 * using permit = await semaphore.acquire();
 * ```
 *
 * `release()` is idempotent: a second call does nothing, so a `finally` block and a `using` declaration on the same
 * permit never free someone else's slot.
 */
export interface Permit extends Disposable {
  /** Gives the permits back (and hands them straight to the first waiter). Calling it again does nothing. */
  release(): void;
  /** True once `release()` (or `[Symbol.dispose]()`) has run. */
  readonly released: boolean;
  /** How many permits this handle holds (1 unless a `weight` was asked for). */
  readonly weight: number;
}

/**
 * Options shared by every operation that waits for a permit.
 */
export interface WaitOptions {
  /**
   * Stops waiting when this signal aborts: the waiter leaves the queue at once (O(1)) and the promise rejects with
   * `signal.reason`. The listener is removed on every path, so a long-lived signal never accumulates listeners.
   * An already-aborted signal rejects at once.
   * @default undefined (wait for as long as it takes)
   */
  signal?: AbortSignal | undefined;
  /**
   * Gives up after this many milliseconds with a `TimeoutError`. The timer is always cleared.
   * @default undefined (no deadline)
   */
  timeout?: number | undefined;
}
