import ts from 'typescript';
import { defineRule, type AnyRule } from '@awaitwise/analyzer';
import { run, type CliIo } from '../src/index.js';

/** What a CLI run printed and returned. */
export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in-process with captured output. */
export async function runCli(
  argv: readonly string[],
  options: { cwd: string; env?: Record<string, string>; tty?: boolean; rules?: readonly AnyRule[] },
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    cwd: options.cwd,
    env: options.env ?? {},
    stdout: { write: (text: string) => (stdout += text), isTTY: options.tty ?? false },
    stderr: { write: (text: string) => (stderr += text), isTTY: options.tty ?? false },
  };
  const code = await run(argv, io, options.rules === undefined ? {} : { rules: options.rules });
  return { code, stdout, stderr };
}

/**
 * A test rule with a safe fix: flags `var` declarations and rewrites them to `let`. Stands in for the catalog's
 * fixable rules so that the engine's fix loop is tested whatever rules exist.
 */
export const varToLet = defineRule({
  meta: {
    id: 'sequential-await',
    description: 'test rule: var → let',
    defaultSeverity: 'warning',
    requiresTypes: false,
    recommended: true,
    fixable: true,
    hasSuggestions: false,
    messages: { useLet: 'Use `let` instead of `var`.' },
  },
  defaultOptions: {},
  create(context) {
    return {
      [ts.SyntaxKind.VariableDeclarationList]: (node) => {
        const list = node as ts.VariableDeclarationList;
        if ((list.flags & ts.NodeFlags.BlockScoped) !== 0) return;
        const start = list.getStart(context.sourceFile);
        context.report({ node: list, messageId: 'useLet', fix: [{ start, end: start + 3, text: 'let' }] });
      },
    };
  },
}) as AnyRule;

/**
 * A fixed copy of the first version of `async-promise-executor`: the CLI tests pin its output, so they run this
 * rather than the registry's rule, which keeps improving.
 */
export const executorTestRule = defineRule({
  meta: {
    id: 'async-promise-executor',
    description: 'Reports `new Promise(async …)`.',
    defaultSeverity: 'error',
    requiresTypes: false,
    recommended: true,
    fixable: false,
    hasSuggestions: false,
    messages: {
      asyncExecutor:
        'This Promise executor is async: an error thrown after its first `await` is an unhandled rejection and the ' +
        'promise never settles. Write an async function instead of wrapping it in `new Promise`.',
    },
  },
  defaultOptions: {},
  create(context) {
    return {
      [ts.SyntaxKind.NewExpression]: (node) => {
        const expression = node;
        if (!ts.isIdentifier(expression.expression) || expression.expression.text !== 'Promise') return;
        const executor = expression.arguments?.[0];
        if (executor === undefined || (!ts.isArrowFunction(executor) && !ts.isFunctionExpression(executor)))
          return;
        const asyncModifier = executor.modifiers?.find((m) => m.kind === ts.SyntaxKind.AsyncKeyword);
        if (asyncModifier !== undefined) context.report({ node: asyncModifier, messageId: 'asyncExecutor' });
      },
    };
  },
}) as AnyRule;

/** The rules the CLI tests run: stable whatever the rule engineers change. */
export const testRules: readonly AnyRule[] = [executorTestRule];

/** A file with one async-promise-executor finding on line 2. */
export const badSource = `export function load(): Promise<number> {\n  return new Promise(async (resolve) => resolve(1));\n}\n`;

/** A clean file. */
export const goodSource = `export async function load(): Promise<number> {\n  return 1;\n}\n`;
