/**
 * `waitFor` and `on`: wait for events from a Node `EventEmitter` or a DOM `EventTarget` without leaking listeners.
 *
 * @module
 */
import { TimeoutError } from './errors.js';
import { abortReason, subscribeAbortShared as subscribeAbort } from './internal/abort.js';
import {
  adapt,
  assertEvents,
  type EmitterLike,
  type EventTargetLike,
  toError,
} from './internal/event-source.js';
import { EventStream } from './internal/event-stream.js';
import { asReason, assertDelay, assertOneOf } from './internal/reason.js';
import { assertInteger, assertSignal, describeValue } from './internal/validate.js';

export type { EmitterLike, EventTargetLike } from './internal/event-source.js';

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
