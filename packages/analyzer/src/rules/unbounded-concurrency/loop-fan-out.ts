/**
 * `unbounded-concurrency` without `Promise.all`: work started per element and not awaited before the next one starts.
 * `items.forEach(async (x) => …)`, `items.map(async …)` whose promises are dropped, a loop whose body starts
 * promise-returning work it does not await (`void send(x)`, `parse(x).then(…)`) or a Node callback API call
 * (`fs.readFile(x, cb)`), and a stream's `'data'` handler that starts work per chunk without pausing the stream.
 *
 * @module
 */
import ts from '../../typescript.cjs';
import { calleeName, calleeReceiver, rootOfChain, skipOuter } from '../../analysis/syntax/expressions.js';
import { initializedVariable, moduleOf } from '../../analysis/syntax/scope.js';
import { findDescendant, findInFunction, forEachInFunction } from '../../analysis/syntax/walk.js';
import { loopItems, type Fanout } from './fan-out.js';
import { symbolModule, type Limiters } from './limiters.js';

/** Node modules whose callback functions start I/O: `fs.readFile(path, cb)`, `child_process.exec(cmd, cb)`. */
const nodeIoModules = /^(node:)?(fs|child_process|http|https|http2|net|tls|dns|dgram|zlib|crypto)$/;

/** Node's modules that start I/O or processes, by the name they are loaded with. */
const nodeModules =
  /^(node:)?(fs|fs\/promises|child_process|http|https|http2|net|tls|dns|dgram|zlib|crypto)$/;

/** Packages whose calls start a child process. */
const processModules = new Set(['execa', 'cross-spawn', 'child-process-promise']);

/** Promise chain methods: the work is what the chain starts from. */
const chainMethods = new Set(['then', 'catch', 'finally']);

/**
 * `items.forEach(fn)` or `items.map(fn)` whose result nobody keeps: every call of `fn` runs at once when `fn` returns
 * a promise. Undefined for anything else.
 */
export function droppedIteration(call: ts.CallExpression): Fanout | undefined {
  const name = calleeName(call);
  const receiver = calleeReceiver(call);
  const callback = call.arguments[0];
  if (receiver === undefined || callback === undefined) return undefined;
  if (name === 'map' || name === 'flatMap') {
    let outer: ts.Node = call;
    while (ts.isParenthesizedExpression(outer.parent)) outer = outer.parent;
    const parent = outer.parent;
    const dropped =
      ts.isExpressionStatement(parent) ||
      (ts.isVoidExpression(parent) && ts.isExpressionStatement(skipUp(parent)));
    if (!dropped) return undefined;
  } else if (name !== 'forEach') {
    return undefined;
  }
  const fn = skipOuter(callback);
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn) && !ts.isIdentifier(fn)) return undefined;
  return { items: receiver, work: callback, mapCall: undefined, loop: undefined, report: reportedName(call) };
}

function skipUp(node: ts.Node): ts.Node {
  let current = node.parent;
  while (ts.isParenthesizedExpression(current)) current = current.parent;
  return current;
}

/**
 * The first statement of a loop's body that starts work it does not wait for: a promise-returning call whose result
 * is dropped (`send(x);`, `void send(x)`, `send(x).then(…)`), or a Node callback I/O call (`fs.readFile(x, cb)`).
 * Loops whose body awaits are paced by that await and are left alone.
 */
export function unawaitedInLoop(
  loop: ts.IterationStatement,
  checker: ts.TypeChecker,
): { readonly start: ts.CallExpression; readonly items: ts.Expression | undefined } | undefined {
  if (ts.isForOfStatement(loop) && loop.awaitModifier !== undefined) return undefined;
  const paced =
    findInFunction(loop.statement, (node) => ts.isAwaitExpression(node) || ts.isYieldExpression(node)) !==
      undefined ||
    (ts.isForStatement(loop) || ts.isWhileStatement(loop) || ts.isDoStatement(loop)
      ? loopConditionAwaits(loop)
      : false);
  if (paced) return undefined;
  let start: ts.CallExpression | undefined;
  const visit = (node: ts.Node): 'skip' | undefined => {
    if (start !== undefined) return 'skip';
    // an inner loop is its own site
    if (ts.isIterationStatement(node, false)) return 'skip';
    if (!ts.isExpressionStatement(node)) return undefined;
    let expression = skipOuter(node.expression);
    if (ts.isVoidExpression(expression)) expression = skipOuter(expression.expression);
    if (!ts.isCallExpression(expression)) return undefined;
    const root = chainStart(expression);
    if (startsUnawaitedWork(expression, root, checker)) start = root;
    return 'skip';
  };
  if (visit(loop.statement) === undefined) forEachInFunction(loop.statement, visit);
  if (start === undefined) return undefined;
  return { start, items: loopItems(loop) };
}

function loopConditionAwaits(loop: ts.ForStatement | ts.WhileStatement | ts.DoStatement): boolean {
  const condition = ts.isForStatement(loop) ? loop.condition : loop.expression;
  return condition !== undefined && findDescendant(condition, ts.isAwaitExpression) !== undefined;
}

/** `a(x).then(f).catch(g)` → `a(x)`. */
function chainStart(call: ts.CallExpression): ts.CallExpression {
  let current = call;
  for (;;) {
    const name = calleeName(current);
    const receiver = calleeReceiver(current);
    if (name === undefined || !chainMethods.has(name) || receiver === undefined) return current;
    const inner = skipOuter(receiver);
    if (!ts.isCallExpression(inner)) return current;
    current = inner;
  }
}

/** A dropped call that starts work running on: it returns a promise, or it is a Node callback I/O call. */
function startsUnawaitedWork(
  statement: ts.CallExpression,
  root: ts.CallExpression,
  checker: ts.TypeChecker,
): boolean {
  const receiver = calleeReceiver(root);
  if (
    receiver !== undefined &&
    ts.isIdentifier(skipOuter(receiver)) &&
    skipOuter(receiver).getText() === 'Promise'
  )
    return false;
  if (isNodeCallbackIo(root, checker)) return true;
  // `.catch(…)`-terminated chains still run unbounded; the statement's own type is the chain's
  const type = checker.getTypeAtLocation(statement);
  return isPromiseLike(type, checker);
}

function isPromiseLike(type: ts.Type, checker: ts.TypeChecker): boolean {
  const then = checker.getPropertyOfType(checker.getApparentType(type), 'then');
  if (then !== undefined) return true;
  return type.isUnion() && type.types.some((t) => checker.getPropertyOfType(t, 'then') !== undefined);
}

/**
 * `fs.readFile(path, (err, data) => …)`: a function of a Node I/O module given a callback as its last argument; and
 * `exec(command)`, `spawn(cmd, args)`: a child process started, which runs on whether or not a callback is given.
 */
export function isNodeCallbackIo(call: ts.CallExpression, checker: ts.TypeChecker): boolean {
  const module = nodeModuleOf(call, checker);
  if (module === undefined) return false;
  if (/^(node:)?child_process$/.test(module) && /^(exec|execFile|spawn|fork)$/.test(calleeName(call) ?? ''))
    return true;
  const last = call.arguments.at(-1);
  if (last === undefined) return false;
  const value = skipOuter(last);
  if (!ts.isArrowFunction(value) && !ts.isFunctionExpression(value) && !ts.isIdentifier(value)) return false;
  // a name passed last is a callback only when it can hold a function: `rmdirSync(folder)` passes a path
  if (ts.isIdentifier(value) && !mayBeFunction(checker.getTypeAtLocation(value))) return false;
  return nodeIoModules.test(module);
}

/** A value's type leaves room for a function: it has call signatures, or the checker cannot tell (`any`, untyped JS). */
function mayBeFunction(type: ts.Type): boolean {
  if ((type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0) return true;
  if (type.isUnion()) return type.types.some(mayBeFunction);
  return type.getCallSignatures().length > 0;
}

/**
 * Whether the work per element starts a child process (`exec`, `execFile`, `spawn`, `fork` of `child_process`, or
 * a process-spawning package such as `execa`): each one holds a process and its pipes until it exits, so starting
 * one per element of a list that is not a literal is the fan-out whatever the list's origin.
 */
export function spawnsProcess(work: ts.Node, checker: ts.TypeChecker): boolean {
  const spawns = (node: ts.Node): boolean => {
    if (!ts.isCallExpression(node)) return false;
    // `const run = promisify(execFile)`: what `run` calls
    const callee = promisified(skipOuter(node.expression)) ?? skipOuter(node.expression);
    const module = moduleOfCallee(callee, checker);
    const name = ts.isPropertyAccessExpression(callee)
      ? callee.name.text
      : ts.isIdentifier(callee)
        ? callee.text
        : '';
    if (module !== undefined && /^(node:)?child_process$/.test(module))
      return /^(exec|execFile|spawn|fork)$/.test(name);
    const root = rootOfChain(callee);
    const bound = ts.isIdentifier(root) ? moduleOf(root) : undefined;
    return bound !== undefined && processModules.has(bound);
  };
  return spawns(work) || findDescendant(work, spawns) !== undefined;
}

/** The Node module (`fs`, `child_process` …) that declares the function a call calls, through imports and `require`. */
export function nodeModuleOf(call: ts.CallExpression, checker: ts.TypeChecker): string | undefined {
  return moduleOfCallee(skipOuter(call.expression), checker);
}

/** The function `promisify(f)` wraps, for a name bound to such a call (`const stat = promisify(fs.stat)`). */
export function promisified(callee: ts.Expression): ts.Expression | undefined {
  if (!ts.isIdentifier(callee)) return undefined;
  const declaration = initializedVariable(callee);
  if (declaration === undefined) return undefined;
  const made = skipOuter(declaration.initializer);
  if (!ts.isCallExpression(made) || calleeName(made) !== 'promisify') return undefined;
  const wrapped = made.arguments[0];
  return wrapped === undefined ? undefined : skipOuter(wrapped);
}

function moduleOfCallee(callee: ts.Expression, checker: ts.TypeChecker): string | undefined {
  const at = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
  // `const exec = require('child_process').exec` in JavaScript the checker does not resolve: the binding's module
  const root = rootOfChain(callee);
  const bound = ts.isIdentifier(root) ? moduleOf(root) : undefined;
  if (bound !== undefined && nodeModules.test(bound)) return bound;
  let symbol = checker.getSymbolAtLocation(at);
  if (symbol === undefined) return undefined;
  if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  for (const declaration of symbol.declarations ?? []) {
    for (let current = declaration as ts.Node | undefined; current !== undefined; current = current.parent) {
      if (ts.isModuleDeclaration(current) && ts.isStringLiteral(current.name)) return current.name.text;
    }
  }
  return undefined;
}

/**
 * A callback that returns nothing to wait for but starts work that runs on (`(row) => { publish(row) }`,
 * `function (file) { exec(cmd) }`): a statement of its own body that drops a promise-returning call or starts Node
 * I/O or a child process.
 */
export function startsDroppedWork(work: ts.Node, checker: ts.TypeChecker, limiters: Limiters): boolean {
  const fn = ts.isExpression(work) ? skipOuter(work) : work;
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return false;
  const starts = (call: ts.CallExpression): boolean =>
    !limiters.isLimiterCall(chainStart(call)) && startsUnawaitedWork(call, chainStart(call), checker);
  if (!ts.isBlock(fn.body)) {
    const body = skipOuter(fn.body);
    return ts.isCallExpression(body) && isVoidReturning(fn, checker) && starts(body);
  }
  let found = false;
  forEachInFunction(fn.body, (node) => {
    if (found) return 'skip';
    if (!ts.isExpressionStatement(node)) return undefined;
    let expression = skipOuter(node.expression);
    if (ts.isVoidExpression(expression)) expression = skipOuter(expression.expression);
    if (ts.isCallExpression(expression) && starts(expression)) found = true;
    return 'skip';
  });
  return found;
}

/** `(x) => send(x)` handed where nothing waits for it: the callback's own type says it returns `void`. */
function isVoidReturning(fn: ts.ArrowFunction | ts.FunctionExpression, checker: ts.TypeChecker): boolean {
  const contextual = checker.getContextualType(fn);
  const signatures = contextual?.getCallSignatures() ?? [];
  return (
    signatures.length > 0 &&
    signatures.every(
      (signature) => (checker.getReturnTypeOfSignature(signature).flags & ts.TypeFlags.Void) !== 0,
    )
  );
}

/**
 * `stream.on('data', async (chunk) => { await save(chunk) })`: a handler that starts work per chunk of a readable
 * stream (a value with `pause`/`resume`) and never pauses it, so every chunk's work runs at once.
 */
export function unpausedDataHandler(call: ts.CallExpression, checker: ts.TypeChecker): Fanout | undefined {
  const name = calleeName(call);
  const receiver = calleeReceiver(call);
  const [event, handler] = call.arguments;
  if (name !== 'on' && name !== 'addListener') return undefined;
  if (receiver === undefined || event === undefined || handler === undefined) return undefined;
  if (!ts.isStringLiteralLike(event) || !/^(data|line)$/.test(event.text)) return undefined;
  const fn = skipOuter(handler);
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return undefined;
  const streamType = checker.getApparentType(checker.getTypeAtLocation(receiver));
  if (
    checker.getPropertyOfType(streamType, 'pause') === undefined ||
    checker.getPropertyOfType(streamType, 'resume') === undefined
  )
    return undefined;
  const pauses =
    findDescendant(fn.body, (node) => ts.isCallExpression(node) && calleeName(node) === 'pause') !==
    undefined;
  if (pauses) return undefined;
  return { items: undefined, work: handler, mapCall: undefined, loop: undefined, report: reportedName(call) };
}

/** The collection helpers of the `async` library that run the iterator for every element at once. */
const callbackLibraryFanouts =
  /^(each|eachOf|forEach|forEachOf|map|mapValues|filter|reject|concat|detect|some|every|groupBy|sortBy)$/;

/**
 * `async.each(items, iterator, done)` (the `async`/`neo-async` library, not its `…Limit`/`…Series` forms) and
 * Bluebird's `Promise.map(items, fn)` without `{ concurrency }`: the library starts the work for every element at once.
 */
export function libraryFanout(call: ts.CallExpression, checker: ts.TypeChecker): Fanout | undefined {
  const name = calleeName(call);
  const receiver = calleeReceiver(call);
  const [items, iterator, options] = call.arguments;
  if (name === undefined || receiver === undefined || items === undefined || iterator === undefined)
    return undefined;
  const holder = skipOuter(receiver);
  if (!ts.isIdentifier(holder)) return undefined;
  const symbol = checker.getSymbolAtLocation(holder);
  const library = symbol === undefined ? undefined : symbolModule(symbol);
  if ((library === 'async' || library === 'neo-async') && callbackLibraryFanouts.test(name)) {
    return { items, work: iterator, mapCall: undefined, loop: undefined, report: reportedName(call) };
  }
  if (library === 'bluebird' && (name === 'map' || name === 'filter') && !hasConcurrency(options)) {
    return { items, work: iterator, mapCall: undefined, loop: undefined, report: reportedName(call) };
  }
  return undefined;
}

function hasConcurrency(options: ts.Expression | undefined): boolean {
  if (options === undefined) return false;
  const value = skipOuter(options);
  return (
    !ts.isObjectLiteralExpression(value) ||
    value.properties.some(
      (p) => p.name !== undefined && ts.isIdentifier(p.name) && p.name.text === 'concurrency',
    )
  );
}

/**
 * An `async`-library iterator `(item, done) => …` that starts asynchronous work: it hands its `done` callback or a
 * function to another call (`fs.stat(item, done)`, `request(url, (err, res) => …)`), or returns a promise.
 */
export function startsCallbackWork(work: ts.Node, checker: ts.TypeChecker): boolean {
  const fn = ts.isExpression(work) ? skipOuter(work) : work;
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return false;
  const done = fn.parameters.at(-1);
  const doneName = done !== undefined && ts.isIdentifier(done.name) ? done.name.text : undefined;
  const startsWork = (node: ts.Node): boolean => {
    if (!ts.isCallExpression(node)) return false;
    const callee = skipOuter(node.expression);
    if (ts.isIdentifier(callee) && callee.text === doneName) return false;
    if (isNodeCallbackIo(node, checker)) return true;
    return node.arguments.some((argument) => {
      const value = skipOuter(argument);
      return (
        (ts.isIdentifier(value) && value.text === doneName) ||
        ((ts.isArrowFunction(value) || ts.isFunctionExpression(value)) && value.parameters.length > 0)
      );
    });
  };
  return startsWork(fn.body) || findDescendant(fn.body, startsWork) !== undefined;
}

/** The method name of `items.forEach(…)`, `stream.on(…)`: where such a finding points. */
function reportedName(call: ts.CallExpression): ts.Node {
  const callee = skipOuter(call.expression);
  return ts.isPropertyAccessExpression(callee) ? callee.name : callee;
}
