import ts from '../typescript.cjs';
import { skipOuter, skipOuterUp } from '../analysis/syntax/expressions.js';
import { enclosingFunction, type FunctionLike, isAsyncFunction } from '../analysis/syntax/functions.js';
import { findInFunction, forEachDescendant, forEachInFunction } from '../analysis/syntax/walk.js';
import { isThenableExpression } from '../analysis/types/quick-types.js';
import { validateBooleanOptions } from '../analysis/options.js';
import { defineRule, type Suggestion } from '../rule.js';

/** Options of the `fake-timer-async` rule. */
export interface FakeTimerAsyncOptions {
  /**
   * Report every synchronous advance while a promise is pending, also when the pending work's code cannot be read
   * (a library) or does not visibly set a timer after an `await`.
   * @default false
   */
  readonly strict: boolean;
}

const defaults: FakeTimerAsyncOptions = { strict: false };

/** Calls that set a timer: the timer functions and the usual sleep/backoff helpers around them. */
const timerCall = /^(setTimeout|setInterval|sleep|delay|wait|waitFor|backoff|timeout|pause)$/i;

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
export default defineRule<FakeTimerAsyncOptions, 'syncAdvance'>({
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
  defaultOptions: defaults,
  validateOptions: (raw) => validateBooleanOptions('fake-timer-async', raw, defaults),
  create(context) {
    const { sourceFile } = context;
    const { strict } = context.options;

    const isThenable = (expression: ts.Expression): boolean => {
      const checker = context.getTypeChecker();
      return isThenableExpression(checker, expression);
    };

    /** The first promise started in `fn` before `advance` that is still pending at it, with its name. */
    const pendingBefore = (fn: FunctionLike, advance: ts.CallExpression): Pending | undefined => {
      const at = advance.getStart(sourceFile);
      let found: Pending | undefined;
      forEachInFunction(fn, (node) => {
        if (found !== undefined || node.getStart(sourceFile) >= at) return 'skip';
        // `const p = work();` … advance … `await p`
        if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer !== undefined) {
          if (isThenable(node.initializer) && usedAfter(fn, node.name.text, advance)) {
            found = { node, name: node.name.text, source: node.initializer };
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
          found = { node, name: node.left.text, source: node.right };
          return 'skip';
        }
        // `service.start();` floating: its continuation waits for microtasks the sync advance never runs.
        if (ts.isExpressionStatement(node)) {
          let expression = skipOuter(node.expression);
          if (ts.isVoidExpression(expression)) expression = skipOuter(expression.expression);
          if (ts.isCallExpression(expression) && isThenable(expression)) {
            found = { node, name: `${expression.expression.getText(sourceFile)}(…)`, source: expression };
            return 'skip';
          }
        }
        return undefined;
      });
      return found;
    };

    return {
      [ts.SyntaxKind.CallExpression]: (node) => {
        const call = node;
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
        // By default only when the pending work's code is in the project and sets a timer after an `await`: that
        // timer does not exist yet when the synchronous advance runs.
        if (!strict && !setsTimerAfterAwait(pending.source, context.getTypeChecker())) return;
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

/** A promise started before the advance: where it is held, its name for the message, the expression that made it. */
interface Pending {
  readonly node: ts.Node;
  readonly name: string;
  readonly source: ts.Expression;
}

/**
 * Whether the promise made by `expression` comes from code the project has (the callee's declaration, resolved through
 * imports) that sets a timer (`setTimeout`, `sleep`, `delay` …) after an `await`, or in a loop that awaits: code that
 * a synchronous advance cannot drive, because that timer is only set once promise callbacks run.
 */
function setsTimerAfterAwait(expression: ts.Expression, checker: ts.TypeChecker): boolean {
  const body = calledBody(expression, checker);
  return body !== undefined && timerAfterAwait(body, checker, 0);
}

/** The body of the function whose call made the promise, when its code is in the project. */
function calledBody(expression: ts.Expression, checker: ts.TypeChecker): ts.Node | undefined {
  let node = skipOuter(expression);
  for (let step = 0; step < 6; step++) {
    if (ts.isAwaitExpression(node) || ts.isVoidExpression(node)) {
      node = skipOuter(node.expression);
      continue;
    }
    if (!ts.isCallExpression(node)) break;
    const callee = skipOuter(node.expression);
    // `work().then(check)`, `expect(work()).rejects.toThrow()`: the call that made the promise
    if (ts.isPropertyAccessExpression(callee)) {
      const expectCall = expectOf(callee);
      if (expectCall !== undefined) {
        node = expectCall;
        continue;
      }
      const receiver = skipOuter(callee.expression);
      if (/^(then|catch|finally)$/.test(callee.name.text) && ts.isCallExpression(receiver)) {
        node = receiver;
        continue;
      }
    }
    if (isExpectCall(node) && node.arguments[0] !== undefined) {
      node = skipOuter(node.arguments[0]);
      continue;
    }
    return functionBody(callee, checker);
  }
  return undefined;
}

/** The `expect(x)` call of `expect(x).rejects.toThrow`, `expect(x).resolves.toBe`: a matcher on a promise. */
function expectOf(callee: ts.PropertyAccessExpression): ts.CallExpression | undefined {
  let object = skipOuter(callee.expression);
  while (ts.isPropertyAccessExpression(object)) object = skipOuter(object.expression);
  return ts.isCallExpression(object) && isExpectCall(object) ? object : undefined;
}

function isExpectCall(call: ts.CallExpression): boolean {
  const callee = skipOuter(call.expression);
  return ts.isIdentifier(callee) && callee.text === 'expect';
}

/** The body of what `callee` refers to: an inline function, or a declaration in the project (not a `.d.ts`). */
function functionBody(callee: ts.Expression, checker: ts.TypeChecker): ts.Node | undefined {
  if (ts.isArrowFunction(callee) || ts.isFunctionExpression(callee)) return callee.body;
  const at = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
  let symbol = checker.getSymbolAtLocation(at);
  if (symbol !== undefined && (symbol.flags & ts.SymbolFlags.Alias) !== 0)
    symbol = checker.getAliasedSymbol(symbol);
  for (const declaration of symbol?.declarations ?? []) {
    const file = declaration.getSourceFile();
    if (file.isDeclarationFile || /[\\/]node_modules[\\/]/.test(file.fileName)) continue;
    let fn: ts.Node = declaration;
    if (
      (ts.isVariableDeclaration(declaration) ||
        ts.isPropertyAssignment(declaration) ||
        ts.isPropertyDeclaration(declaration)) &&
      declaration.initializer !== undefined
    ) {
      fn = skipOuter(declaration.initializer);
    }
    if (
      (ts.isFunctionDeclaration(fn) ||
        ts.isMethodDeclaration(fn) ||
        ts.isArrowFunction(fn) ||
        ts.isFunctionExpression(fn)) &&
      fn.body !== undefined
    ) {
      return fn.body;
    }
  }
  return undefined;
}

/**
 * A timer set after the body's first own `await` (also inside a callback, like `new Promise((r) => setTimeout(r))`),
 * or in a loop that awaits (the next round's timer), or by a project function called after that `await`.
 */
function timerAfterAwait(body: ts.Node, checker: ts.TypeChecker, depth: number): boolean {
  let firstAwait: number | undefined;
  forEachDescendant(body, (node) => {
    if (firstAwait !== undefined) return 'skip';
    if (node !== body && ts.isFunctionLike(node)) return 'skip';
    if (ts.isAwaitExpression(node) || (ts.isForOfStatement(node) && node.awaitModifier !== undefined))
      firstAwait = node.getStart();
    return undefined;
  });
  let found = false;
  forEachDescendant(body, (node) => {
    if (found) return 'skip';
    if (!ts.isCallExpression(node)) return undefined;
    const callee = skipOuter(node.expression);
    const name = ts.isIdentifier(callee)
      ? callee.text
      : ts.isPropertyAccessExpression(callee)
        ? callee.name.text
        : undefined;
    const after = firstAwait !== undefined && node.getStart() > firstAwait;
    const inAwaitingLoop = loopThatAwaits(node, body);
    if (name !== undefined && timerCall.test(name) && (after || inAwaitingLoop)) {
      found = true;
      return 'skip';
    }
    if ((after || inAwaitingLoop) && depth < 2) {
      const called = functionBody(callee, checker);
      if (called !== undefined && called !== body && setsTimer(called)) found = true;
    }
    return undefined;
  });
  return found;
}

/** Whether `node` sits in a loop of `body` whose statements await. */
function loopThatAwaits(node: ts.Node, body: ts.Node): boolean {
  for (let current = node.parent; current !== body; current = current.parent) {
    if (ts.isSourceFile(current)) return false;
    if (
      ts.isIterationStatement(current, false) &&
      findInFunction(current, ts.isAwaitExpression) !== undefined
    )
      return true;
  }
  return false;
}

/** Any timer call in `body`. */
function setsTimer(body: ts.Node): boolean {
  let found = false;
  forEachDescendant(body, (node) => {
    if (found) return 'skip';
    if (ts.isCallExpression(node)) {
      const callee = skipOuter(node.expression);
      const name = ts.isIdentifier(callee)
        ? callee.text
        : ts.isPropertyAccessExpression(callee)
          ? callee.name.text
          : '';
      if (timerCall.test(name)) found = true;
    }
    return undefined;
  });
  return found;
}

/** True when an identifier named `name` is referenced in `fn` after `advance`. */
function usedAfter(fn: FunctionLike, name: string, advance: ts.CallExpression): boolean {
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
