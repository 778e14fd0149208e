/**
 * Walking the syntax tree. Every walker takes a visitor that returns `'skip'` to not go into a node's children
 * (anything else goes on). "In function" walkers stay in `root`'s own function: nested functions and classes are
 * neither visited nor entered (their code runs later, or never). Internal to the analyzer.
 *
 * @module
 */
import ts from '../../typescript.cjs';
import { isFunctionLike } from './functions.js';

/** What a visitor returns: `'skip'` to not go into the node's children (a visitor that never skips returns nothing). */
// eslint-disable-next-line @typescript-eslint/no-invalid-void-type -- lets `(node) => { … }` with no return be a visitor
export type VisitResult = 'skip' | undefined | void;

/** True for the nodes whose code does not run as part of the function around them. */
function startsOwnCode(node: ts.Node): boolean {
  return isFunctionLike(node) || ts.isClassLike(node);
}

/**
 * Calls `visit` on every descendant of `root` (not `root` itself) in source order, nested functions included.
 *
 * @example
 * ```ts
 * forEachDescendant(loop.statement, (node) => { if (ts.isIdentifier(node)) names.add(node.text); });
 * ```
 */
export function forEachDescendant(root: ts.Node, visit: (node: ts.Node) => VisitResult): void {
  const walk = (node: ts.Node): void => {
    if (visit(node) === 'skip') return;
    ts.forEachChild(node, walk);
  };
  ts.forEachChild(root, walk);
}

/**
 * Calls `visit` on every descendant of `root` that runs as part of `root`'s own function, in source order.
 *
 * @example
 * ```ts
 * forEachInFunction(body, (node) => { if (ts.isAwaitExpression(node)) awaits.push(node); });
 * ```
 */
export function forEachInFunction(root: ts.Node, visit: (node: ts.Node) => VisitResult): void {
  const walk = (node: ts.Node): void => {
    if (startsOwnCode(node) || visit(node) === 'skip') return;
    ts.forEachChild(node, walk);
  };
  ts.forEachChild(root, walk);
}

/**
 * The first descendant of `root` (nested functions included) that satisfies `test`, in source order.
 *
 * @example
 * ```ts
 * const write = findDescendant(loop.statement, (node) => ts.isBinaryExpression(node));
 * ```
 */
export function findDescendant(root: ts.Node, test: (node: ts.Node) => boolean): ts.Node | undefined {
  const walk = (node: ts.Node): ts.Node | undefined => (test(node) ? node : ts.forEachChild(node, walk));
  return ts.forEachChild(root, walk);
}

/**
 * The first descendant of `root` in `root`'s own function that satisfies `test`, in source order.
 *
 * @example
 * ```ts
 * const rethrow = findInFunction(clause.block, ts.isThrowStatement);
 * ```
 */
export function findInFunction(root: ts.Node, test: (node: ts.Node) => boolean): ts.Node | undefined {
  const walk = (node: ts.Node): ts.Node | undefined => {
    if (startsOwnCode(node)) return undefined;
    return test(node) ? node : ts.forEachChild(node, walk);
  };
  return ts.forEachChild(root, walk);
}

/**
 * Whether `inner` lies within `outer` (or is `outer`).
 *
 * @example
 * ```ts
 * if (isWithin(awaitExpression, tryStatement.tryBlock)) …
 * ```
 */
export function isWithin(inner: ts.Node, outer: ts.Node): boolean {
  for (let current: ts.Node = inner; ; current = current.parent) {
    if (current === outer) return true;
    if (ts.isSourceFile(current)) return false;
  }
}
