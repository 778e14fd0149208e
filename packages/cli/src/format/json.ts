import type { AnalyzeResult } from '@awaitwise/analyzer';
import { analyzerVersion } from '@awaitwise/analyzer';
import { docsUrlOf } from './shared.js';

/**
 * Machine-readable report: `{ version, findings, fileErrors, skipped, notes, stats }`. `notes` has one entry per
 * project read differently from its tsconfig (`{ file, absolutePath, message }`: with the native engine, the settings
 * TypeScript 7 removed and what they were read as). Paths are `analyze()`'s: relative to
 * the working directory (`file`) and absolute (`absolutePath`); every finding has its docs link. `skipped` lists the
 * generated files not checked, each with its `reason` and `detail` (the evidence).
 */
export function formatJson(result: AnalyzeResult): string {
  const report = {
    version: analyzerVersion,
    findings: result.findings.map((finding) => ({
      ruleId: finding.ruleId,
      severity: finding.severity,
      file: finding.file,
      absolutePath: finding.absolutePath,
      line: finding.line,
      column: finding.column,
      endLine: finding.endLine,
      endColumn: finding.endColumn,
      start: finding.start,
      end: finding.end,
      messageId: finding.messageId,
      message: finding.message,
      docsUrl: docsUrlOf(finding.ruleId),
      suggestions: finding.suggestions,
      fix: finding.fix ?? null,
    })),
    fileErrors: result.fileErrors,
    skipped: result.skipped,
    notes: result.notes,
    stats: result.stats,
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
