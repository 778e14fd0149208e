import { AsyncLocalStorage } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';
import { describeValue } from '@awaitwise/core/internal/validate';
import type { OperationRecord, OperationRef, OperationStep } from './types.js';

/** How an operation ended, as stored in the registry's status column. */
const running = 0;
const fulfilled = 1;
const rejected = 2;
const statusNames = ['running', 'fulfilled', 'rejected'] as const;

/**
 * The last {@link Registry.limit} operations, a column per field in a ring indexed by `id % limit`: an HTTP server under
 * `--full` opens one per request, and an object per request (kept until 10 000 newer ones pushed it out) cost more
 * than everything else the request did in the doctor (it outlived the young generation, so the collector copied and
 * promoted each). Operation `id` is in the ring while `id > nextId - 1 - limit`.
 */
interface Registry {
  /** The traced operation the calling code runs in: its id. */
  readonly storage: AsyncLocalStorage<number>;
  readonly origin: number;
  nextId: number;
  readonly limit: number;
  readonly names: (string | undefined)[];
  /** An HTTP request's URL: the name shown is the name and its path, built when a report asks for it. */
  readonly urls: (string | undefined)[];
  readonly errors: (string | undefined)[];
  /** Allocated at the first `step()`: most operations (requests served) have none. */
  readonly steps: (OperationStep[] | undefined)[];
  /** `0` for none. */
  readonly parents: Int32Array;
  readonly starts: Float64Array;
  /** `NaN` while it runs. */
  readonly ends: Float64Array;
  readonly statuses: Uint8Array;
}

const registryKey: unique symbol = Symbol.for('awaitwise.doctor.operation-columns');

/** One registry per process, even when two copies of the package are loaded (the preload and the app's own). */
function registry(): Registry {
  const holder = globalThis as Record<symbol, Registry | undefined>;
  let state = holder[registryKey];
  if (state === undefined) {
    const limit = 10_000;
    state = {
      storage: new AsyncLocalStorage<number>(),
      origin: performance.timeOrigin + performance.now(),
      nextId: 1,
      limit,
      names: new Array<undefined>(limit).fill(undefined),
      urls: new Array<undefined>(limit).fill(undefined),
      errors: new Array<undefined>(limit).fill(undefined),
      steps: new Array<undefined>(limit).fill(undefined),
      parents: new Int32Array(limit),
      starts: new Float64Array(limit),
      ends: new Float64Array(limit).fill(Number.NaN),
      statuses: new Uint8Array(limit),
    };
    holder[registryKey] = state;
  }
  return state;
}

/** This copy's view of the registry (made once: serving a request reads it without a global lookup). */
const shared = registry();
/** `performance.now()` plus this is the doctor's clock (milliseconds since the registry started). */
const clockOffset = performance.timeOrigin - shared.origin;

/** Starts an operation (inside the current one, if any) and returns its id. */
function begin(state: Registry, name: string, url?: string): number {
  const id = state.nextId++;
  const slot = id % state.limit;
  state.names[slot] = name;
  state.urls[slot] = url;
  state.errors[slot] = undefined;
  state.steps[slot] = undefined;
  state.parents[slot] = state.storage.getStore() ?? 0;
  state.starts[slot] = now();
  state.ends[slot] = Number.NaN;
  state.statuses[slot] = running;
  return id;
}

/** The ring slot of operation `id`, `-1` when it was never started or newer ones pushed it out. */
function slotOf(state: Registry, id: number): number {
  return id > 0 && id < state.nextId && id >= state.nextId - state.limit ? id % state.limit : -1;
}

/** The path of a request URL without its query string, at most 80 characters. */
function pathOf(url: string): string {
  const query = url.indexOf('?');
  const bare = query === -1 ? url : url.slice(0, query);
  return bare.length > 80 ? `${bare.slice(0, 79)}…` : bare;
}

/** The name an operation is shown with: an HTTP request's is its method and path (`GET /users/7`). */
function nameAt(state: Registry, slot: number): string {
  const name = state.names[slot] ?? '';
  const url = state.urls[slot];
  return url === undefined ? name : `${name} ${pathOf(url)}`;
}

/** The steps an operation had passed `elapsedMs` into it. */
function stepsUntil(state: Registry, slot: number, elapsedMs: number): OperationStep[] {
  const steps = state.steps[slot];
  return steps === undefined ? [] : steps.filter((step) => step.atMs <= elapsedMs);
}

function now(): number {
  return performance.now() + clockOffset;
}

function finish(
  state: Registry,
  id: number,
  status: typeof fulfilled | typeof rejected,
  error?: unknown,
): void {
  const slot = slotOf(state, id);
  if (slot === -1) return;
  state.ends[slot] = now();
  state.statuses[slot] = status;
  if (status === rejected) {
    state.errors[slot] = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/**
 * Runs `fn` as a named operation: every async step it starts carries the operation, so each doctor finding and
 * each `currentOperation()` call under it names the operation and its elapsed time.
 *
 * Use it around a request handler, a job or a test to see, in the doctor's report and HTML timeline, which
 * operation a rejection, a leak or a blocked loop belongs to. It works with or without the doctor running; the
 * value or promise `fn` returns is passed through (a rejection still rejects, and stays unhandled if nobody
 * handles it).
 *
 * @example
 * ```ts
 * import { traced, step } from '@awaitwise/doctor';
 * app.post('/orders', (req, res) =>
 *   traced('POST /orders', async () => {
 *     const order = await db.insert(req.body);
 *     step('inserted');
 *     res.json(order);
 *   }),
 * );
 * ```
 */
export function traced<T>(name: string, fn: () => T): T {
  if (typeof name !== 'string' || name === '') {
    throw new TypeError(`Expected \`name\` to be a non-empty string, got ${describeValue(name)}`);
  }
  if (typeof fn !== 'function') {
    throw new TypeError(`Expected \`fn\` to be a function, got ${describeValue(fn)}`);
  }
  const state = shared;
  const operation = begin(state, name);
  let result: T;
  try {
    result = state.storage.run(operation, fn);
  } catch (error) {
    finish(state, operation, rejected, error);
    throw error;
  }
  if (!isPromiseLike(result)) {
    finish(state, operation, fulfilled);
    return result;
  }
  // The caller gets a promise that settles like `result`: a rejection is not handled here, so it stays unhandled
  // (and reported) when the caller does not handle it either.
  // Derived inside the operation's context, so an unhandled rejection of it is reported under this operation.
  return state.storage.run(operation, () =>
    result.then(
      (value) => {
        finish(state, operation, fulfilled);
        return value;
      },
      (error: unknown) => {
        finish(state, operation, rejected, error);
        throw error;
      },
    ),
  ) as T;
}

/**
 * Marks a named step in the current traced operation (a no-op outside one); the HTML timeline shows each step.
 *
 * @example
 * ```ts
 * await traced('import', async () => {
 *   const rows = await readRows();
 *   step('read');
 *   await save(rows);
 * });
 * ```
 */
export function step(name: string): void {
  if (typeof name !== 'string' || name === '') {
    throw new TypeError(`Expected \`name\` to be a non-empty string, got ${describeValue(name)}`);
  }
  const slot = slotOf(shared, shared.storage.getStore() ?? 0);
  if (slot === -1) return;
  (shared.steps[slot] ??= []).push({ name, atMs: now() - (shared.starts[slot] ?? 0) });
}

/**
 * The traced operation the calling code runs in, with its elapsed time; `undefined` outside `traced`.
 *
 * Use it to put the operation id in log lines.
 *
 * @example
 * ```ts
 * const op = currentOperation();
 * logger.info({ op: op?.id, opName: op?.name }, 'saved');
 * ```
 */
export function currentOperation(): OperationRef | undefined {
  const id = shared.storage.getStore() ?? 0;
  const slot = slotOf(shared, id);
  if (slot === -1) return undefined;
  return {
    id,
    name: nameAt(shared, slot),
    elapsedMs: now() - (shared.starts[slot] ?? 0),
    steps: [...(shared.steps[slot] ?? [])],
  };
}

/** The id of the traced operation the calling code runs in, `0` outside one (no copy: cheap enough for hooks). */
export function currentOperationId(): number {
  if (openedOperation.id !== 0) return openedOperation.id;
  return shared.storage.getStore() ?? 0;
}

/** The operation with this id as a finding names it (`atMs` on the doctor's clock); `undefined` for `0` or unknown. */
export function operationRef(id: number, atMs: number): OperationRef | undefined {
  const slot = slotOf(shared, id);
  if (slot === -1) return undefined;
  const elapsedMs = atMs - (shared.starts[slot] ?? 0);
  return { id, name: nameAt(shared, slot), elapsedMs, steps: stepsUntil(shared, slot, elapsedMs) };
}

/**
 * The operation opened by {@link openOperation} whose synchronous code is running (an HTTP `request` event being
 * emitted), `0` otherwise. The `--full` recorder hands it on through each `await` continuation itself, so serving a
 * request needs no AsyncLocalStorage (which costs every promise on Node 20).
 */
export const openedOperation = { id: 0 };

/**
 * Opens an operation that ends when the caller says so rather than when a function returns, and returns its id: the
 * doctor opens one for each HTTP request served (`openOperation(request.method, request.url)`, shown as
 * `GET /users/7`) and ends it when the response is finished or the connection closes. It writes a few columns of the
 * registry's ring and allocates nothing: it is made for every request. Run its synchronous start with
 * {@link openedOperation} set to its id.
 */
export function openOperation(name: string, url?: string): number {
  return begin(shared, name, url);
}

/** Ends an operation opened by {@link openOperation} (only the first call counts). */
export function endOperation(id: number, status: 'fulfilled' | 'rejected', error?: unknown): void {
  const slot = slotOf(shared, id);
  if (slot !== -1 && Number.isNaN(shared.ends[slot])) {
    finish(shared, id, status === 'fulfilled' ? fulfilled : rejected, error);
  }
}

/** Milliseconds since the operation registry (the doctor's clock) started. */
export function clock(): number {
  return now();
}

/** The operations recorded so far (the last 10 000), copied for a report. */
export function operationRecords(): OperationRecord[] {
  const state = shared;
  const records: OperationRecord[] = [];
  for (let id = Math.max(1, state.nextId - state.limit); id < state.nextId; id++) {
    const slot = id % state.limit;
    const end = state.ends[slot] ?? Number.NaN;
    const parent = state.parents[slot] ?? 0;
    records.push({
      id,
      name: nameAt(state, slot),
      parentId: parent === 0 ? undefined : parent,
      startMs: state.starts[slot] ?? 0,
      endMs: Number.isNaN(end) ? undefined : end,
      status: statusNames[state.statuses[slot] ?? running] ?? 'running',
      error: state.errors[slot],
      steps: [...(state.steps[slot] ?? [])],
    });
  }
  return records;
}
