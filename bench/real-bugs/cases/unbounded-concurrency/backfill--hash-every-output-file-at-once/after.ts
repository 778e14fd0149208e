// Case: microsoft/backfill, fix commit 0d5fbc2c0bb184119810d468c33fde96092b6c88 ("Use memoized file hashes to only
// cache the files that have changes (#413)", which took in the read limit proposed in pull request #411, "limit file
// read concurrency"), source https://github.com/microsoft/backfill/pull/411. Rewritten in our own code: the fixed
// version (its concurrency part). Every file read goes through one module-wide p-limit limiter, so at most
// `maxFileReads` files are open at a time however large the package is.
import * as crypto from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import globby from 'globby';
import pLimit from 'p-limit';

let maxFileReads = 5000;
const fromEnvironment = Number.parseInt(process.env['BUILD_CACHE_MAX_FILE_READS'] ?? '', 10);
if (Number.isInteger(fromEnvironment) && fromEnvironment > 0) maxFileReads = fromEnvironment;

const readLimit = pLimit(maxFileReads);

// the package root must be absolute; keys are relative posix paths
export async function hashPackageFiles(root: string): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();

  const files = await globby(['**/*', '!node_modules'], { cwd: root });
  await Promise.all(
    files.map(async (file) => {
      if (hashes.has(file)) {
        return;
      }
      const contents = await readLimit(() => fs.readFile(path.join(root, file)));
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
