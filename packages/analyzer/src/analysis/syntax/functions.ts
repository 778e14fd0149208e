import ts from '../typescript.cjs';
import { isFunctionLike, skipOuter, type FunctionLike } from './ast.js';

/**
 * Small syntax helpers shared by the R3 rules (listener-leak, timer-leak, stale-response, async-constructor,
 * settle-mismatch, thenable-reuse, unawaited-assertion, fake-timer-async, event-loop-starvation).
 * Internal to the analyzer: not exported from the package entry.
 */

/** A function-like node that has a body: what "the enclosing function" means for the rules. */
export type FunctionNode = FunctionLike;

/** True for functions, arrows, methods, constructors and accessors. */
export const isFunctionNode: (node: ts.Node) => node is FunctionNode = isFunctionLike;

/** True when the function carries the `async` modifier. */
export function isAsyncFunction(fn: FunctionNode): boolean {
  return ts.getCombinedModifierFlags(fn) & ts.ModifierFlags.Async ? true : false;
}

/** The nearest function that contains `node` (not `node` itself), or undefined at module level. */
export function enclosingFunction(node: ts.Node): FunctionNode | undefined {
  for (let current = node.parent as ts.Node | undefined; current !== undefined; current = current.parent) {
    if (isFunctionNode(current)) return current;
  }
  return undefined;
}

// skipOuter, skipOuterUp, memberName and dottedName are the promise rules' helpers (ast.ts), shared here.
export { dottedName, memberName, skipOuter, skipOuterUp } from './ast.js';

/** True for `Promise.<name>(…)` with the global `Promise` identifier. */
export function isPromiseStatic(node: ts.Node, names: readonly string[]): node is ts.CallExpression {
  if (!ts.isCallExpression(node)) return false;
  const callee = skipOuter(node.expression);
  return (
    ts.isPropertyAccessExpression(callee) &&
    ts.isIdentifier(callee.expression) &&
    callee.expression.text === 'Promise' &&
    names.includes(callee.name.text)
  );
}

/**
 * Visits every descendant of `root` (not `root` itself) in source order. Return `'skip'` from `visit` to not go
 * into a node's children. Functions nested in `root` are visited unless `skipFunctions` is set.
 */
export function forEachDescendant(
  root: ts.Node,
  visit: (node: ts.Node) => 'skip' | undefined,
  skipFunctions = false,
): void {
  const walk = (node: ts.Node): void => {
    if (skipFunctions && isFunctionNode(node)) return;
    if (visit(node) === 'skip') return;
    ts.forEachChild(node, walk);
  };
  ts.forEachChild(root, walk);
}

/** True when some descendant of `root` satisfies `test`. */
export function someDescendant(
  root: ts.Node,
  test: (node: ts.Node) => boolean,
  skipFunctions = false,
): boolean {
  let found = false;
  forEachDescendant(
    root,
    (node) => {
      if (found) return 'skip';
      if (test(node)) {
        found = true;
        return 'skip';
      }
      return undefined;
    },
    skipFunctions,
  );
  return found;
}

/** The text of an expression with whitespace, parentheses and `?.` normalised, to compare references. */
export function referenceText(expression: ts.Expression, sourceFile: ts.SourceFile): string {
  return skipOuter(expression)
    .getText(sourceFile)
    .replace(/\s+/g, '')
    .replace(/\?\./g, '.')
    .replace(/^\(+|\)+$/g, '');
}

/** The leftmost identifier or `this` of a member chain such as `this.a.b` or `x[0].y` (calls are not followed). */
export function rootOfChain(expression: ts.Expression): ts.Expression {
  let current = skipOuter(expression);
  while (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current)) {
    current = skipOuter(current.expression);
  }
  return current;
}

/** Finds the variable declaration of an identifier by name, looking outward through the enclosing scopes. */
export function findDeclaration(identifier: ts.Identifier): ts.Node | undefined {
  const name = identifier.text;
  for (
    let scope: ts.Node | undefined = identifier.parent;
    scope !== undefined;
    scope = scope.parent as ts.Node | undefined
  ) {
    if (isFunctionNode(scope)) {
      for (const parameter of scope.parameters) {
        if (bindsName(parameter.name, name)) return parameter;
      }
    }
    if (
      ts.isBlock(scope) ||
      ts.isSourceFile(scope) ||
      ts.isModuleBlock(scope) ||
      ts.isCaseClause(scope) ||
      ts.isDefaultClause(scope)
    ) {
      for (const statement of scope.statements) {
        const found = declarationInStatement(statement, name);
        if (found !== undefined) return found;
      }
    }
    if (
      (ts.isForOfStatement(scope) || ts.isForInStatement(scope) || ts.isForStatement(scope)) &&
      scope.initializer !== undefined &&
      ts.isVariableDeclarationList(scope.initializer)
    ) {
      for (const declaration of scope.initializer.declarations) {
        if (bindsName(declaration.name, name)) return declaration;
      }
    }
    if (
      ts.isCatchClause(scope) &&
      scope.variableDeclaration &&
      bindsName(scope.variableDeclaration.name, name)
    ) {
      return scope.variableDeclaration;
    }
  }
  return undefined;
}

function declarationInStatement(statement: ts.Statement, name: string): ts.Node | undefined {
  if (ts.isVariableStatement(statement)) {
    for (const declaration of statement.declarationList.declarations) {
      if (bindsName(declaration.name, name)) return declaration;
    }
  }
  if (
    (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) &&
    statement.name?.text === name
  ) {
    return statement;
  }
  if (ts.isImportDeclaration(statement) && statement.importClause !== undefined) {
    const clause = statement.importClause;
    if (clause.name?.text === name) return clause;
    const bindings = clause.namedBindings;
    if (bindings !== undefined) {
      if (ts.isNamespaceImport(bindings) && bindings.name.text === name) return bindings;
      if (ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) if (element.name.text === name) return element;
      }
    }
  }
  return undefined;
}

/** True when a binding name (identifier or destructuring pattern) binds `name`. */
function bindsName(binding: ts.BindingName, name: string): boolean {
  if (ts.isIdentifier(binding)) return binding.text === name;
  for (const element of binding.elements) {
    if (ts.isOmittedExpression(element)) continue;
    if (bindsName(element.name, name)) return true;
  }
  return false;
}

/** The module specifier an imported name comes from (`'node:events'` for `import { once } from 'node:events'`). */
export function importSource(declaration: ts.Node | undefined): string | undefined {
  for (let current = declaration; current !== undefined; current = current.parent) {
    if (ts.isImportDeclaration(current)) {
      return ts.isStringLiteral(current.moduleSpecifier) ? current.moduleSpecifier.text : undefined;
    }
  }
  return undefined;
}
