/**
 * `unbounded-concurrency`: a fan-out that recurses. The work started per element comes back, directly or through the
 * program's own functions, to the function that holds the fan-out, so every element fans out again at its own level:
 * what is in flight at once is the size of the whole tree (folders of a dropped folder, files under a directory, links
 * of a crawl), whatever the size of one level.
 *
 * @module
 */
import ts from '../../typescript.cjs';
import { calleeName, skipOuter, skipOuterUp } from '../../analysis/syntax/expressions.js';
import { enclosingFunction, isFunctionLike, programFunction } from '../../analysis/syntax/functions.js';
import { forEachDescendant } from '../../analysis/syntax/walk.js';
import { doesIo, isFsMetadataCall } from './io.js';
import type { Limiters } from './limiters.js';
import { isNodeCallbackIo } from './loop-fan-out.js';

/** How many calls of the program's functions are followed from the work back to the function that holds it. */
const reentryDepth = 3;

/**
 * Whether the work started per element (a callback, or the call pushed per element) calls the function that holds
 * the fan-out and I/O happens on the way round: directly (`page.links.map((link) => crawl(link))` where `crawl` fetches
 * the page), through a method of another instance of the same class (`children.map((child) => child.upload())` where
 * `upload` creates the folder, then calls `this.uploadChildren()`), or through a callback it hands on
 * (`names.forEach((name) => include(name, done))` where `include` stats the entry and its callback calls `walk`), at
 * most {@link reentryDepth} calls of the program's functions deep. The I/O must be in the function that fans out or
 * in one the work goes through, outside the work itself: a walk over a tree already in memory that does I/O for one
 * matching node (`n.id === id ? await present(n) : walk(n.children)`) holds one operation, not one per node.
 */
export function reentersWithIo(work: ts.Node, checker: ts.TypeChecker, limiters: Limiters): boolean {
  const start = ts.isExpression(work) ? skipOuter(work) : work;
  const holder = namedHolder(start, checker);
  if (holder === undefined) return false;
  const target = holder.symbol;
  const ownClass = enclosingClass(holder.fn);
  const seen = new Set<ts.Node>([holder.fn]);
  /** The functions of the program between the work and the holder, when the work reaches the holder. */
  const reaches = (body: ts.Node, depth: number): ts.Node[] | undefined => {
    let path: ts.Node[] | undefined;
    const visit = (node: ts.Node): 'skip' | undefined => {
      if (path !== undefined) return 'skip';
      // `tasks.push(() => clear(child))`: a task kept for later, not started here; whoever runs the tasks paces them
      if (node !== body && isStoredTask(node)) return 'skip';
      // a function reference handed on (`names.forEach(walk)`, `readdir(dir, walk)`) is a call of it later
      const reference = ts.isCallExpression(node)
        ? skipOuter(node.expression)
        : (ts.isIdentifier(node) || ts.isPropertyAccessExpression(node)) &&
            ts.isCallExpression(node.parent) &&
            node.parent.arguments.some((argument) => argument === node)
          ? node
          : undefined;
      if (reference === undefined) return undefined;
      const symbol = calledSymbol(reference, checker, ownClass);
      if (symbol === undefined) return undefined;
      if (symbol === target) {
        path = [];
        return 'skip';
      }
      if (depth >= reentryDepth) return undefined;
      const fn = programFunction(symbol, checker);
      if (fn?.body === undefined || seen.has(fn)) return undefined;
      seen.add(fn);
      const rest = reaches(fn.body, depth + 1);
      if (rest !== undefined) path = [fn, ...rest];
      return undefined;
    };
    // the work itself may be the reference (`page.children.map(publish)`)
    if (visit(body) === undefined) forEachDescendant(body, visit);
    return path;
  };
  const path = reaches(start, 0);
  if (path === undefined) return false;
  return [holder.fn, ...path].some((fn) => startsIoOutside(fn, start, checker, limiters));
}

/** A function expression pushed onto an array (`tasks.push(() => load(x))`): a thunk stored, not a call made. */
function isStoredTask(node: ts.Node): boolean {
  if (!ts.isArrowFunction(node) && !ts.isFunctionExpression(node)) return false;
  const parent = skipOuterUp(node).parent;
  return (
    ts.isCallExpression(parent) &&
    /^(push|unshift)$/.test(calleeName(parent) ?? '') &&
    parent.arguments.some((argument) => skipOuter(argument) === node)
  );
}

/**
 * Whether a function's body starts I/O other than inside `work` (a promise-returning call, a Node callback API), not
 * counting `fs` calls that hold no descriptor (`stat`, `readdir`): a walk that only lists and stats on the way round
 * fans out no further than the work it hands each entry.
 */
function startsIoOutside(fn: ts.Node, work: ts.Node, checker: ts.TypeChecker, limiters: Limiters): boolean {
  const body = isFunctionLike(fn) ? fn.body : undefined;
  if (body === undefined) return false;
  let found = false;
  forEachDescendant(body, (node) => {
    if (found || node === work) return 'skip';
    if (!ts.isCallExpression(node)) return undefined;
    // the fan-out itself (`Promise.all(list.map(work))`) holds the work: only a callback API around it counts
    // (`readdir(dir, (err, names) => names.forEach(work))`)
    const holdsWork = node.pos <= work.pos && work.end <= node.end;
    // `stat`/`readdir` on the way round hold no descriptor: they queue in libuv's thread pool, only memory grows
    if (isFsMetadataCall(node, checker)) return undefined;
    if (isNodeCallbackIo(node, checker) || (!holdsWork && doesIo(node, checker, limiters))) found = true;
    return undefined;
  });
  return found;
}

/**
 * The function a fan-out is in, seen from where it is called: the nearest enclosing function that has a name to be
 * called by, passing over the anonymous callbacks between (`readdir(dir, (err, names) => names.forEach(…))` is in
 * `walk`, not in the `readdir` callback).
 */
function namedHolder(
  node: ts.Node,
  checker: ts.TypeChecker,
): { readonly fn: ts.Node; readonly symbol: ts.Symbol } | undefined {
  for (let fn = enclosingFunction(node); fn !== undefined; fn = enclosingFunction(fn)) {
    const symbol = symbolOfFunction(fn, checker);
    if (symbol !== undefined) return { fn, symbol };
    if (!isHandedOn(fn)) return undefined;
  }
  return undefined;
}

/** An anonymous function handed to a call or a `new` as an argument (a callback, a promise's executor). */
function isHandedOn(fn: ts.Node): boolean {
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return false;
  let outer: ts.Node = fn;
  while (ts.isParenthesizedExpression(outer.parent)) outer = outer.parent;
  const parent = outer.parent;
  return (
    (ts.isCallExpression(parent) || ts.isNewExpression(parent)) &&
    (parent.arguments ?? []).some((argument) => argument === outer)
  );
}

function enclosingClass(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let current = node.parent as ts.Node | undefined; current !== undefined; current = current.parent)
    if (ts.isClassLike(current)) return current;
  return undefined;
}

/**
 * The symbol a reference calls: the name of `f`, of `obj.f`, of `this.f`, aliases resolved. Where the receiver has no
 * type (JavaScript, `Object.values(this.children)` of an untyped store), a method the class holding the fan-out
 * declares under that name: the elements are more instances of the class, the nodes of its tree.
 */
function calledSymbol(
  reference: ts.Expression,
  checker: ts.TypeChecker,
  ownClass: ts.ClassLikeDeclaration | undefined,
): ts.Symbol | undefined {
  const at = ts.isPropertyAccessExpression(reference) ? reference.name : reference;
  if (!ts.isIdentifier(at) && !ts.isPrivateIdentifier(at)) return undefined;
  const symbol = checker.getSymbolAtLocation(at);
  if (symbol !== undefined)
    return symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  if (ownClass === undefined || !ts.isPropertyAccessExpression(reference)) return undefined;
  const receiverType = checker.getTypeAtLocation(reference.expression);
  if ((receiverType.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) === 0) return undefined;
  const member = ownClass.members.find(
    (candidate) =>
      candidate.name !== undefined &&
      (ts.isIdentifier(candidate.name) || ts.isPrivateIdentifier(candidate.name)) &&
      candidate.name.text === at.text,
  );
  return member?.name === undefined ? undefined : checker.getSymbolAtLocation(member.name);
}

/**
 * The symbol a function is called by: its own name (a declaration or method), or the variable, property or class
 * field holding it (`const walk = async (dir) => …`, `uploadChildren = async () => …`).
 */
function symbolOfFunction(fn: ts.Node, checker: ts.TypeChecker): ts.Symbol | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) && fn.name !== undefined)
    return checker.getSymbolAtLocation(fn.name);
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return undefined;
  if (ts.isFunctionExpression(fn) && fn.name !== undefined) {
    // `function walk(dir) {…}` handed somewhere by its own name
    const own = checker.getSymbolAtLocation(fn.name);
    if (own !== undefined) return own;
  }
  let holder: ts.Node = fn;
  while (ts.isParenthesizedExpression(holder.parent)) holder = holder.parent;
  const parent = holder.parent;
  if (
    (ts.isVariableDeclaration(parent) ||
      ts.isPropertyAssignment(parent) ||
      ts.isPropertyDeclaration(parent)) &&
    (ts.isIdentifier(parent.name) || ts.isPrivateIdentifier(parent.name))
  )
    return checker.getSymbolAtLocation(parent.name);
  return undefined;
}
