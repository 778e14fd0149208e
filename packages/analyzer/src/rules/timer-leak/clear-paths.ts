/**
 * Whether the code that clears a timer runs on every path: after a statement on the normal path, and when a point
 * throws (the `await` of the work). Internal to the `timer-leak` rule.
 *
 * @module
 */
import ts from '../../typescript.cjs';
import { calleeName, skipOuter, skipOuterUp } from '../../analysis/syntax/expressions.js';
import { enclosingFunction, isFunctionLike } from '../../analysis/syntax/functions.js';
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

/** The promise-chain link a function is a handler of, and which outcome runs it. */
interface ChainLink {
  readonly call: ts.CallExpression;
  readonly runsOn: 'fulfilment' | 'rejection' | 'both';
}

/** The link whose handler `fn` is: `.then(fn)` runs on fulfilment, `.catch(fn)`/`.then(_, fn)` on rejection. */
function chainLinkOf(fn: ts.Node): ChainLink | undefined {
  const outer = skipOuterUp(fn);
  const call = outer.parent;
  if (!ts.isCallExpression(call)) return undefined;
  const name = calleeName(call);
  if (name === 'then') {
    if (call.arguments[0] === outer) return { call, runsOn: 'fulfilment' };
    if (call.arguments[1] === outer) return { call, runsOn: 'rejection' };
  }
  if (name === 'catch' && call.arguments[0] === outer) return { call, runsOn: 'rejection' };
  if (name === 'finally' && call.arguments[0] === outer) return { call, runsOn: 'both' };
  return undefined;
}

/** The promise-chain link a `.then`/`.catch`/`.finally` call is chained on, when that is one too. */
export function chainedOn(call: ts.CallExpression): ts.CallExpression | undefined {
  const callee = skipOuter(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const receiver = skipOuter(callee.expression);
  if (!ts.isCallExpression(receiver)) return undefined;
  const name = calleeName(receiver);
  return name === 'then' || name === 'catch' || name === 'finally' ? receiver : undefined;
}

/**
 * The `.then(onFulfilled)` link (one handler, none for rejection) that `node` runs in, when every promise handler
 * around it up to `scope` runs only on fulfilment: a clear there is skipped when the chain rejects
 * (`work.then((value) => { clearTimeout(t); return value; })`). Undefined when `node` runs on another path too.
 */
export function fulfilmentOnlyLink(node: ts.Node, scope: ts.Node): ts.CallExpression | undefined {
  let found: ts.CallExpression | undefined;
  for (let fn = enclosingFunction(node); fn !== undefined && fn !== scope; fn = enclosingFunction(fn)) {
    const link = chainLinkOf(fn);
    if (link === undefined) continue;
    if (link.runsOn !== 'fulfilment' || link.call.arguments.length > 1) return undefined;
    found ??= link.call;
  }
  return found;
}

/**
 * True when `node` runs in a handler of a link earlier on the chain than a handler `later` runs in
 * (`work.then(resolve).catch(() => { setTimeout(…) })`): a chain runs its links in order, so once the later handler
 * has run, the earlier one has already run or never will; the other handler of the same `.then(f, g)` never runs
 * with it. Only the links the later one is chained on count, not
 * promises merely built there (`Promise.all([p.then(f), q]).catch(g)` may run `f` after `g`).
 */
export function earlierInChain(node: ts.Node, later: ts.Node, scope: ts.Node): boolean {
  for (let fn = enclosingFunction(later); fn !== undefined && fn !== scope; fn = enclosingFunction(fn)) {
    const link = chainLinkOf(fn);
    if (link === undefined) continue;
    const holds = (call: ts.CallExpression, except?: ts.Node): boolean =>
      call.arguments.some((argument) => {
        const handler = skipOuter(argument);
        if (handler === except) return false;
        return handler === node || (isFunctionLike(handler) && isWithin(node, handler));
      });
    // The other handler of the same `.then(f, g)`: one outcome runs one of them.
    if (holds(link.call, fn)) return true;
    for (let spine = chainedOn(link.call); spine !== undefined; spine = chainedOn(spine)) {
      if (holds(spine)) return true;
    }
  }
  return false;
}
