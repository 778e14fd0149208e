/**
 * `unbounded-concurrency`: does the work per item do I/O (and is it not already bounded, local or a teardown), and the
 * rewrite to `map(items, fn, { concurrency: 8 })` from `@awaitwise/core`.
 *
 * @module
 */
import ts from '../../typescript.cjs';
import { importEdit } from '../../analysis/edits.js';
import { isThenableType } from '../../analysis/types/promise-types.js';
import { calleeName, calleeReceiver, skipOuter } from '../../analysis/syntax/expressions.js';
import { findDescendant, forEachDescendant } from '../../analysis/syntax/walk.js';
import type { Suggestion } from '../../rule.js';
import type { Fanout } from './fan-out.js';
import type { Limiters } from './limiters.js';

/** Calls that end or release a resource: closing every server of a pool at once is what you want. */
const teardownCalls = new Set([
  'close',
  'destroy',
  'end',
  'stop',
  'disconnect',
  'dispose',
  'shutdown',
  'cleanup',
  'terminate',
  'abort',
  'kill',
  'release',
  'unref',
  'quit',
  'unsubscribe',
  'removeListener',
  'off',
  'drain',
  'flush',
]);

/** Whether the work makes a promise through a call (I/O), is not teardown and is not already throttled. */
export function doesIo(work: ts.Node, checker: ts.TypeChecker, limiters: Limiters): boolean {
  const fn = ts.isExpression(work) ? skipOuter(work) : work;
  if (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) {
    const signature = checker.getSignatureFromDeclaration(fn);
    if (signature === undefined || !isThenableType(checker, checker.getReturnTypeOfSignature(signature)))
      return false;
    return callsDoIo(fn.body, checker, limiters, !ts.isBlock(fn.body));
  }
  if (ts.isCallExpression(fn) || ts.isNewExpression(fn)) {
    // a pushed promise: `promises.push(fetchUser(id))`
    return isThenableType(checker, checker.getTypeAtLocation(fn)) && callsDoIo(fn, checker, limiters, true);
  }
  if (ts.isIdentifier(fn) || ts.isPropertyAccessExpression(fn)) {
    // items.map(fetchUser): a function reference returning a promise
    const name = ts.isIdentifier(fn) ? fn.text : fn.name.text;
    if (teardownCalls.has(name)) return false;
    const signatures = checker.getTypeAtLocation(fn).getCallSignatures();
    const thenable = signatures.some((signature) =>
      isThenableType(checker, checker.getReturnTypeOfSignature(signature)),
    );
    if (!thenable) return false;
    // a function of the program: I/O when its body makes a promise other than by calling itself
    const symbol = checker.getSymbolAtLocation(ts.isIdentifier(fn) ? fn : fn.name);
    const declaration = symbol?.valueDeclaration;
    if (
      declaration !== undefined &&
      ts.isFunctionDeclaration(declaration) &&
      declaration.body !== undefined &&
      !declaration.getSourceFile().isDeclarationFile
    ) {
      const self = (node: ts.Node): boolean =>
        ts.isCallExpression(node) &&
        ts.isIdentifier(skipOuter(node.expression)) &&
        checker.getSymbolAtLocation(skipOuter(node.expression)) === symbol;
      return callsDoIo(declaration.body, checker, limiters, false, self);
    }
    return true;
  }
  return false;
}

/**
 * At least one promise-returning call that is neither teardown nor a `Promise.resolve`-style wrapper, and no call to
 * a limiter.
 */
function callsDoIo(
  root: ts.Node,
  checker: ts.TypeChecker,
  limiters: Limiters,
  includeRoot = false,
  ignored: (node: ts.Node) => boolean = () => false,
): boolean {
  const isLimiter = (node: ts.Node): boolean => ts.isCallExpression(node) && limiters.isLimiterCall(node);
  const isIo = (node: ts.Node): boolean => {
    if (!ts.isCallExpression(node) || ignored(node)) return false;
    const name = calleeName(node);
    if (name === undefined || teardownCalls.has(name)) return false;
    const receiver = calleeReceiver(node);
    if (receiver !== undefined && ts.isIdentifier(receiver) && receiver.text === 'Promise') return false;
    return isThenableType(checker, checker.getTypeAtLocation(node));
  };
  const find = (test: (node: ts.Node) => boolean): boolean =>
    (includeRoot && test(root)) || findDescendant(root, test) !== undefined;
  return !find(isLimiter) && find(isIo);
}

/** `Promise.all(items.map(fn))` → `map(items, fn, { concurrency: 8 })`, when the callback ignores the array argument. */
export function rewrite(
  sourceFile: ts.SourceFile,
  call: ts.CallExpression,
  fanout: Fanout,
  helper: string,
): Suggestion | undefined {
  const mapCall = fanout.mapCall;
  if (mapCall === undefined || fanout.items === undefined || mapCall.arguments.length !== 1) return undefined;
  if (skipOuter(call.arguments[0] as ts.Expression) !== mapCall || call.arguments.length !== 1) {
    return undefined;
  }
  const callback = skipOuter(fanout.work as ts.Expression);
  if (!ts.isArrowFunction(callback) || callback.parameters.length > 2) return undefined;
  const imports = importEdit(sourceFile, helper, '@awaitwise/core');
  if (imports === undefined) return undefined;
  const items = fanout.items.getText(sourceFile);
  const fn = callback.getText(sourceFile);
  return {
    description: `Use \`${helper}(items, fn, { concurrency: 8 })\` from @awaitwise/core`,
    edits: [
      ...imports,
      {
        start: call.getStart(sourceFile),
        end: call.getEnd(),
        text: `${helper}(${items}, ${fn}, { concurrency: 8 })`,
      },
    ],
  };
}

/**
 * Work whose every call is local or one cache connection's: presigning a URL (computed locally), deleting cache keys
 * (`cache.del`, `CacheHelper.removeData`: commands pipelined over one connection).
 */
export function isLocalOrCacheWork(work: ts.Node, checker: ts.TypeChecker): boolean {
  const calls: ts.CallExpression[] = [];
  if (ts.isCallExpression(work)) calls.push(work);
  forEachDescendant(work, (node) => {
    if (ts.isCallExpression(node)) calls.push(node);
    return undefined;
  });
  const local = (call: ts.CallExpression): boolean => {
    const name = calleeName(call) ?? '';
    if (/^(getSignedUrl|presign|presignedUrl|createPresignedPost|signUrl)/i.test(name)) return true;
    const receiver = calleeReceiver(call);
    const owner = receiver === undefined ? '' : receiver.getText();
    return (
      /^(del|delete|remove|removeData|invalidate|unlink|expire|evict)$/i.test(name) &&
      /cache|redis/i.test(owner)
    );
  };
  if (!calls.some(local)) return false;
  // every awaited call and every promise-returning call is local: nothing else does I/O
  const awaitsOther =
    findDescendant(work, (node) => {
      if (!ts.isAwaitExpression(node)) return false;
      const operand = skipOuter(node.expression);
      return !ts.isCallExpression(operand) || !local(operand);
    }) !== undefined;
  return (
    !awaitsOther &&
    calls.every(
      (call) =>
        local(call) ||
        calleeName(call) === 'catch' ||
        !isThenableType(checker, checker.getTypeAtLocation(call)),
    )
  );
}
