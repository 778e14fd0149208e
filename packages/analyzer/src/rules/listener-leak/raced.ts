/**
 * A wait that can be left behind: a listener that settles a `new Promise` whose promise runs in `Promise.race`/
 * `Promise.any` against other work. When the other work wins (the common path: the request finishes before the
 * caller's signal aborts), nothing waits for the event any more, yet the listener stays on an emitter that outlives
 * the call — `once` removes it only when the event comes. Internal to the `listener-leak` rule.
 *
 * @module
 */
import ts from '../../typescript.cjs';
import { isPromiseStatic, skipOuter, skipOuterUp } from '../../analysis/syntax/expressions.js';
import {
  enclosingFunction,
  enclosingScope,
  type FunctionLike,
  programFunction,
} from '../../analysis/syntax/functions.js';
import { findDeclaration } from '../../analysis/syntax/scope.js';
import { findDescendant, isWithin } from '../../analysis/syntax/walk.js';
import { localFunction } from './emitter-origin.js';
import { handlerBody } from './factory.js';
import type { Registration } from './registration.js';

/** How many helpers deep a promise is followed to its race (`abortPromise(signal)` raced by its caller). */
const helperDepth = 2;

/**
 * The `Promise.race`/`Promise.any` call that the promise made by `executor` runs in, against at least one other
 * contender, when the registration's listener is what settles that promise; undefined otherwise. The promise is followed
 * as an element of the race's array, through a `const` holding it, and through functions of the file that return it.
 */
export function raceLeavingListener(
  added: Registration,
  executor: FunctionLike,
  checker: ts.TypeChecker,
): ts.CallExpression | undefined {
  if (!settlesExecutor(added, executor)) return undefined;
  const made = skipOuterUp(executor).parent;
  return ts.isNewExpression(made) ? raceOf(made, checker, 0) : undefined;
}

/** The listener is `resolve`/`reject` itself, or its code calls one of them. */
function settlesExecutor(added: Registration, executor: FunctionLike): boolean {
  const settlers = new Set<ts.Node>(
    executor.parameters.slice(0, 2).filter((parameter) => ts.isIdentifier(parameter.name)),
  );
  if (settlers.size === 0) return false;
  const isSettler = (node: ts.Node): boolean => {
    if (!ts.isIdentifier(node)) return false;
    const declaration = findDeclaration(node);
    return declaration !== undefined && settlers.has(declaration);
  };
  const handler = skipOuter(added.handler);
  if (isSettler(handler)) return true;
  const body = handlerBody(added) ?? handler;
  return findDescendant(body, isSettler) !== undefined;
}

/** The race that `promise` (an expression whose value is the promise) is a contender of. */
function raceOf(
  promise: ts.Expression,
  checker: ts.TypeChecker,
  depth: number,
): ts.CallExpression | undefined {
  const outer = skipOuterUp(promise);
  const parent = outer.parent;
  const race = raceHolding(outer);
  if (race !== undefined) return race;
  // `const aborted = new Promise(…); … Promise.race([work(), aborted])`
  if (ts.isVariableDeclaration(parent) && parent.initializer === outer && ts.isIdentifier(parent.name)) {
    const declaration = parent;
    const name = declaration.name as ts.Identifier;
    let found: ts.CallExpression | undefined;
    findDescendant(enclosingScope(declaration), (node) => {
      if (!ts.isIdentifier(node) || node.text !== name.text || node === name) return false;
      if (findDeclaration(node) !== declaration) return false;
      found = raceHolding(skipOuterUp(node));
      return found !== undefined;
    });
    return found;
  }
  // `function abortPromise(signal) { return new Promise(…); }`, raced where it is called.
  if (depth >= helperDepth) return undefined;
  const returned =
    ts.isReturnStatement(parent) || (ts.isArrowFunction(parent) && parent.body === outer)
      ? parent
      : undefined;
  if (returned === undefined) return undefined;
  const helper = ts.isArrowFunction(returned) ? returned : enclosingFunction(returned);
  if (helper === undefined) return undefined;
  let found: ts.CallExpression | undefined;
  findDescendant(helper.getSourceFile(), (node) => {
    if (!ts.isCallExpression(node) || isWithin(node, helper) || !calls(node, helper, checker)) return false;
    found = raceOf(node, checker, depth + 1);
    return found !== undefined;
  });
  return found;
}

/** The race whose array literal has `element` as one of two or more contenders. */
function raceHolding(element: ts.Node): ts.CallExpression | undefined {
  const list = element.parent;
  if (!ts.isArrayLiteralExpression(list) || list.elements.length < 2) return undefined;
  const call = skipOuterUp(list).parent;
  if (!isPromiseStatic(call, ['race', 'any'])) return undefined;
  const first = call.arguments[0];
  return first !== undefined && skipOuter(first) === list ? call : undefined;
}

/** `call` runs `fn`: a function of the file by name, or a method or field of the program (`this.stopped()`). */
function calls(call: ts.CallExpression, fn: FunctionLike, checker: ts.TypeChecker): boolean {
  if (localFunction(call) === fn) return true;
  const callee = skipOuter(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const symbol = checker.getSymbolAtLocation(callee.name);
  return symbol !== undefined && programFunction(symbol, checker) === fn;
}
