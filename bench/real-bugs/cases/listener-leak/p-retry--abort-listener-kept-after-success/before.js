// Case: sindresorhus/p-retry, fix commit 95a3a4a667494ac585e6ba7ff5154f04d30941f2 ("Correctly remove abort handler
// when done", fixes https://github.com/sindresorhus/p-retry/issues/71). Rewritten in our own code: each call adds an
// 'abort' listener ({ once: true }) to the caller's signal and removes it only when the signal aborts, so a long-lived
// signal shared by many calls collects one listener per call (MaxListenersExceededWarning on the AbortSignal).

/**
 * @template T
 * @param {(attempt: number) => Promise<T>} task
 * @param {{ attempts?: number, signal?: AbortSignal }} [options]
 * @returns {Promise<T>}
 */
export async function withRetries(task, options = {}) {
  const attempts = options.attempts ?? 3;
  return new Promise((resolve, reject) => {
    let stopped = false;

    const run = async (attempt) => {
      try {
        resolve(await task(attempt));
      } catch (error) {
        if (stopped || attempt >= attempts) {
          reject(error);
          return;
        }
        setTimeout(() => void run(attempt + 1), 100 * attempt);
      }
    };
    void run(1);

    if (options.signal && !options.signal.aborted) {
      options.signal.addEventListener('abort', () => {
        stopped = true;
        reject(options.signal?.reason ?? new Error('aborted'));
      }, { once: true });
    }
  });
}
