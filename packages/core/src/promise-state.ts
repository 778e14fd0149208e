/**
 * `promiseState`: find out whether a promise is pending, fulfilled or rejected, without changing how it behaves.
 *
 * @module
 */
import { describeValue } from './internal/validate.js';

/** The three states of a promise. */
export type PromiseState = 'pending' | 'fulfilled' | 'rejected';

type Inspect = (value: unknown, options: { customInspect: boolean; depth: number }) => string;

let inspector: Promise<Inspect | undefined> | undefined;

/** Node, Deno and Bun expose `node:util`'s `inspect`, which reads a promise's state without subscribing to it. */
function loadInspect(): Promise<Inspect | undefined> {
  inspector ??= (async () => {
    const runtime = (globalThis as { process?: { versions?: { node?: unknown } } }).process;
    if (typeof runtime?.versions?.node !== 'string') return undefined;
    const specifier = 'node:util';
    try {
      const util = (await import(/* @vite-ignore */ specifier)) as { inspect?: unknown };
      return typeof util.inspect === 'function' ? (util.inspect as Inspect) : undefined;
    } catch {
      return undefined;
    }
  })();
  return inspector;
}

const STATE = /^[^{]*\{\s*<(pending|rejected)>/;

/**
 * Reports the state of `promise` right now: `'pending'`, `'fulfilled'` or `'rejected'`.
 *
 * Popular snippets get this wrong: `Promise.race([p, sentinel]).then(…)` without a rejection handler reports a
 * rejected promise as an error (or as pending), and every probe that subscribes to `p` marks it handled, which hides
 * a real unhandled rejection from Node and from the awaitwise doctor.
 *
 * What it does: in Node, Deno and Bun, a native promise is read with `node:util`'s `inspect`, which asks the engine
 * for the state without subscribing, so probing changes nothing: an unhandled rejection is still reported, a handled
 * one still is not. Elsewhere (browsers), and for thenables that are not native promises, it subscribes with a
 * rejection handler and looks one microtask later: the state is still right, but a rejected `promise` is then marked
 * as handled. A non-native thenable counts as settled only if its `then` calls back by then.
 *
 * Use it in tests and diagnostics ("is the request still in flight?"); program logic should `await` instead.
 *
 * @throws TypeError when `promise` is not a promise or thenable
 * @example
 * ```ts
 * const request = fetchReport();
 * await sleep(100);
 * if ((await promiseState(request)) === 'pending') showSpinner();
 * ```
 */
export async function promiseState(promise: PromiseLike<unknown>): Promise<PromiseState> {
  const given: unknown = promise;
  if (
    (typeof given !== 'object' && typeof given !== 'function') ||
    given === null ||
    typeof (given as { then?: unknown }).then !== 'function'
  ) {
    throw new TypeError(`Expected \`promise\` to be a promise or thenable, got ${describeValue(given)}`);
  }
  if (promise instanceof Promise) {
    const inspect = await loadInspect();
    if (inspect !== undefined) {
      const shown = inspect(promise, { customInspect: false, depth: 0 });
      const match = STATE.exec(shown);
      if (match !== null) return match[1] as PromiseState;
      if (/^[^{]*\{/.test(shown)) return 'fulfilled';
    }
  }
  return subscribeProbe(promise);
}

/**
 * The portable probe: subscribes directly, then waits one microtask. A settled native promise queues its reaction
 * before our continuation, and a thenable that calls back synchronously is seen at once.
 */
async function subscribeProbe(promise: PromiseLike<unknown>): Promise<PromiseState> {
  let state: PromiseState = 'pending';
  try {
    promise.then(
      () => {
        state = 'fulfilled';
      },
      () => {
        state = 'rejected';
      },
    );
  } catch {
    return 'rejected';
  }
  await Promise.resolve();
  return state;
}
