/**
 * `@awaitwise/catalog`: the catalog of async/await pitfalls. Every analyzer rule, doctor check, `@awaitwise/core`
 * fix and docs page uses one of these ids, so a finding always links to its explanation and its fix.
 *
 * @packageDocumentation
 */

/** Every pitfall id, in catalog order. */
export const pitfallIds = [
  'sequential-await',
  'unbounded-concurrency',
  'floating-promise',
  'async-void-callback',
  'express-async-route',
  'listener-leak',
  'timer-leak',
  'stale-response',
  'check-then-act',
  'process-local-lock',
  'async-constructor',
  'top-level-await-cycle',
  'settle-mismatch',
  'thenable-reuse',
  'async-promise-executor',
  'return-await-in-try',
  'unawaited-assertion',
  'fake-timer-async',
  'event-loop-starvation',
  'late-await',
] as const;

/** A pitfall id such as `'floating-promise'`. */
export type PitfallId = (typeof pitfallIds)[number];

/** One entry of the catalog. */
export interface Pitfall {
  /** The kebab-case id shared by the rule, the doctor check, the docs page and the fix. */
  readonly id: PitfallId;
  /** A short title: the mistake in a few words. */
  readonly title: string;
  /** One line: why it is a bug. */
  readonly why: string;
  /** One line: what to do instead. */
  readonly fix: string;
  /** The `@awaitwise/core` (or `@awaitwise/redis`) exports that fix it; empty when the fix is a code change. */
  readonly fixExports: readonly string[];
  /** What the static analyzer looks for, or `undefined` when it cannot see this pitfall. */
  readonly analyzer: string | undefined;
  /** What the run-time doctor reports, or `undefined` when it does not watch for it. */
  readonly doctor: string | undefined;
  /** The docs page, relative to the repository root. */
  readonly docsPath: string;
  /** The docs page on the web. */
  readonly docsUrl: string;
}

/** The canonical home of the awaitwise repository: every link a finding, a README or a package.json gives is under it. */
export const repositoryUrl = 'https://github.com/awaitwise/awaitwise';

/**
 * The web page of a file of the repository on its `main` branch.
 *
 * @param path - The file's path relative to the repository root, with forward slashes (`docs/pitfalls/late-await.md`),
 *   optionally followed by a `#fragment`.
 * @throws TypeError when `path` is absolute or leaves the repository (`../`).
 */
export function repositoryFileUrl(path: string): string {
  if (path.startsWith('/') || path.split('/').includes('..')) {
    throw new TypeError(`Expected \`path\` to be relative to the repository root, got \`${path}\` (string).`);
  }
  return `${repositoryUrl}/blob/main/${path}`;
}

type Entry = Omit<Pitfall, 'id' | 'docsPath' | 'docsUrl'>;

const entries: { readonly [K in PitfallId]: Entry } = {
  'sequential-await': {
    title: 'Independent awaits run one after another',
    why: 'Awaiting inside a loop over independent items makes the total time the sum of every wait instead of the longest one.',
    fix: 'Start the independent operations together with bounded concurrency: `map(items, fn, { concurrency })`.',
    fixExports: ['map', 'mapSettled'],
    analyzer: 'an await in a loop whose iterations are independent (no loop-carried data, no ordering need)',
    doctor: 'slow await chains in the timeline',
  },
  'unbounded-concurrency': {
    title: 'Unbounded concurrency',
    why: '`Promise.all(items.map(fn))` over an array of unknown size fires every request at once and can exhaust sockets, memory or a rate limit.',
    fix: 'Bound the number in flight: `map(items, fn, { concurrency: 8 })` or `limit(8)`.',
    fixExports: ['map', 'limit', 'Semaphore'],
    analyzer: '`Promise.all` over a mapped array of unknown or large size with I/O inside',
    doctor: 'peak in-flight count',
  },
  'floating-promise': {
    title: 'Floating promise',
    why: 'A promise nobody awaits or catches: its rejection becomes an unhandled rejection that crashes Node, and its work races the rest of the code.',
    fix: 'Await it, return it, or hand it to `background(promise, { onError })` when fire-and-forget is intended.',
    fixExports: ['background'],
    analyzer: 'a promise-typed expression statement that can reject and is not awaited, returned or caught',
    doctor: 'unhandled rejection with the stack where the promise was born',
  },
  'async-void-callback': {
    title: 'Async function where a void callback is expected',
    why: 'The caller (`forEach`, `.on`, `setTimeout`, `addEventListener`) ignores the returned promise: nothing waits for it and its rejection is unhandled.',
    fix: 'Use `for…of` with `await`, `map(items, fn)`, or wrap the handler with `background()` so errors reach a handler.',
    fixExports: ['map', 'background'],
    analyzer: 'an async function passed where the parameter type returns void',
    doctor: undefined,
  },
  'express-async-route': {
    title: 'Async Express 4 route that hangs on error',
    why: 'Express 4 ignores the promise a handler returns, so a rejection never reaches `next` and the request hangs until the client times out.',
    fix: 'Wrap handlers with `asyncHandler(fn)` or the whole app with `wrapRouter(app)` from `@awaitwise/core/express`, or move to Express 5.',
    fixExports: ['asyncHandler', 'wrapRouter'],
    analyzer: 'async handlers on Express 4 apps and routers whose rejection never reaches `next`',
    doctor: 'a request never answered after its handler rejected',
  },
  'listener-leak': {
    title: 'Listener leak',
    why: 'A listener added per call and never removed keeps its closure alive and grows the emitter without bound.',
    fix: 'Use `waitFor(target, event, { signal, timeout })` or `on(target, event)`, which remove their listeners on every path.',
    fixExports: ['waitFor', 'on'],
    analyzer:
      '`.on`/`addEventListener` in an executor or per-call path without `off`, `once` or `{ signal }`',
    doctor: 'listener counts that only grow, per emitter and event, with the adding stack',
  },
  'timer-leak': {
    title: 'Timer leak',
    why: 'A timeout timer that is never cleared keeps the process alive and fires late; `Promise.race` with a timer leaves it running.',
    fix: 'Use `timeout(fn, ms)` or `sleep(ms, { signal })`, which always clear their timer.',
    fixExports: ['timeout', 'sleep'],
    analyzer: 'a `setTimeout` timeout not cleared on the success path; `Promise.race` with a timer promise',
    doctor: 'active timers at exit, with where each was created',
  },
  'stale-response': {
    title: 'Stale response wins the race',
    why: 'An older request that answers after a newer one overwrites fresh data with stale data.',
    fix: 'Abort the previous call with `latest(fn)` or `useAbortableEffect`, or ignore results after cleanup.',
    fixExports: ['latest', 'useAbortableEffect', 'useLatest'],
    analyzer: '`useEffect` that awaits then sets state with no abort and no ignore flag',
    doctor: undefined,
  },
  'check-then-act': {
    title: 'Check, await, then act',
    why: 'Reading, awaiting, then writing on the same key lets two concurrent calls both pass the check: duplicates under double submission.',
    fix: 'Serialize per key with `KeyedMutex` or `singleflight`, use a unique constraint, or `@awaitwise/redis` locks and idempotency keys across servers.',
    fixExports: ['KeyedMutex', 'singleflight', 'createRedisLock', 'idempotent'],
    analyzer:
      'find/exists then create/insert on the same key across an await; shared state read-modify-written across an await',
    doctor: undefined,
  },
  'process-local-lock': {
    title: 'Process-local lock in a multi-instance server',
    why: 'An in-memory `Map` or `Set` used as a lock only protects one process; with several instances the lock does nothing.',
    fix: 'Use `@awaitwise/redis` locks (with fencing tokens) or a database constraint.',
    fixExports: ['createRedisLock', 'createRedisSemaphore', 'idempotent'],
    analyzer: 'a `Map`/`Set` used as a lock in request handlers (info)',
    doctor: undefined,
  },
  'async-constructor': {
    title: 'Async work started in a constructor',
    why: 'A constructor cannot be awaited: callers use a half-initialized object and its rejection goes unhandled.',
    fix: 'Use a static async `create()` factory, or `lazy(() => connect())` and await it where it is needed.',
    fixExports: ['lazy'],
    analyzer: 'a constructor that starts async work',
    doctor: undefined,
  },
  'top-level-await-cycle': {
    title: 'Top-level await inside an import cycle',
    why: 'A module that awaits at top level inside an import cycle waits for a module that waits for it: a silent deadlock.',
    fix: 'Break the cycle, or move the await into a function that is called after all imports have loaded.',
    fixExports: [],
    analyzer: 'a module with top-level `await` that is part of an import cycle',
    doctor: 'a module still pending at exit',
  },
  'settle-mismatch': {
    title: '`Promise.all` vs `allSettled` confusion',
    why: '`Promise.all` rejects on the first failure when partial success was wanted; `allSettled` results whose rejections are never read hide failures.',
    fix: 'Use `settle(promises)` to get `{ fulfilled, rejected }`, or `all(tasks)` to abort the siblings on the first failure.',
    fixExports: ['settle', 'all'],
    analyzer: '`allSettled` whose rejections are never read; `Promise.all` whose every element catches',
    doctor: undefined,
  },
  'thenable-reuse': {
    title: 'Lazy thenable awaited twice',
    why: 'A query builder or other lazy thenable runs its work each time it is awaited: awaiting it twice runs the query twice.',
    fix: 'Await it once and keep the result, or convert it to a promise once (`const p = Promise.resolve(builder)`).',
    fixExports: [],
    analyzer: 'the same non-Promise thenable awaited or `.then`-ed twice',
    doctor: undefined,
  },
  'async-promise-executor': {
    title: 'Async Promise executor',
    why: '`new Promise(async (resolve) => …)` loses any error thrown after the first await: the promise never settles and the error is unhandled.',
    fix: 'Remove the `new Promise` wrapper and write an async function, or keep the executor synchronous.',
    fixExports: [],
    analyzer: '`new Promise(async …)`',
    doctor: undefined,
  },
  'return-await-in-try': {
    title: '`return promise` inside `try` escapes its `catch`',
    why: 'Returning a promise without `await` inside `try` lets its rejection skip the `catch` and run `finally` too early.',
    fix: 'Write `return await promise` inside `try`, `catch` and `finally` blocks.',
    fixExports: [],
    analyzer: 'a promise returned without `await` inside try/catch/finally',
    doctor: undefined,
  },
  'unawaited-assertion': {
    title: 'Async assertion never awaited',
    why: '`expect(p).rejects`/`.resolves` not awaited, or assertions in an un-awaited `.then`, let the test pass before the assertion runs.',
    fix: 'Await or return the assertion: `await expect(p).rejects.toThrow()`.',
    fixExports: [],
    analyzer: 'async assertions not awaited or returned inside a test',
    doctor: undefined,
  },
  'fake-timer-async': {
    title: 'Synchronous fake-timer advance with pending promises',
    why: '`advanceTimersByTime`/`runAllTimers` do not let promise callbacks run between timers, so code awaiting between timers never progresses.',
    fix: 'Use the async variants: `await vi.advanceTimersByTimeAsync(ms)`, `await vi.runAllTimersAsync()`.',
    fixExports: [],
    analyzer: 'a sync timer advance in a test that has pending promises',
    doctor: undefined,
  },
  'event-loop-starvation': {
    title: 'CPU loop starves I/O',
    why: 'A long synchronous loop or an endless microtask chain blocks timers and I/O: requests time out while the CPU is busy.',
    fix: 'Split the work with `cooperative(items, fn, { budgetMs })` or `await yieldToEventLoop()`, or move it to a worker thread.',
    fixExports: ['cooperative', 'yieldToEventLoop'],
    analyzer: 'a CPU-heavy loop over unbounded data in an async path with no yield (info)',
    doctor: 'event loop blocked past a threshold, with the blocking stack',
  },
  'late-await': {
    title: 'Promise awaited late',
    why: 'A promise created early and awaited after other awaits can reject in between, and that rejection is unhandled and may crash the process.',
    fix: 'Await the promises together with `all()` or `settle()`, or attach handling when the promise is created.',
    fixExports: ['all', 'settle'],
    analyzer: 'a promise created, another await, then the first awaited',
    doctor: 'unhandled rejection',
  },
};

/** The whole catalog, in catalog order. */
export const pitfalls: readonly Pitfall[] = pitfallIds.map((id) => ({
  id,
  ...entries[id],
  docsPath: `docs/pitfalls/${id}.md`,
  docsUrl: repositoryFileUrl(`docs/pitfalls/${id}.md`),
}));

const byId = new Map<string, Pitfall>(pitfalls.map((pitfall) => [pitfall.id, pitfall]));

/** True when `id` is a known pitfall id. */
export function isPitfallId(id: string): id is PitfallId {
  return byId.has(id);
}

/**
 * The catalog entry for `id`.
 *
 * @throws TypeError when `id` is not a pitfall id; the message lists the known ids.
 */
export function getPitfall(id: string): Pitfall {
  const pitfall = byId.get(id);
  if (pitfall === undefined) {
    throw new TypeError(`Unknown pitfall id \`${id}\`. Known ids: ${pitfallIds.join(', ')}.`);
  }
  return pitfall;
}
