// Case: smithy-lang/smithy-typescript, fix commit a1970746e762ab5b9ddc4cad07249c3afa328cad ("fix(util-waiter): add
// event listener cleanup", PR https://github.com/smithy-lang/smithy-typescript/pull/1633). Rewritten in our own code:
// a waiter races polling against the caller's abort signal and never takes its 'abort' listener off; a signal shared
// by many waits keeps one listener per wait.
export type WaitState = 'success' | 'failure' | 'aborted' | 'timeout';
export interface WaitResult {
  state: WaitState;
  reason?: unknown;
}

export interface WaitOptions {
  abortSignal?: AbortSignal;
  maxWaitSeconds: number;
}

const abortedWait = (signal: AbortSignal): Promise<WaitResult> =>
  new Promise((resolve) => {
    const onAbort = () => resolve({ state: 'aborted' });
    signal.addEventListener('abort', onAbort);
  });

export async function waitUntil(
  options: WaitOptions,
  poll: () => Promise<WaitResult>,
): Promise<WaitResult> {
  const exits = [poll()];
  if (options.abortSignal) exits.push(abortedWait(options.abortSignal));
  return Promise.race(exits);
}
