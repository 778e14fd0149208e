import ts from '../typescript.cjs';
import { prefixEdits } from '../analysis/edits.js';
import { skipOuter } from '../analysis/syntax/expressions.js';
import {
  enclosingFunction,
  isAsyncFunction,
  isFunctionLike,
  isGenerator,
} from '../analysis/syntax/functions.js';
import { forEachInFunction } from '../analysis/syntax/walk.js';
import { isThenableExpression } from '../analysis/types/quick-types.js';
import { defineRule } from '../rule.js';

type MessageId = 'returnInTry' | 'returnInCatch';

/**
 * `return-await-in-try`: `return promise` without `await` inside the `try` block of an async function (or inside its
 * `catch` when a `finally` follows). The function returns before the promise settles, so its rejection skips the
 * `catch` and the `finally` runs before the work is done. The fix, `return await promise`, is applied by `--fix`.
 *
 * @example
 * ```ts
 * async function load() {
 *   try {
 *     return fetchUser(); // flagged: a rejection skips the catch below
 *   } catch (error) {
 *     return fallback;
 *   }
 * }
 * ```
 */
export default defineRule<Record<string, never>, MessageId>({
  meta: {
    id: 'return-await-in-try',
    description:
      'Reports `return promise` without `await` inside try/catch/finally of an async function: the rejection escapes.',
    defaultSeverity: 'error',
    requiresTypes: true,
    recommended: true,
    fixable: true,
    hasSuggestions: false,
    messages: {
      returnInTry:
        'This promise is returned without `await` inside `try`: the function returns before it settles, so a ' +
        'rejection skips the {{clause}}. Write `return await …`.',
      returnInCatch:
        'This promise is returned without `await` inside `catch`: the `finally` block runs before it settles. ' +
        'Write `return await …`.',
    },
  },
  defaultOptions: {},
  create(context) {
    return {
      [ts.SyntaxKind.ReturnStatement]: (node) => {
        const statement = node;
        const expression = statement.expression;
        if (expression === undefined) return;
        const fn = enclosingFunction(statement);
        if (fn === undefined || !isAsyncFunction(fn) || isGenerator(fn)) return;
        const place = protectingTry(statement, fn);
        if (place === undefined) return;
        const checker = context.getTypeChecker();
        if (!isThenableExpression(checker, expression)) return;
        if (alreadySettled(checker, expression, fn)) return;
        const inTry = place.block === place.statement.tryBlock;
        if (inTry && catchRethrowsOnPath(statement, place.statement)) return;
        const clause =
          place.statement.catchClause !== undefined && place.statement.finallyBlock !== undefined
            ? '`catch` and the `finally` runs too early'
            : place.statement.catchClause !== undefined
              ? '`catch`'
              : '`finally`, which runs before the work is done';
        context.report({
          node: expression,
          messageId: inTry ? 'returnInTry' : 'returnInCatch',
          data: { clause },
          fix: prefixEdits(context.sourceFile, expression, 'await'),
        });
      },
    };
  },
});

/**
 * True when `expression` is a `const` that the function already awaited before this return (`await done; return
 * done;`): the promise has settled, so returning it cannot reject late.
 */
function alreadySettled(checker: ts.TypeChecker, expression: ts.Expression, fn: ts.Node): boolean {
  const inner = skipOuter(expression);
  if (!ts.isIdentifier(inner)) return false;
  const symbol = checker.getSymbolAtLocation(inner);
  const declaration = symbol?.valueDeclaration;
  if (
    declaration === undefined ||
    !ts.isVariableDeclaration(declaration) ||
    !ts.isVariableDeclarationList(declaration.parent) ||
    (declaration.parent.flags & ts.NodeFlags.Const) === 0
  ) {
    return false;
  }
  let awaited = false;
  forEachInFunction(fn, (node) => {
    if (awaited || node.getStart() > inner.getStart()) return 'skip';
    if (ts.isAwaitExpression(node) && node.getEnd() <= inner.getStart()) {
      const operand = skipOuter(node.expression);
      if (ts.isIdentifier(operand) && checker.getSymbolAtLocation(operand) === symbol) awaited = true;
    }
    return undefined;
  });
  return awaited;
}

/**
 * True when the `catch` would only rethrow the error on the path that reaches this `return`, and no `finally`
 * follows: returning the promise unawaited then rejects the caller with the same error, so `await` changes nothing.
 * The catch rethrows first thing, under a condition that the conditions around the `return` imply:
 * `catch (err) { throw err; }`, or `if (fullMetadata) { return fetch(); }` with `catch (err) { if (err.code !==
 * 'E404' || opts.fullMetadata) throw err; … }` (one operand of the `||` is a condition the return sits under).
 */
function catchRethrowsOnPath(statement: ts.ReturnStatement, tryStatement: ts.TryStatement): boolean {
  const clause = tryStatement.catchClause;
  if (clause === undefined || tryStatement.finallyBlock !== undefined) return false;
  const declaration = clause.variableDeclaration;
  if (declaration === undefined || !ts.isIdentifier(declaration.name)) return false;
  const errorName = declaration.name.text;
  const rethrows = (node: ts.Statement | undefined): boolean => {
    if (node === undefined) return false;
    if (ts.isBlock(node)) return rethrows(node.statements[0]);
    if (!ts.isThrowStatement(node)) return false;
    const thrown = skipOuter(node.expression);
    return ts.isIdentifier(thrown) && thrown.text === errorName;
  };
  const first = clause.block.statements[0];
  if (rethrows(first)) return true;
  if (first === undefined || !ts.isIfStatement(first) || !rethrows(first.thenStatement)) return false;
  // The conditions the `return` sits under, inside the `try` block (then-branches only).
  const pathConditions = new Set<string>();
  let child: ts.Node = statement;
  for (let current = statement.parent; current !== tryStatement.tryBlock; current = current.parent) {
    if (ts.isIfStatement(current) && current.thenStatement === child) {
      pathConditions.add(skipOuter(current.expression).getText());
    }
    child = current;
  }
  const disjuncts: ts.Expression[] = [];
  const split = (expression: ts.Expression): void => {
    const inner = skipOuter(expression);
    if (ts.isBinaryExpression(inner) && inner.operatorToken.kind === ts.SyntaxKind.BarBarToken) {
      split(inner.left);
      split(inner.right);
    } else {
      disjuncts.push(inner);
    }
  };
  split(first.expression);
  return disjuncts.some((disjunct) => pathConditions.has(disjunct.getText()));
}

/**
 * The innermost `try` whose protection a `return` inside `fn` leaves early: the return is in the `try` block (with a
 * `catch` or a `finally`), or in a `catch` block followed by a `finally`. Undefined when there is none.
 */
function protectingTry(
  statement: ts.ReturnStatement,
  fn: ts.Node,
): { statement: ts.TryStatement; block: ts.Block } | undefined {
  let child: ts.Node = statement;
  for (
    let current = statement.parent as ts.Node | undefined;
    current !== undefined && current !== fn;
    current = current.parent
  ) {
    if (isFunctionLike(current)) return undefined;
    if (ts.isTryStatement(current)) {
      if (child === current.tryBlock) return { statement: current, block: current.tryBlock };
      if (child === current.catchClause && current.finallyBlock !== undefined) {
        return { statement: current, block: current.catchClause.block };
      }
    }
    child = current;
  }
  return undefined;
}
