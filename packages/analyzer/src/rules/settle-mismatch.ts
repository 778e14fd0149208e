import { validateBooleanOptions } from '../analysis/options.js';
import ts from '../typescript.cjs';
import { isPromiseStatic, memberName, skipOuter, skipOuterUp } from '../analysis/syntax/expressions.js';
import { enclosingFunction, isFunctionLike } from '../analysis/syntax/functions.js';
import {
  findDescendant,
  findInFunction,
  forEachDescendant,
  forEachInFunction,
} from '../analysis/syntax/walk.js';

import { defineRule } from '../rule.js';

/** Options of `settle-mismatch`. */
export interface SettleMismatchOptions {
  /**
   * Also report `await Promise.allSettled(…)` whose result is thrown away. Off by default: waiting for every
   * promise while deliberately ignoring failures (shutdown, cleanup) is a common, correct use.
   *
   * @default false
   */
  readonly reportDiscarded: boolean;
}

/** Array methods whose callback receives each element as its first parameter. */
const elementCallbackMethods = new Set([
  'map',
  'forEach',
  'filter',
  'find',
  'findLast',
  'some',
  'every',
  'flatMap',
]);
/** Array methods that return (part of) the same array. */
const sameArrayMethods = new Set(['filter', 'slice', 'reverse', 'toReversed', 'sort', 'toSorted', 'concat']);

type Verdict = 'read' | 'unread';

/**
 * `settle-mismatch`: `Promise.allSettled` results whose rejections are never looked at (only `.value` is read),
 * and `Promise.all` over promises that each swallow their own rejection (partial success wanted: `settle()`).
 */
export default defineRule<SettleMismatchOptions, 'unreadRejections' | 'discardedResults' | 'allCaught'>({
  meta: {
    id: 'settle-mismatch',
    description:
      'Reports `Promise.allSettled` results whose rejections are never read and `Promise.all` whose every element catches.',
    defaultSeverity: 'warning',
    requiresTypes: false,
    recommended: true,
    fixable: false,
    hasSuggestions: false,
    messages: {
      unreadRejections:
        'The results of `Promise.allSettled` are used but no `status` or `reason` is ever read: every rejection is ' +
        'silently dropped. Handle the rejected results, or use `settle()` from @awaitwise/core to get ' +
        '`{ fulfilled, rejected }`.',
      discardedResults:
        'The result of `Promise.allSettled` is thrown away, so every failure is hidden. Read the rejected results ' +
        'or use `settle()` from @awaitwise/core.',
      allCaught:
        'Every promise given to `Promise.all` swallows its own rejection and the results are thrown away: every ' +
        'failure is lost. Use `settle()` from @awaitwise/core (or `Promise.allSettled`) and handle the rejected ones.',
    },
  },
  defaultOptions: { reportDiscarded: false },
  validateOptions: (raw) => validateBooleanOptions('settle-mismatch', raw, { reportDiscarded: false }),

  create(context) {
    const { sourceFile } = context;

    /**
     * Whether the settled promises are a literal list of different operations (`[resolve4(h), resolve6(h)]`): keeping
     * the fulfilled ones is then "whichever works", not a list of items with holes.
     */
    let literalList = false;

    const checkAllSettled = (call: ts.CallExpression): void => {
      const first = call.arguments[0];
      literalList = first !== undefined && ts.isArrayLiteralExpression(skipOuter(first));
      const consumer = skipOuterUp(call);
      let holder: ts.Node = consumer;
      if (ts.isAwaitExpression(consumer.parent)) holder = skipOuterUp(consumer.parent);
      const parent = holder.parent;

      // `const results = await Promise.allSettled(…)`
      if (ts.isVariableDeclaration(parent) && parent.initializer === holder) {
        const verdict = ts.isIdentifier(parent.name)
          ? arrayVerdict(parent.name, parent)
          : destructuredVerdict(parent.name, parent);
        if (verdict === 'unread') context.report({ node: call, messageId: 'unreadRejections' });
        return;
      }
      // `Promise.allSettled(…).then((results) => …)`
      if (holder === consumer && ts.isPropertyAccessExpression(parent) && parent.name.text === 'then') {
        const thenCall = parent.parent;
        if (ts.isCallExpression(thenCall) && thenCall.expression === parent) {
          const callback = thenCall.arguments[0];
          if (callback !== undefined && (ts.isArrowFunction(callback) || ts.isFunctionExpression(callback))) {
            const parameter = callback.parameters[0];
            if (parameter === undefined) {
              if (context.options.reportDiscarded)
                context.report({ node: call, messageId: 'discardedResults' });
              return;
            }
            const verdict = ts.isIdentifier(parameter.name)
              ? arrayVerdict(parameter.name, callback)
              : destructuredVerdict(parameter.name, callback);
            if (verdict === 'unread') context.report({ node: call, messageId: 'unreadRejections' });
          }
        }
        return;
      }
      if (
        ts.isExpressionStatement(parent) ||
        (ts.isVoidExpression(parent) && ts.isExpressionStatement(parent.parent))
      ) {
        if (context.options.reportDiscarded) context.report({ node: call, messageId: 'discardedResults' });
      }
    };

    /** How the array of settled results bound to `name` is used in the scope of `declaration`. */
    const arrayVerdict = (name: ts.Identifier, declaration: ts.Node, fulfilledOnly = false): Verdict => {
      const uses = referencesOf(name, declaration);
      if (uses.length === 0) return 'read';
      for (const use of uses) if (arrayUse(use, fulfilledOnly) === 'read') return 'read';
      return 'unread';
    };

    const destructuredVerdict = (pattern: ts.BindingName, scope: ts.Node): Verdict => {
      if (ts.isIdentifier(pattern)) return arrayVerdict(pattern, scope);
      if (ts.isObjectBindingPattern(pattern)) return 'read';
      for (const element of pattern.elements) {
        if (ts.isOmittedExpression(element)) continue;
        if (element.dotDotDotToken !== undefined) {
          if (ts.isIdentifier(element.name) && arrayVerdict(element.name, scope) === 'read') return 'read';
          continue;
        }
        if (elementBindingVerdict(element.name, scope) === 'read') return 'read';
      }
      return 'unread';
    };

    const elementBindingVerdict = (binding: ts.BindingName, scope: ts.Node): Verdict => {
      if (ts.isIdentifier(binding)) {
        const uses = referencesOf(binding, scope);
        if (uses.length === 0) return 'unread';
        for (const use of uses) if (elementUse(use) === 'read') return 'read';
        return 'unread';
      }
      if (ts.isObjectBindingPattern(binding)) {
        for (const element of binding.elements) {
          const key = element.propertyName ?? element.name;
          const keyText = ts.isIdentifier(key) || ts.isStringLiteral(key) ? key.text : undefined;
          if (keyText === undefined || keyText === 'status' || keyText === 'reason') return 'read';
          if (element.dotDotDotToken !== undefined) return 'read';
        }
        return 'unread';
      }
      return 'read';
    };

    /**
     * One use of the results array. `fulfilledOnly`: the array holds only the fulfilled results, so its `length` is
     * the number of successes, which tells the caller how many failed.
     */
    const arrayUse = (use: ts.Expression, fulfilledOnly = false): Verdict => {
      const outer = skipOuterUp(use);
      const parent = outer.parent;
      if (ts.isPropertyAccessExpression(parent) && parent.expression === outer) {
        const name = parent.name.text;
        if (name === 'length') return fulfilledOnly ? 'read' : 'unread';
        const call = parent.parent;
        if (ts.isCallExpression(call) && call.expression === parent) {
          if (elementCallbackMethods.has(name) || name === 'reduce') {
            const callback = call.arguments[0];
            if (
              callback !== undefined &&
              (ts.isArrowFunction(callback) || ts.isFunctionExpression(callback))
            ) {
              const parameter = callback.parameters[name === 'reduce' ? 1 : 0];
              if (parameter !== undefined && elementBindingVerdict(parameter.name, callback) === 'read') {
                return 'read';
              }
              if (name === 'filter') return arrayUse(call, true); // only the fulfilled ones are left
              if (sameArrayMethods.has(name)) return arrayUse(call, fulfilledOnly);
              return 'unread';
            }
            return 'read';
          }
          if (sameArrayMethods.has(name)) return arrayUse(call, fulfilledOnly);
        }
        return 'read';
      }
      if (ts.isElementAccessExpression(parent) && parent.expression === outer) return elementUse(parent);
      if (ts.isForOfStatement(parent) && parent.expression === outer) {
        const initializer = parent.initializer;
        if (ts.isVariableDeclarationList(initializer)) {
          const declaration = initializer.declarations[0];
          if (declaration !== undefined) return elementBindingVerdict(declaration.name, parent);
        }
        return 'read';
      }
      if (ts.isVariableDeclaration(parent) && parent.initializer === outer) {
        // `const ok = results.filter(…)`: follow the copy
        return ts.isIdentifier(parent.name)
          ? arrayVerdict(parent.name, parent, fulfilledOnly)
          : destructuredVerdict(parent.name, enclosingFunction(parent) ?? sourceFile);
      }
      return 'read';
    };

    /** One use of a single settled result. */
    const elementUse = (use: ts.Expression): Verdict => {
      const outer = skipOuterUp(use);
      const parent = outer.parent;
      if (
        (ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) &&
        parent.expression === outer
      ) {
        const name = memberName(parent);
        if (name === 'value') return 'unread';
        if (name === 'status' && !literalList && keepsOnlyFulfilled(parent)) return 'unread';
        return 'read';
      }
      if (ts.isVariableDeclaration(parent) && parent.initializer === outer) {
        return elementBindingVerdict(parent.name, enclosingFunction(parent) ?? sourceFile);
      }
      return 'read';
    };

    /** Identifiers named like `name` inside the scope that declares it (excluding the declaration itself). */
    const referencesOf = (name: ts.Identifier, declaration: ts.Node): ts.Identifier[] => {
      const scope = isFunctionLike(declaration)
        ? declaration
        : (enclosingFunction(declaration) ?? sourceFile);
      const found: ts.Identifier[] = [];
      forEachDescendant(scope, (node) => {
        if (ts.isIdentifier(node) && node !== name && node.text === name.text) {
          const parent = node.parent;
          if (ts.isPropertyAccessExpression(parent) && parent.name === node) return;
          if (ts.isPropertyAssignment(parent) && parent.name === node) return;
          if (ts.isBindingElement(parent) && parent.propertyName === node) return;
          if (ts.isTypePredicateNode(parent)) return; // `(r): r is PromiseFulfilledResult<T> => …`
          if ((ts.isVariableDeclaration(parent) || ts.isParameter(parent)) && parent.name === node) return;
          found.push(node);
        }
      });
      return found;
    };

    const checkAll = (call: ts.CallExpression): void => {
      const argument = call.arguments[0];
      if (argument === undefined) return;
      // When the results are used, the caught value is a sentinel the code checks (`if (stat)`): an "optional"
      // lookup, not lost failures. Only a thrown-away result loses every failure for sure.
      let holder: ts.Node = skipOuterUp(call);
      if (ts.isAwaitExpression(holder.parent)) holder = skipOuterUp(holder.parent);
      if (ts.isVoidExpression(holder.parent)) holder = skipOuterUp(holder.parent);
      if (!ts.isExpressionStatement(holder.parent)) return;
      const list = skipOuter(argument);
      if (ts.isArrayLiteralExpression(list)) {
        if (list.elements.length < 2) return;
        if (list.elements.every((element) => swallowsRejection(element))) {
          context.report({ node: call, messageId: 'allCaught' });
        }
        return;
      }
      // `Promise.all(items.map((x) => work(x).catch(() => null)))`
      if (ts.isCallExpression(list) && memberName(list.expression) === 'map') {
        const callback = list.arguments[0];
        if (callback === undefined) return;
        const fn = skipOuter(callback);
        if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return;
        const returned = returnedExpressions(fn);
        if (returned.length > 0 && returned.every((expression) => swallowsRejection(expression))) {
          context.report({ node: call, messageId: 'allCaught' });
        }
      }
    };

    return {
      [ts.SyntaxKind.CallExpression]: (node) => {
        if (isPromiseStatic(node, ['allSettled'])) checkAllSettled(node);
        else if (isPromiseStatic(node, ['all'])) checkAll(node);
      },
    };
  },
});

/** True for `p.catch(handler)` or `p.then(onFulfilled, handler)` whose handler ignores the error and does not rethrow. */
function swallowsRejection(element: ts.Expression): boolean {
  const expression = skipOuter(element);
  if (!ts.isCallExpression(expression)) return false;
  const name = memberName(expression.expression);
  const handler =
    name === 'catch' ? expression.arguments[0] : name === 'then' ? expression.arguments[1] : undefined;
  if (handler === undefined) return false;
  const fn = skipOuter(handler);
  if (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) {
    // A handler that reads the error (logs it, wraps it as `{ status: 'rejected', reason }`) keeps the failure.
    const parameter = fn.parameters[0];
    if (parameter !== undefined) {
      if (!ts.isIdentifier(parameter.name)) return false;
      const name = parameter.name.text;
      if (findDescendant(fn.body, (node) => ts.isIdentifier(node) && node.text === name) !== undefined)
        return false;
    }
    // An empty handler that says why (`.catch(() => { // the connection is being killed: ignore })`) ignores the
    // failures on purpose, like a thrown-away `allSettled`: nothing is lost that anyone wanted.
    if (ts.isBlock(fn.body) && fn.body.statements.length === 0 && /\/\/|\/\*/.test(fn.body.getText()))
      return false;
    let rethrows = false;
    forEachInFunction(fn, (node) => {
      if (ts.isThrowStatement(node)) rethrows = true;
      if (ts.isCallExpression(node) && memberName(node.expression) === 'reject') rethrows = true;
    });
    return !rethrows;
  }
  // `p.catch(noop)`, `p.catch(() => {})`: an identifier handler could rethrow; only trust obvious no-ops.
  return ts.isIdentifier(fn) && /^(noop|ignore|ignoreError|swallow)$/i.test(fn.text);
}

/**
 * A `status` read whose only effect is to keep the fulfilled results and pass over the rejected ones without a word:
 * `results.filter((r) => r.status === 'fulfilled')`, `if (r.status === 'fulfilled') out.push(r.value)` with no
 * `else` and no exit, `r.status === 'fulfilled' ? r.value : null`, `if (r.status !== 'fulfilled') continue;`.
 * Any other use of `status` (an `else`, counting failures, `every`, comparing with `'rejected'`) looks at them.
 */
function keepsOnlyFulfilled(status: ts.Expression): boolean {
  const comparison = skipOuterUp(status).parent;
  if (!ts.isBinaryExpression(comparison)) return false;
  const other = comparison.left === skipOuterUp(status) ? comparison.right : comparison.left;
  const literal = skipOuter(other);
  if (!ts.isStringLiteralLike(literal) || literal.text !== 'fulfilled') return false;
  const operator = comparison.operatorToken.kind;
  const equal =
    operator === ts.SyntaxKind.EqualsEqualsEqualsToken || operator === ts.SyntaxKind.EqualsEqualsToken;
  const notEqual =
    operator === ts.SyntaxKind.ExclamationEqualsEqualsToken ||
    operator === ts.SyntaxKind.ExclamationEqualsToken;
  if (!equal && !notEqual) return false;
  const test = skipOuterUp(comparison);
  const holder = test.parent;
  if (equal) {
    // results.filter((r) => r.status === 'fulfilled') / (r) => { return r.status === 'fulfilled'; }
    const predicate =
      ts.isArrowFunction(holder) && holder.body === test
        ? holder
        : ts.isReturnStatement(holder) &&
            ts.isBlock(holder.parent) &&
            holder.parent.statements.length === 1 &&
            (ts.isArrowFunction(holder.parent.parent) || ts.isFunctionExpression(holder.parent.parent))
          ? holder.parent.parent
          : undefined;
    if (predicate !== undefined) {
      const call = skipOuterUp(predicate).parent;
      return (
        ts.isCallExpression(call) &&
        call.arguments[0] === skipOuterUp(predicate) &&
        memberName(call.expression) === 'filter'
      );
    }
    if (ts.isIfStatement(holder) && holder.expression === test) {
      return holder.elseStatement === undefined && !jumps(holder.thenStatement);
    }
    if (ts.isConditionalExpression(holder) && holder.condition === test) return isNothing(holder.whenFalse);
    return false;
  }
  // if (r.status !== 'fulfilled') continue;
  if (ts.isIfStatement(holder) && holder.expression === test && holder.elseStatement === undefined) {
    let then: ts.Statement = holder.thenStatement;
    if (ts.isBlock(then) && then.statements.length === 1) then = then.statements[0] as ts.Statement;
    if (ts.isContinueStatement(then)) return true;
    if (ts.isReturnStatement(then)) return then.expression === undefined || isNothing(then.expression);
  }
  return false;
}

/** `null`, `undefined`, `void 0`, `[]` or `{}`: a placeholder that says nothing about the failure. */
function isNothing(expression: ts.Expression): boolean {
  const value = skipOuter(expression);
  return (
    value.kind === ts.SyntaxKind.NullKeyword ||
    (ts.isIdentifier(value) && value.text === 'undefined') ||
    ts.isVoidExpression(value) ||
    (ts.isArrayLiteralExpression(value) && value.elements.length === 0) ||
    (ts.isObjectLiteralExpression(value) && value.properties.length === 0)
  );
}

/** A `return`, `throw`, `break` or `continue` in the statement (not in nested functions): code after it may handle the rest. */
function jumps(statement: ts.Statement): boolean {
  const isJump = (node: ts.Node): boolean =>
    ts.isReturnStatement(node) ||
    ts.isThrowStatement(node) ||
    ts.isBreakStatement(node) ||
    ts.isContinueStatement(node);
  return isJump(statement) || findInFunction(statement, isJump) !== undefined;
}

/** The expressions an arrow or function returns (the expression body, or every `return x`). */
function returnedExpressions(fn: ts.ArrowFunction | ts.FunctionExpression): ts.Expression[] {
  if (!ts.isBlock(fn.body)) return [fn.body];
  const found: ts.Expression[] = [];
  forEachInFunction(fn.body, (node) => {
    if (ts.isReturnStatement(node) && node.expression !== undefined) found.push(node.expression);
  });
  return found;
}
