import ts from '../typescript.cjs';
import { skipOuter } from '../analysis/syntax/expressions.js';
import { isAsyncFunction } from '../analysis/syntax/functions.js';
import { isShadowed } from '../analysis/syntax/scope.js';
import { findInFunction, forEachInFunction } from '../analysis/syntax/walk.js';
import type { TextEdit } from '../rule.js';
import { defineRule } from '../rule.js';

/**
 * `async-promise-executor`: `new Promise(async (resolve, reject) => …)` (also `async function`, parenthesized,
 * `new globalThis.Promise(…)`). An error thrown after the executor's first `await` rejects the executor's own
 * promise, which nobody handles, and the outer promise never settles. A local class or import named `Promise` is
 * not the global one and is left alone.
 *
 * `--fix` removes `async` only when the executor contains no `await` (so it never needed to be async): the only
 * change is that an error it throws now rejects the promise instead of escaping as an unhandled rejection.
 *
 * @example
 * ```ts
 * new Promise(async (resolve) => resolve(await load())); // flagged
 * ```
 */
export default defineRule({
  meta: {
    id: 'async-promise-executor',
    description:
      'Reports `new Promise(async …)`: errors after the first await are lost and the promise never settles.',
    defaultSeverity: 'error',
    requiresTypes: false,
    recommended: true,
    fixable: 'partly',
    hasSuggestions: false,
    messages: {
      asyncExecutor:
        'This Promise executor is async: an error thrown after its first `await` is an unhandled rejection and the ' +
        'promise never settles. Write an async function instead of wrapping it in `new Promise`.',
      asyncExecutorNoAwait:
        'This Promise executor is async but never awaits: an error it throws is an unhandled rejection and the ' +
        'promise never settles. Remove `async`.',
    },
  },
  defaultOptions: {},
  create(context) {
    return {
      [ts.SyntaxKind.NewExpression]: (node) => {
        const expression = node;
        if (!isGlobalPromise(expression.expression)) return;
        const first = expression.arguments?.[0];
        if (first === undefined) return;
        const fn = skipOuter(first);
        if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return;
        if (!isAsyncFunction(fn) || (ts.isFunctionExpression(fn) && fn.asteriskToken !== undefined)) return;
        const asyncModifier = fn.modifiers?.find((m) => m.kind === ts.SyntaxKind.AsyncKeyword);
        if (asyncModifier === undefined) return;
        if (awaits(fn)) {
          if (settlesOnEveryError(fn)) return;
          context.report({ node: asyncModifier, messageId: 'asyncExecutor' });
          return;
        }
        context.report({
          node: asyncModifier,
          messageId: 'asyncExecutorNoAwait',
          fix: removeAsync(context.sourceFile, asyncModifier),
        });
      },
    };
  },
});

/** `Promise`, `(Promise)`, `globalThis.Promise`, when `Promise` / `globalThis` is not a local name. */
function isGlobalPromise(callee: ts.Expression): boolean {
  const inner = skipOuter(callee);
  if (ts.isIdentifier(inner)) return inner.text === 'Promise' && !isShadowed('Promise', inner);
  if (ts.isPropertyAccessExpression(inner) && inner.name.text === 'Promise') {
    const object = skipOuter(inner.expression);
    return ts.isIdentifier(object) && object.text === 'globalThis' && !isShadowed('globalThis', object);
  }
  return false;
}

/** True when the executor's own body awaits (`await`, `for await`); nested functions do not count. */
function awaits(fn: ts.ArrowFunction | ts.FunctionExpression): boolean {
  let found = false;
  const check = (node: ts.Node): 'skip' | undefined => {
    if (ts.isAwaitExpression(node) || (ts.isForOfStatement(node) && node.awaitModifier !== undefined))
      found = true;
    if (
      ts.isVariableDeclarationList(node) &&
      (node.flags & ts.NodeFlags.BlockScoped) === (ts.NodeFlags.AwaitUsing as number)
    ) {
      found = true;
    }
    return found ? 'skip' : undefined;
  };
  if (check(fn.body) === 'skip') return true;
  forEachInFunction(fn.body, check);
  return found;
}

/**
 * True when the whole executor is one `try` whose `catch` does not throw, and the promise is settled either in that
 * `catch` (`resolve`/`reject` called there) or by the statements after the `try`, which only call `resolve` or
 * `reject`: `new Promise(async (resolve, reject) => { try { … await … } catch (e) { reject(e); } })`. No error can
 * escape the executor, so the promise always settles: the shape is roundabout, not broken.
 */
function settlesOnEveryError(fn: ts.ArrowFunction | ts.FunctionExpression): boolean {
  if (!ts.isBlock(fn.body)) return false;
  const [statement, ...after] = fn.body.statements;
  if (statement === undefined || !ts.isTryStatement(statement) || statement.catchClause === undefined)
    return false;
  if (statement.finallyBlock !== undefined) return false;
  const settlers = new Set(
    fn.parameters
      .slice(0, 2)
      .flatMap((parameter) => (ts.isIdentifier(parameter.name) ? [parameter.name.text] : [])),
  );
  const settles = (node: ts.Node): boolean => {
    if (!ts.isCallExpression(node)) return false;
    const callee = skipOuter(node.expression);
    return ts.isIdentifier(callee) && settlers.has(callee.text);
  };
  if (!after.every((each) => ts.isExpressionStatement(each) && settles(skipOuter(each.expression))))
    return false;
  const block = statement.catchClause.block;
  if (findInFunction(block, ts.isThrowStatement) !== undefined) return false;
  return after.length > 0 || findInFunction(block, settles) !== undefined;
}

/** Deletes the `async` keyword and the whitespace after it. */
function removeAsync(sourceFile: ts.SourceFile, modifier: ts.Modifier): TextEdit[] {
  const start = modifier.getStart(sourceFile);
  let end = modifier.getEnd();
  while (end < sourceFile.text.length && /[ \t]/.test(sourceFile.text.charAt(end))) end += 1;
  return [{ start, end, text: '' }];
}
