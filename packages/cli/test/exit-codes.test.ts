import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { badSource, goodSource, runCli, testRules } from './helpers.js';
import { tempProjectsRemovedAfterEach } from '../../../test/support/temp-project.js';

const project = tempProjectsRemovedAfterEach();

describe('awaitwise check exit codes', () => {
  it('exits 0 when nothing is found', async () => {
    const cwd = project({ 'src/a.ts': goodSource });
    const result = await runCli(['check', 'src'], { cwd, rules: testRules });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('No problems found: 1 file checked');
  });

  it('exits 1 on a finding', async () => {
    const cwd = project({ 'src/a.ts': badSource });
    const result = await runCli(['check', 'src'], { cwd, rules: testRules });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('async-promise-executor');
  });

  it('exits 0 when every finding is below --max-severity', async () => {
    const cwd = project({
      'src/a.ts': badSource,
      'awaitwise.config.json': JSON.stringify({ rules: { 'async-promise-executor': 'info' } }),
    });
    // The default threshold is `warning`: info findings are shown but do not fail the run.
    expect((await runCli(['check', 'src'], { cwd, rules: testRules })).code).toBe(0);
    expect((await runCli(['check', 'src', '--max-severity', 'error'], { cwd, rules: testRules })).code).toBe(
      0,
    );
    expect(
      (await runCli(['check', 'src', '--max-severity', 'warning'], { cwd, rules: testRules })).code,
    ).toBe(0);
    expect((await runCli(['check', 'src', '--max-severity', 'info'], { cwd, rules: testRules })).code).toBe(
      1,
    );
  });

  it('counts warnings against --max-warnings', async () => {
    const cwd = project({
      'src/a.ts': badSource,
      'src/b.ts': badSource,
      'awaitwise.config.json': JSON.stringify({ rules: { 'async-promise-executor': 'warning' } }),
    });
    expect((await runCli(['check', 'src', '--max-warnings', '2'], { cwd, rules: testRules })).code).toBe(0);
    expect((await runCli(['check', 'src', '--max-warnings', '1'], { cwd, rules: testRules })).code).toBe(1);
    expect((await runCli(['check', 'src'], { cwd, rules: testRules })).code).toBe(1);
  });

  it('exits 2 with what failed, the cause and the next step on bad usage', async () => {
    const cwd = project({ 'src/a.ts': goodSource });
    const badFormat = await runCli(['check', '--format', 'xml'], { cwd, rules: testRules });
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toBe(
      'awaitwise: invalid usage\n  Expected `--format` to be one of pretty, json, sarif, github, got `xml`.\n' +
        '  Next: Pick one of the listed formats.\n',
    );
    const missing = await runCli(['check', 'nope'], { cwd, rules: testRules });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('No such file or folder: nope');
    const unknownFlag = await runCli(['check', '--frobnicate'], { cwd, rules: testRules });
    expect(unknownFlag.code).toBe(2);
    expect(unknownFlag.stderr).toContain("Unknown option '--frobnicate'");
    expect((await runCli(['frobnicate'], { cwd })).code).toBe(2);
    expect((await runCli(['check', '--max-warnings', '-1'], { cwd, rules: testRules })).code).toBe(2);
    expect((await runCli(['check', '--project', 'missing.json'], { cwd, rules: testRules })).code).toBe(2);
  });

  it('exits 2 on a config error, naming the file, the key, the expectation and the value', async () => {
    const cwd = project({
      'src/a.ts': goodSource,
      'awaitwise.config.json': JSON.stringify({ rules: { 'async-promise-executor': 'loud' } }),
    });
    const result = await runCli(['check', 'src'], { cwd, rules: testRules });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('awaitwise: invalid configuration');
    expect(result.stderr).toContain(
      'expected `rules.async-promise-executor` to be one of "error", "warning", "info", "off", got `"loud"` (string).',
    );
    expect(result.stderr).toContain('awaitwise.config.json');
    expect(result.stderr).toContain('Next: Fix that key in the config file');
  });

  it('exits 1 and goes on when a file cannot be parsed', async () => {
    const cwd = project({ 'src/a.ts': badSource, 'src/broken.ts': 'export const x = (;\n' });
    const result = await runCli(['check', 'src', '--format', 'json'], { cwd, rules: testRules });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as {
      findings: { file: string }[];
      fileErrors: { file: string; kind: string; line: number; message: string }[];
    };
    expect(report.findings.map((f) => f.file)).toEqual(['src/a.ts']);
    expect(report.fileErrors).toMatchObject([
      { file: 'src/broken.ts', kind: 'parse', line: 1, message: 'cannot be parsed: Expression expected.' },
    ]);
  });

  it('prints help and the version', async () => {
    const cwd = project({});
    const help = await runCli(['--help'], { cwd });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('check [paths...]');
    const checkHelp = await runCli(['check', '--help'], { cwd });
    expect(checkHelp.stdout).toContain('--max-severity');
    expect((await runCli(['--version'], { cwd })).stdout).toMatch(/^\d+\.\d+\.\d+/);
    expect((await runCli([], { cwd })).code).toBe(2);
  });

  it('works as the installed bin (a child process through the shim)', () => {
    const cwd = project({ 'src/a.ts': 'export const p = new Promise(async (resolve) => resolve(1));\n' });
    const bin = join(import.meta.dirname, '../bin/awaitwise.js');
    const child = spawnSync(process.execPath, [bin, 'check', 'src', '--format', 'json'], {
      cwd,
      encoding: 'utf8',
    });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(1);
    const report = JSON.parse(child.stdout) as { findings: { ruleId: string; file: string }[] };
    expect(report.findings.map((f) => [f.ruleId, f.file])).toEqual([['async-promise-executor', 'src/a.ts']]);
    const version = spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8' });
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});
