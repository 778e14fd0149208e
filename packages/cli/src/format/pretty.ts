import { readFileSync } from 'node:fs';
import type { AnalyzeResult, AnalyzedFinding } from '@awaitwise/analyzer';
import { codeFrame } from '@awaitwise/catalog/code-frame';
import type { Colors } from '../colors.js';
import { countBySeverity, docsUrlOf, formatSkipped, pitfallOf, plural } from './shared.js';

/**
 * Human-readable report: findings grouped by file, each with its location, severity, rule, message, a code frame,
 * the pitfall's one-line why and fix from the catalog, and its docs link; then the files that could not be checked,
 * a note per project read differently from its tsconfig, the generated files skipped, and a summary line.
 */
export function formatPretty(result: AnalyzeResult, colors: Colors): string {
  const out: string[] = [];
  const byFile = new Map<string, AnalyzedFinding[]>();
  for (const finding of result.findings) {
    let list = byFile.get(finding.file);
    if (list === undefined) byFile.set(finding.file, (list = []));
    list.push(finding);
  }
  const paint = { error: colors.red, warning: colors.yellow, info: colors.blue };
  for (const [file, findings] of byFile) {
    out.push(colors.underline(file));
    let text: string | undefined;
    try {
      text = readFileSync(findings[0]?.absolutePath ?? file, 'utf8');
    } catch {
      text = undefined;
    }
    for (const finding of findings) {
      const where = colors.dim(`${finding.line}:${finding.column}`);
      out.push(
        `  ${where}  ${paint[finding.severity](finding.severity)}  ${colors.bold(finding.ruleId)}  ${finding.message}`,
      );
      if (text !== undefined) {
        const frame = codeFrame(text, finding, { mark: colors.red, dim: colors.dim });
        out.push(frame.replace(/^/gm, '    '));
      }
      const pitfall = pitfallOf(finding);
      if (pitfall !== undefined) {
        out.push(`    ${colors.bold('why:')} ${pitfall.why}`);
        out.push(`    ${colors.bold('fix:')} ${pitfall.fix}`);
      }
      for (const suggestion of finding.suggestions) {
        out.push(`    ${colors.bold('suggestion:')} ${suggestion.description}`);
      }
      if (finding.fix !== undefined) out.push(`    ${colors.green('fixable with --fix')}`);
      out.push(`    ${colors.dim(`docs: ${docsUrlOf(finding.ruleId)}`)}`);
      out.push('');
    }
  }
  if (result.fileErrors.length > 0) {
    out.push(colors.bold(colors.red('Files that could not be checked fully:')));
    for (const error of result.fileErrors) {
      const at = error.line === undefined ? '' : `:${error.line}:${error.column ?? 1}`;
      const rule = error.ruleId === undefined ? '' : ` [${error.ruleId}]`;
      const message = error.message.split('\n')[0] ?? '';
      out.push(`  ${error.file}${at}${rule} ${message}`);
    }
    out.push('');
  }
  // A note per project the engine read differently from its tsconfig (the native engine on old settings).
  for (const note of result.notes) out.push(colors.dim(`Note: ${note.file}: ${note.message}.`));
  const skipped = formatSkipped(result.skipped);
  if (skipped !== undefined) out.push(colors.dim(`${skipped[0]?.toUpperCase() ?? ''}${skipped.slice(1)}.`));
  const counts = countBySeverity(result.findings);
  const seconds = (result.stats.durationMs / 1000).toFixed(1);
  // Which checker ran: the default (TypeScript 7's) or the one `--engine ts6` asks for.
  const engine = result.stats.engine === 'native' ? 'TypeScript 7' : 'TypeScript 6';
  const checked = `${plural(result.stats.files, 'file')} checked in ${seconds}s on ${engine}${
    result.stats.cachedFiles > 0 ? ` (${result.stats.cachedFiles} from cache)` : ''
  }${result.stats.fixedFiles > 0 ? `, ${plural(result.stats.fixedFiles, 'file')} fixed` : ''}`;
  if (result.findings.length === 0) {
    out.push(`${colors.green('✔')} No problems found: ${checked}.`);
  } else {
    const mark = counts.error > 0 ? colors.red('✖') : colors.yellow('⚠');
    out.push(
      `${mark} ${plural(result.findings.length, 'problem')} (${plural(counts.error, 'error')}, ${plural(
        counts.warning,
        'warning',
      )}, ${counts.info} info) in ${plural(byFile.size, 'file')}: ${checked}.`,
    );
  }
  return `${out.join('\n')}\n`;
}
