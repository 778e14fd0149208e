// Findings of each tool of bench/analyzer.js, counted per rule from the tool's own output, so that a reader can see
// the tools did comparable work (oxlint's rule codes are counted under their ESLint names).
import { eslintRuleOfOxlintCode } from './eslint-async-rules.js';

/** The rule of a finding that belongs to no rule (a file the tool could not parse). */
export const parseErrorRule = '(parse error)';

/**
 * Counts per key, most frequent first, then by key.
 * @template T
 * @param {readonly T[]} items
 * @param {(item: T) => string} key
 * @returns {Map<string, number>}
 */
export function countBy(items, key) {
  const counts = new Map();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return new Map([...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
}

/**
 * Findings per rule of `awaitwise check --format json`.
 * @param {string} stdout
 * @returns {Map<string, number>}
 */
export function awaitwiseCounts(stdout) {
  /** @type {{ findings: { ruleId: string }[], fileErrors: unknown[] }} */
  const report = JSON.parse(stdout);
  const counts = countBy(report.findings, (finding) => finding.ruleId);
  if (report.fileErrors.length > 0) counts.set('(files not checked)', report.fileErrors.length);
  return counts;
}

const missingRuleMessage =
  /^(?:Definition for rule '[^']*' was not found\.|Rule '[^']*' was removed and replaced by: )/;

/**
 * Findings per rule of `eslint --format json`. A project's own `eslint-disable` comments naming rules of plugins the
 * benchmark's config does not load make ESLint report "Definition for rule '…' was not found" (or "Rule '…' was removed") under that rule's id: those
 * are no findings and are not counted.
 * @param {string} stdout
 * @returns {Map<string, number>}
 */
export function eslintCounts(stdout) {
  /** @type {{ messages: { ruleId: string | null, message: string }[] }[]} */
  const report = JSON.parse(stdout);
  return countBy(
    report.flatMap((file) => file.messages).filter((message) => !missingRuleMessage.test(message.message)),
    (message) => message.ruleId ?? parseErrorRule,
  );
}

/**
 * Findings per rule (ESLint's names) of `oxlint --format json`.
 * @param {string} stdout
 * @returns {Map<string, number>}
 */
export function oxlintCounts(stdout) {
  /** @type {{ diagnostics: { code?: string }[] }} */
  const report = JSON.parse(stdout);
  return countBy(report.diagnostics, (diagnostic) =>
    diagnostic.code === undefined || diagnostic.code === ''
      ? parseErrorRule
      : eslintRuleOfOxlintCode(diagnostic.code),
  );
}

/**
 * Type errors in the output of `tsc --noEmit` (TypeScript 6 or 7: both print `error TS<code>`).
 * @param {string} stdout
 * @returns {Map<string, number>}
 */
export function tscCounts(stdout) {
  const errors = stdout.match(/error TS\d+/g) ?? [];
  return errors.length === 0 ? new Map() : new Map([['type errors', errors.length]]);
}

/**
 * How many files a linter's report says it looked at: `stats.files` of awaitwise's JSON, the file entries of
 * ESLint's, `number_of_files` of oxlint's; undefined for an output that does not say.
 * @param {'awaitwise' | 'eslint' | 'oxlint'} tool
 * @param {string} stdout
 * @returns {number | undefined}
 */
export function filesInReport(tool, stdout) {
  const report = JSON.parse(stdout);
  if (tool === 'awaitwise') return report.stats?.files;
  if (tool === 'eslint') return Array.isArray(report) ? report.length : undefined;
  return report.number_of_files;
}
