import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzerTargets, evaluateTargets, median, summarize } from '../bench/lib/bench-stats.js';
import {
  eslintAsyncRules,
  eslintRuleOfOxlintCode,
  oxlintAsyncRules,
  oxlintRuleName,
} from '../bench/lib/eslint-async-rules.js';
import {
  descendantsAndSelf,
  parentPidFromStat,
  runMeasured,
  statusFieldKb,
} from '../bench/lib/process-tree-memory.js';
import {
  awaitwiseCounts,
  eslintCounts,
  filesInReport,
  oxlintCounts,
  parseErrorRule,
  tscCounts,
} from '../bench/lib/tool-findings.js';

const mib = 2 ** 20;

/** A Node script that holds `mb` MiB of touched memory for `holdMs`, after starting `children` copies of `child`. */
function holder(mb: number, holdMs: number, children = 0, child = ''): string {
  return `const { spawn } = require('node:child_process');
for (let i = 0; i < ${children}; i++) spawn(process.execPath, ['-e', ${JSON.stringify(child)}], { stdio: 'inherit' });
const held = Buffer.alloc(${mb} * ${mib}, 1);
setTimeout(() => held.length, ${holdMs});`;
}

describe.runIf(process.platform === 'linux')('runMeasured: peak memory of a process tree', () => {
  it('sums a parent and its two children, more than any one of them', async () => {
    const run = await runMeasured(process.execPath, ['-e', holder(60, 1200, 2, holder(120, 1000))]);
    expect(run.status).toBe(0);
    expect(run.peakProcesses).toBe(3);
    expect(run.peakByProcess.map((process) => process.name)).toEqual(['node', 'node', 'node']);
    expect(run.peakByProcess.reduce((sum, process) => sum + process.mb, 0)).toBeCloseTo(run.peakMb, 5);
    // Largest first: a child holding 120 MiB before the parent holding 60 MiB.
    expect(run.peakByProcess[0]!.mb).toBeGreaterThan(run.peakByProcess[2]!.mb + 40);
    // 60 + 2 × 120 MiB of buffers, plus three Node runtimes.
    expect(run.peakMb).toBeGreaterThan(300);
    expect(run.largestProcessPeakMb).toBeGreaterThan(120);
    expect(run.largestProcessPeakMb).toBeLessThan(run.peakMb / 2);
    expect(run.samples).toBeGreaterThan(10);
  });

  it('measures a single process as itself', async () => {
    const run = await runMeasured(process.execPath, ['-e', holder(150, 500)]);
    expect(run.peakProcesses).toBe(1);
    expect(run.peakMb).toBeGreaterThan(150);
    // The tree of one process peaks where its own high-water mark does (sampling may miss the last MiBs).
    expect(run.peakMb).toBeGreaterThan(run.largestProcessPeakMb * 0.9);
    expect(run.peakMb).toBeLessThanOrEqual(run.largestProcessPeakMb);
  });

  it('kills the whole tree when the timeout passes', async () => {
    const sleeper = 'console.log(process.pid); setTimeout(() => {}, 60_000);';
    const run = await runMeasured(process.execPath, ['-e', holder(1, 60_000, 1, sleeper)], {
      timeoutMs: 1000,
    });
    expect(run.status).toBeNull();
    const childPid = Number(run.stdout.trim());
    expect(childPid).toBeGreaterThan(0);
    // Gone, or a zombie waiting for init to reap it: either way no longer running.
    const status = existsSync(`/proc/${childPid}/status`)
      ? readFileSync(`/proc/${childPid}/status`, 'utf8')
      : '';
    expect(status === '' || /^State:\s+Z/m.test(status)).toBe(true);
  });

  it('keeps stdout, stderr and the exit status', async () => {
    const run = await runMeasured(process.execPath, [
      '-e',
      'process.stdout.write("out"); process.stderr.write("err"); process.exitCode = 3;',
    ]);
    expect(run).toMatchObject({ stdout: 'out', stderr: 'err', status: 3 });
  });
});

describe('/proc parsing', () => {
  it('reads the parent pid after a command name with spaces and parentheses', () => {
    expect(parentPidFromStat('4242 (node (a) b) S 17 4242 17 0 -1 4194560 1234')).toBe(17);
    expect(parentPidFromStat('')).toBeUndefined();
  });

  it('reads a kB field of a status file, 0 when absent', () => {
    const status = 'Name:\tnode\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\nThreads:\t7\n';
    expect(statusFieldKb(status, 'VmRSS')).toBe(102400);
    expect(statusFieldKb(status, 'VmHWM')).toBe(204800);
    expect(statusFieldKb('Name:\tzombie\nState:\tZ\n', 'VmRSS')).toBe(0);
  });

  it('finds the descendants of a pid, not its siblings or parent', () => {
    const parentOf = new Map([
      [10, 1],
      [11, 10],
      [12, 10],
      [13, 12],
      [20, 1],
      [21, 20],
    ]);
    expect(descendantsAndSelf(10, parentOf).sort()).toEqual([10, 11, 12, 13]);
    expect(descendantsAndSelf(99, parentOf)).toEqual([99]);
  });
});

describe('findings per rule of each tool', () => {
  it('counts awaitwise findings by rule, and files it could not check', () => {
    const report = {
      findings: [{ ruleId: 'floating-promise' }, { ruleId: 'timer-leak' }, { ruleId: 'floating-promise' }],
      fileErrors: [{ file: 'a.ts' }],
    };
    expect([...awaitwiseCounts(JSON.stringify(report))]).toEqual([
      ['floating-promise', 2],
      ['timer-leak', 1],
      ['(files not checked)', 1],
    ]);
  });

  it("counts ESLint messages by rule, parse errors apart, not a project's directives for unloaded rules", () => {
    const report = [
      {
        messages: [
          { ruleId: 'no-await-in-loop', message: 'Unexpected `await` inside a loop.' },
          { ruleId: null, message: 'Parsing error: ; expected' },
          {
            ruleId: 'jsdoc/require-jsdoc',
            message: "Definition for rule 'jsdoc/require-jsdoc' was not found.",
          },
        ],
      },
      { messages: [{ ruleId: 'no-await-in-loop', message: 'Unexpected `await` inside a loop.' }] },
    ];
    expect([...eslintCounts(JSON.stringify(report))]).toEqual([
      ['no-await-in-loop', 2],
      [parseErrorRule, 1],
    ]);
  });

  it("counts oxlint diagnostics under ESLint's rule names", () => {
    const report = {
      diagnostics: [
        { code: 'typescript(return-await)' },
        { code: 'eslint(no-await-in-loop)' },
        { code: 'typescript(return-await)' },
        { message: 'Expected a semicolon' },
      ],
    };
    expect([...oxlintCounts(JSON.stringify(report))]).toEqual([
      ['@typescript-eslint/return-await', 2],
      [parseErrorRule, 1],
      ['no-await-in-loop', 1],
    ]);
  });

  it('reads how many files each linter looked at', () => {
    expect(filesInReport('awaitwise', JSON.stringify({ findings: [], stats: { files: 131 } }))).toBe(131);
    expect(filesInReport('eslint', JSON.stringify([{ messages: [] }, { messages: [] }]))).toBe(2);
    expect(filesInReport('oxlint', JSON.stringify({ diagnostics: [], number_of_files: 185 }))).toBe(185);
    expect(filesInReport('oxlint', JSON.stringify({ diagnostics: [] }))).toBeUndefined();
  });

  it("counts tsc's type errors", () => {
    const out =
      "src/a.ts(1,7): error TS2322: Type 'string'…\nsrc/b.ts(2,1): error TS2304: Cannot find name 'x'.\n";
    expect([...tscCounts(out)]).toEqual([['type errors', 2]]);
    expect(tscCounts('').size).toBe(0);
  });

  it('gives oxlint the same rules with the same options as ESLint, and maps their names back', () => {
    expect(Object.values(oxlintAsyncRules)).toEqual(Object.values(eslintAsyncRules));
    expect(oxlintAsyncRules['typescript/return-await']).toEqual(['error', 'in-try-catch']);
    for (const rule of Object.keys(eslintAsyncRules)) {
      const code = oxlintRuleName(rule).replace(/^(\w+)\/(.+)$/, '$1($2)');
      expect(eslintRuleOfOxlintCode(code)).toBe(rule);
    }
    expect(eslintRuleOfOxlintCode('unicorn(no-thenable)')).toBe('unicorn(no-thenable)');
  });
});

describe('targets', () => {
  const tool = (wallMs: number, peakMb: number) => summarize([{ wallMs, peakMb, peakProcesses: 1 }]);

  it('takes medians and the best time of the rounds', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(3);
    expect(() => median([])).toThrow(RangeError);
    expect(
      summarize([
        { wallMs: 300, peakMb: 10, peakProcesses: 1 },
        { wallMs: 100, peakMb: 30, peakProcesses: 3 },
        { wallMs: 200, peakMb: 20, peakProcesses: 1, peakByProcess: [{ name: 'node', mb: 20 }] },
      ]),
    ).toEqual({
      wallMs: 200,
      bestMs: 100,
      peakMb: 20,
      processes: 3,
      peakByProcess: [{ name: 'node', mb: 20 }],
      runs: 3,
    });
  });

  it('computes met and not met from the figures', () => {
    const eslint = tool(10_000, 500);
    const oxlint = tool(1_500, 300);
    const met = evaluateTargets(tool(2_000, 400), { eslint, oxlint });
    expect(met.map((result) => [result.target.id, result.met])).toEqual([
      ['faster-than-eslint', true],
      ['near-oxlint', true],
      ['less-memory-than-eslint', true],
    ]);
    const notMet = evaluateTargets(tool(2_500, 500), { eslint, oxlint });
    expect(notMet.map((result) => [result.ratio, result.met])).toEqual([
      [4, false],
      [2500 / 1500, false],
      [1, false],
    ]);
    expect(
      analyzerTargets.map((target) => target.show(notMet[analyzerTargets.indexOf(target)]!.ratio!)),
    ).toEqual(['4.0× faster', "1.7× oxlint's time", "100% of ESLint's"]);
  });

  it('meets no target when a peer or awaitwise has no run', () => {
    const results = evaluateTargets(tool(1_000, 100), { eslint: tool(10_000, 500) });
    expect(results.map((result) => [result.target.id, result.ratio === undefined, result.met])).toEqual([
      ['faster-than-eslint', false, true],
      ['near-oxlint', true, false],
      ['less-memory-than-eslint', false, true],
    ]);
    expect(evaluateTargets(undefined, { eslint: tool(1, 1), oxlint: tool(1, 1) }).every((r) => !r.met)).toBe(
      true,
    );
  });
});

describe('bench/lib/native-floor-stage.js: the native engine before its first rule', () => {
  const script = fileURLToPath(new URL('../bench/lib/native-floor-stage.js', import.meta.url));
  const project = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'awaitwise-floor-'));
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true }, include: ['*.ts'] }),
    );
    writeFileSync(join(dir, 'a.ts'), 'export const a = 1;\nexport const b = 2;\n');
    writeFileSync(join(dir, 'b.ts'), "import { a } from './a.js';\nexport const c = a;\n");
    return dir;
  };

  it('opens the tsconfig in TypeScript 7 and parses every file it names, each stage including the one before', () => {
    const dir = project();
    try {
      const run = (stage: string) =>
        spawnSync(process.execPath, [script, stage], { cwd: dir, encoding: 'utf8' });
      expect(run('load')).toMatchObject({ status: 0, stdout: '' });
      const open = run('open');
      expect(open.status).toBe(0);
      expect(open.stdout.trim()).toBe(`opened ${join(dir, 'tsconfig.json')}`);
      const parse = run('parse');
      expect(parse.status).toBe(0);
      expect(parse.stdout.trim()).toBe(
        `opened ${join(dir, 'tsconfig.json')}; parsed 2 files, 4 top-level statements`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an unknown stage with a usage line', () => {
    const run = spawnSync(process.execPath, [script, 'rules'], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('Usage: node bench/lib/native-floor-stage.js load|open|parse');
  });
});
