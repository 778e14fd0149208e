/**
 * Code that runs once per event of another emitter without being written inline as its listener: a method handed
 * over as one (`io.on('connect', this.onConnect.bind(this))`, `() => this.onConnect(socket)`), the functions and
 * methods such a listener calls, and React effects, which run each time a component mounts (or its dependencies
 * change). A listener added there is added again each time. Internal to the `listener-leak` rule.
 *
 * @module
 */
import ts from '../../typescript.cjs';
import { calleeName, skipOuter, skipOuterUp } from '../../analysis/syntax/expressions.js';
import { enclosingFunction, type FunctionLike, isFunctionLike } from '../../analysis/syntax/functions.js';
import { findDeclaration } from '../../analysis/syntax/scope.js';
import { findDescendant, forEachDescendant } from '../../analysis/syntax/walk.js';
import { isAliasOfThis } from './emitter-origin.js';
import { isBindCall, registrationOf } from './registration.js';

/** React's effect hooks: the callback runs after each mount (and each change of its dependencies). */
const effectHooks = new Set(['useEffect', 'useLayoutEffect', 'useInsertionEffect']);

/** `useEffect(() => …)`, `React.useEffect(() => …)`: `fn` is an effect callback. */
export function isEffect(fn: FunctionLike): boolean {
  const outer = skipOuterUp(fn);
  const call = outer.parent;
  if (!ts.isCallExpression(call) || call.arguments[0] !== outer) return false;
  const name = calleeName(call);
  return name !== undefined && effectHooks.has(name);
}

/** `fn` is handed to `.on`/`addEventListener` itself (`emitter.on('x', function () { … })`). */
export function isInlineListener(fn: FunctionLike): boolean {
  const outer = skipOuterUp(fn);
  const parent = outer.parent;
  return ts.isCallExpression(parent) && registrationOf(parent)?.handler === skipOuter(outer as ts.Expression);
}

/**
 * True when `fn` runs per event of some emitter although it is not written inline as the listener: a method or
 * function of the file registered by reference or bound, or called by such a listener (up to three calls deep).
 */
export function runsPerEvent(fn: FunctionLike, depth = 0): boolean {
  if (depth > 3) return false;
  const known = perEvent.get(fn);
  if (known !== undefined) return known;
  const result = searchPerEvent(fn, depth);
  // A shallow search may stop short where a deeper one would not: only its positive answers are final.
  if (result || depth === 0) perEvent.set(fn, result);
  return result;
}

const perEvent = new WeakMap<FunctionLike, boolean>();

function searchPerEvent(fn: FunctionLike, depth: number): boolean {
  const name = callableName(fn);
  if (name === undefined) return false;
  const sourceFile = fn.getSourceFile();
  let found = false;
  forEachDescendant(sourceFile, (node) => {
    if (found) return 'skip';
    if (!ts.isCallExpression(node)) return undefined;
    const added = registrationOf(node);
    if (added !== undefined && refersTo(added.handler, name, fn)) {
      found = true;
      return undefined;
    }
    if (!refersTo(node.expression, name, fn)) return undefined;
    // Called: as often as its caller runs per event.
    const caller = enclosingFunction(node);
    if (caller === undefined || caller === fn) return undefined;
    if (isInlineListener(caller) || runsPerEvent(caller, depth + 1)) found = true;
    return undefined;
  });
  return found;
}

/**
 * The name a function is reached by: a class member's, `X.prototype.m = function`'s or `this.m = function`'s `m`, a
 * function declaration's or a variable's name.
 */
function callableName(fn: FunctionLike): string | undefined {
  if (ts.isMethodDeclaration(fn) && ts.isIdentifier(fn.name)) return fn.name.text;
  if (ts.isFunctionDeclaration(fn)) return fn.name?.text;
  const outer = skipOuterUp(fn);
  const parent = outer.parent;
  if (ts.isPropertyDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (
    ts.isBinaryExpression(parent) &&
    parent.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
    parent.right === outer &&
    ts.isPropertyAccessExpression(parent.left)
  )
    return parent.left.name.text;
  return undefined;
}

/**
 * `expression` names `fn`: `this.m`, `self.m` (an alias of `this`), `X.prototype.m`, `m` (its declaration), through
 * `.bind(…)`; or is an arrow that calls it directly (`() => this.m()`).
 */
function refersTo(expression: ts.Expression, name: string, fn: FunctionLike): boolean {
  let inner = skipOuter(expression);
  if (isBindCall(inner)) inner = skipOuter((inner.expression as ts.PropertyAccessExpression).expression);
  if (ts.isIdentifier(inner)) {
    if (inner.text !== name) return false;
    const declaration = findDeclaration(inner);
    return declaration === fn || (declaration !== undefined && skipOuterUp(fn).parent === declaration);
  }
  if (ts.isPropertyAccessExpression(inner)) {
    if (inner.name.text !== name) return false;
    const receiver = skipOuter(inner.expression);
    if (receiver.kind === ts.SyntaxKind.ThisKeyword) return true;
    if (ts.isIdentifier(receiver) && isAliasOfThis(receiver)) return true;
    return ts.isPropertyAccessExpression(receiver) && receiver.name.text === 'prototype';
  }
  if (isFunctionLike(inner) && (ts.isArrowFunction(inner) || ts.isFunctionExpression(inner))) {
    const body = inner.body;
    const call = ts.isBlock(body)
      ? findDescendant(body, (node) => ts.isCallExpression(node) && refersTo(node.expression, name, fn))
      : ts.isCallExpression(skipOuter(body)) &&
          refersTo((skipOuter(body) as ts.CallExpression).expression, name, fn)
        ? body
        : undefined;
    return call !== undefined;
  }
  return false;
}
