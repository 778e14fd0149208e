/**
 * `unbounded-concurrency`: finding the fan-out. A combinator (`Promise.all` …) given `items.map(fn)`, `Array.from(items, fn)`,
 * or an array of promises pushed in a loop, directly or through a `const`.
 *
 * @module
 */
import ts from '../../typescript.cjs';
import { calleeName, calleeReceiver, skipOuter } from '../../analysis/syntax/expressions.js';
import { enclosingScope, isFunctionLike } from '../../analysis/syntax/functions.js';
import { forEachDescendant } from '../../analysis/syntax/walk.js';

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
}

/** What the combinator's argument fans out over, following one `const` indirection. */
export function findFanout(argument: ts.Expression): Fanout | undefined {
  const expression = skipOuter(argument);
  const direct = fanoutOfExpression(expression);
  if (direct !== undefined) return direct;
  if (!ts.isIdentifier(expression)) return undefined;
  const declaration = localDeclaration(expression);
  if (declaration?.initializer === undefined) return undefined;
  const initializer = skipOuter(declaration.initializer);
  const viaConst = fanoutOfExpression(initializer);
  if (viaConst !== undefined) {
    return { ...viaConst, mapCall: undefined };
  }
  if (ts.isArrayLiteralExpression(initializer) && initializer.elements.length === 0) {
    return pushedInLoop(expression.text, enclosingScope(declaration));
  }
  return undefined;
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

/** The `const`/`let` declaration of a name in the enclosing functions, found by text. */
export function localDeclaration(name: ts.Identifier): ts.VariableDeclaration | undefined {
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

/** `promises.push(work(x))` inside a loop of `scope`. */
function pushedInLoop(name: string, scope: ts.Node): Fanout | undefined {
  let fanout: Fanout | undefined;
  forEachDescendant(scope, (node) => {
    if (fanout !== undefined) return 'skip';
    if (!ts.isCallExpression(node) || calleeName(node) !== 'push') return undefined;
    const receiver = calleeReceiver(node);
    const pushed = node.arguments[0];
    if (
      receiver === undefined ||
      !ts.isIdentifier(receiver) ||
      receiver.text !== name ||
      pushed === undefined
    ) {
      return undefined;
    }
    const loop = enclosingLoop(node, scope);
    if (loop === undefined) return undefined;
    const items = ts.isForOfStatement(loop) || ts.isForInStatement(loop) ? loop.expression : undefined;
    fanout = { items, work: pushed, mapCall: undefined, loop };
    return undefined;
  });
  return fanout;
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
