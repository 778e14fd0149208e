// Case: sourcebot-dev/sourcebot, fix commit 0ea0b156a5975b40d041aababc5db97cd6bc3fa6 ("fix(backend): Limit concurrent
// git operations to prevent resource exhaustion (#590)", issue https://github.com/sourcebot-dev/sourcebot/issues/590).
// Rewritten in our own code: the checks go through a limiter shared by the module, at most 100 folders at a time.
import path from 'node:path';
import pLimit from 'p-limit';
import { glob } from 'glob';
import { isRepositoryRoot, originOf } from './git.js';

const gitChecks = pLimit(100);

export interface LocalRepo {
  name: string;
  cloneUrl: string;
}

export const reposFromFolders = async (folderUrl: string): Promise<{ repos: LocalRepo[]; warnings: string[] }> => {
  const url = new URL(folderUrl);
  if (url.protocol !== 'file:') throw new Error('expected a file:// URL');
  const folders = await glob(url.pathname, { absolute: true });

  const repos: LocalRepo[] = [];
  const warnings: string[] = [];
  await Promise.all(
    folders.map((folder) =>
      gitChecks(async () => {
      if (!(await isRepositoryRoot(folder))) {
        warnings.push(`${folder} is not a git repository`);
        return;
      }
      const origin = await originOf(folder);
      if (!origin) {
        warnings.push(`${folder} has no remote.origin.url`);
        return;
      }
      const remote = new URL(origin.replace(/^git@([^:]+):/, 'ssh://$1/'));
      repos.push({
        name: path.join(remote.host, remote.pathname.replace(/\.git$/, '')),
        cloneUrl: `file://${folder}`,
      });
      }),
    ),
  );
  return { repos, warnings };
};
