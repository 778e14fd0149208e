// The projects bench/analyzer.js checks, each prepared in a temporary folder of its own with one tsconfig.json that
// every tool reads, an ESLint config and an oxlint config running the same async rules (bench/lib/eslint-async-rules.js).
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eslintAsyncRules, oxlintAsyncRules } from './eslint-async-rules.js';

/** The ESLint config each project gets (its own, if it has one, is not used). */
export const eslintConfigFile = 'eslint.bench.mjs';
/** The oxlint config each project gets. */
export const oxlintConfigFile = 'oxlintrc.bench.json';

/**
 * @typedef {object} BenchProject
 * @property {string} id short name, used in file names and logs
 * @property {string} title the project as the results page names it
 * @property {string} dir the temporary folder the tools run in
 * @property {readonly string[]} lintPaths what ESLint and oxlint are given (the tsconfig's include)
 * @property {number} files TypeScript files under `lintPaths`
 */

/**
 * The TypeScript files (`.ts`, `.mts`, `.cts`; declaration files too, as ESLint's `**\/*.ts` takes them) under paths.
 * @param {string} dir
 * @param {readonly string[]} paths
 * @returns {number}
 */
export function countTypeScriptFiles(dir, paths) {
  let count = 0;
  const visit = (path) => {
    if (!existsSync(path)) return;
    if (!statSync(path).isDirectory()) {
      if (/\.[mc]?ts$/.test(path)) count++;
      return;
    }
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      if (entry.name !== 'node_modules') visit(join(path, entry.name));
    }
  };
  for (const path of paths) visit(join(dir, path));
  return count;
}

/**
 * Writes the ESLint and oxlint configs: the same rules, on the TypeScript files only, typed by the project's
 * tsconfig.json. typescript-eslint is imported from the benchmark's own node_modules, never the project's copy.
 * @param {string} dir
 */
export function writeLinterConfigs(dir) {
  const typescriptEslint = import.meta.resolve('typescript-eslint');
  writeFileSync(
    join(dir, eslintConfigFile),
    `import tseslint from ${JSON.stringify(typescriptEslint)};
export default [
  { ignores: ['**/*.js', '**/*.mjs', '**/*.cjs', '**/*.jsx', '**/*.tsx'] },
  {
    files: ['**/*.ts', '**/*.mts', '**/*.cts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { project: './tsconfig.json', tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    rules: ${JSON.stringify(eslintAsyncRules)},
  },
];
`,
  );
  writeFileSync(
    join(dir, oxlintConfigFile),
    JSON.stringify(
      {
        // Only the rules named here: oxlint turns its `correctness` category on by default.
        categories: { correctness: 'off' },
        plugins: ['typescript', 'eslint'],
        ignorePatterns: ['**/*.js', '**/*.mjs', '**/*.cjs', '**/*.jsx', '**/*.tsx'],
        rules: oxlintAsyncRules,
      },
      null,
      2,
    ),
  );
}

/**
 * mongodb's TypeScript sources (`node_modules/mongodb/src`), copied to a temporary project with the repository's
 * node_modules linked in for mongodb's dependencies and @types/node.
 * @param {string} root the repository
 * @returns {BenchProject}
 */
export function prepareMongodb(root) {
  const mongodb = join(root, 'node_modules/mongodb');
  const version = JSON.parse(readFileSync(join(mongodb, 'package.json'), 'utf8')).version;
  const dir = mkdtempSync(join(tmpdir(), 'awaitwise-bench-mongodb-'));
  cpSync(join(mongodb, 'src'), join(dir, 'src'), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'bench-mongodb-src', private: true }));
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify(
      {
        compilerOptions: {
          strict: true,
          target: 'ES2021',
          module: 'node16',
          moduleResolution: 'node16',
          lib: ['es2021', 'ES2022.Error', 'ES2022.Object', 'esnext.disposable'],
          types: ['node'],
          skipLibCheck: true,
          noEmit: true,
          useUnknownInCatchVariables: false,
          noImplicitOverride: true,
        },
        include: ['src'],
      },
      null,
      2,
    ),
  );
  writeLinterConfigs(dir);
  const lintPaths = ['src'];
  return {
    id: 'mongodb',
    title: `mongodb ${version} sources`,
    dir,
    lintPaths,
    files: countTypeScriptFiles(dir, lintPaths),
  };
}

/**
 * The second real project: npm-check-updates, a TypeScript CLI whose work is asynchronous through and through
 * (registry queries, package managers run as child processes, concurrency limits), with a modern tsconfig that
 * TypeScript 7 reads as it is (ES2024, `moduleResolution: bundler`), tests included. Whole-repository corpus entry of
 * bench/whole-repos/repos.json, restored by bench/whole-repos/restore.js into `<repos>/npm-check-updates`.
 */
export const secondProject = {
  name: 'npm-check-updates',
  lintPaths: ['src', 'scripts', 'test', 'vite.config.ts'],
};

/**
 * A copy of a restored whole repository (without node_modules and .git, which is linked in), with its tsconfig.json
 * changed only where a benchmark needs it: no incremental build info (tsc 6 would reuse it from round to round) and
 * no JavaScript files (every tool checks the same TypeScript files).
 * @param {string} reposDir where bench/whole-repos/restore.js restored the repositories
 * @returns {BenchProject | string} the project, or why it cannot be prepared
 */
export function prepareSecondProject(reposDir) {
  const source = join(reposDir, secondProject.name);
  if (!existsSync(join(source, 'node_modules'))) {
    return `${source} is not restored (run bench/whole-repos/restore.js, or give --repos <folder>)`;
  }
  const packageJson = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8'));
  const dir = mkdtempSync(join(tmpdir(), `awaitwise-bench-${secondProject.name}-`));
  cpSync(source, dir, {
    recursive: true,
    filter: (path) => path !== join(source, 'node_modules') && path !== join(source, '.git'),
  });
  symlinkSync(join(source, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const tsconfig = JSON.parse(readFileSync(join(source, 'tsconfig.json'), 'utf8'));
  tsconfig.compilerOptions = { ...tsconfig.compilerOptions, incremental: false, allowJs: false };
  delete tsconfig.compilerOptions.tsBuildInfoFile;
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
  writeLinterConfigs(dir);
  return {
    id: secondProject.name,
    title: `${secondProject.name} ${packageJson.version}`,
    dir,
    lintPaths: secondProject.lintPaths,
    files: countTypeScriptFiles(dir, secondProject.lintPaths),
  };
}

/**
 * A generated project of `fileCount` TypeScript files in folders of 100, each file importing its neighbour, with
 * three async functions and an event emitter each: a big project for time and memory.
 * @param {string} root the repository
 * @param {number} fileCount
 * @returns {BenchProject}
 */
export function generateProject(root, fileCount) {
  const dir = mkdtempSync(join(tmpdir(), `awaitwise-bench-${fileCount}-`));
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: `bench-${fileCount}`, private: true, type: 'module' }),
  );
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        target: 'ES2022',
        module: 'nodenext',
        types: ['node'],
        skipLibCheck: true,
        noEmit: true,
      },
      include: ['src'],
    }),
  );
  for (let i = 0; i < fileCount; i++) {
    const folder = join(dir, 'src', `m${Math.floor(i / 100)}`);
    mkdirSync(folder, { recursive: true });
    const previous = i % 100 === 0 ? '' : `import { load${i - 1} } from './f${i - 1}.js';\n`;
    writeFileSync(
      join(folder, `f${i}.ts`),
      `${previous}import { EventEmitter } from 'node:events';

export interface Item${i} {
  id: string;
  count: number;
}

const events = new EventEmitter();

export async function load${i}(ids: string[]): Promise<Item${i}[]> {
  const items: Item${i}[] = [];
  for (const id of ids) {
    items.push({ id, count: id.length + ${i} });
  }
  return items;
}

export async function total${i}(ids: string[]): Promise<number> {
  const items = await load${i}(ids);
  ${previous === '' ? '' : `await load${i - 1}(ids);`}
  events.emit('loaded', items.length);
  return items.reduce((sum, item) => sum + item.count, 0);
}

export function report${i}(ids: string[]): void {
  total${i}(ids).then((n) => console.log(n), (error: unknown) => console.error(error));
}
`,
    );
  }
  return {
    id: `generated-${fileCount}`,
    title: `a generated ${fileCount.toLocaleString('en')}-file project`,
    dir,
    lintPaths: ['src'],
    files: fileCount,
  };
}
