// Case: web-infra-dev/rsbuild, fix commit 7063dc92577f929b1d2075469940704c8bb08e84 ("fix(core): deduplicate concurrent
// loadBundle calls"; https://github.com/web-infra-dev/rsbuild/pull/8105).
// The code just before the fix, rewritten in our own code: a memoising wrapper keeps per-build results in a WeakMap
// and stores a result only after the getter is awaited, so concurrent calls for the same build and entry each run the
// getter (the server bundle is evaluated several times).
export interface BuildStats {
  hash: string;
}

export function memoizePerBuild<T>(getter: (stats: BuildStats, entry: string) => Promise<T> | T) {
  const cache = new WeakMap<BuildStats, Record<string, T>>();

  return async (stats: BuildStats, entry: string): Promise<T> => {
    const entries = cache.get(stats);
    if (entries?.[entry]) {
      return entries[entry];
    }

    const result = await getter(stats, entry);

    cache.set(stats, {
      ...(entries ?? {}),
      [entry]: result,
    });
    return result;
  };
}
