import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/index.js';
import { awaitNonPromise, executorRule } from './helpers.js';
import { tempProjectsRemovedAfterEach } from '../../../../test/support/temp-project.js';

const project = tempProjectsRemovedAfterEach();

// `@lib/load` resolves only through the `paths` of the owning tsconfig: a file checked with the wrong options sees
// an unresolved import, `any`, and the test rule reports the await.
const usesPaths =
  "import { load } from '@lib/load';\nexport async function main() {\n  return await load();\n}\n";
const lib = 'export async function load(): Promise<number> {\n  return 1;\n}\n';
const pathsConfig = (include: string[]) =>
  JSON.stringify({
    compilerOptions: {
      strict: true,
      module: 'nodenext',
      target: 'es2022',
      paths: { '@lib/*': ['./lib/*.ts'] },
    },
    include,
  });

describe('projects', () => {
  it('checks each file with the tsconfig that owns it, following a solution config’s references', async () => {
    const cwd = project({
      'tsconfig.json': JSON.stringify({ files: [], references: [{ path: './app' }] }),
      'app/tsconfig.json': pathsConfig(['src', 'lib']),
      'app/src/main.ts': usesPaths,
      'app/lib/load.ts': lib,
    });
    const result = await analyze({ cwd, rules: [awaitNonPromise] });
    expect(result.findings).toEqual([]);
    expect(result.fileErrors).toEqual([]);
    expect(result.stats).toMatchObject({ files: 2, programs: 1, typedFiles: 2 });
  });

  it('uses --project for every file', async () => {
    const cwd = project({
      'tsconfig.build.json': pathsConfig(['src', 'lib']),
      'src/main.ts': usesPaths,
      'lib/load.ts': lib,
    });
    expect((await analyze({ cwd, paths: ['src'], rules: [awaitNonPromise] })).findings).toHaveLength(1);
    const withProject = await analyze({ cwd, project: 'tsconfig.build.json', rules: [awaitNonPromise] });
    expect(withProject.findings).toEqual([]);
    expect(withProject.stats.files).toBe(2);
  });

  it('checks files outside the tsconfig’s include with its options', async () => {
    const cwd = project({
      'tsconfig.json': pathsConfig(['src', 'lib']),
      'lib/load.ts': lib,
      'test/main.test.ts': usesPaths,
    });
    const result = await analyze({ cwd, paths: ['test'], rules: [awaitNonPromise] });
    expect(result.findings).toEqual([]);
  });

  it('checks a folder of plain JavaScript without a tsconfig, with types inferred', async () => {
    const cwd = project({
      'lib/a.js':
        'const n = 5;\nasync function f() {\n  await n;\n  await Promise.resolve(1);\n}\nmodule.exports = { f };\n',
      'lib/b.mjs': 'export const p = new Promise(async (resolve) => resolve(1));\n',
    });
    const result = await analyze({ cwd, paths: ['lib'], rules: [awaitNonPromise, executorRule] });
    expect(result.findings.map((f) => [f.file, f.line, f.ruleId, f.message])).toEqual([
      ['lib/a.js', 3, 'floating-promise', 'Awaiting `5`, not a promise.'],
      ['lib/b.mjs', 1, 'async-promise-executor', expect.any(String) as unknown],
    ]);
  });

  it('reads a file saved as UTF-16 with its byte-order mark, as TypeScript does (a PowerShell redirect of generated types)', async () => {
    const cwd = project({});
    const code = 'export const p = new Promise(async (resolve) => resolve(1));\r\n';
    const utf16le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(code, 'utf16le')]);
    const utf16be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(code, 'utf16le').swap16()]);
    writeFileSync(join(cwd, 'little.ts'), utf16le);
    writeFileSync(join(cwd, 'big.ts'), utf16be);
    const result = await analyze({ cwd, paths: ['little.ts', 'big.ts'], rules: [executorRule] });
    expect(result.fileErrors).toEqual([]);
    expect(result.findings.map((f) => [f.file, f.line, f.column]).sort()).toEqual([
      ['big.ts', 1, 30],
      ['little.ts', 1, 30],
    ]);
  });

  it('reports a broken tsconfig and goes on with inferred options', async () => {
    const cwd = project({
      'tsconfig.json': '{ "compilerOptions": { "strict": tru',
      'src/a.ts': 'export const p = new Promise(async () => {});\n',
    });
    const result = await analyze({ cwd, rules: [executorRule] });
    expect(result.findings).toHaveLength(1);
    expect(result.fileErrors[0]).toMatchObject({
      file: 'tsconfig.json',
      absolutePath: join(cwd, 'tsconfig.json'),
      kind: 'project',
    });
  });

  it('never loads the type checker when no rule asks for it', async () => {
    const cwd = project({ 'src/a.ts': 'export async function f() {\n  await 1;\n}\n' });
    const result = await analyze({ cwd, rules: [executorRule] });
    expect(result.stats.typedFiles).toBe(0);
  });

  it('splits a big project into programs of batchSize files', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 5; i++) files[`src/f${i}.ts`] = `export async function f${i}() {\n  await 1;\n}\n`;
    const cwd = project(files);
    const result = await analyze({ cwd, rules: [awaitNonPromise], batchSize: 2 });
    expect(result.stats.programs).toBe(3);
    expect(result.findings).toHaveLength(5);
  });

  it('skips typed rules in files without async text only when asked', async () => {
    const cwd = project({
      'src/a.ts': 'export const x = 1;\n',
      'src/b.ts': 'export async function g() {\n  await 2;\n}\n',
    });
    expect((await analyze({ cwd, rules: [awaitNonPromise] })).stats.typedFiles).toBe(2);
    expect(
      (await analyze({ cwd, rules: [awaitNonPromise], skipTypesWithoutAsyncText: true })).stats.typedFiles,
    ).toBe(1);
  });

  it('applies include and exclude globs relative to the config file', async () => {
    const cwd = project({
      'awaitwise.config.json': JSON.stringify({ include: ['src/**'], exclude: ['**/*.gen.ts'] }),
      'src/a.ts': 'export const a = 1;\n',
      'src/b.gen.ts': 'export const b = 1;\n',
      'scripts/c.ts': 'export const c = 1;\n',
      'node_modules/dep/index.js': 'module.exports = 1;\n',
      'dist/out.js': 'export const d = 1;\n',
    });
    const result = await analyze({ cwd, rules: [executorRule] });
    expect(result.stats.files).toBe(1);
  });
});

describe('failures stay local', () => {
  it('reports a rule that throws with its file and id, and the other rules go on', async () => {
    const cwd = project({
      'src/a.ts': 'const boom = 1;\nexport const p = new Promise(async () => boom);\n',
      'src/b.ts': 'export const q = new Promise(async () => 2);\n',
    });
    const { throwingRule } = await import('./helpers.js');
    const result = await analyze({ cwd, rules: [throwingRule, executorRule] });
    expect(result.findings.map((f) => [f.file, f.ruleId])).toEqual([
      ['src/a.ts', 'async-promise-executor'],
      ['src/b.ts', 'async-promise-executor'],
    ]);
    expect(result.fileErrors).toEqual([
      {
        file: 'src/a.ts',
        absolutePath: join(cwd, 'src/a.ts'),
        kind: 'rule',
        ruleId: 'timer-leak',
        message: expect.stringContaining('rule failed: Error: the rule broke on boom') as unknown,
      },
    ]);
  });

  it('reports a file that cannot be parsed and checks the others', async () => {
    const cwd = project({
      'src/a.ts': 'export const = ;\n',
      'src/b.ts': 'export const q = new Promise(async () => 2);\n',
    });
    const result = await analyze({ cwd, rules: [executorRule] });
    expect(result.findings).toHaveLength(1);
    expect(result.fileErrors).toEqual([
      {
        file: 'src/a.ts',
        absolutePath: join(cwd, 'src/a.ts'),
        kind: 'parse',
        line: 1,
        column: 14,
        message: 'cannot be parsed: Variable declaration expected.',
      },
    ]);
  });

  it('invalidates cached type-aware results when another file of the project changes', async () => {
    const cwd = project({
      'tsconfig.json': JSON.stringify({
        compilerOptions: { strict: true, module: 'nodenext' },
        include: ['src'],
      }),
      'src/load.ts': 'export async function load(): Promise<number> {\n  return 1;\n}\n',
      'src/main.ts':
        "import { load } from './load.js';\nexport async function main() {\n  return await load();\n}\n",
    });
    const options = { cwd, rules: [awaitNonPromise], cache: '.cache' };
    expect((await analyze(options)).findings).toEqual([]);
    expect((await analyze(options)).stats.cachedFiles).toBe(2);
    writeFileSync(join(cwd, 'src/load.ts'), 'export function load(): number {\n  return 1;\n}\n');
    const after = await analyze(options);
    expect(after.stats.cachedFiles).toBe(0);
    expect(after.findings.map((f) => f.message)).toEqual(['Awaiting `number`, not a promise.']);
  });
});
