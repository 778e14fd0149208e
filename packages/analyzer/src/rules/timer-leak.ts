import ts from '../typescript.cjs';
import {
  dottedName,
  isPromiseStatic,
  normalizedText,
  skipOuter,
  skipOuterUp,
} from '../analysis/syntax/expressions.js';
import { enclosingFunction, type FunctionLike, isFunctionLike } from '../analysis/syntax/functions.js';
import { findDeclaration, importSource } from '../analysis/syntax/scope.js';
import {
  findDescendant,
  findInFunction,
  forEachDescendant,
  forEachInFunction,
} from '../analysis/syntax/walk.js';
import { defineRule } from '../rule.js';

type MessageId = 'raceTimer' | 'executorTimer' | 'timeoutHelper';

/** What a `setTimeout` inside a Promise executor does when it fires. */
interface ExecutorTimer {
  readonly call: ts.CallExpression;
  readonly executor: ts.ArrowFunction | ts.FunctionExpression;
  /** True when the timer settles the promise by rejecting (a timeout), false when it resolves (a sleep). */
  readonly rejects: boolean;
}

/**
 * `timer-leak`: a timeout built from `setTimeout` whose timer is never cleared when the work wins: a `Promise.race`
 * against a timer promise, a Promise executor that settles on success but leaves its timeout timer running, or a
 * helper that returns a rejecting timer promise nobody can cancel. The timer keeps the process alive and fires late.
 */
export default defineRule<Record<string, never>, MessageId>({
  meta: {
    id: 'timer-leak',
    description: 'Reports `setTimeout` timeouts that are not cleared when the work finishes first.',
    defaultSeverity: 'warning',
    requiresTypes: false,
    recommended: true,
    fixable: false,
    hasSuggestions: false,
    messages: {
      raceTimer:
        'This timer promise keeps its timer running after `Promise.race` settles: it holds the process open and ' +
        'fires later for nothing. Use `timeout(work, ms)` from @awaitwise/core (or clear the timer in `finally`).',
      executorTimer:
        'This timeout timer is not cleared when the promise settles the other way: it keeps running (and the ' +
        'process alive) after the work finished. Clear it on every path, or use `timeout(work, ms)` from @awaitwise/core.',
      timeoutHelper:
        'This helper returns a promise whose timeout timer nobody can clear: whatever it is raced against, the timer ' +
        'keeps running after the work wins. Use `timeout(work, ms)` or `sleep(ms, { signal })` from @awaitwise/core.',
    },
  },
  defaultOptions: {},
  create(context) {
    const { sourceFile } = context;

    /** True when the handle a `setTimeout` call returns is kept and cleared, unref'ed or handed on. */
    const isManaged = (call: ts.CallExpression, executor: FunctionLike): boolean => {
      const outer = skipOuterUp(call);
      const parent = outer.parent;
      if (ts.isPropertyAccessExpression(parent) && parent.expression === outer) {
        return parent.name.text === 'unref';
      }
      if (ts.isExpressionStatement(parent)) return false;
      if (ts.isVoidExpression(parent)) return false;
      // The expression body of the executor: its return value is ignored.
      if (parent === executor && ts.isArrowFunction(executor)) return false;
      let handle: ts.Expression | undefined;
      if (ts.isVariableDeclaration(parent) && parent.initializer === outer && ts.isIdentifier(parent.name)) {
        handle = parent.name;
      } else if (
        ts.isBinaryExpression(parent) &&
        parent.right === outer &&
        parent.operatorToken.kind === ts.SyntaxKind.EqualsToken
      ) {
        handle = parent.left;
      }
      // Passed to something, returned, stored in a structure: whoever holds it may clear it.
      if (handle === undefined) return true;
      const text = normalizedText(handle, sourceFile);
      const root = skipOuter(handle);
      const declaration = ts.isIdentifier(root) ? findDeclaration(root) : undefined;
      const moduleLevel = declaration !== undefined && enclosingFunction(declaration) === undefined;
      const scope = moduleLevel ? sourceFile : outermostScope(executor);
      return (
        findDescendant(scope, (node) => {
          if (!ts.isCallExpression(node)) return false;
          const callee = dottedName(node.expression);
          const first = node.arguments[0];
          if ((callee === 'clearTimeout' || callee?.endsWith('.clearTimeout')) && first !== undefined) {
            return normalizedText(first, sourceFile) === text;
          }
          const inner = skipOuter(node.expression);
          if (
            ts.isPropertyAccessExpression(inner) &&
            ['unref', 'close', 'refresh'].includes(inner.name.text)
          ) {
            return normalizedText(inner.expression, sourceFile) === text;
          }
          // The handle handed to a helper (`timers.add(t)`, `cleanup(t)`).
          return node.arguments.some((argument) => normalizedText(argument, sourceFile) === text);
        }) !== undefined
      );
    };

    /** The uncleared timer of a `new Promise(executor)`, if its executor sets one that settles it. */
    const executorTimer = (expression: ts.Expression): ExecutorTimer | undefined => {
      const inner = skipOuter(expression);
      if (
        !ts.isNewExpression(inner) ||
        !ts.isIdentifier(inner.expression) ||
        inner.expression.text !== 'Promise'
      ) {
        return undefined;
      }
      const executor = inner.arguments?.[0] === undefined ? undefined : skipOuter(inner.arguments[0]);
      if (executor === undefined || (!ts.isArrowFunction(executor) && !ts.isFunctionExpression(executor))) {
        return undefined;
      }
      const resolveName = parameterName(executor, 0);
      const rejectName = parameterName(executor, 1);
      let found: ExecutorTimer | undefined;
      forEachInFunction(executor, (node) => {
        if (found !== undefined || !ts.isCallExpression(node) || !isGlobalSetTimeout(node)) return undefined;
        const callback = node.arguments[0];
        if (callback === undefined) return undefined;
        const rejects = callsName(callback, rejectName) || throwsIn(callback);
        const resolves = callsName(callback, resolveName);
        if (!rejects && !resolves) return undefined;
        if (isManaged(node, executor)) return undefined;
        found = { call: node, executor, rejects };
        return 'skip';
      });
      return found;
    };

    /** A timer promise raced: inline, through a variable, a local helper that sleeps, or timers/promises. */
    const racedTimer = (element: ts.Expression): boolean => {
      const inner = skipOuter(element);
      if (executorTimer(inner) !== undefined) return true;
      if (ts.isIdentifier(inner)) {
        const declaration = findDeclaration(inner);
        if (
          declaration !== undefined &&
          ts.isVariableDeclaration(declaration) &&
          declaration.initializer !== undefined &&
          ts.isIdentifier(declaration.name)
        ) {
          return executorTimer(declaration.initializer) !== undefined;
        }
        return false;
      }
      if (!ts.isCallExpression(inner)) return false;
      const callee = skipOuter(inner.expression);
      if (!ts.isIdentifier(callee)) return false;
      const declaration = findDeclaration(callee);
      // `import { setTimeout } from 'node:timers/promises'` raced without a signal.
      const source = importSource(declaration);
      if (source === 'timers/promises' || source === 'node:timers/promises') {
        return importedName(declaration) === 'setTimeout' && !hasSignalOption(inner.arguments[2]);
      }
      // A local sleep helper (rejecting helpers are reported where they are defined).
      const helper = helperTimer(declaration);
      return helper !== undefined && !helper.rejects;
    };

    /** The timer of a same-file function whose body just returns a timer promise. */
    const helperTimer = (declaration: ts.Node | undefined): ExecutorTimer | undefined => {
      let fn: ts.Node | undefined = declaration;
      if (fn !== undefined && ts.isVariableDeclaration(fn) && fn.initializer !== undefined) {
        fn = skipOuter(fn.initializer);
      }
      if (fn === undefined || !isFunctionLike(fn) || fn.body === undefined) return undefined;
      for (const returned of returnedExpressions(fn)) {
        const timer = executorTimer(returned);
        if (timer !== undefined) return timer;
      }
      return undefined;
    };

    const reported = new Set<ts.Node>();

    return {
      [ts.SyntaxKind.CallExpression]: (node) => {
        const call = node;
        if (!isPromiseStatic(call, ['race'])) return;
        const list = call.arguments[0] === undefined ? undefined : skipOuter(call.arguments[0]);
        if (list === undefined || !ts.isArrayLiteralExpression(list) || list.elements.length < 2) return;
        for (const element of list.elements) {
          if (!racedTimer(element)) continue;
          const timer = executorTimer(element);
          if (timer !== undefined) reported.add(timer.call);
          context.report({ node: element, messageId: 'raceTimer' });
        }
      },
      [ts.SyntaxKind.NewExpression]: (node) => {
        const timer = executorTimer(node);
        if (timer === undefined) return;
        // Raced inline: reported by the race visitor (which runs first, on the enclosing call).
        if (reported.has(timer.call)) return;
        const holder = skipOuterUp(node);
        // A rejecting timer in an executor that also settles through the work: the success path leaves it running.
        if (timer.rejects && settlesOtherwise(timer)) {
          context.report({ node: timer.call, messageId: 'executorTimer' });
          return;
        }
        // `function timeoutAfter(ms) { return new Promise((_, reject) => setTimeout(() => reject(…), ms)); }`
        const fn = enclosingFunction(node);
        if (
          timer.rejects &&
          fn !== undefined &&
          (ts.isReturnStatement(holder.parent) ||
            (ts.isArrowFunction(holder.parent) && holder.parent.body === holder))
        ) {
          context.report({ node: timer.call, messageId: 'timeoutHelper' });
        }
      },
    };
  },
});

/** True for `setTimeout(…)`, `globalThis.setTimeout(…)`, `window.setTimeout(…)` (not timers/promises). */
function isGlobalSetTimeout(call: ts.CallExpression): boolean {
  const name = dottedName(call.expression);
  if (name === 'globalThis.setTimeout' || name === 'window.setTimeout') return true;
  if (name !== 'setTimeout') return false;
  const declaration = findDeclaration(skipOuter(call.expression) as ts.Identifier);
  if (declaration === undefined) return true;
  const source = importSource(declaration);
  return source === 'timers' || source === 'node:timers';
}

/** The name of an executor parameter, when it is a plain identifier. */
function parameterName(fn: FunctionLike, index: number): string | undefined {
  const parameter = fn.parameters[index];
  return parameter !== undefined && ts.isIdentifier(parameter.name) ? parameter.name.text : undefined;
}

/** True when `callback` is the identifier `name` or a function that calls `name(…)`. */
function callsName(callback: ts.Expression, name: string | undefined): boolean {
  if (name === undefined) return false;
  const inner = skipOuter(callback);
  if (ts.isIdentifier(inner)) return inner.text === name;
  if (!ts.isArrowFunction(inner) && !ts.isFunctionExpression(inner)) return false;
  return (
    findDescendant(inner, (node) => {
      if (!ts.isCallExpression(node)) return false;
      const callee = skipOuter(node.expression);
      return ts.isIdentifier(callee) && callee.text === name;
    }) !== undefined
  );
}

/** True when the callback is a function that throws (a timeout that rejects by throwing is unusual but seen). */
function throwsIn(callback: ts.Expression): boolean {
  const inner = skipOuter(callback);
  if (!ts.isArrowFunction(inner) && !ts.isFunctionExpression(inner)) return false;
  return findInFunction(inner, (node) => ts.isThrowStatement(node)) !== undefined;
}

/** True when the executor settles the promise outside the timer callback (the work path). */
function settlesOtherwise(timer: ExecutorTimer): boolean {
  const names = [parameterName(timer.executor, 0), parameterName(timer.executor, 1)].filter(
    (name): name is string => name !== undefined,
  );
  let found = false;
  forEachDescendant(timer.executor, (node) => {
    if (found || node === timer.call) return 'skip';
    if (ts.isIdentifier(node) && names.includes(node.text)) {
      const parent = node.parent;
      if (ts.isParameter(parent)) return undefined;
      found = true;
    }
    return undefined;
  });
  return found;
}

/** Where a timer handle set in `fn` can be cleared: the outermost enclosing function, the class, or the file. */
function outermostScope(fn: FunctionLike): ts.Node {
  let scope: ts.Node = fn;
  for (
    let current: FunctionLike | undefined = fn;
    current !== undefined;
    current = enclosingFunction(current)
  ) {
    if (
      ts.isMethodDeclaration(current) ||
      ts.isConstructorDeclaration(current) ||
      ts.isGetAccessorDeclaration(current) ||
      ts.isSetAccessorDeclaration(current)
    ) {
      return current.parent;
    }
    scope = current;
  }
  return enclosingFunction(fn) === undefined ? fn.getSourceFile() : scope;
}

/** The expressions a function returns (its expression body or each `return x`). */
function returnedExpressions(fn: FunctionLike): ts.Expression[] {
  if (fn.body === undefined) return [];
  if (!ts.isBlock(fn.body)) return [fn.body];
  const found: ts.Expression[] = [];
  forEachInFunction(fn.body, (node) => {
    if (ts.isReturnStatement(node) && node.expression !== undefined) found.push(node.expression);
  });
  return found;
}

/** The exported name an import binding refers to (`setTimeout` for `import { setTimeout as sleep }`). */
function importedName(declaration: ts.Node | undefined): string | undefined {
  if (declaration === undefined || !ts.isImportSpecifier(declaration)) return undefined;
  return (declaration.propertyName ?? declaration.name).text;
}

/** True when an options argument is an object literal with a `signal` property (or not a literal at all). */
function hasSignalOption(options: ts.Expression | undefined): boolean {
  if (options === undefined) return false;
  const inner = skipOuter(options);
  if (!ts.isObjectLiteralExpression(inner)) return true;
  return inner.properties.some(
    (property) =>
      (ts.isPropertyAssignment(property) || ts.isShorthandPropertyAssignment(property)) &&
      ts.isIdentifier(property.name) &&
      property.name.text === 'signal',
  );
}
