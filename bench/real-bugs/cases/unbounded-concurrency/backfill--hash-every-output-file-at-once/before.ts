// Case: microsoft/backfill, fix commit 0d5fbc2c0bb184119810d468c33fde96092b6c88 ("Use memoized file hashes to only
// cache the files that have changes (#413)", which took in the read limit proposed in pull request #411, "limit file
// read concurrency"), source https://github.com/microsoft/backfill/pull/411. Rewritten in our own code: a build cache
// hashes every file of a package to find which outputs changed. It globs the package and reads and hashes all files at
// once with Promise.all over the glob, so in a very large repository it opens more files than the OS allows (EMFILE).
// (The fix commit also memoized hashes by mtime; only its concurrency part is kept.)
import * as crypto from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import globby from 'globby';

// the package root must be absolute; keys are relative posix paths
export async function hashPackageFiles(root: string): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();

  const files = await globby(['**/*', '!node_modules'], { cwd: root });
  await Promise.all(
    files.map(async (file) => {
      if (hashes.has(file)) {
        return;
      }
      const contents = await fs.readFile(path.join(root, file));
      const digest = crypto.createHash('sha256');
      digest.update(contents);
      hashes.set(file, digest.digest('hex'));
    }),
  );

  return hashes;
}

export async function changedOutputs(root: string, before: Map<string, string>, outputs: readonly string[]): Promise<string[]> {
  const now = await hashPackageFiles(root);
  const unchanged = new Set([...before.keys()].filter((file) => before.get(file) === now.get(file)));
  return outputs.filter((file) => !unchanged.has(file));
}
