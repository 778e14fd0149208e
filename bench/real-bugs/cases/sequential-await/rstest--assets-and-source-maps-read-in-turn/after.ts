// Case: web-infra-dev/rstest, fix commit 07d89340baf579e19b7e6a6e8de7d7775c9ebb36 ("perf: parallelize independent
// async work (#1071)"), file packages/core/src/pool/index.ts.
// The fixed code, rewritten in our own code: both reads start before either is awaited.
interface BundleEntry {
  readonly files?: string[];
}

type ReadByName = (names: string[]) => Promise<Record<string, string>>;

export const entryAssets = async (
  entry: BundleEntry,
  readFiles: ReadByName,
  readSourceMaps: ReadByName,
  sharedAssets: string[],
) => {
  const names = Array.from(new Set([...(entry.files ?? []), ...sharedAssets]));
  const filesPromise = readFiles(names);
  const sourceMapsPromise = readSourceMaps(names);
  const [files, sourceMaps] = await Promise.all([filesPromise, sourceMapsPromise]);

  return { files, sourceMaps };
};
