/**
 * `all` and `settle`: the two honest ways to wait for several promises.
 *
 * @module
 */
import { AbortError } from './errors.js';
import { abortReason, subscribeAbortShared as subscribeAbort } from './internal/abort.js';
import { asReason } from './internal/reason.js';
import { assertFunction, assertSignal, describeValue } from './internal/validate.js';

/** A task for {@link all}: receives the group's signal, which aborts when a sibling fails. */
export type AllTask<T> = (signal: AbortSignal) => PromiseLike<T> | T;

/** Options of {@link all}. */
export interface AllOptions {
  /**
   * Aborts every task's signal with `signal.reason` and rejects at once with it. The listener is removed when `all`
   * settles.
   * @default undefined
   */
  signal?: AbortSignal | undefined;
}

/** The value types of a list of {@link AllTask}s, position by position (a tuple stays a tuple). */
export type TaskResults<T extends readonly AllTask<unknown>[]> = {
  -readonly [K in keyof T]: Awaited<ReturnType<T[K]>>;
};

/**
 * Like `Promise.all` over task functions, but the first failure aborts the signal every sibling received, so their
 * work stops instead of running on unobserved; the siblings' own later rejections are handled (pitfalls
 * `settle-mismatch` and `late-await`). Rejects with the first failure; resolves with every value in order.
 *
 * Use it when all results are needed and one failure makes the rest useless. When partial success is wanted, use
 * {@link settle}. For many items with a concurrency limit, use `map`.
 *
 * The siblings are aborted with an {@link AbortError} whose `cause` is the first failure. `all` does not wait for
 * them to finish: it rejects as soon as the first task fails. A task that throws synchronously counts as a failure,
 * and the tasks after it are not started.
 *
 * @throws TypeError when `tasks` is not an array of functions
 * @example
 * ```ts
 * const [user, orders] = await all([
 *   (signal) => fetchUser(id, { signal }),
 *   (signal) => fetchOrders(id, { signal }), // aborted if fetchUser fails
 * ]);
 * ```
 */
export function all<const T extends readonly AllTask<unknown>[]>(
  tasks: T,
  options: AllOptions = {},
): Promise<TaskResults<T>> {
  if (!Array.isArray(tasks)) {
    throw new TypeError(`Expected \`tasks\` to be an array of functions, got ${describeValue(tasks)}`);
  }
  tasks.forEach((task, index) => {
    assertFunction(`tasks[${index}]`, task);
  });
  const { signal } = options;
  assertSignal('signal', signal);
  if (signal?.aborted === true) return Promise.reject(asReason(abortReason(signal)));
  const controller = new AbortController();
  return new Promise<TaskResults<T>>((resolve, reject) => {
    const values: unknown[] = new Array<unknown>(tasks.length);
    let remaining = tasks.length;
    const state = { done: false };
    const fail = (error: unknown, siblingsReason: unknown): void => {
      if (state.done) return;
      state.done = true;
      unsubscribe();
      controller.abort(siblingsReason);
      reject(asReason(error));
    };
    const unsubscribe = subscribeAbort(signal, () => {
      const reason = abortReason(signal as AbortSignal);
      fail(reason, reason);
    });
    const onFailure = (error: unknown): void => {
      fail(
        error,
        new AbortError('A sibling task failed, so this one was aborted; see `cause`.', { cause: error }),
      );
    };
    if (remaining === 0) {
      state.done = true;
      unsubscribe();
      resolve(values as TaskResults<T>);
      return;
    }
    for (let index = 0; index < tasks.length && !state.done; index++) {
      const task = tasks[index] as AllTask<unknown>;
      let work: PromiseLike<unknown>;
      try {
        work = Promise.resolve(task(controller.signal));
      } catch (error) {
        onFailure(error);
        break;
      }
      // awaitwise-ignore-next-line unbounded-concurrency -- all() starts every task it is handed, as Promise.all does: the caller chose them
      work.then((value) => {
        if (state.done) return;
        values[index] = value;
        if (--remaining === 0) {
          state.done = true;
          unsubscribe();
          resolve(values as TaskResults<T>);
        }
      }, onFailure);
    }
  });
}

/** A fulfilled entry of {@link settle}'s result: the promise's position and value. */
export interface Fulfilled<I extends number, V> {
  readonly index: I;
  readonly value: V;
}

/** A rejected entry of {@link settle}'s result: the promise's position and rejection reason. */
export interface Rejected<I extends number> {
  readonly index: I;
  readonly reason: unknown;
}

type IndexOf<K> = K extends `${infer N extends number}` ? N : number;

/** For a tuple, the union of `Fulfilled<0, A> | Fulfilled<1, B> | …`; for an array, `Fulfilled<number, T>`. */
export type FulfilledOf<T extends readonly unknown[]> = {
  [K in keyof T]: Fulfilled<IndexOf<K>, Awaited<T[K]>>;
}[number];

/** For a tuple, the union of `Rejected<0> | Rejected<1> | …`; for an array, `Rejected<number>`. */
export type RejectedOf<T extends readonly unknown[]> = { [K in keyof T]: Rejected<IndexOf<K>> }[number];

/** The result of {@link settle}. */
export interface Settled<T extends readonly unknown[]> {
  /** The fulfilled promises, in input order, with their index. */
  readonly fulfilled: FulfilledOf<T>[];
  /** The rejected promises, in input order, with their index. Read them: that is the point. */
  readonly rejected: RejectedOf<T>[];
}

/**
 * Waits for every promise and splits the outcomes into `fulfilled` and `rejected`, each entry with its index.
 * Unlike `Promise.allSettled`, the failures are right there in their own array (pitfall `settle-mismatch`: an
 * `allSettled` whose rejections nobody reads), and typing keeps each index tied to its value type for tuples.
 *
 * Use it when partial success is fine: sending notifications to many users, warming several caches. Handlers are
 * attached to every promise at once, so none becomes an unhandled rejection while others are awaited (pitfall
 * `late-await`).
 *
 * @param promises - promises or plain values
 * @returns rejects with a TypeError when `promises` is not an array
 * @example
 * ```ts
 * const { fulfilled, rejected } = await settle(users.map((user) => notify(user)));
 * for (const { index, reason } of rejected) log.warn({ user: users[index], reason }, 'not notified');
 * ```
 */
export async function settle<const T extends readonly unknown[]>(promises: T): Promise<Settled<T>> {
  if (!Array.isArray(promises)) {
    throw new TypeError(`Expected \`promises\` to be an array, got ${describeValue(promises)}`);
  }
  const outcomes = await Promise.allSettled(promises);
  const fulfilled: Fulfilled<number, unknown>[] = [];
  const rejected: Rejected<number>[] = [];
  outcomes.forEach((outcome, index) => {
    if (outcome.status === 'fulfilled') fulfilled.push({ index, value: outcome.value });
    else rejected.push({ index, reason: outcome.reason });
  });
  return { fulfilled, rejected } as Settled<T>;
}
