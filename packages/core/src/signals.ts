/**
 * `anySignal`: one signal that aborts when any of several does, without leaking listeners on long-lived parents.
 *
 * @module
 */
import { subscribeAbortShared } from './internal/abort.js';
import { describeValue } from './internal/validate.js';

/**
 * A combined signal you can let go of. `dispose()` (or `using`) removes its listeners from every parent signal.
 */
export interface DisposableSignal extends Disposable {
  /** Aborts, with the first parent's reason, as soon as any parent aborts. */
  readonly signal: AbortSignal;
  /**
   * Removes every listener this combination added to its parents. Idempotent. Call it when the operation the signal
   * was made for is over; the combined signal simply stops following its parents.
   */
  dispose(): void;
}

/**
 * Combines signals: the result aborts with the reason of the first parent that aborts. `undefined` entries are
 * skipped, so optional signals can be passed straight in.
 *
 * Use it instead of `AbortSignal.any()` when a parent lives long (a server's shutdown signal, a component's
 * lifetime signal) and combinations are made per request: on Node 20 each `AbortSignal.any()` result stays
 * registered on its parents until the parent is collected or aborts, so per-request combinations pile up on a
 * long-lived parent. Here `dispose()` (or a `using` declaration) removes the listeners at once, and once any parent
 * aborts every other listener is removed too (pitfall `listener-leak`).
 *
 * @param signals - the parents; `undefined` entries are ignored
 * @throws TypeError when an entry is neither an `AbortSignal` nor `undefined`
 * @example
 * ```ts
 * async function handle(request: Request, shutdown: AbortSignal) {
 *   using combined = anySignal([shutdown, AbortSignal.timeout(5_000)]);
 *   return await fetch(upstream, { signal: combined.signal });
 * } // listeners on `shutdown` removed here
 * ```
 */
export function anySignal(signals: Iterable<AbortSignal | undefined>): DisposableSignal {
  const parents: AbortSignal[] = [];
  let index = 0;
  for (const signal of signals) {
    if (signal !== undefined && !(signal instanceof AbortSignal)) {
      throw new TypeError(
        `Expected \`signals[${index}]\` to be an AbortSignal or undefined, got ${describeValue(signal)}`,
      );
    }
    if (signal !== undefined) parents.push(signal);
    index++;
  }
  const controller = new AbortController();
  const already = parents.find((parent) => parent.aborted);
  if (already !== undefined) {
    controller.abort(already.reason);
    return disposable(controller.signal, noop);
  }
  const unsubscribes = parents.map((parent) =>
    subscribeAbortShared(parent, () => {
      dispose();
      controller.abort(parent.reason);
    }),
  );
  let attached = true;
  const dispose = (): void => {
    if (!attached) return;
    attached = false;
    for (const unsubscribe of unsubscribes) unsubscribe();
  };
  return disposable(controller.signal, dispose);
}

function disposable(signal: AbortSignal, dispose: () => void): DisposableSignal {
  return { signal, dispose, [Symbol.dispose]: dispose };
}

function noop(): void {
  // nothing to remove
}
