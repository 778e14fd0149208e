import { readFileSync } from 'node:fs';
import { codeFrame, type Paint } from '@awaitwise/catalog/code-frame';

const cache = new Map<string, string | undefined>();

function textOf(file: string): string | undefined {
  if (cache.has(file)) return cache.get(file);
  let text: string | undefined;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    text = undefined;
  }
  cache.set(file, text);
  return text;
}

/**
 * The code frame (shared with the CLI: `@awaitwise/catalog/code-frame`) of a source file around `line` and `column`
 * (1-based); `undefined` when the file cannot be read or the line is out of range. Files are read once per process.
 */
export function fileCodeFrame(
  file: string,
  line: number,
  column: number,
  options: { readonly dim?: Paint; readonly mark?: Paint } = {},
): string | undefined {
  const text = textOf(file);
  if (text === undefined) return undefined;
  const frame = codeFrame(text, { line, column: Math.max(1, column) }, options);
  return frame === '' ? undefined : frame;
}
