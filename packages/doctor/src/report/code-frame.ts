import { readFileSync } from 'node:fs';

const cache = new Map<string, readonly string[] | undefined>();

function linesOf(file: string): readonly string[] | undefined {
  if (cache.has(file)) return cache.get(file);
  let lines: string[] | undefined;
  try {
    lines = readFileSync(file, 'utf8').split(/\r?\n/);
  } catch {
    lines = undefined;
  }
  cache.set(file, lines);
  return lines;
}

/** Paints a piece of the frame; identity when colours are off. */
export type Paint = (text: string) => string;

/**
 * The source lines around `line` (1-based) with a `>` gutter mark and a `^` under `column`; `undefined` when the
 * file cannot be read or the line is out of range.
 */
export function codeFrame(
  file: string,
  line: number,
  column: number,
  options: { readonly context?: number; readonly dim?: Paint; readonly mark?: Paint } = {},
): string | undefined {
  const lines = linesOf(file);
  if (lines === undefined || line < 1 || line > lines.length) return undefined;
  const context = options.context ?? 2;
  const dim = options.dim ?? ((text: string) => text);
  const mark = options.mark ?? ((text: string) => text);
  const first = Math.max(1, line - context);
  const last = Math.min(lines.length, line + context);
  const width = String(last).length;
  const out: string[] = [];
  for (let current = first; current <= last; current++) {
    const text = (lines[current - 1] ?? '').replace(/\t/g, '  ');
    const number = String(current).padStart(width);
    if (current === line) {
      out.push(`${mark('>')} ${number} | ${text}`);
      if (column >= 1) out.push(`  ${' '.repeat(width)} | ${' '.repeat(column - 1)}${mark('^')}`);
    } else {
      out.push(dim(`  ${number} | ${text}`));
    }
  }
  return out.join('\n');
}
