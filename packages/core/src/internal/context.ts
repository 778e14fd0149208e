/**
 * Captures the current async context (what Node's `AsyncLocalStorage` reads) so a task queued now can run in it
 * later. A captured context is an `AsyncResource`: its constructor copies the current stores (Node 20) or keeps
 * the current `AsyncContextFrame` (Node 24), and `runInAsyncScope` runs a function in them. That is the cheapest
 * capture the platform offers: `AsyncLocalStorage.snapshot()` and `AsyncResource.bind()` build the same resource
 * and then a bound function with redefined properties on top, which costs about 20 times as much on Node 20
 * (measured: ~20 µs and ~2.8 kB per capture there, against ~1 µs and 152 bytes).
 *
 * `node:async_hooks` is loaded lazily through `process.getBuiltinModule`, so the package stays browser-safe; where
 * it is missing (browsers, old runtimes) nothing is captured and tasks run in whatever context starts them.
 */

/** A captured async context: `runInAsyncScope(fn, thisArg, ...args)` calls `fn` inside it. */
export interface CapturedContext {
  runInAsyncScope<Args extends unknown[], R>(fn: (...args: Args) => R, thisArg: unknown, ...args: Args): R;
}

interface AsyncHooksModule {
  AsyncResource?: new (type: string) => CapturedContext;
}

interface ProcessLike {
  getBuiltinModule?: (id: string) => unknown;
}

let loaded = false;
let Resource: (new (type: string) => CapturedContext) | undefined;

function load(): (new (type: string) => CapturedContext) | undefined {
  loaded = true;
  const proc = (globalThis as { process?: ProcessLike }).process;
  let hooks: AsyncHooksModule | undefined;
  try {
    hooks = proc?.getBuiltinModule?.('node:async_hooks') as AsyncHooksModule | undefined;
  } catch {
    hooks = undefined;
  }
  const resource = hooks?.AsyncResource;
  return typeof resource === 'function' ? resource : undefined;
}

/** Captures the current async context, or returns `undefined` when the runtime cannot. */
export function captureContext(): CapturedContext | undefined {
  if (!loaded) Resource = load();
  return Resource === undefined ? undefined : new Resource('awaitwise.limit');
}
