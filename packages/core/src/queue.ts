/**
 * `AsyncQueue` (alias `Channel`): a bounded async FIFO between producers and consumers.
 *
 * @module
 */
import { ClosedError, TimeoutError } from './errors.js';
import { abortReason, subscribeAbortShared as subscribeAbort } from './internal/abort.js';
import { Deque } from './internal/deque.js';
import { LinkedList, type ListNode } from './internal/list.js';
import { asReason, assertDelay } from './internal/reason.js';
import { assertInteger, assertSignal } from './internal/validate.js';

/** Options of the {@link AsyncQueue} constructor. */
export interface AsyncQueueOptions {
  /**
   * How many items may wait in the buffer. When it is full, `push` waits for a consumer (back-pressure). `0` makes a
   * rendezvous channel: every `push` waits until a consumer takes its item.
   * @default Infinity
   */
  capacity?: number | undefined;
}

/** Options of a waiting `push` or `pop`. */
export interface QueueWaitOptions {
  /**
   * Stops waiting: the waiter leaves the queue at once (its item is not added) and the promise rejects with
   * `signal.reason`; the listener is removed on every path.
   * @default undefined
   */
  signal?: AbortSignal | undefined;
  /**
   * Gives up after this many milliseconds with a `TimeoutError`; the timer is cleared on every path.
   * @default undefined (no deadline)
   */
  timeout?: number | undefined;
}

/** The result of {@link AsyncQueue.tryPop}. */
export type TryPop<T> = { readonly ok: true; readonly value: T } | { readonly ok: false };

interface Waiter {
  /** Settles the waiter; undoes its signal listener and timer first. */
  finish(): void;
  reject(error: Error): void;
}

interface Producer<T> extends Waiter {
  readonly value: T;
  resolve(): void;
}

interface Consumer<T> extends Waiter {
  resolve(value: T): void;
}

/**
 * A FIFO queue of items between async producers and consumers, bounded or not, with clean shutdown.
 *
 * - `push` waits while the queue is full (`capacity`), so a fast producer cannot grow memory without limit;
 * - `pop` waits while it is empty; both take `{ signal, timeout }`;
 * - `close()` ends it gracefully: consumers drain what is buffered, then `pop` rejects with a {@link ClosedError} and
 *   `for await` loops finish; waiting and later pushes reject with a `ClosedError`;
 * - `fail(error)` ends it abruptly: the buffer is dropped and every waiting or later `push`/`pop` rejects with `error`.
 *
 * Many producers and many consumers may share one queue; each item goes to exactly one consumer, in push order.
 * `Channel` is the same class under the name Go and Kotlin users look for.
 *
 * @example
 * ```ts
 * const jobs = new AsyncQueue<Job>({ capacity: 100 });
 * const workers = Array.from({ length: 4 }, async () => {
 *   for await (const job of jobs) await handle(job); // ends when the queue is closed and drained
 * });
 * for (const job of await loadJobs()) await jobs.push(job); // waits while 100 jobs are queued
 * jobs.close();
 * await Promise.all(workers);
 * ```
 */
export class AsyncQueue<T> implements AsyncIterable<T> {
  readonly #capacity: number;
  readonly #buffer = new Deque<T>();
  readonly #producers = new LinkedList<Producer<T>>();
  readonly #consumers = new LinkedList<Consumer<T>>();
  #closed = false;
  #failure: { error: Error } | undefined;

  /** @throws TypeError when `capacity` is not an integer >= 0 or Infinity */
  constructor(options: AsyncQueueOptions = {}) {
    const { capacity = Infinity } = options;
    assertInteger('capacity', capacity, 0, true);
    this.#capacity = capacity;
  }

  /** The capacity given to the constructor. */
  get capacity(): number {
    return this.#capacity;
  }

  /** Number of buffered items (not counting producers still waiting to push). */
  get size(): number {
    return this.#buffer.size;
  }

  /** Number of producers waiting for room. */
  get pendingPushes(): number {
    return this.#producers.size;
  }

  /** Number of consumers waiting for an item. */
  get pendingPops(): number {
    return this.#consumers.size;
  }

  /** True once `close()` or `fail()` was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Adds `value`, waiting while the queue is full. Resolves once the item is in the buffer or handed to a consumer.
   * Rejects with a {@link ClosedError} if the queue is (or gets) closed first, with the `fail()` error if it failed,
   * with `signal.reason` on abort or a `TimeoutError` on timeout; in those cases the item is not added.
   */
  push(value: T, options: QueueWaitOptions = {}): Promise<void> {
    const { signal, timeout } = options;
    assertSignal('signal', signal);
    if (timeout !== undefined) assertDelay('timeout', timeout);
    const refusal = this.#pushRefusal();
    if (refusal !== undefined) return Promise.reject(refusal);
    if (signal?.aborted === true) return Promise.reject(asReason(abortReason(signal)));
    if (this.#offer(value)) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const node = this.#producers.push({ value, resolve, reject, finish: noop });
      node.value.finish = this.#watch(this.#producers, node, signal, timeout, 'Pushing to the queue', reject);
    });
  }

  /**
   * Adds `value` if there is room (or a waiting consumer) right now; returns whether it was added. Throws a
   * {@link ClosedError} (or the `fail()` error) when the queue is closed.
   */
  tryPush(value: T): boolean {
    const refusal = this.#pushRefusal();
    if (refusal !== undefined) throw refusal;
    return this.#offer(value);
  }

  /**
   * Takes the next item, waiting while the queue is empty. After `close()`, buffered items are still delivered, then
   * it rejects with a {@link ClosedError}. Rejects with the `fail()` error, `signal.reason` or a `TimeoutError`.
   */
  pop(options: QueueWaitOptions = {}): Promise<T> {
    const { signal, timeout } = options;
    assertSignal('signal', signal);
    if (timeout !== undefined) assertDelay('timeout', timeout);
    if (this.#failure !== undefined) return Promise.reject(this.#failure.error);
    if (signal?.aborted === true) return Promise.reject(asReason(abortReason(signal)));
    const taken = this.tryPop();
    if (taken.ok) return Promise.resolve(taken.value);
    if (this.#closed) return Promise.reject(closedForPop());
    return new Promise<T>((resolve, reject) => {
      const node = this.#consumers.push({ resolve, reject, finish: noop });
      node.value.finish = this.#watch(
        this.#consumers,
        node,
        signal,
        timeout,
        'Popping from the queue',
        reject,
      );
    });
  }

  /** Takes the next item if one is available right now, without waiting. */
  tryPop(): TryPop<T> {
    if (this.#failure !== undefined) return { ok: false };
    if (this.#buffer.size > 0) {
      const value = this.#buffer.shift();
      const producer = this.#producers.shift();
      if (producer !== undefined) {
        this.#buffer.push(producer.value.value);
        settleProducer(producer.value);
      }
      return { ok: true, value };
    }
    const producer = this.#producers.shift();
    if (producer !== undefined) {
      // capacity 0: hand over straight from a waiting producer
      settleProducer(producer.value);
      return { ok: true, value: producer.value.value };
    }
    return { ok: false };
  }

  /**
   * Ends the queue gracefully: nothing more can be pushed (waiting pushes reject with a {@link ClosedError}), consumers
   * receive what is buffered, then `pop` rejects with a `ClosedError` and `for await` loops finish. Idempotent.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const producer of this.#producers.drain()) {
      producer.finish();
      producer.reject(
        new ClosedError('The queue was closed while this push was waiting for room; the item was not added.'),
      );
    }
    // Consumers only wait when the buffer is empty, so every waiting consumer is done.
    for (const consumer of this.#consumers.drain()) {
      consumer.finish();
      consumer.reject(closedForPop());
    }
  }

  /**
   * Ends the queue abruptly with `error`: buffered items are dropped, and every waiting and later `push` and `pop`
   * rejects with `error` (so `for await` loops throw it). Does nothing if the queue already failed.
   */
  fail(error: unknown): void {
    if (this.#failure !== undefined) return;
    const reason = asReason(error);
    this.#closed = true;
    this.#failure = { error: reason };
    this.#buffer.clear();
    for (const waiter of [...this.#producers.drain(), ...this.#consumers.drain()]) {
      waiter.finish();
      waiter.reject(reason);
    }
  }

  /** Drops every buffered item and lets waiting producers fill the freed room. Returns how many items were dropped. */
  clear(): number {
    const dropped = this.#buffer.size;
    this.#buffer.clear();
    while (this.#buffer.size < this.#capacity) {
      const producer = this.#producers.shift();
      if (producer === undefined) break;
      this.#buffer.push(producer.value.value);
      settleProducer(producer.value);
    }
    return dropped;
  }

  /**
   * Consumes the queue with `for await`: each iteration pops one item; the loop ends when the queue is closed and
   * drained, and throws the `fail()` error. Several loops may consume concurrently (each item goes to one of them).
   * `break` stops consuming; a `pop` still waiting (when `return()` is called while `next()` is pending) is withdrawn.
   */
  [Symbol.asyncIterator](): AsyncIterator<T, undefined> {
    let finished = false;
    let waiting: { node: ListNode<Consumer<T>>; done: () => void } | undefined;
    return {
      next: (): Promise<IteratorResult<T, undefined>> => {
        if (finished) return Promise.resolve(DONE);
        if (this.#failure !== undefined) {
          finished = true;
          return Promise.reject(this.#failure.error);
        }
        const taken = this.tryPop();
        if (taken.ok) return Promise.resolve({ done: false, value: taken.value });
        if (this.#closed) {
          finished = true;
          return Promise.resolve(DONE);
        }
        // Wait as a consumer without a signal: `return()` withdraws the waiter directly.
        return new Promise<IteratorResult<T, undefined>>((resolve, reject) => {
          const node = this.#consumers.push({
            resolve: (value) => {
              waiting = undefined;
              resolve({ done: false, value });
            },
            reject: (error) => {
              waiting = undefined;
              finished = true;
              if (error instanceof ClosedError) resolve(DONE);
              else reject(error);
            },
            finish: noop,
          });
          waiting = {
            node,
            done: () => {
              resolve(DONE);
            },
          };
        });
      },
      return: (): Promise<IteratorResult<T, undefined>> => {
        finished = true;
        if (waiting !== undefined) {
          this.#consumers.remove(waiting.node);
          waiting.done();
          waiting = undefined;
        }
        return Promise.resolve(DONE);
      },
    };
  }

  #pushRefusal(): Error | undefined {
    if (this.#failure !== undefined) return this.#failure.error;
    if (this.#closed) return new ClosedError('The queue is closed: nothing more can be pushed to it.');
    return undefined;
  }

  /** Hands `value` to a waiting consumer or buffers it if there is room; returns false when it must wait. */
  #offer(value: T): boolean {
    const consumer = this.#consumers.shift();
    if (consumer !== undefined) {
      consumer.value.finish();
      consumer.value.resolve(value);
      return true;
    }
    if (this.#buffer.size < this.#capacity) {
      this.#buffer.push(value);
      return true;
    }
    return false;
  }

  /** Arms the signal and timeout of a waiter; returns the function that disarms both. */
  #watch<W extends Waiter>(
    list: LinkedList<W>,
    node: ListNode<W>,
    signal: AbortSignal | undefined,
    timeout: number | undefined,
    operation: string,
    reject: (error: Error) => void,
  ): () => void {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = subscribeAbort(signal, () => {
      if (timer !== undefined) clearTimeout(timer);
      list.remove(node);
      reject(asReason(abortReason(signal as AbortSignal)));
    });
    if (timeout !== undefined) {
      timer = setTimeout(() => {
        unsubscribe();
        list.remove(node);
        reject(new TimeoutError(timeout, operation));
      }, timeout);
    }
    return () => {
      if (timer !== undefined) clearTimeout(timer);
      unsubscribe();
    };
  }
}

/** The same class as {@link AsyncQueue}, under the name Go and Kotlin users look for. */
export const Channel = AsyncQueue;
/** The same type as {@link AsyncQueue}. */
export type Channel<T> = AsyncQueue<T>;

const DONE = { done: true, value: undefined } as const;

function settleProducer<T>(producer: Producer<T>): void {
  producer.finish();
  producer.resolve();
}

function closedForPop(): ClosedError {
  return new ClosedError('The queue is closed and drained: there is nothing more to pop.');
}

function noop(): void {
  // replaced by the waiter's real clean-up once it is armed
}
