/**
 * The error path of an operation object: a class whose instance runs one operation and reports its end as events
 * (`this.emit('response', res)`, `this.emit('complete', result)`, or `this.emit('error', err)`). A timer kept in a
 * field (a request timeout, an elapsed-time ticker) that is cleared where the result is emitted has to be cleared where
 * the error is emitted too: otherwise every failed operation leaves it running, and it fires on a finished object.
 * The settle paths of a promise executor (settle-paths.ts) are the same idea for promises; this is it for emitters.
 * Internal to the `timer-leak` rule.
 *
 * @module
 */
import ts from '../../typescript.cjs';
import { skipOuter } from '../../analysis/syntax/expressions.js';
import { enclosingFunction } from '../../analysis/syntax/functions.js';
import { findDescendant, forEachDescendant, isWithin } from '../../analysis/syntax/walk.js';
import { isInstance } from './owners.js';
import { covers } from './settle-paths.js';
import { clearedHandle } from './timer-calls.js';
import { handleTarget } from './timer-promises.js';

/** Events that end an object's life rather than deliver an operation's result: a long-lived object emits them. */
const lifecycleEvents = new Set(['close', 'end', 'finish', 'exit', 'disconnect', 'disconnected', 'destroy']);

/** The event name of `<instance>.emit('<event>', …)`, if `call` is one. */
function emittedEvent(call: ts.CallExpression): string | undefined {
  const callee = skipOuter(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'emit' || !isInstance(callee.expression))
    return undefined;
  const event = call.arguments[0];
  return event !== undefined && ts.isStringLiteralLike(event) ? event.text : undefined;
}

/** True when `node` clears the instance field `field` directly (`clearTimeout(this.timer)`, `self.timer`). */
function clearsFieldDirectly(node: ts.Node, field: string): boolean {
  if (!ts.isCallExpression(node)) return false;
  const cleared = clearedHandle(node);
  if (cleared === undefined) return false;
  const root = skipOuter(cleared);
  return ts.isPropertyAccessExpression(root) && root.name.text === field && isInstance(root.expression);
}

/**
 * The calls in the class that clear the field: directly, or by calling a member of the class whose body clears it
 * directly (`this.stopTicker()`).
 */
function fieldClears(klass: ts.ClassLikeDeclaration, field: string): ts.CallExpression[] {
  const clearingMembers = new Set<string>();
  for (const member of klass.members) {
    if (member.name === undefined || !ts.isIdentifier(member.name)) continue;
    if (findDescendant(member, (node) => clearsFieldDirectly(node, field)) !== undefined)
      clearingMembers.add(member.name.text);
  }
  const clears: ts.CallExpression[] = [];
  forEachDescendant(klass, (node) => {
    if (!ts.isCallExpression(node)) return undefined;
    if (clearsFieldDirectly(node, field)) {
      clears.push(node);
      return undefined;
    }
    const callee = skipOuter(node.expression);
    if (
      ts.isPropertyAccessExpression(callee) &&
      isInstance(callee.expression) &&
      clearingMembers.has(callee.name.text)
    ) {
      clears.push(node);
    }
    return undefined;
  });
  return clears;
}

/**
 * The `emit('error', …)` of an operation object that leaves the field timer `call` arms running, when the timer is
 * cleared where the object emits its result (an event that is not a lifecycle end such as 'close'), if there is one.
 */
export function errorPathLeak(call: ts.CallExpression): ts.CallExpression | undefined {
  const fn = enclosingFunction(call);
  const target = handleTarget(call, fn);
  if (typeof target === 'string') return undefined;
  const field = skipOuter(target);
  if (!ts.isPropertyAccessExpression(field) || !isInstance(field.expression)) return undefined;
  let klass: ts.Node = call;
  while (!ts.isClassLike(klass)) {
    if (ts.isSourceFile(klass)) return undefined;
    klass = klass.parent;
  }
  const callback = call.arguments[0] === undefined ? undefined : skipOuter(call.arguments[0]);
  const clears = fieldClears(klass, field.name.text).filter(
    (clear) => callback === undefined || !isWithin(clear, callback),
  );
  if (clears.length === 0) return undefined;
  const emits: Array<{ call: ts.CallExpression; event: string }> = [];
  forEachDescendant(klass, (node) => {
    if (!ts.isCallExpression(node) || (callback !== undefined && isWithin(node, callback))) return undefined;
    const event = emittedEvent(node);
    if (event !== undefined) emits.push({ call: node, event });
    return undefined;
  });
  const covered = (site: ts.Node): boolean => clears.some((clear) => coversInOrder(clear, site));
  const resultCleared = emits.some(
    (emit) => emit.event !== 'error' && !lifecycleEvents.has(emit.event) && covered(emit.call),
  );
  if (!resultCleared) return undefined;
  return emits.find((emit) => emit.event === 'error' && !covered(emit.call))?.call;
}

/**
 * True when `clear` runs whenever `site` runs (settle-paths.ts's `covers`), also in order: a site earlier in the same
 * function, in a branch that returns or throws before the clear's statement (`catch (e) { emit('error', e); return; }`
 * above `stop(); emit('complete')`), is not covered.
 */
function coversInOrder(clear: ts.Node, site: ts.Node): boolean {
  if (!covers(clear, site)) return false;
  const fn = enclosingFunction(clear);
  if (fn !== enclosingFunction(site) || site.pos >= clear.pos) return true;
  let statement: ts.Node = site;
  // `site` and `clear` share a function, so some ancestor of `site` holds `clear` (the function at the latest).
  while (!isWithin(clear, statement.parent)) statement = statement.parent;
  const exits = findDescendant(
    statement,
    (node) => (ts.isReturnStatement(node) || ts.isThrowStatement(node)) && enclosingFunction(node) === fn,
  );
  return exits === undefined;
}
