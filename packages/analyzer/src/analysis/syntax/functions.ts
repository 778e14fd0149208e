/**
 * Functions as the rules see them: which nodes start a new body, whether it is `async` or a generator, and which
 * function a piece of code runs in. Internal to the analyzer.
 *
 * @module
 */
import ts from '../../typescript.cjs';
import { skipOuter, skipOuterUp } from './expressions.js';
import { forEachInFunction } from './walk.js';

/** A function-like node that has (or may have) a body of its own: its `await`s, `return`s and `this` are its own. */
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
 * The `async` keyword of a function, when it has one.
 *
 * @example
 * ```ts
 * context.report({ node: asyncKeyword(fn) ?? fn, messageId: 'x' });
 * ```
 */
export function asyncKeyword(node: ts.Node): ts.Node | undefined {
  return ts.canHaveModifiers(node)
    ? ts.getModifiers(node)?.find((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword)
    : undefined;
}

/**
 * True when `node` is a function declared `async`.
 *
 * @example
 * ```ts
 * isAsyncFunction(fn); // true for `async () => {}`
 * ```
 */
export function isAsyncFunction(node: ts.Node): boolean {
  return isFunctionLike(node) && asyncKeyword(node) !== undefined;
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
 * The nearest class (declaration or expression) around `node`, or undefined outside classes.
 *
 * @example
 * ```ts
 * const owner = enclosingClass(thisKeyword); // the class whose members `this.x` names
 * ```
 */
export function enclosingClass(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let current = node.parent as ts.Node | undefined; current !== undefined; current = current.parent) {
    if (ts.isClassLike(current)) return current;
  }
  return undefined;
}

/**
 * The function whose body runs `node`: its nearest function-like ancestor (not `node` itself), or undefined for
 * top-level code and code in a class `static { }` block (which runs when the class is defined, in no function).
 *
 * @example
 * ```ts
 * const fn = enclosingFunction(awaitExpression);
 * if (fn !== undefined && isAsyncFunction(fn)) …
 * ```
 */
export function enclosingFunction(node: ts.Node): FunctionLike | undefined {
  for (let current = node.parent as ts.Node | undefined; current !== undefined; current = current.parent) {
    if (isFunctionLike(current)) return current;
    if (ts.isClassStaticBlockDeclaration(current) || ts.isSourceFile(current)) return undefined;
  }
  return undefined;
}

/**
 * Where `node`'s code runs: its {@link enclosingFunction}, or the source file for top-level code (and class
 * `static { }` blocks). For searches that stay in "the code around" a node.
 *
 * @example
 * ```ts
 * forEachDescendant(enclosingScope(declaration), visit);
 * ```
 */
export function enclosingScope(node: ts.Node): FunctionLike | ts.SourceFile {
  return enclosingFunction(node) ?? node.getSourceFile();
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
    if (isFunctionLike(current) || ts.isClassLike(current)) return false;
    if (ts.isSourceFile(current)) return true;
  }
  return true;
}

/**
 * The `await` expressions of `root`'s own function, in source order (not those of nested functions).
 *
 * @example
 * ```ts
 * const awaits = ownAwaits(fn.body);
 * ```
 */
export function ownAwaits(root: ts.Node): ts.AwaitExpression[] {
  const found: ts.AwaitExpression[] = [];
  forEachInFunction(root, (node) => {
    if (ts.isAwaitExpression(node)) found.push(node);
  });
  return found;
}

/**
 * The function of the program a symbol names: a function or method declaration, or a function held by a variable, a
 * class property or an object's property (`Prompts.send = function (id) {…}` too), also through an import and a
 * shorthand property (`{ send }`). Undefined for library code.
 *
 * @example
 * ```ts
 * const symbol = checker.getSymbolAtLocation(call.expression);
 * const body = symbol === undefined ? undefined : programFunction(symbol, checker)?.body;
 * ```
 */
export function programFunction(
  symbol: ts.Symbol,
  checker: ts.TypeChecker,
): ts.FunctionLikeDeclaration | undefined {
  let target = symbol;
  if (target.flags & ts.SymbolFlags.Alias) target = checker.getAliasedSymbol(target);
  for (const declaration of target.declarations ?? []) {
    if (declaration.getSourceFile().isDeclarationFile) continue;
    if (ts.isShorthandPropertyAssignment(declaration)) {
      // `{ send }`: the function the name in scope holds
      const value = checker.getShorthandAssignmentValueSymbol(declaration);
      const held = value === undefined || value === target ? undefined : programFunction(value, checker);
      if (held !== undefined) return held;
      continue;
    }
    if (
      (ts.isFunctionDeclaration(declaration) || ts.isMethodDeclaration(declaration)) &&
      declaration.body !== undefined
    )
      return declaration;
    let value: ts.Expression | undefined;
    if (
      ts.isVariableDeclaration(declaration) ||
      ts.isPropertyDeclaration(declaration) ||
      ts.isPropertyAssignment(declaration)
    )
      value = declaration.initializer;
    else if (ts.isPropertyAccessExpression(declaration) && ts.isBinaryExpression(declaration.parent))
      value = declaration.parent.right;
    else if (ts.isBinaryExpression(declaration)) value = declaration.right;
    const inner = value === undefined ? undefined : skipOuter(value);
    if (inner !== undefined && (ts.isArrowFunction(inner) || ts.isFunctionExpression(inner))) return inner;
  }
  return undefined;
}

/** True when `fn` is the executor of a `new Promise((resolve, reject) => …)`: it runs once, when the promise is made. */
export function isExecutor(fn: FunctionLike): boolean {
  const outer = skipOuterUp(fn);
  const parent = outer.parent;
  return (
    ts.isNewExpression(parent) &&
    ts.isIdentifier(parent.expression) &&
    parent.expression.text === 'Promise' &&
    parent.arguments?.[0] === outer
  );
}
