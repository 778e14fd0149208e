// Case: sourcebot-dev/sourcebot, fix commit 0ea0b156a5975b40d041aababc5db97cd6bc3fa6 ("fix(backend): Limit concurrent
// git operations to prevent resource exhaustion (#590)", issue https://github.com/sourcebot-dev/sourcebot/issues/590).
// Rewritten in our own code: a local-folders connection matches a glob of repository folders and checks each match with
// two `git` processes, every match at once; with thousands of repositories the spawns fail with EAGAIN and valid
// repositories are skipped.
import path from 'node:path';
import { glob } from 'glob';
import { isRepositoryRoot, originOf } from './git.js';

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
    folders.map(async (folder) => {
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
  );
  return { repos, warnings };
};
