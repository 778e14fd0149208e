// Case: sindresorhus/p-timeout, fix commit b92608a0ef14d577f5005455b2b67d6386ae4a31 ("Fix removing signal listener
// when done", fixes https://github.com/sindresorhus/p-timeout/issues/42). Fixed: the listener is named, added with
// `{ once: true }` and removed when the task settles.
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
      const onAbort = () => {
        reject(abortReason(signal));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      task.finally(() => {
        signal.removeEventListener('abort', onAbort);
      });
    }
    timer = setTimeout(() => reject(new DeadlineError(`no answer after ${ms} ms`)), ms);
    task.then(resolve, reject);
  });
  return guarded.finally(() => clearTimeout(timer));
}
