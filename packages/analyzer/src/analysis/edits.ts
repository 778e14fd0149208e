/**
 * Text edits the promise rules offer: put `await`/`void` in front of an expression, wrap it in a call, and import a
 * helper from `@awaitwise/core`. Internal to the analyzer.
 *
 * @module
 */
import ts from '../typescript.cjs';
import type { TextEdit } from '../rule.js';
import { needsParensAsOperand } from './ast.js';

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
 * The edits that make `name` importable from `moduleName`: none when it is already imported, a specifier added to
 * an existing named import of that module, or a new import after the file's last import.
 *
 * @example
 * ```ts
 * importEdits(sourceFile, 'background', '@awaitwise/core');
 * ```
 */
export function importEdits(sourceFile: ts.SourceFile, name: string, moduleName: string): TextEdit[] {
  let lastImport: ts.ImportDeclaration | undefined;
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement)) continue;
    lastImport = statement;
    if (!ts.isStringLiteral(statement.moduleSpecifier) || statement.moduleSpecifier.text !== moduleName)
      continue;
    const bindings = statement.importClause?.namedBindings;
    if (
      statement.importClause?.phaseModifier === ts.SyntaxKind.TypeKeyword ||
      bindings === undefined ||
      !ts.isNamedImports(bindings)
    )
      continue;
    if (bindings.elements.some((element) => element.name.text === name && !element.isTypeOnly)) return [];
    const last = bindings.elements[bindings.elements.length - 1];
    if (last === undefined) {
      const open = bindings.getStart(sourceFile) + 1;
      return [{ start: open, end: open, text: ` ${name} ` }];
    }
    return [{ start: last.getEnd(), end: last.getEnd(), text: `, ${name}` }];
  }
  const text = `import { ${name} } from '${moduleName}';\n`;
  if (lastImport !== undefined) {
    const end = lastImport.getEnd();
    return [{ start: end, end, text: `\n${text.slice(0, -1)}` }];
  }
  const first = sourceFile.statements[0];
  const start = first === undefined ? 0 : first.getStart(sourceFile);
  return [{ start, end: start, text }];
}
