/**
 * `sleep`: a delay that can be cancelled.
 *
 * @module
 */
import { abortReason, subscribeAbortShared as subscribeAbort } from './internal/abort.js';
import { asReason, assertDelay } from './internal/reason.js';
import { assertSignal } from './internal/validate.js';

/** Options of {@link sleep}. */
export interface SleepOptions {
  /**
   * Cancels the sleep: the timer is cleared and the promise rejects with `signal.reason` at once. The listener on the
   * signal is removed when the sleep ends either way, so a long-lived signal never accumulates listeners.
   * @default undefined (sleep the full delay)
   */
  signal?: AbortSignal | undefined;
}

/**
 * Waits `ms` milliseconds. Unlike `new Promise((r) => setTimeout(r, ms))`, it can be cancelled with a signal, and the
 * timer is cleared when it is (pitfall `timer-leak`: a cancelled wait must not keep the process alive).
 *
 * Use it for delays between retries, polling loops and back-off; pass the signal of the work it belongs to.
 *
 * @param ms - milliseconds to wait, from 0 to 2^31 - 1 (larger values would fire after 1 ms in every runtime)
 * @throws TypeError when `ms` is out of range or `signal` is not an `AbortSignal`
 * @example
 * ```ts
 * const controller = new AbortController();
 * while (!controller.signal.aborted) {
 *   await poll();
 *   await sleep(5_000, { signal: controller.signal }); // stop() rejects this at once with the abort reason
 * }
 * ```
 */
export function sleep(ms: number, options: SleepOptions = {}): Promise<void> {
  assertDelay('ms', ms);
  const { signal } = options;
  assertSignal('signal', signal);
  if (signal?.aborted === true) return Promise.reject(asReason(abortReason(signal)));
  return new Promise<void>((resolve, reject) => {
    const unsubscribe = subscribeAbort(signal, () => {
      clearTimeout(timer);
      reject(asReason(abortReason(signal as AbortSignal)));
    });
    const timer = setTimeout(() => {
      unsubscribe();
      resolve();
    }, ms);
  });
}
