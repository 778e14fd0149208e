import type { Colors } from './colors.js';

/** Options of {@link codeFrame}. */
export interface CodeFrameOptions {
  /** Lines shown above and below the finding. @default 2 */
  readonly context?: number;
  /** Longest line shown; longer lines are cut around the finding. @default 160 */
  readonly maxWidth?: number;
}

/**
 * The lines around a range of a file with a `>` marker and a `^^^` underline, like Babel's code frames.
 * Lines and columns are 1-based; the underline covers the range on its first line.
 */
export function codeFrame(
  text: string,
  location: { line: number; column: number; endLine: number; endColumn: number },
  colors: Colors,
  options: CodeFrameOptions = {},
): string {
  const context = options.context ?? 2;
  const maxWidth = options.maxWidth ?? 160;
  const lines = text.split(/\r?\n/);
  const first = Math.max(1, location.line - context);
  const last = Math.min(lines.length, location.line + context);
  const gutter = String(last).length;
  const out: string[] = [];
  for (let number = first; number <= last; number++) {
    let line = (lines[number - 1] ?? '').replace(/\t/g, '  ');
    const marked = number === location.line;
    // Tabs count as one column in the location but two spaces here: shift the underline by the tabs before it.
    const raw = lines[number - 1] ?? '';
    let offset = 0;
    if (marked && line.length > maxWidth) {
      offset = Math.max(0, Math.min(location.column - 1 - 20, line.length - maxWidth));
      line = (offset > 0 ? '…' : '') + line.slice(offset, offset + maxWidth);
    } else if (line.length > maxWidth) {
      line = `${line.slice(0, maxWidth)}…`;
    }
    const prefix = `${marked ? colors.red('>') : ' '} ${colors.dim(`${String(number).padStart(gutter)} |`)}`;
    out.push(`${prefix} ${line}`.trimEnd());
    if (marked) {
      const tabs = (raw.slice(0, location.column - 1).match(/\t/g) ?? []).length;
      const start = location.column - 1 + tabs - offset + (offset > 0 ? 1 : 0);
      const endColumn = location.endLine === location.line ? location.endColumn : raw.length + 1;
      const width = Math.max(1, Math.min(endColumn - location.column, maxWidth - start));
      out.push(
        `  ${colors.dim(`${' '.repeat(gutter)} |`)} ${' '.repeat(Math.max(0, start))}${colors.red('^'.repeat(width))}`,
      );
    }
  }
  return out.join('\n');
}
