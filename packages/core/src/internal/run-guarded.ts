import { TimeoutError } from '../errors.js';
import type { Permit } from '../permit.js';
import type { Task } from '../semaphore.js';
import { abortReason, subscribeAbortShared, type Unsubscribe } from './abort.js';
import { assertNumber, assertSignal } from './validate.js';

/** Validates the `signal` and `timeout` options shared by every waiting operation. */
export function assertWaitOptions(signal: unknown, timeout: unknown): void {
  assertSignal('signal', signal);
  if (timeout !== undefined) assertNumber('timeout', timeout, 0);
}

function noop(): void {
  // nothing to undo
}

/**
 * A deadline and a caller's signal folded into one: it fires once, with the caller's reason or a
 * {@link TimeoutError}, and then aborts `signal` (the signal handed to the task). Internal code waits on it with
 * {@link Deadline.onAbort}, a plain callback list, never with `addEventListener` on `signal`: registering a listener
 * on a fresh `AbortSignal` costs microseconds in Node 20, which would dominate a per-task primitive.
 * `dispose()` clears the timer and unsubscribes from the caller's signal; it must run on every path.
 */
export class Deadline {
  /** Made on first use of `signal`: queued work holds no `AbortSignal` (they are costly to create and collect). */
  #controller: AbortController | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #unsubscribe: Unsubscribe = noop;
  #callbacks: (() => void)[] | undefined;
  #fired = false;
  #reason: unknown;

  constructor(signal: AbortSignal | undefined, timeout: number | undefined, operation: string) {
    if (signal?.aborted === true) {
      this.#fire(abortReason(signal));
      return;
    }
    if (timeout !== undefined) {
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        this.#fire(new TimeoutError(timeout, operation));
      }, timeout);
    }
    if (signal !== undefined) {
      this.#unsubscribe = subscribeAbortShared(signal, () => {
        this.#fire(abortReason(signal));
      });
    }
  }

  /** The signal given to the task: aborts when the deadline fires. */
  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#fired) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  /** True once the deadline fired. */
  get fired(): boolean {
    return this.#fired;
  }

  /** Why it fired: the caller's abort reason or a {@link TimeoutError}. */
  get reason(): unknown {
    return this.#reason;
  }

  /** Calls `callback` when the deadline fires (not if it already has). Returns a function that unregisters it. */
  onAbort(callback: () => void): Unsubscribe {
    if (this.#fired) return noop;
    (this.#callbacks ??= []).push(callback);
    return () => {
      const callbacks = this.#callbacks;
      if (callbacks === undefined) return;
      const index = callbacks.indexOf(callback);
      if (index !== -1) callbacks.splice(index, 1);
    };
  }

  dispose(): void {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    this.#unsubscribe();
    this.#unsubscribe = noop;
  }

  #fire(reason: unknown): void {
    if (this.#fired) return;
    this.#fired = true;
    this.#reason = reason;
    this.dispose();
    const callbacks = this.#callbacks;
    this.#callbacks = undefined;
    if (callbacks !== undefined) for (const callback of callbacks) callback();
    this.#controller?.abort(reason);
  }
}

/** Something a wait can be cancelled by: a caller's `AbortSignal` or an internal {@link Deadline}. */
export type Cancellation = AbortSignal | Deadline;

/** True when `source` has already aborted or fired. */
export function isCancelled(source: Cancellation): boolean {
  return source instanceof Deadline ? source.fired : source.aborted;
}

/** The reason `source` aborted or fired with. */
export function cancellationReason(source: Cancellation): unknown {
  return source instanceof Deadline ? source.reason : abortReason(source);
}

/** Calls `callback` once when `source` aborts or fires; returns the way to unregister it (O(1) for signals). */
export function onCancel(source: Cancellation, callback: () => void): Unsubscribe {
  return source instanceof Deadline ? source.onAbort(callback) : subscribeAbortShared(source, callback);
}

/**
 * Settles with `task`, or rejects as soon as `deadline` fires, whichever comes first. `task` itself is left
 * running and its late rejection is handled (the caller decided to stop caring about it).
 */
export function raceDeadline<T>(task: Promise<T>, deadline: Deadline): Promise<T> {
  if (deadline.fired) {
    task.catch(noop);
    return Promise.reject(passThrough(deadline.reason));
  }
  return new Promise<T>((resolve, reject) => {
    const unsubscribe = deadline.onAbort(() => {
      reject(passThrough(deadline.reason));
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

/**
 * Shared by `Semaphore.run`, `Mutex.run` and the keyed locks: acquire under one deadline, run, keep the slot until
 * the task settles, and answer the caller as soon as the deadline passes or the signal aborts.
 */
export async function runHolding<T>(
  acquire: (deadline: Deadline) => Promise<Permit>,
  fn: Task<T>,
  signal: AbortSignal | undefined,
  timeout: number | undefined,
  operation: string,
): Promise<T> {
  const deadline = new Deadline(signal, timeout, operation);
  let permit: Permit;
  try {
    permit = await acquire(deadline);
  } catch (error) {
    deadline.dispose();
    throw error;
  }
  let task: Promise<T>;
  try {
    task = Promise.resolve(fn(deadline.signal));
  } catch (error) {
    task = Promise.reject(passThrough(error));
  }
  const done = (): void => {
    permit.release();
    deadline.dispose();
  };
  task.then(done, done);
  return raceDeadline(task, deadline);
}
