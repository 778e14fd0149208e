/**
 * `map()` and `mapSettled()`: map a collection with bounded concurrency, results in input order.
 *
 * @module
 */
import { AbortError } from './errors.js';
import { abortReason, subscribeAbort } from './internal/abort.js';
import { passThrough } from './internal/run-guarded.js';
import { DONE, Source } from './internal/source.js';
import { assertFunction, assertInteger, assertSignal, describeValue } from './internal/validate.js';

/** What the map helpers accept: an array, any iterable, or an async iterable; read lazily. */
export type MapInput<T> = Iterable<T> | AsyncIterable<T>;

/**
 * The function applied to each item: gets the item, its index in the input, and a signal that aborts when the
 * whole operation stops (a sibling failed, the caller aborted, or the consumer stopped reading).
 */
export type Mapper<T, R> = (item: T, index: number, signal: AbortSignal) => R | PromiseLike<R>;

/** Options shared by {@link map}, {@link mapSettled} and {@link mapIterable}. */
export interface MapBaseOptions {
  /**
   * How many items are processed at once, and so how many are read ahead of the results (an integer >= 1 or
   * `Infinity`). Required on purpose: choosing the bound is the whole point (pitfall `unbounded-concurrency`).
   */
  concurrency: number;
  /**
   * Stops everything when it aborts: rejects with `signal.reason`, aborts the tasks' signal, starts nothing new and
   * closes the source. Its listener is removed when the operation ends.
   * @default undefined
   */
  signal?: AbortSignal | undefined;
}

/** Options of {@link map}. */
export interface MapOptions extends MapBaseOptions {
  /**
   * `true`: on the first failure, abort the running tasks' signal, start nothing new, close the source and reject
   * with that error; failures of tasks still running are then ignored (never unhandled).
   * `false`: run every item and, if any failed, reject with an `AggregateError` of all failures in input order.
   * @default true
   */
  stopOnError?: boolean | undefined;
}

/** Options of {@link mapSettled}. */
export type MapSettledOptions = MapBaseOptions;

/** How one item ended in {@link mapSettled}: the same shape as `Promise.allSettled`'s results. */
export type MapSettledResult<R> = PromiseSettledResult<R>;

/** @internal Validates the options shared by the map helpers. */
export function checkMapArguments(
  fn: unknown,
  options: unknown,
): { concurrency: number; signal: AbortSignal | undefined } {
  assertFunction('fn', fn);
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(
      `Expected \`options\` to be an object with \`concurrency\`, got ${describeValue(options)}`,
    );
  }
  const { concurrency, signal } = options as { concurrency?: unknown; signal?: unknown };
  assertInteger('concurrency', concurrency, 1, true);
  assertSignal('signal', signal);
  return { concurrency, signal };
}

interface PoolHooks<R> {
  /** Records a task's value. */
  value(index: number, value: R): void;
  /** Records a task's failure; returns true to stop everything and reject with it. */
  error(index: number, error: unknown): boolean;
}

function noop(): void {
  // nothing to do
}

/**
 * Runs `fn` over `input` with `concurrency` workers, each pulling the next item only when it is free. Resolves when
 * every item is done; rejects with the first stopping error (a hook said stop, the source threw, the signal
 * aborted). After a stop, running tasks are signalled and their outcomes ignored.
 */
function runPool<T, R>(
  input: MapInput<T>,
  fn: Mapper<T, R>,
  concurrency: number,
  outerSignal: AbortSignal | undefined,
  hooks: PoolHooks<R>,
): Promise<void> {
  if (outerSignal?.aborted === true) return Promise.reject(passThrough(abortReason(outerSignal)));
  const source = new Source<T>(input);
  const controller = new AbortController();
  const signal = controller.signal;
  let stopped = false;
  // A function, not the variable, in the loops below: other callbacks flip it across the awaits.
  const isStopped = (): boolean => stopped;
  let index = 0;

  return new Promise<void>((resolve, reject) => {
    const stop = (error: unknown, reason: unknown): void => {
      if (stopped) return;
      stopped = true;
      unsubscribe();
      source.close();
      controller.abort(reason);
      reject(passThrough(error));
    };
    const unsubscribe = subscribeAbort(outerSignal, () => {
      const reason = abortReason(outerSignal as AbortSignal);
      stop(reason, reason);
    });
    const fail = (error: unknown): void => {
      stop(error, new AbortError('map() stopped: another item failed.', { cause: error }));
    };

    const worker = async (): Promise<void> => {
      while (!isStopped()) {
        let item: T | typeof DONE;
        try {
          item = source.sync ? source.pullSync() : await source.pull();
        } catch (error) {
          fail(error);
          return;
        }
        if (item === DONE || isStopped()) return;
        const position = index++;
        // An async source grows the pool one worker per pulled item, up to `concurrency` (which may be Infinity).
        if (!source.sync && live < concurrency && !source.finished) spawn();
        try {
          const value = await fn(item, position, signal);
          if (isStopped()) return;
          hooks.value(position, value);
        } catch (error) {
          if (isStopped()) return;
          if (hooks.error(position, error)) {
            fail(error);
            return;
          }
        }
      }
    };

    let live = 0;
    const onWorkerEnd = (): void => {
      if (--live !== 0 || stopped) return;
      stopped = true;
      unsubscribe();
      resolve();
    };
    const spawn = (): void => {
      live++;
      worker().then(onWorkerEnd, noop);
    };
    if (source.sync) {
      // Each new worker reads one item synchronously, so this loop stops as soon as the source runs dry.
      while (live < concurrency && !source.finished && !stopped) spawn();
    } else {
      spawn();
    }
  });
}

/**
 * Maps `input` with at most `concurrency` calls of `fn` at once and resolves with the results in input order.
 *
 * Use it instead of `await` in a `for` loop over independent items (pitfall `sequential-await`) and instead of
 * `Promise.all(items.map(fn))` over a collection of unknown size (pitfall `unbounded-concurrency`). The input is
 * pulled lazily (never more than `concurrency` items read ahead), so it can be a huge or endless async iterable.
 *
 * Correct where `Promise.all` and most helpers are not: the first failure aborts the signal given to the running
 * calls, starts nothing new, calls `return()` on the source, and rejects with that error; the later failures of
 * calls still running are ignored on purpose and never become unhandled rejections. With `stopOnError: false`,
 * every item runs and all failures come back in one `AggregateError`.
 *
 * @example
 * ```ts
 * const users = await map(ids, (id, _index, signal) => fetchUser(id, { signal }), { concurrency: 8 });
 * ```
 */
export async function map<T, R>(input: MapInput<T>, fn: Mapper<T, R>, options: MapOptions): Promise<R[]> {
  const { concurrency, signal } = checkMapArguments(fn, options);
  const stopOnError = options.stopOnError ?? true;
  if (typeof stopOnError !== 'boolean') {
    throw new TypeError(`Expected \`stopOnError\` to be a boolean, got ${describeValue(stopOnError)}`);
  }
  const results: R[] = [];
  const failures: { index: number; error: unknown }[] = [];
  let succeeded = 0;
  await runPool(input, fn, concurrency, signal, {
    value(index, value) {
      succeeded++;
      results[index] = value;
    },
    error(index, error) {
      if (stopOnError) return true;
      failures.push({ index, error });
      return false;
    },
  });
  if (failures.length !== 0) {
    failures.sort((a, b) => a.index - b.index);
    throw new AggregateError(
      failures.map((failure) => failure.error),
      `map(): ${failures.length} of ${succeeded + failures.length} items failed (at index ${failures
        .slice(0, 5)
        .map((failure) => failure.index)
        .join(', ')}${failures.length > 5 ? ', …' : ''}). See \`errors\`.`,
    );
  }
  return results;
}

/**
 * Maps every item of `input` with bounded concurrency and resolves with each outcome, in input order, shaped like
 * `Promise.allSettled`'s results. A failing item never stops the others.
 *
 * Use it when partial success is the goal (pitfall `settle-mismatch`): send 1,000 notifications, then report the
 * ones that failed. Rejects only if the source itself throws or `signal` aborts.
 *
 * @example
 * ```ts
 * const outcomes = await mapSettled(emails, (email) => send(email), { concurrency: 10 });
 * const failed = outcomes.filter((outcome) => outcome.status === 'rejected');
 * ```
 */
export async function mapSettled<T, R>(
  input: MapInput<T>,
  fn: Mapper<T, R>,
  options: MapSettledOptions,
): Promise<MapSettledResult<R>[]> {
  const { concurrency, signal } = checkMapArguments(fn, options);
  const results: MapSettledResult<R>[] = [];
  await runPool(input, fn, concurrency, signal, {
    value(index, value) {
      results[index] = { status: 'fulfilled', value };
    },
    error(index, reason) {
      results[index] = { status: 'rejected', reason };
      return false;
    },
  });
  return results;
}
