import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import ajvDraft04 from 'ajv-draft-04';
import type { ValidateFunction } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '@awaitwise/analyzer';
import { badSource, runCli, testRules } from './helpers.js';
import { tempProject } from '../../../test/support/temp-project.js';

// The SARIF 2.1.0 schema (JSON Schema draft-04) as Microsoft publishes it in @microsoft/jest-sarif.
function sarifValidator(): ValidateFunction {
  const require = createRequire(import.meta.url);
  const schemaPath = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;
  // ajv-draft-04 is CommonJS: its class is the `default` property of the module.
  const Ajv = ajvDraft04.default;
  return new Ajv({ strict: false, allErrors: true, validateFormats: false, unicodeRegExp: false }).compile(
    schema,
  );
}

let dir = '';
let cleanup: () => void = () => undefined;
beforeAll(() => {
  ({ dir, cleanup } = tempProject({
    'src/a.ts': badSource,
    'src/clean.ts': 'export const one = 1;\n',
    'src/broken.ts': 'export const x = (;\n',
  }));
});
afterAll(() => {
  cleanup();
});

describe('pretty format', () => {
  it('groups by file with a code frame, the why, the fix and the docs link, without colours off a TTY', async () => {
    const { stdout, code } = await runCli(['check', 'src'], { cwd: dir, rules: testRules });
    expect(code).toBe(1);
    expect(stdout).not.toContain('\u001b[');
    expect(stdout).toContain(
      ['src/a.ts', '  2:22  error  async-promise-executor  This Promise executor is async'].join('\n'),
    );
    expect(stdout).toContain('    > 2 |   return new Promise(async (resolve) => resolve(1));\n');
    expect(stdout).toContain('      |                      ^^^^^\n');
    expect(stdout).toContain('    why: `new Promise(async (resolve) => …)` loses any error');
    expect(stdout).toContain('    fix: Remove the `new Promise` wrapper');
    expect(stdout).toContain(
      '    docs: https://github.com/awaitwise/awaitwise/blob/main/docs/pitfalls/async-promise-executor.md',
    );
    expect(stdout).toContain(
      'Files that could not be checked fully:\n  src/broken.ts:1:19 cannot be parsed: Expression expected.',
    );
    expect(stdout).toMatch(
      /✖ 1 problem \(1 error, 0 warnings, 0 info\) in 1 file: 3 files checked in \d+\.\ds on TypeScript 7\.\n$/,
    );
  });

  it('names the checker in its summary: TypeScript 6 with --engine ts6', async () => {
    const { stdout } = await runCli(['check', 'src', '--engine', 'ts6'], { cwd: dir, rules: testRules });
    expect(stdout).toMatch(/: 3 files checked in \d+\.\ds on TypeScript 6\.\n$/);
  });

  it('colours on a TTY, never with NO_COLOR, and when FORCE_COLOR asks', async () => {
    const tty = await runCli(['check', 'src'], { cwd: dir, rules: testRules, tty: true });
    expect(tty.stdout).toContain('\u001b[31merror\u001b[39m');
    const noColor = await runCli(['check', 'src'], {
      cwd: dir,
      rules: testRules,
      tty: true,
      env: { NO_COLOR: '1' },
    });
    expect(noColor.stdout).not.toContain('\u001b[');
    const forced = await runCli(['check', 'src'], { cwd: dir, rules: testRules, env: { FORCE_COLOR: '1' } });
    expect(forced.stdout).toContain('\u001b[31merror\u001b[39m');
  });
});

describe('json format', () => {
  it('lists findings with relative and absolute paths, docs links, file errors and stats', async () => {
    const { stdout } = await runCli(['check', 'src', '--format', 'json'], { cwd: dir, rules: testRules });
    const report = JSON.parse(stdout) as Record<string, unknown>;
    expect(report).toMatchObject({
      version: expect.stringMatching(/^\d+\.\d+\.\d+/) as unknown,
      findings: [
        {
          ruleId: 'async-promise-executor',
          severity: 'error',
          file: 'src/a.ts',
          absolutePath: `${dir}/src/a.ts`,
          line: 2,
          column: 22,
          endLine: 2,
          endColumn: 27,
          messageId: 'asyncExecutor',
          docsUrl: 'https://github.com/awaitwise/awaitwise/blob/main/docs/pitfalls/async-promise-executor.md',
          suggestions: [],
          fix: null,
        },
      ],
      fileErrors: [{ file: 'src/broken.ts', kind: 'parse' }],
      stats: { files: 3, cachedFiles: 0 },
    });
  });
});

describe('sarif format', () => {
  it('is valid SARIF 2.1.0 (checked against the official schema)', async () => {
    const { stdout } = await runCli(['check', 'src', '--format', 'sarif'], { cwd: dir, rules: testRules });
    const log = JSON.parse(stdout) as {
      version: string;
      runs: {
        tool: { driver: { name: string; rules: { id: string }[] } };
        results: { ruleId: string; ruleIndex: number; level: string; locations: unknown[] }[];
        invocations: { executionSuccessful: boolean }[];
      }[];
    };
    const validate = sarifValidator();
    const valid = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);

    const run = log.runs[0]!;
    expect(log.version).toBe('2.1.0');
    expect(run.tool.driver.name).toBe('awaitwise');
    const result = run.results[0]!;
    expect(result).toMatchObject({
      ruleId: 'async-promise-executor',
      level: 'error',
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'src/a.ts', uriBaseId: '%SRCROOT%' },
            region: { startLine: 2, startColumn: 22, endLine: 2, endColumn: 27 },
          },
        },
      ],
    });
    expect(run.tool.driver.rules[result.ruleIndex]?.id).toBe('async-promise-executor');
    expect(run.invocations[0]?.executionSuccessful).toBe(false);
  });

  it('carries the tsconfig notes of the native engine as tool configuration notifications at the tsconfig', async () => {
    const project = tempProject({
      'tsconfig.json': JSON.stringify({
        compilerOptions: { strict: true, moduleResolution: 'node', module: 'commonjs', baseUrl: '.' },
        include: ['src'],
      }),
      'src/a.ts': badSource,
    });
    try {
      const check = async (engine: string) =>
        JSON.parse(
          (
            await runCli(['check', '--engine', engine, '--format', 'sarif'], {
              cwd: project.dir,
              rules: testRules,
            })
          ).stdout,
        ) as {
          runs: {
            tool: { driver: { notifications: { id: string }[] } };
            invocations: { toolConfigurationNotifications: unknown[] }[];
          }[];
        };
      const native = await check('native');
      const validate = sarifValidator();
      expect(validate(native)).toBe(true);
      expect(validate.errors ?? []).toEqual([]);
      const run = native.runs[0]!;
      expect(run.invocations[0]?.toolConfigurationNotifications).toEqual([
        {
          descriptor: { id: 'tsconfig-read-differently', index: 0 },
          level: 'note',
          message: {
            text: 'settings TypeScript 7 removed: moduleResolution "node" read as "bundler" without package.json exports/imports; baseUrl "." read as paths {"*":["./*"]}',
          },
          locations: [
            { physicalLocation: { artifactLocation: { uri: 'tsconfig.json', uriBaseId: '%SRCROOT%' } } },
          ],
        },
      ]);
      expect(run.tool.driver.notifications[0]?.id).toBe('tsconfig-read-differently');
      // TypeScript 6 reads the tsconfig as it is: no note.
      expect((await check('ts6')).runs[0]?.invocations[0]?.toolConfigurationNotifications).toEqual([]);
    } finally {
      project.cleanup();
    }
  });

  it('rejects a log that breaks the schema (the validation can fail)', () => {
    const validate = sarifValidator();
    expect(validate({ version: '2.1.0', runs: [{ results: [{ level: 'loud', message: {} }] }] })).toBe(false);
  });
});

describe('github format', () => {
  it('prints one workflow annotation per finding and per file error, escaped', async () => {
    const { stdout } = await runCli(['check', 'src', '--format', 'github'], { cwd: dir, rules: testRules });
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^::error file=src\/a\.ts,line=2,col=22,endLine=2,endColumn=27,title=awaitwise\(async-promise-executor\)::This Promise executor is async: .*%0AFix: Remove the `new Promise` wrapper.*%0Ahttps:\/\/github\.com\/awaitwise\/awaitwise\/blob\/main\/docs\/pitfalls\/async-promise-executor\.md$/,
    );
    expect(lines[1]).toBe(
      '::error file=src/broken.ts,line=1,col=19,title=awaitwise%3A file not checked::cannot be parsed: Expression expected.',
    );
  });
});

describe('analyze() and the JSON report', () => {
  it('agree on paths: file relative to the working folder, absolutePath absolute, outside files absolute', async () => {
    const outside = tempProject({ 'other.ts': badSource });
    try {
      const paths = ['src', join(outside.dir, 'other.ts')];
      const result = await analyze({ cwd: dir, paths, rules: testRules });
      const { stdout } = await runCli(['check', ...paths, '--format', 'json'], {
        cwd: dir,
        rules: testRules,
      });
      const report = JSON.parse(stdout) as {
        findings: { file: string; absolutePath: string }[];
        fileErrors: { file: string; absolutePath: string }[];
      };
      const pathsOf = (items: readonly { file: string; absolutePath: string }[]) =>
        items.map(({ file, absolutePath }) => ({ file, absolutePath }));
      // Sorted by absolute path: which temporary folder comes first is chance.
      expect(pathsOf(result.findings)).toEqual(
        [
          { file: join(outside.dir, 'other.ts'), absolutePath: join(outside.dir, 'other.ts') },
          { file: 'src/a.ts', absolutePath: join(dir, 'src/a.ts') },
        ].sort((a, b) => (a.absolutePath < b.absolutePath ? -1 : 1)),
      );
      expect(pathsOf(report.findings)).toEqual(pathsOf(result.findings));
      expect(pathsOf(result.fileErrors)).toEqual([
        { file: 'src/broken.ts', absolutePath: join(dir, 'src/broken.ts') },
      ]);
      expect(pathsOf(report.fileErrors)).toEqual(pathsOf(result.fileErrors));
    } finally {
      outside.cleanup();
    }
  });
});
