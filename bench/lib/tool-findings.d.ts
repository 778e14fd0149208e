// Types of tool-findings.js, for the tests that import it.

/** The rule of a finding that belongs to no rule (a file the tool could not parse). */
export declare const parseErrorRule: string;

/** Counts per key, most frequent first, then by key. */
export declare function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number>;

/** Findings per rule of `awaitwise check --format json`. */
export declare function awaitwiseCounts(stdout: string): Map<string, number>;

/** Findings per rule of `eslint --format json` (messages about rules the config does not load are not counted). */
export declare function eslintCounts(stdout: string): Map<string, number>;

/** Findings per rule (ESLint's names) of `oxlint --format json`. */
export declare function oxlintCounts(stdout: string): Map<string, number>;

/** Type errors in the output of `tsc --noEmit`. */
export declare function tscCounts(stdout: string): Map<string, number>;

/** How many files a linter's report says it looked at, or undefined when its output does not say. */
export declare function filesInReport(
  tool: 'awaitwise' | 'eslint' | 'oxlint',
  stdout: string,
): number | undefined;
