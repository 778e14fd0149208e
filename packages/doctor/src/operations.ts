import { AsyncLocalStorage } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';
import { describeValue } from '@awaitwise/core/internal/validate';
import type { OperationRecord, OperationRef, OperationStep } from './types.js';

interface MutableOperation {
  readonly id: number;
  readonly name: string;
  /** An HTTP request's URL: the name shown is `name` and its path, built when a report asks for it. */
  readonly url: string | undefined;
  readonly parentId: number | undefined;
  readonly start: number;
  end: number | undefined;
  status: 'running' | 'fulfilled' | 'rejected';
  error: string | undefined;
  /** Allocated at the first `step()`: most operations (requests served) have none. */
  steps: OperationStep[] | undefined;
}

interface Registry {
  readonly storage: AsyncLocalStorage<MutableOperation>;
  readonly operations: MutableOperation[];
  readonly origin: number;
  nextId: number;
  readonly limit: number;
}

const registryKey: unique symbol = Symbol.for('awaitwise.doctor.operations');

/** One registry per process, even when two copies of the package are loaded (the preload and the app's own). */
function registry(): Registry {
  const holder = globalThis as Record<symbol, Registry | undefined>;
  let state = holder[registryKey];
  if (state === undefined) {
    state = {
      storage: new AsyncLocalStorage<MutableOperation>(),
      operations: [],
      origin: performance.timeOrigin + performance.now(),
      nextId: 1,
      limit: 10_000,
    };
    holder[registryKey] = state;
  }
  return state;
}

/** This copy's view of the registry (made once: serving a request reads it without a global lookup). */
const shared = registry();
/** `performance.now()` plus this is the doctor's clock (milliseconds since the registry started). */
const clockOffset = performance.timeOrigin - shared.origin;

/** Starts an operation (inside the current one, if any) and keeps it in the registry. */
function begin(state: Registry, name: string, url?: string): MutableOperation {
  const operation: MutableOperation = {
    id: state.nextId++,
    name,
    url,
    parentId: state.storage.getStore()?.id,
    start: performance.now() + clockOffset,
    end: undefined,
    status: 'running',
    error: undefined,
    steps: undefined,
  };
  remember(state, operation);
  return operation;
}

/** The path of a request URL without its query string, at most 80 characters. */
function pathOf(url: string): string {
  const query = url.indexOf('?');
  const bare = query === -1 ? url : url.slice(0, query);
  return bare.length > 80 ? `${bare.slice(0, 79)}…` : bare;
}

/** The name an operation is shown with: an HTTP request's is its method and path (`GET /users/7`). */
function nameOf(operation: MutableOperation): string {
  return operation.url === undefined ? operation.name : `${operation.name} ${pathOf(operation.url)}`;
}

/** The steps an operation had passed `elapsedMs` into it. */
function stepsUntil(operation: MutableOperation, elapsedMs: number): OperationStep[] {
  return operation.steps === undefined ? [] : operation.steps.filter((step) => step.atMs <= elapsedMs);
}

/** Keeps the last `limit` operations; trims in chunks so that a busy server pays O(1) per operation. */
function remember(state: Registry, operation: MutableOperation): void {
  state.operations.push(operation);
  if (state.operations.length > state.limit + (state.limit >> 2)) {
    state.operations.splice(0, state.operations.length - state.limit);
  }
}

function now(): number {
  return performance.now() + clockOffset;
}

function finish(operation: MutableOperation, status: 'fulfilled' | 'rejected', error?: unknown): void {
  operation.end = now();
  operation.status = status;
  if (status === 'rejected') {
    operation.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
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
    finish(operation, 'rejected', error);
    throw error;
  }
  if (!isPromiseLike(result)) {
    finish(operation, 'fulfilled');
    return result;
  }
  // The caller gets a promise that settles like `result`: a rejection is not handled here, so it stays unhandled
  // (and reported) when the caller does not handle it either.
  // Derived inside the operation's context, so an unhandled rejection of it is reported under this operation.
  return state.storage.run(operation, () =>
    result.then(
      (value) => {
        finish(operation, 'fulfilled');
        return value;
      },
      (error: unknown) => {
        finish(operation, 'rejected', error);
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
  const operation = shared.storage.getStore();
  if (operation === undefined) return;
  (operation.steps ??= []).push({ name, atMs: now() - operation.start });
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
  const operation = shared.storage.getStore();
  if (operation === undefined) return undefined;
  return {
    id: operation.id,
    name: nameOf(operation),
    elapsedMs: now() - operation.start,
    steps: [...(operation.steps ?? [])],
  };
}

/** The id of the traced operation the calling code runs in, `0` outside one (no copy: cheap enough for hooks). */
export function currentOperationId(): number {
  if (openedOperation.id !== 0) return openedOperation.id;
  return shared.storage.getStore()?.id ?? 0;
}

/** The operation with this id as a finding names it (`atMs` on the doctor's clock); `undefined` for `0` or unknown. */
export function operationRef(id: number, atMs: number): OperationRef | undefined {
  if (id === 0) return undefined;
  const { operations } = shared;
  for (let index = operations.length - 1; index >= 0; index--) {
    const operation = operations[index];
    if (operation?.id !== id) continue;
    return {
      id,
      name: nameOf(operation),
      elapsedMs: atMs - operation.start,
      steps: stepsUntil(operation, atMs - operation.start),
    };
  }
  return undefined;
}

/**
 * The operation opened by {@link openOperation} whose synchronous code is running (an HTTP `request` event being
 * emitted), `0` otherwise. The `--full` recorder hands it on through each `await` continuation itself, so serving a
 * request needs no AsyncLocalStorage (which costs every promise on Node 20).
 */
export const openedOperation = { id: 0 };

/** An operation opened by {@link openOperation}, ended by {@link endOperation}. */
export interface OpenOperation {
  readonly id: number;
}

/**
 * Opens an operation that ends when the caller says so rather than when a function returns: the doctor opens one for
 * each HTTP request served (`openOperation(request.method, request.url)`, shown as `GET /users/7`) and ends it when
 * the response is finished or the connection closes. One small record, no closure: it is made for every request.
 * Run its synchronous start with {@link openedOperation} set to its id.
 */
export function openOperation(name: string, url?: string): OpenOperation {
  return begin(shared, name, url);
}

/** Ends an operation opened by {@link openOperation} (only the first call counts). */
export function endOperation(handle: OpenOperation, status: 'fulfilled' | 'rejected', error?: unknown): void {
  const operation = handle as MutableOperation;
  if (operation.end === undefined) finish(operation, status, error);
}

/** Milliseconds since the operation registry (the doctor's clock) started. */
export function clock(): number {
  return now();
}

/** The operations recorded so far, copied for a report. */
export function operationRecords(): OperationRecord[] {
  const { operations, limit } = shared;
  return operations.slice(-limit).map((operation) => ({
    id: operation.id,
    name: nameOf(operation),
    parentId: operation.parentId,
    startMs: operation.start,
    endMs: operation.end,
    status: operation.status,
    error: operation.error,
    steps: [...(operation.steps ?? [])],
  }));
}
