/**
 * `waitFor` and `on`: wait for events from a Node `EventEmitter` or a DOM `EventTarget` without leaking listeners.
 *
 * @module
 */
import { TimeoutError } from './errors.js';
import { abortReason, subscribeAbortShared as subscribeAbort } from './internal/abort.js';
import { Deque } from './internal/deque.js';
import { asReason, assertDelay, assertOneOf } from './internal/reason.js';
import { assertInteger, assertSignal, describeValue } from './internal/validate.js';

/** The part of Node's `EventEmitter` that `waitFor` and `on` use (written structurally: no dependency on `node:events`). */
export interface EmitterLike {
  /** Adds a listener (Node's `emitter.on`). */
  on(event: string | symbol, listener: (...args: unknown[]) => void): unknown;
  /** Removes a listener added with `on` (Node's `emitter.removeListener`). */
  removeListener(event: string | symbol, listener: (...args: unknown[]) => void): unknown;
}

/** The part of a DOM `EventTarget` that `waitFor` and `on` use. */
export interface EventTargetLike {
  /** Adds a listener (the DOM's `addEventListener`). */
  addEventListener(type: string, listener: (event: Event) => void): void;
  /** Removes a listener added with `addEventListener`. */
  removeEventListener(type: string, listener: (event: Event) => void): void;
}

/** Options of {@link waitFor}. */
export interface WaitForOptions<T> {
  /**
   * Stops waiting: rejects at once with `signal.reason`; every listener is removed.
   * @default undefined
   */
  signal?: AbortSignal | undefined;
  /**
   * Gives up after this many milliseconds with a `TimeoutError`; the timer is cleared on every path.
   * @default undefined (no deadline)
   */
  timeout?: number | undefined;
  /**
   * Events that reject the wait (with the emitted error) instead of resolving it. Listening to `'error'` also keeps an
   * emitter from throwing an unhandled `'error'` while you wait.
   * @default ['error'] for an `EventEmitter`, [] for an `EventTarget`
   */
  rejectOn?: readonly (string | symbol)[] | undefined;
  /**
   * Only an event whose value passes this test settles the wait; others are ignored.
   * @default undefined (the first event settles it)
   */
  filter?: ((value: T) => boolean) | undefined;
}

/**
 * Waits for one `event` and resolves with its value: the `Event` for an `EventTarget`, the first argument for an
 * `EventEmitter`. Every listener it adds (the event, the `rejectOn` events, the signal's) is removed on every path:
 * resolve, reject, abort and timeout (pitfall `listener-leak`: `new Promise((r) => emitter.once('x', r))` leaves its
 * listeners behind when the other outcome wins, one more per call).
 *
 * Use it to await a `'ready'`, `'close'` or `'drain'` event, a worker's message, a DOM `load`.
 *
 * @throws TypeError when `target` is neither an `EventEmitter` nor an `EventTarget`, or for invalid options
 * @example
 * ```ts
 * await waitFor(server, 'listening', { timeout: 5_000 }); // rejects if 'error' comes first
 * const message = await waitFor<MessageEvent>(worker, 'message', { signal });
 * ```
 */
export function waitFor<T = Event>(
  target: EventTargetLike,
  event: string,
  options?: WaitForOptions<T>,
): Promise<T>;
export function waitFor<T = unknown>(
  target: EmitterLike,
  event: string | symbol,
  options?: WaitForOptions<T>,
): Promise<T>;
export function waitFor<T>(
  target: EmitterLike | EventTargetLike,
  event: string | symbol,
  options: WaitForOptions<T> = {},
): Promise<T> {
  const source = adapt(target);
  const { signal, timeout, rejectOn = source.defaultRejectOn, filter } = options;
  assertSignal('signal', signal);
  if (timeout !== undefined) assertDelay('timeout', timeout);
  assertEvents('rejectOn', rejectOn);
  if (filter !== undefined && typeof filter !== 'function') {
    throw new TypeError(`Expected \`filter\` to be a function, got ${describeValue(filter)}`);
  }
  if (signal?.aborted === true) return Promise.reject(asReason(abortReason(signal)));
  return new Promise<T>((resolve, reject) => {
    const removers: (() => void)[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const cleanup = (): void => {
      if (timer !== undefined) clearTimeout(timer);
      for (const remove of removers) remove();
      removers.length = 0;
    };
    removers.push(
      source.listen(event, (value) => {
        if (filter !== undefined && !filter(value as T)) return;
        cleanup();
        resolve(value as T);
      }),
    );
    for (const name of rejectOn) {
      removers.push(
        source.listen(name, (value) => {
          cleanup();
          reject(toError(value, name));
        }),
      );
    }
    removers.push(
      subscribeAbort(signal, () => {
        cleanup();
        reject(asReason(abortReason(signal as AbortSignal)));
      }),
    );
    if (timeout !== undefined) {
      timer = setTimeout(() => {
        timer = undefined;
        cleanup();
        reject(new TimeoutError(timeout, `Waiting for the "${String(event)}" event`));
      }, timeout);
    }
  });
}

/** What {@link on} does when its buffer is full and another event arrives. */
export type Overflow = 'error' | 'drop-oldest' | 'drop-newest';

/** Options of {@link on}. */
export interface OnOptions {
  /**
   * Ends the iteration: a pending or later `next()` rejects with `signal.reason` at once (buffered events are
   * discarded) and every listener is removed.
   * @default undefined
   */
  signal?: AbortSignal | undefined;
  /**
   * Events that make the iteration throw the emitted error, after the events already buffered were delivered.
   * @default ['error'] for an `EventEmitter`, [] for an `EventTarget`
   */
  rejectOn?: readonly (string | symbol)[] | undefined;
  /**
   * Events that end the iteration normally (`done: true`) after the buffered events, such as `'close'` or `'end'`.
   * @default []
   */
  endOn?: readonly (string | symbol)[] | undefined;
  /**
   * How many events may wait in the buffer while the consumer is busy. Unbounded by default, like Node's
   * `events.on`: a consumer slower than the producer then grows memory without limit, so set a bound for
   * high-rate sources.
   * @default Infinity
   */
  maxBuffer?: number | undefined;
  /**
   * What happens when the buffer is full: `'error'` ends the iteration with a `RangeError` (nothing is lost silently),
   * `'drop-oldest'` discards the oldest buffered event, `'drop-newest'` discards the incoming one.
   * @default 'error'
   */
  overflow?: Overflow | undefined;
}

/** The iterator returned by {@link on}: use it with `for await`; `break`, `return()` or `using` remove the listeners. */
export interface EventIterator<T> extends AsyncIterableIterator<T>, AsyncDisposable {
  /** Ends the iteration and removes every listener; pending `next()` calls resolve `done`. */
  return(): Promise<IteratorResult<T, undefined>>;
  /** Number of events received but not yet consumed. */
  readonly buffered: number;
}

/**
 * Iterates over every `event` with `for await`. Listeners are added at once (so no event is missed before the first
 * `next()`) and removed on every way out: `break`, `return()`, a `rejectOn` or `endOn` event, the signal, or a
 * `using`/`await using` declaration going out of scope (pitfall `listener-leak`). Values are the `Event` for an
 * `EventTarget` and the first argument for an `EventEmitter`.
 *
 * @throws TypeError for an unsupported `target` or invalid options
 * @example
 * ```ts
 * for await (const line of on<string>(reader, 'line', { endOn: ['close'], maxBuffer: 1_000 })) {
 *   if (line === 'quit') break; // listeners removed here
 *   handle(line);
 * }
 * ```
 */
export function on<T = Event>(target: EventTargetLike, event: string, options?: OnOptions): EventIterator<T>;
export function on<T = unknown>(
  target: EmitterLike,
  event: string | symbol,
  options?: OnOptions,
): EventIterator<T>;
export function on<T>(
  target: EmitterLike | EventTargetLike,
  event: string | symbol,
  options: OnOptions = {},
): EventIterator<T> {
  const source = adapt(target);
  const {
    signal,
    rejectOn = source.defaultRejectOn,
    endOn = [],
    maxBuffer = Infinity,
    overflow = 'error',
  } = options;
  assertSignal('signal', signal);
  assertEvents('rejectOn', rejectOn);
  assertEvents('endOn', endOn);
  assertInteger('maxBuffer', maxBuffer, 1, true);
  assertOneOf('overflow', overflow, ['error', 'drop-oldest', 'drop-newest']);
  return new EventStream<T>(source, event, signal, rejectOn, endOn, maxBuffer, overflow);
}

interface Waiting<T> {
  resolve(result: IteratorResult<T, undefined>): void;
  reject(error: Error): void;
}

const DONE = { done: true, value: undefined } as const;

class EventStream<T> implements EventIterator<T> {
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

interface Source {
  readonly defaultRejectOn: readonly (string | symbol)[];
  /** Adds a listener receiving the event's value and returns the function that removes it. */
  listen(event: string | symbol, listener: (value: unknown) => void): () => void;
}

const EMITTER_REJECT_ON: readonly string[] = ['error'];

function adapt(target: EmitterLike | EventTargetLike): Source {
  const candidate = target as Partial<EmitterLike & EventTargetLike> | null;
  if (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.addEventListener === 'function' &&
    typeof candidate.removeEventListener === 'function'
  ) {
    const eventTarget = target as EventTargetLike;
    return {
      defaultRejectOn: [],
      listen(event, listener) {
        if (typeof event !== 'string') {
          throw new TypeError(
            `Expected the event of an EventTarget to be a string, got ${describeValue(event)}`,
          );
        }
        eventTarget.addEventListener(event, listener);
        return () => {
          eventTarget.removeEventListener(event, listener);
        };
      },
    };
  }
  if (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.on === 'function' &&
    typeof candidate.removeListener === 'function'
  ) {
    const emitter = target as EmitterLike;
    return {
      defaultRejectOn: EMITTER_REJECT_ON,
      listen(event, listener) {
        const onEvent = (...args: unknown[]): void => {
          listener(args[0]);
        };
        emitter.on(event, onEvent);
        return () => {
          emitter.removeListener(event, onEvent);
        };
      },
    };
  }
  throw new TypeError(
    `Expected \`target\` to be an EventEmitter (on/removeListener) or an EventTarget (addEventListener/removeEventListener), got ${describeValue(target)}`,
  );
}

function assertEvents(name: string, events: unknown): void {
  if (
    !Array.isArray(events) ||
    !events.every((event) => typeof event === 'string' || typeof event === 'symbol')
  ) {
    throw new TypeError(`Expected \`${name}\` to be an array of event names, got ${describeValue(events)}`);
  }
}

/** The error to reject with when a `rejectOn` event arrives: the emitted `Error`, an `ErrorEvent`'s error, or a new one. */
function toError(value: unknown, event: string | symbol): Error {
  if (value instanceof Error) return value;
  const inner = (value as { error?: unknown } | null | undefined)?.error;
  if (inner instanceof Error) return inner;
  return new Error(`The "${String(event)}" event was emitted while waiting; see \`cause\` for its value.`, {
    cause: value,
  });
}
