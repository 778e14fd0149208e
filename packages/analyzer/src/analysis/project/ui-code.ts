/**
 * UI code: modules that render an interface (React, Preact, Solid and React Native components, Next.js client
 * modules). What sets them apart for the async rules is where a rejection ends: in a browser, a React Native app or a
 * Next.js page, an unhandled rejection is logged (the console, a yellow box, the server log) and the app goes on,
 * whereas a Node process started without a handler exits. So a floating promise in UI code is a defect when its
 * failure skips work the code meant to do after it, not merely because it is unhandled.
 *
 * A module is UI code when it contains JSX or starts with a `'use client'` directive: both are in the file itself,
 * so a `.tsx` file of helpers without JSX is not UI code, and neither is a `.ts` hook (its callers are).
 */
import ts from '../../typescript.cjs';

const uiModules = new WeakMap<ts.SourceFile, boolean>();

/**
 * True when `sourceFile` renders an interface: it has a `'use client'` directive or contains JSX.
 *
 * @example
 * ```ts
 * isUiModule(program.getSourceFile('components/user-form.tsx')!); // true: it returns <form>…</form>
 * ```
 */
export function isUiModule(sourceFile: ts.SourceFile): boolean {
  const cached = uiModules.get(sourceFile);
  if (cached !== undefined) return cached;
  const result = hasUseClientDirective(sourceFile) || containsJsx(sourceFile);
  uiModules.set(sourceFile, result);
  return result;
}

function hasUseClientDirective(sourceFile: ts.SourceFile): boolean {
  for (const statement of sourceFile.statements) {
    if (!ts.isExpressionStatement(statement) || !ts.isStringLiteral(statement.expression)) return false;
    if (statement.expression.text === 'use client') return true;
  }
  return false;
}

function containsJsx(sourceFile: ts.SourceFile): boolean {
  // JSX only parses in .tsx/.jsx (and .js, which TypeScript parses with JSX enabled).
  if (sourceFile.languageVariant !== ts.LanguageVariant.JSX) return false;
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isJsxElement(node) || ts.isJsxSelfClosingElement(node) || ts.isJsxFragment(node)) {
      found = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}
