import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pitfallIds, repositoryFileUrl } from '@awaitwise/catalog';
import { configDocsUrl } from '../src/commands/check.js';
import { engineChecksDocsUrl } from '../src/format/shared.js';
import { badSource, runCli, testRules, varToLet } from './helpers.js';
import { tempProjectsRemovedAfterEach } from '../../../test/support/temp-project.js';

const project = tempProjectsRemovedAfterEach();

interface JsonReport {
  findings: { ruleId: string; file: string; line: number; severity: string; message: string }[];
  stats: { files: number; cachedFiles: number; fixedFiles: number; fixPasses: number };
}

async function checkJson(
  cwd: string,
  args: string[] = [],
  rules = testRules,
): Promise<JsonReport & { code: number }> {
  const result = await runCli(['check', 'src', '--format', 'json', ...args], { cwd, rules });
  return { code: result.code, ...(JSON.parse(result.stdout) as JsonReport) };
}

describe('suppression comments', () => {
  it('silence the next line and the whole file, and report unused and unknown ones', async () => {
    const cwd = project({
      'src/a.ts': [
        '// awaitwise-ignore-next-line async-promise-executor -- legacy wrapper, removed in #42',
        'export const a = new Promise(async (resolve) => resolve(1));',
        'export const b = new Promise(async (resolve) => resolve(2));',
        '// awaitwise-ignore-next-line async-promise-executor',
        'export const c = 3;',
        '/* awaitwise-ignore-next-line not-a-rule */',
        'export const d = 4;',
        "export const e = '// awaitwise-ignore-next-line async-promise-executor';",
        'export const f = new Promise(async (resolve) => resolve(6));',
        '',
      ].join('\n'),
      'src/b.ts': '// awaitwise-ignore-file async-promise-executor\n' + badSource,
    });
    const report = await checkJson(cwd);
    expect(report.findings.map((f) => [f.file, f.line, f.ruleId, f.severity])).toEqual([
      ['src/a.ts', 3, 'async-promise-executor', 'error'],
      ['src/a.ts', 4, 'unused-suppression', 'warning'],
      ['src/a.ts', 6, 'invalid-suppression', 'warning'],
      // A directive inside a string is not a comment: line 9 stays flagged.
      ['src/a.ts', 9, 'async-promise-executor', 'error'],
    ]);
    expect(report.findings[1]?.message).toBe(
      '`awaitwise-ignore-next-line async-promise-executor` is unused: `async-promise-executor` reports nothing on ' +
        'line 5. Remove the comment.',
    );
    expect(report.findings[2]?.message).toContain('Unknown rule id `not-a-rule`');
    expect(report.code).toBe(1);
  });

  it('can turn the unused-suppression report off in the config', async () => {
    const cwd = project({
      'src/a.ts': '// awaitwise-ignore-next-line async-promise-executor\nexport const c = 3;\n',
      'awaitwise.config.json': JSON.stringify({ rules: { 'unused-suppression': 'off' } }),
    });
    const report = await checkJson(cwd);
    expect(report.findings).toEqual([]);
    expect(report.code).toBe(0);
  });
});

describe('--fix', () => {
  it('applies fixes, re-checks until stable and writes the files', async () => {
    const cwd = project({
      'src/a.ts': 'var a = 1;\nfor (var i = 0; i < 2; i++) { var b = i; }\nexport { a };\n',
    });
    const before = await checkJson(cwd, [], [varToLet]);
    expect(before.findings.map((f) => f.line)).toEqual([1, 2, 2]);
    const fixed = await checkJson(cwd, ['--fix'], [varToLet]);
    expect(readFileSync(join(cwd, 'src/a.ts'), 'utf8')).toBe(
      'let a = 1;\nfor (let i = 0; i < 2; i++) { let b = i; }\nexport { a };\n',
    );
    expect(fixed.findings).toEqual([]);
    expect(fixed.stats.fixedFiles).toBe(1);
    expect(fixed.code).toBe(0);
  });

  it('never applies suggestions and leaves unfixable findings reported', async () => {
    const cwd = project({ 'src/a.ts': badSource });
    const report = await checkJson(cwd, ['--fix']);
    expect(readFileSync(join(cwd, 'src/a.ts'), 'utf8')).toBe(badSource);
    expect(report.findings).toHaveLength(1);
    expect(report.stats.fixedFiles).toBe(0);
  });
});

describe('--fix says what it did', () => {
  const awaitingExecutor =
    'export const p = new Promise(async (resolve) => resolve(await Promise.resolve(1)));\n';

  it('says that nothing was fixed when its fix does not cover a finding of a partly fixable rule', async () => {
    const cwd = project({ 'src/a.ts': awaitingExecutor });
    const result = await runCli(['check', 'src', '--fix', '--format', 'json'], { cwd });
    expect(readFileSync(join(cwd, 'src/a.ts'), 'utf8')).toBe(awaitingExecutor);
    expect(JSON.parse(result.stdout)).toMatchObject({ findings: [{ ruleId: 'async-promise-executor' }] });
    expect(result.stderr).toBe(
      'awaitwise: --fix: no fixes applied; 1 finding has no automatic fix.\n' +
        '  async-promise-executor: 1 finding its fix does not cover; change it by hand as the message says ' +
        '(`awaitwise explain async-promise-executor`).\n',
    );
    expect(result.code).toBe(1);
  });

  it('counts the files it fixed and the findings left', async () => {
    const cwd = project({
      'src/a.ts': awaitingExecutor + 'export const q = new Promise(async (resolve) => resolve(1));\n',
      'src/b.ts': 'export const r = new Promise(async (resolve) => resolve(2));\n',
    });
    const result = await runCli(['check', 'src', '--fix', '--no-progress'], { cwd });
    expect(readFileSync(join(cwd, 'src/b.ts'), 'utf8')).toBe(
      'export const r = new Promise((resolve) => resolve(2));\n',
    );
    expect(result.stderr).toMatch(
      /^awaitwise: --fix: fixes applied to 2 files; 1 finding has no automatic fix\.\n/,
    );
    const clean = project({ 'src/a.ts': 'export const r = new Promise(async (resolve) => resolve(2));\n' });
    const fixed = await runCli(['check', 'src', '--fix'], { cwd: clean });
    expect(fixed.stderr).toBe('awaitwise: --fix: fixes applied to 1 file; no findings left.\n');
    expect(fixed.code).toBe(0);
  });

  it('prints nothing about fixes without --fix', async () => {
    const cwd = project({ 'src/a.ts': awaitingExecutor });
    expect((await runCli(['check', 'src'], { cwd })).stderr).toBe('');
  });
});

describe('the config file is documented where errors point', () => {
  it('check --help documents the config file and names the page that has the rest', async () => {
    const help = await runCli(['check', '--help'], { cwd: project({}) });
    expect(help.stdout).toContain('Config file (awaitwise.config.json');
    for (const key of ['"rules"', '"include"', '"exclude"', 'awaitwise-ignore-next-line']) {
      expect(help.stdout).toContain(key);
    }
    expect(help.stdout).toContain(configDocsUrl);
  });

  it('a config error points at that help and that page', async () => {
    const cwd = project({
      'src/a.ts': 'export const a = 1;\n',
      'awaitwise.config.json': JSON.stringify({ rules: { 'floating-promise': 'loud' } }),
    });
    const result = await runCli(['check', 'src'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`\`awaitwise check --help\`, or ${configDocsUrl}`);
  });

  it('links pages and headings that exist in the repository', () => {
    const root = join(import.meta.dirname, '../../..');
    for (const url of [configDocsUrl, engineChecksDocsUrl]) {
      const [path = '', heading = ''] = url.slice(repositoryFileUrl('').length).split('#');
      const text = readFileSync(join(root, path), 'utf8');
      const slugs = [...text.matchAll(/^#+ (.+)$/gm)].map((match) =>
        (match[1] ?? '')
          .toLowerCase()
          .replace(/[^a-z0-9 -]/g, '')
          .replace(/ /g, '-'),
      );
      expect(existsSync(join(root, path))).toBe(true);
      expect(slugs).toContain(heading);
    }
  });
});

describe('--cache', () => {
  it('reads unchanged files from the cache on the second run and re-checks a changed file', async () => {
    const cwd = project({ 'src/a.ts': badSource, 'src/b.ts': 'export const b = 1;\n' });
    const first = await checkJson(cwd, ['--cache', '--cache-location', '.cache-here']);
    expect(first.stats.cachedFiles).toBe(0);
    const cacheFile = join(cwd, '.cache-here', 'results.json');
    const written = statSync(cacheFile);
    expect(written.size).toBeGreaterThan(0);

    const second = await checkJson(cwd, ['--cache', '--cache-location', '.cache-here']);
    expect(second.stats.cachedFiles).toBe(2);
    expect(second.findings).toEqual(first.findings);
    // Nothing changed, so the cache file was not rewritten.
    expect(statSync(cacheFile).mtimeMs).toBe(written.mtimeMs);

    writeFileSync(join(cwd, 'src/b.ts'), badSource);
    const third = await checkJson(cwd, ['--cache', '--cache-location', '.cache-here']);
    expect(third.stats.cachedFiles).toBe(1);
    expect(third.findings.map((f) => f.file)).toEqual(['src/a.ts', 'src/b.ts']);
  });

  it('is not used without --cache, and a new rule config invalidates it', async () => {
    const cwd = project({ 'src/a.ts': badSource });
    await checkJson(cwd, ['--cache']);
    expect((await checkJson(cwd)).stats.cachedFiles).toBe(0);
    expect((await checkJson(cwd, ['--cache'])).stats.cachedFiles).toBe(1);
    writeFileSync(
      join(cwd, 'awaitwise.config.json'),
      JSON.stringify({ rules: { 'async-promise-executor': 'info' } }),
    );
    const changed = await checkJson(cwd, ['--cache']);
    expect(changed.stats.cachedFiles).toBe(0);
    expect(changed.findings[0]?.severity).toBe('info');
  });
});

describe('explain and rules', () => {
  it('explain prints the pitfall page, or exits 2 for an unknown id', async () => {
    const cwd = project({});
    const result = await runCli(['explain', 'async-promise-executor'], { cwd });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^# async-promise-executor: Async Promise executor\n/);
    const engine = await runCli(['explain', 'unused-suppression'], { cwd });
    expect(engine.stdout).toMatch(/^# unused-suppression:/);
    const unknown = await runCli(['explain', 'nope'], { cwd });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown pitfall id `nope`.');
    expect(unknown.stderr).toContain('floating-promise');
  });

  it('rules lists the whole catalog and marks the pitfalls that have a rule', async () => {
    const cwd = project({});
    const result = await runCli(['rules', '--json'], { cwd, rules: testRules });
    const rows = JSON.parse(result.stdout) as { id: string; rule: boolean; severity: string | null }[];
    expect(rows.map((row) => row.id)).toEqual([...pitfallIds]);
    expect(rows.filter((row) => row.rule)).toEqual([
      expect.objectContaining({
        id: 'async-promise-executor',
        rule: true,
        severity: 'error',
        requiresTypes: false,
      }),
    ]);
    const table = await runCli(['rules'], { cwd, rules: testRules });
    expect(table.stdout).toContain('1 of 20 pitfalls have an analyzer rule.');
    expect(table.stdout).toMatch(/async-promise-executor\s+yes\s+error/);
  });

  it('rules says which rules --fix covers fully and which only partly', async () => {
    const result = await runCli(['rules', '--json'], { cwd: project({}) });
    const rows = JSON.parse(result.stdout) as { id: string; fixable: boolean | 'partly' }[];
    const fixability = Object.fromEntries(rows.map((row) => [row.id, row.fixable]));
    expect(fixability['async-promise-executor']).toBe('partly');
    expect(fixability['return-await-in-try']).toBe(true);
    expect(fixability['floating-promise']).toBe(false);
    const table = await runCli(['rules'], { cwd: project({}) });
    expect(table.stdout).toMatch(/async-promise-executor\s+yes\s+error\s+-\s+partly\s/);
    expect(table.stdout).toMatch(/return-await-in-try\s+yes\s+error\s+yes\s+yes\s/);
    expect(table.stdout).toContain('partly: the others need a change by hand');
  });

  it('doctor hands over to @awaitwise/doctor', async () => {
    const cwd = project({});
    const help = await runCli(['doctor', '--help'], { cwd });
    expect(help.code).toBe(0);
    expect(help.stdout + help.stderr).toContain('Usage: awaitwise doctor');
    const missing = await runCli(['doctor'], { cwd });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no command to run');
  });
});

describe('generated files', () => {
  const bug = 'export const p = new Promise(async (resolve) => resolve(1));\n';
  const files = {
    'src/hand.ts': bug,
    'public/mockServiceWorker.js': `/* Please do NOT modify this file. */\n${bug}`,
    'client-dist/socket.js': bug,
    'client-dist/socket.min.js': bug,
  };

  it('are skipped and said so in the summary, with the flag that checks them', async () => {
    const cwd = project(files);
    const { stdout } = await runCli(['check', '.'], { cwd, rules: testRules });
    expect(stdout).toContain(
      "Skipped 3 generated files (1 in build output folders, e.g. client-dist/socket.js; 1 minified, e.g. client-dist/socket.min.js; 1 with a code generator's banner, e.g. public/mockServiceWorker.js); --include-generated to check them.",
    );
    expect(stdout).toContain('1 file checked');
    const all = await runCli(['check', '.', '--include-generated'], { cwd, rules: testRules });
    expect(all.stdout).not.toContain('Skipped');
    expect(all.stdout).toContain('4 files checked');
  });

  it('are listed in the JSON report with their reason and evidence', async () => {
    const cwd = project(files);
    const { stdout } = await runCli(['check', '.', '--format', 'json'], { cwd, rules: testRules });
    const report = JSON.parse(stdout) as { skipped: { file: string; reason: string; detail: string }[] };
    expect(report.skipped.map(({ file, reason, detail }) => ({ file, reason, detail }))).toEqual([
      { file: 'client-dist/socket.js', reason: 'output-folder', detail: 'in a `client-dist/` folder' },
      { file: 'client-dist/socket.min.js', reason: 'minified', detail: 'a `.min.js` name' },
      { file: 'public/mockServiceWorker.js', reason: 'banner', detail: '"do not edit" in its header' },
    ]);
  });

  it('say nothing when none was skipped', async () => {
    const cwd = project({ 'src/hand.ts': bug });
    expect((await runCli(['check', '.'], { cwd, rules: testRules })).stdout).not.toContain('Skipped');
  });
});
