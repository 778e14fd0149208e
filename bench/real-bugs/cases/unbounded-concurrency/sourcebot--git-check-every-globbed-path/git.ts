// Our own stand-in for the project's git.ts: each helper runs one `git` process in the repository's folder.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const isRepositoryRoot = async (path: string): Promise<boolean> => {
  if (!existsSync(path)) return false;
  try {
    const { stdout } = await run('git', ['rev-parse', '--show-toplevel'], { cwd: path });
    return stdout.trim() === path;
  } catch {
    return false;
  }
};

export const originOf = async (path: string): Promise<string | undefined> => {
  try {
    const { stdout } = await run('git', ['config', '--local', 'remote.origin.url'], { cwd: path });
    return stdout.trim() || undefined;
  } catch {
    return undefined;
  }
};
