/**
 * Data flow inside one loop body or callback for `sequential-await`: which outer variables the body writes (the
 * state one iteration hands to the next), which of the body's own variables take a value from that state, and
 * whether an `await` depends on it. Iterations are independent when no awaited operation, and no condition that
 * decides whether one runs, reads state written by an earlier iteration.
 *
 * @module
 */
import ts from '../../typescript.cjs';
import { isAssignmentOperator, skipOuter } from '../../analysis/syntax/expressions.js';
import { boundNames, isValueReference } from '../../analysis/syntax/scope.js';
import { forEachDescendant } from '../../analysis/syntax/walk.js';

/** The name standing for `this` in a set of carried names. */
export const thisState = 'this';

/**
 * The name standing for the field `this.<field>` in a set of names (a result kept on the object:
 * `this.version = await read('version')`).
 *
 * @example
 * ```ts
 * names.add(ownField('version')); // mentions(node, names) is now true for `this.version`
 * ```
 */
export function ownField(field: string): string {
  return `this.${field}`;
}

/** Methods that change the collection they are called on. */
export const mutatingMethods = new Set([
  'push',
  'unshift',
  'set',
  'add',
  'append',
  'delete',
  'clear',
  'shift',
  'pop',
  'splice',
  'sort',
  'reverse',
  'fill',
]);

/**
 * The names declared outside `body` (not in `locals`) that `body` writes: assigned, incremented, written through
 * (`x.y = …`, `x[k] = …`) or changed by a mutating method (`x.push(…)`). `this` counts as {@link thisState}.
 *
 * @example
 * ```ts
 * const carried = writtenOuterNames(loop.statement, declaredNames(loop), new Set());
 * ```
 */
export function writtenOuterNames(
  body: ts.Node,
  locals: ReadonlySet<string>,
  ignore: ReadonlySet<ts.Node>,
): Set<string> {
  const written = new Set<string>();
  forEachDescendant(body, (node) => {
    if (ignore.has(node)) return 'skip';
    if (node.kind === ts.SyntaxKind.ThisKeyword) {
      if (isWrittenThrough(node)) written.add(thisState);
      return undefined;
    }
    if (!ts.isIdentifier(node) || !isValueReference(node) || locals.has(node.text)) return undefined;
    if (isWrittenThrough(node) && !onlyAwaitedKeyedWrites(body, node.text, locals)) written.add(node.text);
    return undefined;
  });
  return written;
}

/** Keyed writes of a store: each names the one entry it changes. */
const keyedWrites = new Set(['set', 'delete']);

/**
 * Every use of `name` in `body` is an awaited keyed write (`await store.delete(name)`, `await cache.set(key(item),
 * value)`): a store (an in-memory `Map` returns at once and is never awaited; an awaited one is a database, a cache,
 * the Cache API) whose key is computed from `locals` (the loop's item and the body's own variables). Each iteration
 * changes its own entry and reads nothing of the store, so the writes carry nothing to the next iteration. A body
 * that also reads the store (`get` then `set`) may meet an earlier iteration's entry: that stays carried.
 */
function onlyAwaitedKeyedWrites(body: ts.Node, name: string, locals: ReadonlySet<string>): boolean {
  let only = true;
  forEachDescendant(body, (node) => {
    if (!only) return 'skip';
    if (ts.isIdentifier(node) && node.text === name && isValueReference(node))
      only = isAwaitedKeyedWrite(node, locals);
    return undefined;
  });
  return only;
}

function isAwaitedKeyedWrite(node: ts.Identifier, locals: ReadonlySet<string>): boolean {
  const access = node.parent;
  if (!ts.isPropertyAccessExpression(access) || access.expression !== node) return false;
  const call = access.parent;
  if (!ts.isCallExpression(call) || call.expression !== access || !keyedWrites.has(access.name.text))
    return false;
  let outer: ts.Node = call.parent;
  while (ts.isParenthesizedExpression(outer)) outer = outer.parent;
  const key = call.arguments[0];
  return ts.isAwaitExpression(outer) && key !== undefined && mentions(key, locals);
}

/** `x = …`, `x += …`, `x++`, `x.y = …`, `x[k] = …`, `x.y.push(…)`: the value `node` names is changed here. */
function isWrittenThrough(node: ts.Node): boolean {
  let target: ts.Node = node;
  while (
    (ts.isPropertyAccessExpression(target.parent) || ts.isElementAccessExpression(target.parent)) &&
    target.parent.expression === target
  ) {
    const access = target.parent;
    const call = access.parent;
    if (
      ts.isPropertyAccessExpression(access) &&
      ts.isCallExpression(call) &&
      call.expression === access &&
      mutatingMethods.has(access.name.text)
    ) {
      return true;
    }
    target = access;
  }
  const parent = target.parent;
  if (ts.isBinaryExpression(parent) && parent.left === target)
    return isAssignmentOperator(parent.operatorToken.kind);
  if (ts.isPrefixUnaryExpression(parent) || ts.isPostfixUnaryExpression(parent)) {
    return (
      parent.operator === ts.SyntaxKind.PlusPlusToken || parent.operator === ts.SyntaxKind.MinusMinusToken
    );
  }
  return false;
}

/**
 * `carried` grown with the body's own variables whose value comes from it (`const next = cursor.token`), followed
 * through chains of declarations and assignments.
 *
 * @example
 * ```ts
 * const tainted = withDerived(loop.statement, carried);
 * ```
 */
export function withDerived(body: ts.Node, carried: ReadonlySet<string>): Set<string> {
  const names = new Set(carried);
  for (let changed = true; changed;) {
    changed = false;
    forEachDescendant(body, (node) => {
      let bound: string[] = [];
      let value: ts.Node | undefined;
      if (ts.isVariableDeclaration(node) && node.initializer !== undefined) {
        bound = boundNames(node.name);
        value = node.initializer;
      } else if (
        ts.isBinaryExpression(node) &&
        isAssignmentOperator(node.operatorToken.kind) &&
        ts.isIdentifier(skipOuter(node.left))
      ) {
        bound = [(skipOuter(node.left) as ts.Identifier).text];
        value = node.right;
      }
      if (value === undefined || !mentions(value, names)) return undefined;
      for (const name of bound) {
        if (!names.has(name)) {
          names.add(name);
          changed = true;
        }
      }
      return undefined;
    });
  }
  return names;
}

/**
 * Whether `node` reads one of `names` (a value reference, nested functions included; {@link thisState} for `this`).
 *
 * @example
 * ```ts
 * if (mentions(awaited.expression, tainted)) return undefined; // the wait needs an earlier iteration's result
 * ```
 */
export function mentions(node: ts.Node, names: ReadonlySet<string>): boolean {
  if (names.size === 0) return false;
  const hit = (child: ts.Node): boolean =>
    (ts.isIdentifier(child) && names.has(child.text) && isValueReference(child)) ||
    (child.kind === ts.SyntaxKind.ThisKeyword && names.has(thisState)) ||
    (ts.isPropertyAccessExpression(child) &&
      child.expression.kind === ts.SyntaxKind.ThisKeyword &&
      names.has(ownField(child.name.text)));
  if (hit(node)) return true;
  let found = false;
  forEachDescendant(node, (child) => {
    if (found) return 'skip';
    if (hit(child)) found = true;
    return undefined;
  });
  return found;
}

/**
 * The conditions in `body` that decide what runs (`if`, `?:`, `&&`/`||`/`??`, the target of `??=`/`||=`/`&&=`,
 * `switch`, inner loop conditions) and start before `end`.
 *
 * @example
 * ```ts
 * const guards = conditionsBefore(loop.statement, lastAwait.getEnd());
 * ```
 */
export function conditionsBefore(body: ts.Node, end: number): ts.Expression[] {
  const found: ts.Expression[] = [];
  forEachDescendant(body, (node) => {
    if (node.getStart() >= end) return 'skip';
    if (
      ts.isIfStatement(node) ||
      ts.isSwitchStatement(node) ||
      ts.isWhileStatement(node) ||
      ts.isDoStatement(node)
    )
      found.push(node.expression);
    else if (ts.isConditionalExpression(node)) found.push(node.condition);
    else if (ts.isForStatement(node) && node.condition !== undefined) found.push(node.condition);
    else if (
      ts.isBinaryExpression(node) &&
      (node.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken ||
        node.operatorToken.kind === ts.SyntaxKind.BarBarToken ||
        node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ||
        // `memo[key] ??= await load(key)`: the stored value decides whether the right side runs.
        node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionEqualsToken ||
        node.operatorToken.kind === ts.SyntaxKind.BarBarEqualsToken ||
        node.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandEqualsToken)
    ) {
      found.push(node.left);
    }
    return undefined;
  });
  return found;
}

/**
 * Whether iterations of `body` depend on each other through data: an awaited operand, or a condition before the
 * last await, reads state that the body writes for the next iteration (directly or through its own variables), or
 * the body writes state on `this`.
 *
 * @example
 * ```ts
 * if (dependsOnEarlierIterations(loop.statement, awaits, declaredNames(loop), new Set())) return undefined;
 * ```
 */
export function dependsOnEarlierIterations(
  body: ts.Node,
  awaits: readonly ts.AwaitExpression[],
  locals: ReadonlySet<string>,
  ignore: ReadonlySet<ts.Node>,
): boolean {
  const carried = writtenOuterNames(body, locals, ignore);
  if (carried.size === 0) return false;
  // State on `this` is shared with every other method: its order is kept, whatever this body reads.
  if (carried.has(thisState)) return true;
  const derived = withDerived(body, carried);
  if (awaits.some((node) => mentions(node.expression, derived))) return true;
  const lastEnd = Math.max(...awaits.map((node) => node.getEnd()));
  return conditionsBefore(body, lastEnd).some((condition) => mentions(condition, derived));
}
