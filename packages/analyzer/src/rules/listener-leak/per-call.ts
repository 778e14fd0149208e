/**
 * How the rule says where a registration runs once per call (a Promise executor, an async function, another
 * listener, a constructor of a class the file instantiates per call), or that it runs once (setup code). Internal to
 * the `listener-leak` rule.
 *
 * @module
 */
import ts from '../../typescript.cjs';
import { enclosingFunction, type FunctionLike } from '../../analysis/syntax/functions.js';
import { findDescendant } from '../../analysis/syntax/walk.js';
import type { Origin } from './emitter-origin.js';
import { isImmediatelyInvoked } from '../../analysis/syntax/run-once.js';
import { type PerCall, perCallReason } from './repetition.js';

/** Why the code runs per call, as the message says it, or undefined when it runs once (setup code). */
export function perCallWhere(fn: FunctionLike, origin: Origin): string | undefined {
  const perCall: PerCall | undefined = perCallReason(fn);
  if (perCall === 'executor') return 'inside a Promise executor';
  if (ts.isConstructorDeclaration(fn)) {
    // A constructor adding to process-wide objects leaks once per instance; most such classes are app-lifetime
    // singletons (a store, a service), so report only when the file makes instances per call (`new Worker()`).
    return origin.kind === 'global' && instantiatedPerCall(fn) ? 'in a constructor' : undefined;
  }
  if (perCall === 'async') return 'inside an async function';
  if (perCall === 'listener') return 'inside another listener';
  if (perCall === 'per-event') return 'in code that runs for every event of another emitter';
  if (perCall === 'effect') return 'in an effect, which runs each time the component mounts';
  if (perCall === 'prop')
    return 'in a function handed to a component as a prop, which the component runs on each mount or event';
  return undefined;
}

/** Whether the constructor's class is instantiated inside a function of its own file (`new Worker()` per call). */
function instantiatedPerCall(constructor: FunctionLike): boolean {
  const owner = constructor.parent;
  if (!ts.isClassDeclaration(owner) || owner.name === undefined) return false;
  const name = owner.name.text;
  return (
    findDescendant(
      constructor.getSourceFile(),
      (node) =>
        ts.isNewExpression(node) &&
        ts.isIdentifier(node.expression) &&
        node.expression.text === name &&
        perCallOrFunction(node),
    ) !== undefined
  );
}

/** A `new` inside some function other than a module-level IIFE. */
function perCallOrFunction(node: ts.Node): boolean {
  for (let fn = enclosingFunction(node); fn !== undefined; fn = enclosingFunction(fn)) {
    if (!isImmediatelyInvoked(fn)) return true;
  }
  return false;
}
