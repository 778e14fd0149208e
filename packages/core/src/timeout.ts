/**
 * `timeout`: a deadline for a task, with the timer always cleared and the work told to stop.
 *
 * @module
 */
import { TimeoutError } from './errors.js';
import { abortReason, subscribeAbortShared as subscribeAbort } from './internal/abort.js';
import { asReason, assertDelay, ignore } from './internal/reason.js';
import { isThenable } from './internal/thenable.js';
import { assertSignal, describeValue } from './internal/validate.js';

/** Options of {@link timeout}. */
export interface TimeoutOptions {
  /**
   * Stops waiting at once when it aborts: the promise rejects with `signal.reason`, the timer is cleared and the
   * task's signal is aborted with the same reason. The listener is removed on every path.
   * @default undefined (only the deadline can stop the task)
   */
  signal?: AbortSignal | undefined;
  /**
   * Names the operation in the `TimeoutError` message (`"fetch user timed out after 500 ms…"`).
   * @default 'Operation'
   */
  operation?: string | undefined;
}

/** A task that receives a signal which aborts at the deadline (or when the caller's signal aborts). */
export type TimedTask<T> = (signal: AbortSignal) => PromiseLike<T> | T;

/**
 * Rejects with a {@link TimeoutError} when `task` has not settled within `ms` milliseconds.
 *
 * Pass a function to get a signal that aborts at the deadline, so the work itself stops (a `fetch`, a query); pass a
 * promise when the work cannot be stopped. Either way, unlike `Promise.race([work, sleep(ms)])` (pitfall
 * `timer-leak`), the timer is cleared as soon as the race is decided, on success, failure and abort alike, and a task
 * that rejects after the deadline never becomes an unhandled rejection.
 *
 * @param task - a function given the deadline's signal, or a promise
 * @param ms - the deadline in milliseconds (0 to 2^31 - 1); `Infinity` means no deadline
 * @throws TypeError when `ms` is out of range, `task` is neither a function nor a thenable, or `signal` is invalid
 * @example
 * ```ts
 * const user = await timeout((signal) => fetch(`/users/${id}`, { signal }), 2_000, { operation: 'fetch user' });
 * ```
 */
export function timeout<T>(
  task: TimedTask<T> | PromiseLike<T>,
  ms: number,
  options: TimeoutOptions = {},
): Promise<T> {
  assertDelay('ms', ms, true);
  const { signal, operation } = options;
  assertSignal('signal', signal);
  if (typeof task !== 'function' && !isThenable(task)) {
    throw new TypeError(`Expected \`task\` to be a function or a promise, got ${describeValue(task)}`);
  }
  if (signal?.aborted === true) {
    if (typeof task !== 'function') Promise.resolve(task).then(ignore, ignore);
    return Promise.reject(asReason(abortReason(signal)));
  }
  const controller = new AbortController();
  return new Promise<T>((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = (): void => {
      if (timer !== undefined) clearTimeout(timer);
      unsubscribe();
    };
    const unsubscribe = subscribeAbort(signal, () => {
      finish();
      const reason = abortReason(signal as AbortSignal);
      controller.abort(reason);
      reject(asReason(reason));
    });
    if (ms !== Infinity) {
      timer = setTimeout(() => {
        unsubscribe();
        const error = new TimeoutError(ms, operation);
        controller.abort(error);
        reject(error);
      }, ms);
    }
    let work: PromiseLike<T>;
    try {
      work = typeof task === 'function' ? Promise.resolve(task(controller.signal)) : task;
    } catch (error) {
      finish();
      reject(asReason(error));
      return;
    }
    // A settled race ignores whatever comes later; the second handler also marks a late rejection as handled.
    work.then(
      (value) => {
        finish();
        resolve(value);
      },
      (error: unknown) => {
        finish();
        reject(asReason(error));
      },
    );
  });
}
