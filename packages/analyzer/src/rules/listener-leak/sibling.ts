/**
 * Two facts the code itself states about an emitter's lifetime. A listener left on an emitter whose other listeners
 * the same code takes off (it knows the emitter outlives it: a retry's `'error'` listener removed, its `'ready'` one
 * left); and a listener a method adds to the instance itself, holding what that call was handed, while the instance
 * can be ended and started again (`connect(callback)` after `close()`). Internal to the `listener-leak` rule.
 *
 * @module
 */
import ts from '../../typescript.cjs';
import { normalizedText, skipOuter, skipOuterUp } from '../../analysis/syntax/expressions.js';
import { type FunctionLike, isFunctionLike } from '../../analysis/syntax/functions.js';
import { lifecycleEndNames } from '../../analysis/project/lifecycle.js';
import { findDeclaration } from '../../analysis/syntax/scope.js';
import { findDescendant, forEachDescendant, isWithin } from '../../analysis/syntax/walk.js';
import {
  endsEmitter,
  madeBeforeTheRun,
  type Origin,
  outermostFunction,
  recreatedIn,
} from './emitter-origin.js';

export { outermostFunction };
import { handlerBody } from './factory.js';
import { instanceMembers } from './instance-members.js';
import { isRequestSocket } from './pooled-socket.js';
import { eventText, type Registration, registrationOf, type Removal, targetKey } from './registration.js';
import { compareRemoval } from './removal.js';

/** Events after which an emitter is done: what is left on it goes with it. */
const endingEvents = new Set([
  'close',
  'end',
  'finish',
  'exit',
  'disconnect',
  'closed',
  'destroy',
  'destroyed',
]);

/**
 * The removal by which the code takes off another listener it adds to the same emitter in the same function, when
 * `added` (an `on`, never removed, not on the instance itself nor in a constructor) stays on an emitter that outlives
 * the code: a field or a variable made before the function runs, something handed in, a global, or the socket of a
 * request. Undefined when there is none, when the
 * emitter is ended by the code, or when the code waits for its end (what is left goes with it).
 */
export function removedSibling(
  added: Registration,
  fn: FunctionLike,
  origin: Origin,
  checker: ts.TypeChecker,
  removals: readonly Removal[],
): Removal | undefined {
  if (added.once) return undefined;
  const scope = outermostFunction(fn);
  // The socket of a request outlives the code whatever the code does with it: keep-alive hands it on.
  const pooled = isRequestSocket(added.target, checker);
  if (!outlivesTheCode(added, fn, origin, pooled)) return undefined;
  const key = targetKey(added.target);
  const sourceFile = added.call.getSourceFile();
  const handlerText = normalizedText(added.handler, sourceFile);
  const siblings: Registration[] = [];
  forEachDescendant(scope, (node) => {
    if (!ts.isCallExpression(node) || node === added.call) return;
    const other = registrationOf(node);
    if (
      other !== undefined &&
      targetKey(other.target) === key &&
      normalizedText(other.handler, sourceFile) !== handlerText
    )
      siblings.push(other);
  });
  for (const sibling of siblings) {
    const body = handlerBody(sibling);
    // Taken off by other code than its own listener (a listener removing itself is only a hand-written `once`).
    const removal = removals.find(
      (candidate) =>
        candidate.handler !== undefined &&
        compareRemoval(candidate, sibling, checker) === 'removes' &&
        (body === undefined || !isWithin(candidate.call, body)),
    );
    if (removal !== undefined) return removal;
  }
  return undefined;
}

/**
 * For a `once` never removed: the removal, inside its own listener, of another `once` the same code adds to the same
 * emitter — the two wait for outcomes of which only one comes (`'started'` / `'start-failed'`), and this one's
 * listener takes the other off when it fires, while nothing takes this one off when the other fires. The emitter
 * must outlive the code as for `removedSibling`; undefined otherwise.
 */
export function pairedOnceLeft(
  added: Registration,
  fn: FunctionLike,
  origin: Origin,
  checker: ts.TypeChecker,
  removals: readonly Removal[],
): Removal | undefined {
  if (!added.once) return undefined;
  const event = eventText(added.event);
  const body = handlerBody(added);
  if (body === undefined || !outlivesTheCode(added, fn, origin, false)) return undefined;
  const scope = outermostFunction(fn);
  const key = targetKey(added.target);
  let found: Removal | undefined;
  forEachDescendant(scope, (node) => {
    if (found !== undefined || !ts.isCallExpression(node) || node === added.call) return;
    const other = registrationOf(node);
    if (other === undefined || !other.once || targetKey(other.target) !== key) return;
    if (eventText(other.event) === event) return;
    found = removals.find(
      (removal) =>
        isWithin(removal.call, body) &&
        (removal.handler !== undefined || removal.event !== undefined) &&
        compareRemoval(removal, other, checker) === 'removes',
    );
  });
  return found;
}

/**
 * The emitter of `added` outlives the code that adds to it, as both sibling checks need: not the instance itself nor
 * a constructor's (those go with the instance), a named event that is not an ending one, and unless `pooled`, an
 * emitter made before the function runs and not made again by it, which the code neither ends nor waits to end.
 */
function outlivesTheCode(added: Registration, fn: FunctionLike, origin: Origin, pooled: boolean): boolean {
  if (origin.kind === 'self' || ts.isConstructorDeclaration(fn)) return false;
  const event = eventText(added.event);
  if (event === undefined || endingEvents.has(event)) return false;
  if (pooled) return true;
  const scope = outermostFunction(fn);
  if (origin.kind === 'local' && (!madeBeforeTheRun(added.target, fn) || recreatedIn(added.target, scope)))
    return false;
  return !endsEmitter(added.target, scope) && !listensForItsEnd(added, scope);
}

/**
 * The code under `scope` listens for the emitter's end (`stream.once('end', resolve)`, a child's `'exit'`): the
 * listeners left on it go with it.
 */
export function listensForItsEnd(added: Registration, scope: ts.Node): boolean {
  const key = targetKey(added.target);
  return (
    findDescendant(scope, (node) => {
      if (!ts.isCallExpression(node)) return false;
      const other = registrationOf(node);
      return (
        other !== undefined &&
        targetKey(other.target) === key &&
        endingEvents.has(eventText(other.event) ?? '')
      );
    }) !== undefined
  );
}

/**
 * The listener is a function written at the call that uses a parameter of `fn`, an instance method: it holds what
 * that call was handed (the caller's callback), so each call adds another. A parameter handed over as is
 * (`onMessage(callback) { this.on('message', callback) }`) is the caller's own subscription, not this.
 */
export function holdsCallState(added: Registration, fn: FunctionLike): boolean {
  const handler = skipOuter(added.handler);
  if (!isFunctionLike(handler) || fn.parameters.length === 0 || instanceMembers(fn) === undefined)
    return false;
  const parameters = new Set<ts.Node>(fn.parameters);
  return (
    findDescendant(handler, (node) => {
      if (!ts.isIdentifier(node)) return false;
      const declaration = findDeclaration(node);
      return declaration !== undefined && parameters.has(declaration);
    }) !== undefined
  );
}

/**
 * The name of the instance method `fn` is (`connect` of a class, or of `Client.prototype.connect = function`), unless
 * it is the constructor or a method that ends the instance.
 */
export function memberNameOf(fn: FunctionLike): string | undefined {
  let name: string | undefined;
  if (ts.isMethodDeclaration(fn) && ts.isIdentifier(fn.name)) name = fn.name.text;
  else if (ts.isPropertyDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name)) name = fn.parent.name.text;
  else {
    const outer = skipOuterUp(fn);
    const parent = outer.parent;
    if (
      ts.isBinaryExpression(parent) &&
      parent.right === outer &&
      ts.isPropertyAccessExpression(parent.left) &&
      ts.isPropertyAccessExpression(parent.left.expression) &&
      parent.left.expression.name.text === 'prototype'
    )
      name = parent.left.name.text;
  }
  return name === undefined || lifecycleEndNames.has(name) ? undefined : name;
}
