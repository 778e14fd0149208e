import ts from 'typescript';
import { defineRule } from '../rule.js';

/**
 * `async-promise-executor`: `new Promise(async (resolve, reject) => …)`. An error thrown after the executor's first
 * `await` rejects the executor's own promise, which nobody handles, and the outer promise never settles.
 */
export default defineRule({
  meta: {
    id: 'async-promise-executor',
    description:
      'Reports `new Promise(async …)`: errors after the first await are lost and the promise never settles.',
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
        const expression = node as ts.NewExpression;
        if (!ts.isIdentifier(expression.expression) || expression.expression.text !== 'Promise') return;
        const executor = expression.arguments?.[0];
        if (executor === undefined) return;
        const fn = ts.isParenthesizedExpression(executor) ? executor.expression : executor;
        if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return;
        const asyncModifier = fn.modifiers?.find((m) => m.kind === ts.SyntaxKind.AsyncKeyword);
        if (asyncModifier === undefined) return;
        context.report({ node: asyncModifier, messageId: 'asyncExecutor' });
      },
    };
  },
});
