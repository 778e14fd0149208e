import { getRejectionAnalysis, where } from '../analysis/can-reject.js';
import { validateBooleanOptions } from '../analysis/options.js';
import ts from '../typescript.cjs';
import { isPromiseStatic, memberName, skipOuter, skipOuterUp } from '../analysis/syntax/expressions.js';
import { type FunctionLike, isFunctionLike, programFunction } from '../analysis/syntax/functions.js';
import { findDescendant, forEachDescendant, forEachInFunction } from '../analysis/syntax/walk.js';
import { isThenableExpression } from '../analysis/types/quick-types.js';

import { defineRule } from '../rule.js';

/** Options of `async-constructor`. */
export interface AsyncConstructorOptions {
  /**
   * Also report work whose rejection the constructor handles (`this.connect().catch(…)`, or `this.ready = …`
   * followed by `this.ready.catch(…)`), or that cannot reject (an async method of the program that catches every
   * error it can throw). Off by default: that is the deliberate auto-connect design of many clients
   * (ioredis, bullmq), where failures go to an `error` event and methods wait for readiness.
   *
   * @default false
   */
  readonly reportHandled: boolean;
}

/** `Promise` statics that do not start work (`Promise.resolve(x)` wraps a value). */
const promiseStatics = new Set(['resolve', 'reject', 'withResolvers']);

/**
 * `async-constructor`: a constructor that starts async work (`this.ready = this.connect()`, a floating
 * `this.init()`, `.then` chains). Callers cannot await a constructor, so they use a half-initialized object and the
 * work's rejection goes unhandled or surfaces far away.
 */
export default defineRule<AsyncConstructorOptions, 'startsAsyncWork' | 'storesUnhandledWork'>({
  meta: {
    id: 'async-constructor',
    description: 'Reports constructors that start async work the caller cannot await.',
    defaultSeverity: 'warning',
    requiresTypes: true,
    recommended: true,
    fixable: false,
    hasSuggestions: false,
    messages: {
      startsAsyncWork:
        'This constructor starts async work (`{{call}}`) that callers cannot await: they get a half-initialized ' +
        'object and a rejection nobody handles. Use a static async `create()` factory, or `lazy(() => …)` from ' +
        '@awaitwise/core and await it where it is needed.',
      storesUnhandledWork:
        'This constructor starts async work (`{{call}}`) that stores `{{field}}` ({{at}}), a promise that can reject ' +
        'and that nothing handles: if it fails before a caller awaits it, the rejection is unhandled, and callers ' +
        'get a half-initialized object. Use a static async `create()` factory, or `lazy(() => …)` from ' +
        '@awaitwise/core and await it where it is needed.',
    },
  },
  defaultOptions: { reportHandled: false },
  validateOptions: (raw) => validateBooleanOptions('async-constructor', raw, { reportHandled: false }),

  create(context) {
    const { sourceFile } = context;

    const startsWork = (call: ts.CallExpression): boolean => {
      const callee = skipOuter(call.expression);
      if (isPromiseStatic(call, promiseStatics)) return false;
      const checker = context.getTypeChecker();
      if (!isThenableExpression(checker, call)) return false;
      // `this.finished = this.#createDeferred()`: a helper that only builds a pending promise starts no work.
      const declaration = checker.getSymbolAtLocation(
        ts.isPropertyAccessExpression(callee) ? callee.name : callee,
      )?.valueDeclaration;
      return declaration === undefined || !isDeferredFactory(declaration);
    };

    /** The outermost call of a `.then/.catch/.finally` chain that `call` is the start of. */
    const chainTop = (call: ts.CallExpression): ts.Expression => {
      let current: ts.Expression = call;
      for (;;) {
        const outer = skipOuterUp(current);
        const parent = outer.parent;
        if (
          ts.isPropertyAccessExpression(parent) &&
          parent.expression === outer &&
          ['then', 'catch', 'finally'].includes(parent.name.text) &&
          ts.isCallExpression(parent.parent) &&
          parent.parent.expression === parent
        ) {
          current = parent.parent;
          continue;
        }
        return outer as ts.Expression;
      }
    };

    /** True when the value of `top` is dropped or stored on the instance (not returned, awaited or handed on). */
    const startedHere = (top: ts.Expression): boolean => {
      const parent = top.parent;
      if (ts.isExpressionStatement(parent)) return true;
      if (ts.isVoidExpression(parent) && ts.isExpressionStatement(skipOuterUp(parent).parent)) return true;
      if (
        ts.isBinaryExpression(parent) &&
        parent.right === top &&
        parent.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
        ts.isExpressionStatement(parent.parent)
      ) {
        return true;
      }
      if (ts.isVariableDeclaration(parent) && parent.initializer === top) return true;
      return false;
    };

    /**
     * A promise that the method `call` runs (a function of the program, read with the `new Promise` executors it
     * runs synchronously) stores on the instance (`this._ready = Promise.all([…])`), that can reject and that neither
     * that method nor the constructor handles, awaits, returns or hands on. Its rejection is the one the constructor
     * leaves unhandled, whatever the call's own promise does (bee-queue's `connect()` settles only through it).
     */
    const storedUnhandled = (
      call: ts.CallExpression,
      constructorBody: ts.Block,
    ): ts.BinaryExpression | undefined => {
      const callee = skipOuter(call.expression);
      if (
        !ts.isPropertyAccessExpression(callee) ||
        skipOuter(callee.expression).kind !== ts.SyntaxKind.ThisKeyword
      ) {
        return undefined;
      }
      const checker = context.getTypeChecker();
      const symbol = checker.getSymbolAtLocation(callee.name);
      const fn = symbol === undefined ? undefined : programFunction(symbol, checker);
      if (fn?.body === undefined) return undefined;
      const analysis = getRejectionAnalysis(checker);
      let found: ts.BinaryExpression | undefined;
      forEachRunNow(fn, (node) => {
        if (found !== undefined) return 'skip';
        if (
          !ts.isBinaryExpression(node) ||
          node.operatorToken.kind !== ts.SyntaxKind.EqualsToken ||
          !ts.isPropertyAccessExpression(node.left) ||
          skipOuter(node.left.expression).kind !== ts.SyntaxKind.ThisKeyword
        ) {
          return undefined;
        }
        const value = skipOuter(node.right);
        if (!ts.isCallExpression(value) || !startsWork(value)) return undefined;
        if (!analysis.expression(value).canReject) return undefined;
        const field = node.left.name.text;
        if (consumes(fn, field, node) || consumes(constructorBody, field, node)) return undefined;
        found = node;
        return 'skip';
      });
      return found;
    };

    return {
      [ts.SyntaxKind.Constructor]: (node) => {
        const constructor = node;
        if (constructor.body === undefined) return;
        const reported = new Set<ts.Node>();
        forEachInFunction(constructor.body, (inner) => {
          if (!ts.isCallExpression(inner)) return;
          // A `.then` call inside a chain is judged at the start of the chain.
          const name = memberName(inner.expression);
          if (name === 'then' || name === 'catch' || name === 'finally') {
            const object = skipOuter((skipOuter(inner.expression) as ts.PropertyAccessExpression).expression);
            if (ts.isCallExpression(object)) return;
            // `this.ready.catch(…)` after `this.ready = this.connect()`: judged at the assignment.
            const stored = object.getText(sourceFile).replace(/\s+/g, '');
            const body = constructor.body;
            if (body !== undefined && assignedIn(body, stored)) return;
          }
          const top = chainTop(inner);
          if (reported.has(top) || !startedHere(top)) return;
          const body = constructor.body;
          if (body === undefined) return;
          const stored = storedUnhandled(inner, body);
          if (stored !== undefined) {
            reported.add(top);
            context.report({
              node: inner,
              messageId: 'storesUnhandledWork',
              data: {
                call: `${inner.expression.getText(sourceFile).replace(/\s*\n\s*/g, '')}()`,
                field: stored.left.getText(sourceFile),
                at: where(stored),
              },
            });
            return;
          }
          if (!context.options.reportHandled && handled(top, body)) return;
          if (!startsWork(inner)) return;
          // Work that handles its own failures (`async load() { try { … } catch { this.error = … } }`) leaves
          // the object in a state it models (loading, failed), like a handled `.catch`: reported with `reportHandled`.
          if (
            !context.options.reportHandled &&
            !getRejectionAnalysis(context.getTypeChecker()).expression(top).canReject
          ) {
            return;
          }
          reported.add(top);
          const text = inner.expression.getText(sourceFile).replace(/\s*\n\s*/g, '');
          context.report({ node: inner, messageId: 'startsAsyncWork', data: { call: `${text}()` } });
        });
      },
    };
  },
});

/** True when the chain ends in a rejection handler, or the variable/field it is stored in gets one in the body. */
function handled(top: ts.Expression, body: ts.Node): boolean {
  const handles = (call: ts.Expression): boolean => {
    const inner = skipOuter(call);
    if (!ts.isCallExpression(inner)) return false;
    const name = memberName(inner.expression);
    return name === 'catch' || (name === 'then' && inner.arguments.length >= 2);
  };
  if (handles(top)) return true;
  const parent = top.parent;
  let stored: ts.Expression | undefined;
  if (ts.isBinaryExpression(parent) && parent.right === top) stored = parent.left;
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) stored = parent.name;
  if (stored === undefined) return false;
  const sourceFile = top.getSourceFile();
  const text = stored.getText(sourceFile).replace(/\s+/g, '');
  let found = false;
  forEachDescendant(body, (node) => {
    if (found) return 'skip';
    if (ts.isCallExpression(node) && handles(node)) {
      const callee = skipOuter(node.expression);
      if (ts.isPropertyAccessExpression(callee)) {
        // `this.ready.catch(…)` or `this.ready.then(…).catch(…)`
        let receiver = skipOuter(callee.expression);
        while (
          ts.isCallExpression(receiver) &&
          ts.isPropertyAccessExpression(skipOuter(receiver.expression))
        ) {
          receiver = skipOuter((skipOuter(receiver.expression) as ts.PropertyAccessExpression).expression);
        }
        if (receiver.getText(sourceFile).replace(/\s+/g, '') === text) found = true;
      }
    }
    return undefined;
  });
  return found;
}

/** True when `body` assigns to the expression whose text is `text` (`this.ready = …`). */
function assignedIn(body: ts.Node, text: string): boolean {
  let found = false;
  forEachDescendant(body, (node) => {
    if (found) return 'skip';
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      node.left.getText().replace(/\s+/g, '') === text
    ) {
      found = true;
    }
    return undefined;
  });
  return found;
}

/** True for a function or method whose every `return` is `new Promise(executor)` with an executor that calls nothing. */
function isDeferredFactory(declaration: ts.Node): boolean {
  let fn: ts.Node = declaration;
  if ((ts.isVariableDeclaration(fn) || ts.isPropertyDeclaration(fn)) && fn.initializer !== undefined) {
    fn = skipOuter(fn.initializer);
  }
  if (!isFunctionLike(fn) || fn.body === undefined) return false;
  const returned: ts.Expression[] = [];
  if (ts.isBlock(fn.body)) {
    forEachInFunction(fn.body, (node) => {
      if (ts.isReturnStatement(node) && node.expression !== undefined) returned.push(node.expression);
      return undefined;
    });
  } else {
    returned.push(fn.body);
  }
  return (
    returned.length > 0 &&
    returned.every((expression) => {
      const inner = skipOuter(expression);
      if (
        !ts.isNewExpression(inner) ||
        !ts.isIdentifier(inner.expression) ||
        inner.expression.text !== 'Promise'
      ) {
        return false;
      }
      const executor = inner.arguments?.[0];
      return (
        executor !== undefined &&
        !(findDescendant(executor, (node) => ts.isCallExpression(node)) !== undefined)
      );
    })
  );
}

/**
 * Calls `visit` on the code that runs when `fn` is called: its own body and the executors of the `new Promise(…)`
 * it builds (they run synchronously), not other callbacks.
 */
function forEachRunNow(fn: FunctionLike, visit: (node: ts.Node) => 'skip' | undefined): void {
  if (fn.body === undefined) return;
  const walk = (root: ts.Node): void => {
    forEachInFunction(root, (node) => {
      if (visit(node) === 'skip') return 'skip';
      if (
        ts.isNewExpression(node) &&
        ts.isIdentifier(node.expression) &&
        node.expression.text === 'Promise'
      ) {
        const executor = node.arguments?.[0];
        const inner = executor === undefined ? undefined : skipOuter(executor);
        if (inner !== undefined && (ts.isArrowFunction(inner) || ts.isFunctionExpression(inner)))
          walk(inner.body);
      }
      return undefined;
    });
  };
  walk(fn.body);
}

/**
 * True when `root` (and the executors it runs) takes charge of the promise in `this.<field>` apart from the assignment
 * `assignment`: attaches a rejection handler (`.catch(h)`, `.then(f, h)`), awaits or returns it, or hands it to a call
 * (`resolve(this.ready)`, `track(this.ready)`), which then owns its rejection.
 */
function consumes(root: FunctionLike | ts.Block, field: string, assignment: ts.BinaryExpression): boolean {
  let found = false;
  const visit = (node: ts.Node): 'skip' | undefined => {
    if (found) return 'skip';
    if (
      node === assignment.left ||
      !ts.isPropertyAccessExpression(node) ||
      node.name.text !== field ||
      skipOuter(node.expression).kind !== ts.SyntaxKind.ThisKeyword
    ) {
      return undefined;
    }
    // Follow `.then(f)`/`.finally(f)` chains up: what is done with the chain is done with the field.
    let current: ts.Node = skipOuterUp(node);
    for (;;) {
      const parent = current.parent;
      if (ts.isPropertyAccessExpression(parent) && parent.expression === current) {
        const name = parent.name.text;
        const chained = parent.parent;
        if (!ts.isCallExpression(chained) || chained.expression !== parent) return undefined;
        if (name === 'catch' || (name === 'then' && chained.arguments.length >= 2)) {
          found = true;
          return 'skip';
        }
        if (name !== 'then' && name !== 'finally') return undefined;
        current = skipOuterUp(chained);
        continue;
      }
      if (
        ts.isAwaitExpression(parent) ||
        ts.isReturnStatement(parent) ||
        (ts.isCallExpression(parent) && parent.arguments.includes(current as ts.Expression)) ||
        (ts.isArrowFunction(parent) && parent.body === current)
      ) {
        found = true;
        return 'skip';
      }
      return undefined;
    }
  };
  if (ts.isBlock(root)) forEachInFunction(root, visit);
  else forEachRunNow(root, visit);
  return found;
}
