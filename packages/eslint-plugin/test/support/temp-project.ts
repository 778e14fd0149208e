import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const repositoryPackages = join(import.meta.dirname, '../../../../node_modules');

/** The repository's installed TypeScript 7 (`typescript-native`, the analyzer's `npm:typescript@7.0.2` alias). */
export const installedTypeScript7 = realpathSync(join(repositoryPackages, 'typescript-native'));

/** A temporary folder with the given files (name → text); `cleanup` removes it. */
export function tempFolder(files: Record<string, string>): { dir: string; cleanup: () => void } {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'awaitwise-eslint-')));
  for (const [name, text] of Object.entries(files)) {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  return {
    dir,
    cleanup: () => {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A temporary project on TypeScript 7: a `package.json` that asks for `typescript@7.0.2`, whose
 * `node_modules/typescript` is a link to the repository's installed copy (nothing is downloaded), and `files`.
 * With `withRepositoryPackages`, its `node_modules` also links every other package the repository installed
 * (`@types/node`, `express`, `react`, `@awaitwise/core` …), for code that imports them.
 */
export function tempTypeScript7Project(
  files: Record<string, string>,
  withRepositoryPackages = false,
): { dir: string; cleanup: () => void } {
  const project = tempFolder({
    'package.json': JSON.stringify({
      name: 'ts7-app',
      private: true,
      devDependencies: { typescript: '7.0.2' },
    }),
    ...files,
  });
  const packages = join(project.dir, 'node_modules');
  mkdirSync(packages);
  symlinkSync(installedTypeScript7, join(packages, 'typescript'), 'dir');
  if (withRepositoryPackages) {
    for (const name of readdirSync(repositoryPackages)) {
      if (name.startsWith('.') || name === 'typescript') continue;
      symlinkSync(realpathSync(join(repositoryPackages, name)), join(packages, name), 'dir');
    }
  }
  return project;
}
