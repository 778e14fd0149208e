import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  caseProblems,
  eslintPitfalls,
  halfOf,
  judge,
  lineSlack,
  tally,
  type ScoredFinding,
} from '../bench/real-bugs/scoring.js';

const sides = { before: '/w/timer-leak/x/before/before.ts', after: '/w/timer-leak/x/after/after.ts' };
const timerCase = { pitfall: 'timer-leak', lines: [10, 20] };

function finding(
  file: string,
  line: number,
  rule = 'timer-leak',
  pitfalls: readonly string[] = [rule],
): ScoredFinding {
  return { file, line, rule, pitfalls };
}

describe('judge', () => {
  it('finds the bug when a finding of the pitfall is within the slack of a listed line', () => {
    expect(lineSlack).toBe(2);
    const verdict = judge(timerCase, sides, [finding(sides.before, 22)]);
    expect(verdict.found).toBe(true);
    expect(verdict.hitLines).toEqual([22]);
  });

  it('misses when the only finding is farther than the slack, and reports where it was', () => {
    const verdict = judge(timerCase, sides, [finding(sides.before, 23), finding(sides.before, 7)]);
    expect(verdict.found).toBe(false);
    expect(verdict.beforeElsewhere).toEqual([23, 7]);
  });

  it('does not count a finding of another pitfall near the lines', () => {
    const verdict = judge(timerCase, sides, [finding(sides.before, 10, 'listener-leak')]);
    expect(verdict.found).toBe(false);
  });

  it('counts an ESLint rule for the pitfalls it is mapped to', () => {
    const voidCase = { pitfall: 'async-void-callback', lines: [5] };
    const rule = '@typescript-eslint/no-misused-promises';
    const verdict = judge(voidCase, sides, [finding(sides.before, 5, rule, eslintPitfalls[rule] ?? [])]);
    expect(verdict.found).toBe(true);
  });

  it('calls any finding of the pitfall in after.* a false alarm, and lists other pitfalls there apart', () => {
    const verdict = judge(timerCase, sides, [
      finding(sides.after, 99),
      finding(sides.after, 3, 'floating-promise'),
    ]);
    expect(verdict.falseAlarms).toEqual([99]);
    expect(verdict.otherAfter).toEqual(['floating-promise']);
  });

  it('ignores findings in files other than the case’s own', () => {
    const verdict = judge(timerCase, sides, [finding('/w/timer-leak/x/before/types.d.ts', 10)]);
    expect(verdict.found).toBe(false);
    expect(verdict.falseAlarms).toEqual([]);
  });
});

describe('tally', () => {
  it('counts each case once as TP or FN, and once as FP however many false alarms it has', () => {
    expect(
      tally([
        { found: true, falseAlarms: [] },
        { found: false, falseAlarms: [1, 2, 3] },
        { found: true, falseAlarms: [4] },
      ]),
    ).toEqual({ cases: 3, tp: 2, fn: 1, fp: 2 });
  });
});

describe('halfOf', () => {
  it('puts a project in one half whatever the case of its name, and uses both halves', () => {
    expect(halfOf('Owner/Repo')).toBe(halfOf('owner/repo'));
    const halves = new Set(['a/b', 'c/d', 'e/f', 'g/h', 'i/j', 'k/l', 'm/n', 'o/p'].map((p) => halfOf(p)));
    expect(halves).toEqual(new Set(['tune', 'held-back']));
  });
});

describe('caseProblems', () => {
  const good = {
    pitfall: 'timer-leak',
    project: 'owner/repo',
    fixCommit: '0123abc',
    beforeCommit: '0123abc^',
    source: '',
    file: 'src/x.ts',
    lines: [3],
    summary: 'A timer is never cleared.',
  };
  const context = { pitfall: 'timer-leak', beforeLineCount: 10 };

  it('accepts a well-formed case', () => {
    expect(caseProblems(good, context)).toEqual([]);
  });

  it('rejects a project on the excluded list, in any case', () => {
    const problems = caseProblems(
      { ...good, project: 'Owner/Repo' },
      { ...context, excluded: new Set(['owner/repo']) },
    );
    expect(problems).toEqual(['Owner/Repo is on the excluded list (the hidden sets come from it)']);
  });

  it('names each malformed field', () => {
    const problems = caseProblems(
      { ...good, pitfall: 'listener-leak', project: 'repo', fixCommit: 'HEAD', lines: [], summary: '' },
      context,
    );
    expect(problems).toEqual([
      '"pitfall" is "listener-leak", the folder says timer-leak',
      '"project" must be "owner/repo", got "repo"',
      '"fixCommit" must be a commit sha, got "HEAD"',
      '"lines" must be a non-empty array of line numbers',
      'no "summary"',
    ]);
  });

  it('rejects lines past the end of before.*', () => {
    expect(caseProblems({ ...good, lines: [11] }, context)).toEqual([
      '"lines" points past the end of before.* (10 lines)',
    ]);
  });
});

describe('score.js end to end', () => {
  it('matches awaitwise findings to the case they belong to (one case, run as a user runs it)', () => {
    // A case that the default rules find: if findings stop reaching their case (a path mismatch), this fails.
    const out = join(mkdtempSync(join(tmpdir(), 'real-bugs-score-')), 'verdicts.json');
    execFileSync(
      process.execPath,
      [
        fileURLToPath(new URL('../bench/real-bugs/score.js', import.meta.url)),
        '--only',
        'outline--logout-revoke-not-awaited',
        '--no-eslint',
        '--json',
        out,
      ],
      { stdio: 'pipe' },
    );
    const [verdict] = JSON.parse(readFileSync(out, 'utf8')) as [
      { awaitwise: { found: boolean; hitLines: number[] } },
    ];
    expect(verdict.awaitwise.found).toBe(true);
    expect(verdict.awaitwise.hitLines.length).toBeGreaterThan(0);
  }, 120_000);
});
