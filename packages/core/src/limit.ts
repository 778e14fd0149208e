/**
 * `limit()`: run functions with at most N at a time.
 *
 * @module
 */
import { AbortError } from './errors.js';
import { abortReason, type Unsubscribe } from './internal/abort.js';
import { type CapturedContext, captureContext } from './internal/context.js';
import { pending, settleWith } from './internal/pending.js';
import {
  assertWaitOptions,
  type Cancellation,
  cancellationReason,
  Deadline,
  onCancel,
  passThrough,
} from './internal/run-guarded.js';
import { assertFunction, assertInteger, describeValue } from './internal/validate.js';
import type { WaitOptions } from './permit.js';
import type { Task } from './semaphore.js';

/** Options of {@link limit}. */
export interface LimitOptions {
  /**
   * Run each queued task in the `AsyncLocalStorage` context of the code that queued it (request ids, tracing
   * spans), instead of the context of the task that happened to free its slot. Costs one captured context (an
   * `AsyncResource`) per task that has to wait, about 150 bytes and well under a microsecond (see the benchmarks);
   * a task that starts at once runs in its caller's context anyway and captures nothing. Where `node:async_hooks`
   * is not available (browsers) it has no effect.
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
   * With a `signal` and no `timeout`, `fn` receives that signal itself; otherwise a signal of its own.
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

/** How `run()` entries move: waiting in the queue, running, then done (settled, or removed while waiting). */
const WAITING = 0;
const RUNNING = 1;
const DONE = 2;

/**
 * A `run()` task. Plain tasks have no entry object: they live in the queue's slots. A `run()` entry can leave the
 * queue at any moment (abort, timeout): it is then marked DONE, rejected and stripped of everything it held at
 * once, and the small tombstone left in its queue slot is skipped when reached or dropped by a compaction.
 */
interface RunEntry {
  fn: Task<unknown> | undefined;
  /** What cancels it: a {@link Deadline} when a timeout was given, else the caller's signal (or nothing). */
  source: Cancellation | undefined;
  context: CapturedContext | undefined;
  resolve: ((value: unknown) => void) | undefined;
  reject: ((error: unknown) => void) | undefined;
  unsubscribe: Unsubscribe;
  state: number;
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

function noop(): void {
  // nothing to undo
}

/** The reaction handlers of one running queued task (see `settleInto`), reused from task to task. */
interface Lane {
  resolve: ((value: unknown) => void) | undefined;
  reject: ((error: unknown) => void) | undefined;
  next: Lane | undefined;
  onFulfilled: (value: unknown) => void;
  onRejected: (error: unknown) => void;
}

/**
 * A block of the queue: four slots per task. Blocks are linked, so the queue grows without copying and a consumed
 * block is simply dropped; they start small (a limiter that rarely queues stays small) and double up to a cap.
 */
interface Block {
  readonly slots: unknown[];
  next: Block | undefined;
}

const FIRST_BLOCK = 16;
const LAST_BLOCK = 1024;
/** Compaction drops tombstones once there are at least this many and they fill half the queue. */
const COMPACT_AT = 32;

function newBlock(tasks: number): Block {
  return { slots: new Array<unknown>(tasks * 4), next: undefined };
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
  let idleWaiters: (() => void)[] = [];

  /*
   * The queue, FIFO: linked blocks of slots, four per task (a slab: no object per plain task):
   *   [fn, args, resolve, reject]   a plain task; `args` is undefined when there are none
   *   [undefined, entry, -, -]      a `run()` task (see RunEntry)
   *   [context, fn, resolve, reject] or [context, [fn, args], resolve, reject]
   *                                 a plain task with `preserveContext`: the context captured when it was queued
   * `headAt` and `tailAt` are slot indexes (multiples of 4) in `headBlock` and `tailBlock`.
   */
  let headBlock = newBlock(FIRST_BLOCK);
  let headAt = 0;
  let tailBlock = headBlock;
  let tailAt = 0;
  let size = 0;
  /** `run()` entries still in the queue but already removed (DONE): counted in `size`, not in `pending`. */
  let tombstones = 0;

  const notifyIdle = (): void => {
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  };

  /** Empties the queue, and returns its old contents as a visitor over the tasks that were in it, in order. */
  const takeAll = (): ((visit: (slots: unknown[], at: number) => void) => void) => {
    let block = headBlock;
    let at = headAt;
    const count = size;
    headBlock = tailBlock = newBlock(FIRST_BLOCK);
    headAt = tailAt = 0;
    size = 0;
    tombstones = 0;
    return (visit) => {
      for (let i = 0; i < count; i++) {
        if (at === block.slots.length) {
          block = block.next as Block;
          at = 0;
        }
        visit(block.slots, at);
        at += 4;
      }
    };
  };

  const push = (fn: unknown, args: unknown, resolve: unknown, reject: unknown): void => {
    let block = tailBlock;
    let at = tailAt;
    if (at === block.slots.length) {
      const next = newBlock(Math.min(block.slots.length >> 1, LAST_BLOCK));
      block.next = next;
      tailBlock = block = next;
      at = 0;
    }
    const { slots } = block;
    slots[at] = fn;
    slots[at + 1] = args;
    slots[at + 2] = resolve;
    slots[at + 3] = reject;
    tailAt = at + 4;
    size++;
  };

  /** Drops the tombstones: re-queues the live tasks in order (O(size), amortized O(1) per removal). */
  const compact = (): void => {
    takeAll()((slots, at) => {
      const fn = slots[at];
      if (fn === undefined && (slots[at + 1] as RunEntry).state !== WAITING) return;
      push(fn, slots[at + 1], slots[at + 2], slots[at + 3]);
    });
  };

  const onSettled = (): void => {
    active--;
    drain();
  };

  /*
   * A started queued task settles its caller's promise through ONE reaction on its own promise. The handlers of
   * that reaction live on a lane: a running queued task holds one, so lanes number at most the peak of tasks
   * running at once, and starting a task allocates no closure.
   */
  let freeLanes: Lane | undefined;

  const newLane = (): Lane => {
    const lane: Lane = {
      resolve: undefined,
      reject: undefined,
      next: undefined,
      onFulfilled: noop,
      onRejected: noop,
    };
    lane.onFulfilled = (value) => {
      const resolve = lane.resolve as (value: unknown) => void;
      releaseLane(lane);
      resolve(value);
    };
    lane.onRejected = (error) => {
      const reject = lane.reject as (error: unknown) => void;
      releaseLane(lane);
      reject(error);
    };
    return lane;
  };

  /** Frees the lane and the task's slot, and starts the next task (before the caller sees the outcome). */
  const releaseLane = (lane: Lane): void => {
    lane.resolve = undefined;
    lane.reject = undefined;
    lane.next = freeLanes;
    freeLanes = lane;
    active--;
    drain();
  };

  /** Settles the caller's promise with `promise` once it settles (and frees the slot first). */
  const settleInto = (
    promise: Promise<unknown>,
    resolve: (value: unknown) => void,
    reject: (error: unknown) => void,
  ): void => {
    let lane = freeLanes;
    if (lane === undefined) lane = newLane();
    else freeLanes = lane.next;
    lane.next = undefined;
    lane.resolve = resolve;
    lane.reject = reject;
    promise.then(lane.onFulfilled, lane.onRejected);
  };

  /** Starts queued tasks while slots are free. */
  const drain = (): void => {
    while (active < max && size !== 0) {
      let block = headBlock;
      let at = headAt;
      if (at === block.slots.length) {
        block = headBlock = block.next as Block;
        at = 0;
      }
      const { slots } = block;
      let fn = slots[at];
      let args = slots[at + 1];
      const resolve = slots[at + 2] as (value: unknown) => void;
      const reject = slots[at + 3] as (error: unknown) => void;
      slots[at] = undefined;
      slots[at + 1] = undefined;
      slots[at + 2] = undefined;
      slots[at + 3] = undefined;
      headAt = at + 4;
      size--;
      if (fn === undefined) {
        const entry = args as RunEntry;
        if (entry.state === WAITING) {
          active++;
          startRun(entry);
        } else tombstones--;
        continue;
      }
      active++;
      let result: unknown;
      try {
        if (typeof fn === 'function') {
          result =
            args === undefined
              ? (fn as () => unknown)()
              : (fn as (...args: unknown[]) => unknown)(...(args as unknown[]));
        } else {
          // Queued with `preserveContext`: run it in the context captured when it was queued.
          const context = fn as CapturedContext;
          if (typeof args === 'function') result = context.runInAsyncScope(args as () => unknown, undefined);
          else {
            [fn, args] = args as [(...args: unknown[]) => unknown, unknown[]];
            result = context.runInAsyncScope(
              fn as (...args: unknown[]) => unknown,
              undefined,
              ...(args as unknown[]),
            );
          }
        }
      } catch (error) {
        active--;
        reject(error);
        continue;
      }
      // Promise.resolve() returns a native promise as is, and wraps a subclass or a thenable, so the reaction is
      // always a native `then` (which calls exactly one of the lane's handlers, once).
      if (result instanceof Promise || isPromiseLike(result))
        settleInto(Promise.resolve(result), resolve, reject);
      else {
        active--;
        resolve(result);
      }
    }
    if (size === 0 && headAt !== 0) {
      // Empty: head and tail are in the same block. Reuse it, or drop a large one for a small one.
      if (headBlock.slots.length > FIRST_BLOCK * 4) headBlock = tailBlock = newBlock(FIRST_BLOCK);
      headAt = tailAt = 0;
    }
    if (active === 0 && size === 0 && idleWaiters.length !== 0) notifyIdle();
  };

  /** Ends a started `run()` task once it settled: unsubscribes, clears its timer, frees its slot. */
  const finishRun = (entry: RunEntry): void => {
    entry.unsubscribe();
    entry.unsubscribe = noop;
    if (entry.source instanceof Deadline) entry.source.dispose();
    entry.source = undefined;
    active--;
    drain();
  };

  /** Starts a `run()` entry (its slot is already counted in `active`). */
  const startRun = (entry: RunEntry): void => {
    entry.state = RUNNING;
    const fn = entry.fn as Task<unknown>;
    const { source, context } = entry;
    entry.fn = undefined;
    entry.context = undefined;
    // With a signal and no timeout, the caller's signal is the task's signal: it aborts at the same moment.
    const signal =
      source === undefined
        ? new AbortController().signal
        : source instanceof Deadline
          ? source.signal
          : source;
    let task: Promise<unknown>;
    try {
      task = Promise.resolve(
        context === undefined ? fn(signal) : context.runInAsyncScope(fn, undefined, signal),
      );
    } catch (error) {
      task = Promise.reject(passThrough(error));
    }
    task.then(
      (value) => {
        settleRun(entry, entry.resolve, value);
      },
      (error: unknown) => {
        settleRun(entry, entry.reject, error);
      },
    );
  };

  /** A run task settled: frees its slot, then settles its caller unless an abort or timeout already did. */
  const settleRun = (
    entry: RunEntry,
    settle: ((outcome: unknown) => void) | undefined,
    outcome: unknown,
  ): void => {
    finishRun(entry);
    if (entry.state !== RUNNING) return;
    entry.state = DONE;
    entry.resolve = undefined;
    entry.reject = undefined;
    (settle as (outcome: unknown) => void)(outcome);
  };

  /** The entry's signal aborted or its deadline passed: a waiting task leaves the queue, a running one is let go. */
  const cancelRun = (entry: RunEntry): void => {
    const { state, source } = entry;
    if (state === DONE || source === undefined) return;
    const reject = entry.reject as (error: unknown) => void;
    entry.state = DONE;
    entry.resolve = undefined;
    entry.reject = undefined;
    if (state === WAITING) {
      entry.unsubscribe();
      entry.unsubscribe = noop;
      entry.fn = undefined;
      entry.context = undefined;
      entry.source = undefined;
      tombstones++;
      if (tombstones >= COMPACT_AT && tombstones * 2 >= size) compact();
    }
    // A running task keeps its slot (and its source, disposed by finishRun) until it really settles.
    // No idle check: a task only waits while every slot is taken, so `active` is not 0 here.
    reject(passThrough(cancellationReason(source)));
  };

  const limiter = ((fn: (...args: unknown[]) => unknown, ...args: unknown[]): Promise<unknown> => {
    if (typeof fn !== 'function') assertFunction('fn', fn);
    if (active < max && size === 0) {
      active++;
      let result: unknown;
      try {
        result = fn(...args);
      } catch (error) {
        active--;
        drain();
        return Promise.reject(passThrough(error));
      }
      if (result instanceof Promise) {
        result.then(onSettled, onSettled);
        return result as Promise<unknown>;
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
    const promise = pending<unknown>();
    const context = preserveContext ? captureContext() : undefined;
    // No arguments is stored as `undefined`: the task is then started with a plain call.
    if (context === undefined)
      push(fn, args.length === 0 ? undefined : args, settleWith.resolve, settleWith.reject);
    else push(context, args.length === 0 ? fn : [fn, args], settleWith.resolve, settleWith.reject);
    return promise;
  }) as Limiter;

  const run = <R>(fn: Task<R>, runOptions?: LimitRunOptions): Promise<R> => {
    assertFunction('fn', fn);
    const signal = runOptions?.signal;
    const timeout = runOptions?.timeout;
    assertWaitOptions(signal, timeout);
    if (signal?.aborted === true) return Promise.reject(passThrough(abortReason(signal)));
    const promise = pending<unknown>();
    const entry: RunEntry = {
      fn,
      source: timeout === undefined ? signal : new Deadline(signal, timeout, 'limit.run'),
      context: undefined,
      resolve: settleWith.resolve,
      reject: settleWith.reject,
      unsubscribe: noop,
      state: WAITING,
    };
    // One subscription covers both phases: removal while waiting, early rejection while running.
    if (entry.source !== undefined) {
      entry.unsubscribe = onCancel(entry.source, () => {
        cancelRun(entry);
      });
    }
    if (active < max && size === 0) {
      active++;
      startRun(entry);
    } else {
      if (preserveContext) entry.context = captureContext();
      push(undefined, entry, undefined, undefined);
    }
    return promise as Promise<R>;
  };

  Object.defineProperties(limiter, {
    run: { value: run },
    active: { get: () => active, enumerable: true },
    pending: { get: () => size - tombstones, enumerable: true },
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
        takeAll()((slots, at) => {
          let reject = slots[at + 3] as ((error: unknown) => void) | undefined;
          if (slots[at] === undefined) {
            const entry = slots[at + 1] as RunEntry;
            if (entry.state !== WAITING) return;
            reject = entry.reject;
            entry.state = DONE;
            entry.unsubscribe();
            entry.unsubscribe = noop;
            if (entry.source instanceof Deadline) entry.source.dispose();
            entry.fn = undefined;
            entry.context = undefined;
            entry.source = undefined;
            entry.resolve = undefined;
            entry.reject = undefined;
          }
          reject?.(reason ?? new AbortError('limit().clear() removed this task before it started.'));
        });
        if (active === 0 && idleWaiters.length !== 0) notifyIdle();
      },
    },
    onIdle: {
      value: (): Promise<void> => {
        if (active === 0 && size === tombstones) return Promise.resolve();
        return new Promise<void>((resolve) => {
          idleWaiters.push(resolve);
        });
      },
    },
  });
  return limiter;
}
