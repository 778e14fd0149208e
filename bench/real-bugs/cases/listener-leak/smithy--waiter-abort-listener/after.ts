// Case: smithy-lang/smithy-typescript, fix commit a1970746e762ab5b9ddc4cad07249c3afa328cad ("fix(util-waiter): add
// event listener cleanup", PR https://github.com/smithy-lang/smithy-typescript/pull/1633). Rewritten in our own code:
// the fixed waiter hands back a function that takes the 'abort' listener off and calls it when the race is over.
export type WaitState = 'success' | 'failure' | 'aborted' | 'timeout';
export interface WaitResult {
  state: WaitState;
  reason?: unknown;
}

export interface WaitOptions {
  abortSignal?: AbortSignal;
  maxWaitSeconds: number;
}

const abortedWait = (signal: AbortSignal): { aborted: Promise<WaitResult>; clear: () => void } => {
  let onAbort = () => {};
  const aborted = new Promise<WaitResult>((resolve) => {
    onAbort = () => resolve({ state: 'aborted' });
    signal.addEventListener('abort', onAbort);
  });
  return { aborted, clear: () => signal.removeEventListener('abort', onAbort) };
};

export async function waitUntil(
  options: WaitOptions,
  poll: () => Promise<WaitResult>,
): Promise<WaitResult> {
  const exits = [poll()];
  const cleanups: (() => void)[] = [];
  if (options.abortSignal) {
    const { aborted, clear } = abortedWait(options.abortSignal);
    cleanups.push(clear);
    exits.push(aborted);
  }
  const result = await Promise.race(exits);
  for (const clear of cleanups) clear();
  return result;
}
