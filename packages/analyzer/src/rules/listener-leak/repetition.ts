/**
 * How often the code that adds a listener runs: once per call of a function that runs many times (a Promise
 * executor, an async function, another listener), once per pass of a loop, once per re-run of a function that starts
 * itself again (a retry or reconnect), or once for good (module-level setup, a function only module-level code
 * calls). Internal to the `listener-leak` rule.
 *
 * @module
 */
import ts from '../../typescript.cjs';
import { memberName, skipOuter, skipOuterUp } from '../../analysis/syntax/expressions.js';
import {
  enclosingFunction,
  type FunctionLike,
  isAsyncFunction,
  isExecutor,
  isFunctionLike,
} from '../../analysis/syntax/functions.js';
import {
  calledName,
  calledOnlyByConstructor,
  isImmediatelyInvoked,
  runsOnce,
} from '../../analysis/syntax/run-once.js';
import { forEachDescendant } from '../../analysis/syntax/walk.js';
import { isAliasOfThis, localFunction, owningClass } from './emitter-origin.js';
import { instanceMembers } from './instance-members.js';
import {
  isComponentProp,
  isEffect,
  isInlineListener,
  isRepeatingCallback,
  isRepeatingListener,
  runsPerEvent,
  tickedBy,
} from './per-event.js';

/** Why the place that adds the listener runs once per call. */
export type PerCall = 'executor' | 'async' | 'listener' | 'per-event' | 'effect' | 'prop';

/** Why `fn` runs once per call (a Promise executor, an async function, a listener), or undefined. */
export function perCallReason(fn: FunctionLike): PerCall | undefined {
  if (isExecutor(fn)) return 'executor';
  // `(async () => { … })()`: runs once each time the code around it runs, once for good at module level.
  if (isImmediatelyInvoked(fn)) {
    const outer = enclosingFunction(fn);
    return outer === undefined ? undefined : perCallReason(outer);
  }
  // A method only the constructor calls runs as often as the constructor: it is judged like the constructor's code.
  if (calledOnlyByConstructor(fn)) return undefined;
  if (isAsyncFunction(fn) && !runsOnce(fn)) return 'async';
  if (isInlineListener(fn)) {
    if (isRepeatingListener(fn)) return 'listener';
    // The listener of a `once` runs once per registration: as often as the code that adds it.
    const outer = enclosingFunction(fn);
    return outer === undefined ? undefined : perCallReason(outer);
  }
  if (isRepeatingCallback(fn)) return 'per-event';
  if (runsPerEvent(fn)) return 'per-event';
  if (isEffect(fn)) return 'effect';
  if (isComponentProp(fn)) return 'prop';
  return undefined;
}

/**
 * The function or method that starts `fn` again — `fn` itself when it calls itself, directly or from a callback, a
 * timer or a method of the same class it calls (a retry, a reconnect) — or undefined.
 */
export function reinvocation(fn: FunctionLike): ts.CallExpression | undefined {
  const name = ownName(fn);
  if (name === undefined) return undefined;
  const seen = new Set<ts.Node>();
  const search = (body: ts.Node, depth: number): ts.CallExpression | undefined => {
    if (seen.has(body) || depth > 2) return undefined;
    seen.add(body);
    let found: ts.CallExpression | undefined;
    forEachDescendant(body, (node) => {
      if (found !== undefined) return 'skip';
      if (!ts.isCallExpression(node)) return undefined;
      const callee = calledFunction(node, fn);
      if (callee === fn) found = node;
      else if (callee !== undefined) found = search(callee, depth + 1) === undefined ? undefined : node;
      return undefined;
    });
    return found;
  };
  return search(fn, 0);
}

function ownName(fn: FunctionLike): string | undefined {
  if ((ts.isMethodDeclaration(fn) || ts.isPropertyDeclaration(fn.parent)) && fn.name !== undefined) {
    return fn.name.getText();
  }
  if (ts.isPropertyDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name)) return fn.parent.name.text;
  // `Client.prototype.start = function () { … }`.
  const outer = skipOuterUp(fn);
  if (
    ts.isBinaryExpression(outer.parent) &&
    outer.parent.right === outer &&
    ts.isPropertyAccessExpression(outer.parent.left)
  )
    return outer.parent.left.name.text;
  return calledName(fn)?.text;
}

/** The function of the same file or class that `call` runs (`f()`, `this.m()`, `self.m()`), if we can tell. */
function calledFunction(call: ts.CallExpression, from: FunctionLike): FunctionLike | undefined {
  const callee = skipOuter(call.expression);
  if (ts.isIdentifier(callee)) return localFunction(call);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const receiver = skipOuter(callee.expression);
  const isInstance =
    receiver.kind === ts.SyntaxKind.ThisKeyword || (ts.isIdentifier(receiver) && isAliasOfThis(receiver));
  if (!isInstance) return undefined;
  const owner = owningClass(from);
  const name = memberName(callee);
  if (owner === undefined) {
    // A constructor function's prototype methods (`self.start()` from `Feed.prototype.start`).
    const member = outermostMembers(from)?.find((candidate) => candidate.name === name)?.node;
    return member !== undefined && isFunctionLike(member) ? member : undefined;
  }
  for (const member of owner.members) {
    if (member.name === undefined || member.name.getText() !== name) continue;
    if (ts.isMethodDeclaration(member) && member.body !== undefined) return member;
    if (ts.isPropertyDeclaration(member) && member.initializer !== undefined) {
      const value = skipOuter(member.initializer);
      if (isFunctionLike(value)) return value;
    }
  }
  return undefined;
}

/** What runs `fn` again and again, and how the message says it. */
export interface RunsAgain {
  readonly call: ts.CallExpression;
  readonly where: (line: string) => string;
}

/**
 * What runs `fn` again and again: the `setInterval` whose ticks run it (as its callback or through the calls the
 * callback makes), or the call by which it starts itself again (a retry, a reconnect); undefined otherwise.
 */
export function runsAgain(fn: FunctionLike): RunsAgain | undefined {
  const tick = tickedBy(fn);
  if (tick !== undefined)
    return { call: tick, where: (line) => `on every tick of the \`setInterval\` at line ${line}` };
  const rerun = reinvocation(fn);
  if (rerun !== undefined) return { call: rerun, where: (line) => `each time it runs again (line ${line})` };
  return undefined;
}

/** The instance members of the prototype method or constructor function around `fn` (its callbacks included). */
function outermostMembers(fn: FunctionLike): ReturnType<typeof instanceMembers> {
  for (
    let current: FunctionLike | undefined = fn;
    current !== undefined;
    current = enclosingFunction(current)
  ) {
    const members = instanceMembers(current);
    if (members !== undefined) return members;
  }
  return undefined;
}
