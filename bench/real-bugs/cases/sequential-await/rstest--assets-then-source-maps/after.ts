// Case: web-infra-dev/rstest, fix commit 8b9417f1c7025fb94cb2ae2bee94a22dd8569af5 ("perf: parallelize independent
// async work (#1071)"), source https://github.com/web-infra-dev/rstest/pull/1071. Rewritten in our own code: the fixed
// version. Both reads start at once and are awaited together.
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
  const assetsPromise = readAssets(names);
  const sourceMapsPromise = readSourceMaps(names);
  const [assets, sourceMaps] = await Promise.all([assetsPromise, sourceMapsPromise]);

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
