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
import {
  findDescendant,
  forEachDescendant,
  forEachInFunction,
  isWithin,
} from '../../analysis/syntax/walk.js';
import {
  enclosingFunction,
  isAsyncFunction,
  isFunctionLike,
  programFunction,
} from '../../analysis/syntax/functions.js';
import { nodeModuleOf, promisified } from './loop-fan-out.js';
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
    if (signature === undefined) return false;
    const returned = checker.getReturnTypeOfSignature(signature);
    // untyped JavaScript: `(c) => Prompts.send(c.id)` returns `any`; the calls inside say whether it is a promise
    if (!isThenableType(checker, returned) && (returned.flags & ts.TypeFlags.Any) === 0) return false;
    return callsDoIo(fn.body, checker, limiters, !ts.isBlock(fn.body));
  }
  if (ts.isCallExpression(fn) || ts.isNewExpression(fn)) {
    // a pushed promise: `promises.push(fetchUser(id))`
    return (
      (isThenableType(checker, checker.getTypeAtLocation(fn)) || isUntypedPromise(fn, checker)) &&
      callsDoIo(fn, checker, limiters, true)
    );
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
    const declaration = symbol === undefined ? undefined : programFunction(symbol, checker);
    if (declaration?.body !== undefined) {
      const self = (node: ts.Node): boolean =>
        ts.isCallExpression(node) &&
        ts.isIdentifier(skipOuter(node.expression)) &&
        checker.getSymbolAtLocation(skipOuter(node.expression)) === symbol;
      return callsDoIo(declaration.body, checker, limiters, !ts.isBlock(declaration.body), self);
    }
    return true;
  }
  return false;
}

/**
 * A call whose type the checker does not know (`any`, JavaScript without types) that still makes a promise: a
 * `.then`/`.catch`/`.finally` chain, or a call of a program function that is `async` or returns such a call.
 */
function isUntypedPromise(node: ts.Node, checker: ts.TypeChecker, depth = 0): boolean {
  if (!ts.isCallExpression(node) || depth > 3) return false;
  if ((checker.getTypeAtLocation(node).flags & ts.TypeFlags.Any) === 0) return false;
  const name = calleeName(node);
  if (name !== undefined && chainMethods.has(name) && calleeReceiver(node) !== undefined) return true;
  const callee = skipOuter(node.expression);
  const symbol = checker.getSymbolAtLocation(ts.isPropertyAccessExpression(callee) ? callee.name : callee);
  const fn = symbol === undefined ? undefined : programFunction(symbol, checker);
  if (fn?.body === undefined) return false;
  if (isAsyncFunction(fn)) return true;
  const returns = ts.isBlock(fn.body) ? returnedExpressions(fn.body) : [fn.body];
  return returns.some((value) => isUntypedPromise(skipOuter(value), checker, depth + 1));
}

const chainMethods = new Set(['then', 'catch', 'finally']);

/** The expressions a function body returns (not those of nested functions). */
export function returnedExpressions(body: ts.Block): ts.Expression[] {
  const found: ts.Expression[] = [];
  forEachInFunction(body, (node) => {
    if (ts.isReturnStatement(node) && node.expression !== undefined) found.push(node.expression);
    return undefined;
  });
  return found;
}

/** How many calls deep the body of a program function is read to tell whether it reaches I/O. */
const programDepth = 3;

/**
 * At least one promise-returning call that is neither teardown nor a `Promise.resolve`-style wrapper nor an
 * in-process dispatch to event handlers, and no call to a limiter. A call of a function of the program counts by its
 * body ({@link programDepth} calls deep; deeper counts as I/O): `entity.publishEvents(emitter)` whose only promise is
 * `emitter.emitAsync(…)` hands the element to handlers in this process and holds no socket or descriptor of its own.
 */
function callsDoIo(
  root: ts.Node,
  checker: ts.TypeChecker,
  limiters: Limiters,
  includeRoot = false,
  ignored: (node: ts.Node) => boolean = () => false,
  reading: Set<ts.Node> = new Set(),
): boolean {
  const isLimiter = (node: ts.Node): boolean => ts.isCallExpression(node) && limiters.isLimiterCall(node);
  const isIo = (node: ts.Node): boolean => {
    if (!ts.isCallExpression(node) || ignored(node)) return false;
    const name = calleeName(node);
    if (name === undefined || teardownCalls.has(name)) return false;
    const receiver = calleeReceiver(node);
    if (receiver !== undefined && ts.isIdentifier(receiver) && receiver.text === 'Promise') return false;
    if (!isThenableType(checker, checker.getTypeAtLocation(node)) && !isUntypedPromise(node, checker))
      return false;
    if (isEventDispatch(node, checker)) return false;
    const body = programBody(node, checker);
    if (body === undefined) return true;
    // a call of a function already being read adds nothing new; deeper than the bound counts as I/O
    if (reading.has(body)) return false;
    if (reading.size >= programDepth) return true;
    reading.add(body);
    const io =
      callsDoIo(body, checker, limiters, !ts.isBlock(body), ignored, reading) ||
      awaitsUntypedCall(body, checker);
    reading.delete(body);
    return io;
  };
  const find = (test: (node: ts.Node) => boolean): boolean =>
    (includeRoot && test(root)) || findDescendant(root, test) !== undefined;
  return !find(isLimiter) && (find(isIo) || (reading.size > 0 && find(isHandMadePromise)));
}

/** Calls whose promise only waits for time to pass: a delay holds no socket or descriptor. */
const timerCalls = new Set(['setTimeout', 'setImmediate', 'queueMicrotask', 'nextTick']);

/**
 * `new Promise((resolve, reject) => …)` whose executor calls something other than a timer: a function of the program
 * that makes its own promise wraps a callback or event API (a socket's reply, a transport's `sent` event), which is
 * what the promise waits for, so it counts as I/O like a library's promise would.
 */
function isHandMadePromise(node: ts.Node): boolean {
  if (!ts.isNewExpression(node) || !ts.isIdentifier(node.expression) || node.expression.text !== 'Promise') {
    return false;
  }
  const executor = node.arguments?.[0];
  if (executor === undefined) return false;
  return (
    findDescendant(executor, (inner) => {
      if (!ts.isCallExpression(inner)) return false;
      const callee = skipOuter(inner.expression);
      // the executor's own resolve/reject
      if (
        ts.isIdentifier(callee) &&
        ts.isFunctionLike(executor) &&
        executor.parameters.some((p) => p.name.getText() === callee.text)
      ) {
        return false;
      }
      return !timerCalls.has(calleeName(inner) ?? '');
    }) !== undefined
  );
}

/**
 * `await R.getCol(sql)` where the library is untyped (`any`): in JavaScript without types an awaited call of code the
 * program does not contain is I/O. So is such a call returned by a function whose own signature says it returns a
 * promise (`schedule(): Promise<Job> { return queue().add(job); }` where the queue's type did not resolve): the call is
 * where that promise comes from.
 */
function awaitsUntypedCall(body: ts.Node, checker: ts.TypeChecker): boolean {
  const untypedLibraryCall = (expression: ts.Expression): boolean => {
    const operand = skipOuter(expression);
    return (
      ts.isCallExpression(operand) &&
      (checker.getTypeAtLocation(operand).flags & ts.TypeFlags.Any) !== 0 &&
      programBody(operand, checker) === undefined
    );
  };
  if (findDescendant(body, (node) => ts.isAwaitExpression(node) && untypedLibraryCall(node.expression))) {
    return true;
  }
  const fn = ts.isFunctionLike(body.parent) ? body.parent : undefined;
  const signature = fn === undefined ? undefined : checker.getSignatureFromDeclaration(fn);
  if (signature === undefined || !isThenableType(checker, checker.getReturnTypeOfSignature(signature)))
    return false;
  const returned = ts.isBlock(body) ? returnedExpressions(body) : ts.isExpression(body) ? [body] : [];
  return returned.some(untypedLibraryCall);
}

/** The body of the function of the program a call runs, when the checker can name it. */
function programBody(call: ts.CallExpression, checker: ts.TypeChecker): ts.ConciseBody | undefined {
  const callee = skipOuter(call.expression);
  const symbol = checker.getSymbolAtLocation(ts.isPropertyAccessExpression(callee) ? callee.name : callee);
  return symbol === undefined ? undefined : programFunction(symbol, checker)?.body;
}

/**
 * `emitter.emitAsync(name, event)`: a call of an `emit…` method on a value whose type also has an `on` method (an
 * event emitter: Node's, EventEmitter2, a typed-emitter wrapper). It runs the handlers registered in this process; what
 * they do is theirs to bound.
 */
function isEventDispatch(call: ts.CallExpression, checker: ts.TypeChecker): boolean {
  const name = calleeName(call) ?? '';
  const receiver = calleeReceiver(call);
  if (!name.startsWith('emit') || receiver === undefined) return false;
  const type = checker.getTypeAtLocation(receiver);
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return false;
  const on = checker.getPropertyOfType(checker.getApparentType(type), 'on');
  return on !== undefined && checker.getTypeOfSymbol(on).getCallSignatures().length > 0;
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

/** `fs` operations that hold no file descriptor once they return: they queue in libuv's thread pool. */
const metadataOperations =
  /^(stat|lstat|access|exists|readdir|unlink|rm|rmdir|mkdir|rename|chmod|chown|utimes|realpath|readlink|symlink|link|copyFile|cp|truncate)$/;

/**
 * A Node `fs` call that holds no descriptor while it waits (`stat`, `readdir`, `unlink`, `mkdir` …), in any spelling:
 * `fs.promises`/`fs/promises`, `promisify(fs.stat)`, or the callback form (`fs.stat(entry, (error, stats) => …)`).
 */
export function isFsMetadataCall(call: ts.CallExpression, checker: ts.TypeChecker): boolean {
  const promisifiedName = promisifiedFs(call, checker);
  if (promisifiedName !== undefined) return metadataOperations.test(promisifiedName);
  const module = nodeModuleOf(call, checker);
  return (
    module !== undefined &&
    /^(node:)?fs(\/promises)?$/.test(module) &&
    metadataOperations.test(calleeName(call) ?? '')
  );
}

/**
 * Work whose every I/O is a Node `fs` metadata operation (`stat`, `readdir`, `unlink`, `mkdir` …), directly, through
 * the program's functions, or by recursing into the function the fan-out is in: such calls queue in libuv's thread
 * pool (four at a time by default) and hold no descriptor, so a large input only grows memory.
 */
export function isThreadPoolMetadataWork(work: ts.Node, checker: ts.TypeChecker): boolean {
  const outer = enclosingFunction(work);
  const seen = new Set<ts.Node>(outer === undefined ? [] : [outer]);
  const found = { metadata: 0, recurses: false };
  const onlyMetadata = (root: ts.Node, depth: number): boolean => {
    let ok = true;
    const visit = (node: ts.Node): void => {
      if (!ok || !ts.isCallExpression(node)) return;
      const type = checker.getTypeAtLocation(node);
      if (!isThenableType(checker, type) && (type.flags & ts.TypeFlags.Any) === 0) return;
      const name = calleeName(node) ?? '';
      const receiver = calleeReceiver(node);
      if (receiver !== undefined && ts.isIdentifier(receiver) && receiver.text === 'Promise') return;
      if (/^(then|catch|finally)$/.test(name)) return;
      if (isFsMetadataCall(node, checker)) {
        found.metadata++;
        return;
      }
      // any other call of a Node module (`readFile`, `http.get`), also through `promisify`
      if (promisifiedFs(node, checker) !== undefined || nodeModuleOf(node, checker) !== undefined) {
        ok = false;
        return;
      }
      const callee = skipOuter(node.expression);
      const symbol = checker.getSymbolAtLocation(
        ts.isPropertyAccessExpression(callee) ? callee.name : callee,
      );
      const fn = symbol === undefined ? undefined : programFunction(symbol, checker);
      if (fn === outer && fn !== undefined) {
        found.recurses = true;
        return;
      }
      if (fn?.body === undefined || depth >= 2) {
        ok = false;
        return;
      }
      if (seen.has(fn)) return;
      seen.add(fn);
      if (!onlyMetadata(fn.body, depth + 1)) ok = false;
    };
    visit(root);
    forEachDescendant(root, (node) => {
      visit(node);
      return ok ? undefined : 'skip';
    });
    return ok;
  };
  if (!onlyMetadata(work, 0)) return false;
  // a walk: what the function the fan-out is in does besides
  if (found.recurses && outer?.body !== undefined) {
    const rest = forEachSibling(outer.body, work);
    if (!rest.every((node) => onlyMetadata(node, 1))) return false;
  }
  return found.metadata > 0;
}

/** `stat(file)` where `const stat = promisify(fs.stat)`: the name of the `fs` function a call runs. */
function promisifiedFs(call: ts.CallExpression, checker: ts.TypeChecker): string | undefined {
  const wrapped = promisified(skipOuter(call.expression));
  if (wrapped === undefined || !(ts.isPropertyAccessExpression(wrapped) || ts.isIdentifier(wrapped)))
    return undefined;
  let target = checker.getSymbolAtLocation(ts.isPropertyAccessExpression(wrapped) ? wrapped.name : wrapped);
  if (target !== undefined && target.flags & ts.SymbolFlags.Alias) target = checker.getAliasedSymbol(target);
  const inFs = (target?.declarations ?? []).some((d) => {
    for (let current = d.parent as ts.Node | undefined; current !== undefined; current = current.parent) {
      if (ts.isModuleDeclaration(current) && ts.isStringLiteral(current.name))
        return /^(node:)?fs(\/promises)?$/.test(current.name.text);
    }
    return false;
  });
  return inFs ? target?.name : undefined;
}

/** The statements of a function's body that do not contain `work`, and those that do with `work` itself left out. */
function forEachSibling(body: ts.Node, work: ts.Node): ts.Node[] {
  if (!ts.isBlock(body)) return [];
  return body.statements.filter((statement) => !isWithin(work, statement));
}

/**
 * A pool of workers: `Promise.all(Array.from({ length: n }, worker))` where each worker loops, awaiting one task at a
 * time: the number in flight is `n`, chosen by the code, not the size of the input.
 */
export function isWorkerPool(items: ts.Expression, work: ts.Node, checker: ts.TypeChecker): boolean {
  const range = skipOuter(items);
  const sized =
    (ts.isObjectLiteralExpression(range) &&
      range.properties.some(
        (p) => p.name !== undefined && ts.isIdentifier(p.name) && p.name.text === 'length',
      )) ||
    ((ts.isCallExpression(range) || ts.isNewExpression(range)) &&
      ts.isIdentifier(range.expression) &&
      range.expression.text === 'Array' &&
      (range.arguments?.length ?? 0) === 1);
  return sized && isWorker(work, checker);
}

/**
 * `for (let n = 0; n < Math.min(concurrency, items.length); n++) workers.push(worker())` then
 * `Promise.all(workers)`: a counted loop (not over a collection, not up to a collection's `length` alone) that starts
 * a worker per turn, each looping over the shared queue one task at a time: as many in flight as turns the code chose.
 */
export function isWorkerLoop(loop: ts.IterationStatement, work: ts.Node, checker: ts.TypeChecker): boolean {
  if (!ts.isForStatement(loop) || loop.condition === undefined) return false;
  const condition = skipOuter(loop.condition);
  if (!ts.isBinaryExpression(condition)) return false;
  const bound = skipOuter(condition.right);
  const wholeLength =
    ts.isPropertyAccessExpression(bound) && (bound.name.text === 'length' || bound.name.text === 'size');
  return !wholeLength && isWorker(work, checker);
}

/** Work that is a worker: a function (or a call of one of the program) whose body loops, awaiting inside the loop. */
function isWorker(work: ts.Node, checker: ts.TypeChecker): boolean {
  let fn: ts.Node = ts.isExpression(work) ? skipOuter(work) : work;
  // workers.push(worker()): the function called
  if (ts.isCallExpression(fn) && fn.arguments.length === 0) fn = skipOuter(fn.expression);
  if (ts.isIdentifier(fn)) {
    // Array.from({ length: n }, worker)
    const symbol = checker.getSymbolAtLocation(fn);
    const declared = symbol === undefined ? undefined : programFunction(symbol, checker);
    if (declared === undefined) return false;
    fn = declared;
  }
  const body = isFunctionLike(fn) ? fn.body : fn;
  if (body === undefined) return false;
  return (
    findDescendant(
      body,
      (node) =>
        ts.isIterationStatement(node, false) &&
        findDescendant(node, (inner) => ts.isAwaitExpression(inner)) !== undefined,
    ) !== undefined
  );
}
