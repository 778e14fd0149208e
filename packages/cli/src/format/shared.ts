import type { GeneratedReason, ReportedFinding, Severity, SkippedFile } from '@awaitwise/analyzer';
import { getPitfall, isPitfallId, repositoryFileUrl, type Pitfall } from '@awaitwise/catalog';

/** Where the engine's own checks are documented. */
export const engineChecksDocsUrl = repositoryFileUrl('packages/analyzer/README.md#suppressions');

/** The catalog entry of a finding's rule, or undefined for the engine's own checks. */
export function pitfallOf(finding: Pick<ReportedFinding, 'ruleId'>): Pitfall | undefined {
  return isPitfallId(finding.ruleId) ? getPitfall(finding.ruleId) : undefined;
}

/** The docs link of a rule or engine check. */
export function docsUrlOf(ruleId: string): string {
  return isPitfallId(ruleId) ? getPitfall(ruleId).docsUrl : engineChecksDocsUrl;
}

/** Counts findings per severity. */
export function countBySeverity(findings: readonly { severity: Severity }[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const finding of findings) counts[finding.severity]++;
  return counts;
}

/** "1 error", "2 warnings". */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** How the summary names each kind of generated file. */
const generatedKinds: Readonly<Record<GeneratedReason, string>> = {
  gitignored: 'ignored by .gitignore',
  'output-folder': 'in build output folders',
  banner: "with a code generator's banner",
  minified: 'minified',
  bundle: 'bundles',
  compiled: 'compiled output',
};

/**
 * The summary's line about generated files, or undefined when none was skipped: how many, by kind with one example
 * each, and how to check them: `skipped 18 generated files (15 with a code generator's banner, e.g.
 * public/mockServiceWorker.js; 3 minified, e.g. vendor/chart.js); --include-generated to check them`.
 */
export function formatSkipped(skipped: readonly Pick<SkippedFile, 'file' | 'reason'>[]): string | undefined {
  if (skipped.length === 0) return undefined;
  const byReason = new Map<GeneratedReason, { count: number; example: string }>();
  for (const file of skipped) {
    const entry = byReason.get(file.reason);
    if (entry === undefined) byReason.set(file.reason, { count: 1, example: file.file });
    else entry.count++;
  }
  const kinds = [...byReason]
    .sort((a, b) => b[1].count - a[1].count)
    .map(([reason, { count, example }]) => `${count} ${generatedKinds[reason]}, e.g. ${example}`);
  return `skipped ${plural(skipped.length, 'generated file')} (${kinds.join('; ')}); --include-generated to check them`;
}
