import type { AnalyzeResult, Severity } from '@awaitwise/analyzer';
import { docsUrlOf, pitfallOf } from './shared.js';

// Workflow command escaping: data escapes %, CR and LF; property values also escape `:` and `,`.
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const commands: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/**
 * GitHub Actions workflow annotations, one per line:
 * `::error file=src/a.ts,line=3,col=5,endLine=3,endColumn=9,title=awaitwise(floating-promise)::message`.
 */
export function formatGithub(result: AnalyzeResult): string {
  const lines: string[] = [];
  for (const finding of result.findings) {
    const properties = [
      `file=${escapeProperty(finding.file)}`,
      `line=${finding.line}`,
      `col=${finding.column}`,
      `endLine=${finding.endLine}`,
      `endColumn=${finding.endColumn}`,
      `title=${escapeProperty(`awaitwise(${finding.ruleId})`)}`,
    ].join(',');
    const pitfall = pitfallOf(finding);
    const help = pitfall === undefined ? '' : `\nFix: ${pitfall.fix}`;
    const message = `${finding.message}${help}\n${docsUrlOf(finding.ruleId)}`;
    lines.push(`::${commands[finding.severity]} ${properties}::${escapeData(message)}`);
  }
  for (const error of result.fileErrors) {
    const location = error.line === undefined ? '' : `,line=${error.line},col=${error.column ?? 1}`;
    lines.push(
      `::error file=${escapeProperty(error.file)}${location},title=${escapeProperty(
        'awaitwise: file not checked',
      )}::${escapeData(error.message.split('\n')[0] ?? '')}`,
    );
  }
  for (const note of result.notes) {
    lines.push(
      `::notice file=${escapeProperty(note.file)},title=${escapeProperty('awaitwise: tsconfig read differently')}::${escapeData(note.message)}`,
    );
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
