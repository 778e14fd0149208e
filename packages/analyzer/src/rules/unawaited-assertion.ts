import ts from '../typescript.cjs';
import { dottedName, memberName, skipOuter, skipOuterUp } from '../analysis/syntax/expressions.js';
import { enclosingFunction, type FunctionLike, isAsyncFunction } from '../analysis/syntax/functions.js';
import { findDescendant, forEachDescendant } from '../analysis/syntax/walk.js';
import { isLocallyDeclared } from '../analysis/syntax/scope.js';
import {
  firstAssertion,
  frameworkOf,
  settlesThroughParameter,
  testCallback,
  usesDoneCallback,
} from '../analysis/project/test-code.js';
import { defineRule } from '../rule.js';

const asyncAssertModules = new Set(['rejects', 'doesNotReject']);

/**
 * Playwright's web-first assertions (`expect(locator).toBeVisible()`): each retries until it passes or times out and
 * returns a promise (playwright.dev/docs/test-assertions). Judged only when `expect` comes from `@playwright/test`.
 */
const playwrightAsyncMatchers = new Set([
  'toBeAttached',
  'toBeChecked',
  'toBeDisabled',
  'toBeEditable',
  'toBeEmpty',
  'toBeEnabled',
  'toBeFocused',
  'toBeHidden',
  'toBeInViewport',
  'toBeVisible',
  'toContainText',
  'toHaveAccessibleDescription',
  'toHaveAccessibleName',
  'toHaveAttribute',
  'toHaveClass',
  'toHaveCount',
  'toHaveCSS',
  'toHaveId',
  'toHaveJSProperty',
  'toHaveRole',
  'toHaveScreenshot',
  'toHaveText',
  'toHaveTitle',
  'toHaveURL',
  'toHaveValue',
  'toHaveValues',
  'toBeOK',
  'toPass',
  'toMatchAriaSnapshot',
]);

/** chai-as-promised's assertions that end a chain on a promise (`expect(p).to.be.rejected`). */
const eventualMatchers = new Set(['rejected', 'rejectedWith', 'fulfilled', 'become']);
/** chai-as-promised's `assert` API and ava's async assertions: each returns a promise the test must await. */
const eventualAsserts = new Set([
  'isRejected',
  'isFulfilled',
  'becomes',
  'doesNotBecome',
  'throwsAsync',
  'notThrowsAsync',
]);

/**
 * `unawaited-assertion`: `expect(p).resolves/rejects…` or `assert.rejects(p)` that nobody awaits or returns, and
 * assertions inside a `.then`/`.catch` callback whose promise the test neither awaits nor returns. The test finishes
 * before the assertion runs, so it passes whatever happens.
 */
export default defineRule({
  meta: {
    id: 'unawaited-assertion',
    description: 'Reports async assertions a test does not await or return.',
    defaultSeverity: 'error',
    requiresTypes: false,
    recommended: true,
    fixable: false,
    hasSuggestions: true,
    messages: {
      unawaitedMatcher:
        'This `{{matcher}}` assertion returns a promise that is never awaited: the test ends before it runs and ' +
        'passes whatever happens. Write `await {{matcher}}…` (or return it).',
      assertionInThen:
        'This assertion runs in a `.{{method}}` callback whose promise the test never awaits or returns: the test ' +
        'can finish first and pass without checking anything. Await the chain, or `await` the value and assert after.',
    },
  },
  defaultOptions: {},
  create(context) {
    const { sourceFile } = context;
    // Nested tests (`t.test` inside `test`) see the same chains: report each assertion once.
    const reported = new Set<ts.Node>();

    const awaitSuggestion = (statement: ts.ExpressionStatement) => {
      const fn = enclosingFunction(statement);
      if (fn === undefined || !isAsyncFunction(fn)) return [];
      const start = statement.expression.getStart(sourceFile);
      const voided = ts.isVoidExpression(statement.expression);
      return [
        {
          description: 'Await the assertion',
          edits: voided
            ? [{ start, end: statement.expression.expression.getStart(sourceFile), text: 'await ' }]
            : [{ start, end: start, text: 'await ' }],
        },
      ];
    };

    /** The expression statement whose whole value is `top` (also through `void`), or undefined. */
    const droppedIn = (top: ts.Node): ts.ExpressionStatement | undefined => {
      let current = skipOuterUp(top);
      if (ts.isVoidExpression(current.parent)) current = skipOuterUp(current.parent);
      return ts.isExpressionStatement(current.parent) ? current.parent : undefined;
    };

    const checkMatcher = (call: ts.CallExpression): void => {
      // `expect(x).resolves.toBe(1)`, `expect(x).rejects.not.toThrow()`: the outer call of a chain through `.resolves`.
      let modifier: string | undefined;
      let current = skipOuter(call.expression);
      while (ts.isPropertyAccessExpression(current) || ts.isCallExpression(current)) {
        if (ts.isPropertyAccessExpression(current)) {
          if (current.name.text === 'resolves' || current.name.text === 'rejects')
            modifier ??= current.name.text;
          current = skipOuter(current.expression);
        } else {
          if (isExpectCall(current)) break;
          return;
        }
      }
      if (modifier === undefined || !ts.isCallExpression(current) || !isExpectCall(current)) return;
      // Only the outermost call of the chain (the matcher call) is judged.
      const parent = skipOuterUp(call).parent;
      if (ts.isPropertyAccessExpression(parent)) return;
      const statement = droppedIn(call);
      if (statement === undefined) return;
      context.report({
        node: current,
        messageId: 'unawaitedMatcher',
        data: { matcher: `expect(…).${modifier}` },
        suggestions: awaitSuggestion(statement),
      });
    };

    const checkAssertRejects = (call: ts.CallExpression): void => {
      const callee = skipOuter(call.expression);
      if (!ts.isPropertyAccessExpression(callee) || !asyncAssertModules.has(callee.name.text)) return;
      const object = skipOuter(callee.expression);
      if (!ts.isIdentifier(object) || !/^assert$/.test(object.text)) return;
      const statement = droppedIn(call);
      if (statement === undefined) return;
      context.report({
        node: call,
        messageId: 'unawaitedMatcher',
        data: { matcher: `assert.${callee.name.text}` },
        suggestions: awaitSuggestion(statement),
      });
    };

    const checkThenAssertions = (test: FunctionLike): void => {
      if (usesDoneCallback(test) || countsAssertions(test)) return;
      forEachDescendant(test, (node) => {
        if (!ts.isCallExpression(node)) return undefined;
        const method = memberName(node.expression);
        if (method !== 'then' && method !== 'catch' && method !== 'finally') return undefined;
        // Judge the whole chain once, from its outermost call.
        const outer = skipOuterUp(node);
        if (ts.isPropertyAccessExpression(outer.parent) && outer.parent.expression === outer)
          return undefined;
        const statement = droppedIn(node);
        if (statement === undefined) return undefined;
        // Cypress: `cy.request(…).then(…)` enqueues a command the runner waits for; it is not a promise.
        if (chainRoot(node) === 'cy') return 'skip';
        // `void p.then(check); await vi.advanceTimersByTimeAsync(10);`: the test drives the chain to its end and is
        // still running when the callback asserts (the fake-timer idiom: awaiting `p` first would never finish).
        if (awaitsTimersAfter(test, statement)) return 'skip';
        // `trx.select(…).then(check).catch((e) => { expect(e)…; trx.commit(); })` inside knex's `transaction(…)`: the
        // chain ends the transaction the test awaits, so the test cannot finish before the assertion runs.
        if (settlesThroughParameter(node)) return 'skip';
        // Is there an assertion in any callback of the chain?
        let chain: ts.Expression = node;
        while (ts.isCallExpression(chain)) {
          const name = memberName(chain.expression);
          if (name !== 'then' && name !== 'catch' && name !== 'finally') break;
          for (const argument of chain.arguments) {
            const fn = skipOuter(argument);
            if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) continue;
            const assertion = firstAssertion(fn);
            if (assertion !== undefined) {
              if (reported.has(assertion)) return 'skip';
              reported.add(assertion);
              context.report({
                node: assertion,
                messageId: 'assertionInThen',
                data: { method: name },
                suggestions: awaitSuggestion(statement),
              });
              return 'skip';
            }
          }
          chain = skipOuter((skipOuter(chain.expression) as ts.PropertyAccessExpression).expression);
        }
        return undefined;
      });
    };

    const checkEventual = (statement: ts.ExpressionStatement): void => {
      let expression = skipOuter(statement.expression);
      if (ts.isVoidExpression(expression)) expression = skipOuter(expression.expression);
      const matcher = eventualAssertion(expression);
      if (matcher === undefined) return;
      context.report({
        node: expression,
        messageId: 'unawaitedMatcher',
        data: { matcher },
        suggestions: awaitSuggestion(statement),
      });
    };

    return {
      [ts.SyntaxKind.ExpressionStatement]: (node) => {
        checkEventual(node);
      },
      [ts.SyntaxKind.CallExpression]: (node) => {
        const call = node;
        checkMatcher(call);
        checkAssertRejects(call);
        const test = testCallback(call);
        if (test !== undefined) checkThenAssertions(test);
      },
    };
  },
});

/** True for `expect(x)` and `expect.soft(x)`. */
function isExpectCall(call: ts.CallExpression): boolean {
  const callee = skipOuter(call.expression);
  if (isLocallyDeclared('expect', call)) return false;
  if (ts.isIdentifier(callee)) return callee.text === 'expect';
  return (
    ts.isPropertyAccessExpression(callee) &&
    ts.isIdentifier(callee.expression) &&
    callee.expression.text === 'expect' &&
    callee.name.text === 'soft'
  );
}

/**
 * True when the test declares how many assertions must run (`expect.assertions(n)`, `expect.hasAssertions()`,
 * node:test `t.plan(n)`): then a late assertion makes the test fail instead of passing silently.
 */
function countsAssertions(test: FunctionLike): boolean {
  return (
    findDescendant(test, (node) => {
      if (!ts.isCallExpression(node)) return false;
      const name = dottedName(node.expression);
      return (
        name === 'expect.assertions' ||
        name === 'expect.hasAssertions' ||
        (name !== undefined && /^\w+\.plan$/.test(name))
      );
    }) !== undefined
  );
}

/** The identifier a call chain starts from: `cy` for `cy.get('a').its('b').then(…)`. */
function chainRoot(node: ts.Expression): string | undefined {
  let current = skipOuter(node);
  for (;;) {
    if (ts.isCallExpression(current)) current = skipOuter(current.expression);
    else if (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current))
      current = skipOuter(current.expression);
    else break;
  }
  return ts.isIdentifier(current) ? current.text : undefined;
}

/** Async fake-timer advances (vitest, jest, sinon) and `waitFor`: awaiting one lets pending callbacks run. */
const timerAdvance =
  /^(advanceTimersByTimeAsync|advanceTimersToNextTimerAsync|runAllTimersAsync|runOnlyPendingTimersAsync|tickAsync|runAllAsync|runToLastAsync|nextAsync|waitFor)$/;

/** True when the test awaits a fake-timer advance (or `waitFor`) after `statement`, outside nested functions. */
function awaitsTimersAfter(test: FunctionLike, statement: ts.ExpressionStatement): boolean {
  return (
    findDescendant(test, (node) => {
      if (!ts.isAwaitExpression(node) || node.getStart() < statement.getEnd()) return false;
      const call = skipOuter(node.expression);
      if (!ts.isCallExpression(call) || enclosingFunction(node) !== test) return false;
      const callee = skipOuter(call.expression);
      return timerAdvance.test(ts.isIdentifier(callee) ? callee.text : (memberName(callee) ?? ''));
    }) !== undefined
  );
}

/**
 * The name of an async assertion of chai-as-promised or ava that `expression` makes, or undefined:
 * `p.should.eventually.equal(1)`, `expect(p).to.be.rejectedWith(Error)`, `expect(p).to.eventually.deep.equal(x)`,
 * `assert.isRejected(p)`, `assert.eventually.equal(p, 1)`, ava's `t.throwsAsync(fn)`. Each returns a promise: a
 * test that neither awaits nor returns it ends before the assertion settles. `….notify(done)` hands the result to a
 * `done` callback instead.
 */
function eventualAssertion(expression: ts.Expression): string | undefined {
  const names: string[] = [];
  let current: ts.Expression = expression;
  let rootCall: ts.CallExpression | undefined;
  for (;;) {
    current = skipOuter(current);
    if (ts.isCallExpression(current)) {
      rootCall = current;
      current = current.expression;
    } else if (ts.isPropertyAccessExpression(current)) {
      names.push(current.name.text);
      current = current.expression;
    } else {
      break;
    }
  }
  const outer = names[0];
  const inner = names[names.length - 1];
  if (outer === undefined || inner === undefined || names.includes('notify')) return undefined;
  const root = ts.isIdentifier(current) ? current.text : undefined;
  // `assert.isRejected(p)`, `assert.eventually.equal(p, 1)`, `t.throwsAsync(…)`
  if (root === 'assert' && (eventualAsserts.has(inner) || names.includes('eventually')))
    return `assert.${names.slice().reverse().join('.')}`;
  if (root === 't' && names.length === 1 && (outer === 'throwsAsync' || outer === 'notThrowsAsync'))
    return `t.${outer}`;
  // Playwright: `expect(locator).toBeVisible()`, `expect.soft(page).not.toHaveURL(…)`, `expect.poll(fn).toBe(1)`
  if (root === 'expect' && ts.isIdentifier(current) && frameworkOf(current) === 'playwright') {
    if (playwrightAsyncMatchers.has(outer)) return `expect(…).${outer}`;
    if (names[names.length - 1] === 'poll') return 'expect.poll(…)';
  }
  const eventual = names.includes('eventually') || eventualMatchers.has(outer);
  if (!eventual) return undefined;
  // A chai chain: through `.should`, or from `expect(…)`.
  if (names.includes('should')) return '….should.eventually';
  if (root === 'expect' && rootCall !== undefined && skipOuter(rootCall.expression) === current)
    return 'expect(…).eventually';
  return undefined;
}
