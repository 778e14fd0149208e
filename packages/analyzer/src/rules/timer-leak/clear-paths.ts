/**
 * Whether the code that clears a timer runs on every path: after a statement on the normal path, and when a point
 * throws (the `await` of the work). Internal to the `timer-leak` rule.
 *
 * @module
 */
import ts from '../../typescript.cjs';
import { isFunctionLike } from '../../analysis/syntax/functions.js';
import { isWithin } from '../../analysis/syntax/walk.js';

/** True when one of `sites` is inside `root` (or is `root`). */
function holdsSite(root: ts.Node | undefined, sites: readonly ts.Node[]): boolean {
  return root !== undefined && sites.some((site) => site === root || isWithin(site, root));
}

/** True when a block's last statement leaves it (`throw`, `return`), so flow never goes past its `try`. */
function alwaysLeaves(block: ts.Block): boolean {
  const last = block.statements.at(-1);
  return last !== undefined && (ts.isThrowStatement(last) || ts.isReturnStatement(last));
}

/**
 * True when a clear site runs after `node` finishes normally: in a statement that follows it in an enclosing block
 * of its function, or in the `finally` of an enclosing `try`.
 */
export function clearedAfter(node: ts.Node, sites: readonly ts.Node[]): boolean {
  let child: ts.Node = node;
  // A returned or thrown node leaves the function: only a `finally` runs after it.
  let leaves = false;
  for (
    let current: ts.Node | undefined = node.parent;
    current !== undefined;
    current = current.parent as ts.Node | undefined
  ) {
    if (isFunctionLike(current)) return false;
    if (ts.isReturnStatement(current) || ts.isThrowStatement(current)) leaves = true;
    if (
      !leaves &&
      (ts.isBlock(current) ||
        ts.isSourceFile(current) ||
        ts.isCaseClause(current) ||
        ts.isDefaultClause(current))
    ) {
      const index = current.statements.indexOf(child as ts.Statement);
      if (current.statements.slice(index + 1).some((statement) => holdsSite(statement, sites))) return true;
    }
    if (
      ts.isTryStatement(current) &&
      child !== current.finallyBlock &&
      holdsSite(current.finallyBlock, sites)
    ) {
      return true;
    }
    child = current;
  }
  return false;
}

/**
 * True when every way `point` can throw, inside its function, reaches a clear site: a `finally` that clears, a `catch` that
 * clears, or a `catch` that swallows the error and lets the code after its `try` clear.
 */
export function clearedWhenThrowing(point: ts.Node, sites: readonly ts.Node[]): boolean {
  let node: ts.Node = point;
  for (;;) {
    let tryStatement: ts.TryStatement | undefined;
    let inTryBlock = false;
    for (
      let current: ts.Node | undefined = node.parent;
      current !== undefined;
      current = current.parent as ts.Node | undefined
    ) {
      if (isFunctionLike(current)) break;
      if (
        ts.isTryStatement(current) &&
        (isWithin(node, current.tryBlock) || isWithin(node, current.catchClause ?? current.tryBlock))
      ) {
        tryStatement = current;
        inTryBlock = isWithin(node, current.tryBlock);
        break;
      }
    }
    if (tryStatement === undefined) return false;
    if (holdsSite(tryStatement.finallyBlock, sites)) return true;
    const handler = tryStatement.catchClause;
    if (inTryBlock && handler !== undefined) {
      if (holdsSite(handler.block, sites)) return true;
      if (!alwaysLeaves(handler.block)) return clearedAfter(tryStatement, sites);
    }
    node = tryStatement;
  }
}
