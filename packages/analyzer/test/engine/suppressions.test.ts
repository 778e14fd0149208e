import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { parseSuppressions } from '../../src/index.js';

function parse(text: string) {
  const result = parseSuppressions(ts.createSourceFile('a.ts', text, ts.ScriptTarget.ES2022, true));
  return {
    suppressions: result.suppressions.map((s) => ({
      kind: s.kind,
      line: s.line,
      ids: s.ids.map((i) => i.id),
    })),
    problems: result.problems.map((p) => p.message),
  };
}

describe('suppression comments', () => {
  it('reads next-line and file directives with several ids and a reason', () => {
    expect(
      parse(
        [
          '// awaitwise-ignore-file timer-leak',
          'const a = 1;',
          '// awaitwise-ignore-next-line floating-promise, late-await -- fire and forget on purpose',
          'go();',
          '/* awaitwise-ignore-next-line sequential-await */',
          'f();',
          '/**',
          ' * awaitwise-ignore-next-line settle-mismatch',
          ' */',
          'g();',
        ].join('\n'),
      ),
    ).toEqual({
      suppressions: [
        { kind: 'file', line: 0, ids: ['timer-leak'] },
        { kind: 'next-line', line: 4, ids: ['floating-promise', 'late-await'] },
        { kind: 'next-line', line: 6, ids: ['sequential-await'] },
        // Block comments apply to the line after the comment ends.
        { kind: 'next-line', line: 10, ids: ['settle-mismatch'] },
      ],
      problems: [],
    });
  });

  it('applies a trailing directive to the next line', () => {
    expect(parse('a(); // awaitwise-ignore-next-line floating-promise\nb();\n').suppressions).toEqual([
      { kind: 'next-line', line: 2, ids: ['floating-promise'] },
    ]);
  });

  it('ignores directives in strings, templates, regular expressions and prose', () => {
    expect(
      parse(
        [
          "const s = '// awaitwise-ignore-next-line floating-promise';",
          'const t = `',
          '// awaitwise-ignore-file floating-promise',
          '`;',
          '// See awaitwise-ignore-next-line in the docs.',
          'const r = /awaitwise-ignore-file/;',
        ].join('\n'),
      ).suppressions,
    ).toEqual([]);
  });

  it('reports a directive that names no rule', () => {
    expect(parse('// awaitwise-ignore-next-line -- because\nx();\n').problems).toEqual([
      '`awaitwise-ignore-next-line` names no rule: write `// awaitwise-ignore-next-line <rule-id> -- reason`.',
    ]);
  });

  it('finds comments between tokens of an expression and at the end of the file', () => {
    expect(
      parse('call(a, // awaitwise-ignore-next-line late-await\n  b);\n// awaitwise-ignore-file timer-leak')
        .suppressions,
    ).toEqual([
      { kind: 'next-line', line: 2, ids: ['late-await'] },
      { kind: 'file', line: 0, ids: ['timer-leak'] },
    ]);
  });
});
