import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The repository's installed TypeScript 7 (`typescript-native`, the analyzer's `npm:typescript@7.0.2` alias). */
export const installedTypeScript7 = realpathSync(
  join(import.meta.dirname, '../../../../node_modules/typescript-native'),
);

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
 */
export function tempTypeScript7Project(files: Record<string, string>): { dir: string; cleanup: () => void } {
  const project = tempFolder({
    'package.json': JSON.stringify({
      name: 'ts7-app',
      private: true,
      devDependencies: { typescript: '7.0.2' },
    }),
    ...files,
  });
  mkdirSync(join(project.dir, 'node_modules'));
  symlinkSync(installedTypeScript7, join(project.dir, 'node_modules', 'typescript'), 'dir');
  return project;
}
