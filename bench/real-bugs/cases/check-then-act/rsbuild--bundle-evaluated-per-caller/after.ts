// Case: web-infra-dev/rsbuild, fix commit 7063dc92577f929b1d2075469940704c8bb08e84 ("fix(core): deduplicate concurrent
// loadBundle calls"; https://github.com/web-infra-dev/rsbuild/pull/8105).
// The fixed code, rewritten in our own code: the wrapper stores the pending promise per build and entry before the
// getter runs, so concurrent calls share one evaluation; a failure is evicted so that the next call retries.
export interface BuildStats {
  hash: string;
}

export function memoizePerBuild<T>(getter: (stats: BuildStats, entry: string) => Promise<T> | T) {
  const cache = new WeakMap<BuildStats, Map<string, Promise<T>>>();

  return (stats: BuildStats, entry: string): Promise<T> => {
    let entries = cache.get(stats);
    if (!entries) {
      entries = new Map();
      cache.set(stats, entries);
    }
    const pending = entries.get(entry);
    if (pending) {
      return pending;
    }
    const owner = entries;
    const promise = Promise.resolve()
      .then(() => getter(stats, entry))
      .catch((error: unknown) => {
        owner.delete(entry);
        throw error;
      });
    owner.set(entry, promise);
    return promise;
  };
}
