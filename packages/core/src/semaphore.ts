/**
 * A counting semaphore with weighted, strictly FIFO, abortable acquisition.
 *
 * @module
 */
import { TimeoutError } from './errors.js';
import { Deque } from './internal/deque.js';
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
 * A waiter that is more than a turn in the chain: it takes several permits, or it can leave the queue before its
 * turn (it has a signal, a timeout or a deadline), so the promise its caller holds is one of its own.
 */
interface Waiter {
  readonly weight: number;
  /** How many plain waiters queued before it: its place among them in the FIFO order. */
  readonly plainBefore: number;
  /** Settles the caller's promise; undefined once the waiter left the queue, or once its permit is delivered. */
  resolve: Grant | undefined;
  /** Granted (its permits taken); delivered at once, or after the plain waiters granted before it. */
  granted: boolean;
  /** Removes the abort listener and clears the timer. */
  cleanup: () => void;
}

function noop(): void {
  // a waiter without a signal or timer has nothing to clean up
}

/** Drop the tombstones once there are at least this many and they fill half the queue. */
const COMPACT_AT = 32;
/**
 * The queue of waiting {@link Waiter}s is a chain of blocks (plain arrays, one slot per waiter): it grows without
 * copying, a consumed block is simply dropped, and a semaphore that rarely queues keeps one small block.
 */
const FIRST_BLOCK = 16;
const LAST_BLOCK = 2048;

interface Block {
  readonly slots: (Waiter | undefined)[];
  next: Block | undefined;
}

function newBlock(size: number): Block {
  return { slots: new Array<Waiter | undefined>(size), next: undefined };
}

/**
 * What a turn of the chain resolves with when its waiter is not granted yet: a thenable, so the turn's promise waits
 * on it, and the engine hands this object's `then` the resolving function of that promise (made then, and short-lived,
 * instead of one per queued waiter). One per semaphore that ever queued; it never leaves the semaphore.
 */
class Turnstile {
  readonly #owner: Semaphore;

  constructor(owner: Semaphore) {
    this.#owner = owner;
  }

  then(resolve: (value: Permit | undefined) => void): void {
    waitAtTurnstile(this.#owner, resolve);
  }
}

let waitAtTurnstile: (semaphore: Semaphore, resolve: (value: Permit | undefined) => void) => void;
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
      if (semaphore.#plainQueued !== semaphore.#plainGranted || semaphore.#waiting !== 0) semaphore.#grant();
    };
    acquireWithin = (semaphore, weight, cancel, timeout) => semaphore.#wait(weight, cancel, timeout);
    waitAtTurnstile = (semaphore, resolve) => {
      semaphore.#turnResolve = resolve;
      if (semaphore.#turnPlain < semaphore.#plainGranted) semaphore.#deliverTurn();
    };
  }

  readonly #permits: number;
  #available: number;
  /*
   * A plain waiter (weight 1, no signal, no timeout) is a turn in a chain of promises, each made by `then` on the one
   * before, and its caller awaits that turn: it costs a promise and a reaction, and no resolving functions. Who is
   * granted is decided synchronously, in FIFO order, when permits are released (the counts below); the chain only
   * delivers, in that same order. A turn that runs before its waiter is granted waits at the turnstile, which records
   * its resolving function; only one turn at a time can be there, since the next one runs only once it has settled.
   * A {@link Waiter} (weighted or cancellable) has a promise of its own, settled directly, but once granted it is
   * delivered only after the plain waiters granted before it, so callers always resume in the order of their grants.
   */
  /** Plain waiters queued, granted, whose turn has run, and delivered (restarting at 0 when nobody waits). */
  #plainQueued = 0;
  #plainGranted = 0;
  #plainTurns = 0;
  #plainDelivered = 0;
  /** Turns not settled yet; the chain is empty at 0. */
  #turns = 0;
  /** The last turn of the chain, the one the next turn follows. */
  #lastTurn: Promise<unknown> | undefined;
  #turnstile: Turnstile | undefined;
  /** Runs the next turn (see `#runTurn`); typed loosely, since a turn's promise adopts what it returns. */
  #advance: (() => unknown) | undefined;
  /** The plain index of the turn waiting at the turnstile (-1: none), and its resolving function once known. */
  #turnPlain = -1;
  #turnResolve: ((value: Permit | undefined) => void) | undefined;
  /**
   * Waiters granted but not delivered yet (plain waiters granted before them are not delivered yet either). Each one
   * is delivered by a turn not settled yet (a plain turn after it, a delivery turn, or the turn at the turnstile), so
   * the chain is never empty, and the plain numbering its `plainBefore` refers to never restarts, while one is here.
   */
  readonly #deferred = new Deque<Waiter>();
  /**
   * Turns that only deliver deferred waiters, by the number of plain turns before each: made when a deferred waiter
   * has no plain turn after it to deliver it.
   */
  readonly #deliveryTurns = new Deque<number>();
  #deliveryTurnsLast = -1;
  /*
   * The {@link Waiter}s not granted yet, FIFO, one slot each from `#headAt` in `#head` to `#tailAt` in `#tail`. A
   * waiter that leaves early is rejected and stripped at once; the tombstone left in its slot is skipped when reached,
   * or dropped by a compaction.
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
    return this.#plainQueued - this.#plainGranted + this.#waiting;
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
      if (this.#available !== 0 && this.#turns === 0 && this.#waiting === 0) {
        this.#available--;
        return Promise.resolve(new SemaphorePermit(this));
      }
      const turn = this.#queuePlain();
      // Free permits while the chain still delivers earlier grants: granted now, delivered after them.
      if (this.#available !== 0) this.#grant();
      return turn;
    }
    const { signal, timeout } = options;
    assertWaitOptions(signal, timeout);
    return this.#wait(this.#checkWeight(options.weight), signal, timeout);
  }

  #wait(weight: number, cancel: Cancellation | undefined, timeout: number | undefined): Promise<Permit> {
    if (cancel !== undefined && isCancelled(cancel))
      return Promise.reject(passThrough(cancellationReason(cancel)));
    if (this.#available >= weight && this.#turns === 0 && this.#waiting === 0) {
      this.#available -= weight;
      return Promise.resolve(newPermit(this, weight));
    }
    if (cancel === undefined && timeout === undefined) {
      if (weight === 1) {
        const turn = this.#queuePlain();
        if (this.#available !== 0) this.#grant();
        return turn;
      }
      const promise = pending<Permit>();
      this.#queueWaiter({
        weight,
        plainBefore: this.#plainQueued,
        resolve: settleWith.resolve,
        granted: false,
        cleanup: noop,
      });
      if (this.#available !== 0) this.#grant();
      return promise;
    }
    const promise = pending<Permit>();
    const reject = settleWith.reject;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let unsubscribe: (() => void) | undefined;
    const waiter: Waiter = {
      weight,
      plainBefore: this.#plainQueued,
      resolve: settleWith.resolve,
      granted: false,
      cleanup: () => {
        if (timer !== undefined) clearTimeout(timer);
        unsubscribe?.();
      },
    };
    const giveUp = (error: unknown): void => {
      if (waiter.resolve === undefined || waiter.granted) return;
      this.#leave(waiter);
      reject(passThrough(error));
    };
    this.#queueWaiter(waiter);
    if (this.#available !== 0) {
      // Granted at once behind undelivered earlier grants: it holds its permits, so it needs no listener or timer.
      this.#grant();
      if (waiter.granted) return promise;
    }
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

  /** A plain waiter: its turn is its promise. */
  #queuePlain(): Promise<Permit> {
    const index = this.#plainQueued++;
    this.#turns++;
    const last = this.#lastTurn;
    if (last === undefined) {
      // The first turn of a chain: a promise of its own, already at the turnstile.
      const promise = pending<Permit>();
      this.#plainTurns++;
      this.#turnPlain = index;
      this.#turnResolve = settleWith.resolve;
      this.#lastTurn = promise;
      return promise;
    }
    const turn = last.then((this.#advance ??= () => this.#runTurn())) as Promise<Permit>;
    this.#lastTurn = turn;
    return turn;
  }

  /** A {@link Waiter} waits for its grant in the queue of blocks. */
  #queueWaiter(waiter: Waiter): void {
    this.#push(waiter);
    this.#waiting++;
  }

  /**
   * The next turn of the chain runs (the one before it has settled). A delivery turn delivers the deferred waiters
   * that come next; a plain one first delivers those queued before it, then its own permit if it was granted
   * meanwhile, or else waits at the turnstile.
   */
  #runTurn(): Permit | Turnstile | undefined {
    const before = this.#plainTurns;
    if (this.#deferred.size !== 0) this.#deliverDeferred(before);
    if (this.#deliveryTurns.size !== 0 && this.#deliveryTurns.peek() === before) {
      // A delivery turn (made while plain turn `before` did not exist yet, so it runs first).
      this.#deliveryTurns.shift();
      this.#settleTurn();
      return undefined;
    }
    this.#plainTurns++;
    if (before < this.#plainGranted) {
      this.#plainDelivered++;
      this.#settleTurn();
      return new SemaphorePermit(this);
    }
    this.#turnPlain = before;
    return (this.#turnstile ??= new Turnstile(this));
  }

  /**
   * Settles the turn at the turnstile, granted meanwhile: delivers it, then the deferred waiters right after it, and
   * only then counts the turn settled. In that order because settling the last turn, with nobody waiting, restarts
   * the plain numbering: a deferred waiter still to deliver would then wait for a plain number that no turn reaches.
   */
  #deliverTurn(): void {
    const resolve = this.#turnResolve as (value: Permit | undefined) => void;
    this.#turnResolve = undefined;
    this.#turnPlain = -1;
    this.#plainDelivered++;
    resolve(new SemaphorePermit(this));
    if (this.#deferred.size !== 0) this.#deliverDeferred(this.#plainDelivered);
    this.#settleTurn();
  }

  /** Delivers the deferred waiters queued before plain waiter number `plain` (all plain ones before them are). */
  #deliverDeferred(plain: number): void {
    for (;;) {
      const waiter = this.#deferred.peek();
      if (waiter === undefined || waiter.plainBefore > plain) return;
      this.#deferred.shift();
      this.#deliver(waiter);
    }
  }

  /** Hands a granted waiter its permit. */
  #deliver(waiter: Waiter): void {
    const resolve = waiter.resolve as Grant;
    waiter.resolve = undefined;
    resolve(newPermit(this, waiter.weight));
  }

  /** A turn has settled; once none is left (and no waiter waits) the chain is empty and its counts restart. */
  #settleTurn(): void {
    if (--this.#turns !== 0) return;
    this.#lastTurn = undefined;
    if (this.#waiting === 0)
      this.#plainQueued = this.#plainGranted = this.#plainTurns = this.#plainDelivered = 0;
  }

  /** A cancellable waiter leaves the queue before its grant: stripped now, its slot left as a tombstone. */
  #leave(waiter: Waiter): void {
    waiter.resolve = undefined;
    waiter.cleanup();
    this.#waiting--;
    this.#tombstones++;
    if (this.#waiting === 0) {
      // Only tombstones left: drop them all.
      this.#tombstones = 0;
      this.#reset();
      if (this.#turns === 0)
        this.#plainQueued = this.#plainGranted = this.#plainTurns = this.#plainDelivered = 0;
    } else if (this.#tombstones >= COMPACT_AT && this.#tombstones * 2 >= this.#waiting) this.#compact();
    // The waiter that left may have been a heavy head blocking lighter ones.
    if (this.#plainQueued !== this.#plainGranted || this.#waiting !== 0) this.#grant();
  }

  /** Re-queues the waiting entries without the tombstones (O(queue), amortized O(1) per waiter that left). */
  #compact(): void {
    const kept: Waiter[] = [];
    let records = this.#waiting + this.#tombstones;
    for (let block = this.#head, at = this.#headAt; records !== 0; records--, at++) {
      if (at === (block as Block).slots.length) {
        block = (block as Block).next;
        at = 0;
      }
      const entry = (block as Block).slots[at] as Waiter;
      if (entry.resolve !== undefined) kept.push(entry);
    }
    this.#tombstones = 0;
    this.#head = this.#tail = undefined;
    for (const entry of kept) this.#push(entry);
  }

  /** Appends a waiter's slot. */
  #push(entry: Waiter): void {
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
    if (this.#available < weight || this.#plainQueued !== this.#plainGranted || this.#waiting !== 0)
      return undefined;
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
   * Grants free permits to the waiters at the head of the queue, in order, while the head fits (a release's direct
   * hand-off: the permits never become free for a caller arriving in the same tick). A plain waiter at the head comes
   * before the first {@link Waiter} unless that one queued before it. The turn at the turnstile is delivered at once,
   * the other plain waiters when their turn runs; a {@link Waiter} at once, unless plain waiters granted before it
   * are not delivered yet.
   */
  #grant(): void {
    for (;;) {
      if (this.#waiting !== 0) {
        let block = this.#head as Block;
        let at = this.#headAt;
        let waiter: Waiter;
        for (;;) {
          if (at === block.slots.length) {
            block = this.#head = block.next as Block;
            at = 0;
          }
          waiter = block.slots[at] as Waiter;
          if (waiter.resolve !== undefined) break;
          block.slots[at++] = undefined;
          this.#tombstones--;
        }
        this.#headAt = at;
        if (waiter.plainBefore === this.#plainGranted) {
          if (waiter.weight > this.#available) return;
          block.slots[at] = undefined;
          this.#headAt = at + 1;
          this.#waiting--;
          this.#available -= waiter.weight;
          waiter.granted = true;
          waiter.cleanup();
          if (this.#plainDelivered >= waiter.plainBefore && this.#deferred.size === 0) this.#deliver(waiter);
          else this.#defer(waiter);
          if (this.#waiting + this.#tombstones === 0) {
            this.#reset();
            if (this.#turns === 0)
              this.#plainQueued = this.#plainGranted = this.#plainTurns = this.#plainDelivered = 0;
          }
          continue;
        }
      }
      if (this.#available === 0 || this.#plainGranted === this.#plainQueued) return;
      this.#available--;
      if (this.#plainGranted++ === this.#turnPlain && this.#turnResolve !== undefined) this.#deliverTurn();
    }
  }

  /**
   * Delays a granted waiter until the plain waiters granted before it are delivered: by the turn after the last of
   * them (a plain turn queued after it, or a delivery turn made now), or by the turnstile if that one waits there.
   */
  #defer(waiter: Waiter): void {
    this.#deferred.push(waiter);
    const before = waiter.plainBefore;
    if (this.#plainQueued !== before || this.#plainTurns >= before) return;
    const last = this.#deliveryTurns.size === 0 ? -1 : this.#deliveryTurnsLast;
    if (last === before) return;
    this.#deliveryTurns.push(before);
    this.#deliveryTurnsLast = before;
    this.#turns++;
    this.#lastTurn = (this.#lastTurn as Promise<unknown>).then((this.#advance ??= () => this.#runTurn()));
  }
}
