import { applySuppressions, runRulesOnFile, type AnyRule, type Finding } from '@awaitwise/analyzer';
import { getPitfall } from '@awaitwise/catalog';
import type { Rule } from 'eslint';
import ts from './typescript.cjs';

/** What typescript-eslint's parser puts in `sourceCode.parserServices` when typed linting is on. */
interface TypedParserServices {
  readonly program: ts.Program | null;
}

function typedProgram(services: unknown): ts.Program | undefined {
  if (typeof services !== 'object' || services === null || !('program' in services)) return undefined;
  const program = (services as TypedParserServices).program;
  return program ?? undefined;
}

/** The message of the error thrown when a type-aware rule runs without typed linting. */
export function missingTypesMessage(ruleName: string): string {
  return (
    `awaitwise/${ruleName} needs type information, but this file was linted without it. Enable typed linting: ` +
    "use typescript-eslint's parser with `languageOptions: { parserOptions: { projectService: true, " +
    'tsconfigRootDir: import.meta.dirname } }` (see https://typescript-eslint.io/getting-started/typed-linting), ' +
    'or turn this rule off for files that have no tsconfig.'
  );
}

/**
 * A program over just one file, for rules that need no types when ESLint runs without typed linting.
 * It resolves no imports and loads no libraries, so it costs one parse.
 */
function singleFileProgram(
  fileName: string,
  text: string,
): { program: ts.Program; sourceFile: ts.SourceFile } {
  const sourceFile = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, scriptKind(fileName));
  const options: ts.CompilerOptions = {
    noLib: true,
    noResolve: true,
    allowJs: true,
    noEmit: true,
    types: [],
  };
  const host: ts.CompilerHost = {
    getSourceFile: (name) => (name === fileName ? sourceFile : undefined),
    getDefaultLibFileName: () => 'lib.d.ts',
    writeFile: () => undefined,
    getCurrentDirectory: () => '/',
    getCanonicalFileName: (name) => name,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => '\n',
    fileExists: (name) => name === fileName,
    readFile: (name) => (name === fileName ? text : undefined),
  };
  const program = ts.createProgram({ rootNames: [fileName], options, host });
  return { program, sourceFile };
}

function scriptKind(fileName: string): ts.ScriptKind {
  if (/\.[cm]?tsx$/.test(fileName)) return ts.ScriptKind.TSX;
  if (/\.[cm]?ts$/.test(fileName)) return ts.ScriptKind.TS;
  if (/\.jsx$/.test(fileName)) return ts.ScriptKind.JSX;
  return ts.ScriptKind.JS;
}

function mergeOptions(rule: AnyRule, raw: unknown): object {
  const given = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  return rule.validateOptions ? rule.validateOptions(given) : { ...rule.defaultOptions, ...given };
}

function toLoc(finding: Pick<Finding, 'line' | 'column' | 'endLine' | 'endColumn'>): {
  start: { line: number; column: number };
  end: { line: number; column: number };
} {
  return {
    start: { line: finding.line, column: finding.column - 1 },
    end: { line: finding.endLine, column: finding.endColumn - 1 },
  };
}

/**
 * Wraps an analyzer rule as an ESLint rule. The rule code runs unchanged through the analyzer's runner, on the
 * program typescript-eslint's parser services provide (or on a one-file program when the rule needs no types).
 * Safe rewrites become ESLint fixes; suggestions become ESLint suggestions.
 */
export function toEslintRule(rule: AnyRule): Rule.RuleModule {
  const pitfall = getPitfall(rule.meta.id);
  return {
    meta: {
      type: rule.meta.defaultSeverity === 'info' ? 'suggestion' : 'problem',
      docs: {
        description: rule.meta.description,
        recommended: rule.meta.recommended,
        url: pitfall.docsUrl,
      },
      ...(rule.meta.fixable ? { fixable: 'code' as const } : {}),
      hasSuggestions: rule.meta.hasSuggestions,
      schema: [{ type: 'object', additionalProperties: true }],
      messages: { ...rule.meta.messages },
    },
    create(context) {
      const options = mergeOptions(rule, context.options[0]);
      const sourceCode = context.sourceCode;
      return {
        'Program:exit'(): void {
          const program = typedProgram(sourceCode.parserServices);
          let target: { program: ts.Program; sourceFile: ts.SourceFile } | undefined;
          const typedFile = program?.getSourceFile(context.filename);
          if (program !== undefined && typedFile !== undefined) {
            target = { program, sourceFile: typedFile };
          } else if (rule.meta.requiresTypes) {
            throw new Error(missingTypesMessage(rule.meta.id));
          } else {
            target = singleFileProgram(context.filename, sourceCode.text);
          }
          const ids = new Set<string>([rule.meta.id]);
          // The same `awaitwise-ignore-*` comments work here as in `awaitwise check`; unused ones are the CLI's to
          // report, since one ESLint rule cannot tell whether another awaitwise rule used a comment.
          const findings = applySuppressions({
            sourceFile: target.sourceFile,
            findings: runRulesOnFile({
              program: target.program,
              sourceFile: target.sourceFile,
              rules: [{ rule, severity: rule.meta.defaultSeverity, options }],
            }),
            knownIds: ids,
            activeIds: ids,
            engineChecks: { 'unused-suppression': 'off', 'invalid-suppression': 'off' },
          });
          for (const finding of findings) {
            const fix = finding.fix;
            context.report({
              loc: toLoc(finding),
              message: finding.message,
              ...(fix !== undefined && rule.meta.fixable
                ? {
                    fix: (fixer) =>
                      fix.map((edit) => fixer.replaceTextRange([edit.start, edit.end], edit.text)),
                  }
                : {}),
              ...(finding.suggestions.length > 0 && rule.meta.hasSuggestions
                ? {
                    suggest: finding.suggestions.map((suggestion) => ({
                      desc: suggestion.description,
                      fix: (fixer: Rule.RuleFixer) =>
                        suggestion.edits.map((edit) =>
                          fixer.replaceTextRange([edit.start, edit.end], edit.text),
                        ),
                    })),
                  }
                : {}),
            });
          }
        },
      };
    },
  };
}
