// Case: renovatebot/renovate, fix commit 8d8b617ecd7aedecf897dadafeaa116d394d4067 ("feat(internal): extract managers
// in parallel (#6112)"; https://github.com/renovatebot/renovate/pull/6112).
// The fixed code, rewritten in our own code: the repository scan extracts the package files of each package manager
// one after another, though each manager reads its own files.
interface ManagerConfig {
  manager: string;
  files: string[];
}

interface PackageFile {
  path: string;
  deps: string[];
}

type Extractor = (config: ManagerConfig) => Promise<PackageFile[] | null>;

export async function extractAll(configs: ManagerConfig[], extract: Extractor) {
  const found = configs.filter((config) => config.files.length > 0);
  const results = await Promise.all(
    found.map(async (config) => {
      const packageFiles = await extract(config);
      return { manager: config.manager, packageFiles };
    }),
  );

  const byManager: Record<string, PackageFile[]> = {};
  let fileCount = 0;
  for (const { manager, packageFiles } of results) {
    if (packageFiles?.length) {
      fileCount += packageFiles.length;
      byManager[manager] = packageFiles;
    }
  }
  return { byManager, fileCount };
}
