/**
 * Expressions as the rules compare them: what an expression is once parentheses and assertions are removed, the
 * names a call or a member access is made by, the text of a reference chain. Internal to the analyzer.
 *
 * @module
 */
import ts from '../../typescript.cjs';

/**
 * Removes parentheses, type assertions (`as`, `<T>`), `satisfies` and non-null assertions around an expression:
 * none of them changes the value.
 *
 * @example
 * ```ts
 * skipOuter(parse('((p as Promise<void>)!)')); // the identifier `p`
 * ```
 */
export function skipOuter(expression: ts.Expression): ts.Expression {
  let current = expression;
  while (isOuterExpression(current)) current = current.expression;
  return current;
}

/**
 * The outermost expression that wraps `node` only with parentheses, assertions or `!`: where the value goes next.
 *
 * @example
 * ```ts
 * const parent = skipOuterUp(call).parent; // the statement or expression that uses the call's value
 * ```
 */
export function skipOuterUp(node: ts.Node): ts.Node {
  let current = node;
  while (isOuterExpression(current.parent)) current = current.parent;
  return current;
}

type OuterExpression =
  | ts.ParenthesizedExpression
  | ts.AsExpression
  | ts.TypeAssertion
  | ts.SatisfiesExpression
  | ts.NonNullExpression;

function isOuterExpression(node: ts.Node): node is OuterExpression {
  return (
    ts.isParenthesizedExpression(node) ||
    ts.isAsExpression(node) ||
    ts.isTypeAssertionExpression(node) ||
    ts.isSatisfiesExpression(node) ||
    ts.isNonNullExpression(node)
  );
}

/**
 * The property name of a member access (`a.b` → `b`, `a?.b` → `b`, `a['b']` → `b`), or undefined.
 *
 * @example
 * ```ts
 * memberName(call.expression) === 'catch';
 * ```
 */
export function memberName(expression: ts.Expression): string | undefined {
  const inner = skipOuter(expression);
  if (ts.isPropertyAccessExpression(inner)) return inner.name.text;
  if (ts.isElementAccessExpression(inner) && ts.isStringLiteralLike(inner.argumentExpression)) {
    return inner.argumentExpression.text;
  }
  return undefined;
}

/**
 * The name a call is made by: `save` for `repo.save(x)`, `fetch` for `fetch(url)`, undefined for `(a || b)()`.
 *
 * @example
 * ```ts
 * if (calleeName(call) === 'push') …
 * ```
 */
export function calleeName(call: ts.CallExpression | ts.NewExpression): string | undefined {
  const callee = skipOuter(call.expression);
  if (ts.isIdentifier(callee)) return callee.text;
  return memberName(callee);
}

/**
 * The object a method is called on (`repo` for `repo.save(x)`), or undefined for a plain function call.
 *
 * @example
 * ```ts
 * const receiver = calleeReceiver(call); // db.user for db.user.create(…)
 * ```
 */
export function calleeReceiver(call: ts.CallExpression): ts.Expression | undefined {
  const callee = skipOuter(call.expression);
  if (ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee)) return callee.expression;
  return undefined;
}

/**
 * True for `Promise.<name>(…)` called on the identifier `Promise`.
 *
 * @example
 * ```ts
 * if (isPromiseStatic(node, ['all', 'allSettled'])) …
 * ```
 */
export function isPromiseStatic(
  node: ts.Node,
  names: readonly string[] | ReadonlySet<string>,
): node is ts.CallExpression {
  if (!ts.isCallExpression(node)) return false;
  const callee = skipOuter(node.expression);
  return (
    ts.isPropertyAccessExpression(callee) &&
    ts.isIdentifier(callee.expression) &&
    callee.expression.text === 'Promise' &&
    (Array.isArray(names)
      ? names.includes(callee.name.text)
      : (names as ReadonlySet<string>).has(callee.name.text))
  );
}

/**
 * The dotted text of an identifier or property-access chain (`process.nextTick`), or undefined for anything else.
 *
 * @example
 * ```ts
 * dottedName(call.expression) === 'Promise.allSettled';
 * ```
 */
export function dottedName(expression: ts.Expression): string | undefined {
  const inner = skipOuter(expression);
  if (ts.isIdentifier(inner)) return inner.text;
  if (inner.kind === ts.SyntaxKind.ThisKeyword) return 'this';
  if (ts.isPropertyAccessExpression(inner)) {
    const left = dottedName(inner.expression);
    return left === undefined ? undefined : `${left}.${inner.name.text}`;
  }
  return undefined;
}

/**
 * The text of a simple reference chain (`a`, `a.b.c`, `this.x`, `a[b]`, `a[0]`), or undefined for anything else
 * (calls, literals …). Compares keys and receivers by their structure.
 *
 * @example
 * ```ts
 * referenceText(node) === 'input.email'
 * ```
 */
export function referenceText(node: ts.Expression): string | undefined {
  const expression = skipOuter(node);
  if (ts.isIdentifier(expression)) return expression.text;
  if (expression.kind === ts.SyntaxKind.ThisKeyword) return 'this';
  if (ts.isPropertyAccessExpression(expression)) {
    const left = referenceText(expression.expression);
    return left === undefined ? undefined : `${left}.${expression.name.text}`;
  }
  if (ts.isElementAccessExpression(expression)) {
    const left = referenceText(expression.expression);
    const argument = expression.argumentExpression;
    if (left === undefined) return undefined;
    if (ts.isStringLiteralLike(argument) || ts.isNumericLiteral(argument)) return `${left}[${argument.text}]`;
    const inner = referenceText(argument);
    return inner === undefined ? undefined : `${left}[${inner}]`;
  }
  return undefined;
}

/**
 * The source text of any expression with whitespace, outer parentheses and `?.` normalised: two spellings of the
 * same expression (`a?.b( x )`, `a.b(x)`) give the same text. Unlike {@link referenceText}, calls and literals too.
 *
 * @example
 * ```ts
 * normalizedText(added.listener, sourceFile) === normalizedText(removed.listener, sourceFile);
 * ```
 */
export function normalizedText(expression: ts.Expression, sourceFile: ts.SourceFile): string {
  return skipOuter(expression)
    .getText(sourceFile)
    .replace(/\s+/g, '')
    .replace(/\?\./g, '.')
    .replace(/^\(+|\)+$/g, '');
}

/**
 * The leftmost expression of a member chain (`this` for `this.a.b`, `x` for `x[0].y`); calls are not followed.
 *
 * @example
 * ```ts
 * rootOfChain(node).kind === ts.SyntaxKind.ThisKeyword
 * ```
 */
export function rootOfChain(expression: ts.Expression): ts.Expression {
  let current = skipOuter(expression);
  while (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current)) {
    current = skipOuter(current.expression);
  }
  return current;
}

/**
 * The name at the root of a member chain (`a` for `a.b[c].d`, `'this'` for `this.x`), or undefined when the chain
 * starts with anything else (a call, a literal).
 *
 * @example
 * ```ts
 * rootName(node) === 'locks'
 * ```
 */
export function rootName(node: ts.Expression): string | undefined {
  const root = rootOfChain(node);
  if (ts.isIdentifier(root)) return root.text;
  if (root.kind === ts.SyntaxKind.ThisKeyword) return 'this';
  return undefined;
}

/**
 * Whether `kind` is an assignment operator: `=` or any compound assignment (`+=`, `??=`, `||=` …).
 *
 * @example
 * ```ts
 * if (ts.isBinaryExpression(node) && isAssignmentOperator(node.operatorToken.kind)) …
 * ```
 */
export function isAssignmentOperator(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

/**
 * True when `expression` must be parenthesized to become the operand of a prefix operator such as `await` or
 * `void` (binary, conditional, arrow, assignment, comma, `yield`, `as`, `satisfies` …).
 *
 * @example
 * ```ts
 * const text = needsParensAsOperand(e) ? `await (${src})` : `await ${src}`;
 * ```
 */
export function needsParensAsOperand(expression: ts.Expression): boolean {
  return (
    ts.isBinaryExpression(expression) ||
    ts.isConditionalExpression(expression) ||
    ts.isArrowFunction(expression) ||
    ts.isYieldExpression(expression) ||
    ts.isAsExpression(expression) ||
    ts.isSatisfiesExpression(expression) ||
    ts.isTypeAssertionExpression(expression)
  );
}

/**
 * The 1-based line of a node's start, for messages that point at another place ("the await on line 12").
 *
 * @example
 * ```ts
 * lineOf(sourceFile, awaitExpression); // 12
 * ```
 */
export function lineOf(sourceFile: ts.SourceFile, node: ts.Node): number {
  return sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
}
