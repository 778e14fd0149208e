/**
 * Syntax helpers shared by the promise rules (`floating-promise`, `async-void-callback`, `return-await-in-try`,
 * `async-promise-executor`, `late-await`) and the rejection analysis in `can-reject.ts`. Internal to the analyzer:
 * not exported from the package entry.
 *
 * @module
 */
import ts from '../typescript.cjs';

/** A function-like node that has (or may have) a body. */
export type FunctionLike =
  | ts.ArrowFunction
  | ts.FunctionExpression
  | ts.FunctionDeclaration
  | ts.MethodDeclaration
  | ts.ConstructorDeclaration
  | ts.GetAccessorDeclaration
  | ts.SetAccessorDeclaration;

/**
 * True for functions, arrows, methods, constructors and accessors: the nodes that start a new body, so code inside
 * them does not run where it is written.
 *
 * @example
 * ```ts
 * if (isFunctionLike(node)) return; // do not descend into callbacks
 * ```
 */
export function isFunctionLike(node: ts.Node): node is FunctionLike {
  return (
    ts.isArrowFunction(node) ||
    ts.isFunctionExpression(node) ||
    ts.isFunctionDeclaration(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node)
  );
}

/**
 * True when the function is declared `async`.
 *
 * @example
 * ```ts
 * isAsync(fn); // true for `async () => {}`
 * ```
 */
export function isAsync(fn: ts.Node): boolean {
  if (!ts.canHaveModifiers(fn)) return false;
  return ts.getModifiers(fn)?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword) === true;
}

/**
 * True for a generator function (`function*`, `async function*`, `*method()`).
 *
 * @example
 * ```ts
 * isGenerator(fn); // true for `async function* rows() {}`
 * ```
 */
export function isGenerator(fn: FunctionLike): boolean {
  return (
    (ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn) || ts.isMethodDeclaration(fn)) &&
    fn.asteriskToken !== undefined
  );
}

/**
 * The nearest function-like ancestor of `node` (not `node` itself), or undefined at the top level.
 *
 * @example
 * ```ts
 * const fn = enclosingFunctionOf(returnStatement);
 * ```
 */
export function enclosingFunctionOf(node: ts.Node): FunctionLike | undefined {
  for (let current = node.parent as ts.Node | undefined; current !== undefined; current = current.parent) {
    if (isFunctionLike(current)) return current;
    if (ts.isClassStaticBlockDeclaration(current) || ts.isSourceFile(current)) return undefined;
  }
  return undefined;
}

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
  for (;;) {
    if (
      ts.isParenthesizedExpression(current) ||
      ts.isAsExpression(current) ||
      ts.isTypeAssertionExpression(current) ||
      ts.isSatisfiesExpression(current) ||
      ts.isNonNullExpression(current)
    ) {
      current = current.expression;
      continue;
    }
    return current;
  }
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
  while (
    ts.isParenthesizedExpression(current.parent) ||
    ts.isAsExpression(current.parent) ||
    ts.isTypeAssertionExpression(current.parent) ||
    ts.isSatisfiesExpression(current.parent) ||
    ts.isNonNullExpression(current.parent)
  ) {
    current = current.parent;
  }
  return current;
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
 * Visits every node below `root` that runs as part of `root` itself: nested functions, classes and their bodies are
 * skipped (their code runs later, or never). `visit` returns `false` to skip a node's children.
 *
 * @example
 * ```ts
 * forEachInSameFunction(body, (node) => { if (ts.isAwaitExpression(node)) awaits.push(node); });
 * ```
 */
export function forEachInSameFunction(root: ts.Node, visit: (node: ts.Node) => boolean | undefined): void {
  const walk = (node: ts.Node): void => {
    if (isFunctionLike(node) || ts.isClassLike(node)) return;
    if (visit(node) === false) return;
    ts.forEachChild(node, walk);
  };
  ts.forEachChild(root, walk);
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
 * True when `symbol` (after following aliases) is declared only in declaration files: a global of the
 * TypeScript libs or of `@types/*`, not something the program's own code defines (a shadowing local `Promise`,
 * a user `console`).
 *
 * @example
 * ```ts
 * isLibrarySymbol(checker, checker.getSymbolAtLocation(callee)); // true for the global `setTimeout`
 * ```
 */
export function isLibrarySymbol(checker: ts.TypeChecker, symbol: ts.Symbol | undefined): boolean {
  if (symbol === undefined) return false;
  const resolved = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  const declarations = resolved.declarations ?? [];
  return declarations.length > 0 && declarations.every((d) => d.getSourceFile().isDeclarationFile);
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
