/**
 * A counting semaphore with weighted, strictly FIFO, abortable acquisition.
 *
 * @module
 */
import { TimeoutError } from './errors.js';
import { pending, settleWith } from './internal/pending.js';
import {
  assertWaitOptions,
  type Cancellation,
  cancellationReason,
  isCancelled,
  onCancel,
  passThrough,
  runHolding,
} from './internal/run-guarded.js';
import { assertFunction, assertInteger, describeValue } from './internal/validate.js';
import type { Permit, WaitOptions } from './permit.js';

/** Options of {@link Semaphore.acquire}. */
export interface AcquireOptions extends WaitOptions {
  /**
   * How many permits to take at once (for work that costs more than one slot). Must be an integer between 1 and the
   * semaphore's `permits`; more is a `TypeError`, since it could never be granted.
   * @default 1
   */
  weight?: number | undefined;
}

/** Options of {@link Semaphore.tryAcquire}. */
export interface TryAcquireOptions {
  /**
   * How many permits to take at once.
   * @default 1
   */
  weight?: number | undefined;
}

/** Options of {@link Semaphore.run}. */
export type SemaphoreRunOptions = AcquireOptions;

/** The work given to `run()`: it receives a signal that aborts when the caller's signal aborts or its deadline passes. */
export type Task<T> = (signal: AbortSignal) => T | PromiseLike<T>;

/** How a waiter is told it holds its permits. */
type Grant = (permit: Permit) => void;

/**
 * A waiter that is more than its resolving function: it takes several permits, or it can leave the queue before its
 * turn (it has a signal or a timeout). The common waiter, one permit and neither option, is not an object at all:
 * its queue slot is its resolving function.
 */
interface Waiter {
  readonly weight: number;
  /** Undefined once the waiter left the queue (granted, aborted or timed out): its slot is then a tombstone. */
  resolve: Grant | undefined;
  /** Removes the abort listener and clears the timer. */
  cleanup: () => void;
}

function noop(): void {
  // a waiter without a signal or timer has nothing to clean up
}

/** Drop the tombstones once there are at least this many and they fill half the queue. */
const COMPACT_AT = 32;
/**
 * The queue is a chain of blocks (plain arrays, one slot per waiter): it grows without copying, a consumed block is
 * simply dropped, and a semaphore that rarely queues keeps one small block.
 */
const FIRST_BLOCK = 16;
const LAST_BLOCK = 2048;

interface Block {
  readonly slots: (Grant | Waiter | undefined)[];
  next: Block | undefined;
}

function newBlock(size: number): Block {
  return { slots: new Array<Grant | Waiter | undefined>(size), next: undefined };
}

let releasePermits: (semaphore: Semaphore, weight: number) => void;

/**
 * @internal Waits for `weight` permits, cancelled by a signal or an internal {@link Deadline} (which, unlike a
 * signal, costs no event listener). Used by the other lock types of this package.
 */
export let acquireWithin: (
  semaphore: Semaphore,
  weight: number,
  cancel: Cancellation | undefined,
  timeout: number | undefined,
) => Promise<Permit>;

/**
 * A permit of weight 1, the common case. Its only field is its owner: a fresh permit per grant (two holders never
 * share one, so a second `release()` can never free a slot someone else holds), made as small as a permit can be,
 * since a waiter that queued long enough to outlive a young-generation collection keeps its permit alive past the
 * next one too (the fulfilled promise holds it), and a busy queue pays for every byte of it in collections.
 */
class SemaphorePermit implements Permit {
  #owner: Semaphore | undefined;

  constructor(owner: Semaphore) {
    this.#owner = owner;
  }

  get weight(): number {
    return 1;
  }

  get released(): boolean {
    return this.#owner === undefined;
  }

  release(): void {
    const owner = this.#owner;
    if (owner === undefined) return;
    this.#owner = undefined;
    releasePermits(owner, this.weight);
  }

  [Symbol.dispose](): void {
    this.release();
  }
}

/** A permit for `weight` > 1. */
class WeightedPermit extends SemaphorePermit {
  readonly #weight: number;

  constructor(owner: Semaphore, weight: number) {
    super(owner);
    this.#weight = weight;
  }

  override get weight(): number {
    return this.#weight;
  }
}

function newPermit(owner: Semaphore, weight: number): Permit {
  return weight === 1 ? new SemaphorePermit(owner) : new WeightedPermit(owner, weight);
}

/**
 * A counting semaphore: at most `permits` holders at any time, granted in strict FIFO order.
 *
 * Use it to bound access to a resource (connections, CPU-heavy work, a rate-limited API) across unrelated call
 * sites; for "run these functions N at a time" {@link limit} is lighter, and {@link map} handles a whole collection.
 * Fixes pitfall `unbounded-concurrency`.
 *
 * Correct where common implementations are not:
 * - a release hands its permits straight to the first waiter, so an `acquire()`/`tryAcquire()` arriving in the same
 *   tick can never steal them and let `permits + 1` holders run;
 * - a heavy waiter at the head of the queue is never overtaken by lighter ones (no starvation);
 * - an aborted or timed-out waiter leaves the queue at once and leaves no listener on its signal;
 * - `run()` keeps the slot until the task really settles, even after its deadline: abandoned work never pushes the
 *   real concurrency above the bound.
 *
 * @example
 * ```ts
 * const connections = new Semaphore(10);
 * async function query(sql: string) {
 *   using _permit = await connections.acquire({ timeout: 5_000 });
 *   return db.query(sql);
 * }
 * ```
 */
export class Semaphore {
  static {
    releasePermits = (semaphore, weight) => {
      semaphore.#available += weight;
      if (semaphore.#waiting !== 0) semaphore.#grant();
    };
    acquireWithin = (semaphore, weight, cancel, timeout) => semaphore.#wait(weight, cancel, timeout);
  }

  readonly #permits: number;
  #available: number;
  /*
   * The waiters, FIFO, one slot each from `#headAt` in `#head` to `#tailAt` in `#tail`: its resolving function for a
   * waiter of weight 1 with neither signal nor timeout, a {@link Waiter} for any other. A waiter that leaves early is
   * rejected and stripped at once; the tombstone left in its slot is skipped when reached, or dropped by a compaction.
   */
  #head: Block | undefined;
  #headAt = 0;
  #tail: Block | undefined;
  #tailAt = 0;
  /** Waiters still waiting (tombstones excluded). */
  #waiting = 0;
  #tombstones = 0;

  /** @param permits - how many holders may run at once (an integer >= 1) */
  constructor(permits: number) {
    assertInteger('permits', permits, 1);
    this.#permits = permits;
    this.#available = permits;
  }

  /** The total number of permits, as given to the constructor. */
  get permits(): number {
    return this.#permits;
  }

  /** Permits free right now. */
  get available(): number {
    return this.#available;
  }

  /** Callers waiting in the queue. */
  get waiting(): number {
    return this.#waiting;
  }

  /**
   * Waits for `weight` permits (FIFO) and resolves with a {@link Permit} to release.
   *
   * @throws TypeError when an option is invalid, or `weight` is above `permits`.
   * @example
   * ```ts
   * const permit = await semaphore.acquire({ signal, timeout: 1_000 });
   * try { await work(); } finally { permit.release(); }
   * ```
   */
  acquire(options?: AcquireOptions): Promise<Permit> {
    if (options === undefined) {
      // The hot path: no options, so no validation, no listener, no timer and no object but the promise (and, once
      // granted, the permit).
      if (this.#waiting === 0 && this.#available !== 0) {
        this.#available--;
        return Promise.resolve(new SemaphorePermit(this));
      }
      const promise = pending<Permit>();
      this.#push(settleWith.resolve);
      this.#waiting++;
      return promise;
    }
    const { signal, timeout } = options;
    assertWaitOptions(signal, timeout);
    return this.#wait(this.#checkWeight(options.weight), signal, timeout);
  }

  #wait(weight: number, cancel: Cancellation | undefined, timeout: number | undefined): Promise<Permit> {
    if (cancel !== undefined && isCancelled(cancel))
      return Promise.reject(passThrough(cancellationReason(cancel)));
    if (this.#waiting === 0 && this.#available >= weight) {
      this.#available -= weight;
      return Promise.resolve(newPermit(this, weight));
    }
    const promise = pending<Permit>();
    if (cancel === undefined && timeout === undefined) {
      this.#push(weight === 1 ? settleWith.resolve : { weight, resolve: settleWith.resolve, cleanup: noop });
      this.#waiting++;
      return promise;
    }
    const reject = settleWith.reject;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let unsubscribe: (() => void) | undefined;
    const waiter: Waiter = {
      weight,
      resolve: settleWith.resolve,
      cleanup: () => {
        if (timer !== undefined) clearTimeout(timer);
        unsubscribe?.();
      },
    };
    const giveUp = (error: unknown): void => {
      if (waiter.resolve === undefined) return;
      this.#leave(waiter);
      reject(passThrough(error));
    };
    this.#push(waiter);
    this.#waiting++;
    if (cancel !== undefined) {
      unsubscribe = onCancel(cancel, () => {
        giveUp(cancellationReason(cancel));
      });
    }
    if (timeout !== undefined) {
      timer = setTimeout(() => {
        giveUp(new TimeoutError(timeout, 'Semaphore.acquire'));
      }, timeout);
    }
    return promise;
  }

  /** A cancellable waiter leaves the queue before its turn: stripped now, its slot left as a tombstone. */
  #leave(waiter: Waiter): void {
    waiter.resolve = undefined;
    waiter.cleanup();
    this.#waiting--;
    this.#tombstones++;
    if (this.#waiting === 0) {
      // Only tombstones left: drop them all.
      this.#tombstones = 0;
      this.#reset();
      return;
    }
    if (this.#tombstones >= COMPACT_AT && this.#tombstones * 2 >= this.#waiting) this.#compact();
    // The waiter that left may have been a heavy head blocking lighter ones.
    this.#grant();
  }

  /** Re-queues the waiting entries without the tombstones (O(queue), amortized O(1) per waiter that left). */
  #compact(): void {
    const kept: (Grant | Waiter)[] = [];
    let records = this.#waiting + this.#tombstones;
    for (let block = this.#head, at = this.#headAt; records !== 0; records--, at++) {
      if (at === (block as Block).slots.length) {
        block = (block as Block).next;
        at = 0;
      }
      const entry = (block as Block).slots[at] as Grant | Waiter;
      if (typeof entry === 'function' || entry.resolve !== undefined) kept.push(entry);
    }
    this.#tombstones = 0;
    this.#head = this.#tail = undefined;
    for (const entry of kept) this.#push(entry);
  }

  /** Appends a waiter's slot. */
  #push(entry: Grant | Waiter): void {
    let block = this.#tail;
    let at = this.#tailAt;
    if (block === undefined) {
      block = this.#head = this.#tail = newBlock(FIRST_BLOCK);
      this.#headAt = at = 0;
    } else if (at === block.slots.length) {
      const next = newBlock(Math.min(block.slots.length * 2, LAST_BLOCK));
      block = block.next = this.#tail = next;
      at = 0;
    }
    block.slots[at] = entry;
    this.#tailAt = at + 1;
  }

  /** Empties the queue: keeps a first-size block for the next waiter, drops a larger one. */
  #reset(): void {
    const head = this.#head;
    if (head !== undefined && head.slots.length === FIRST_BLOCK) {
      head.slots.fill(undefined);
      head.next = undefined;
      this.#tail = head;
    } else this.#head = this.#tail = undefined;
    this.#headAt = this.#tailAt = 0;
  }

  /**
   * Takes `weight` permits only if that is possible right now without overtaking a waiter; otherwise returns
   * `undefined` at once (fail fast). Never blocks.
   *
   * @example
   * ```ts
   * const permit = semaphore.tryAcquire();
   * if (permit === undefined) return respondBusy();
   * try { await work(); } finally { permit.release(); }
   * ```
   */
  tryAcquire(options?: TryAcquireOptions): Permit | undefined {
    const weight = options === undefined ? 1 : this.#checkWeight(options.weight);
    if (this.#waiting !== 0 || this.#available < weight) return undefined;
    this.#available -= weight;
    return newPermit(this, weight);
  }

  /**
   * Acquires, runs `fn`, and releases when `fn` settles. `fn` receives a signal that aborts when `options.signal`
   * aborts or `options.timeout` passes (the deadline covers waiting and running). The returned promise rejects at
   * that moment, but **the slot stays taken until `fn` really settles**, so abandoned work never exceeds the bound;
   * `fn`'s late result or error is then ignored.
   *
   * @example
   * ```ts
   * const body = await semaphore.run((signal) => fetch(url, { signal }).then((r) => r.text()), { timeout: 10_000 });
   * ```
   */
  run<T>(fn: Task<T>, options?: SemaphoreRunOptions): Promise<T> {
    assertFunction('fn', fn);
    const signal = options?.signal;
    const timeout = options?.timeout;
    assertWaitOptions(signal, timeout);
    const weight = this.#checkWeight(options?.weight);
    return runHolding(
      (deadline) => acquireWithin(this, weight, deadline, undefined),
      fn,
      signal,
      timeout,
      'Semaphore.run',
    );
  }

  #checkWeight(weight: unknown): number {
    if (weight === undefined) return 1;
    assertInteger('weight', weight, 1);
    if (weight > this.#permits) {
      throw new TypeError(
        `Expected \`weight\` to be an integer between 1 and the semaphore's permits (${this.#permits}), got ${describeValue(weight)}`,
      );
    }
    return weight;
  }

  /**
   * Hands free permits to the waiters at the head of the queue, in order, while the head fits (a release's direct
   * hand-off: the permits never become free for a caller arriving in the same tick).
   */
  #grant(): void {
    let block = this.#head as Block;
    let at = this.#headAt;
    while (this.#waiting + this.#tombstones !== 0) {
      if (at === block.slots.length) {
        block = this.#head = block.next as Block;
        at = 0;
      }
      const { slots } = block;
      const entry = slots[at] as Grant | Waiter;
      if (typeof entry === 'function') {
        // the common waiter: weight 1, no signal, no timer
        if (this.#available === 0) break;
        slots[at++] = undefined;
        this.#waiting--;
        this.#available--;
        entry(new SemaphorePermit(this));
        continue;
      }
      const { resolve, weight } = entry;
      if (resolve === undefined) {
        slots[at++] = undefined;
        this.#tombstones--;
        continue;
      }
      if (weight > this.#available) break;
      slots[at++] = undefined;
      entry.resolve = undefined;
      entry.cleanup();
      this.#waiting--;
      this.#available -= weight;
      resolve(newPermit(this, weight));
    }
    this.#headAt = at;
    if (this.#waiting + this.#tombstones === 0) this.#reset();
  }
}
