import { describe, expect, it } from 'vitest';
import { codeFrame } from '../src/code-frame.js';

describe('codeFrame', () => {
  const text = ['const a = 1;', 'function f() {', '  return g(a);', '}', 'f();', 'export {};'].join('\n');

  it('shows the lines around the location with a mark and an underline of the range', () => {
    expect(codeFrame(text, { line: 3, column: 10, endLine: 3, endColumn: 14 })).toBe(
      [
        '  1 | const a = 1;',
        '  2 | function f() {',
        '> 3 |   return g(a);',
        '    |          ^^^^',
        '  4 | }',
        '  5 | f();',
      ].join('\n'),
    );
  });

  it('moves the underline by the tabs before it and under tabs inside the range', () => {
    const tabbed = 'function f() {\n\treturn g(a);\n\t\tx(\ty);\n}';
    // column 9 of `\treturn g(a);` is `g` (a tab counts as one column in a location)
    expect(codeFrame(tabbed, { line: 2, column: 9, endColumn: 13 }, { context: 0 })).toBe(
      ['> 2 |   return g(a);', '    |          ^^^^'].join('\n'),
    );
    // `x(\ty)` from column 3: the tab inside the range is two columns wide on screen
    expect(codeFrame(tabbed, { line: 3, column: 3, endColumn: 8 }, { context: 0, tabWidth: 4 })).toBe(
      ['> 3 |         x(    y);', '    |         ^^^^^^^^'].join('\n'),
    );
  });

  it('underlines one column without an end, and to the end of the line for a range over several lines', () => {
    expect(codeFrame(text, { line: 5, column: 1 }, { context: 0 })).toBe('> 5 | f();\n    | ^');
    expect(codeFrame(text, { line: 2, column: 10, endLine: 4, endColumn: 2 }, { context: 0 })).toBe(
      '> 2 | function f() {\n    |          ^^^^^',
    );
  });

  it('cuts a long marked line around the location and keeps the underline under it', () => {
    const long = `${'x'.repeat(300)}target${'y'.repeat(300)}`;
    const frame = codeFrame(long, { line: 1, column: 301, endColumn: 307 }, { maxWidth: 60 });
    const [line, underline] = frame.split('\n');
    expect(line).toBe(`> 1 | …${'x'.repeat(20)}target${'y'.repeat(34)}`);
    expect(underline?.indexOf('^')).toBe(line?.indexOf('target'));
    expect(underline?.trimStart()).toBe('| ' + ' '.repeat(21) + '^^^^^^');
  });

  it('paints the mark, the underline and the gutter', () => {
    const frame = codeFrame(
      'a\nb',
      { line: 2, column: 1 },
      {
        mark: (s) => `<${s}>`,
        dim: (s) => `[${s}]`,
      },
    );
    expect(frame).toBe('  [1 |] a\n<>> [2 |] b\n  [  |] <^>');
  });

  it('returns an empty frame for a line outside the text', () => {
    expect(codeFrame(text, { line: 0, column: 1 })).toBe('');
    expect(codeFrame(text, { line: 99, column: 1 })).toBe('');
  });
});
