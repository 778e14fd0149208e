/**
 * Pending promises made without a closure per promise. `new Promise(executor)` with a fresh arrow function
 * allocates that function and a context for what it captures; waiter queues make one promise per waiter, and
 * queued waiters survive garbage collections, so that garbage is what a busy queue pays for. Here one shared
 * executor leaves the resolving functions in {@link settleWith}, read right after {@link pending} returns (the
 * executor runs synchronously inside `new Promise`, so nothing can interleave).
 */

function noop(): void {
  // no promise made yet
}

/** The resolving functions of the promise the last {@link pending} call made. */
export const settleWith: { resolve: (value: unknown) => void; reject: (error: unknown) => void } = {
  resolve: noop,
  reject: noop,
};

function executor(resolve: (value: unknown) => void, reject: (error: unknown) => void): void {
  settleWith.resolve = resolve;
  settleWith.reject = reject;
}

/** A new pending promise; its resolving functions are in {@link settleWith} until the next call. */
export function pending<T>(): Promise<T> {
  return new Promise(executor) as Promise<T>;
}
