import ts from 'typescript';
import {
  enclosingFunction,
  forEachDescendant,
  isAsyncFunction,
  isThenableType,
  skipOuter,
  skipOuterUp,
  type FunctionNode,
} from '../analysis/r3-syntax.js';
import { defineRule, type Suggestion } from '../rule.js';

/** Sync advance methods of `vi` and `jest`, with their async variant. */
const frameworkMethods = new Map([
  ['advanceTimersByTime', 'advanceTimersByTimeAsync'],
  ['advanceTimersToNextTimer', 'advanceTimersToNextTimerAsync'],
  ['runAllTimers', 'runAllTimersAsync'],
  ['runOnlyPendingTimers', 'runOnlyPendingTimersAsync'],
]);
/** Sync methods of a `@sinonjs/fake-timers` clock, with their async variant. */
const clockMethods = new Map([
  ['tick', 'tickAsync'],
  ['runAll', 'runAllAsync'],
  ['runToLast', 'runToLastAsync'],
  ['next', 'nextAsync'],
]);

/**
 * `fake-timer-async`: a synchronous fake-timer advance (`vi.advanceTimersByTime`, `jest.runAllTimers`, sinon's
 * `clock.tick`) while a promise started earlier in the same function is still pending. The sync advance fires timers
 * without letting promise callbacks run in between, so code that awaits between timers never gets to its next timer.
 */
export default defineRule({
  meta: {
    id: 'fake-timer-async',
    description: 'Reports synchronous fake-timer advances while a promise started earlier is still pending.',
    defaultSeverity: 'warning',
    requiresTypes: true,
    recommended: true,
    fixable: false,
    hasSuggestions: true,
    messages: {
      syncAdvance:
        '`{{call}}` fires timers synchronously while `{{pending}}` (started on line {{line}}) is still pending: its ' +
        'code cannot run between timers, so a timer it sets after an `await` never fires. Use `await {{async}}(…)`.',
    },
  },
  defaultOptions: {},
  create(context) {
    const { sourceFile } = context;

    const isThenable = (expression: ts.Expression): boolean => {
      const checker = context.getTypeChecker();
      return isThenableType(checker, checker.getTypeAtLocation(expression));
    };

    /** The first promise started in `fn` before `advance` that is still pending at it, with its name. */
    const pendingBefore = (
      fn: FunctionNode,
      advance: ts.CallExpression,
    ): { readonly node: ts.Node; readonly name: string } | undefined => {
      const at = advance.getStart(sourceFile);
      let found: { readonly node: ts.Node; readonly name: string } | undefined;
      forEachDescendant(
        fn,
        (node) => {
          if (found !== undefined || node.getStart(sourceFile) >= at) return 'skip';
          // `const p = work();` … advance … `await p`
          if (
            ts.isVariableDeclaration(node) &&
            ts.isIdentifier(node.name) &&
            node.initializer !== undefined
          ) {
            if (isThenable(node.initializer) && usedAfter(fn, node.name.text, advance)) {
              found = { node, name: node.name.text };
              return 'skip';
            }
          }
          // `p = work();` … advance … `await p`
          if (
            ts.isBinaryExpression(node) &&
            node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
            ts.isIdentifier(node.left) &&
            isThenable(node.right) &&
            usedAfter(fn, node.left.text, advance)
          ) {
            found = { node, name: node.left.text };
            return 'skip';
          }
          // `service.start();` floating: its continuation waits for microtasks the sync advance never runs.
          if (ts.isExpressionStatement(node)) {
            let expression = skipOuter(node.expression);
            if (ts.isVoidExpression(expression)) expression = skipOuter(expression.expression);
            if (ts.isCallExpression(expression) && isThenable(expression)) {
              found = { node, name: `${expression.expression.getText(sourceFile)}(…)` };
              return 'skip';
            }
          }
          return undefined;
        },
        true,
      );
      return found;
    };

    return {
      [ts.SyntaxKind.CallExpression]: (node) => {
        const call = node as ts.CallExpression;
        const callee = skipOuter(call.expression);
        if (!ts.isPropertyAccessExpression(callee)) return;
        const method = callee.name.text;
        const object = skipOuter(callee.expression);
        let asyncName: string | undefined;
        if (ts.isIdentifier(object) && (object.text === 'vi' || object.text === 'jest')) {
          asyncName = frameworkMethods.get(method);
        } else if (/clock$/i.test(object.getText(sourceFile).replace(/\s+/g, ''))) {
          asyncName = clockMethods.get(method);
        }
        if (asyncName === undefined) return;
        const fn = enclosingFunction(call);
        if (fn === undefined) return;
        const pending = pendingBefore(fn, call);
        if (pending === undefined) return;
        const suggestions: Suggestion[] = [];
        if (isAsyncFunction(fn)) {
          const outer = skipOuterUp(call);
          const awaited = ts.isAwaitExpression(outer.parent);
          suggestions.push({
            description: `Await \`${asyncName}\` instead`,
            edits: [
              ...(awaited
                ? []
                : [{ start: call.getStart(sourceFile), end: call.getStart(sourceFile), text: 'await ' }]),
              { start: callee.name.getStart(sourceFile), end: callee.name.getEnd(), text: asyncName },
            ],
          });
        }
        const objectText = object.getText(sourceFile);
        context.report({
          node: call,
          messageId: 'syncAdvance',
          data: {
            call: `${objectText}.${method}`,
            async: `${objectText}.${asyncName}`,
            pending: pending.name,
            line: sourceFile.getLineAndCharacterOfPosition(pending.node.getStart(sourceFile)).line + 1,
          },
          suggestions,
        });
      },
    };
  },
});

/** True when an identifier named `name` is referenced in `fn` after `advance`. */
function usedAfter(fn: FunctionNode, name: string, advance: ts.CallExpression): boolean {
  const from = advance.getEnd();
  let used = false;
  forEachDescendant(fn, (node) => {
    if (used) return 'skip';
    if (node.getEnd() <= from) return 'skip';
    if (ts.isIdentifier(node) && node.text === name && node.getStart() >= from) {
      const parent = node.parent;
      if (!(ts.isPropertyAccessExpression(parent) && parent.name === node)) used = true;
    }
    return undefined;
  });
  return used;
}
