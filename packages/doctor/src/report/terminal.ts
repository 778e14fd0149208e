import path from 'node:path';
import { getPitfall, isPitfallId } from '@awaitwise/catalog';
import { isUserFrame } from '../stack.js';
import { coverageNote } from './coverage.js';
import type { DoctorReport, Finding, Severity, StackFrame } from '../types.js';
import { fileCodeFrame } from './code-frame.js';
import type { Paint } from '@awaitwise/catalog/code-frame';
import { rankFindings } from './rank.js';
import { formatMs } from '../runtime/async-work.js';

/** Options of {@link formatReport}. */
export interface FormatOptions {
  /**
   * ANSI colours; the command turns them on only for a TTY without `NO_COLOR`.
   * @default false
   */
  readonly color?: boolean;
  /**
   * Paths are shown relative to this directory.
   * @default process.cwd()
   */
  readonly cwd?: string;
  /**
   * Stack frames shown per stack.
   * @default 6
   */
  readonly maxFrames?: number;
  /**
   * `--full`: call sites listed under "where the waiting went", most waiting first.
   * @default 5
   */
  readonly maxSites?: number;
}

const codes = { red: 31, yellow: 33, blue: 34, green: 32, gray: 90, bold: 1, cyan: 36 } as const;

function painter(color: boolean): (style: keyof typeof codes) => Paint {
  return (style) => (color ? (text) => `\u001B[${codes[style]}m${text}\u001B[0m` : (text) => text);
}

const icons: Readonly<Record<Severity, string>> = { error: '✖', warning: '⚠', info: 'ℹ' };

function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${count === 1 ? word : many}`;
}

function describeExit(report: DoctorReport): string {
  const { exit } = report;
  if (exit.cause === 'signal') return `killed by ${exit.signal ?? 'a signal'}`;
  if (exit.cause === 'timeout') return 'stopped by --timeout';
  if (exit.cause === 'snapshot') return 'still running';
  const code = `exit code ${exit.code ?? 0}`;
  if (exit.cause === 'crash') return `crashed, ${code}`;
  if (exit.cause === 'exit') return `process.exit(), ${code}`;
  return code;
}

function commandOf(report: DoctorReport, cwd: string): string {
  return report.argv
    .slice(1)
    .map((arg, index) => (index === 0 && path.isAbsolute(arg) ? path.relative(cwd, arg) || arg : arg))
    .join(' ');
}

/**
 * `--full`: the call sites that waited most, one line each: total, count × mean, the most in flight at once, where.
 */
function waitingLines(report: DoctorReport, shown: (file: string) => string, maxSites: number): string[] {
  const sites = (report.asyncWork?.sites ?? []).filter((site) => site.count > 0);
  const lines = sites.slice(0, maxSites).map((site) => {
    const frame = site.frames[0];
    const where = frame === undefined ? '?' : `${shown(frame.file)}:${frame.line}`;
    const name = frame === undefined || frame.functionName === '' ? '' : ` ${frame.functionName}`;
    const count = site.sampled ? `≈${Math.round(site.count)}` : String(site.count);
    return `  ${formatMs(site.totalMs).padStart(8)}  ${`${count} × ${formatMs(site.totalMs / Math.max(1, site.count))}`.padEnd(16)} ${`at most ${site.maxInFlight} at once`.padEnd(18)} ${where}${name}`;
  });
  if (sites.length > maxSites) lines.push(`  … ${sites.length - maxSites} more call sites (--json, --html)`);
  return lines;
}

/** Groups findings by pitfall (or kind when there is none), keeping the worst-first order of first appearance. */
export function groupFindings(findings: readonly Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const key = finding.pitfall ?? finding.kind;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [finding]);
    else group.push(finding);
  }
  return groups;
}

/**
 * Formats reports for a person: one block per pitfall, worst first, each finding with its stack, a code frame
 * from the user's own file, the operation it belonged to, and the fix from the catalog.
 *
 * @example
 * ```ts
 * import { formatReport, startDoctor } from '@awaitwise/doctor';
 * const doctor = startDoctor();
 * // … run the work …
 * console.log(formatReport([doctor.report()], { color: process.stdout.isTTY }));
 * ```
 */
export function formatReport(reports: readonly DoctorReport[], options: FormatOptions = {}): string {
  const paint = painter(options.color ?? false);
  const cwd = options.cwd ?? process.cwd();
  const maxFrames = options.maxFrames ?? 6;
  const maxSites = options.maxSites ?? 5;
  const red = paint('red');
  const yellow = paint('yellow');
  const blue = paint('blue');
  const gray = paint('gray');
  const bold = paint('bold');
  const green = paint('green');
  const cyan = paint('cyan');
  const severityPaint: Readonly<Record<Severity, Paint>> = { error: red, warning: yellow, info: blue };
  const out: string[] = [];
  const shown = (file: string) => (path.isAbsolute(file) ? path.relative(cwd, file) || file : file);
  const frameLine = (frame: StackFrame) =>
    `${frame.async ? 'async ' : ''}${frame.functionName === '' ? '<anonymous>' : frame.functionName} (${shown(frame.file)}:${frame.line}:${frame.column})`;

  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const report of reports) {
    const header = `awaitwise doctor · ${commandOf(report, cwd)} · pid ${report.pid} · ${describeExit(report)} · ${Math.round(report.durationMs)} ms · ${report.mode} mode`;
    out.push(bold(header));
    const note = coverageNote(report.asyncWork?.coverage);
    if (note !== undefined) out.push(yellow(note));
    const waiting = waitingLines(report, shown, maxSites);
    if (waiting.length > 0) out.push(cyan('where the waiting went:'), ...waiting.map((line) => gray(line)));
    if (report.findings.length === 0) {
      out.push(`${green('✔')} no async defects found`, '');
      continue;
    }
    out.push('');
    for (const [key, findings] of groupFindings(rankFindings(report.findings))) {
      const pitfall = isPitfallId(key) ? getPitfall(key) : undefined;
      const worst = findings[0]?.severity ?? 'info';
      const title = pitfall === undefined ? key : `${key} · ${pitfall.title}`;
      out.push(`${severityPaint[worst](`${icons[worst]} ${title}`)} ${gray(`(${findings.length})`)}`);
      for (const finding of findings) {
        counts[finding.severity] += 1;
        out.push(`  ${severityPaint[finding.severity](icons[finding.severity])} ${finding.message}`);
        for (const frame of finding.frames.slice(0, maxFrames))
          out.push(gray(`      at ${frameLine(frame)}`));
        const userFrame = finding.frames.find(isUserFrame);
        if (userFrame !== undefined) {
          const frame = fileCodeFrame(userFrame.file, userFrame.line, userFrame.column, {
            dim: gray,
            mark: red,
          });
          if (frame !== undefined) out.push(frame.replace(/^/gm, '      '));
        }
        for (const related of finding.related) {
          out.push(`    ${cyan(related.label)}:`);
          for (const frame of related.frames.slice(0, maxFrames))
            out.push(gray(`      at ${frameLine(frame)}`));
        }
        if (finding.operation !== undefined) {
          const { id, name, elapsedMs, steps } = finding.operation;
          const done = steps.map((step) => `${step.name} +${Math.round(step.atMs)} ms`).join(', ');
          out.push(
            `    ${cyan('operation')}: #${id} ${name} (${Math.round(elapsedMs)} ms in${done === '' ? '' : `; steps: ${done}`})`,
          );
        }
      }
      if (pitfall !== undefined) {
        const exports =
          pitfall.fixExports.length > 0 ? gray(` (@awaitwise/core: ${pitfall.fixExports.join(', ')})`) : '';
        out.push(`  ${green('fix')}: ${pitfall.fix}${exports}`);
        out.push(`  ${gray(`docs: ${pitfall.docsUrl}`)}`);
      }
      out.push('');
    }
  }
  const summary = [
    counts.error > 0 ? red(plural(counts.error, 'error')) : undefined,
    counts.warning > 0 ? yellow(plural(counts.warning, 'warning')) : undefined,
    counts.info > 0 ? blue(plural(counts.info, 'note')) : undefined,
  ].filter((part): part is string => part !== undefined);
  const processes = plural(reports.length, 'process', 'processes');
  out.push(
    summary.length === 0
      ? green(
          `✔ no async defects in ${reports.length === 0 ? 'any process (no report was written)' : processes}`,
        )
      : bold(`${summary.join(', ')} in ${processes}`),
  );
  return out.join('\n');
}
