/**
 * `@awaitwise/core/react`: effects and callbacks that cannot deliver stale responses (React 18 and 19).
 *
 * @module
 */
import { useEffect, useInsertionEffect, useMemo, useRef, useState, type DependencyList } from 'react';
import { AbortError, isAbortError } from './errors.js';
import { isThenable } from './internal/thenable.js';
import { latest, type LatestFunction } from './latest.js';

/** What an abortable effect may return: nothing, a clean-up function, or a promise (an async effect). */
export type AbortableEffectResult = undefined | (() => void) | PromiseLike<void>;

/**
 * `useEffect` with a signal: `effect` receives an `AbortSignal` that aborts when the effect is cleaned up (the
 * dependencies changed or the component unmounted). Pass it to `fetch` and check it before setting state, and the
 * response of an older render can never overwrite a newer one (pitfall `stale-response`).
 *
 * `effect` may be async. If its promise rejects after the abort with an abort error, that is ignored (it is the
 * expected outcome of cancelling); any other rejection is re-thrown during the next render so the nearest error
 * boundary shows it, or reported with `console.error` if the component is gone. A returned clean-up function runs
 * after the abort.
 *
 * @example
 * ```tsx
 * useAbortableEffect(async (signal) => {
 *   const response = await fetch(`/search?q=${query}`, { signal });
 *   const results = await response.json();
 *   if (!signal.aborted) setResults(results);
 * }, [query]);
 * ```
 */
export function useAbortableEffect(
  effect: (signal: AbortSignal) => AbortableEffectResult,
  deps: DependencyList,
): void {
  const [, setFailure] = useState<unknown>(undefined);
  const effectRef = useRef(effect);
  useInsertionEffect(() => {
    effectRef.current = effect;
  });
  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    let cleanup: (() => void) | undefined;
    let mounted = true;
    const fail = (error: unknown): void => {
      if (signal.aborted && isAbortError(error)) return;
      if (mounted) {
        setFailure(() => {
          throw error;
        });
      } else {
        console.error('[awaitwise] useAbortableEffect: the effect failed after clean-up:', error);
      }
    };
    try {
      const result = effectRef.current(signal);
      if (typeof result === 'function') cleanup = result;
      else if (isThenable(result)) result.then(undefined, fail);
    } catch (error) {
      fail(error);
    }
    return () => {
      mounted = false;
      controller.abort(
        new AbortError('The effect was cleaned up (its dependencies changed or the component unmounted).'),
      );
      cleanup?.();
    };
    // The caller's dependency list decides when the effect re-runs, exactly as with useEffect.
  }, deps);
}

/**
 * A stable function that runs `fn` with {@link latest} semantics: each call aborts the previous call's signal, a
 * superseded call can never deliver its result (its promise rejects with an `AbortError`), and the call in flight is
 * aborted when the component unmounts. Always runs the `fn` of the latest render.
 *
 * Use it for event-driven requests (search-as-you-type, filters) where only the newest answer may update the state
 * (pitfall `stale-response`). Ignore rejections for which `isAbortError(error)` is true.
 *
 * @example
 * ```tsx
 * const search = useLatest(async (signal, query: string) => {
 *   const response = await fetch(`/search?q=${query}`, { signal });
 *   return (await response.json()) as Result[];
 * });
 * const onChange = (query: string) => {
 *   search(query).then(setResults, (error: unknown) => {
 *     if (!isAbortError(error)) setError(error);
 *   });
 * };
 * ```
 */
export function useLatest<A extends unknown[], R>(
  fn: (signal: AbortSignal, ...args: A) => PromiseLike<R> | R,
): LatestFunction<A, R> {
  const fnRef = useRef(fn);
  useInsertionEffect(() => {
    fnRef.current = fn;
  });
  const run = useMemo(() => latest((signal: AbortSignal, ...args: A) => fnRef.current(signal, ...args)), []);
  useEffect(
    () => () => {
      run.abort(new AbortError('The component unmounted.'));
    },
    [run],
  );
  return run;
}
