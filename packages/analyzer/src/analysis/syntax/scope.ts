/**
 * Names and their declarations, answered from the syntax: is a global name (`Promise`) shadowed by a local
 * declaration, which declaration does an identifier refer to, which names does a pattern bind, is an identifier a
 * use of a name. Internal to the analyzer.
 *
 * @module
 */
import ts from '../../typescript.cjs';
import { skipOuter } from './expressions.js';
import { isFunctionLike } from './functions.js';
import { forEachDescendant } from './walk.js';

/** Options of {@link isShadowed}. */
export interface ShadowOptions {
  /**
   * Count only declarations inside functions and blocks, not the module's own top-level ones: for a module variable
   * (`let count`), whether a local declaration of the same name hides it at `node`.
   * @default false
   */
  readonly inFunctionsOnly?: boolean;
}

/**
 * True when `name` is declared in a scope that encloses `node`: a parameter, a `var`/`let`/`const`, a function,
 * class, enum or namespace, an import, or a catch binding. `var` and function declarations are found anywhere in
 * their function (hoisting); block-scoped names only in their block.
 *
 * @example
 * ```ts
 * isShadowed('Promise', newExpression); // true inside `import { Promise } from 'bluebird'`
 * isShadowed('count', write, { inFunctionsOnly: true }); // a local `count` hides the module's `let count`
 * ```
 */
export function isShadowed(name: string, node: ts.Node, options: ShadowOptions = {}): boolean {
  for (let scope = node.parent as ts.Node | undefined; scope !== undefined; scope = scope.parent) {
    if (options.inFunctionsOnly === true && ts.isSourceFile(scope)) return false;
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

/** A variable declaration that has an initializer (`const timer = setTimeout(…)`, not `let timer;`). */
export type InitializedVariable = ts.VariableDeclaration & { readonly initializer: ts.Expression };

/**
 * The variable declaration an identifier names, when it has an initializer: the one place a rule follows a name to
 * the value it was given.
 *
 * @example
 * ```ts
 * const declared = initializedVariable(identifier); // `const stat = promisify(fs.stat)` for `stat`
 * if (declared !== undefined) follow(declared.initializer);
 * ```
 */
export function initializedVariable(identifier: ts.Identifier): InitializedVariable | undefined {
  const declaration = findDeclaration(identifier);
  return declaration !== undefined &&
    ts.isVariableDeclaration(declaration) &&
    declaration.initializer !== undefined
    ? (declaration as InitializedVariable)
    : undefined;
}

/**
 * The declaration an identifier refers to, found by name looking outward through the enclosing scopes (parameters,
 * variables, functions, classes, imports, loop and catch bindings), or undefined (a global, a hoisted `var` …).
 *
 * @example
 * ```ts
 * const declaration = findDeclaration(identifier); // the `const timer = setTimeout(…)` it names
 * ```
 */
export function findDeclaration(identifier: ts.Identifier): ts.Node | undefined {
  const name = identifier.text;
  for (
    let scope: ts.Node | undefined = identifier.parent;
    scope !== undefined;
    scope = scope.parent as ts.Node | undefined
  ) {
    if (isFunctionLike(scope)) {
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

/** The declaration of `name` made directly by `statement`, if any. */
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

/**
 * The module a `require('m')` call loads: `'m'`; with `dynamicImport`, also `import('m')`. Undefined for any other
 * expression. The expression itself, not what wraps it: callers strip the `.default` or `await` their shapes allow.
 *
 * @example
 * ```ts
 * requiredModule(declaration.initializer) === 'knex' // const knex = require('knex')
 * ```
 */
export function requiredModule(
  expression: ts.Expression,
  options: { readonly dynamicImport?: boolean } = {},
): string | undefined {
  let call = expression;
  while (ts.isParenthesizedExpression(call)) call = call.expression;
  if (!ts.isCallExpression(call)) return undefined;
  const callee = call.expression;
  const loads =
    (ts.isIdentifier(callee) && callee.text === 'require') ||
    (options.dynamicImport === true && callee.kind === ts.SyntaxKind.ImportKeyword);
  const first = call.arguments[0];
  return loads && first !== undefined && ts.isStringLiteralLike(first) ? first.text : undefined;
}

/**
 * The module an identifier is bound from: `import { test } from 'node:test'`, `import test from 'node:test'`,
 * `import * as nt from 'node:test'`, `const { test } = require('node:test')`, `const test = require('tap').test`;
 * undefined for a global or a local value. With `wholeModule`, only a binding of the module itself counts (a
 * namespace or default import, `const m = require('m')`, `require('m').default`): what `m.X` is then read from.
 *
 * @example
 * ```ts
 * moduleOf(callee) === 'node:test'
 * moduleOf(namespace, { wholeModule: true }) === '@awaitwise/core' // import * as core from '@awaitwise/core'
 * ```
 */
export function moduleOf(
  identifier: ts.Identifier,
  options: { readonly wholeModule?: boolean } = {},
): string | undefined {
  const declaration = findDeclaration(identifier);
  if (declaration === undefined) return undefined;
  const imported = importSource(declaration);
  if (imported !== undefined) {
    const whole = ts.isNamespaceImport(declaration) || ts.isImportClause(declaration);
    return options.wholeModule === true && !whole ? undefined : imported;
  }
  if (options.wholeModule === true) {
    if (!ts.isVariableDeclaration(declaration) || !ts.isIdentifier(declaration.name)) return undefined;
    if (declaration.initializer === undefined) return undefined;
    // require('m'), require('m').default
    let value = skipOuter(declaration.initializer);
    if (ts.isPropertyAccessExpression(value)) value = skipOuter(value.expression);
    return requiredModule(value);
  }
  const current = bindingHolder(declaration);
  if (!ts.isVariableDeclaration(current) || current.initializer === undefined) return undefined;
  let value = skipOuter(current.initializer);
  while (ts.isPropertyAccessExpression(value)) value = skipOuter(value.expression);
  return ts.isCallExpression(value) && value.arguments.length === 1 ? requiredModule(value) : undefined;
}

/**
 * The declaration a destructured name is taken from: the variable declaration or parameter whose binding pattern
 * holds it (`const { a: [b] } = value` gives the `const` for `b`); any other node is returned as it is.
 *
 * @example
 * ```ts
 * const holder = bindingHolder(findDeclaration(name)); // `options` for `const { signal } = options`
 * ```
 */
export function bindingHolder(declaration: ts.Node): ts.Node {
  let current = declaration;
  while (
    ts.isBindingElement(current) ||
    ts.isObjectBindingPattern(current) ||
    ts.isArrayBindingPattern(current)
  )
    current = current.parent;
  return current;
}

/**
 * The module specifier an imported name comes from (`'node:events'` for `import { once } from 'node:events'`).
 *
 * @example
 * ```ts
 * importSource(findDeclaration(callee)) === 'node:timers/promises'
 * ```
 */
export function importSource(declaration: ts.Node | undefined): string | undefined {
  for (let current = declaration; current !== undefined; current = current.parent) {
    if (ts.isImportDeclaration(current)) {
      return ts.isStringLiteral(current.moduleSpecifier) ? current.moduleSpecifier.text : undefined;
    }
  }
  return undefined;
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
    if (ts.isStatement(current) || isFunctionLike(current)) break;
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
 * The assignments `this.<name> = value` inside `scope` (a class or one of its members), in source order: where a
 * field without an initializer gets its value (`this.limiter = new Bottleneck(…)` in the constructor, a builder set
 * again by a method).
 */
export function thisFieldAssignments(scope: ts.Node, name: string): ts.BinaryExpression[] {
  const found: ts.BinaryExpression[] = [];
  forEachDescendant(scope, (node) => {
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(node.left) &&
      node.left.expression.kind === ts.SyntaxKind.ThisKeyword &&
      node.left.name.text === name
    )
      found.push(node);
    return undefined;
  });
  return found;
}
