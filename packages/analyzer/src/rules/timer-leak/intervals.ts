/**
 * Repeating timers that outlive their owner: an interval armed again on each call without clearing the one before,
 * an interval started in a React effect with no cleanup, and an interval a class with a teardown method never
 * clears. Internal to the `timer-leak` rule.
 *
 * @module
 */
import ts from '../../typescript.cjs';
import { calleeName, normalizedText, skipOuter, skipOuterUp } from '../../analysis/syntax/expressions.js';
import { enclosingFunction, type FunctionLike } from '../../analysis/syntax/functions.js';
import { findDeclaration } from '../../analysis/syntax/scope.js';
import { findDescendant, forEachDescendant, isWithin } from '../../analysis/syntax/walk.js';
import { clearedHandle, constantDelay, timerCallKind } from './timer-calls.js';
import { calledName, runsOnceUntilReset } from '../../analysis/syntax/run-once.js';
import { isExported, isUnrefedCall } from './module-owner.js';
import { releaseCalls, timerOwner, updatesState } from './owners.js';
import { handleTarget, handleUses } from './timer-promises.js';

/** What is wrong with an interval (or an effect's timer), or undefined when nothing is. */
export type IntervalLeak = 'rearmed' | 'effectWithoutCleanup' | 'neverClearedByClass' | 'intervalPerCall';

/** The React effect a function is the callback of (`useEffect(() => …, deps)`), if any. */
function effectCall(fn: FunctionLike): ts.CallExpression | undefined {
  const outer = skipOuterUp(fn);
  const parent = outer.parent;
  if (!ts.isCallExpression(parent) || parent.arguments[0] !== outer) return undefined;
  const name = calleeName(parent);
  return name === 'useEffect' || name === 'useLayoutEffect' ? parent : undefined;
}

/** The effect callback a node runs in (through nested callbacks of the effect), if any. */
export function enclosingEffect(node: ts.Node): FunctionLike | undefined {
  for (let fn = enclosingFunction(node); fn !== undefined; fn = enclosingFunction(fn)) {
    if (effectCall(fn) !== undefined) return fn;
  }
  return undefined;
}

/** True when a class has a method (not the constructor) that releases something: its instances have a teardown. */
function hasTeardown(klass: ts.ClassLikeDeclaration): boolean {
  return klass.members.some((member) => {
    if (!ts.isMethodDeclaration(member) && !ts.isPropertyDeclaration(member)) return false;
    if (ts.isComputedPropertyName(member.name)) {
      const text = member.name.expression.getText();
      if (text === 'Symbol.dispose' || text === 'Symbol.asyncDispose') return true;
    }
    const body = ts.isMethodDeclaration(member) ? member.body : member.initializer;
    if (body === undefined) return false;
    return (
      findDescendant(body, (node) => {
        if (!ts.isCallExpression(node)) return false;
        const name = calleeName(node);
        return name !== undefined && releaseCalls.has(name);
      }) !== undefined
    );
  });
}

/** True when the code before `node` in `fn` clears `text` or tests it (`if (this.timer) return`, `if (!t)`). */
function clearedOrGuardedBefore(
  node: ts.Node,
  fn: FunctionLike,
  text: string,
  sourceFile: ts.SourceFile,
): boolean {
  const klass = ts.isClassLike(fn.parent) ? fn.parent : undefined;
  let found = false;
  forEachDescendant(fn, (current) => {
    if (found || current.pos >= node.pos) return 'skip';
    if (ts.isCallExpression(current)) {
      const cleared = clearedHandle(current);
      if (cleared !== undefined && normalizedText(cleared, sourceFile) === text) found = true;
      // `this.stop()` where `stop` clears it.
      const callee = skipOuter(current.expression);
      if (
        klass !== undefined &&
        ts.isPropertyAccessExpression(callee) &&
        callee.expression.kind === ts.SyntaxKind.ThisKeyword
      ) {
        const method = klass.members.find(
          (member) => ts.isMethodDeclaration(member) && member.name.getText(sourceFile) === callee.name.text,
        );
        if (method !== undefined && clearsIn(method, text, sourceFile)) found = true;
      }
    }
    if (
      (ts.isIfStatement(current) && mentions(current.expression, text, sourceFile)) ||
      (ts.isConditionalExpression(current) && mentions(current.condition, text, sourceFile))
    ) {
      found = true;
    }
    return undefined;
  });
  // `if (!this.timer) this.timer = setInterval(…)` or `this.timer ??= setInterval(…)`.
  for (let current: ts.Node = node; current !== fn; current = current.parent) {
    if (ts.isIfStatement(current) && mentions(current.expression, text, sourceFile)) return true;
    if (
      ts.isBinaryExpression(current) &&
      current.operatorToken.kind !== ts.SyntaxKind.EqualsToken &&
      mentions(current.left, text, sourceFile)
    ) {
      return true;
    }
  }
  return found;
}

/** True when `expression` refers to `text`. */
function mentions(expression: ts.Node, text: string, sourceFile: ts.SourceFile): boolean {
  const matches = (node: ts.Node): boolean =>
    (ts.isIdentifier(node) || ts.isPropertyAccessExpression(node)) &&
    normalizedText(node, sourceFile) === text;
  return matches(expression) || findDescendant(expression, matches) !== undefined;
}

/** True when `root` clears the handle `text`. */
function clearsIn(root: ts.Node, text: string, sourceFile: ts.SourceFile): boolean {
  return (
    findDescendant(root, (node) => {
      if (!ts.isCallExpression(node)) return false;
      const cleared = clearedHandle(node);
      return cleared !== undefined && normalizedText(cleared, sourceFile) === text;
    }) !== undefined
  );
}

/**
 * What leaks about a `setInterval(…)` call (or, in a React effect, a `setTimeout(…)` whose delay is not a short
 * constant, any delay when `strict`): armed again
 * without clearing the previous one, started by an effect that returns no cleanup clearing it, or stored by a class
 * that has a teardown method but never clears it.
 */
export function intervalLeak(
  call: ts.CallExpression,
  sourceFile: ts.SourceFile,
  strict: boolean,
): IntervalLeak | undefined {
  const kind = timerCallKind(call);
  if (kind === undefined) return undefined;
  const fn = enclosingFunction(call);
  if (fn === undefined) return undefined;
  const target = handleTarget(call, fn);
  if (target === 'elsewhere') return undefined;

  const effect = enclosingEffect(call);
  if (effect !== undefined) {
    if (kind === 'timeout' && !strict) {
      // A short constant delay only defers work to after the render, and a timer that does not update the component
      // (a scroll, a focus) is a deliberate one-shot: strict reports them too.
      const delay = call.arguments[1] === undefined ? 0 : constantDelay(call.arguments[1]);
      if (delay !== undefined && delay <= 1000) return undefined;
      const callback = call.arguments[0] === undefined ? undefined : skipOuter(call.arguments[0]);
      const component = enclosingFunction(effect);
      if (callback === undefined || component === undefined || !updatesState(callback, component))
        return undefined;
    }
    if (target === 'dropped') return 'effectWithoutCleanup';
    // Cleared anywhere in the component (the effect's cleanup, another effect, a handler) or handed on.
    const component = enclosingFunction(effect) ?? sourceFile;
    const root = skipOuter(target);
    const scope = ts.isIdentifier(root) ? component : sourceFile;
    const uses = handleUses(scope, target, sourceFile).filter((use) => !isWithin(use, call));
    return uses.length === 0 ? 'effectWithoutCleanup' : undefined;
  }
  if (kind !== 'interval') return undefined;

  const klass = classOf(fn);
  if (target === 'dropped') {
    if (klass !== undefined && hasTeardown(klass)) return 'neverClearedByClass';
    // An owner with an end (a class's `disconnect`) is judged by the owner check, which names the end.
    if (perEventHandler(fn) && timerOwner(call) === undefined) return 'rearmed';
    // An exported function that drops its interval's handle: other modules (or the platform, for a handler) call it
    // as often as they like, and every call adds an interval that nothing can stop. An `unref()`-ed one is meant to
    // live as long as the process; a once-guard makes it one.
    if (klass === undefined && isExported(fn) && !isUnrefedCall(call) && !runsOnceUntilReset(fn, sourceFile))
      return 'intervalPerCall';
    return undefined;
  }
  const root = skipOuter(target);
  const text = normalizedText(target, sourceFile);
  // `const ping = setInterval(…)` in an event handler, never cleared (not even by its own callback) nor handed on:
  // one more interval per event (a connection, a message) that nothing can stop.
  if (ts.isIdentifier(root) && perEventHandler(fn) && timerOwner(call) === undefined) {
    const declaration = findDeclaration(root);
    if (
      declaration !== undefined &&
      isWithin(declaration, fn) &&
      handleUses(fn, target, sourceFile).length === 0
    ) {
      return 'rearmed';
    }
  }
  const isField = ts.isPropertyAccessExpression(root) && root.expression.kind === ts.SyntaxKind.ThisKeyword;
  if (isField && klass !== undefined) {
    const uses = handleUses(klass, target, sourceFile).filter((use) => !isWithin(use, call));
    if (uses.length === 0) return hasTeardown(klass) ? 'neverClearedByClass' : undefined;
  }
  // Armed again per call: a field or an outer variable, in a function that is not the constructor.
  if (ts.isConstructorDeclaration(fn)) return undefined;
  const outer =
    isField ||
    (ts.isIdentifier(root) &&
      (() => {
        const declaration = findDeclaration(root);
        return declaration !== undefined && !isWithin(declaration, fn);
      })());
  if (!outer || !runsRepeatedly(fn, sourceFile, 0)) return undefined;
  if (runsOnceUntilReset(fn, sourceFile)) return undefined;
  if (ts.isIdentifier(root) && runsOncePerScopeOf(fn, findDeclaration(root))) return undefined;
  return clearedOrGuardedBefore(call, fn, text, sourceFile) ? undefined : 'rearmed';
}

/** Calls that register a listener run on every emission of the event (not `once`). */
const repeatingListenerCalls = new Set(['on', 'addListener', 'addEventListener', 'prependListener']);

/**
 * True when `fn` is the listener of an event that can fire again and again (`server.on('connection', (socket) => …)`,
 * `el.addEventListener('click', …)`): what it starts, it starts once per event.
 */
function perEventHandler(fn: FunctionLike): boolean {
  const outer = skipOuterUp(fn);
  const parent = outer.parent;
  if (!ts.isCallExpression(parent) || !parent.arguments.includes(outer as ts.Expression)) return false;
  const name = calleeName(parent);
  return name !== undefined && repeatingListenerCalls.has(name) && parent.arguments[0] !== outer;
}

/**
 * True for a Node-style completion callback (`(err, result) => …`, its first parameter the error): it runs once, when
 * the operation it is handed to completes.
 */
function isCompletionCallback(fn: FunctionLike): boolean {
  const first = fn.parameters[0];
  return first !== undefined && ts.isIdentifier(first.name) && /^(err|error)$/.test(first.name.text);
}

/** True when `node` sits in a loop of `fn` (its own loops, not those of a function nested in it). */
function inLoopOf(node: ts.Node, fn: FunctionLike): boolean {
  for (let current: ts.Node = node; current !== fn; current = current.parent)
    if (ts.isIterationStatement(current, false)) return true;
  return false;
}

/** Callbacks that run once for the call that registers them (the registering function may itself repeat). */
const onceCallees = new Set(['then', 'catch', 'finally', 'once', 'Promise']);

/**
 * `fn` runs at most once each time the function that declares the handle runs: it is a callback of `then`/`catch`/
 * `finally`/`once`/`new Promise` (or one inside such a callback), called outside any loop of that function. Each call
 * then has its own handle, so arming it is not arming it again: `let timer; work().then(() => { timer =
 * setInterval(…); }).finally(() => clearInterval(timer));`.
 */
function runsOncePerScopeOf(fn: FunctionLike, declaration: ts.Node | undefined): boolean {
  if (declaration === undefined) return false;
  const scope = enclosingFunction(declaration);
  if (scope === undefined || scope === fn) return false;
  let current: FunctionLike = fn;
  for (let depth = 0; depth < 8; depth++) {
    const parent = skipOuterUp(current).parent;
    if (!ts.isCallExpression(parent) && !ts.isNewExpression(parent)) return false;
    const callee = calleeName(parent);
    if (callee === undefined || !onceCallees.has(callee)) return false;
    const enclosing = enclosingFunction(parent);
    if (enclosing === undefined) return false;
    if (inLoopOf(parent, enclosing)) return false;
    if (enclosing === scope) return true;
    current = enclosing;
  }
  return false;
}

/**
 * True when `fn` can run more than once on the same state: an event or timer callback, or a function the file
 * refers to from two places (or from one place that itself repeats). A function only the constructor or the module's
 * top level calls, or that the file never calls (an exported entry point), is not known to repeat.
 */
function runsRepeatedly(
  fn: FunctionLike,
  sourceFile: ts.SourceFile,
  depth: number,
  ignored: readonly ts.Node[] = [],
  unknownCallbacksRepeat = true,
  handleScope?: ts.Node,
): boolean {
  // Each run of the function that declares the handle has a handle of its own.
  if (depth > 4 || ts.isConstructorDeclaration(fn) || fn === handleScope) return false;
  const name = calledName(fn)?.text;
  if (name === undefined) {
    const outer = skipOuterUp(fn);
    const parent = outer.parent;
    if (!ts.isCallExpression(parent) && !ts.isNewExpression(parent)) return false;
    // The called member's name, also on a call's result (`handshake().then(…)`), where a dotted name has none.
    const callee = calleeName(parent);
    const once = (callee !== undefined && onceCallees.has(callee)) || isCompletionCallback(fn);
    // A callback handed to some other call (`socket.bind(cb)`) repeats unless the caller says otherwise; a timeout
    // asks for evidence: an event listener or an interval's callback.
    const repeats =
      !once &&
      (unknownCallbacksRepeat ||
        perEventHandler(fn) ||
        (ts.isCallExpression(parent) && timerCallKind(parent) === 'interval'));
    if (repeats) return true;
    const enclosing = enclosingFunction(parent);
    if (enclosing === undefined) return false;
    // Registered in a loop: once per element.
    return (
      inLoopOf(parent, enclosing) ||
      runsRepeatedly(enclosing, sourceFile, depth + 1, ignored, unknownCallbacksRepeat, handleScope)
    );
  }
  const references = referencesTo(fn, name, sourceFile).filter(
    (reference) => !ignored.some((node) => isWithin(reference, node)),
  );
  if (!unknownCallbacksRepeat) {
    // Two call sites may be two exclusive paths of one run: it runs again only when a call site does (it sits in a
    // listener of a repeating event, an interval, a loop, or in the function itself).
    return references.some((reference) => {
      if (isWithin(reference, fn)) return true;
      const enclosing = enclosingFunction(reference);
      if (enclosing === undefined) return false;
      return (
        inLoopOf(reference, enclosing) ||
        runsRepeatedly(enclosing, sourceFile, depth + 1, ignored, unknownCallbacksRepeat, handleScope)
      );
    });
  }
  if (references.length >= 2) return true;
  const only = references[0];
  if (only === undefined) return false;
  if (isWithin(only, fn)) return true;
  const enclosing = enclosingFunction(only);
  return (
    enclosing !== undefined &&
    runsRepeatedly(enclosing, sourceFile, depth + 1, ignored, unknownCallbacksRepeat, handleScope)
  );
}

/**
 * The places a file refers to the function `fn` named `name`: `this.name` for a class member, the bare name for a
 * function (not a key or a declaration).
 */
function referencesTo(fn: FunctionLike, name: string, sourceFile: ts.SourceFile): ts.Identifier[] {
  const member = ts.isClassElement(fn) || ts.isClassElement(skipOuterUp(fn).parent);
  const references: ts.Identifier[] = [];
  forEachDescendant(sourceFile, (node) => {
    if (!ts.isIdentifier(node) || node.text !== name) return undefined;
    const parent = node.parent;
    const asMember = ts.isPropertyAccessExpression(parent) && parent.name === node;
    // A method is used as `this.start()` / `obj.start`; a function by its bare name (not a key or a declaration).
    if (member ? asMember && parent.expression.kind === ts.SyntaxKind.ThisKeyword : !asMember) {
      const declares =
        (ts.isPropertyDeclaration(parent) ||
          ts.isVariableDeclaration(parent) ||
          ts.isPropertyAssignment(parent) ||
          ts.isMethodDeclaration(parent) ||
          ts.isFunctionDeclaration(parent)) &&
        parent.name === node;
      if (!declares) references.push(node);
    }
    return undefined;
  });
  return references;
}

/**
 * True when a `setTimeout` stores its handle over one that may still be pending, without clearing it: a field or an
 * outer variable that the code manages as one timer (a `close`, a reset clears it), armed by a function that runs
 * again (an event handler, a method called from two places) while the earlier timer is pending: it still fires, and
 * the clear reaches only the last. Not when armed from the timer's own callback (the earlier one has fired), after a
 * clear or a check of the handle, behind a once-guard, or from call sites that each clear or check it first.
 */
export function rearmedTimeout(call: ts.CallExpression, sourceFile: ts.SourceFile): boolean {
  if (timerCallKind(call) !== 'timeout') return false;
  const fn = enclosingFunction(call);
  if (fn === undefined || ts.isConstructorDeclaration(fn) || enclosingEffect(call) !== undefined)
    return false;
  const target = handleTarget(call, fn);
  if (typeof target === 'string') return false;
  const root = skipOuter(target);
  let scope: ts.Node;
  if (ts.isPropertyAccessExpression(root) && root.expression.kind === ts.SyntaxKind.ThisKeyword) {
    const klass = classOf(fn);
    if (klass === undefined) return false;
    scope = klass;
  } else if (ts.isIdentifier(root)) {
    const declaration = findDeclaration(root);
    if (declaration === undefined || isWithin(declaration, fn)) return false;
    if (runsOncePerScopeOf(fn, declaration)) return false;
    scope = enclosingFunction(declaration) ?? sourceFile;
  } else {
    return false;
  }
  const text = normalizedText(target, sourceFile);
  // The callbacks of the timers kept in this handle: what they arm, they arm after the timer fired.
  const ownCallbacks: ts.Node[] = [];
  forEachDescendant(scope, (node) => {
    if (ts.isCallExpression(node) && timerCallKind(node) === 'timeout' && node.arguments[0] !== undefined) {
      const kept = handleTarget(node, enclosingFunction(node));
      if (typeof kept !== 'string' && normalizedText(kept, sourceFile) === text)
        ownCallbacks.push(node.arguments[0]);
    }
    return undefined;
  });
  if (ownCallbacks.some((callback) => isWithin(call, callback))) return false;
  const managed = handleUses(scope, target, sourceFile).some(
    (use) => !isWithin(use, call) && !ownCallbacks.some((callback) => isWithin(use, callback)),
  );
  if (!managed || !runsRepeatedly(fn, sourceFile, 0, ownCallbacks, false, scope)) return false;
  if (runsOnceUntilReset(fn, sourceFile) || clearedOrGuardedBefore(call, fn, text, sourceFile)) return false;
  // `reset() { clearTimeout(this.t); this.schedule(); }`: every caller clears or checks the handle first.
  const name = calledName(fn)?.text;
  if (name === undefined) return true;
  const callers = referencesTo(fn, name, sourceFile).filter(
    (reference) => !ownCallbacks.some((callback) => isWithin(reference, callback)),
  );
  return !callers.every((reference) => {
    const caller = enclosingFunction(reference);
    return caller !== undefined && clearedOrGuardedBefore(reference, caller, text, sourceFile);
  });
}

/** The class whose method (or constructor, or field initializer) runs `fn`. */
function classOf(fn: FunctionLike): ts.ClassLikeDeclaration | undefined {
  for (
    let current: FunctionLike | undefined = fn;
    current !== undefined;
    current = enclosingFunction(current)
  ) {
    const parent = current.parent;
    if (ts.isClassLike(parent)) return parent;
    if (ts.isPropertyDeclaration(parent) && ts.isClassLike(parent.parent)) return parent.parent;
  }
  return undefined;
}
