// Case: web-infra-dev/rstest, fix commit 8b9417f1c7025fb94cb2ae2bee94a22dd8569af5 ("perf: parallelize independent
// async work (#1071)"), source https://github.com/web-infra-dev/rstest/pull/1071. Rewritten in our own code: before a
// test file runs in a worker, the pool collects the built assets and the source maps the entry needs. Both come from
// callbacks the bundler integration passes in, both read the same list of names, neither depends on the other, but the
// pool awaits the assets before it even asks for the source maps, once per test file.
export interface EntryFiles {
  readonly name: string;
  readonly files?: readonly string[];
}

export type ReadOutputs = (names: string[]) => Promise<Record<string, string>>;

export const outputsForEntry = async (
  entry: EntryFiles,
  readAssets: ReadOutputs,
  readSourceMaps: ReadOutputs,
  setupAssets: readonly string[],
) => {
  const names = Array.from(new Set([...(entry.files ?? []), ...setupAssets]));
  const assets = await readAssets(names);

  const sourceMaps = await readSourceMaps(names);

  return { assets, sourceMaps };
};

export async function prepareWorkers(
  entries: readonly EntryFiles[],
  readAssets: ReadOutputs,
  readSourceMaps: ReadOutputs,
  setupAssets: readonly string[],
): Promise<Map<string, { assets: Record<string, string>; sourceMaps: Record<string, string> }>> {
  const prepared = new Map<string, { assets: Record<string, string>; sourceMaps: Record<string, string> }>();
  await Promise.all(
    entries.map(async (entry) => {
      prepared.set(entry.name, await outputsForEntry(entry, readAssets, readSourceMaps, setupAssets));
    }),
  );
  return prepared;
}
