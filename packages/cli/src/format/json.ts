import type { AnalyzeResult } from '@awaitwise/analyzer';
import { analyzerVersion } from '@awaitwise/analyzer';
import { displayPath, docsUrlOf } from './shared.js';

/**
 * Machine-readable report: `{ version, findings, fileErrors, stats }`. Paths are relative to the working directory
 * (`file`) and absolute (`absolutePath`); every finding has its docs link.
 */
export function formatJson(result: AnalyzeResult, cwd: string): string {
  const report = {
    version: analyzerVersion,
    findings: result.findings.map((finding) => ({
      ruleId: finding.ruleId,
      severity: finding.severity,
      file: displayPath(cwd, finding.file),
      absolutePath: finding.file,
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
    fileErrors: result.fileErrors.map((error) => ({
      ...error,
      file: displayPath(cwd, error.file),
      absolutePath: error.file,
    })),
    stats: result.stats,
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
