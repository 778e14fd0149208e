import { TimeoutError } from '../errors.js';
import { abortReason, subscribeAbort } from './abort.js';
import { assertNumber, assertSignal } from './validate.js';

/** Validates the `signal` and `timeout` options shared by every waiting operation. */
export function assertWaitOptions(signal: unknown, timeout: unknown): void {
  assertSignal('signal', signal);
  if (timeout !== undefined) assertNumber('timeout', timeout, 0);
}

/**
 * A deadline and a caller's signal folded into one `AbortController`, whose signal aborts with the caller's reason
 * or a {@link TimeoutError}. `dispose()` clears the timer and removes the listener on the caller's signal; it must
 * run on every path.
 */
export class Deadline {
  readonly controller = new AbortController();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #unsubscribe: () => void;

  constructor(signal: AbortSignal | undefined, timeout: number | undefined, operation: string) {
    const { controller } = this;
    if (signal?.aborted === true) {
      controller.abort(abortReason(signal));
      this.#unsubscribe = noop;
      return;
    }
    if (timeout !== undefined) {
      this.#timer = setTimeout(() => {
        this.dispose();
        controller.abort(new TimeoutError(timeout, operation));
      }, timeout);
    }
    this.#unsubscribe = subscribeAbort(signal, () => {
      this.dispose();
      controller.abort(abortReason(signal as AbortSignal));
    });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  dispose(): void {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    this.#unsubscribe();
    this.#unsubscribe = noop;
  }
}

function noop(): void {
  // nothing to undo
}

/**
 * Settles with `task`, or rejects with `signal.reason` as soon as `signal` aborts, whichever comes first. `task`
 * itself is left running and its late rejection is handled (the caller decided to stop caring about it).
 */
export function raceSignal<T>(task: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    task.catch(noop);
    return Promise.reject(passThrough(abortReason(signal)));
  }
  return new Promise<T>((resolve, reject) => {
    const unsubscribe = subscribeAbort(signal, () => {
      reject(passThrough(abortReason(signal)));
    });
    task.then(
      (value) => {
        unsubscribe();
        resolve(value);
      },
      (error: unknown) => {
        unsubscribe();
        reject(passThrough(error));
      },
    );
  });
}

/**
 * Types a rejection reason that is passed through unchanged (a signal's `reason`, a task's own error). awaitwise
 * rejects with exactly what the caller aborted with or the task threw; that is usually an `Error`, but it is not
 * rewrapped when it is not.
 */
export function passThrough(reason: unknown): Error {
  return reason as Error;
}
