// Case: sindresorhus/p-retry, fix commit 95a3a4a667494ac585e6ba7ff5154f04d30941f2 ("Correctly remove abort handler
// when done", fixes https://github.com/sindresorhus/p-retry/issues/71). Rewritten in our own code: the fixed form
// keeps the handler and removes it from the caller's signal when the retries settle either way.

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

    const onAbort = () => {
      stopped = true;
      reject(options.signal?.reason ?? new Error('aborted'));
    };
    if (options.signal && !options.signal.aborted) {
      options.signal.addEventListener('abort', onAbort, { once: true });
    }
    const cleanUp = () => {
      stopped = true;
      options.signal?.removeEventListener('abort', onAbort);
    };

    const run = async (attempt) => {
      try {
        const value = await task(attempt);
        cleanUp();
        resolve(value);
      } catch (error) {
        if (stopped || attempt >= attempts) {
          cleanUp();
          reject(error);
          return;
        }
        setTimeout(() => void run(attempt + 1), 100 * attempt);
      }
    };
    void run(1);
  });
}
