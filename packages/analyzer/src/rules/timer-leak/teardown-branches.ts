/**
 * A teardown that clears a timer field on one branch only, when the method that armed the timer leaves the object in
 * the state that takes the other branch: `disconnect() { if (this.state === 'open') { clearInterval(this.ping) } }`
 * after `connect()` armed the interval and set the state to `'connecting'`. Internal to the `timer-leak` rule.
 *
 * @module
 */
import ts from '../../typescript.cjs';
import { normalizedText, skipOuter } from '../../analysis/syntax/expressions.js';
import { findDescendant, forEachDescendant, isWithin } from '../../analysis/syntax/walk.js';
import { clearedHandle } from './timer-calls.js';

/** A literal value a field can be compared with. */
type Literal = string | number | boolean | null | undefined;

/** A value known before the program runs; undefined when it is not known. */
type Known = { readonly value: Literal } | undefined;

/** The literal an expression is. */
function literalOf(expression: ts.Expression): Known {
  const inner = skipOuter(expression);
  if (ts.isStringLiteralLike(inner)) return { value: inner.text };
  if (ts.isNumericLiteral(inner)) return { value: Number(inner.text) };
  if (inner.kind === ts.SyntaxKind.TrueKeyword) return { value: true };
  if (inner.kind === ts.SyntaxKind.FalseKeyword) return { value: false };
  if (inner.kind === ts.SyntaxKind.NullKeyword) return { value: null };
  if (ts.isIdentifier(inner) && inner.text === 'undefined') return { value: undefined };
  return undefined;
}

/** A condition on one field: `this.x`, `!this.x`, `this.x === v`, `this.x !== v` (either side). */
interface FieldCondition {
  readonly field: string;
  /** Whether the condition holds when the field has `value`. */
  holds(value: Literal): boolean;
}

function fieldCondition(condition: ts.Expression, sourceFile: ts.SourceFile): FieldCondition | undefined {
  const inner = skipOuter(condition);
  const isField = (expression: ts.Expression): boolean => {
    const e = skipOuter(expression);
    return ts.isPropertyAccessExpression(e) && e.expression.kind === ts.SyntaxKind.ThisKeyword;
  };
  if (isField(inner)) return { field: normalizedText(inner, sourceFile), holds: (value) => Boolean(value) };
  if (ts.isPrefixUnaryExpression(inner) && inner.operator === ts.SyntaxKind.ExclamationToken) {
    const negated = fieldCondition(inner.operand, sourceFile);
    return negated === undefined
      ? undefined
      : { field: negated.field, holds: (value) => !negated.holds(value) };
  }
  if (!ts.isBinaryExpression(inner)) return undefined;
  const operator = inner.operatorToken.kind;
  const equal =
    operator === ts.SyntaxKind.EqualsEqualsEqualsToken || operator === ts.SyntaxKind.EqualsEqualsToken;
  const notEqual =
    operator === ts.SyntaxKind.ExclamationEqualsEqualsToken ||
    operator === ts.SyntaxKind.ExclamationEqualsToken;
  if (!equal && !notEqual) return undefined;
  const [field, other] = isField(inner.left) ? [inner.left, inner.right] : [inner.right, inner.left];
  if (!isField(field)) return undefined;
  const compared = literalOf(other);
  if (compared === undefined) return undefined;
  return { field: normalizedText(field, sourceFile), holds: (value) => (value === compared.value) === equal };
}

/** The clears of `handle` (its normalized text) inside `root`. */
function clearsOf(root: ts.Node, handle: string, sourceFile: ts.SourceFile): ts.CallExpression[] {
  const found: ts.CallExpression[] = [];
  forEachDescendant(root, (node) => {
    if (ts.isCallExpression(node)) {
      const cleared = clearedHandle(node);
      if (cleared !== undefined && normalizedText(cleared, sourceFile) === handle) found.push(node);
    }
    return undefined;
  });
  return found;
}

/** The last literal value `method` (or a `this.m()` it calls, one level) assigns to `field`. */
function stateAfter(
  method: ts.Node,
  klass: ts.ClassLikeDeclaration,
  field: string,
  sourceFile: ts.SourceFile,
  depth = 0,
): Known {
  const state: { last: Known } = { last: undefined };
  forEachDescendant(method, (node) => {
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      normalizedText(node.left, sourceFile) === field
    ) {
      state.last = literalOf(node.right);
    }
    if (depth === 0 && ts.isCallExpression(node)) {
      const callee = skipOuter(node.expression);
      if (ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword) {
        const called = klass.members.find(
          (member) => ts.isMethodDeclaration(member) && member.name.getText(sourceFile) === callee.name.text,
        );
        const inner =
          called === undefined ? undefined : stateAfter(called, klass, field, sourceFile, depth + 1);
        if (inner !== undefined) state.last = inner;
      }
    }
    return undefined;
  });
  return state.last;
}

/**
 * The branch of a teardown that leaves the timer armed by `arm` (`this.f = setInterval(…)` in a method of `klass`)
 * running, when the arming method sets the state that takes it; undefined when every branch clears it or the state
 * is not known.
 */
export function branchLeavingTimer(
  arm: ts.CallExpression,
  klass: ts.ClassLikeDeclaration,
  field: ts.Expression,
  sourceFile: ts.SourceFile,
): ts.Node | undefined {
  const handle = normalizedText(field, sourceFile);
  const armingMethod = klass.members.find((member) => isWithin(arm, member));
  if (armingMethod === undefined) return undefined;
  for (const member of klass.members) {
    if (!ts.isMethodDeclaration(member) || member === armingMethod || member.body === undefined) continue;
    const clears = clearsOf(member.body, handle, sourceFile);
    if (clears.length === 0) continue;
    // Every clear sits in one branch of one `if` on another field.
    const first = clears[0];
    let branching: ts.IfStatement | undefined;
    for (let current: ts.Node = first?.parent ?? member; current !== member.body; current = current.parent) {
      if (ts.isIfStatement(current)) branching = current;
    }
    if (branching === undefined || first === undefined) continue;
    const condition = fieldCondition(branching.expression, sourceFile);
    if (condition === undefined || condition.field === handle) continue;
    const clearsInThen = clears.every((clear) => isWithin(clear, branching.thenStatement));
    const otherwise = branching.elseStatement;
    const clearsInElse = otherwise !== undefined && clears.every((clear) => isWithin(clear, otherwise));
    if (!clearsInThen && !clearsInElse) continue;
    const state = stateAfter(armingMethod, klass, condition.field, sourceFile);
    if (state === undefined) continue;
    const takesThen = condition.holds(state.value);
    if (takesThen === clearsInThen) continue;
    const other = clearsInThen ? branching.elseStatement : branching.thenStatement;
    if (other !== undefined && findDescendant(other, (node) => node === first) !== undefined) continue;
    return other ?? branching;
  }
  return undefined;
}
