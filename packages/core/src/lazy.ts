/**
 * `lazy`: asynchronous initialization that runs once, on first use, and is retried after a failure.
 *
 * @module
 */
import { abortReason, subscribeAbortShared as subscribeAbort } from './internal/abort.js';
import { asReason } from './internal/reason.js';
import { assertFunction, assertSignal } from './internal/validate.js';

/** Options of {@link Lazy.get}. */
export interface LazyGetOptions {
  /**
   * Stops this caller's wait (rejects with `signal.reason`) without cancelling the shared initialization, which other
   * callers may still be waiting for. The listener is removed on every path.
   * @default undefined
   */
  signal?: AbortSignal | undefined;
}

/** A value initialized on first use; see {@link lazy}. */
export interface Lazy<T> {
  /**
   * The value: runs the factory on the first call, shares the running initialization with concurrent callers, and
   * returns the stored value afterwards. After a failure, the next call runs the factory again.
   */
  get(options?: LazyGetOptions): Promise<T>;
  /** The value if initialization has succeeded, without waiting; `undefined` otherwise. */
  peek(): T | undefined;
  /** True once initialization has succeeded (and `reset()` was not called since). */
  readonly initialized: boolean;
  /**
   * Forgets the value (or the running initialization): the next `get()` runs the factory again. Callers already
   * waiting still receive the result of the run they joined.
   */
  reset(): void;
}

type State<T> =
  | { readonly kind: 'empty' }
  | { readonly kind: 'running'; readonly promise: Promise<T> }
  | { readonly kind: 'ready'; readonly value: T };

/**
 * Creates a value that is initialized asynchronously on first use, exactly once for concurrent callers. A failure is
 * not cached: the next `get()` tries again (a cached rejection would make one network blip permanent).
 *
 * Use it instead of starting async work in a constructor (pitfall `async-constructor`: `this.ready = this.connect()`
 * rejects before anyone awaits it and cannot be retried), and instead of a hand-written "if (!promise) promise = …".
 *
 * @param factory - creates the value; called again after a failure or `reset()`
 * @throws TypeError when `factory` is not a function
 * @example
 * ```ts
 * const db = lazy(() => connect(process.env.DATABASE_URL));
 * export async function findUser(id: string) {
 *   const client = await db.get(); // first caller connects, concurrent callers share that connection attempt
 *   return client.query('select * from users where id = $1', [id]);
 * }
 * ```
 */
export function lazy<T>(factory: () => PromiseLike<T> | T): Lazy<T> {
  assertFunction('factory', factory);
  let state: State<T> = { kind: 'empty' };
  const start = (): Promise<T> => {
    let promise: Promise<T>;
    try {
      promise = Promise.resolve(factory());
    } catch (error) {
      return Promise.reject(asReason(error));
    }
    const running: State<T> = { kind: 'running', promise };
    state = running;
    promise.then(
      (value) => {
        if (state === running) state = { kind: 'ready', value };
      },
      () => {
        if (state === running) state = { kind: 'empty' };
      },
    );
    return promise;
  };
  return {
    get(options: LazyGetOptions = {}): Promise<T> {
      const { signal } = options;
      assertSignal('signal', signal);
      if (signal?.aborted === true) return Promise.reject(asReason(abortReason(signal)));
      if (state.kind === 'ready') return Promise.resolve(state.value);
      const promise = state.kind === 'running' ? state.promise : start();
      if (signal === undefined) return promise;
      return new Promise<T>((resolve, reject) => {
        const unsubscribe = subscribeAbort(signal, () => {
          reject(asReason(abortReason(signal)));
        });
        promise.then(
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
    },
    peek(): T | undefined {
      return state.kind === 'ready' ? state.value : undefined;
    },
    get initialized(): boolean {
      return state.kind === 'ready';
    },
    reset(): void {
      state = { kind: 'empty' };
    },
  };
}
