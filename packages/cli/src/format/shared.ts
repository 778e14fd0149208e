import type { ReportedFinding, Severity } from '@awaitwise/analyzer';
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
