// The scoring rules of the real-bug corpus, apart from the files and tools so that they are tested on their own
// (test/real-bugs-scoring.test.ts). bench/real-bugs/score.js builds the projects, runs the tools and prints.
import { createHash } from 'node:crypto';

/** A finding of one of these ESLint rules counts for these pitfalls. A pitfall no rule covers scores 0 for ESLint. */
export const eslintPitfalls = {
  '@typescript-eslint/no-floating-promises': ['floating-promise', 'unawaited-assertion'],
  '@typescript-eslint/no-misused-promises': ['async-void-callback', 'express-async-route'],
  '@typescript-eslint/await-thenable': [],
  '@typescript-eslint/return-await': ['return-await-in-try'],
  'no-await-in-loop': ['sequential-await'],
  'no-async-promise-executor': ['async-promise-executor'],
  'require-atomic-updates': ['check-then-act'],
};

/** How far (in lines) a finding may be from a line the fix touched and still count as finding the bug. */
export const lineSlack = 2;

/** The half a project's cases belong to: fixed by a hash of `owner/repo`, so a project is never split. */
export function halfOf(project) {
  const digest = createHash('sha256').update(project.toLowerCase()).digest();
  return digest[0] % 2 === 0 ? 'tune' : 'held-back';
}

/**
 * What is wrong with a case's `case.json` (an empty list when nothing is).
 *
 * @param {unknown} meta the parsed case.json
 * @param {{ pitfall: string, beforeLineCount: number, excluded?: ReadonlySet<string> }} context the folder's pitfall,
 *   the number of lines of before.*, and the lower-case `owner/repo` names no case may draw from
 */
export function caseProblems(meta, context) {
  if (typeof meta !== 'object' || meta === null) return ['case.json must hold an object'];
  const problems = [];
  if (meta.pitfall !== context.pitfall) {
    problems.push(`"pitfall" is ${JSON.stringify(meta.pitfall)}, the folder says ${context.pitfall}`);
  }
  if (typeof meta.project !== 'string' || !/^[\w.-]+\/[\w.-]+$/.test(meta.project)) {
    problems.push(`"project" must be "owner/repo", got ${JSON.stringify(meta.project)}`);
  } else if (context.excluded?.has(meta.project.toLowerCase())) {
    problems.push(`${meta.project} is on the excluded list (the hidden sets come from it)`);
  }
  if (typeof meta.fixCommit !== 'string' || !/^[0-9a-f]{7,40}$/.test(meta.fixCommit)) {
    problems.push(`"fixCommit" must be a commit sha, got ${JSON.stringify(meta.fixCommit)}`);
  }
  const lines = meta.lines;
  if (
    !Array.isArray(lines) ||
    lines.length === 0 ||
    !lines.every((line) => Number.isInteger(line) && line >= 1)
  ) {
    problems.push('"lines" must be a non-empty array of line numbers');
  } else if (lines.some((line) => line > context.beforeLineCount)) {
    problems.push(`"lines" points past the end of before.* (${context.beforeLineCount} lines)`);
  }
  if (typeof meta.summary !== 'string' || meta.summary === '') problems.push('no "summary"');
  return problems;
}

/**
 * One tool's verdict on one case: found when a finding of the case's pitfall in before.* is within `lineSlack`
 * lines of a line in `lines`; a false alarm when a finding of the case's pitfall is anywhere in after.*.
 *
 * @param {{ pitfall: string, lines: readonly number[] }} item the case
 * @param {{ before: string, after: string }} sidePaths the files the tool checked for this case
 * @param {ReadonlyArray<{ file: string, line: number, rule: string, pitfalls: readonly string[] }>} findings every
 *   finding of the tool, with the pitfalls each counts for
 */
export function judge(item, sidePaths, findings) {
  const inFile = (path) => findings.filter((f) => f.file === path);
  const before = inFile(sidePaths.before);
  const after = inFile(sidePaths.after);
  const ofPitfall = (f) => f.pitfalls.includes(item.pitfall);
  const near = (f) => item.lines.some((line) => Math.abs(f.line - line) <= lineSlack);
  const hits = before.filter((f) => ofPitfall(f) && near(f));
  return {
    found: hits.length > 0,
    hitLines: hits.map((f) => f.line),
    beforeElsewhere: before.filter((f) => ofPitfall(f) && !near(f)).map((f) => f.line),
    falseAlarms: after.filter(ofPitfall).map((f) => f.line),
    otherAfter: after.filter((f) => !ofPitfall(f)).map((f) => f.rule),
  };
}

/**
 * Counts over verdicts: a case is a TP or an FN, and counts once as an FP however many false alarms it has.
 *
 * @param {ReadonlyArray<{ found: boolean, falseAlarms: readonly number[] }>} verdicts
 */
export function tally(verdicts) {
  const tp = verdicts.filter((v) => v.found).length;
  const fp = verdicts.filter((v) => v.falseAlarms.length > 0).length;
  return { cases: verdicts.length, tp, fn: verdicts.length - tp, fp };
}
