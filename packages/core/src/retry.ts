/**
 * `retry`: run a task again after failures, with exponential back-off, jitter and cancellation.
 *
 * @module
 */
import { RetryError } from './errors.js';
import { abortReason, subscribeAbortShared as subscribeAbort } from './internal/abort.js';
import { asReason, assertDelay, assertOneOf, isAborted, MAX_DELAY } from './internal/reason.js';
import {
  assertFunction,
  assertInteger,
  assertNumber,
  assertSignal,
  describeValue,
} from './internal/validate.js';
import { sleep } from './sleep.js';

/** Exponential back-off settings: the wait before retry `n` (1-based) is `min(max, initial * factor^(n-1))`. */
export interface ExponentialBackoff {
  /**
   * The wait before the first retry, in milliseconds.
   * @default 100
   */
  initial?: number | undefined;
  /**
   * The growth factor between consecutive waits.
   * @default 2
   */
  factor?: number | undefined;
  /**
   * The longest wait, in milliseconds.
   * @default 30_000
   */
  max?: number | undefined;
}

/** How {@link retry} spreads waits: `'full'` = random in [0, delay], `'equal'` = [delay/2, delay], `'none'` = delay. */
export type Jitter = 'full' | 'equal' | 'none';

/** Options of {@link retry}. */
export interface RetryOptions {
  /**
   * How many times to retry after the first attempt (so at most `retries + 1` attempts). `Infinity` retries until
   * `signal` aborts or `shouldRetry` says no.
   * @default 3
   */
  retries?: number | undefined;
  /**
   * The wait before each retry: exponential settings, or a function of the retry number (1-based) returning
   * milliseconds.
   * @default { initial: 100, factor: 2, max: 30_000 }
   */
  backoff?: ExponentialBackoff | ((retry: number) => number) | undefined;
  /**
   * Randomizes each wait so many clients failing together do not retry together (AWS "full jitter" by default).
   * @default 'full'
   */
  jitter?: Jitter | undefined;
  /**
   * Stops everything at once: the current attempt's signal aborts, a wait between attempts is cut short, and the
   * promise rejects with `signal.reason` (not a `RetryError`).
   * @default undefined
   */
  signal?: AbortSignal | undefined;
  /**
   * Decides whether an error is worth another attempt; may be async. Returning `false` stops with a `RetryError`.
   * @default () => true
   */
  shouldRetry?: ((error: unknown, attempt: number) => boolean | PromiseLike<boolean>) | undefined;
  /**
   * Called after a failed attempt that will be retried, before the wait. If it throws, `retry` rejects with that error.
   * @default undefined
   */
  onRetry?: ((error: unknown, attempt: number, delayMs: number) => void | PromiseLike<void>) | undefined;
  /**
   * Random number source in [0, 1) for jitter; inject one in tests.
   * @default Math.random
   */
  random?: (() => number) | undefined;
}

/**
 * Runs `fn` until it succeeds, waiting with exponential back-off and jitter between attempts. When every attempt
 * fails it rejects with a {@link RetryError} whose `errors` hold each attempt's error in order.
 *
 * Use it around operations that fail transiently (network calls, optimistic-lock conflicts). Pass a `signal` so a
 * shutdown or a user's cancel stops both the attempt and the wait at once; use `shouldRetry` to give up on errors
 * that will not go away (a 404, a validation error).
 *
 * @param fn - the task; receives a signal (aborted with the caller's signal) and the attempt number (1-based)
 * @throws TypeError for invalid options
 * @example
 * ```ts
 * const body = await retry(
 *   async (signal) => {
 *     const response = await fetch(url, { signal });
 *     if (!response.ok) throw new HttpError(response.status);
 *     return response.json();
 *   },
 *   { retries: 5, shouldRetry: (error) => !(error instanceof HttpError && error.status < 500), signal },
 * );
 * ```
 */
export async function retry<T>(
  fn: (signal: AbortSignal, attempt: number) => PromiseLike<T> | T,
  options: RetryOptions = {},
): Promise<T> {
  assertFunction('fn', fn);
  const {
    retries = 3,
    backoff = {},
    jitter = 'full',
    signal,
    shouldRetry = alwaysRetry,
    onRetry,
    random = Math.random,
  } = options;
  assertInteger('retries', retries, 0, true);
  assertSignal('signal', signal);
  assertFunction('shouldRetry', shouldRetry);
  if (onRetry !== undefined) assertFunction('onRetry', onRetry);
  assertFunction('random', random);
  assertOneOf('jitter', jitter, ['full', 'equal', 'none']);
  const delayOf = delayFunction(backoff);
  const errors: unknown[] = [];
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted === true) throw asReason(abortReason(signal));
    try {
      return await untilAborted(fn, signal, attempt);
    } catch (error) {
      if (isAborted(signal)) throw asReason(abortReason(signal));
      errors.push(error);
      if (attempt > retries) throw new RetryError(errors, `all ${retries} retries were used`);
      if (!(await shouldRetry(error, attempt))) {
        throw new RetryError(errors, 'shouldRetry returned false');
      }
    }
    const delay = Math.min(MAX_DELAY, Math.round(spread(delayOf(attempt), jitter, random)));
    await onRetry?.(errors.at(-1), attempt, delay);
    await sleep(delay, { signal });
  }
}

function alwaysRetry(): boolean {
  return true;
}

let idle: AbortSignal | undefined;

/** Runs one attempt; when `signal` aborts first, rejects at once and marks the attempt's late outcome handled. */
function untilAborted<T>(
  fn: (signal: AbortSignal, attempt: number) => PromiseLike<T> | T,
  signal: AbortSignal | undefined,
  attempt: number,
): Promise<T> {
  if (signal === undefined) {
    idle ??= new AbortController().signal;
    return Promise.resolve(fn(idle, attempt));
  }
  const work = Promise.resolve(fn(signal, attempt));
  return new Promise<T>((resolve, reject) => {
    const unsubscribe = subscribeAbort(signal, () => {
      reject(asReason(abortReason(signal)));
    });
    work.then(
      (value) => {
        unsubscribe();
        resolve(value);
      },
      (error: unknown) => {
        unsubscribe();
        reject(asReason(error));
      },
    );
  });
}

function delayFunction(backoff: NonNullable<RetryOptions['backoff']>): (retry: number) => number {
  if (typeof backoff === 'function') {
    return (retry) => {
      const delay = backoff(retry);
      assertDelay('backoff(retry)', delay);
      return delay;
    };
  }
  const given: unknown = backoff;
  if (typeof given !== 'object' || given === null) {
    throw new TypeError(`Expected \`backoff\` to be an object or a function, got ${describeValue(backoff)}`);
  }
  const { initial = 100, factor = 2, max = 30_000 } = backoff;
  assertDelay('backoff.initial', initial);
  assertNumber('backoff.factor', factor, 1);
  assertDelay('backoff.max', max);
  return (retry) => Math.min(max, initial * factor ** (retry - 1));
}

function spread(delay: number, jitter: Jitter, random: () => number): number {
  if (jitter === 'full') return delay * random();
  if (jitter === 'equal') return delay / 2 + (delay / 2) * random();
  return delay;
}
