/**
 * `mapIterable()`: map a collection with bounded concurrency and read the results as they come.
 *
 * @module
 */
import { AbortError } from './errors.js';
import { abortReason, subscribeAbort } from './internal/abort.js';
import { DONE, Source } from './internal/source.js';
import { describeValue } from './internal/validate.js';
import { checkMapArguments, type MapBaseOptions, type MapInput, type Mapper } from './map.js';

/** Options of {@link mapIterable}. */
export interface MapIterableOptions extends MapBaseOptions {
  /**
   * `true`: yield results in input order (a slow item holds back the faster ones behind it).
   * `false`: yield each result as soon as it is ready (completion order).
   * @default true
   */
  ordered?: boolean | undefined;
}

interface Consumer<R> {
  resolve: (result: IteratorResult<R, undefined>) => void;
  reject: (error: unknown) => void;
}

function noop(): void {
  // nothing to do
}

const NOTHING: unique symbol = Symbol('nothing');

class MapIterator<T, R> implements AsyncIterableIterator<R, undefined>, AsyncDisposable {
  readonly #source: Source<T>;
  readonly #fn: Mapper<T, R>;
  readonly #concurrency: number;
  readonly #ordered: boolean;
  readonly #outerSignal: AbortSignal | undefined;
  readonly #controller = new AbortController();
  #unsubscribe: () => void = noop;
  #started = false;
  #stopped = false;
  /** Items pulled or being pulled whose result has not been handed to the consumer yet. */
  #inFlight = 0;
  #nextIndex = 0;
  #nextYield = 0;
  readonly #byIndex = new Map<number, R>();
  readonly #ready: R[] = [];
  #readyHead = 0;
  #failure: { error: unknown } | undefined;
  readonly #consumers: Consumer<R>[] = [];
  #pumping = false;
  #again = false;

  constructor(
    source: Source<T>,
    fn: Mapper<T, R>,
    concurrency: number,
    ordered: boolean,
    signal: AbortSignal | undefined,
  ) {
    this.#source = source;
    this.#fn = fn;
    this.#concurrency = concurrency;
    this.#ordered = ordered;
    this.#outerSignal = signal;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<R, undefined>> {
    if (!this.#started) {
      this.#started = true;
      const signal = this.#outerSignal;
      if (signal?.aborted === true) {
        this.#fail(abortReason(signal), abortReason(signal));
      } else {
        this.#unsubscribe = subscribeAbort(signal, () => {
          const reason = abortReason(signal as AbortSignal);
          this.#fail(reason, reason);
        });
      }
    }
    return new Promise<IteratorResult<R, undefined>>((resolve, reject) => {
      this.#consumers.push({ resolve, reject });
      this.#pump();
    });
  }

  /** Called by `break`, `return` or a `throw` in a `for await` loop: stops the source and the running tasks. */
  return(): Promise<IteratorResult<R, undefined>> {
    this.#stop(new AbortError('mapIterable(): the consumer stopped reading.'));
    this.#failure = undefined;
    this.#pump();
    return Promise.resolve({ done: true, value: undefined });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.return();
  }

  #stop(reason: unknown): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#unsubscribe();
    this.#source.close();
    this.#controller.abort(reason);
  }

  #fail(error: unknown, reason: unknown): void {
    if (this.#stopped) return;
    this.#failure = { error };
    this.#stop(reason);
    this.#pump();
  }

  #pump(): void {
    if (this.#pumping) {
      this.#again = true;
      return;
    }
    this.#pumping = true;
    do {
      this.#again = false;
      this.#fill();
      this.#deliver();
    } while (this.#repeat());
    this.#pumping = false;
  }

  /** True when the last pass freed a slot or delivered a value, so another pass may make progress. */
  #repeat(): boolean {
    return this.#again;
  }

  /** Starts items while a slot is free (a slot is freed when its result is handed to the consumer). */
  #fill(): void {
    const source = this.#source;
    while (!this.#stopped && !source.finished && !source.pulling && this.#inFlight < this.#concurrency) {
      if (source.sync) {
        let item: T | typeof DONE;
        try {
          item = source.pullSync();
        } catch (error) {
          this.#fail(error, new AbortError('mapIterable(): the source failed.', { cause: error }));
          return;
        }
        if (item === DONE) return;
        this.#inFlight++;
        this.#launch(item);
      } else {
        this.#inFlight++;
        source.pull().then(
          (item) => {
            if (this.#stopped) return;
            if (item === DONE) this.#inFlight--;
            else this.#launch(item);
            this.#pump();
          },
          (error: unknown) => {
            this.#fail(error, new AbortError('mapIterable(): the source failed.', { cause: error }));
          },
        );
        return;
      }
    }
  }

  #launch(item: T): void {
    const index = this.#nextIndex++;
    let result: R | PromiseLike<R>;
    try {
      result = this.#fn(item, index, this.#controller.signal);
    } catch (error) {
      this.#onError(error);
      return;
    }
    Promise.resolve(result).then(
      (value) => {
        if (this.#stopped) return;
        if (this.#ordered) this.#byIndex.set(index, value);
        else this.#ready.push(value);
        this.#pump();
      },
      (error: unknown) => {
        this.#onError(error);
      },
    );
  }

  #onError(error: unknown): void {
    this.#fail(error, new AbortError('mapIterable(): stopped because an item failed.', { cause: error }));
  }

  #take(): R | typeof NOTHING {
    if (this.#ordered) {
      const index = this.#nextYield;
      if (!this.#byIndex.has(index)) return NOTHING;
      const value = this.#byIndex.get(index) as R;
      this.#byIndex.delete(index);
      this.#nextYield = index + 1;
      return value;
    }
    if (this.#readyHead === this.#ready.length) return NOTHING;
    const value = this.#ready[this.#readyHead] as R;
    this.#readyHead++;
    if (this.#readyHead === this.#ready.length) {
      this.#ready.length = 0;
      this.#readyHead = 0;
    }
    return value;
  }

  #deliver(): void {
    const consumers = this.#consumers;
    while (consumers.length !== 0) {
      const failure = this.#failure;
      if (failure !== undefined) {
        this.#failure = undefined;
        (consumers.shift() as Consumer<R>).reject(failure.error);
        continue;
      }
      if (this.#stopped) {
        (consumers.shift() as Consumer<R>).resolve({ done: true, value: undefined });
        continue;
      }
      const value = this.#take();
      if (value !== NOTHING) {
        this.#inFlight--;
        (consumers.shift() as Consumer<R>).resolve({ done: false, value });
        this.#again = true;
        continue;
      }
      if (this.#source.finished && !this.#source.pulling && this.#inFlight === 0) {
        this.#stopped = true;
        this.#unsubscribe();
        continue;
      }
      return;
    }
  }
}

/**
 * Maps `input` with at most `concurrency` calls of `fn` at once and yields the results as an async iterable, in
 * input order (or completion order with `ordered: false`). Nothing starts before the first `next()`.
 *
 * Use it to stream a large or endless source through async work without holding every result in memory (pitfalls
 * `sequential-await`, `unbounded-concurrency`). Backpressure is built in: at most `concurrency` items are running
 * or waiting to be read, so a slow consumer slows the source down.
 *
 * When the consumer stops (`break`, `return`, a throw in the loop), the source's `return()` is called and the
 * running tasks' signal aborts; their outcomes are ignored. The first failure ends the iteration with that error
 * (after aborting the others, whose later failures are ignored, never unhandled).
 *
 * @example
 * ```ts
 * for await (const page of mapIterable(urls, (url, _i, signal) => fetchPage(url, signal), { concurrency: 4 })) {
 *   await save(page);
 * }
 * ```
 */
export function mapIterable<T, R>(
  input: MapInput<T>,
  fn: Mapper<T, R>,
  options: MapIterableOptions,
): AsyncIterableIterator<R, undefined> & AsyncDisposable {
  const { concurrency, signal } = checkMapArguments(fn, options);
  const ordered = options.ordered ?? true;
  if (typeof ordered !== 'boolean') {
    throw new TypeError(`Expected \`ordered\` to be a boolean, got ${describeValue(ordered)}`);
  }
  return new MapIterator(new Source<T>(input), fn, concurrency, ordered, signal);
}
