/**
 * Timer promises: promises settled by a timer, in every spelling (a `setTimeout` in a `new Promise` executor, the
 * promise timers of `timers/promises`, a helper of the program that returns one, `.then()` chained on one, an async
 * function that awaits one), with what can clear their timer from outside. Internal to the `timer-leak` rule.
 *
 * @module
 */
import ts from '../../typescript.cjs';
import { normalizedText, skipOuter, skipOuterUp } from '../../analysis/syntax/expressions.js';
import { type FunctionLike, isAsyncFunction, isFunctionLike } from '../../analysis/syntax/functions.js';
import { findDeclaration } from '../../analysis/syntax/scope.js';
import { forEachDescendant, forEachInFunction, isWithin } from '../../analysis/syntax/walk.js';
import {
  clearedHandle,
  constantDelay,
  isPromiseTimerCall,
  promiseTimerOptions,
  timerCallKind,
} from './timer-calls.js';

/** How the timer of a timer promise can be stopped by the code that uses the promise. */
export type TimerHandle =
  /** Nobody can: the handle is dropped, or kept where only the timer's own callback clears it. */
  | { readonly kind: 'none' }
  /** Kept in `reference` (declared outside the executor): whoever holds it can clear it. */
  | { readonly kind: 'kept'; readonly reference: ts.Expression }
  /** A `timers/promises` timer given an abort signal. */
  | { readonly kind: 'signal'; readonly signal: ts.Expression };

/** A promise settled by a timer. */
export interface TimerPromise {
  /** The call that arms the timer (`setTimeout(…)`, `delay(ms)`, a helper's call). */
  readonly timer: ts.CallExpression;
  /** The timer's own callback, when it is a function written here (a clear inside it runs too late). */
  readonly callback: ts.Node | undefined;
  /** The executor that arms it, for a `new Promise` timer. */
  readonly executor: FunctionLike | undefined;
  readonly handle: TimerHandle;
  /** True when the timer rejects (a timeout), false when it resolves (a sleep). */
  readonly rejects: boolean;
  /** The delay in milliseconds, when it is a constant. */
  readonly delay: number | undefined;
  /** True when the timer is `unref()`-ed: it no longer holds the process, but still fires and keeps its closure. */
  readonly unrefed: boolean;
  /**
   * True when the timer comes from a helper that returns a rejecting `new Promise` timer nobody can clear: the helper
   * itself is reported (`timeoutHelper`), once for all its callers.
   */
  readonly fromTimeoutHelper?: boolean;
}

/** Resolves the declaration of a function called from another file of the program (optional). */
export type CrossFileResolver = (callee: ts.Identifier) => ts.Node | undefined;

/** The name of a function's parameter, when it is a plain identifier. */
export function parameterName(fn: FunctionLike, index: number): string | undefined {
  const parameter = fn.parameters[index];
  return parameter !== undefined && ts.isIdentifier(parameter.name) ? parameter.name.text : undefined;
}

/** True when `callback` is the identifier `name` or a function that calls `name(…)` (or throws, for `throws`). */
function settlesWith(callback: ts.Expression, name: string | undefined, throws: boolean): boolean {
  const inner = skipOuter(callback);
  if (name !== undefined && ts.isIdentifier(inner)) return inner.text === name;
  if (!ts.isArrowFunction(inner) && !ts.isFunctionExpression(inner)) return false;
  let found = false;
  forEachDescendant(inner, (node) => {
    if (found) return 'skip';
    if (throws && ts.isThrowStatement(node)) found = true;
    if (name !== undefined && ts.isCallExpression(node)) {
      const callee = skipOuter(node.expression);
      if (ts.isIdentifier(callee) && callee.text === name) found = true;
    }
    return undefined;
  });
  return found;
}

/** The uses of a handle that stop or hand on its timer: clear calls, calls it is passed to, stores into structures. */
export function handleUses(scope: ts.Node, reference: ts.Expression, sourceFile: ts.SourceFile): ts.Node[] {
  const text = normalizedText(reference, sourceFile);
  const found: ts.Node[] = [];
  forEachDescendant(scope, (node) => {
    if (ts.isCallExpression(node)) {
      const cleared = clearedHandle(node);
      if (cleared !== undefined && normalizedText(cleared, sourceFile) === text) {
        found.push(node);
        return undefined;
      }
      const callee = skipOuter(node.expression);
      // `handle.close()`, `handle[Symbol.dispose]()` on a Node timer.
      if (
        ts.isPropertyAccessExpression(callee) &&
        callee.name.text === 'close' &&
        normalizedText(callee.expression, sourceFile) === text
      ) {
        found.push(node);
        return undefined;
      }
      // Handed to a helper (`timers.add(t)`, `cleanup(t)`, `new Cancel(t)`) that can clear it.
      if (
        timerCallKind(node) === undefined &&
        node.arguments.some((argument) => normalizedText(argument, sourceFile) === text)
      ) {
        found.push(node);
      }
      return undefined;
    }
    // Stored elsewhere: `this.timers[id] = t`, `{ timer: t }`, `return t`, `const timer = this.timer`.
    if (
      (ts.isVariableDeclaration(node) &&
        node.initializer !== undefined &&
        normalizedText(node.initializer, sourceFile) === text) ||
      (ts.isBinaryExpression(node) &&
        node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
        normalizedText(node.right, sourceFile) === text &&
        normalizedText(node.left, sourceFile) !== text) ||
      ((ts.isPropertyAssignment(node) || ts.isReturnStatement(node) || ts.isArrayLiteralExpression(node)) &&
        ((ts.isPropertyAssignment(node) && normalizedText(node.initializer, sourceFile) === text) ||
          (ts.isReturnStatement(node) &&
            node.expression !== undefined &&
            normalizedText(node.expression, sourceFile) === text) ||
          (ts.isArrayLiteralExpression(node) &&
            node.elements.some((element) => normalizedText(element, sourceFile) === text)))) ||
      (ts.isShorthandPropertyAssignment(node) && node.name.text === text)
    ) {
      found.push(node);
    }
    return undefined;
  });
  return found;
}

/** The expression a timer call's handle is stored into, `'dropped'`, or `'elsewhere'` (passed on, returned). */
export function handleTarget(
  call: ts.CallExpression,
  holder: ts.Node | undefined,
): ts.Expression | 'dropped' | 'elsewhere' {
  let outer = skipOuterUp(call);
  let parent = outer.parent;
  // `setTimeout(…).unref()`: unref stops the timer holding the process, not the timer.
  if (
    ts.isPropertyAccessExpression(parent) &&
    parent.expression === outer &&
    ts.isCallExpression(parent.parent)
  ) {
    if (!['unref', 'ref'].includes(parent.name.text)) return 'elsewhere';
    outer = skipOuterUp(parent.parent);
    parent = outer.parent;
  }
  if (ts.isExpressionStatement(parent) || ts.isVoidExpression(parent)) return 'dropped';
  if (holder !== undefined && parent === holder && isFunctionLike(holder)) return 'dropped';
  if (ts.isVariableDeclaration(parent) && parent.initializer === outer && ts.isIdentifier(parent.name)) {
    return parent.name;
  }
  if (
    ts.isBinaryExpression(parent) &&
    parent.right === outer &&
    parent.operatorToken.kind === ts.SyntaxKind.EqualsToken
  ) {
    return parent.left;
  }
  return 'elsewhere';
}

/** The uses of `reference` outside the timer's own callback (a clear there runs only when it fires). */
function usesOutside(uses: readonly ts.Node[], callback: ts.Node | undefined): ts.Node[] {
  return callback === undefined ? [...uses] : uses.filter((use) => !isWithin(use, callback));
}

/** The timer promise of a `new Promise(executor)` whose executor settles it from a timer, if any. */
function executorTimerPromise(
  expression: ts.NewExpression,
  sourceFile: ts.SourceFile,
): TimerPromise | undefined {
  if (!ts.isIdentifier(expression.expression) || expression.expression.text !== 'Promise') return undefined;
  const executor = expression.arguments?.[0] === undefined ? undefined : skipOuter(expression.arguments[0]);
  if (executor === undefined || (!ts.isArrowFunction(executor) && !ts.isFunctionExpression(executor))) {
    return undefined;
  }
  const resolveName = parameterName(executor, 0);
  const rejectName = parameterName(executor, 1);
  const state: { found: TimerPromise | undefined; managed: boolean } = { found: undefined, managed: false };
  forEachInFunction(executor, (node) => {
    if (
      state.found !== undefined ||
      state.managed ||
      !ts.isCallExpression(node) ||
      timerCallKind(node) !== 'timeout'
    ) {
      return undefined;
    }
    const callback = node.arguments[0];
    if (callback === undefined) return undefined;
    const rejects = settlesWith(callback, rejectName, true);
    if (!rejects && !settlesWith(callback, resolveName, false)) return undefined;
    const ownCallback = isFunctionLike(skipOuter(callback)) ? skipOuter(callback) : undefined;
    const target = handleTarget(node, executor);
    const delay = constantDelay(node.arguments[1]);
    const unrefed = isUnrefed(node, target, executor, sourceFile);
    const base = { timer: node, callback: ownCallback, executor, rejects, delay, unrefed };
    if (target === 'elsewhere') {
      state.managed = true;
      return 'skip';
    }
    if (target === 'dropped') {
      state.found = { ...base, handle: { kind: 'none' } };
      return 'skip';
    }
    const root = skipOuter(target);
    const declaration = ts.isIdentifier(root) ? findDeclaration(root) : undefined;
    if (declaration !== undefined && isWithin(declaration, executor)) {
      // Declared in the executor: only the executor's own code can clear it.
      if (usesOutside(handleUses(executor, target, sourceFile), ownCallback).length > 0) {
        state.managed = true;
        return 'skip';
      }
      state.found = { ...base, handle: { kind: 'none' } };
      return 'skip';
    }
    state.found = { ...base, handle: { kind: 'kept', reference: target } };
    return 'skip';
  });
  return state.managed ? undefined : state.found;
}

/** True when a timer's handle is `unref()`-ed, on the call itself or through the variable that holds it. */
export function isUnrefed(
  call: ts.CallExpression,
  target: ts.Expression | 'dropped' | 'elsewhere',
  executor: ts.Node,
  sourceFile: ts.SourceFile,
): boolean {
  const parent = skipOuterUp(call).parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name.text === 'unref') return true;
  if (typeof target === 'string') return false;
  const text = normalizedText(target, sourceFile);
  let found = false;
  forEachDescendant(executor, (node) => {
    if (found) return 'skip';
    if (ts.isCallExpression(node)) {
      const callee = skipOuter(node.expression);
      found =
        ts.isPropertyAccessExpression(callee) &&
        callee.name.text === 'unref' &&
        normalizedText(callee.expression, sourceFile) === text;
    }
    return undefined;
  });
  return found;
}

/** The object literal property `signal`, when the options argument has one (a non-literal counts as having one). */
function signalOption(options: ts.Expression | undefined): ts.Expression | undefined | 'unknown' {
  if (options === undefined) return undefined;
  const inner = skipOuter(options);
  if (!ts.isObjectLiteralExpression(inner)) return 'unknown';
  for (const property of inner.properties) {
    if (
      ts.isPropertyAssignment(property) &&
      ts.isIdentifier(property.name) &&
      property.name.text === 'signal'
    ) {
      return property.initializer;
    }
    if (ts.isShorthandPropertyAssignment(property) && property.name.text === 'signal') return property.name;
    if (ts.isSpreadAssignment(property)) return 'unknown';
  }
  return undefined;
}

/** The expressions a function returns (its expression body or each `return x`). */
export function returnedExpressions(fn: FunctionLike): ts.Expression[] {
  if (fn.body === undefined) return [];
  if (!ts.isBlock(fn.body)) return [fn.body];
  const found: ts.Expression[] = [];
  forEachInFunction(fn.body, (node) => {
    if (ts.isReturnStatement(node) && node.expression !== undefined) found.push(node.expression);
  });
  return found;
}

/** Finds timer promises, following variables, helpers and chains; caches per node. */
export class TimerPromises {
  private readonly cache = new Map<ts.Node, TimerPromise | undefined>();
  private readonly active = new Set<ts.Node>();

  constructor(
    private readonly sourceFile: ts.SourceFile,
    private readonly crossFile: CrossFileResolver | undefined,
  ) {}

  /** The timer promise `expression` evaluates to, if it is one whose timer its users cannot clear unaided. */
  of(expression: ts.Expression, depth = 0): TimerPromise | undefined {
    const inner = skipOuter(expression);
    if (depth > 4 || this.active.has(inner)) return undefined;
    if (this.cache.has(inner)) return this.cache.get(inner);
    this.active.add(inner);
    const found = this.compute(inner, depth);
    this.active.delete(inner);
    this.cache.set(inner, found);
    return found;
  }

  private compute(inner: ts.Expression, depth: number): TimerPromise | undefined {
    if (ts.isNewExpression(inner)) return executorTimerPromise(inner, inner.getSourceFile());
    if (ts.isAwaitExpression(inner)) return this.of(inner.expression, depth + 1);
    if (ts.isIdentifier(inner)) return this.variable(inner, depth);
    if (!ts.isCallExpression(inner)) return undefined;
    if (isPromiseTimerCall(inner)) {
      const signal = signalOption(promiseTimerOptions(inner));
      const delay = constantDelay(inner.arguments[0]);
      const base = {
        timer: inner,
        callback: undefined,
        executor: undefined,
        rejects: false,
        delay,
        unrefed: false,
      };
      if (signal === 'unknown') return undefined;
      return { ...base, handle: signal === undefined ? { kind: 'none' } : { kind: 'signal', signal } };
    }
    const callee = skipOuter(inner.expression);
    // `sleep(ms).then(() => { throw … })`, `.catch(…)`, `.finally(…)`: the same timer.
    if (ts.isPropertyAccessExpression(callee) && ['then', 'catch', 'finally'].includes(callee.name.text)) {
      const chained = this.of(callee.expression, depth + 1);
      if (chained === undefined) return undefined;
      const throws = inner.arguments.some((argument) => settlesWith(argument, undefined, true));
      return { ...chained, rejects: chained.rejects || throws };
    }
    // `(async () => { await sleep(ms); throw … })()`.
    if (isFunctionLike(callee)) return this.functionBody(callee, inner, depth);
    // `this.timeout()`: a method of the same class that returns a timer promise.
    if (
      ts.isPropertyAccessExpression(callee) &&
      skipOuter(callee.expression).kind === ts.SyntaxKind.ThisKeyword
    ) {
      const method = ownMethod(callee);
      return method === undefined ? undefined : this.functionBody(method, inner, depth);
    }
    if (!ts.isIdentifier(callee)) return undefined;
    let declaration = findDeclaration(callee);
    if (declaration === undefined || ts.isImportSpecifier(declaration) || ts.isImportClause(declaration)) {
      declaration = this.crossFile?.(callee);
    }
    if (
      declaration !== undefined &&
      ts.isVariableDeclaration(declaration) &&
      declaration.initializer !== undefined
    ) {
      declaration = assignedValue(declaration.initializer);
    }
    if (declaration === undefined || !isFunctionLike(declaration)) return undefined;
    return this.functionBody(declaration, inner, depth);
  }

  /** A function whose result is a timer promise nobody outside can clear: returned, or awaited at its top level. */
  private functionBody(fn: FunctionLike, call: ts.CallExpression, depth: number): TimerPromise | undefined {
    if (fn.body === undefined) return undefined;
    let found: TimerPromise | undefined;
    let returnsExecutor = false;
    for (const returned of returnedExpressions(fn)) {
      found = this.of(returned, depth + 1);
      returnsExecutor = ts.isNewExpression(skipOuter(returned));
      if (found !== undefined) break;
    }
    if (found === undefined && isAsyncFunction(fn) && ts.isBlock(fn.body)) {
      for (const statement of fn.body.statements) {
        const expression = ts.isExpressionStatement(statement) ? skipOuter(statement.expression) : undefined;
        if (expression !== undefined && ts.isAwaitExpression(expression)) {
          found = this.of(expression.expression, depth + 1);
          if (found !== undefined) break;
        }
      }
    }
    if (found === undefined) return undefined;
    let handle = found.handle;
    if (handle.kind === 'kept') {
      // Kept in the helper's own variable, never cleared there: the caller cannot reach it.
      const root = skipOuter(handle.reference);
      const declaration = ts.isIdentifier(root) ? findDeclaration(root) : undefined;
      if (declaration === undefined || !isWithin(declaration, fn)) return undefined;
      if (usesOutside(handleUses(fn, handle.reference, fn.getSourceFile()), found.callback).length > 0) {
        return undefined;
      }
      handle = { kind: 'none' };
    }
    if (handle.kind === 'signal') return undefined;
    const fromTimeoutHelper =
      found.fromTimeoutHelper === true ||
      (returnsExecutor && found.executor !== undefined && found.rejects && found.handle.kind === 'none');
    return { ...found, timer: call, handle, delay: this.delayAtCall(fn, call, found), fromTimeoutHelper };
  }

  /** A helper's delay as the call gives it: `sleep(10)` for `sleep(ms) { … setTimeout(r, ms) }`. */
  private delayAtCall(fn: FunctionLike, call: ts.CallExpression, found: TimerPromise): number | undefined {
    if (found.delay !== undefined) return found.delay;
    const armed = found.timer;
    const delayArgument = isPromiseTimerCall(armed) ? armed.arguments[0] : armed.arguments[1];
    const inner = delayArgument === undefined ? undefined : skipOuter(delayArgument);
    if (inner === undefined || !ts.isIdentifier(inner)) return undefined;
    const index = fn.parameters.findIndex(
      (parameter) => ts.isIdentifier(parameter.name) && parameter.name.text === inner.text,
    );
    return index < 0 ? undefined : constantDelay(call.arguments[index]);
  }

  /** A variable: its initializer or any value assigned to it in its scope. */
  private variable(identifier: ts.Identifier, depth: number): TimerPromise | undefined {
    const declaration = findDeclaration(identifier);
    if (
      declaration === undefined ||
      !ts.isVariableDeclaration(declaration) ||
      !ts.isIdentifier(declaration.name)
    ) {
      return undefined;
    }
    if (declaration.initializer !== undefined) {
      const initial = this.of(declaration.initializer, depth + 1);
      if (initial !== undefined) return initial;
    }
    if ((declaration.parent.flags & ts.NodeFlags.Const) !== 0) return undefined;
    const scope = declaration.parent.parent.parent;
    let found: TimerPromise | undefined;
    forEachDescendant(scope, (node) => {
      if (found !== undefined) return 'skip';
      if (
        ts.isBinaryExpression(node) &&
        node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
        ts.isIdentifier(skipOuter(node.left)) &&
        (skipOuter(node.left) as ts.Identifier).text === identifier.text
      ) {
        found = this.of(node.right, depth + 1);
      }
      return undefined;
    });
    return found;
  }
}

/**
 * The value an initializer binds, through assignment chains: `const sleep = (exports.sleep = function (ms) { … })`
 * binds the function (CommonJS modules export and name a helper in one statement).
 */
function assignedValue(initializer: ts.Expression): ts.Expression {
  let value = skipOuter(initializer);
  while (ts.isBinaryExpression(value) && value.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    value = skipOuter(value.right);
  }
  return value;
}

/** The method (or arrow-function field) of the class around `this.name` that `this.name` names, if any. */
function ownMethod(access: ts.PropertyAccessExpression): FunctionLike | undefined {
  let node: ts.Node = access;
  while (!ts.isClassLike(node)) {
    if (ts.isSourceFile(node)) return undefined;
    node = node.parent;
  }
  for (const member of node.members) {
    if (member.name === undefined || !ts.isIdentifier(member.name) || member.name.text !== access.name.text)
      continue;
    if (ts.isMethodDeclaration(member) && member.body !== undefined) return member;
    if (ts.isPropertyDeclaration(member) && member.initializer !== undefined) {
      const value = skipOuter(member.initializer);
      if (isFunctionLike(value)) return value;
    }
  }
  return undefined;
}
