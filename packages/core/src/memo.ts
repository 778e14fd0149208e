/**
 * `memoAsync`: cache an async function's results, with TTL, LRU eviction and a synchronous fast path.
 *
 * @module
 */
import { asReason, assertDelay } from './internal/reason.js';
import { assertFunction, assertInteger } from './internal/validate.js';

/** Options of {@link memoAsync}. */
export interface MemoOptions<A extends unknown[]> {
  /**
   * How long a result stays fresh, in milliseconds from when it resolved. `Infinity` keeps it until evicted.
   * @default Infinity
   */
  ttl?: number | undefined;
  /**
   * The most entries kept (values and calls in flight); the least recently used one is evicted beyond it.
   * @default Infinity
   */
  max?: number | undefined;
  /**
   * Maps a call's arguments to its cache key (`Map` key equality, `SameValueZero`). For several arguments or objects,
   * return a string such as `JSON.stringify(args)`.
   * @default (...args) => args[0]
   */
  key?: ((...args: A) => unknown) | undefined;
  /**
   * The clock used for `ttl`, in milliseconds; inject one in tests.
   * @default Date.now
   */
  now?: (() => number) | undefined;
}

/** A function wrapped by {@link memoAsync}. */
export interface MemoizedFunction<A extends unknown[], R> {
  /** The cached result, or the shared call in flight, or a new call. Always a promise. */
  (...args: A): Promise<R>;
  /**
   * Like calling the function, but returns the value itself, with no promise and no microtask, when a fresh value is
   * cached (hot paths and render functions can skip an `await`); otherwise returns the promise the call would.
   * Check with `value instanceof Promise`, or `await` it either way.
   */
  get(...args: A): R | Promise<R>;
  /** The fresh cached value for these arguments, or `undefined`; never calls the function. */
  peek(...args: A): R | undefined;
  /** True when a fresh value is cached for these arguments (a call in flight does not count). */
  has(...args: A): boolean;
  /** Removes the entry for these arguments; returns whether there was one. */
  delete(...args: A): boolean;
  /** Removes every entry. Calls in flight still resolve for their callers but are not stored. */
  clear(): void;
  /** Number of entries: values (fresh or expired but not yet dropped) and calls in flight. */
  readonly size: number;
}

type Entry<R> =
  | { readonly kind: 'pending'; readonly promise: Promise<R> }
  | { readonly kind: 'ready'; readonly value: R; readonly expires: number };

/**
 * Caches the results of an async function. Concurrent calls with one key share a single call; rejections are never
 * cached (the next call tries again); entries expire `ttl` ms after they resolved; beyond `max` entries the least
 * recently used one is evicted. `get()` returns a cached value synchronously.
 *
 * Use it for lookups that are expensive and may be slightly stale: configuration, feature flags, exchange rates.
 * Within one process only; for a stampede of identical calls with no caching, use {@link singleflight}.
 *
 * @throws TypeError for invalid options
 * @example
 * ```ts
 * const rate = memoAsync((currency: string) => fetchRate(currency), { ttl: 60_000, max: 500 });
 * await rate('EUR');          // calls fetchRate
 * const eur = rate.get('EUR'); // cached: a number, no promise
 * if (!(eur instanceof Promise)) render(eur);
 * ```
 */
export function memoAsync<A extends unknown[], R>(
  fn: (...args: A) => PromiseLike<R> | R,
  options: MemoOptions<A> = {},
): MemoizedFunction<A, R> {
  assertFunction('fn', fn);
  const { ttl = Infinity, max = Infinity, key = firstArgument, now = Date.now } = options;
  assertDelay('ttl', ttl, true);
  assertInteger('max', max, 1, true);
  assertFunction('key', key);
  assertFunction('now', now);
  const entries = new Map<unknown, Entry<R>>();

  /** The entry for `id` if usable, refreshed as most recently used; drops an expired value. */
  const lookup = (id: unknown): Entry<R> | undefined => {
    const entry = entries.get(id);
    if (entry === undefined) return undefined;
    entries.delete(id);
    if (entry.kind === 'ready' && entry.expires <= now()) return undefined;
    entries.set(id, entry);
    return entry;
  };

  const start = (id: unknown, args: A): Promise<R> => {
    let promise: Promise<R>;
    try {
      promise = Promise.resolve(fn(...args));
    } catch (error) {
      return Promise.reject(asReason(error));
    }
    const pending: Entry<R> = { kind: 'pending', promise };
    entries.set(id, pending);
    if (entries.size > max) {
      const oldest = entries.keys().next();
      if (oldest.done !== true) entries.delete(oldest.value);
    }
    promise.then(
      (value) => {
        if (entries.get(id) === pending) entries.set(id, { kind: 'ready', value, expires: now() + ttl });
      },
      () => {
        if (entries.get(id) === pending) entries.delete(id);
      },
    );
    return promise;
  };

  const get = (...args: A): R | Promise<R> => {
    const id = key(...args);
    const entry = lookup(id);
    if (entry === undefined) return start(id, args);
    return entry.kind === 'ready' ? entry.value : entry.promise;
  };

  const call = (...args: A): Promise<R> => {
    const result = get(...args);
    return result instanceof Promise ? result : Promise.resolve(result);
  };

  const fresh = (args: A): { value: R } | undefined => {
    const id = key(...args);
    const entry = entries.get(id);
    if (entry?.kind !== 'ready') return undefined;
    if (entry.expires <= now()) {
      entries.delete(id);
      return undefined;
    }
    return { value: entry.value };
  };

  return Object.defineProperties(call, {
    get: { value: get, enumerable: true },
    peek: { value: (...args: A): R | undefined => fresh(args)?.value, enumerable: true },
    has: { value: (...args: A): boolean => fresh(args) !== undefined, enumerable: true },
    delete: { value: (...args: A): boolean => entries.delete(key(...args)), enumerable: true },
    clear: {
      value: (): void => {
        entries.clear();
      },
      enumerable: true,
    },
    size: { get: () => entries.size, enumerable: true },
  }) as MemoizedFunction<A, R>;
}

function firstArgument(...args: unknown[]): unknown {
  return args[0];
}
