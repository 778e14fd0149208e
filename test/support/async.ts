import { getEventListeners } from 'node:events';

/**
 * Promise helpers shared by every package's tests: one `deferred`, `track` and `flush` for the whole repository
 * (import it as `../../../test/support/async.js` from `packages/<name>/test`).
 */

/** Lets every queued microtask (and the chains they start, up to `rounds` hops deep) run. */
export async function flush(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}

/** How a promise given to {@link track} has settled so far. */
export interface Tracked<T> {
  state: 'pending' | 'fulfilled' | 'rejected';
  value?: T;
  error?: unknown;
}

/** Records how a promise settles, handling its rejection. */
export function track<T>(promise: Promise<T>): Tracked<T> {
  const record: Tracked<T> = { state: 'pending' };
  promise.then(
    (value) => {
      record.state = 'fulfilled';
      record.value = value;
    },
    (error: unknown) => {
      record.state = 'rejected';
      record.error = error;
    },
  );
  return record;
}

/** Number of `abort` listeners on a signal. */
export function abortListeners(signal: AbortSignal): number {
  return getEventListeners(signal, 'abort').length;
}

/** A promise with its resolve and reject exposed. */
export function deferred<T = void>(): {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
} {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
