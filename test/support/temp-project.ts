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
import { afterAll, afterEach, beforeAll } from 'vitest';

/**
 * Temporary projects on disk, shared by every package's tests (import it as `../../../test/support/temp-project.js`
 * from `packages/<name>/test`, one `../` more per folder below it). Test code only: no package's `dist` has it.
 */

/** A temporary folder with files in it; `cleanup` removes the folder and everything in it. */
export interface TempProject {
  /** The folder's real path (symbolic links resolved, as ESLint and TypeScript report paths). */
  readonly dir: string;
  /** Removes the folder. */
  readonly cleanup: () => void;
}

const repositoryPackages = join(import.meta.dirname, '../../node_modules');

/** A temporary folder with the given files (relative name → text; folders are made as needed). */
export function tempProject(files: Readonly<Record<string, string>>): TempProject {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'awaitwise-test-')));
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
 * Registers an `afterEach` (call it at the top level of a test file) and returns a maker of temporary projects (made
 * by `make`: {@link tempProject} by default, or {@link tempTypeScript7Project}) that returns the project's folder:
 * each project it makes is removed after the test that made it.
 *
 * @example
 * ```ts
 * const project = tempProjectsRemovedAfterEach();
 * it('checks', async () => {
 *   const cwd = project({ 'src/a.ts': 'export {};\n' });
 * });
 * ```
 */
export function tempProjectsRemovedAfterEach(
  make: (files: Readonly<Record<string, string>>) => TempProject = tempProject,
): (files: Readonly<Record<string, string>>) => string {
  const made: TempProject[] = [];
  afterEach(() => {
    for (const project of made.splice(0)) project.cleanup();
  });
  return (files) => {
    const project = make(files);
    made.push(project);
    return project.dir;
  };
}

/**
 * Registers a `beforeAll` that makes a temporary project with `make` and an `afterAll` that removes it (call it in a
 * `describe`, or at the top level of a test file), and returns the project: its `dir` can be read once the suite runs.
 *
 * @example
 * ```ts
 * describe('a TypeScript 7 project', () => {
 *   const project = tempProjectForSuite(() => tempTypeScript7Project({ 'src/a.ts': 'export {};\n' }));
 *   it('checks', () => analyze({ cwd: project.dir }));
 * });
 * ```
 */
export function tempProjectForSuite(make: () => TempProject): { readonly dir: string } {
  let made: TempProject | undefined;
  beforeAll(() => {
    made = make();
  });
  afterAll(() => {
    made?.cleanup();
  });
  return {
    get dir(): string {
      if (made === undefined)
        throw new Error('the temporary project is made when its suite starts (beforeAll)');
      return made.dir;
    },
  };
}

/** The repository's installed TypeScript 7 (`typescript-native`, the analyzer's `npm:typescript@7.0.2` alias). */
export const installedTypeScript7 = realpathSync(join(repositoryPackages, 'typescript-native'));

/**
 * A temporary project on TypeScript 7: a `package.json` that asks for `typescript@7.0.2`, whose
 * `node_modules/typescript` is a link to the repository's installed copy (nothing is downloaded), and `files`.
 * With `withRepositoryPackages`, its `node_modules` also links every other package the repository installed
 * (`@types/node`, `express`, `react`, `@awaitwise/core` …), for code that imports them.
 */
export function tempTypeScript7Project(
  files: Readonly<Record<string, string>>,
  withRepositoryPackages = false,
): TempProject {
  const project = tempProject({
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
