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
  isFunctionLike,
} from '../../analysis/syntax/functions.js';
import { findDeclaration } from '../../analysis/syntax/scope.js';
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

export function isImmediatelyInvoked(fn: FunctionLike): boolean {
  if (!ts.isFunctionExpression(fn) && !ts.isArrowFunction(fn)) return false;
  const outer = skipOuterUp(fn);
  const parent = outer.parent;
  return ts.isCallExpression(parent) && parent.expression === outer;
}

/** `new Promise((resolve, reject) => …)`. */
export function isExecutor(fn: FunctionLike): boolean {
  const outer = skipOuterUp(fn);
  const parent = outer.parent;
  return (
    ts.isNewExpression(parent) &&
    ts.isIdentifier(parent.expression) &&
    parent.expression.text === 'Promise' &&
    parent.arguments?.[0] === outer
  );
}

/** The name a function is called by in its file: its own, or the variable it is assigned to. */
export function functionName(fn: FunctionLike): ts.Identifier | undefined {
  if (fn.name !== undefined && ts.isIdentifier(fn.name)) return fn.name;
  const parent = skipOuterUp(fn).parent;
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) && ts.isIdentifier(parent.name)) {
    return parent.name;
  }
  return undefined;
}

/**
 * True when `fn` runs once for good: a function of the module (not exported) that only module-level code calls, or
 * functions that themselves run once (`main()` at the bottom of a script, `void bootstrap()`).
 */
export function runsOnce(fn: FunctionLike, depth = 0): boolean {
  if (depth > 3) return false;
  if (isImmediatelyInvoked(fn)) {
    const outer = enclosingFunction(fn);
    return outer === undefined || runsOnce(outer, depth + 1);
  }
  if (!ts.isFunctionDeclaration(fn) && !ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return false;
  const name = functionName(fn);
  if (name === undefined || isExported(fn)) return false;
  // A function declared inside another runs as often as the calls around it.
  const declaredIn = enclosingFunction(skipOuterUp(fn).parent);
  if (declaredIn !== undefined && !runsOnce(declaredIn, depth + 1)) return false;
  let calls = 0;
  let others = false;
  forEachDescendant(fn.getSourceFile(), (node) => {
    if (others) return 'skip';
    if (!ts.isIdentifier(node) || node.text !== name.text || node === name) return undefined;
    // `http.createServer()`: another object's member of the same name.
    if (ts.isPropertyAccessExpression(node.parent) && node.parent.name === node) return undefined;
    const declaration = findDeclaration(node);
    if (declaration !== undefined && declaration !== fn && declaration !== skipOuterUp(fn).parent)
      return undefined;
    const parent = skipOuterUp(node).parent;
    if (
      !ts.isCallExpression(parent) ||
      skipOuter(parent.expression) !== node ||
      insideLoop(parent, undefined)
    ) {
      others = true;
      return undefined;
    }
    const caller = enclosingFunction(parent);
    if (caller !== undefined && !runsOnce(caller, depth + 1)) others = true;
    calls += 1;
    return undefined;
  });
  return calls > 0 && !others;
}

/** An exported function that no code of its own file calls: how often it runs is up to other modules. */
export function isUncalledExport(fn: FunctionLike): boolean {
  const name = functionName(fn);
  if (name === undefined || !isExported(fn)) return false;
  let called = false;
  forEachDescendant(fn.getSourceFile(), (node) => {
    if (called) return 'skip';
    if (ts.isCallExpression(node) && ts.isIdentifier(skipOuter(node.expression))) {
      if ((skipOuter(node.expression) as ts.Identifier).text === name.text) called = true;
    }
    return undefined;
  });
  return !called;
}

function isExported(fn: FunctionLike): boolean {
  // `export function f`, or `export const f = …` (the function, its declaration, the list, the statement).
  const holder = ts.isFunctionDeclaration(fn) ? fn : skipOuterUp(fn).parent.parent.parent;
  const modifiers = ts.canHaveModifiers(holder) ? ts.getModifiers(holder) : undefined;
  return modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword) ?? false;
}

/** The loop between `node` and `fn` (or the module), if any. */
export function insideLoop(node: ts.Node, fn: FunctionLike | undefined): ts.IterationStatement | undefined {
  for (
    let current = node.parent as ts.Node | undefined;
    current !== undefined && current !== fn;
    current = current.parent
  ) {
    if (isFunctionLike(current) || ts.isSourceFile(current)) return undefined;
    if (ts.isIterationStatement(current, false) && !isLoopHeader(node, current)) return current;
  }
  return undefined;
}

/** `node` sits in the loop's initializer or iterable, which run once. */
function isLoopHeader(node: ts.Node, loop: ts.IterationStatement): boolean {
  const header =
    ts.isForOfStatement(loop) || ts.isForInStatement(loop)
      ? loop.expression
      : ts.isForStatement(loop)
        ? loop.initializer
        : undefined;
  return header !== undefined && node.pos >= header.pos && node.end <= header.end;
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
  return functionName(fn)?.text;
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
