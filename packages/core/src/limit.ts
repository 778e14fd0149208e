/**
 * `limit()`: run functions with at most N at a time.
 *
 * @module
 */
import { AbortError } from './errors.js';
import { abortReason } from './internal/abort.js';
import { captureContext, type ContextRunner } from './internal/context.js';
import { IntrusiveQueue, type QueueLinks } from './internal/intrusive-queue.js';
import { assertWaitOptions, Deadline, passThrough, raceDeadline } from './internal/run-guarded.js';
import { assertFunction, assertInteger, describeValue } from './internal/validate.js';
import type { WaitOptions } from './permit.js';
import type { Task } from './semaphore.js';

/** Options of {@link limit}. */
export interface LimitOptions {
  /**
   * Run each queued task in the `AsyncLocalStorage` context of the code that queued it (request ids, tracing
   * spans), instead of the context of the task that happened to free its slot. Costs a context snapshot per queued
   * task (noticeable on Node 20, see the benchmarks), hence off by default. A task that starts at once always runs
   * in its caller's context. Where `node:async_hooks` is not available (browsers) it has no effect.
   * @default false
   */
  preserveContext?: boolean | undefined;
}

/** Options of {@link Limiter.run}: a deadline and a signal for one task. */
export type LimitRunOptions = WaitOptions;

/**
 * A function that runs the functions given to it with at most `concurrency` of them at once, made by {@link limit}.
 */
export interface Limiter {
  /**
   * Runs `fn(...args)` now if a slot is free, or queues it (FIFO). Resolves or rejects with `fn`'s outcome.
   */
  <Args extends unknown[], R>(fn: (...args: Args) => R | PromiseLike<R>, ...args: Args): Promise<R>;
  /**
   * The per-task form, with a signal and a deadline. While queued, an abort or timeout removes the task at once and
   * rejects (`signal.reason` or `TimeoutError`); once running, `fn`'s signal aborts and the returned promise rejects
   * at that moment, but the task keeps its slot until it really settles (the bound holds for abandoned work too).
   *
   * @example
   * ```ts
   * const page = await limiter.run((signal) => fetch(url, { signal }), { signal: request.signal, timeout: 5_000 });
   * ```
   */
  run<R>(fn: Task<R>, options?: LimitRunOptions): Promise<R>;
  /** Tasks running now. */
  readonly active: number;
  /** Tasks waiting for a slot. */
  readonly pending: number;
  /** How many tasks may run at once. Raising it starts waiting tasks at once; lowering it lets running ones finish. */
  concurrency: number;
  /**
   * Removes every waiting task and rejects each with an `AbortError` (or `reason`), so every promise the limiter
   * returned settles. Running tasks are not affected.
   */
  clear(reason?: unknown): void;
  /** Resolves when nothing runs and nothing waits (at once if that is already so). */
  onIdle(): Promise<void>;
}

interface Entry extends QueueLinks<Entry> {
  readonly fn: (...args: never[]) => unknown;
  readonly args: unknown[];
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
  readonly context: ContextRunner | undefined;
  /** For `run()` entries: detaches the queue-removal listener when the task starts or is cleared. */
  detach: (() => void) | undefined;
  deadline: Deadline | undefined;
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/** Starts a `run()` task: calls it with the deadline's signal and disposes the deadline once it settles. */
function startDeadlineTask(fn: Task<unknown>, deadline: Deadline): Promise<unknown> {
  let task: Promise<unknown>;
  try {
    task = Promise.resolve(fn(deadline.signal));
  } catch (error) {
    task = Promise.reject(passThrough(error));
  }
  const dispose = (): void => {
    deadline.dispose();
  };
  task.then(dispose, dispose);
  return task;
}

/**
 * Makes a limiter: a function that runs the functions given to it with at most `concurrency` at once, the rest
 * queued in FIFO order. The drop-in for `p-limit`, faster, and with the missing pieces.
 *
 * Use it to bound calls to one resource from many places (an API, a database). For a whole collection prefer
 * {@link map}. Fixes pitfall `unbounded-concurrency` (`Promise.all(items.map(fetchX))`).
 *
 * Where the usual limiters fall short: `clear()` rejects the removed tasks with an `AbortError` so every promise
 * settles (p-limit's cleared promises hang forever); `run()` takes a signal and a deadline and keeps the slot until
 * abandoned work really stops (p-queue frees it early and exceeds the bound); `preserveContext` keeps
 * `AsyncLocalStorage` values; a task with a free slot starts synchronously, with no extra promise hop.
 *
 * @param concurrency - tasks allowed at once (an integer >= 1, or `Infinity`)
 * @example
 * ```ts
 * const limiter = limit(5);
 * const users = await Promise.all(ids.map((id) => limiter(fetchUser, id)));
 * ```
 */
export function limit(concurrency: number, options?: LimitOptions): Limiter {
  assertInteger('concurrency', concurrency, 1, true);
  const preserveContext = options?.preserveContext ?? false;
  if (typeof preserveContext !== 'boolean') {
    throw new TypeError(
      `Expected \`preserveContext\` to be a boolean, got ${describeValue(preserveContext)}`,
    );
  }
  let max = concurrency;
  let active = 0;
  const queue = new IntrusiveQueue<Entry>();
  let idleWaiters: (() => void)[] = [];

  const notifyIdle = (): void => {
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  };

  const onSettled = (): void => {
    active--;
    drain();
  };

  /** Starts queued tasks while slots are free. */
  const drain = (): void => {
    while (active < max) {
      const entry = queue.shift();
      if (entry === undefined) break;
      start(entry);
    }
    if (active === 0 && queue.size === 0 && idleWaiters.length !== 0) notifyIdle();
  };

  const start = (entry: Entry): void => {
    active++;
    entry.detach?.();
    const { deadline } = entry;
    if (deadline !== undefined) {
      const [fn] = entry.args as [Task<unknown>];
      const task =
        entry.context === undefined
          ? startDeadlineTask(fn, deadline)
          : entry.context(startDeadlineTask, fn, deadline);
      task.then(onSettled, onSettled);
      entry.resolve(raceDeadline(task, deadline));
      return;
    }
    let result: unknown;
    try {
      result =
        entry.context === undefined
          ? entry.fn(...(entry.args as never[]))
          : entry.context(entry.fn, ...(entry.args as never[]));
    } catch (error) {
      active--;
      entry.reject(error);
      return;
    }
    if (isPromiseLike(result)) {
      const promise = Promise.resolve(result);
      promise.then(onSettled, onSettled);
      // then() rather than resolve(promise): adopting a promise costs an extra job and promise per task.
      promise.then(entry.resolve, entry.reject);
    } else {
      active--;
      entry.resolve(result);
    }
  };

  const enqueue = (
    fn: (...args: never[]) => unknown,
    args: unknown[],
    deadline: Deadline | undefined,
  ): Promise<unknown> =>
    new Promise<unknown>((resolve, reject) => {
      const entry: Entry = {
        fn,
        args,
        resolve,
        reject,
        context: preserveContext ? captureContext() : undefined,
        detach: undefined,
        deadline,
        prev: undefined,
        next: undefined,
        queued: false,
      };
      queue.push(entry);
      if (deadline !== undefined) {
        entry.detach = deadline.onAbort(() => {
          if (!queue.remove(entry)) return;
          reject(passThrough(deadline.reason));
          if (active === 0 && queue.size === 0 && idleWaiters.length !== 0) notifyIdle();
        });
      }
    });

  const limiter = (<Args extends unknown[], R>(
    fn: (...args: Args) => R | PromiseLike<R>,
    ...args: Args
  ): Promise<R> => {
    if (typeof fn !== 'function') assertFunction('fn', fn);
    if (active < max && queue.size === 0) {
      active++;
      let result: R | PromiseLike<R>;
      try {
        result = fn(...args);
      } catch (error) {
        active--;
        drain();
        return Promise.reject(passThrough(error));
      }
      if (result instanceof Promise) {
        result.then(onSettled, onSettled);
        return result as Promise<R>;
      }
      if (isPromiseLike(result)) {
        const promise = Promise.resolve(result);
        promise.then(onSettled, onSettled);
        return promise;
      }
      active--;
      drain();
      return Promise.resolve(result);
    }
    return enqueue(fn, args, undefined) as Promise<R>;
  }) as Limiter;

  const run = <R>(fn: Task<R>, runOptions?: LimitRunOptions): Promise<R> => {
    assertFunction('fn', fn);
    const signal = runOptions?.signal;
    const timeout = runOptions?.timeout;
    assertWaitOptions(signal, timeout);
    if (signal?.aborted === true) return Promise.reject(passThrough(abortReason(signal)));
    const deadline = new Deadline(signal, timeout, 'limit.run');
    if (active < max && queue.size === 0) {
      active++;
      const task = startDeadlineTask(fn, deadline);
      task.then(onSettled, onSettled);
      return raceDeadline(task, deadline) as Promise<R>;
    }
    return enqueue(startDeadlineTask, [fn], deadline) as Promise<R>;
  };

  Object.defineProperties(limiter, {
    run: { value: run },
    active: { get: () => active, enumerable: true },
    pending: { get: () => queue.size, enumerable: true },
    concurrency: {
      enumerable: true,
      get: () => max,
      set: (value: unknown) => {
        assertInteger('concurrency', value, 1, true);
        max = value;
        drain();
      },
    },
    clear: {
      value: (reason?: unknown): void => {
        for (const entry of queue.drain()) {
          entry.detach?.();
          entry.deadline?.dispose();
          entry.reject(reason ?? new AbortError('limit().clear() removed this task before it started.'));
        }
        if (active === 0 && idleWaiters.length !== 0) notifyIdle();
      },
    },
    onIdle: {
      value: (): Promise<void> => {
        if (active === 0 && queue.size === 0) return Promise.resolve();
        return new Promise<void>((resolve) => {
          idleWaiters.push(resolve);
        });
      },
    },
  });
  return limiter;
}
