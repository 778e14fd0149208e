import { passThrough } from './run-guarded.js';
import { describeValue } from './validate.js';

/** Returned by a pull when the source has no more items. */
export const DONE: unique symbol = Symbol('done');

function noop(): void {
  // nothing to do
}

/**
 * A lazily pulled input for the map helpers: an array (read by index, the fast path), a sync iterable, or an async
 * iterable (one `next()` at a time, never overlapping). `close()` calls the iterator's `return()` once, after any
 * pull in flight has settled, and never on an exhausted iterator.
 */
export class Source<T> {
  readonly #array: readonly T[] | undefined;
  readonly #iterator: Iterator<T> | undefined;
  readonly #asyncIterator: AsyncIterator<T> | undefined;
  #index = 0;
  #finished = false;
  #pulling: Promise<T | typeof DONE> | undefined;
  /** The iterator said done or threw: it must not be asked to return(). */
  #exhausted = false;

  /** @param input - checked at run time, since callers may pass anything from untyped code */
  constructor(input: unknown) {
    if (Array.isArray(input)) {
      this.#array = input as readonly T[];
    } else if (input !== null && typeof input === 'object' && Symbol.asyncIterator in input) {
      this.#asyncIterator = (input as AsyncIterable<T>)[Symbol.asyncIterator]();
    } else if (
      input !== null &&
      input !== undefined &&
      typeof (input as Iterable<T>)[Symbol.iterator] === 'function'
    ) {
      this.#iterator = (input as Iterable<T>)[Symbol.iterator]();
    } else {
      throw new TypeError(
        `Expected \`input\` to be an iterable or async iterable, got ${describeValue(input)}`,
      );
    }
  }

  /** True when items can be pulled synchronously with {@link pullSync}. */
  get sync(): boolean {
    return this.#asyncIterator === undefined;
  }

  /** True once the source is exhausted or closed. */
  get finished(): boolean {
    return this.#finished;
  }

  /** True while an async pull is in flight. */
  get pulling(): boolean {
    return this.#pulling !== undefined;
  }

  /** Next item of a sync source, or {@link DONE}. May throw what the iterator throws. */
  pullSync(): T | typeof DONE {
    if (this.#finished && this.#array === undefined) return DONE;
    const array = this.#array;
    if (array !== undefined) {
      const index = this.#index;
      if (index >= array.length) {
        this.#finished = true;
        return DONE;
      }
      this.#index = index + 1;
      // Mark an array finished as soon as its last item is handed out, so no worker is started for nothing.
      if (index + 1 === array.length) this.#finished = true;
      return array[index] as T;
    }
    let result: IteratorResult<T>;
    try {
      result = (this.#iterator as Iterator<T>).next();
    } catch (error) {
      this.#finished = true;
      this.#exhausted = true;
      throw error;
    }
    if (result.done === true) {
      this.#finished = true;
      this.#exhausted = true;
      return DONE;
    }
    return result.value;
  }

  /** Next item of any source, or {@link DONE}; pulls of an async source are serialized. */
  pull(): Promise<T | typeof DONE> {
    if (this.#asyncIterator === undefined) {
      try {
        return Promise.resolve(this.pullSync());
      } catch (error) {
        return Promise.reject(passThrough(error));
      }
    }
    const previous = this.#pulling;
    const next =
      previous === undefined
        ? this.#pullAsync()
        : previous.then(
            () => this.#pullAsync(),
            (): typeof DONE => DONE,
          );
    this.#pulling = next;
    const clear = (): void => {
      if (this.#pulling === next) this.#pulling = undefined;
    };
    next.then(clear, clear);
    return next;
  }

  async #pullAsync(): Promise<T | typeof DONE> {
    if (this.#finished) return DONE;
    let result: IteratorResult<T>;
    try {
      result = await (this.#asyncIterator as AsyncIterator<T>).next();
    } catch (error) {
      this.#finished = true;
      this.#exhausted = true;
      throw error;
    }
    if (result.done === true) {
      this.#finished = true;
      this.#exhausted = true;
      return DONE;
    }
    // Closed while this pull was in flight: the item is dropped, close() calls return() once the pull settles.
    if (this.#isClosed()) return DONE;
    return result.value;
  }

  /** A method, not the field, after an await: close() may have run meanwhile. */
  #isClosed(): boolean {
    return this.#finished;
  }

  /** Stops the source: calls its iterator's `return()` (once; errors from it are ignored). */
  close(): void {
    if (this.#finished) return;
    this.#finished = true;
    if (this.#array !== undefined) {
      this.#index = this.#array.length;
      return;
    }
    const pulling = this.#pulling;
    if (pulling !== undefined) {
      // Never call return() while next() is running: wait for the pull in flight to settle.
      const close = (): void => {
        this.#callReturn();
      };
      pulling.then(close, close);
      return;
    }
    this.#callReturn();
  }

  #callReturn(): void {
    if (this.#exhausted) return;
    this.#exhausted = true;
    const iterator = this.#asyncIterator ?? this.#iterator;
    try {
      const result = iterator?.return?.();
      if (result instanceof Promise) result.catch(noop);
    } catch {
      // A failing return() must not hide the error that made us stop.
    }
  }
}
