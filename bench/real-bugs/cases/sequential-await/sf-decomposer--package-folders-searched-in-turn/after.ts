// Case: mcarvin8/sf-decomposer, fix commit 7d8291dba5f135b4ab99961cfd9f599c900c186b ("refactor: remove await in loop
// (#182)"; https://github.com/mcarvin8/sf-decomposer/pull/182).
// The fixed code, rewritten in our own code: finding the metadata folder searches each package folder in turn, and
// the recursive search stats and descends into each entry of a folder one after another, with no-await-in-loop
// switched off for the file.
import { readdir, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';

export async function findMetadataFolders(
  packageFolders: string[],
  folderName: string,
  ignored: string[] = [],
): Promise<string[]> {
  const ignoredNames = ignored.map((folder) => basename(folder));
  const matches = await Promise.all(
    packageFolders.map(async (folder) => {
      if (!ignoredNames.includes(basename(folder))) {
        return searchTree(folder, folderName);
      }
      return undefined;
    }),
  );
  return matches.filter((match): match is string => match !== undefined).map((match) => resolve(match));
}

async function searchTree(folder: string, wanted: string): Promise<string | undefined> {
  const entries = await readdir(folder);
  const matches = await Promise.all(
    entries.map(async (entry) => {
      const path = join(folder, entry);
      const info = await stat(path);
      if (info.isDirectory()) {
        return entry === wanted ? path : searchTree(path, wanted);
      }
      return undefined;
    }),
  );
  return matches.find((match) => match !== undefined);
}
