import ts from '../typescript.cjs';
import {
  memberName,
  normalizedText,
  rootOfChain,
  skipOuter,
  skipOuterUp,
} from '../analysis/syntax/expressions.js';
import {
  enclosingFunction,
  type FunctionLike,
  isAsyncFunction,
  isFunctionLike,
} from '../analysis/syntax/functions.js';
import { findDeclaration, importSource } from '../analysis/syntax/scope.js';
import { findDescendant } from '../analysis/syntax/walk.js';
import { defineRule } from '../rule.js';

const addMethods = new Set(['on', 'addListener', 'prependListener', 'addEventListener']);
const removeMethods = new Set(['off', 'removeListener', 'removeEventListener']);
/** Globals that live as long as the process or page. */
const globalTargets = new Set(['process', 'window', 'document', 'globalThis', 'self', 'navigator']);
/** Modules whose `on(target, event)` is a function taking the target first (not an emitter method). */
const helperModules = new Set(['events', 'node:events', '@awaitwise/core']);

/** Async functions with these names set things up once (`start`, `listen`, `connect`…): not per call. */
const setupName =
  /^(start|listen|init|initiali[sz]e|setup|connect|open|run|main|bootstrap|register|attach|mount|install|enable|create|load|begin|launch|serve|spawn|fork)/i;

/** Why the place that adds the listener runs once per call. */
type PerCall = 'executor' | 'async' | 'listener';

/**
 * `listener-leak`: a listener added on a long-lived emitter (a module-level or global object, a field of `this`)
 * from code that runs per call — a Promise executor, an async function, another listener — and never removed: no
 * `off`/`removeListener`/`removeEventListener` of the same handler, no `once`, no `{ once: true }`, no `{ signal }`.
 * Every call adds one more listener, which keeps its closure alive and grows the emitter without bound.
 */
export default defineRule({
  meta: {
    id: 'listener-leak',
    description: 'Reports listeners added per call on a long-lived emitter and never removed.',
    defaultSeverity: 'warning',
    requiresTypes: false,
    recommended: true,
    fixable: false,
    hasSuggestions: false,
    messages: {
      leak:
        'This `{{method}}` adds a listener to `{{target}}` on every call ({{where}}) and nothing removes it: the ' +
        'listeners pile up with their closures. Remove it on every path (`off` in `finally`), pass `{ signal }`, or ' +
        'use `waitFor(target, event, { signal })` / `on(target, event)` from @awaitwise/core.',
    },
  },
  defaultOptions: {},
  create(context) {
    const { sourceFile } = context;

    /** True when a removal of `handler` (by reference) or of all listeners of `target` exists in the file. */
    const isRemoved = (target: string, handler: string | undefined): boolean =>
      findDescendant(sourceFile, (node) => {
        if (!ts.isCallExpression(node)) return false;
        const name = memberName(node.expression);
        if (name === undefined) return false;
        if (removeMethods.has(name) && handler !== undefined) {
          return node.arguments.some((argument) => normalizedText(argument, sourceFile) === handler);
        }
        if (name === 'removeAllListeners') {
          const object = skipOuter(node.expression) as ts.PropertyAccessExpression;
          return normalizedText(object.expression, sourceFile) === target;
        }
        return false;
      }) !== undefined;

    return {
      [ts.SyntaxKind.CallExpression]: (node) => {
        const call = node;
        const callee = skipOuter(call.expression);
        if (!ts.isPropertyAccessExpression(callee) || !addMethods.has(callee.name.text)) return;
        const method = callee.name.text;
        const handlerArgument = call.arguments[1];
        if (handlerArgument === undefined) return;
        const handler = skipOuter(handlerArgument);
        if (!isFunctionLike(handler) && !ts.isIdentifier(handler) && !ts.isPropertyAccessExpression(handler))
          return;
        if (method === 'addEventListener' && removesItself(call.arguments[2])) return;
        // `const off = emitter.on(…)`: an API that returns its unsubscribe function.
        if (!valueDropped(call)) return;

        const target = callee.expression;
        const root = rootOfChain(target);
        if (ts.isIdentifier(root) && helperModules.has(importSource(findDeclaration(root)) ?? '')) return;

        const fn = enclosingFunction(call);
        if (fn === undefined) return;
        const perCall = perCallReason(fn);
        const lifetime = targetLifetime(target, fn);
        if (lifetime === 'local') return;
        if (perCall === undefined) {
          // A constructor adding to process-wide objects leaks once per instance; other setup code runs once. Most such
          // classes are app-lifetime singletons (a store, a service), so report only when the file makes instances
          // per call (`new Worker()` inside a function).
          if (!ts.isConstructorDeclaration(fn) || lifetime !== 'global' || !instantiatedPerCall(fn)) return;
        } else if (ts.isConstructorDeclaration(fn)) {
          return;
        }

        const handlerText = isFunctionLike(handler)
          ? ts.isFunctionExpression(handler) && handler.name !== undefined
            ? handler.name.text
            : undefined
          : normalizedText(handler, sourceFile);
        const targetText = normalizedText(target, sourceFile);
        if (isRemoved(targetText, handlerText)) return;

        context.report({
          node: callee.name,
          messageId: 'leak',
          data: {
            method: `.${method}`,
            target: targetText,
            where:
              perCall === 'executor'
                ? 'inside a Promise executor'
                : perCall === 'async'
                  ? 'inside an async function'
                  : perCall === 'listener'
                    ? 'inside another listener'
                    : 'in a constructor',
          },
        });
      },
    };
  },
});

/** True for `{ once: true }` or `{ signal }` options (or options we cannot see: a variable). */
function removesItself(options: ts.Expression | undefined): boolean {
  if (options === undefined) return false;
  const inner = skipOuter(options);
  if (inner.kind === ts.SyntaxKind.TrueKeyword || inner.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (!ts.isObjectLiteralExpression(inner)) return true;
  return inner.properties.some((property) => {
    if (ts.isSpreadAssignment(property)) return true;
    const name = ts.isIdentifier(property.name) ? property.name.text : undefined;
    if (name === 'signal') return true;
    if (name === 'once' && ts.isPropertyAssignment(property)) {
      return property.initializer.kind !== ts.SyntaxKind.FalseKeyword;
    }
    return false;
  });
}

/** True when the call's value is dropped or only used to chain another `.on`. */
function valueDropped(call: ts.CallExpression): boolean {
  const outer = skipOuterUp(call);
  const parent = outer.parent;
  if (ts.isExpressionStatement(parent)) return true;
  if (ts.isPropertyAccessExpression(parent) && parent.expression === outer) return true;
  // The expression body of an arrow (`(r) => emitter.on('x', r)`): the executor ignores what it returns.
  return ts.isArrowFunction(parent) && parent.body === outer;
}

/** Why `fn` runs once per call (a Promise executor, an async function, a listener), or undefined. */
function perCallReason(fn: FunctionLike): PerCall | undefined {
  if (isExecutor(fn)) return 'executor';
  // `(async () => { … })()`: runs once each time the code around it runs, once for good at module level.
  if (isImmediatelyInvoked(fn)) {
    const outer = enclosingFunction(fn);
    return outer === undefined ? undefined : perCallReason(outer);
  }
  if (isAsyncFunction(fn) && !setupName.test(functionName(fn) ?? '')) return 'async';
  if (isListener(fn)) return 'listener';
  return undefined;
}

function isImmediatelyInvoked(fn: FunctionLike): boolean {
  if (!ts.isFunctionExpression(fn) && !ts.isArrowFunction(fn)) return false;
  const outer = skipOuterUp(fn);
  const parent = outer.parent;
  return ts.isCallExpression(parent) && parent.expression === outer;
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
        enclosingFunction(node) !== undefined &&
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

function isExecutor(fn: FunctionLike): boolean {
  const outer = skipOuterUp(fn);
  const parent = outer.parent;
  return (
    ts.isNewExpression(parent) &&
    ts.isIdentifier(parent.expression) &&
    parent.expression.text === 'Promise' &&
    parent.arguments?.[0] === outer
  );
}

function isListener(fn: FunctionLike): boolean {
  const outer = skipOuterUp(fn);
  const parent = outer.parent;
  if (!ts.isCallExpression(parent) || !parent.arguments.includes(outer as ts.Expression)) return false;
  const name = memberName(parent.expression);
  return name !== undefined && (addMethods.has(name) || name === 'once');
}

/**
 * How long the emitter lives compared to the call: `global` (process, window, imports, module-level objects),
 * `outer` (a field of `this`), or `local` (created in the call, the object itself, a parameter or a callback's
 * argument: streams and sockets handed in are usually consumed once, so they are not reported).
 */
function targetLifetime(target: ts.Expression, fn: FunctionLike, depth = 0): 'global' | 'outer' | 'local' {
  const inner = skipOuter(target);
  // `this.on(…)`: the object registering on itself.
  if (inner.kind === ts.SyntaxKind.ThisKeyword) return 'local';
  if (createdInCall(target, fn)) return 'local';
  const root = rootOfChain(target);
  if (root.kind === ts.SyntaxKind.ThisKeyword) return 'outer';
  if (!ts.isIdentifier(root)) return 'local';
  const declaration = findDeclaration(root);
  if (declaration === undefined) return globalTargets.has(root.text) ? 'global' : 'local';
  if (ts.isParameter(declaration)) return 'local';
  if (enclosingFunction(declaration) === undefined) return 'global';
  if (ts.isVariableDeclaration(declaration) && declaration.initializer !== undefined) {
    const initializer = skipOuter(declaration.initializer);
    // `const emitter = this.emitter`: an alias of something older than the call.
    if ((ts.isIdentifier(initializer) || ts.isPropertyAccessExpression(initializer)) && depth < 4) {
      return targetLifetime(initializer, fn, depth + 1);
    }
  }
  return 'local';
}

/**
 * True when `target` is an object the code owns: assigned a new object (`x = new Client()`, `this.child = spawn(…)`)
 * in the functions around `fn`, or — for `this.x` and `this.x.y` — anywhere in the class (a field initializer too).
 */
function createdInCall(target: ts.Expression, fn: FunctionLike): boolean {
  const sourceFile = fn.getSourceFile();
  const texts = new Set<string>();
  // `this.controller.signal` is owned when `this.controller` is.
  for (let current = skipOuter(target); ; current = skipOuter(current.expression)) {
    texts.add(normalizedText(current, sourceFile));
    if (!ts.isPropertyAccessExpression(current)) break;
  }
  let scope: ts.Node = fn;
  for (let current = enclosingFunction(fn); current !== undefined; current = enclosingFunction(current)) {
    scope = current;
  }
  if (rootOfChain(target).kind === ts.SyntaxKind.ThisKeyword) {
    for (
      let current: ts.Node | undefined = fn;
      current !== undefined;
      current = current.parent as ts.Node | undefined
    ) {
      if (ts.isClassDeclaration(current) || ts.isClassExpression(current)) {
        scope = current;
        break;
      }
    }
  }
  const isNewObject = (value: ts.Expression): boolean => {
    const inner = skipOuter(value);
    return ts.isNewExpression(inner) || ts.isCallExpression(inner);
  };
  return (
    findDescendant(scope, (node) => {
      if (ts.isPropertyDeclaration(node) && node.initializer !== undefined) {
        const name =
          ts.isIdentifier(node.name) || ts.isPrivateIdentifier(node.name) ? node.name.text : undefined;
        return name !== undefined && texts.has(`this.${name}`) && isNewObject(node.initializer);
      }
      return (
        ts.isBinaryExpression(node) &&
        node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
        texts.has(normalizedText(node.left, sourceFile)) &&
        isNewObject(node.right)
      );
    }) !== undefined
  );
}

/** The name of a function: its own, its method name, or the variable it is assigned to. */
function functionName(fn: FunctionLike): string | undefined {
  if (fn.name !== undefined && (ts.isIdentifier(fn.name) || ts.isPrivateIdentifier(fn.name)))
    return fn.name.text;
  const parent = skipOuterUp(fn).parent;
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) && ts.isIdentifier(parent.name)) {
    return parent.name.text;
  }
  return undefined;
}
