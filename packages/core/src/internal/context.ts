/**
 * Captures the current async context (Node's `AsyncLocalStorage`) so a callback queued now can run in it later.
 * Loaded lazily through `process.getBuiltinModule`, so the package stays browser-safe; where it is missing
 * (browsers, old runtimes) capturing returns `undefined` and callbacks simply run in whatever context they are
 * started from.
 */

/** Runs `fn(...args)` inside a captured context. */
export type ContextRunner = <Args extends unknown[], R>(fn: (...args: Args) => R, ...args: Args) => R;

interface AsyncHooksModule {
  AsyncLocalStorage?: { snapshot?: () => ContextRunner };
}

interface ProcessLike {
  getBuiltinModule?: (id: string) => unknown;
}

let loaded = false;
let snapshot: (() => ContextRunner) | undefined;

function load(): (() => ContextRunner) | undefined {
  loaded = true;
  const proc = (globalThis as { process?: ProcessLike }).process;
  let hooks: AsyncHooksModule | undefined;
  try {
    hooks = proc?.getBuiltinModule?.('node:async_hooks') as AsyncHooksModule | undefined;
  } catch {
    hooks = undefined;
  }
  const storage = hooks?.AsyncLocalStorage;
  const take = storage?.snapshot;
  if (storage === undefined || typeof take !== 'function') return undefined;
  return () => take.call(storage);
}

/** True when this runtime can capture async contexts (Node ≥ 20.16, Deno and Bun with `node:async_hooks`). */
export function canCaptureContext(): boolean {
  if (!loaded) snapshot = load();
  return snapshot !== undefined;
}

/** Captures the current async context, or returns `undefined` when the runtime cannot. */
export function captureContext(): ContextRunner | undefined {
  if (!loaded) snapshot = load();
  return snapshot?.();
}
