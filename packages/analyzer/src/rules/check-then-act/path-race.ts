/**
 * `check-then-act`, fourth detector: a path checked on the file system (`stat`, `access`, `exists`, or a helper given
 * the path), an `await`, then `mkdir` of the same path: two concurrent calls both find the folder missing and the
 * second `mkdir` fails with `EEXIST`. `mkdir(path, { recursive: true })`, a `.catch` on the `mkdir` or a `try` around
 * it handle the loser and are left alone.
 *
 * @module
 */
import ts from '../../typescript.cjs';
import { calleeName, normalizedText, skipOuter, skipOuterUp } from '../../analysis/syntax/expressions.js';
import type { FunctionLike } from '../../analysis/syntax/functions.js';
import { forEachInFunction, isWithin } from '../../analysis/syntax/walk.js';
import { isGuardedBy, resultNames } from './key-race.js';

/** A `mkdir` decided by an earlier awaited check of the same path. */
export interface PathRace {
  readonly check: ts.CallExpression;
  readonly create: ts.CallExpression;
  readonly path: string;
}

const creates = new Set(['mkdir', 'mkdirSync']);

export function pathRaces(fn: FunctionLike, sourceFile: ts.SourceFile): PathRace[] {
  const body = fn.body;
  if (body === undefined) return [];
  const checks: { call: ts.CallExpression; awaited: ts.AwaitExpression; paths: Set<string> }[] = [];
  const races: PathRace[] = [];
  forEachInFunction(body, (node) => {
    if (ts.isAwaitExpression(node)) {
      const call = settledCall(skipOuter(node.expression));
      if (ts.isCallExpression(call) && !creates.has(calleeName(call) ?? '') && call.arguments.length > 0) {
        checks.push({
          call,
          awaited: node,
          paths: new Set(call.arguments.map((a) => normalizedText(a, sourceFile))),
        });
      }
      return undefined;
    }
    if (!ts.isCallExpression(node) || !creates.has(calleeName(node) ?? '')) return undefined;
    const target = node.arguments[0];
    if (target === undefined || isRecursive(node.arguments[1]) || handlesFailure(node, fn)) return undefined;
    const path = normalizedText(target, sourceFile);
    for (const check of checks) {
      if (!check.paths.has(path) || check.awaited.getEnd() > node.getStart()) continue;
      const read = { call: check.call, awaited: check.awaited, results: resultNames(check.awaited) };
      if (isGuardedBy(node, read, fn) || inCatchOf(node, check.awaited)) {
        races.push({ check: check.call, create: node, path });
        break;
      }
    }
    return undefined;
  });
  return races;
}

/** `stat(p).catch(() => null)`: the call whose promise the handlers settle. */
function settledCall(expression: ts.Expression): ts.Expression {
  let node = expression;
  while (
    ts.isCallExpression(node) &&
    ts.isPropertyAccessExpression(node.expression) &&
    ['catch', 'then', 'finally'].includes(node.expression.name.text) &&
    ts.isCallExpression(skipOuter(node.expression.expression))
  ) {
    node = skipOuter(node.expression.expression);
  }
  return node;
}

/** `{ recursive: true }`: an existing folder is success. */
function isRecursive(options: ts.Expression | undefined): boolean {
  if (options === undefined) return false;
  const node = skipOuter(options);
  return (
    ts.isObjectLiteralExpression(node) &&
    node.properties.some(
      (p) =>
        (ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) &&
        ts.isIdentifier(p.name) &&
        p.name.text === 'recursive',
    )
  );
}

/** `mkdir(p).catch(…)`, or a `try` with a `catch` around it in the same function. */
function handlesFailure(create: ts.CallExpression, fn: FunctionLike): boolean {
  const outer = skipOuterUp(create).parent;
  if (ts.isPropertyAccessExpression(outer) && (outer.name.text === 'catch' || outer.name.text === 'then'))
    return true;
  for (let current: ts.Node = create; current !== fn; current = current.parent) {
    if (
      ts.isTryStatement(current.parent) &&
      current.parent.tryBlock === current &&
      current.parent.catchClause
    ) {
      return true;
    }
  }
  return false;
}

/** `try { await stat(p) } catch { await mkdir(p) }`: the create runs when the check threw (the path is missing). */
function inCatchOf(create: ts.CallExpression, awaited: ts.AwaitExpression): boolean {
  for (let current: ts.Node = create; !ts.isSourceFile(current); current = current.parent) {
    if (ts.isCatchClause(current)) {
      const statement = current.parent;
      return ts.isTryStatement(statement) && isWithin(awaited, statement.tryBlock);
    }
  }
  return false;
}
