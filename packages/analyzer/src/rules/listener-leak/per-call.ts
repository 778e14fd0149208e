/**
 * How the rule says where a registration runs once per call (a Promise executor, an async function, another
 * listener, a constructor of a class the file instantiates per call), or that it runs once (setup code). Internal to
 * the `listener-leak` rule.
 *
 * @module
 */
import ts from '../../typescript.cjs';
import { skipOuter, skipOuterUp } from '../../analysis/syntax/expressions.js';
import { enclosingFunction, type FunctionLike, isAsyncFunction } from '../../analysis/syntax/functions.js';
import { findDescendant } from '../../analysis/syntax/walk.js';
import { localFunction, type Origin } from './emitter-origin.js';
import {
  calledName,
  calledOnlyByConstructor,
  insideLoop,
  isImmediatelyInvoked,
  isUncalledExport,
  runsOnce,
  runsOnceUntilReset,
} from '../../analysis/syntax/run-once.js';
import { type PerCall, perCallReason } from './repetition.js';

/**
 * Why the code runs per call, as the message says it, or undefined when it runs once (setup code).
 * `entryRunsOnce`: an exported async function that nothing in its file calls counts as an entry point that runs once
 * (for a process-wide emitter: installing on it is what such an entry point is for).
 */
export function perCallWhere(fn: FunctionLike, origin: Origin, entryRunsOnce = false): string | undefined {
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
  return calledPerCall(fn, entryRunsOnce) ?? madePerCall(fn);
}

/** How the message names a caller that runs per call. */
const callerKinds: Record<PerCall, string> = {
  executor: 'a Promise executor',
  async: 'an async function',
  listener: 'a listener',
  'per-event': 'code that runs per event',
  effect: 'an effect',
  prop: 'a function handed to a component',
};

/** How deep `calledPerCall` follows the callers of the callers. */
const callerDepth = 3;

/**
 * A function of the file that code running per call calls: from an async function, a Promise executor, a listener,
 * an effect (anything `perCallReason` names), from a loop's body, or from another function that is itself called so.
 * It runs as often as those callers, although it is neither async nor a listener itself (`watch(id)` called for each
 * id of a request). Undefined when every call of it runs once (module-level setup, a `main()` the top level calls).
 */
function calledPerCall(fn: FunctionLike, entryRunsOnce: boolean, depth = 0): string | undefined {
  if (depth > callerDepth || ts.isConstructorDeclaration(fn) || calledOnlyByConstructor(fn)) return undefined;
  // `if (registered) return; registered = true;`: the first call adds the listeners, later ones return at once.
  if (runsOnce(fn) || runsOnceUntilReset(fn, fn.getSourceFile())) return undefined;
  const name = calledName(fn);
  if (name === undefined) return undefined;
  let where: string | undefined;
  findDescendant(fn.getSourceFile(), (node) => {
    if (!ts.isCallExpression(node) || localFunction(node) !== fn) return false;
    const caller = enclosingFunction(node);
    if (caller === undefined || caller === fn) return false;
    if (entryRunsOnce && isAsyncFunction(caller) && isUncalledExport(caller)) return false;
    const line = node.getSourceFile().getLineAndCharacterOfPosition(node.getStart()).line + 1;
    const loop = insideLoop(node, caller) !== undefined && !runsOnce(caller);
    const reason = perCallReason(caller);
    const by = loop
      ? 'on every pass of a loop'
      : reason !== undefined
        ? `from ${callerKinds[reason]}`
        : calledPerCall(caller, entryRunsOnce, depth + 1) !== undefined
          ? 'from a function that itself runs per call'
          : undefined;
    if (by !== undefined) {
      where = `in \`${name.text}()\`, called ${by} (line ${line})`;
      return true;
    }
    return false;
  });
  return where;
}

/**
 * A function that another function makes and hands back (`return (dispatch) => { … }`, a thunk, a middleware): a
 * new one per call of its maker, each run by whoever got it, unless the maker runs once.
 */
function madePerCall(fn: FunctionLike): string | undefined {
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return undefined;
  const maker = enclosingFunction(fn);
  if (maker === undefined || isImmediatelyInvoked(maker) || runsOnce(maker)) return undefined;
  const outer = skipOuterUp(fn);
  const returned =
    (ts.isReturnStatement(outer.parent) && enclosingFunction(outer.parent) === maker) ||
    (ts.isArrowFunction(maker) && skipOuter(maker.body as ts.Expression) === fn);
  if (!returned) return undefined;
  const name = calledName(maker);
  return name === undefined
    ? 'in a function made and handed back per call'
    : `in a function that each call of \`${name.text}()\` makes and hands back`;
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
