// Types of scoring.js, for the tests that import it.

/** A tool's finding, with the pitfalls it counts for. */
export interface ScoredFinding {
  readonly file: string;
  readonly line: number;
  readonly rule: string;
  readonly pitfalls: readonly string[];
}

/** One tool's verdict on one case. */
export interface Verdict {
  readonly found: boolean;
  readonly hitLines: number[];
  readonly beforeElsewhere: number[];
  readonly falseAlarms: number[];
  readonly otherAfter: string[];
}

/** A finding of one of these ESLint rules counts for these pitfalls. */
export declare const eslintPitfalls: Readonly<Record<string, readonly string[]>>;

/** How far (in lines) a finding may be from a line the fix touched and still count as finding the bug. */
export declare const lineSlack: number;

/** The half a project's cases belong to. */
export declare function halfOf(project: string): 'tune' | 'held-back';

/** What is wrong with a case's `case.json` (an empty list when nothing is). */
export declare function caseProblems(
  meta: unknown,
  context: { pitfall: string; beforeLineCount: number; excluded?: ReadonlySet<string> },
): string[];

/** One tool's verdict on one case. */
export declare function judge(
  item: { pitfall: string; lines: readonly number[] },
  sidePaths: { before: string; after: string },
  findings: readonly ScoredFinding[],
): Verdict;

/** Counts over verdicts. */
export declare function tally(verdicts: ReadonlyArray<{ found: boolean; falseAlarms: readonly number[] }>): {
  cases: number;
  tp: number;
  fn: number;
  fp: number;
};
