// Case: mcarvin8/sf-decomposer, fix commit 7d8291dba5f135b4ab99961cfd9f599c900c186b ("refactor: remove await in loop
// (#182)"; https://github.com/mcarvin8/sf-decomposer/pull/182).
// The code just before the fix, rewritten in our own code: finding the metadata folder searches each package folder
// in turn, and the recursive search stats and descends into each entry of a folder one after another, with
// no-await-in-loop switched off for the file.
/* eslint-disable no-await-in-loop */
import { readdir, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';

export async function findMetadataFolders(
  packageFolders: string[],
  folderName: string,
  ignored: string[] = [],
): Promise<string[]> {
  const ignoredNames = ignored.map((folder) => basename(folder));
  const found: string[] = [];
  for (const folder of packageFolders) {
    if (ignoredNames.includes(basename(folder))) {
      continue;
    }
    const match = await searchTree(folder, folderName);
    if (match !== undefined) {
      found.push(resolve(match));
    }
  }
  return found;
}

async function searchTree(folder: string, wanted: string): Promise<string | undefined> {
  const entries = await readdir(folder);
  for (const entry of entries) {
    const path = join(folder, entry);
    const info = await stat(path);
    if (info.isDirectory() && entry !== wanted) {
      const match = await searchTree(path, wanted);
      if (match) {
        return match;
      }
    } else if (info.isDirectory() && entry === wanted) {
      return path;
    }
  }
  return undefined;
}
