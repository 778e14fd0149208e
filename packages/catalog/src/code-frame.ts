/**
 * The code frame every awaitwise report shows under a finding (the CLI's `check` output, the doctor's terminal and
 * HTML reports): the lines around a location with a `>` mark and a `^^^` underline, like Babel's code frames.
 *
 * @module
 */

/** Paints a piece of the frame (an ANSI colour); identity when colours are off. */
export type Paint = (text: string) => string;

/** Where the frame points: 1-based lines and columns, as the analyzer and the doctor report them. */
export interface CodeFrameLocation {
  /** 1-based line of the start. */
  readonly line: number;
  /** 1-based column of the start (a tab counts as one column). */
  readonly column: number;
  /** 1-based line of the end. @default line */
  readonly endLine?: number;
  /** 1-based column of the end; the underline covers the range on its first line. @default column + 1 */
  readonly endColumn?: number;
}

/** Options of {@link codeFrame}. */
export interface CodeFrameOptions {
  /** Lines shown above and below the location. @default 2 */
  readonly context?: number;
  /** Longest line shown; a longer marked line is cut around the location, others at the end. @default 160 */
  readonly maxWidth?: number;
  /** Spaces a tab is shown as; the underline moves with them. @default 2 */
  readonly tabWidth?: number;
  /** Paints the `>` mark and the underline. @default identity */
  readonly mark?: Paint;
  /** Paints the line-number gutter. @default identity */
  readonly dim?: Paint;
}

const identity: Paint = (text) => text;

/**
 * The lines of `text` around `location` with a `>` mark on its line and a `^` underline under its range. Tabs are
 * shown as `tabWidth` spaces and the underline is placed by the shown columns, so it stays under the code whatever
 * the indentation. Returns `''` when the line is not in the text.
 *
 * @example
 * ```ts
 * codeFrame('a();\n\tb();\n', { line: 2, column: 2, endColumn: 5 });
 * // '  1 | a();\n> 2 |   b();\n    |   ^^^\n  3 |'
 * ```
 */
export function codeFrame(text: string, location: CodeFrameLocation, options: CodeFrameOptions = {}): string {
  const context = options.context ?? 2;
  const maxWidth = options.maxWidth ?? 160;
  const tab = ' '.repeat(options.tabWidth ?? 2);
  const mark = options.mark ?? identity;
  const dim = options.dim ?? identity;
  const lines = text.split(/\r?\n/);
  if (location.line < 1 || location.line > lines.length) return '';
  const first = Math.max(1, location.line - context);
  const last = Math.min(lines.length, location.line + context);
  const gutter = String(last).length;
  /** How many shown characters the first `column - 1` characters of a raw line take. */
  const shownWidth = (raw: string, column: number): number =>
    raw.slice(0, Math.max(0, column - 1)).replace(/\t/g, tab).length;
  const out: string[] = [];
  for (let number = first; number <= last; number++) {
    const raw = lines[number - 1] ?? '';
    let line = raw.replace(/\t/g, tab);
    const marked = number === location.line;
    // Where the shown line starts in the expanded line, and whether an ellipsis was put before it.
    let cut = 0;
    if (marked && line.length > maxWidth) {
      cut = Math.max(0, Math.min(shownWidth(raw, location.column) - 20, line.length - maxWidth));
      line = (cut > 0 ? '…' : '') + line.slice(cut, cut + maxWidth);
    } else if (line.length > maxWidth) {
      line = `${line.slice(0, maxWidth)}…`;
    }
    out.push(`${marked ? mark('>') : ' '} ${dim(`${String(number).padStart(gutter)} |`)} ${line}`.trimEnd());
    if (!marked) continue;
    const endColumn =
      (location.endLine ?? location.line) === location.line
        ? (location.endColumn ?? location.column + 1)
        : raw.length + 1;
    const start = shownWidth(raw, location.column) - cut + (cut > 0 ? 1 : 0);
    const end = shownWidth(raw, endColumn) - cut + (cut > 0 ? 1 : 0);
    const width = Math.max(1, Math.min(end - start, maxWidth - start));
    out.push(
      `  ${dim(`${' '.repeat(gutter)} |`)} ${' '.repeat(Math.max(0, start))}${mark('^'.repeat(width))}`,
    );
  }
  return out.join('\n');
}
