/**
 * Code that runs once per event of another emitter without being written inline as its listener: a method handed
 * over as one (`io.on('connect', this.onConnect.bind(this))`, `() => this.onConnect(socket)`), the functions and
 * methods such a listener calls, and React effects, which run each time a component mounts (or its dependencies
 * change). A listener added there is added again each time. Internal to the `listener-leak` rule.
 *
 * @module
 */
import ts from '../../typescript.cjs';
import { calleeName, skipOuter, skipOuterUp } from '../../analysis/syntax/expressions.js';
import { enclosingFunction, type FunctionLike, isFunctionLike } from '../../analysis/syntax/functions.js';
import { findDeclaration } from '../../analysis/syntax/scope.js';
import { findDescendant, forEachDescendant } from '../../analysis/syntax/walk.js';
import { isAliasOfThis } from './emitter-origin.js';
import { isBindCall, type Registration, registrationOf } from './registration.js';

/** React's effect hooks: the callback runs after each mount (and each change of its dependencies). */
const effectHooks = new Set(['useEffect', 'useLayoutEffect', 'useInsertionEffect']);

/** `useEffect(() => …)`, `React.useEffect(() => …)`: `fn` is an effect callback. */
export function isEffect(fn: FunctionLike): boolean {
  const outer = skipOuterUp(fn);
  const call = outer.parent;
  if (!ts.isCallExpression(call) || call.arguments[0] !== outer) return false;
  const name = calleeName(call);
  return name !== undefined && effectHooks.has(name);
}

/**
 * `fn` is handed to a JSX element as a prop (`didMount={onMount}`, `onOpen={() => …}`): the component calls it when
 * it decides — on each mount, each event, each render — and a component mounts as often as the page shows it. By
 * name, the function of the file the attribute names (`findDeclaration`), or written inline in the attribute.
 */
export function isComponentProp(fn: FunctionLike): boolean {
  const outer = skipOuterUp(fn);
  if (ts.isJsxExpression(outer.parent) && ts.isJsxAttribute(outer.parent.parent)) return true;
  const name = fn.name !== undefined && ts.isIdentifier(fn.name) ? fn.name : variableName(outer);
  if (name === undefined) return false;
  const declaration = findDeclaration(name);
  return (
    declaration !== undefined &&
    findDescendant(fn.getSourceFile(), (node) => {
      if (!ts.isJsxAttribute(node) || node.initializer === undefined || !ts.isJsxExpression(node.initializer))
        return false;
      const value =
        node.initializer.expression === undefined ? undefined : skipOuter(node.initializer.expression);
      return (
        value !== undefined &&
        ts.isIdentifier(value) &&
        value.text === name.text &&
        findDeclaration(value) === declaration
      );
    }) !== undefined
  );
}

/** `const onMount = (…) => …`: the variable a function expression is assigned to. */
function variableName(outer: ts.Node): ts.Identifier | undefined {
  const parent = outer.parent;
  return ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name) ? parent.name : undefined;
}

/** `fn` is handed to `.on`/`addEventListener` itself (`emitter.on('x', function () { … })`). */
export function isInlineListener(fn: FunctionLike): boolean {
  return listenerRegistration(fn) !== undefined;
}

/** The registration `fn` is the listener of, written inline. */
export function listenerRegistration(fn: FunctionLike): Registration | undefined {
  const outer = skipOuterUp(fn);
  const parent = outer.parent;
  if (!ts.isCallExpression(parent)) return undefined;
  const added = registrationOf(parent);
  return added?.handler === skipOuter(outer as ts.Expression) ? added : undefined;
}

/** How a library's declarations say an event comes once for the emitter's life ("Emitted once, when …"). */
const emittedOncePattern =
  /\b(?:emitted once,|emitted only once|only (?:ever )?emitted once|fires only once)/i;

/**
 * The library declares the event `added` listens for as one that comes once for the emitter's life: the overload the
 * call resolves to is documented so (Electron's `app.on('ready', …)`: "Emitted once, when Electron has finished
 * initializing"). A listener of such an event runs once, like a `once`'s.
 */
export function documentedOnce(added: Registration, checker: ts.TypeChecker): boolean {
  const declaration = checker.getResolvedSignature(added.call)?.declaration;
  if (declaration === undefined || !declaration.getSourceFile().isDeclarationFile) return false;
  // Read from the comment's text: the engine parses JSDoc for types only (not in `.d.ts` files).
  const sourceFile = declaration.getSourceFile();
  const text = (ts.getLeadingCommentRanges(sourceFile.text, declaration.pos) ?? [])
    .map((range) => sourceFile.text.slice(range.pos, range.end).replace(/^\s*(?:\/\*\*?|\*\/?|\/\/)/gm, ' '))
    .join(' ')
    .replace(/\s+/g, ' ');
  return emittedOncePattern.test(text);
}

/**
 * `fn` runs for every event: the inline listener of an `on` (`client.on('connect', () => …)`, which a client that
 * reconnects emits again), or of a `once` that code running per event adds. A `once` listener added by code that runs
 * once runs once.
 */
export function isRepeatingListener(fn: FunctionLike, depth = 0): boolean {
  const added = listenerRegistration(fn);
  return added !== undefined && repeats(added, depth);
}

/** The registration's listener runs per event: an `on`, or a `once` added by code that itself runs per event. */
function repeats(added: Registration, depth: number): boolean {
  if (!added.once) return true;
  const outer = enclosingFunction(added.call);
  return (
    outer !== undefined &&
    depth < 3 &&
    (isRepeatingListener(outer, depth + 1) || isRepeatingCallback(outer) || runsPerEvent(outer, depth + 1))
  );
}

/**
 * A callback that the call it is handed to runs again and again: a `setInterval`'s (each tick), or an `on…` hook of an
 * options object (`watch({ onBuild: () => … })`, `connect({ onReconnect() { … } })`), named the way the platform and
 * libraries name event handlers.
 */
export function isRepeatingCallback(fn: FunctionLike): boolean {
  return intervalOf(fn) !== undefined || isEventHook(fn);
}

/** The `setInterval(fn, ms)` (global, `window.`/`globalThis.`/`timers.`) that runs `fn` on each tick. */
export function intervalOf(fn: FunctionLike): ts.CallExpression | undefined {
  const outer = skipOuterUp(fn);
  const call = outer.parent;
  return ts.isCallExpression(call) && call.arguments[0] === outer && isSetInterval(call) ? call : undefined;
}

/** The platform's `setInterval(callback, ms)`: global, or through `window`/`globalThis`/`self`/`timers`. */
function isSetInterval(call: ts.CallExpression): boolean {
  if (calleeName(call) !== 'setInterval') return false;
  const callee = skipOuter(call.expression);
  if (ts.isIdentifier(callee)) return findDeclaration(callee) === undefined;
  if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(skipOuter(callee.expression))) return false;
  const receiver = (skipOuter(callee.expression) as ts.Identifier).text;
  return ['window', 'globalThis', 'self', 'timers'].includes(receiver);
}

/** `setInterval(attempt, ms)`, `setInterval(this.poll.bind(this), ms)`: the call runs `fn` (named `name`) on each tick. */
function handsToSetInterval(call: ts.CallExpression, name: string, fn: FunctionLike): boolean {
  const first = call.arguments[0];
  return first !== undefined && isSetInterval(call) && refersTo(first, name, fn);
}

/** `{ onBuild: () => … }` / `{ onChange() { … } }` handed to a call or `new`. */
function isEventHook(fn: FunctionLike): boolean {
  const outer = skipOuterUp(fn);
  const property = ts.isMethodDeclaration(fn) ? fn : outer.parent;
  if (!ts.isPropertyAssignment(property) && !ts.isMethodDeclaration(property)) return false;
  if (ts.isPropertyAssignment(property) && property.initializer !== outer) return false;
  if (!ts.isIdentifier(property.name) || !/^on[A-Z]/.test(property.name.text)) return false;
  const literal = property.parent;
  if (!ts.isObjectLiteralExpression(literal)) return false;
  const argument = skipOuterUp(literal);
  const call = argument.parent;
  return (
    (ts.isCallExpression(call) || ts.isNewExpression(call)) &&
    call.arguments?.includes(argument as ts.Expression) === true
  );
}

/**
 * The `setInterval` that runs `fn` on each tick: as its callback, or through the calls such a callback makes (a
 * retry timer calling `this.connect()`), up to three calls deep.
 */
export function tickedBy(fn: FunctionLike, depth = 0): ts.CallExpression | undefined {
  const direct = intervalOf(fn);
  if (direct !== undefined || depth > 3) return direct;
  const name = callableName(fn);
  if (name === undefined) return undefined;
  let found: ts.CallExpression | undefined;
  forEachDescendant(fn.getSourceFile(), (node) => {
    if (found !== undefined) return 'skip';
    if (!ts.isCallExpression(node)) return undefined;
    if (handsToSetInterval(node, name, fn)) {
      found = node;
      return undefined;
    }
    if (!refersTo(node.expression, name, fn)) return undefined;
    const caller = enclosingFunction(node);
    if (caller !== undefined && caller !== fn) found = tickedBy(caller, depth + 1);
    return undefined;
  });
  return found;
}

/**
 * True when `fn` runs per event of some emitter although it is not written inline as the listener: a method or
 * function of the file registered by reference or bound, or called by such a listener (up to three calls deep).
 */
export function runsPerEvent(fn: FunctionLike, depth = 0): boolean {
  if (depth > 3) return false;
  const known = perEvent.get(fn);
  if (known !== undefined) return known;
  const result = searchPerEvent(fn, depth);
  // A shallow search may stop short where a deeper one would not: only its positive answers are final.
  if (result || depth === 0) perEvent.set(fn, result);
  return result;
}

const perEvent = new WeakMap<FunctionLike, boolean>();

function searchPerEvent(fn: FunctionLike, depth: number): boolean {
  const name = callableName(fn);
  if (name === undefined) return false;
  const sourceFile = fn.getSourceFile();
  let found = false;
  forEachDescendant(sourceFile, (node) => {
    if (found) return 'skip';
    if (!ts.isCallExpression(node)) return undefined;
    const added = registrationOf(node);
    if (added !== undefined && refersTo(added.handler, name, fn)) {
      if (repeats(added, depth)) found = true;
      return undefined;
    }
    if (handsToSetInterval(node, name, fn)) {
      found = true;
      return undefined;
    }
    if (!refersTo(node.expression, name, fn)) return undefined;
    // Called: as often as its caller runs per event.
    const caller = enclosingFunction(node);
    if (caller === undefined || caller === fn) return undefined;
    if (isRepeatingListener(caller, depth) || isRepeatingCallback(caller) || runsPerEvent(caller, depth + 1))
      found = true;
    return undefined;
  });
  return found;
}

/**
 * The name a function is reached by: a class member's, `X.prototype.m = function`'s or `this.m = function`'s `m`, a
 * function declaration's or a variable's name.
 */
function callableName(fn: FunctionLike): string | undefined {
  if (ts.isMethodDeclaration(fn) && ts.isIdentifier(fn.name)) return fn.name.text;
  if (ts.isFunctionDeclaration(fn)) return fn.name?.text;
  const outer = skipOuterUp(fn);
  const parent = outer.parent;
  if (ts.isPropertyDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (
    ts.isBinaryExpression(parent) &&
    parent.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
    parent.right === outer &&
    ts.isPropertyAccessExpression(parent.left)
  )
    return parent.left.name.text;
  return undefined;
}

/**
 * `expression` names `fn`: `this.m`, `self.m` (an alias of `this`), `X.prototype.m`, `m` (its declaration), through
 * `.bind(…)`; or is an arrow that calls it directly (`() => this.m()`).
 */
function refersTo(expression: ts.Expression, name: string, fn: FunctionLike): boolean {
  let inner = skipOuter(expression);
  if (isBindCall(inner)) inner = skipOuter((inner.expression as ts.PropertyAccessExpression).expression);
  if (ts.isIdentifier(inner)) {
    if (inner.text !== name) return false;
    const declaration = findDeclaration(inner);
    return declaration === fn || (declaration !== undefined && skipOuterUp(fn).parent === declaration);
  }
  if (ts.isPropertyAccessExpression(inner)) {
    if (inner.name.text !== name) return false;
    const receiver = skipOuter(inner.expression);
    if (receiver.kind === ts.SyntaxKind.ThisKeyword) return true;
    if (ts.isIdentifier(receiver) && isAliasOfThis(receiver)) return true;
    return ts.isPropertyAccessExpression(receiver) && receiver.name.text === 'prototype';
  }
  if (isFunctionLike(inner) && (ts.isArrowFunction(inner) || ts.isFunctionExpression(inner))) {
    const body = inner.body;
    const call = ts.isBlock(body)
      ? findDescendant(body, (node) => ts.isCallExpression(node) && refersTo(node.expression, name, fn))
      : ts.isCallExpression(skipOuter(body)) &&
          refersTo((skipOuter(body) as ts.CallExpression).expression, name, fn)
        ? body
        : undefined;
    return call !== undefined;
  }
  return false;
}
