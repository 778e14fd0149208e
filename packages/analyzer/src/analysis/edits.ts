/**
 * The text edits rules offer as fixes and suggestions, all in one place: put `await`/`void` in front of an
 * expression, wrap it in a call, and import a helper (from `@awaitwise/core`) without a second import of the same
 * module or a clash with a name the file already declares. Internal to the analyzer.
 *
 * @module
 */
import ts from '../typescript.cjs';
import { needsParensAsOperand } from './syntax/expressions.js';
import { findDescendant } from './syntax/walk.js';
import type { TextEdit } from '../rule.js';

/**
 * Edits that put `keyword` (`await`, `void`) in front of `expression`, parenthesizing it when the operator would
 * otherwise bind to only part of it (`await (a || b)`).
 *
 * @example
 * ```ts
 * prefixEdits(sourceFile, statement.expression, 'await'); // `save()` → `await save()`
 * ```
 */
export function prefixEdits(
  sourceFile: ts.SourceFile,
  expression: ts.Expression,
  keyword: string,
): TextEdit[] {
  const start = expression.getStart(sourceFile);
  if (!needsParensAsOperand(expression)) return [{ start, end: start, text: `${keyword} ` }];
  return [
    { start, end: start, text: `${keyword} (` },
    { start: expression.getEnd(), end: expression.getEnd(), text: ')' },
  ];
}

/**
 * Edits that wrap `expression` in a call: `save()` → `background(save())`.
 *
 * @example
 * ```ts
 * wrapEdits(sourceFile, statement.expression, 'background');
 * ```
 */
export function wrapEdits(sourceFile: ts.SourceFile, expression: ts.Expression, callee: string): TextEdit[] {
  const start = expression.getStart(sourceFile);
  return [
    { start, end: start, text: `${callee}(` },
    { start: expression.getEnd(), end: expression.getEnd(), text: ')' },
  ];
}

/**
 * True when the file can take an `import` declaration: a TypeScript file, an `.mjs` file, or a `.js` file that
 * already uses `import`/`export`.
 *
 * @example
 * ```ts
 * if (canImport(sourceFile)) suggestions.push(backgroundSuggestion);
 * ```
 */
export function canImport(sourceFile: ts.SourceFile): boolean {
  const name = sourceFile.fileName;
  if (/\.c[jt]s$/.test(name)) return false;
  if (/\.(m?ts|tsx|mjs)$/.test(name)) return true;
  return sourceFile.statements.some(
    (statement) =>
      ts.isImportDeclaration(statement) ||
      ts.isExportDeclaration(statement) ||
      ts.isExportAssignment(statement) ||
      (ts.canHaveModifiers(statement) &&
        ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) === true),
  );
}

/**
 * The edits that make `name` from `moduleName` available in `sourceFile`: none when it is already imported from
 * there, a specifier added to an existing named import of that module (`import { limit } from '@awaitwise/core'` →
 * `import { limit, map } from …`), or a new import after the file's last import (before its first statement when
 * it has none). Returns undefined when the file already declares or imports `name` as something else: the rewrite
 * would then call that other thing, or redeclare it.
 *
 * @example
 * ```ts
 * const imports = importEdit(sourceFile, 'background', '@awaitwise/core');
 * if (imports !== undefined) suggestions.push({ description, edits: [...imports, ...wrapEdits(…)] });
 * ```
 */
export function importEdit(
  sourceFile: ts.SourceFile,
  name: string,
  moduleName: string,
): TextEdit[] | undefined {
  let lastImport: ts.ImportDeclaration | undefined;
  let namedImport: ts.NamedImports | undefined;
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement)) continue;
    lastImport = statement;
    const clause = statement.importClause;
    const bindings = clause?.namedBindings;
    if (
      !ts.isStringLiteral(statement.moduleSpecifier) ||
      statement.moduleSpecifier.text !== moduleName ||
      clause === undefined ||
      clause.phaseModifier === ts.SyntaxKind.TypeKeyword ||
      bindings === undefined ||
      !ts.isNamedImports(bindings)
    ) {
      continue;
    }
    const imported = bindings.elements.some(
      (element) =>
        element.name.text === name &&
        (element.propertyName === undefined || element.propertyName.text === name) &&
        !element.isTypeOnly,
    );
    if (imported) return [];
    namedImport ??= bindings;
  }
  if (declaresAnywhere(sourceFile, name)) return undefined;
  if (namedImport !== undefined) {
    const last = namedImport.elements[namedImport.elements.length - 1];
    if (last === undefined) {
      const open = namedImport.getStart(sourceFile) + 1;
      return [{ start: open, end: open, text: ` ${name} ` }];
    }
    return [{ start: last.getEnd(), end: last.getEnd(), text: `, ${name}` }];
  }
  const text = `import { ${name} } from '${moduleName}';`;
  if (lastImport !== undefined) {
    const end = lastImport.getEnd();
    return [{ start: end, end, text: `\n${text}` }];
  }
  const first = sourceFile.statements[0];
  const start = first === undefined ? 0 : first.getStart(sourceFile);
  return [{ start, end: start, text: `${text}\n` }];
}

/**
 * Whether some declaration anywhere in the file (any scope: a conservative check against capture) binds `name`: a
 * variable, parameter, function, class, enum, namespace or import.
 */
function declaresAnywhere(sourceFile: ts.SourceFile, name: string): boolean {
  const declares = (node: ts.Node): boolean =>
    (ts.isVariableDeclaration(node) ||
      ts.isParameter(node) ||
      ts.isBindingElement(node) ||
      ts.isFunctionDeclaration(node) ||
      ts.isClassDeclaration(node) ||
      ts.isEnumDeclaration(node) ||
      ts.isModuleDeclaration(node) ||
      ts.isImportEqualsDeclaration(node) ||
      ts.isImportSpecifier(node) ||
      ts.isImportClause(node) ||
      ts.isNamespaceImport(node)) &&
    node.name !== undefined &&
    ts.isIdentifier(node.name) &&
    node.name.text === name;
  return declares(sourceFile) || findDescendant(sourceFile, declares) !== undefined;
}
