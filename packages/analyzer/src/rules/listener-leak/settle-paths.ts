/**
 * Removal on every way a wait ends: a listener added inside a Promise executor must be gone whichever way the
 * promise settles (the awaited event, an error event, a timeout, an abort, a failed call), and one added in an async
 * function must be gone when an `await` after it throws. A listener the code removes on one path shows that it has
 * to go; `once` shows it is meant to last one event, which may never come. Internal to the `listener-leak` rule.
 *
 * @module
 */
import ts from '../../typescript.cjs';
import { skipOuter, skipOuterUp } from '../../analysis/syntax/expressions.js';
import { enclosingFunction, type FunctionLike, isFunctionLike } from '../../analysis/syntax/functions.js';
import { findDeclaration } from '../../analysis/syntax/scope.js';
import {
  findDescendant,
  findInFunction,
  forEachDescendant,
  forEachInFunction,
  isWithin,
} from '../../analysis/syntax/walk.js';
import { localFunction } from './emitter-origin.js';
import { type Registration, registrationOf, targetKey } from './registration.js';
import { compareRemoval, removalsIn } from './removal.js';

/**
 * The first place where the executor's promise settles while the registration's listener stays (no removal on the
 * way there, and not the listener's own `once` firing), or undefined.
 * `connection`: the emitter is a connection handed in or kept in a field, which an `'error'` ends, so a listener left
 * when its `once('error', reject)` fires goes with it.
 */
export function settleWithoutRemoval(
  added: Registration,
  executor: FunctionLike,
  checker: ts.TypeChecker,
  connection = false,
): ts.Node | undefined {
  const settlers = executor.parameters
    .slice(0, 2)
    .map((parameter) => parameter.name)
    .filter((name): name is ts.Identifier => ts.isIdentifier(name));
  if (settlers.length === 0) return undefined;
  const removes = (root: ts.Node): boolean =>
    removalsIn(root).some((removal) => compareRemoval(removal, added, checker) === 'removes');
  // `work.finally(() => off(…))`: removed whenever the work settles, whichever way the wait ends. Also outside the
  // executor, in the function that makes the promise (`let onReady` assigned in the executor and taken off in
  // `waiting.finally(…)` or in a `finally` block after the `await`): it runs once the wait is over, on every path.
  const outer = enclosingFunction(executor);
  if (
    removalsIn(outer ?? executor).some(
      (removal) =>
        (inFinallyCallback(removal.call) || (outer !== undefined && inFinallyBlock(removal.call, outer))) &&
        compareRemoval(removal, added, checker) === 'removes',
    )
  )
    return undefined;
  let found: ts.Node | undefined;
  forEachDescendant(executor, (node) => {
    if (found !== undefined) return 'skip';
    if (!ts.isIdentifier(node) || !settlers.some((settler) => settler.text === node.text)) return undefined;
    const declaration = findDeclaration(node);
    if (declaration === undefined || !settlers.some((settler) => settler.parent === declaration))
      return undefined;
    if (node.parent === declaration) return undefined;
    if (!settlesHere(node, executor, added)) return undefined;
    if (!coveredOnTheWay(node, executor, added, removes, 0, connection)) found = node;
    return undefined;
  });
  return found;
}

/** The call sits in a callback given to `.finally(…)`. */
function inFinallyCallback(call: ts.CallExpression): boolean {
  for (let fn = enclosingFunction(call); fn !== undefined; fn = enclosingFunction(fn)) {
    const parent = skipOuterUp(fn).parent;
    if (
      ts.isCallExpression(parent) &&
      ts.isPropertyAccessExpression(parent.expression) &&
      parent.expression.name.text === 'finally'
    )
      return true;
  }
  return false;
}

/** The call sits in the `finally` block of a `try` of `fn` (its own code, not a nested function's). */
function inFinallyBlock(call: ts.CallExpression, fn: FunctionLike): boolean {
  for (let current: ts.Node = call; current !== fn; current = current.parent) {
    if (isFunctionLike(current)) return false;
    const parent = current.parent;
    if (ts.isTryStatement(parent) && parent.finallyBlock === current) return true;
  }
  return false;
}

/** A use of `resolve`/`reject` that settles after the listener is added. */
function settlesHere(use: ts.Identifier, executor: FunctionLike, added: Registration): boolean {
  const inner = enclosingFunction(use);
  // Handed over as a callback (`port.once('message', resolve)`, `task.then(resolve, reject)`): it settles when that
  // runs, after the executor.
  const outer = skipOuterUp(use);
  if (ts.isCallExpression(outer.parent) && outer.parent.arguments.includes(outer as ts.Expression))
    return true;
  // Directly in the executor: only what runs after the registration.
  if (inner === executor) return use.pos > added.call.end;
  return true;
}

/** Whether the listener is gone by the time `use` settles the promise. */
function coveredOnTheWay(
  use: ts.Identifier,
  executor: FunctionLike,
  added: Registration,
  removes: (root: ts.Node) => boolean,
  depth: number,
  connection: boolean,
): boolean {
  const handler = skipOuter(added.handler);
  // The listener's own event fired: `once` took it off.
  if (added.once && (use === handler || isWithin(use, handler))) return true;
  const code = handlerCode(handler);
  if (added.once && code !== undefined && isWithin(use, code)) return true;
  // The emitter failed ('error'): what else waits on it goes with it.
  if (added.once && settlesOnErrorOf(use, added, connection)) return true;
  for (let fn = enclosingFunction(use); fn !== undefined; fn = enclosingFunction(fn)) {
    if (fn === executor) {
      // In the executor's own code, a removal before the settle covers it; a later callback is not covered by it.
      return enclosingFunction(use) === executor && ownCodeRemoves(executor, added, removes, use.pos);
    }
    if (ownCodeRemoves(fn, added, removes, Number.POSITIVE_INFINITY)) return true;
    // A helper of the executor (`const fail = (error) => reject(error)`) settles where it is called: covered when
    // every call of it is.
    const calls = depth < 3 ? callsOfLocal(fn, executor) : undefined;
    if (calls !== undefined && calls.length > 0) {
      return calls.every((call) => coveredOnTheWay(call, executor, added, removes, depth + 1, connection));
    }
  }
  return false;
}

/** The code of a listener: the function passed, or the one a local name holds. */
function handlerCode(handler: ts.Expression): ts.Node | undefined {
  if (!ts.isIdentifier(handler)) return undefined;
  const declaration = findDeclaration(handler);
  return declaration !== undefined && ts.isVariableDeclaration(declaration)
    ? declaration.initializer
    : declaration;
}

/** `use` sits in the listener of another registration on the same emitter, for an error event. */
function settlesOnErrorOf(use: ts.Node, added: Registration, connection: boolean): boolean {
  // `stream.once('error', reject)` on a connection handed in or kept in a field: the settler itself is the listener.
  const outer = skipOuterUp(use);
  if (connection && ts.isCallExpression(outer.parent)) {
    const other = registrationOf(outer.parent);
    if (
      other !== undefined &&
      other.call !== added.call &&
      other.handler === skipOuter(outer as ts.Expression) &&
      targetKey(other.target) === targetKey(added.target)
    )
      return /error/i.test(eventName(other.event) ?? '');
  }
  for (let fn = enclosingFunction(use); fn !== undefined; fn = enclosingFunction(fn)) {
    const outer = skipOuterUp(fn);
    let site: ts.Node = outer.parent;
    // `const onError = (err) => reject(err); emitter.once('error', onError)`.
    if (ts.isVariableDeclaration(site) && ts.isIdentifier(site.name)) {
      const name = site.name.text;
      const scope = enclosingFunction(site);
      const registered =
        scope === undefined
          ? undefined
          : findDescendant(scope, (node) => {
              if (!ts.isCallExpression(node)) return false;
              const other = registrationOf(node);
              return other !== undefined && ts.isIdentifier(other.handler) && other.handler.text === name;
            });
      if (registered !== undefined) site = registered;
    }
    if (!ts.isCallExpression(site)) continue;
    const other = registrationOf(site);
    if (other === undefined || other.call === added.call) continue;
    if (targetKey(other.target) !== targetKey(added.target)) continue;
    return /error/i.test(eventName(other.event) ?? '');
  }
  return false;
}

/** The event's name: a literal's text, or the last name of a constant (`Link.ErrorReceived`). */
function eventName(event: ts.Expression): string | undefined {
  const inner = skipOuter(event);
  if (ts.isStringLiteralLike(inner)) return inner.text;
  if (ts.isPropertyAccessExpression(inner)) return inner.name.text;
  return ts.isIdentifier(inner) ? inner.text : undefined;
}

/**
 * The names by which the executor's own code calls `fn`, when `fn` is a function the executor declares under a name
 * and only ever calls (never hands over); undefined otherwise.
 */
function callsOfLocal(fn: FunctionLike, executor: FunctionLike): ts.Identifier[] | undefined {
  const outer = skipOuterUp(fn);
  const name = ts.isFunctionDeclaration(fn)
    ? fn.name
    : ts.isVariableDeclaration(outer.parent) && ts.isIdentifier(outer.parent.name)
      ? outer.parent.name
      : undefined;
  if (name === undefined || !isWithin(fn, executor)) return undefined;
  const calls: ts.Identifier[] = [];
  const handedOver: ts.Identifier[] = [];
  forEachDescendant(executor, (node) => {
    if (!ts.isIdentifier(node) || node === name || node.text !== name.text) return;
    if (findDeclaration(node) !== (ts.isFunctionDeclaration(fn) ? fn : outer.parent)) return;
    const parent = skipOuterUp(node).parent;
    if (ts.isCallExpression(parent) && skipOuter(parent.expression) === node) calls.push(node);
    else handedOver.push(node);
  });
  return handedOver.length > 0 ? undefined : calls;
}

/** The function's own statements (or cleanup functions they call) remove the listener, before `before`. */
function ownCodeRemoves(
  fn: FunctionLike,
  added: Registration,
  removes: (root: ts.Node) => boolean,
  before: number,
): boolean {
  let found = false;
  forEachInFunction(fn, (node) => {
    if (found || node.pos > before) return 'skip';
    if (!ts.isCallExpression(node)) return undefined;
    if (removes(node)) found = true;
    else {
      const cleanup = localFunction(node);
      if (cleanup !== undefined && removes(cleanup)) found = true;
    }
    return undefined;
  });
  return found;
}

/**
 * In an async function: the listener is removed further down, outside `finally`, past an `await` that can throw
 * first (and no `catch` around that `await` removes it). Returns that `await`, or undefined.
 */
export function awaitSkippingRemoval(
  added: Registration,
  fn: FunctionLike,
  checker: ts.TypeChecker,
): ts.AwaitExpression | undefined {
  const own = removalsIn(fn).filter(
    (removal) =>
      enclosingFunction(removal.call) === fn && compareRemoval(removal, added, checker) === 'removes',
  );
  if (own.length === 0 || own.some((removal) => inFinally(removal.call, fn))) return undefined;
  const firstRemoval = Math.min(...own.map((removal) => removal.call.pos));
  let found: ts.AwaitExpression | undefined;
  forEachInFunction(fn, (node) => {
    if (found !== undefined) return 'skip';
    if (ts.isAwaitExpression(node) && node.pos > added.call.end && node.pos < firstRemoval) {
      if (!caughtWithRemoval(node, fn, own)) found = node;
    }
    return undefined;
  });
  return found;
}

function inFinally(node: ts.Node, fn: FunctionLike): boolean {
  for (let current: ts.Node = node; current !== fn; current = current.parent) {
    const parent = current.parent;
    if (ts.isTryStatement(parent) && parent.finallyBlock === current) return true;
  }
  return false;
}

/** The `await` sits in a `try` whose `catch` removes the listener too (or rethrows nothing past it). */
function caughtWithRemoval(
  node: ts.Node,
  fn: FunctionLike,
  removals: readonly { call: ts.CallExpression }[],
): boolean {
  for (let current: ts.Node = node; current !== fn; current = current.parent) {
    const parent = skipOuterUp(current).parent;
    if (ts.isTryStatement(parent) && parent.tryBlock === current && parent.catchClause !== undefined) {
      const clause = parent.catchClause;
      if (removals.some((removal) => isWithin(removal.call, clause))) return true;
      // A `catch` that does not rethrow lets the code go on to the removal below.
      const leaves = findInFunction(
        clause.block,
        (inner) => ts.isThrowStatement(inner) || ts.isReturnStatement(inner),
      );
      if (leaves === undefined) return true;
    }
    if (isFunctionLike(parent)) return false;
  }
  return false;
}
