// Case: unjs/unstorage, fix commit 437cc76824fea7121107aaa45a17bd47155a6201 ("fix(fs): race condition for
// ensuredir"; https://github.com/unjs/unstorage/commit/437cc76824fea7121107aaa45a17bd47155a6201).
// The fixed code, rewritten in our own code: writing a file first makes sure its folder exists by awaiting a stat
// and, when the folder is missing, creating it; two writes into the same new folder both see it missing and the
// second mkdir fails with EEXIST.
import { existsSync, promises as fsp } from 'node:fs';
import { dirname } from 'node:path';

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'EISDIR';
}

function ignoreAlreadyExists(error: unknown): void {
  if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
    throw error;
  }
}

export function statOrNull(path: string) {
  return fsp.stat(path).catch((error: unknown) => (isMissing(error) ? null : Promise.reject(error)));
}

export async function ensureFolder(folder: string): Promise<void> {
  if (existsSync(folder)) {
    return;
  }
  await ensureFolder(dirname(folder)).catch(ignoreAlreadyExists);
  // another write may have created it meanwhile: that is success, not an error
  await fsp.mkdir(folder).catch(ignoreAlreadyExists);
}

export async function writeText(path: string, text: string): Promise<void> {
  await ensureFolder(dirname(path));
  await fsp.writeFile(path, text, 'utf8');
}
