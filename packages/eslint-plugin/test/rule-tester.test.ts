import { analyzeFiles, applyEdits } from '@awaitwise/analyzer/testing';
import { allRules, defineRule } from '@awaitwise/analyzer';
import tsParser from '@typescript-eslint/parser';
import { RuleTester } from 'eslint';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { toEslintRule } from '../src/index.js';
import { docsExamples } from './docs-examples.js';

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const fixtures = join(import.meta.dirname, 'fixtures');
// ESLint's own RuleTester, with typescript-eslint's parser and typed linting over test/fixtures/tsconfig.json.
const typedTester = new RuleTester({
  languageOptions: {
    parser: tsParser,
    parserOptions: {
      project: join(fixtures, 'tsconfig.json'),
      tsconfigRootDir: fixtures,
      // Under CI=true typescript-eslint would infer a single run and never update the program with each case's code.
      disallowAutomaticSingleRunInference: true,
    },
  },
});
type Tests = Parameters<RuleTester['run']>[2];

/**
 * The same fixtures through both front ends: every docs example of every rule is linted by ESLint with typed
 * linting, and must give exactly the analyzer's findings (line, column, message), no more and no fewer.
 */
for (const rule of allRules) {
  const id = rule.meta.id;
  const page = join(import.meta.dirname, '../../../docs/pitfalls', `${id}.md`);
  describe(`awaitwise/${id} on its docs examples`, () => {
    it('has a docs page with ❌ and ✅ examples', () => {
      expect(existsSync(page)).toBe(true);
      const examples = docsExamples(id);
      expect(examples.some((e) => e.flagged)).toBe(true);
      expect(examples.some((e) => !e.flagged)).toBe(true);
    });
    if (!existsSync(page)) return;
    const examples = docsExamples(id);
    // TypeScript drops `file.tsx` from a program that also has `file.ts` (same base name), so the two differ.
    const baseName = (language: 'ts' | 'tsx'): string => (language === 'tsx' ? 'component.tsx' : 'file.ts');
    const filename = (language: 'ts' | 'tsx'): string => join(fixtures, baseName(language));
    typedTester.run(id, toEslintRule(rule), {
      valid: examples
        .filter((e) => !e.flagged)
        .map((e) => ({ code: e.code, filename: filename(e.language) })),
      invalid: examples
        .filter((e) => e.flagged)
        .map((e) => {
          const findings = analyzeFiles(rule, { [baseName(e.language)]: e.code }, { options: e.options });
          return {
            code: e.code,
            filename: filename(e.language),
            options: Object.keys(e.options).length > 0 ? [e.options] : [],
            errors: findings.map((f) => ({
              message: f.message,
              line: f.line,
              column: f.column,
              endLine: f.endLine,
              endColumn: f.endColumn,
              ...(f.suggestions.length > 0 && rule.meta.hasSuggestions
                ? {
                    suggestions: f.suggestions.map((s) => ({
                      desc: s.description,
                      output: applyEdits(e.code, s.edits),
                    })),
                  }
                : {}),
            })),
            output: rule.meta.fixable ? applyFixes(e.code, findings) : null,
          };
        }),
    } satisfies Tests);
  });
}

function applyFixes(code: string, findings: ReturnType<typeof analyzeFiles>): string | null {
  const edits = findings.flatMap((f) => f.fix ?? []);
  return edits.length === 0 ? null : applyEdits(code, edits);
}

// A rule with a safe fix and a suggestion proves both reach ESLint unchanged.
const fixing = defineRule({
  meta: {
    id: 'return-await-in-try',
    description: 'test rule with a fix and a suggestion',
    defaultSeverity: 'warning',
    requiresTypes: false,
    recommended: true,
    fixable: true,
    hasSuggestions: true,
    messages: { bare: 'Return of `{{name}}` without await.' },
  },
  defaultOptions: {},
  create(context) {
    return {
      [ts.SyntaxKind.ReturnStatement]: (node) => {
        const expression = node.expression;
        if (expression === undefined || !ts.isIdentifier(expression)) return;
        const start = expression.getStart(context.sourceFile);
        context.report({
          node: expression,
          messageId: 'bare',
          data: { name: expression.text },
          fix: [{ start, end: start, text: 'await ' }],
          suggestions: [
            {
              description: 'Wrap in Promise.resolve',
              edits: [{ start, end: expression.end, text: `Promise.resolve(${expression.text})` }],
            },
          ],
        });
      },
    };
  },
});

describe('fixes and suggestions through ESLint', () => {
  const untyped = new RuleTester();
  untyped.run('suppressed', toEslintRule(fixing), {
    valid: [
      {
        code: 'async function f(p) {\n  // awaitwise-ignore-next-line return-await-in-try -- reviewed\n  return p;\n}',
        filename: 'a.js',
      },
      {
        code: '// awaitwise-ignore-file return-await-in-try\nasync function f(p) { return p; }',
        filename: 'a.js',
      },
    ],
    invalid: [
      {
        code: 'async function f(p) {\n  // awaitwise-ignore-next-line floating-promise -- another rule\n  return p;\n}',
        filename: 'a.js',
        output:
          'async function f(p) {\n  // awaitwise-ignore-next-line floating-promise -- another rule\n  return await p;\n}',
        errors: [
          {
            message: 'Return of `p` without await.',
            line: 3,
            suggestions: [
              {
                desc: 'Wrap in Promise.resolve',
                output:
                  'async function f(p) {\n  // awaitwise-ignore-next-line floating-promise -- another rule\n  return Promise.resolve(p);\n}',
              },
            ],
          },
        ],
      },
    ],
  } satisfies Tests);
  untyped.run('fixing', toEslintRule(fixing), {
    valid: [{ code: 'async function f(p) { return 1; }', filename: 'a.js' }],
    invalid: [
      {
        code: 'async function f(p) { return p; }',
        filename: 'a.js',
        output: 'async function f(p) { return await p; }',
        errors: [
          {
            message: 'Return of `p` without await.',
            line: 1,
            column: 30,
            suggestions: [
              {
                desc: 'Wrap in Promise.resolve',
                output: 'async function f(p) { return Promise.resolve(p); }',
              },
            ],
          },
        ],
      },
    ],
  } satisfies Tests);
});
