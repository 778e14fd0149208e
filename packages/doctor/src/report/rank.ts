import { findingKinds, type Finding, type Severity } from '../types.js';

const severityOrder: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

/**
 * Orders findings worst first: by severity, then by kind (crashes and hangs before leaks); within a kind the
 * detector's own order is kept (chronological, or innermost first for pending promises).
 */
export function rankFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      severityOrder[a.severity] - severityOrder[b.severity] ||
      findingKinds.indexOf(a.kind) - findingKinds.indexOf(b.kind),
  );
}
