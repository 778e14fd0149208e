// Case: web-infra-dev/rstest, fix commit 07d89340baf579e19b7e6a6e8de7d7775c9ebb36 ("perf: parallelize independent
// async work (#1071)"), file packages/core/src/pool/index.ts.
// The code just before the fix, rewritten in our own code: the files a test entry needs and their source maps are
// read through two functions the caller passes in; the second read waits for the first although both need only the
// list of names.
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
  const files = await readFiles(names);

  const sourceMaps = await readSourceMaps(names);

  return { files, sourceMaps };
};
