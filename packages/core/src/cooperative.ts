/**
 * `yieldToEventLoop` and `cooperative`: long loops that let timers, I/O and rendering run.
 *
 * @module
 */
import { abortReason } from './internal/abort.js';
import { asReason, assertDelay, isAborted } from './internal/reason.js';
import { isThenable } from './internal/thenable.js';
import { assertFunction, assertSignal, describeValue } from './internal/validate.js';

type Immediate = (callback: () => void) => unknown;

/**
 * Gives the event loop a real turn: resolves after pending I/O callbacks and due timers have had their chance to run.
 * `await Promise.resolve()` does not do that (microtasks run before any of them), which is how an "async" loop still
 * starves a server (pitfall `event-loop-starvation`).
 *
 * In Node, Deno and Bun it uses two `setImmediate` hops: the first lets the poll phase (I/O) run, the second
 * guarantees the loop has passed its timers phase, whatever phase it was called from. Elsewhere it uses a
 * `MessageChannel` message (a macrotask that does not suffer `setTimeout`'s 4 ms clamp), or `setTimeout(0)`.
 *
 * @example
 * ```ts
 * for (const [index, row] of rows.entries()) {
 *   process(row);
 *   if (index % 1_000 === 999) await yieldToEventLoop();
 * }
 * ```
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise<void>((resolve) => {
    scheduleMacrotask(resolve);
  });
}

interface Port {
  postMessage(message: unknown): void;
  onmessage: ((event: unknown) => void) | null;
}
type ChannelConstructor = new () => { port1: Port; port2: Port };

const immediate = (globalThis as { setImmediate?: Immediate }).setImmediate;
const MessageChannelConstructor = (globalThis as unknown as { MessageChannel?: ChannelConstructor })
  .MessageChannel;
let channel: { port: Port; queue: (() => void)[] } | undefined;

function scheduleMacrotask(callback: () => void): void {
  if (typeof immediate === 'function') {
    immediate(() => {
      immediate(callback);
    });
    return;
  }
  if (typeof MessageChannelConstructor === 'function') {
    if (channel === undefined) {
      const { port1, port2 } = new MessageChannelConstructor();
      const queue: (() => void)[] = [];
      port1.onmessage = () => {
        queue.shift()?.();
      };
      channel = { port: port2, queue };
    }
    channel.queue.push(callback);
    channel.port.postMessage(undefined);
    return;
  }
  setTimeout(callback, 0);
}

/** Options of {@link cooperative}. */
export interface CooperativeOptions {
  /**
   * How long the loop may run, in milliseconds, before it yields to the event loop. Smaller keeps latency for other
   * work low; larger wastes less time yielding.
   * @default 10
   */
  budgetMs?: number | undefined;
  /**
   * Stops the loop between items: it rejects with `signal.reason` at the next item or yield.
   * @default undefined
   */
  signal?: AbortSignal | undefined;
  /**
   * The clock measuring the budget, in milliseconds; inject one in tests.
   * @default performance.now
   */
  now?: (() => number) | undefined;
}

/**
 * Runs `fn` over every item, yielding to the event loop whenever `budgetMs` of work has been spent (not every N
 * items: cheap items are not slowed down by needless yields and expensive ones cannot block for long). `fn` may be
 * async; it is awaited before the next item. Resolves with the number of items processed.
 *
 * Use it for CPU-heavy loops in a server or a UI: parsing a large file, transforming many rows, building an index
 * (pitfall `event-loop-starvation`). For work that takes seconds of CPU, use a worker thread instead.
 *
 * @throws TypeError for invalid arguments
 * @example
 * ```ts
 * await cooperative(rows, (row) => { index.add(row); }, { budgetMs: 5, signal }); // requests keep being served
 * ```
 */
export async function cooperative<T>(
  items: Iterable<T> | AsyncIterable<T>,
  fn: (item: T, index: number) => unknown,
  options: CooperativeOptions = {},
): Promise<number> {
  const given: unknown = items;
  if (
    typeof given !== 'object' ||
    given === null ||
    (!(Symbol.iterator in given) && !(Symbol.asyncIterator in given))
  ) {
    throw new TypeError(`Expected \`items\` to be an iterable, got ${describeValue(given)}`);
  }
  assertFunction('fn', fn);
  const { budgetMs = 10, signal, now = defaultNow } = options;
  assertDelay('budgetMs', budgetMs);
  assertSignal('signal', signal);
  assertFunction('now', now);
  let index = 0;
  let sliceStart = now();
  /** Runs one item; returns a promise only when `fn` was async or the budget is spent (a sync loop stays sync). */
  const step = (item: T): Promise<void> | undefined => {
    if (isAborted(signal)) throw asReason(abortReason(signal));
    const result = fn(item, index);
    if (isThenable(result)) {
      return Promise.resolve(result).then(() => {
        index++;
        return afterItem();
      });
    }
    index++;
    return afterItem();
  };
  const afterItem = (): Promise<void> | undefined => {
    if (now() - sliceStart < budgetMs) return undefined;
    return yieldToEventLoop().then(() => {
      if (isAborted(signal)) throw asReason(abortReason(signal));
      sliceStart = now();
    });
  };
  if (Symbol.asyncIterator in given) {
    for await (const item of items) await step(item);
  } else {
    // A plain `for await` over an array would add a microtask hop per item; iterate synchronously instead.
    for (const item of items as Iterable<T>) {
      const pending = step(item);
      if (pending !== undefined) await pending;
    }
  }
  return index;
}

function defaultNow(): number {
  return performance.now();
}
