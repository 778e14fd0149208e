/**
 * The iterator `on()` returns: buffers events until they are consumed, within `maxBuffer` and its overflow policy.
 */
import type { EventIterator, Overflow } from '../events.js';
import { abortReason, subscribeAbortShared as subscribeAbort } from './abort.js';
import { Deque } from './deque.js';
import { type Source, toError } from './event-source.js';
import { asReason } from './reason.js';

interface Waiting<T> {
  resolve(result: IteratorResult<T, undefined>): void;
  reject(error: Error): void;
}

const DONE = { done: true, value: undefined } as const;

/** The buffered iterator behind `on()`: listeners added at once, removed on every way out. */
export class EventStream<T> implements EventIterator<T> {
  readonly #buffer = new Deque<T>();
  readonly #waiting = new Deque<Waiting<T>>();
  readonly #removers: (() => void)[] = [];
  readonly #maxBuffer: number;
  readonly #overflow: Overflow;
  /** Set once no more events will come: `{ error }` to throw after the buffer, or `{}` to finish. */
  #ending: { error?: Error } | undefined;
  #finished = false;

  constructor(
    source: Source,
    event: string | symbol,
    signal: AbortSignal | undefined,
    rejectOn: readonly (string | symbol)[],
    endOn: readonly (string | symbol)[],
    maxBuffer: number,
    overflow: Overflow,
  ) {
    this.#maxBuffer = maxBuffer;
    this.#overflow = overflow;
    if (signal?.aborted === true) {
      this.#abort(abortReason(signal));
      return;
    }
    this.#removers.push(
      source.listen(event, (value) => {
        this.#receive(value as T);
      }),
    );
    for (const name of rejectOn) {
      this.#removers.push(
        source.listen(name, (value) => {
          this.#end({ error: toError(value, name) });
        }),
      );
    }
    for (const name of endOn) {
      this.#removers.push(
        source.listen(name, () => {
          this.#end({});
        }),
      );
    }
    this.#removers.push(
      subscribeAbort(signal, () => {
        this.#abort(abortReason(signal as AbortSignal));
      }),
    );
  }

  get buffered(): number {
    return this.#buffer.size;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<T, undefined>> {
    if (this.#buffer.size > 0) return Promise.resolve({ done: false, value: this.#buffer.shift() });
    if (this.#ending !== undefined) {
      const { error } = this.#ending;
      this.#ending = {};
      this.#finished = true;
      return error === undefined ? Promise.resolve(DONE) : Promise.reject(error);
    }
    if (this.#finished) return Promise.resolve(DONE);
    return new Promise((resolve, reject) => {
      this.#waiting.push({ resolve, reject });
    });
  }

  return(): Promise<IteratorResult<T, undefined>> {
    this.#removeListeners();
    this.#buffer.clear();
    this.#ending = undefined;
    this.#finished = true;
    while (this.#waiting.size > 0) this.#waiting.shift().resolve(DONE);
    return Promise.resolve(DONE);
  }

  throw(error?: unknown): Promise<IteratorResult<T, undefined>> {
    void this.return();
    return Promise.reject(asReason(error));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.return();
  }

  #receive(value: T): void {
    if (this.#waiting.size > 0) {
      this.#waiting.shift().resolve({ done: false, value });
      return;
    }
    if (this.#buffer.size >= this.#maxBuffer) {
      if (this.#overflow === 'drop-newest') return;
      if (this.#overflow === 'drop-oldest') {
        this.#buffer.shift();
      } else {
        this.#end({
          error: new RangeError(
            `More than ${this.#maxBuffer} events were buffered (\`maxBuffer\`) while the consumer was busy. ` +
              "Consume faster, raise `maxBuffer`, or choose `overflow: 'drop-oldest'`.",
          ),
        });
        return;
      }
    }
    this.#buffer.push(value);
  }

  /** No more events: deliver the buffer, then `ending`. */
  #end(ending: { error?: Error }): void {
    if (this.#finished || this.#ending !== undefined) return;
    this.#removeListeners();
    if (this.#waiting.size === 0) {
      this.#ending = ending;
      return;
    }
    this.#finished = true;
    const first = this.#waiting.shift();
    if (ending.error === undefined) first.resolve(DONE);
    else first.reject(ending.error);
    while (this.#waiting.size > 0) this.#waiting.shift().resolve(DONE);
  }

  /** Aborted: discard the buffer and reject at once. */
  #abort(reason: unknown): void {
    this.#removeListeners();
    this.#buffer.clear();
    this.#ending = undefined;
    if (this.#waiting.size === 0) {
      this.#ending = { error: asReason(reason) };
      return;
    }
    this.#finished = true;
    while (this.#waiting.size > 0) this.#waiting.shift().reject(asReason(reason));
  }

  #removeListeners(): void {
    for (const remove of this.#removers) remove();
    this.#removers.length = 0;
  }
}
