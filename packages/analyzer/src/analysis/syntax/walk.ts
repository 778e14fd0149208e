/**
 * Small syntax helpers shared by the concurrency rules (`sequential-await`, `unbounded-concurrency`,
 * `express-async-route`, `check-then-act`, `process-local-lock`, `top-level-await-cycle`).
 *
 * @packageDocumentation
 */
import ts from '../typescript.cjs';
import { isFunctionLike, skipOuter, type FunctionLike } from './ast.js';

/** A function-like node that has its own body (and therefore its own `await` scope). */
export type FunctionWithBody = FunctionLike;

/**
 * Whether `node` starts a new function scope: its `await`s, `return`s and `this` are not those of the code around it.
 * The same test as `isFunctionLike` in ast.ts.
 */
export const isFunctionScope: (node: ts.Node) => node is FunctionWithBody = isFunctionLike;

/**
 * The nearest function around `node` (not `node` itself), or the source file for top-level code.
 *
 * @example
 * ```ts
 * const scope = enclosingFunction(awaitExpression);
 * ```
 */
export function enclosingFunction(node: ts.Node): FunctionWithBody | ts.SourceFile {
  let current = node.parent as ts.Node | undefined;
  while (current !== undefined) {
    if (isFunctionScope(current) || ts.isSourceFile(current)) return current;
    current = current.parent;
  }
  return node.getSourceFile();
}

/**
 * Calls `visit` on every descendant of `root` that belongs to the same function scope: nested functions and
 * class bodies are not entered. Return `true` from `visit` to skip a node's children.
 *
 * @example
 * ```ts
 * forEachInScope(body, (node) => { if (ts.isAwaitExpression(node)) awaits.push(node); });
 * ```
 */
export function forEachInScope(root: ts.Node, visit: (node: ts.Node) => boolean | undefined): void {
  const walk = (node: ts.Node): void => {
    if (visit(node) === true) return;
    if (isFunctionScope(node) || ts.isClassLike(node)) return;
    ts.forEachChild(node, walk);
  };
  ts.forEachChild(root, walk);
}

/**
 * Calls `visit` on every descendant of `root`, nested functions included.
 *
 * @example
 * ```ts
 * forEachDescendant(loop.statement, (node) => { if (ts.isIdentifier(node)) names.add(node.text); });
 * ```
 */
export function forEachDescendant(root: ts.Node, visit: (node: ts.Node) => boolean | undefined): void {
  const walk = (node: ts.Node): void => {
    if (visit(node) === true) return;
    ts.forEachChild(node, walk);
  };
  ts.forEachChild(root, walk);
}

/**
 * The first descendant of `root` in the same function scope that satisfies `test` (nested functions and class bodies
 * are not entered), in source order.
 *
 * @example
 * ```ts
 * const rethrow = findInScope(clause.block, ts.isThrowStatement);
 * ```
 */
export function findInScope(root: ts.Node, test: (node: ts.Node) => boolean): ts.Node | undefined {
  const walk = (node: ts.Node): ts.Node | undefined => {
    if (test(node)) return node;
    if (isFunctionScope(node) || ts.isClassLike(node)) return undefined;
    return ts.forEachChild(node, walk);
  };
  return ts.forEachChild(root, walk);
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
 * The `await` expressions of `root`'s own function scope, in source order.
 *
 * @example
 * ```ts
 * const awaits = ownAwaits(fn.body);
 * ```
 */
export function ownAwaits(root: ts.Node): ts.AwaitExpression[] {
  const found: ts.AwaitExpression[] = [];
  forEachInScope(root, (node) => {
    if (ts.isAwaitExpression(node)) found.push(node);
  });
  return found;
}

/** Strips parentheses, `as`, `!`, `satisfies` and type assertions: the same helper as `skipOuter` in ast.ts. */
export const skipOuterExpressions: (node: ts.Expression) => ts.Expression = skipOuter;

/**
 * The name a call is made by: `save` for `repo.save(x)`, `fetch` for `fetch(url)`, undefined for `(a || b)()`.
 *
 * @example
 * ```ts
 * if (calleeName(call) === 'push') …
 * ```
 */
export function calleeName(call: ts.CallExpression | ts.NewExpression): string | undefined {
  const callee = skipOuterExpressions(call.expression);
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  if (ts.isElementAccessExpression(callee) && ts.isStringLiteralLike(callee.argumentExpression)) {
    return callee.argumentExpression.text;
  }
  return undefined;
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
  const callee = skipOuterExpressions(call.expression);
  if (ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee)) return callee.expression;
  return undefined;
}

/**
 * Whether the function is `async`.
 *
 * @example
 * ```ts
 * if (!isAsyncFunction(fn)) return;
 * ```
 */
export function isAsyncFunction(node: ts.Node): node is FunctionWithBody {
  return isFunctionScope(node) && (ts.getCombinedModifierFlags(node) & ts.ModifierFlags.Async) !== 0;
}

/**
 * The `async` keyword of a function, when it has one.
 *
 * @example
 * ```ts
 * context.report({ node: asyncKeyword(fn) ?? fn, messageId: 'x' });
 * ```
 */
export function asyncKeyword(node: FunctionWithBody): ts.Node | undefined {
  return ts.canHaveModifiers(node)
    ? ts.getModifiers(node)?.find((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword)
    : undefined;
}

/**
 * Names bound by a binding name (`x`, `{ a, b: [c] }` → a, c).
 *
 * @example
 * ```ts
 * for (const name of boundNames(declaration.name)) locals.add(name);
 * ```
 */
export function boundNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  const names: string[] = [];
  for (const element of name.elements) {
    if (ts.isBindingElement(element)) names.push(...boundNames(element.name));
  }
  return names;
}

/**
 * Names declared anywhere inside `root` (variables, parameters, functions, classes, catch bindings), nested
 * functions included.
 *
 * @example
 * ```ts
 * const locals = declaredNames(loop);
 * ```
 */
export function declaredNames(root: ts.Node): Set<string> {
  const names = new Set<string>();
  forEachDescendant(root, (node) => {
    if (ts.isVariableDeclaration(node) || ts.isParameter(node) || ts.isBindingElement(node)) {
      if (!ts.isBindingElement(node) || ts.isIdentifier(node.name)) {
        for (const name of boundNames(node.name)) names.add(name);
      }
    } else if (
      (ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node) || ts.isFunctionExpression(node)) &&
      node.name !== undefined
    ) {
      names.add(node.name.text);
    }
  });
  return names;
}

/**
 * Whether an identifier is used as a value reference (not a property name, a declaration's name, a label or part of
 * a type).
 *
 * @example
 * ```ts
 * if (ts.isIdentifier(node) && isValueReference(node)) uses.push(node);
 * ```
 */
export function isValueReference(node: ts.Identifier): boolean {
  const parent = node.parent;
  if (!isNameUseIn(node, parent)) return false;
  for (let current: ts.Node = parent; !ts.isSourceFile(current); current = current.parent) {
    if (ts.isTypeNode(current) && !ts.isExpressionWithTypeArguments(current)) return false;
    if (ts.isStatement(current) || isFunctionScope(current)) break;
  }
  return true;
}

/**
 * Whether an identifier, seen as a child of `parent`, is a use of a name rather than a property name, a declaration's
 * name, a label or a JSX attribute. Needs no parent pointers (for files parsed without them); type positions are the
 * caller's business.
 *
 * @example
 * ```ts
 * ts.forEachChild(parent, (child) => { if (ts.isIdentifier(child) && isNameUseIn(child, parent)) … });
 * ```
 */
export function isNameUseIn(node: ts.Identifier, parent: ts.Node): boolean {
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) return false;
  if (ts.isPropertyAssignment(parent) && parent.name === node) return false;
  if (
    (ts.isVariableDeclaration(parent) ||
      ts.isParameter(parent) ||
      ts.isBindingElement(parent) ||
      ts.isFunctionDeclaration(parent) ||
      ts.isFunctionExpression(parent) ||
      ts.isClassLike(parent) ||
      ts.isMethodDeclaration(parent) ||
      ts.isPropertyDeclaration(parent) ||
      ts.isPropertySignature(parent) ||
      ts.isImportSpecifier(parent) ||
      ts.isImportClause(parent) ||
      ts.isNamespaceImport(parent)) &&
    parent.name === node
  ) {
    return false;
  }
  if (ts.isBindingElement(parent) && parent.propertyName === node) return false;
  if (ts.isLabeledStatement(parent) || ts.isBreakOrContinueStatement(parent)) return false;
  if (ts.isJsxAttribute(parent)) return false;
  return true;
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

/**
 * The text of a simple reference chain (`a`, `a.b.c`, `this.x`, `a[b]`), or undefined for anything else (calls,
 * literals …). Used to compare keys and receivers by their text.
 *
 * @example
 * ```ts
 * referenceText(node) === 'input.email'
 * ```
 */
export function referenceText(node: ts.Expression): string | undefined {
  const expression = skipOuterExpressions(node);
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
 * The leftmost identifier of a reference chain (`a` for `a.b[c].d`), or `this`.
 *
 * @example
 * ```ts
 * rootName(node) === 'locks'
 * ```
 */
export function rootName(node: ts.Expression): string | undefined {
  let expression = skipOuterExpressions(node);
  while (ts.isPropertyAccessExpression(expression) || ts.isElementAccessExpression(expression)) {
    expression = skipOuterExpressions(expression.expression);
  }
  if (ts.isIdentifier(expression)) return expression.text;
  if (expression.kind === ts.SyntaxKind.ThisKeyword) return 'this';
  return undefined;
}

/**
 * Whether the assignment operator is `=` or a compound assignment (`+=`, `??=` …).
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
 * Whether the node sits in the top-level code of its module (not inside any function or class body).
 *
 * @example
 * ```ts
 * if (isTopLevel(awaitExpression)) …
 * ```
 */
export function isTopLevel(node: ts.Node): boolean {
  for (let current = node.parent as ts.Node | undefined; current !== undefined; current = current.parent) {
    if (isFunctionScope(current) || ts.isClassLike(current)) return false;
    if (ts.isSourceFile(current)) return true;
  }
  return true;
}
