/**
 * Factories: a function that makes an object, returns it, and adds a listener to a long-lived emitter that refers to
 * it, so that each object made stays reachable until the listener's event comes. Internal to the `listener-leak` rule.
 *
 * @module
 */
import ts from '../../typescript.cjs';
import { skipOuter } from '../../analysis/syntax/expressions.js';
import { enclosingFunction, type FunctionLike } from '../../analysis/syntax/functions.js';
import { findDeclaration } from '../../analysis/syntax/scope.js';
import { findDescendant, forEachDescendant, isWithin } from '../../analysis/syntax/walk.js';
import type { Registration } from './registration.js';
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
