/**
 * What the timer calls of a file are, whatever their spelling: the global `setTimeout`/`setInterval` (also through
 * `globalThis`, `window`, `global`, `self` and the `timers` module), the promise timers of `timers/promises`
 * (`setTimeout`, `scheduler.wait`, through `import`, `require` or a namespace), `util.promisify(setTimeout)`, and the
 * calls that clear a handle. Internal to the `timer-leak` rule.
 *
 * @module
 */
import ts from '../../typescript.cjs';
import { dottedName, skipOuter } from '../../analysis/syntax/expressions.js';
import { findDeclaration, importSource, requiredModule } from '../../analysis/syntax/scope.js';

/** `'timeout'` for a one-shot timer, `'interval'` for a repeating one. */
export type TimerKind = 'timeout' | 'interval';

const globalReceivers = new Set(['globalThis', 'window', 'global', 'self']);
const timersModules = new Set(['timers', 'node:timers']);
const promiseTimersModules = new Set(['timers/promises', 'node:timers/promises']);

/**
 * Where a name comes from: the module and exported name of an import or a `const { x: y } = require('m')`, or
 * `{ module: undefined }` for a name with no declaration in the file (a global).
 */
function bindingOrigin(
  identifier: ts.Identifier,
): { module?: string | undefined; exported?: string | undefined } | undefined {
  const declaration = findDeclaration(identifier);
  if (declaration === undefined) return {};
  const source = importSource(declaration);
  if (source !== undefined) {
    if (ts.isImportSpecifier(declaration)) {
      return { module: source, exported: (declaration.propertyName ?? declaration.name).text };
    }
    // `import * as timers`, `import timers from`: the namespace itself.
    return { module: source };
  }
  if (ts.isBindingElement(declaration)) {
    const pattern = declaration.parent;
    const holder = pattern.parent;
    if (ts.isVariableDeclaration(holder)) {
      const module = holder.initializer && requiredModule(skipOuter(holder.initializer));
      if (module === undefined) return undefined;
      const key = declaration.propertyName ?? declaration.name;
      return { module, exported: ts.isIdentifier(key) ? key.text : undefined };
    }
    return undefined;
  }
  if (ts.isVariableDeclaration(declaration) && ts.isObjectBindingPattern(declaration.name)) {
    // `const { setTimeout: wait } = require('node:timers/promises')`.
    const module = declaration.initializer && requiredModule(skipOuter(declaration.initializer));
    const element = declaration.name.elements.find(
      (candidate) => ts.isIdentifier(candidate.name) && candidate.name.text === identifier.text,
    );
    if (module === undefined || element === undefined) return undefined;
    const key = element.propertyName ?? element.name;
    return { module, exported: ts.isIdentifier(key) ? key.text : undefined };
  }
  if (ts.isVariableDeclaration(declaration) && ts.isIdentifier(declaration.name)) {
    const module = declaration.initializer && requiredModule(skipOuter(declaration.initializer));
    if (module !== undefined) return { module };
  }
  return undefined;
}

/** The module a namespace-like receiver stands for (`timers` in `timers.setTimeout`, `require('timers')`). */
function namespaceModule(receiver: ts.Expression): string | undefined {
  const inner = skipOuter(receiver);
  const required = requiredModule(inner);
  if (required !== undefined) return required;
  if (!ts.isIdentifier(inner)) return undefined;
  const origin = bindingOrigin(inner);
  return origin !== undefined && origin.exported === undefined ? origin.module : undefined;
}

/** True when `callee` names the global (or `timers` module) function `name`: `setTimeout`, `clearInterval` … */
export function isGlobalTimerFunction(callee: ts.Expression, name: string): boolean {
  const inner = skipOuter(callee);
  if (ts.isIdentifier(inner)) {
    if (inner.text !== name) {
      const origin = bindingOrigin(inner);
      return origin?.module !== undefined && timersModules.has(origin.module) && origin.exported === name;
    }
    const origin = bindingOrigin(inner);
    if (origin === undefined) return false;
    return origin.module === undefined || (timersModules.has(origin.module) && origin.exported === name);
  }
  if (ts.isPropertyAccessExpression(inner) && inner.name.text === name) {
    const receiver = dottedName(inner.expression);
    if (receiver !== undefined && globalReceivers.has(receiver)) return true;
    const module = namespaceModule(inner.expression);
    return module !== undefined && timersModules.has(module);
  }
  return false;
}

/** The kind of a `setTimeout(…)`/`setInterval(…)` call of the global timers (or the `timers` module). */
export function timerCallKind(call: ts.CallExpression): TimerKind | undefined {
  if (isGlobalTimerFunction(call.expression, 'setTimeout')) return 'timeout';
  if (isGlobalTimerFunction(call.expression, 'setInterval')) return 'interval';
  return undefined;
}

/**
 * The handle a clear call clears: `clearTimeout(h)`, `clearInterval(h)` (global or `timers`), or `h.close()` on a
 * Node timer; undefined for any other call.
 */
export function clearedHandle(call: ts.CallExpression): ts.Expression | undefined {
  if (
    isGlobalTimerFunction(call.expression, 'clearTimeout') ||
    isGlobalTimerFunction(call.expression, 'clearInterval')
  ) {
    return call.arguments[0];
  }
  return undefined;
}

/**
 * True for a call that returns a promise settled by a timer of `timers/promises`: `setTimeout(ms)` and
 * `scheduler.wait(ms)` imported or required under any name, `timers.setTimeout(ms)` on the module's namespace, and a
 * function made by `promisify(setTimeout)`.
 */
export function isPromiseTimerCall(call: ts.CallExpression): boolean {
  const callee = skipOuter(call.expression);
  if (ts.isIdentifier(callee)) {
    const origin = bindingOrigin(callee);
    if (origin?.module !== undefined && promiseTimersModules.has(origin.module)) {
      return origin.exported === 'setTimeout';
    }
    // `const sleep = promisify(setTimeout)` (or `util.promisify(…)`).
    const declaration = findDeclaration(callee);
    if (
      declaration !== undefined &&
      ts.isVariableDeclaration(declaration) &&
      declaration.initializer !== undefined
    ) {
      const initializer = skipOuter(declaration.initializer);
      if (ts.isCallExpression(initializer)) {
        const name = dottedName(initializer.expression);
        const first = initializer.arguments[0];
        return (
          (name === 'promisify' || name?.endsWith('.promisify') === true) &&
          first !== undefined &&
          isGlobalTimerFunction(first, 'setTimeout')
        );
      }
    }
    return false;
  }
  if (!ts.isPropertyAccessExpression(callee)) return false;
  // `scheduler.wait(ms)`, `timers.scheduler.wait(ms)`.
  if (callee.name.text === 'wait') {
    const receiver = skipOuter(callee.expression);
    if (ts.isIdentifier(receiver)) {
      const origin = bindingOrigin(receiver);
      return (
        origin?.module !== undefined &&
        promiseTimersModules.has(origin.module) &&
        origin.exported === 'scheduler'
      );
    }
    if (ts.isPropertyAccessExpression(receiver) && receiver.name.text === 'scheduler') {
      const module = namespaceModule(receiver.expression);
      return module !== undefined && promiseTimersModules.has(module);
    }
    return false;
  }
  if (callee.name.text !== 'setTimeout') return false;
  const module = namespaceModule(callee.expression);
  return module !== undefined && promiseTimersModules.has(module);
}

/** The options argument of a promise-timer call (`setTimeout(ms, value, options)`, `scheduler.wait(ms, options)`). */
export function promiseTimerOptions(call: ts.CallExpression): ts.Expression | undefined {
  const callee = skipOuter(call.expression);
  const isWait = ts.isPropertyAccessExpression(callee) && callee.name.text === 'wait';
  return call.arguments[isWait ? 1 : 2];
}

/**
 * The value of a delay known before the program runs, in milliseconds: a number literal, a `const` holding one, or
 * `*`, `+` of such (`5 * 1000`); undefined otherwise.
 */
export function constantDelay(expression: ts.Expression | undefined, depth = 0): number | undefined {
  if (expression === undefined || depth > 4) return undefined;
  const inner = skipOuter(expression);
  if (ts.isNumericLiteral(inner)) return Number(inner.text.replace(/_/g, ''));
  if (ts.isBinaryExpression(inner)) {
    const left = constantDelay(inner.left, depth + 1);
    const right = constantDelay(inner.right, depth + 1);
    if (left === undefined || right === undefined) return undefined;
    if (inner.operatorToken.kind === ts.SyntaxKind.AsteriskToken) return left * right;
    if (inner.operatorToken.kind === ts.SyntaxKind.PlusToken) return left + right;
    return undefined;
  }
  if (ts.isIdentifier(inner)) {
    const declaration = findDeclaration(inner);
    if (
      declaration !== undefined &&
      ts.isVariableDeclaration(declaration) &&
      (declaration.parent.flags & ts.NodeFlags.Const) !== 0
    ) {
      return constantDelay(declaration.initializer, depth + 1);
    }
  }
  return undefined;
}
