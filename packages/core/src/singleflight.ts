/**
 * `singleflight`: concurrent calls with the same key share one run.
 *
 * @module
 */
import { asReason } from './internal/reason.js';
import { assertFunction } from './internal/validate.js';

/** Options of {@link singleflight}. */
export interface SingleflightOptions<A extends unknown[]> {
  /**
   * Maps a call's arguments to its key; calls with equal keys (`Map` key equality, `SameValueZero`) share a run.
   * @default (...args) => args[0]
   */
  key?: ((...args: A) => unknown) | undefined;
}

/** A function wrapped by {@link singleflight}. */
export interface SingleflightFunction<A extends unknown[], R> {
  /** Joins the run in flight for this call's key, or starts one. */
  (...args: A): Promise<R>;
  /** Number of keys with a run in flight. */
  readonly inFlight: number;
  /** Detaches the run in flight for `key` (if any): the next call with that key starts a new run. */
  forget(key: unknown): void;
}

/**
 * Wraps `fn` so that while a call with a given key is running, further calls with the same key join it instead of
 * starting another run; once it settles, the next call starts afresh (nothing is cached, unlike `memoAsync`).
 *
 * Use it in front of an expensive load that many requests ask for at once (cache stampede, thundering herd), and for
 * double submits of the same form in one process (pitfall `check-then-act`; across servers, use
 * `@awaitwise/redis`).
 *
 * @param fn - the work; its result (or rejection) is shared by every caller that joined
 * @throws TypeError when `fn` or `key` is not a function
 * @example
 * ```ts
 * const loadProduct = singleflight((id: string) => db.products.findById(id));
 * const [a, b] = await Promise.all([loadProduct('42'), loadProduct('42')]); // one query
 * ```
 */
export function singleflight<A extends unknown[], R>(
  fn: (...args: A) => PromiseLike<R> | R,
  options: SingleflightOptions<A> = {},
): SingleflightFunction<A, R> {
  assertFunction('fn', fn);
  const { key = firstArgument } = options;
  assertFunction('key', key);
  const flights = new Map<unknown, Promise<R>>();
  const call = (...args: A): Promise<R> => {
    const id = key(...args);
    const existing = flights.get(id);
    if (existing !== undefined) return existing;
    let flight: Promise<R>;
    try {
      flight = Promise.resolve(fn(...args));
    } catch (error) {
      return Promise.reject(asReason(error));
    }
    flights.set(id, flight);
    const land = (): void => {
      if (flights.get(id) === flight) flights.delete(id);
    };
    flight.then(land, land);
    return flight;
  };
  return Object.defineProperties(call, {
    inFlight: { get: () => flights.size, enumerable: true },
    forget: {
      value: (id: unknown): void => {
        flights.delete(id);
      },
      enumerable: true,
    },
  }) as SingleflightFunction<A, R>;
}

function firstArgument(...args: unknown[]): unknown {
  return args[0];
}
