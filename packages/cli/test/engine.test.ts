import { describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';
import { tempProjectsRemovedAfterEach } from '../../../test/support/temp-project.js';

const project = tempProjectsRemovedAfterEach();

// A floating promise with the catalog's rules: the real rule on both engines.
const files = {
  'tsconfig.json': JSON.stringify({
    compilerOptions: { strict: true, moduleResolution: 'node', module: 'commonjs', baseUrl: '.' },
    include: ['src'],
  }),
  'src/save.ts': 'export async function save(value: string): Promise<void> {\n  await fetch(value);\n}\n',
  'src/main.ts': "import { save } from 'src/save';\nexport function main(): void {\n  save('x');\n}\n",
};

describe('awaitwise check --engine', () => {
  it('checks with TypeScript 7 by default and reports what it read differently in the tsconfig (pretty)', async () => {
    const cwd = project(files);
    const native = await runCli(['check'], { cwd });
    const ts6 = await runCli(['check', '--engine', 'ts6'], { cwd });
    expect(native.stdout).toContain('floating-promise');
    expect(native.stdout).toContain(
      'Note: tsconfig.json: settings TypeScript 7 removed: moduleResolution "node" read as "bundler" without package.json exports/imports; baseUrl "." read as paths {"*":["./*"]}.',
    );
    expect(ts6.stdout).not.toContain('Note:');
    expect(native.code).toBe(ts6.code);
  });

  it('gives the same findings as ts6 in the JSON report, with the notes and the engine', async () => {
    const cwd = project(files);
    const native = JSON.parse((await runCli(['check', '-f', 'json'], { cwd })).stdout) as Report;
    const ts6 = JSON.parse(
      (await runCli(['check', '--engine', 'ts6', '-f', 'json'], { cwd })).stdout,
    ) as Report;
    const strip = (report: Report) => report.findings.map((f) => [f.file, f.line, f.ruleId, f.message]);
    expect(strip(native)).toEqual(strip(ts6));
    expect(strip(native).map((f) => f[2])).toContain('floating-promise');
    expect(native.stats.engine).toBe('native');
    expect(ts6.stats.engine).toBe('ts6');
    expect(native.notes.map((n) => n.file)).toEqual(['tsconfig.json']);
    expect(ts6.notes).toEqual([]);
  });

  it('selects ts6 from the config file, and --engine overrides the config', async () => {
    const cwd = project({ ...files, 'awaitwise.config.json': '{ "engine": "ts6" }' });
    const fromConfig = JSON.parse((await runCli(['check', '-f', 'json'], { cwd })).stdout) as Report;
    const overridden = JSON.parse(
      (await runCli(['check', '--engine', 'native', '-f', 'json'], { cwd })).stdout,
    ) as Report;
    expect(fromConfig.stats.engine).toBe('ts6');
    expect(fromConfig.notes).toEqual([]);
    expect(overridden.stats.engine).toBe('native');
    expect(overridden.notes.map((n) => n.file)).toEqual(['tsconfig.json']);
  });

  it('checks in this thread by default, and in workers with a TypeScript 7 process each when asked', async () => {
    const cwd = project(files);
    const main = JSON.parse(
      (await runCli(['check', '--engine', 'native', '-f', 'json'], { cwd })).stdout,
    ) as Report;
    const workers = JSON.parse(
      (await runCli(['check', '--engine', 'native', '--workers', '2', '-f', 'json'], { cwd })).stdout,
    ) as Report;
    expect(main.stats.workers).toBe(0);
    expect(main.stats.nativeRequests).toBeGreaterThan(0);
    expect(workers.stats.workers).toBe(2);
    const strip = (report: Report) => report.findings.map((f) => [f.file, f.line, f.ruleId, f.message]);
    expect(strip(workers)).toEqual(strip(main));
  });

  it('prints the notes as GitHub notices', async () => {
    const cwd = project(files);
    const github = await runCli(['check', '--engine', 'native', '-f', 'github'], { cwd });
    expect(github.stdout).toMatch(
      /^::notice file=tsconfig.json,title=awaitwise%3A tsconfig read differently::settings/m,
    );
  });

  it('exits 2 on an unknown engine, naming the choices', async () => {
    const cwd = project(files);
    const result = await runCli(['check', '--engine', 'tsgo'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Expected `--engine` to be one of ts6, native, got `tsgo`.');
  });

  it('documents the option and the config key in --help', async () => {
    const cwd = project({});
    const help = await runCli(['check', '--help'], { cwd });
    expect(help.stdout).toContain('--engine <name>');
    expect(help.stdout).toContain('engine    "native" (default) or "ts6"');
    expect(help.stdout).toMatch(
      /--engine <name> +the type checker: native \(TypeScript 7's native checker, a Go process; default;/,
    );
  });
});

interface Report {
  readonly findings: readonly { file: string; line: number; ruleId: string; message: string }[];
  readonly notes: readonly { file: string; message: string }[];
  readonly stats: { engine: string; workers: number; nativeRequests: number };
}
