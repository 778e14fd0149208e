/**
 * Factories: a function that makes an object, returns it, and adds a listener to a long-lived emitter that refers to
 * it, so that each object made stays reachable until the listener's event comes. Internal to the `listener-leak` rule.
 *
 * @module
 */
import ts from '../../typescript.cjs';
import { skipOuter } from '../../analysis/syntax/expressions.js';
import { enclosingFunction, type FunctionLike, isFunctionLike } from '../../analysis/syntax/functions.js';
import { findDeclaration } from '../../analysis/syntax/scope.js';
import { findDescendant, forEachDescendant, isWithin } from '../../analysis/syntax/walk.js';
import { localFunction } from './emitter-origin.js';
import { hasEndingMember } from './lifecycle.js';
import { eventText, type Registration, targetKey } from './registration.js';
import { calledName, runsOnce } from '../../analysis/syntax/run-once.js';
import { removalsIn } from './removal.js';

/**
 * A factory: `fn` makes an object, returns it, and the listener's code refers to it (`const context = new
 * AudioContext(); document.body.addEventListener('click', () => context.resume()); return context`). Each call leaves
 * one more object reachable from the long-lived emitter, unless something other than the listener itself removes it.
 */
export function returnsWhatItListensFor(fn: FunctionLike, added: Registration): boolean {
  let made: ts.Identifier | undefined;
  forEachDescendant(fn, (node) => {
    if (made !== undefined || !ts.isReturnStatement(node) || node.expression === undefined) return;
    const value = skipOuter(node.expression);
    if (!ts.isIdentifier(value) || enclosingFunction(node) !== fn) return;
    const declaration = findDeclaration(value);
    if (
      declaration !== undefined &&
      ts.isVariableDeclaration(declaration) &&
      declaration.initializer !== undefined &&
      ts.isNewExpression(skipOuter(declaration.initializer))
    )
      made = value;
  });
  if (made === undefined) return false;
  const name = made.text;
  const body = handlerBody(added);
  if (body === undefined) return false;
  const refersToIt =
    findDescendant(body, (node) => ts.isIdentifier(node) && node.text === name) !== undefined;
  if (!refersToIt) return false;
  // Removed somewhere else than inside the listener itself: the factory's object has its own cleanup.
  const outside = removalsIn(fn).some((removal) => !isWithin(removal.call, body));
  return !outside;
}

/** The listener's code: the function passed, or the one a local name holds. */
export function handlerBody(added: Registration): ts.Node | undefined {
  const handler = skipOuter(added.handler);
  if (!ts.isIdentifier(handler)) return handler;
  const declaration = findDeclaration(handler);
  if (declaration !== undefined && ts.isFunctionDeclaration(declaration)) return declaration;
  if (
    declaration === undefined ||
    !ts.isVariableDeclaration(declaration) ||
    declaration.initializer === undefined
  )
    return undefined;
  return declaration.initializer;
}

/**
 * The name of an object with a lifecycle (a `close`/`dispose`/`stop` method) that the listener's code holds and that the
 * caller gets back: `fn` returns it, or hands it in from a caller that returns it (`const app = await create();
 * closeOnSignals(app); return app`). The caller can close it and make another, while the listener keeps the closed one
 * reachable from the long-lived emitter. Undefined when there is none, or when code of the file removes listeners of
 * that event from that emitter.
 */
export function heldForTheCaller(
  added: Registration,
  fn: FunctionLike,
  checker: ts.TypeChecker,
): string | undefined {
  const body = handlerBody(added);
  if (body === undefined || removesSomeListener(added)) return undefined;
  let held: string | undefined;
  forEachDescendant(body, (node) => {
    if (held !== undefined) return 'skip';
    if (!ts.isIdentifier(node)) return undefined;
    const declaration = findDeclaration(node);
    if (declaration === undefined || isWithin(declaration, body)) return undefined;
    if (!hasEndingMember(checker.getNonNullableType(checker.getTypeAtLocation(node)), checker))
      return undefined;
    if (ts.isVariableDeclaration(declaration) && enclosingFunction(declaration) === fn && !runsOnce(fn)) {
      if (returns(fn, node.text)) held = node.text;
    } else if (ts.isParameter(declaration) && declaration.parent === fn) {
      if (callerReturnsArgument(fn, fn.parameters.indexOf(declaration))) held = node.text;
    }
    return undefined;
  });
  return held;
}

/** Code of the file removes listeners of the registration's event (or of any event) from the same emitter. */
function removesSomeListener(added: Registration): boolean {
  const key = targetKey(added.target);
  const event = eventText(added.event);
  return removalsIn(added.call.getSourceFile()).some((removal) => {
    if (targetKey(removal.target) !== key) return false;
    const removed = eventText(removal.event);
    return removed === undefined || event === undefined || removed === event;
  });
}

/**
 * `fn` hands `name` back: `return name`, or a function or object literal it returns that holds it (`return (entry) =>
 * name.write(entry)`, `return { write: … name … }`): the caller keeps it as long as it keeps what it got, no longer.
 */
function returns(fn: FunctionLike, name: string): boolean {
  const mentions = (node: ts.Node): boolean =>
    findDescendant(node, (inner) => ts.isIdentifier(inner) && inner.text === name) !== undefined;
  return (
    findDescendant(fn, (node) => {
      if (!ts.isReturnStatement(node) || node.expression === undefined || enclosingFunction(node) !== fn)
        return false;
      const value = skipOuter(node.expression);
      if (ts.isIdentifier(value)) return value.text === name;
      return (isFunctionLike(value) || ts.isObjectLiteralExpression(value)) && mentions(value);
    }) !== undefined
  );
}

/** A call of `fn` in its file passes, at `index`, a variable that the calling function (run per call) returns. */
function callerReturnsArgument(fn: FunctionLike, index: number): boolean {
  const name = calledName(fn);
  if (name === undefined || index < 0) return false;
  return (
    findDescendant(fn.getSourceFile(), (node) => {
      if (!ts.isCallExpression(node) || localFunction(node) !== fn) return false;
      const argument = node.arguments[index];
      const caller = enclosingFunction(node);
      if (argument === undefined || caller === undefined || !ts.isIdentifier(skipOuter(argument)))
        return false;
      const declaration = findDeclaration(skipOuter(argument) as ts.Identifier);
      return (
        declaration !== undefined &&
        ts.isVariableDeclaration(declaration) &&
        enclosingFunction(declaration) === caller &&
        !runsOnce(caller) &&
        returns(caller, (skipOuter(argument) as ts.Identifier).text)
      );
    }) !== undefined
  );
}
