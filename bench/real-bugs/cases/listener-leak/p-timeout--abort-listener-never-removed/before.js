// Case: sindresorhus/p-timeout, fix commit b92608a0ef14d577f5005455b2b67d6386ae4a31 ("Fix removing signal listener
// when done", fixes https://github.com/sindresorhus/p-timeout/issues/42). Rewritten in our own code: a deadline
// wrapper listens for 'abort' on the caller's signal and never takes the listener off when the task settles, so a
// signal reused across many calls keeps one listener (and the task it closes over) per call.
export class DeadlineError extends Error {
  constructor(message) {
    super(message);
    this.name = 'DeadlineError';
  }
}

const abortReason = (signal) =>
  signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason ?? 'aborted'));

export function withDeadline(task, options) {
  const { ms } = options;
  let timer;
  const guarded = new Promise((resolve, reject) => {
    if (options.signal) {
      const { signal } = options;
      if (signal.aborted) {
        reject(abortReason(signal));
      }
      signal.addEventListener('abort', () => {
        reject(abortReason(signal));
      });
    }
    timer = setTimeout(() => reject(new DeadlineError(`no answer after ${ms} ms`)), ms);
    task.then(resolve, reject);
  });
  return guarded.finally(() => clearTimeout(timer));
}
