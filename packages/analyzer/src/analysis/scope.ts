/**
 * Syntactic scope questions for rules that run without the type checker: is a global name (`Promise`) shadowed by a
 * declaration of the same name in an enclosing scope? Internal to the analyzer.
 *
 * @module
 */
import ts from '../typescript.cjs';
import { isFunctionLike } from './ast.js';

/**
 * True when `name` is declared in a scope that encloses `node`: a parameter, a `var`/`let`/`const`, a function,
 * class, enum or namespace, an import, or a catch binding. `var` and function declarations are found anywhere in
 * their function (hoisting); block-scoped names only in their block.
 *
 * @example
 * ```ts
 * isShadowed('Promise', newExpression); // true inside `import { Promise } from 'bluebird'`
 * ```
 */
export function isShadowed(name: string, node: ts.Node): boolean {
  for (let scope = node.parent as ts.Node | undefined; scope !== undefined; scope = scope.parent) {
    if (isFunctionLike(scope)) {
      if (scope.parameters.some((parameter) => bindsName(parameter.name, name))) return true;
      if (
        (ts.isFunctionExpression(scope) || ts.isClassExpression(scope)) &&
        scope.name !== undefined &&
        scope.name.text === name
      ) {
        return true;
      }
      if (scope.body !== undefined && hoistsName(scope.body, name)) return true;
      continue;
    }
    if (ts.isCatchClause(scope)) {
      const binding = scope.variableDeclaration?.name;
      if (binding !== undefined && bindsName(binding, name)) return true;
      continue;
    }
    if (ts.isBlock(scope) || ts.isModuleBlock(scope) || ts.isCaseBlock(scope) || ts.isSourceFile(scope)) {
      const statements = ts.isCaseBlock(scope)
        ? scope.clauses.flatMap((clause) => [...clause.statements])
        : scope.statements;
      if (statements.some((statement) => declaresName(statement, name))) return true;
      if (ts.isSourceFile(scope) && hoistsName(scope, name)) return true;
      continue;
    }
    if (
      (ts.isForStatement(scope) || ts.isForOfStatement(scope) || ts.isForInStatement(scope)) &&
      scope.initializer !== undefined &&
      ts.isVariableDeclarationList(scope.initializer) &&
      scope.initializer.declarations.some((d) => bindsName(d.name, name))
    ) {
      return true;
    }
  }
  return false;
}

/**
 * True when `name` at `node` is declared by the file's own code (a local function, variable, class or parameter)
 * rather than imported at the top of the file: `useEffect` imported from React is not local, a `function
 * useEffect()` is.
 *
 * @example
 * ```ts
 * isLocallyDeclared('expect', call); // false under `import { expect } from 'vitest'`
 * ```
 */
export function isLocallyDeclared(name: string, node: ts.Node): boolean {
  const imported = node
    .getSourceFile()
    .statements.some((statement) => ts.isImportDeclaration(statement) && declaresName(statement, name));
  return !imported && isShadowed(name, node);
}

/** True when the statement declares `name` directly (block-scoped or not). */
function declaresName(statement: ts.Statement, name: string): boolean {
  if (ts.isVariableStatement(statement)) {
    return statement.declarationList.declarations.some((d) => bindsName(d.name, name));
  }
  if (
    ts.isFunctionDeclaration(statement) ||
    ts.isClassDeclaration(statement) ||
    ts.isEnumDeclaration(statement) ||
    ts.isModuleDeclaration(statement)
  ) {
    return statement.name !== undefined && ts.isIdentifier(statement.name) && statement.name.text === name;
  }
  if (ts.isImportEqualsDeclaration(statement)) return statement.name.text === name;
  if (ts.isImportDeclaration(statement)) {
    const clause = statement.importClause;
    if (clause === undefined) return false;
    if (clause.name?.text === name) return true;
    const bindings = clause.namedBindings;
    if (bindings === undefined) return false;
    if (ts.isNamespaceImport(bindings)) return bindings.name.text === name;
    return bindings.elements.some((element) => element.name.text === name);
  }
  return false;
}

/** True when a `var` (in any nested block, not nested function) of `body` declares `name`. */
function hoistsName(body: ts.Node, name: string): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isVariableDeclarationList(node) && (node.flags & ts.NodeFlags.BlockScoped) === 0) {
      if (node.declarations.some((d) => bindsName(d.name, name))) found = true;
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
  return found;
}

/** True when a binding name (identifier or destructuring pattern) binds `name`. */
export function bindsName(binding: ts.BindingName, name: string): boolean {
  if (ts.isIdentifier(binding)) return binding.text === name;
  return binding.elements.some(
    (element) => !ts.isOmittedExpression(element) && bindsName(element.name, name),
  );
}
