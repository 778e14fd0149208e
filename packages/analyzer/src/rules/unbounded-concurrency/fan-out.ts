/**
 * `unbounded-concurrency`: finding the fan-out. A combinator (`Promise.all` …) given `items.map(fn)`, `Array.from(items, fn)`,
 * or an array of promises pushed in a loop, directly or through a `const`.
 *
 * @module
 */
import ts from '../../typescript.cjs';
import { calleeName, calleeReceiver, skipOuter } from '../../analysis/syntax/expressions.js';
import { enclosingFunction, enclosingScope, isFunctionLike } from '../../analysis/syntax/functions.js';
import {
  findDescendant,
  forEachDescendant,
  forEachInFunction,
  isWithin,
} from '../../analysis/syntax/walk.js';
import { programFunction } from '../../analysis/syntax/functions.js';

/** A fan-out found: the promises started at once, what they are made from, and the call or loop that makes them. */
export interface Fanout {
  /** The collection mapped over, when there is one. */
  readonly items: ts.Expression | undefined;
  /** The function producing each promise (callback or pushed expression). */
  readonly work: ts.Node;
  /** The `items.map(callback)` expression, when the rule can offer a rewrite. */
  readonly mapCall: ts.CallExpression | undefined;
  /** A loop that pushes the promises (or starts them without waiting). */
  readonly loop: ts.IterationStatement | undefined;
  /** Where a fan-out without a combinator is reported (`forEach`, the call a loop starts, the `on` of a handler). */
  readonly report?: ts.Node;
  /** `items` is what a callback walks (`bundle` in `bundle.traverse((node) => pending.push(…))`), not a collection. */
  readonly walked?: boolean;
}

/**
 * What the combinator's argument fans out over: `items.map(fn)`, `Array.from(items, fn)`, the same through a `const`
 * or any assignment of a `let` (`uploads = files.map(upload)` in one branch), inside `a.concat(b)` or `[...a, ...b]`,
 * or an empty array filled with `push` in a loop or in a callback run per element (`bundle.traverse((node) =>
 * pending.push(read(node)))`).
 */
export function findFanout(argument: ts.Expression, depth = 0, checker?: ts.TypeChecker): Fanout | undefined {
  if (depth > 3) return undefined;
  const expression = skipOuter(argument);
  const direct = fanoutOfExpression(expression);
  // promises.map((p) => p.catch(log)): the promises were started where `promises` was made
  if (direct?.items !== undefined && chainsOnElement(direct.work)) {
    const started = findFanout(direct.items, depth + 1, checker);
    if (started !== undefined) return { ...started, mapCall: undefined };
  }
  if (direct !== undefined) return direct;
  // Promise.all(startUploads(files)) where startUploads returns files.map(upload): the promises its body makes
  if (checker !== undefined && ts.isCallExpression(expression)) {
    const returned = returnedFanout(expression, checker, depth);
    if (returned !== undefined) return returned;
  }
  for (const part of joinedParts(expression)) {
    const found = findFanout(part, depth + 1, checker);
    if (found !== undefined) return { ...found, mapCall: undefined };
  }
  if (!ts.isIdentifier(expression)) return undefined;
  const declaration = localDeclaration(expression, checker);
  if (declaration === undefined) return undefined;
  for (const value of assignedValues(expression.text, declaration)) {
    const initializer = skipOuter(value);
    const viaVariable =
      fanoutOfExpression(initializer) ??
      (checker !== undefined && ts.isCallExpression(initializer)
        ? returnedFanout(initializer, checker, depth)
        : undefined);
    if (viaVariable !== undefined) return { ...viaVariable, mapCall: undefined };
    if (ts.isArrayLiteralExpression(initializer) && initializer.elements.length === 0) {
      const pushed = pushedPerElement(expression.text, enclosingScope(declaration));
      if (pushed !== undefined) return pushed;
    }
  }
  return undefined;
}

/** The arrays `a.concat(b, c)` and `[...a, ...b]` join. */
function joinedParts(expression: ts.Expression): ts.Expression[] {
  if (ts.isCallExpression(expression) && calleeName(expression) === 'concat') {
    const receiver = calleeReceiver(expression);
    return receiver === undefined ? [] : [receiver, ...expression.arguments];
  }
  if (ts.isArrayLiteralExpression(expression))
    return expression.elements.filter(ts.isSpreadElement).map((element) => element.expression);
  return [];
}

/** The values a variable is given: its initializer, then every `name = value` in its scope. */
function assignedValues(name: string, declaration: ts.VariableDeclaration): ts.Expression[] {
  const values: ts.Expression[] = declaration.initializer === undefined ? [] : [declaration.initializer];
  if ((ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const) !== 0) return values;
  forEachDescendant(enclosingScope(declaration), (node) => {
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isIdentifier(skipOuter(node.left)) &&
      (skipOuter(node.left) as ts.Identifier).text === name
    )
      values.push(node.right);
    return undefined;
  });
  return values;
}

function fanoutOfExpression(expression: ts.Expression): Fanout | undefined {
  if (!ts.isCallExpression(expression)) return undefined;
  const name = calleeName(expression);
  const receiver = calleeReceiver(expression);
  if (name === 'map' && receiver !== undefined && expression.arguments.length >= 1) {
    const callback = expression.arguments[0];
    if (callback === undefined) return undefined;
    return { items: receiver, work: callback, mapCall: expression, loop: undefined };
  }
  if (
    name === 'from' &&
    receiver !== undefined &&
    ts.isIdentifier(receiver) &&
    receiver.text === 'Array' &&
    expression.arguments.length === 2
  ) {
    const [items, callback] = expression.arguments;
    if (items === undefined || callback === undefined) return undefined;
    return { items, work: callback, mapCall: undefined, loop: undefined };
  }
  return undefined;
}

/**
 * The `const`/`let` declaration a name refers to: the checker's symbol when there is a checker (a parameter or an
 * import is no local declaration, even when another function declares a variable of the same name), else found by
 * text in the enclosing functions.
 */
export function localDeclaration(
  name: ts.Identifier,
  checker?: ts.TypeChecker,
): ts.VariableDeclaration | undefined {
  if (checker !== undefined) {
    const declaration = checker.getSymbolAtLocation(name)?.valueDeclaration;
    return declaration !== undefined && ts.isVariableDeclaration(declaration) ? declaration : undefined;
  }
  let found: ts.VariableDeclaration | undefined;
  let scope: ts.Node = enclosingScope(name);
  for (;;) {
    forEachDescendant(scope, (node) => {
      if (found !== undefined) return 'skip';
      if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === name.text)
        found = node;
      return undefined;
    });
    if (found !== undefined || ts.isSourceFile(scope)) return found;
    scope = enclosingScope(scope);
  }
}

/**
 * `promises.push(work(x))` or `promises[i] = work(x)` inside a loop of `scope`, or inside a callback that a call runs per element
 * (`items.forEach((x) => promises.push(work(x)))`, `bundle.traverse({ exit: (asset) => promises.push(read(asset)) })`).
 */
function pushedPerElement(name: string, scope: ts.Node): Fanout | undefined {
  let fanout: Fanout | undefined;
  forEachDescendant(scope, (node) => {
    if (fanout !== undefined) return 'skip';
    // puts[part] = fetch(url): a promise stored by index, one per pass of the loop
    const stored = storedByIndex(node, name);
    if (stored !== undefined) {
      const loop = enclosingLoop(node, scope);
      if (loop !== undefined && !emptiedIn(loop, name))
        fanout = { items: loopItems(loop), work: stored, mapCall: undefined, loop };
      return undefined;
    }
    if (!ts.isCallExpression(node) || calleeName(node) !== 'push') return undefined;
    const receiver = calleeReceiver(node);
    const pushed = node.arguments[0];
    if (
      receiver === undefined ||
      !ts.isIdentifier(receiver) ||
      receiver.text !== name ||
      pushed === undefined
    )
      return undefined;
    // promises.push(...items.map(upload)): every promise of the map at once
    if (ts.isSpreadElement(pushed)) {
      const spread = fanoutOfExpression(skipOuter(pushed.expression));
      if (spread !== undefined) fanout = { ...spread, mapCall: undefined };
      return undefined;
    }
    const loop = enclosingLoop(node, scope);
    // a window: the loop awaits what it gathered and empties the array (`if (puts.length === 8) { … puts = []; }`)
    if (loop !== undefined && emptiedIn(loop, name)) return undefined;
    if (loop !== undefined) {
      fanout = { items: loopItems(loop), work: pushed, mapCall: undefined, loop };
      return undefined;
    }
    const visitor = enclosingVisitorCall(node, scope);
    if (visitor !== undefined)
      fanout = { items: visitor, work: pushed, mapCall: undefined, loop: undefined, walked: true };
    return undefined;
  });
  return fanout;
}

/** Whether the loop empties the array `name` as it goes: `name = []`, `name.length = 0`, `name.splice(0)`. */
function emptiedIn(loop: ts.IterationStatement, name: string): boolean {
  let found = false;
  forEachDescendant(loop.statement, (node) => {
    if (found) return 'skip';
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const left = skipOuter(node.left);
      const right = skipOuter(node.right);
      if (ts.isIdentifier(left) && left.text === name && ts.isArrayLiteralExpression(right)) found = true;
      if (
        ts.isPropertyAccessExpression(left) &&
        left.name.text === 'length' &&
        ts.isIdentifier(skipOuter(left.expression)) &&
        (skipOuter(left.expression) as ts.Identifier).text === name
      )
        found = true;
    }
    if (ts.isCallExpression(node) && calleeName(node) === 'splice') {
      const receiver = calleeReceiver(node);
      if (receiver !== undefined && ts.isIdentifier(receiver) && receiver.text === name) found = true;
    }
    return undefined;
  });
  return found;
}

/** `name[index] = value`: the value stored, when `node` is such an assignment. */
function storedByIndex(node: ts.Node, name: string): ts.Expression | undefined {
  if (!ts.isBinaryExpression(node) || node.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return undefined;
  const target = skipOuter(node.left);
  if (!ts.isElementAccessExpression(target)) return undefined;
  const array = skipOuter(target.expression);
  return ts.isIdentifier(array) && array.text === name ? node.right : undefined;
}

/**
 * For a node inside a callback handed to a method call (`items.forEach(fn)`, `bundle.traverse({ exit: fn })`) below
 * `scope`: the call's receiver, what the callback runs over.
 */
export function enclosingVisitorCall(node: ts.Node, scope: ts.Node): ts.Expression | undefined {
  const fn = enclosingFunction(node);
  if (fn === undefined || fn === scope || !isWithin(fn, scope)) return undefined;
  let holder: ts.Node = fn;
  while (ts.isParenthesizedExpression(holder.parent)) holder = holder.parent;
  // { exit: fn }, { exit(asset) {…} } handed to the call
  if (ts.isPropertyAssignment(holder.parent) || ts.isMethodDeclaration(holder)) {
    const object = ts.isMethodDeclaration(holder) ? holder.parent : holder.parent.parent;
    if (!ts.isObjectLiteralExpression(object)) return undefined;
    holder = object;
  }
  const call = holder.parent;
  if (!ts.isCallExpression(call) || !call.arguments.includes(holder as ts.Expression)) return undefined;
  return calleeReceiver(call);
}

/**
 * The collection a loop runs over: `for (const x of items)`, `for (const k in obj)`,
 * `for (let i = 0; i < items.length; i++)`, `while (queue.length > 0) { queue.shift() … }`.
 */
export function loopItems(loop: ts.IterationStatement): ts.Expression | undefined {
  if (ts.isForOfStatement(loop) || ts.isForInStatement(loop)) return loop.expression;
  const condition = ts.isForStatement(loop)
    ? loop.condition
    : ts.isWhileStatement(loop) || ts.isDoStatement(loop)
      ? loop.expression
      : undefined;
  if (condition === undefined) return undefined;
  const length = findDescendant(
    condition,
    (node) => ts.isPropertyAccessExpression(node) && node.name.text === 'length',
  ) as ts.PropertyAccessExpression | undefined;
  return length?.expression;
}

export function enclosingLoop(node: ts.Node, scope: ts.Node): ts.IterationStatement | undefined {
  for (let current = node.parent as ts.Node | undefined; current !== undefined; current = current.parent) {
    if (current === scope || isFunctionLike(current)) return undefined;
    if (ts.isIterationStatement(current, false)) return current;
  }
  return undefined;
}

/** The call a function expression is handed to as an argument (`readdir(dir, (err, names) => …)`), if it is. */
export function callTakingCallback(fn: ts.Node): ts.CallExpression | undefined {
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return undefined;
  let outer: ts.Node = fn;
  while (ts.isParenthesizedExpression(outer.parent)) outer = outer.parent;
  const call = outer.parent;
  return ts.isCallExpression(call) && call.arguments.includes(outer as ts.Expression) ? call : undefined;
}

/** The fan-out a program function returns (`return files.map((f) => upload(f))`), for a call of it. */
function returnedFanout(call: ts.CallExpression, checker: ts.TypeChecker, depth: number): Fanout | undefined {
  const callee = skipOuter(call.expression);
  const symbol = checker.getSymbolAtLocation(ts.isPropertyAccessExpression(callee) ? callee.name : callee);
  const fn = symbol === undefined ? undefined : programFunction(symbol, checker);
  if (fn?.body === undefined) return undefined;
  if (!ts.isBlock(fn.body)) {
    const found = findFanout(fn.body, depth + 1, checker);
    return found === undefined ? undefined : { ...found, mapCall: undefined };
  }
  let found: Fanout | undefined;
  forEachInFunction(fn.body, (node) => {
    if (found !== undefined) return 'skip';
    if (ts.isReturnStatement(node) && node.expression !== undefined) {
      const inner = findFanout(node.expression, depth + 1, checker);
      if (inner !== undefined) found = { ...inner, mapCall: undefined };
    }
    return undefined;
  });
  return found;
}

/** The combinators that start everything they are given at once. */
const startsAll = /^(all|allSettled|any|race)$/;

/** What a helper of the program starts at once: the promises of a parameter, or a parameter's elements with another. */
type HelperShape =
  { readonly promises: number } | { readonly items: number; readonly worker: number } | undefined;

const helperShapes = new WeakMap<ts.Node, HelperShape>();

/**
 * A call of the program's own fan-out helper, as the fan-out it starts with what the call hands it: a function that
 * passes its parameter to a combinator (`settleAll(promises)` running `Promise.allSettled(promises)`), so
 * `settleAll(repos.map(open))` is `Promise.allSettled(repos.map(open))`; or one that maps a parameter with a function
 * it was handed (`each(items, fn)` running `Promise.all(items.map((item) => fn(item)))`), so `each(rows, send)` sends
 * every row at once. The helper itself is judged by its own work, which is the caller's.
 */
export function helperFanout(call: ts.CallExpression, checker: ts.TypeChecker): Fanout | undefined {
  const callee = skipOuter(call.expression);
  if (!ts.isIdentifier(callee) && !ts.isPropertyAccessExpression(callee)) return undefined;
  const symbol = checker.getSymbolAtLocation(ts.isPropertyAccessExpression(callee) ? callee.name : callee);
  const helper = symbol === undefined ? undefined : programFunction(symbol, checker);
  if (helper?.body === undefined || isWithin(call, helper)) return undefined;
  if (!helperShapes.has(helper)) helperShapes.set(helper, shapeOf(helper, checker));
  const shape = helperShapes.get(helper);
  if (shape === undefined) return undefined;
  if ('promises' in shape) {
    const given = call.arguments[shape.promises];
    const inner = given === undefined ? undefined : findFanout(given, 0, checker);
    return inner === undefined ? undefined : { ...inner, report: call.expression };
  }
  const items = call.arguments[shape.items];
  const work = call.arguments[shape.worker];
  return items === undefined || work === undefined
    ? undefined
    : { items, work, mapCall: undefined, loop: undefined, report: call.expression };
}

function shapeOf(helper: ts.FunctionLikeDeclaration, checker: ts.TypeChecker): HelperShape {
  const body = helper.body;
  if (body === undefined) return undefined;
  const parameterIndex = (expression: ts.Node | undefined): number => {
    const node = expression === undefined || !ts.isExpression(expression) ? undefined : skipOuter(expression);
    if (node === undefined || !ts.isIdentifier(node)) return -1;
    const declaration = checker.getSymbolAtLocation(node)?.valueDeclaration;
    return declaration !== undefined && ts.isParameter(declaration) && declaration.parent === helper
      ? helper.parameters.indexOf(declaration)
      : -1;
  };
  let shape: HelperShape;
  forEachDescendant(body, (node) => {
    if (shape !== undefined) return 'skip';
    if (!ts.isCallExpression(node) || !startsAll.test(calleeName(node) ?? '')) return undefined;
    const receiver = calleeReceiver(node);
    if (receiver === undefined || !ts.isIdentifier(skipOuter(receiver))) return undefined;
    if ((skipOuter(receiver) as ts.Identifier).text !== 'Promise') return undefined;
    const argument = node.arguments[0];
    const promises = parameterIndex(argument);
    if (promises >= 0) {
      shape = { promises };
      return undefined;
    }
    const fanout = argument === undefined ? undefined : findFanout(argument, 0, checker);
    if (fanout?.items === undefined) return undefined;
    const items = parameterIndex(fanout.items);
    const work = ts.isExpression(fanout.work) ? skipOuter(fanout.work) : fanout.work;
    let worker = parameterIndex(work);
    const inside = ts.isArrowFunction(work) || ts.isFunctionExpression(work) ? work.body : work;
    if (worker < 0 && ts.isCallExpression(inside)) worker = parameterIndex(inside.expression);
    forEachDescendant(inside, (inner) => {
      if (worker >= 0) return 'skip';
      if (ts.isCallExpression(inner)) worker = parameterIndex(inner.expression);
      return undefined;
    });
    if (items >= 0 && worker >= 0) shape = { items, worker };
    return undefined;
  });
  return shape;
}

/** `(promise) => promise.then(check)`: a callback that only chains on the element it is given. */
function chainsOnElement(work: ts.Node): boolean {
  const fn = ts.isExpression(work) ? skipOuter(work) : work;
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return false;
  const element = fn.parameters[0]?.name;
  if (element === undefined || !ts.isIdentifier(element)) return false;
  let body: ts.Node | undefined = fn.body;
  if (ts.isBlock(body)) {
    const [only] = body.statements;
    body =
      body.statements.length === 1 && only !== undefined && ts.isReturnStatement(only)
        ? only.expression
        : undefined;
  }
  let inner = body === undefined || !ts.isExpression(body) ? undefined : skipOuter(body);
  let chained = false;
  while (
    inner !== undefined &&
    ts.isCallExpression(inner) &&
    /^(then|catch|finally)$/.test(calleeName(inner) ?? '')
  ) {
    chained = true;
    const receiver = calleeReceiver(inner);
    inner = receiver === undefined ? undefined : skipOuter(receiver);
  }
  return chained && inner !== undefined && ts.isIdentifier(inner) && inner.text === element.text;
}

const calledInProgram = new WeakMap<ts.Node, boolean>();

/**
 * Whether a fan-out belongs to a helper of the program whose items and work are both handed in (`each(items, fn)`)
 * and that the program calls: then each call is judged with what it hands over ({@link helperFanout}), not the
 * helper's body, whose work is only `fn`. A helper nobody in the program calls (a module's public function) is
 * judged by its body, as before.
 */
export function isJudgedAtCallSites(work: ts.Node, checker: ts.TypeChecker, program: ts.Program): boolean {
  const helper = enclosingFunction(work);
  if (helper === undefined || !isFunctionLike(helper)) return false;
  if (!helperShapes.has(helper)) helperShapes.set(helper, shapeOf(helper, checker));
  if (helperShapes.get(helper) === undefined) return false;
  const known = calledInProgram.get(helper);
  if (known !== undefined) return known;
  const called = isCalledInProgram(helper, checker, program);
  calledInProgram.set(helper, called);
  return called;
}

function isCalledInProgram(
  helper: ts.FunctionLikeDeclaration,
  checker: ts.TypeChecker,
  program: ts.Program,
): boolean {
  const holder = helper.parent;
  const name =
    helper.name !== undefined && ts.isIdentifier(helper.name)
      ? helper.name
      : (ts.isVariableDeclaration(holder) || ts.isPropertyAssignment(holder)) && ts.isIdentifier(holder.name)
        ? holder.name
        : undefined;
  if (name === undefined) return false;
  const target = checker.getSymbolAtLocation(name);
  if (target === undefined) return false;
  for (const file of program.getSourceFiles()) {
    if (file.isDeclarationFile || /[\\/]node_modules[\\/]/.test(file.fileName)) continue;
    if (!file.text.includes(`${name.text}(`)) continue;
    const state = { found: false };
    forEachDescendant(file, (node) => {
      if (state.found) return 'skip';
      if (!ts.isCallExpression(node) || isWithin(node, helper)) return undefined;
      const callee = skipOuter(node.expression);
      const at = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
      if (!ts.isIdentifier(at) || at.text !== name.text) return undefined;
      let symbol = checker.getSymbolAtLocation(at);
      if (symbol !== undefined && (symbol.flags & ts.SymbolFlags.Alias) !== 0)
        symbol = checker.getAliasedSymbol(symbol);
      state.found =
        symbol === target || (symbol !== undefined && programFunction(symbol, checker) === helper);
      return undefined;
    });
    if (state.found) return true;
  }
  return false;
}
