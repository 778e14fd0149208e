/**
 * Import helpers for rules that suggest `@awaitwise/core` rewrites.
 *
 * @packageDocumentation
 */
import ts from '../typescript.cjs';
import type { TextEdit } from '../rule.js';

/**
 * The edit that makes `name` from `specifier` available in `sourceFile`: nothing when an import of it from that module
 * already exists, an insertion after the last import otherwise. Returns undefined when `name` is already bound to
 * something else in the file (the rewrite would change meaning).
 *
 * @example
 * ```ts
 * const edit = importEdit(sourceFile, 'map', '@awaitwise/core');
 * ```
 */
export function importEdit(
  sourceFile: ts.SourceFile,
  name: string,
  specifier: string,
): TextEdit[] | undefined {
  let lastImportEnd = -1;
  let alreadyImported = false;
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement)) continue;
    lastImportEnd = statement.getEnd();
    const bindings = statement.importClause?.namedBindings;
    if (
      ts.isStringLiteral(statement.moduleSpecifier) &&
      statement.moduleSpecifier.text === specifier &&
      statement.importClause?.phaseModifier !== ts.SyntaxKind.TypeKeyword &&
      bindings !== undefined &&
      ts.isNamedImports(bindings) &&
      bindings.elements.some((element) => element.name.text === name && element.propertyName === undefined)
    ) {
      alreadyImported = true;
    }
  }
  if (alreadyImported) return [];
  if (isNameBound(sourceFile, name)) return undefined;
  const text = `import { ${name} } from '${specifier}';\n`;
  if (lastImportEnd < 0) return [{ start: 0, end: 0, text }];
  return [{ start: lastImportEnd, end: lastImportEnd, text: `\n${text.slice(0, -1)}` }];
}

/** Whether some declaration anywhere in the file binds `name` (a conservative check against capture). */
function isNameBound(sourceFile: ts.SourceFile, name: string): boolean {
  let bound = false;
  const walk = (node: ts.Node): void => {
    if (bound) return;
    if (
      (ts.isVariableDeclaration(node) ||
        ts.isParameter(node) ||
        ts.isBindingElement(node) ||
        ts.isFunctionDeclaration(node) ||
        ts.isClassDeclaration(node) ||
        ts.isImportSpecifier(node) ||
        ts.isImportClause(node) ||
        ts.isNamespaceImport(node)) &&
      node.name !== undefined &&
      ts.isIdentifier(node.name) &&
      node.name.text === name
    ) {
      bound = true;
      return;
    }
    ts.forEachChild(node, walk);
  };
  walk(sourceFile);
  return bound;
}
