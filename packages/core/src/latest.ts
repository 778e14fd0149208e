/**
 * `latest`: only the most recent call of a function may deliver its result.
 *
 * @module
 */
import { AbortError } from './errors.js';
import { asReason } from './internal/reason.js';
import { assertFunction } from './internal/validate.js';

/** A function wrapped by {@link latest}. */
export interface LatestFunction<A extends unknown[], R> {
  /** Starts a call, aborting the previous one; resolves only if no newer call has started by then. */
  (...args: A): Promise<R>;
  /**
   * Aborts the current call (for example when the component or request that owns it goes away). Its promise rejects
   * with `reason`, or an {@link AbortError} when none is given.
   */
  abort(reason?: unknown): void;
}

/**
 * Wraps `fn` so each call aborts the previous call's signal, and a superseded call can never deliver its result: its
 * promise rejects with an {@link AbortError} (`isAbortError(error)` is true) even if `fn` ignored the signal and
 * finished anyway. This fixes pitfall `stale-response`: in search-as-you-type, the answer to "ab" arriving after the
 * answer to "abc" can no longer overwrite it.
 *
 * Use it for any repeated request where only the newest answer matters: search boxes, filters, autosave previews.
 * Handle the rejection of superseded calls (ignore it when `isAbortError(error)`).
 *
 * @param fn - receives the call's signal first, then the call's arguments
 * @throws TypeError when `fn` is not a function
 * @example
 * ```ts
 * const search = latest(async (signal, query: string) => {
 *   const response = await fetch(`/search?q=${encodeURIComponent(query)}`, { signal });
 *   return (await response.json()) as Result[];
 * });
 * input.addEventListener('input', async () => {
 *   try {
 *     render(await search(input.value));
 *   } catch (error) {
 *     if (!isAbortError(error)) throw error; // a newer keystroke superseded this one
 *   }
 * });
 * ```
 */
export function latest<A extends unknown[], R>(
  fn: (signal: AbortSignal, ...args: A) => PromiseLike<R> | R,
): LatestFunction<A, R> {
  assertFunction('fn', fn);
  let current: AbortController | undefined;
  const call = (...args: A): Promise<R> => {
    current?.abort(
      new AbortError('Superseded by a newer call: only the latest call may deliver its result.'),
    );
    const controller = new AbortController();
    current = controller;
    const { signal } = controller;
    return new Promise<R>((resolve, reject) => {
      const onAbort = (): void => {
        reject(asReason(signal.reason));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      const settle = (): boolean => {
        signal.removeEventListener('abort', onAbort);
        if (current === controller) current = undefined;
        return !signal.aborted;
      };
      let work: PromiseLike<R>;
      try {
        work = Promise.resolve(fn(signal, ...args));
      } catch (error) {
        if (settle()) reject(asReason(error));
        return;
      }
      work.then(
        (value) => {
          if (settle()) resolve(value);
        },
        (error: unknown) => {
          if (settle()) reject(asReason(error));
        },
      );
    });
  };
  return Object.assign(call, {
    abort(reason?: unknown): void {
      current?.abort(reason ?? new AbortError('The latest call was aborted.'));
      current = undefined;
    },
  });
}
