import ts from 'typescript';
import { defineRule, type AnyRule } from '../../src/index.js';

/** A fixed, simple `new Promise(async …)` rule: the engine tests must not move when the real rule improves. */
export const executorRule = defineRule({
  meta: {
    id: 'async-promise-executor',
    description: 'test rule: async executor',
    defaultSeverity: 'error',
    requiresTypes: false,
    recommended: true,
    fixable: false,
    hasSuggestions: false,
    messages: { asyncExecutor: 'Async executor.' },
  },
  defaultOptions: {},
  create(context) {
    return {
      [ts.SyntaxKind.NewExpression]: (node) => {
        const expression = node;
        const executor = expression.arguments?.[0];
        if (executor === undefined || (!ts.isArrowFunction(executor) && !ts.isFunctionExpression(executor)))
          return;
        const asyncModifier = executor.modifiers?.find((m) => m.kind === ts.SyntaxKind.AsyncKeyword);
        if (asyncModifier !== undefined) context.report({ node: asyncModifier, messageId: 'asyncExecutor' });
      },
    };
  },
}) as AnyRule;

/**
 * A type-aware test rule: reports every `await` whose operand's type is not a promise, using the checker. It stands
 * in for the catalog's typed rules and shows which program a file was checked in.
 */
export const awaitNonPromise = defineRule({
  meta: {
    id: 'floating-promise',
    description: 'test rule: await of a non-promise',
    defaultSeverity: 'warning',
    requiresTypes: true,
    recommended: true,
    fixable: false,
    hasSuggestions: false,
    messages: { notPromise: 'Awaiting `{{type}}`, not a promise.' },
  },
  defaultOptions: {},
  create(context) {
    return {
      [ts.SyntaxKind.AwaitExpression]: (node) => {
        const checker = context.getTypeChecker();
        const type = checker.getTypeAtLocation(node.expression);
        const text = checker.typeToString(type);
        if (!text.startsWith('Promise<'))
          context.report({ node, messageId: 'notPromise', data: { type: text } });
      },
    };
  },
}) as AnyRule;

/** A rule that throws on every identifier named `boom`. */
export const throwingRule = defineRule({
  meta: {
    id: 'timer-leak',
    description: 'test rule: throws',
    defaultSeverity: 'error',
    requiresTypes: false,
    recommended: true,
    fixable: false,
    hasSuggestions: false,
    messages: { never: 'never reported' },
  },
  defaultOptions: {},
  create() {
    return {
      [ts.SyntaxKind.Identifier]: (node) => {
        if (node.text === 'boom') throw new Error('the rule broke on boom');
      },
    };
  },
}) as AnyRule;
