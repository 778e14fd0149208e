import {
  applySuppressions,
  isNativeBinaryMissingError,
  runRulesOnFile,
  type AnyRule,
  type Finding,
} from '@awaitwise/analyzer';
import { getPitfall } from '@awaitwise/catalog';
import type { Rule } from 'eslint';
import { nativePrograms, type LintTarget } from './native-programs.js';
import type { ProjectTypeScript } from './project-typescript.js';
import { chooseTypeSource } from './type-source.js';
import ts from './typescript.cjs';

/** The message of the error thrown when a type-aware rule runs without typed linting in a TypeScript 6 project. */
export function missingTypesMessage(ruleName: string, typescriptVersion?: string): string {
  const project =
    typescriptVersion === undefined ? '' : ` (this project's \`typescript\` is ${typescriptVersion})`;
  return (
    `awaitwise/${ruleName} needs type information, but this file was linted without it${project}. Enable typed ` +
    "linting: use typescript-eslint's parser with `languageOptions: { parserOptions: { projectService: true, " +
    'tsconfigRootDir: import.meta.dirname } }` (see https://typescript-eslint.io/getting-started/typed-linting), ' +
    'or turn this rule off for files that have no tsconfig. Projects on TypeScript 7, or with no `typescript` of ' +
    "their own, get types from the plugin's own TypeScript 7 session instead."
  );
}

/** The message of the error thrown when a type-aware rule needs the plugin's TypeScript 7 session and it failed. */
export function nativeTypesFailedMessage(
  ruleName: string,
  typescript: ProjectTypeScript | undefined,
  cause: unknown,
): string {
  const project =
    typescript === undefined
      ? 'this project has no `typescript` of its own'
      : `this project's \`typescript\` is ${typescript.version}`;
  // The analyzer's own message names `--engine ts6`, an option of the command line, not of this plugin.
  const reason = isNativeBinaryMissingError(cause)
    ? `TypeScript 7's executable for this platform is missing: install ${cause.platformPackage}@7.0.2 (npm ` +
      'skips it under --omit=optional or --no-optional).'
    : cause instanceof Error
      ? cause.message
      : String(cause);
  return (
    `awaitwise/${ruleName} needs type information. Since ${project}, typescript-eslint cannot give it, and the ` +
    `plugin's own TypeScript 7 session failed: ${reason} ` +
    'Fix that, or give the project TypeScript 6.0 for typed linting (`"typescript": "npm:@typescript/typescript6@^6.0.2"` ' +
    "with typescript-eslint's `projectService`), or turn this rule off for these files."
  );
}

/**
 * A program over just one file, for rules that need no types when ESLint runs without typed linting.
 * It resolves no imports and loads no libraries, so it costs one parse.
 */
function singleFileProgram(fileName: string, text: string): LintTarget {
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
 * The program and syntax tree a rule runs on, from the file's type source ({@link chooseTypeSource}):
 * typescript-eslint's program; the plugin's TypeScript 7 session; or, for a rule that needs no types, a one-file
 * program when neither gives one (no typed linting in a TypeScript 6 project, or a TypeScript 7 session that cannot
 * start). A type-aware rule with no types throws an error that says what to do.
 */
function lintTarget(
  rule: AnyRule,
  fileName: string,
  text: string,
  cwd: string,
  parserServices: unknown,
): LintTarget {
  const source = chooseTypeSource(parserServices, fileName, cwd);
  switch (source.kind) {
    case 'typed-linting': {
      const sourceFile = source.program.getSourceFile(fileName);
      if (sourceFile !== undefined) return { program: source.program, sourceFile };
      if (rule.meta.requiresTypes) throw new Error(missingTypesMessage(rule.meta.id));
      return singleFileProgram(fileName, text);
    }
    case 'native':
      try {
        return nativePrograms().programFor(fileName, text, cwd);
      } catch (error) {
        if (rule.meta.requiresTypes) {
          throw new Error(nativeTypesFailedMessage(rule.meta.id, source.typescript, error), { cause: error });
        }
        return singleFileProgram(fileName, text);
      }
    case 'none':
      if (rule.meta.requiresTypes) {
        throw new Error(missingTypesMessage(rule.meta.id, source.typescript.version));
      }
      return singleFileProgram(fileName, text);
  }
}

/**
 * Wraps an analyzer rule as an ESLint rule. The rule code runs unchanged through the analyzer's runner, on the
 * program of the file's type source (typescript-eslint's, or the plugin's TypeScript 7 session's; see
 * {@link chooseTypeSource}), or on a one-file program when the rule needs no types and neither gives one.
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
          const target = lintTarget(
            rule,
            context.filename,
            sourceCode.text,
            context.cwd,
            sourceCode.parserServices,
          );
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
