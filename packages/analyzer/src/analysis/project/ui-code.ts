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
import { dirname } from 'node:path';
import ts from '../../typescript.cjs';
import type { FileReader } from '../../rule.js';
import { declaredRange } from './express.js';
import { skipOuter } from '../syntax/expressions.js';

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

/** Per file reader (one per run), the answer for each folder. */
const electronDirectories = new WeakMap<FileReader, Map<string, boolean>>();

/**
 * True when `sourceFile` belongs to an Electron app: the nearest `package.json` that declares `electron` (an app lists
 * it in its dependencies or dev dependencies) is one of its folder's or a parent's. Electron runs both its main
 * process and its renderers with `--unhandled-rejections=warn` (later `warn-with-error-code`): an unhandled rejection
 * is logged and the app goes on, as in a browser, instead of ending the process as Node does.
 *
 * @example
 * ```ts
 * runsInElectron(sourceFile, context.files); // true for caprine's source/menu.ts ("electron": "^29.0.1")
 * ```
 */
export function runsInElectron(sourceFile: ts.SourceFile, files: FileReader): boolean {
  const directory = dirname(sourceFile.fileName);
  let folders = electronDirectories.get(files);
  if (folders === undefined) {
    folders = new Map();
    electronDirectories.set(files, folders);
  }
  let answer = folders.get(directory);
  if (answer === undefined) {
    answer = declaredRange(directory, files, 'electron') !== undefined;
    folders.set(directory, answer);
  }
  return answer;
}

/**
 * True when work follows `statement` in its function, work that a failure of `statement` would skip: a later statement
 * of one of its enclosing blocks (`setIsSubmitting(false)` after `save(form)`, `app.quit()` after
 * `shell.trashItem(…)`), or a `catch` around it. In code where an unhandled rejection is only logged (UI code, an
 * Electron app), that skipped work is the defect, not the rejection. A trailing `return` of nothing, of a value
 * computed without a call (`{ action: 'deny' }`) or of a clean-up function, `break` and `continue` are not work.
 *
 * @example
 * ```ts
 * workFollows(statement); // true for `save(form);` in `{ save(form); setBusy(false); }`
 * ```
 */
export function workFollows(statement: ts.Statement): boolean {
  let node: ts.Node = statement;
  for (let parent = node.parent; !ts.isSourceFile(parent); node = parent, parent = parent.parent) {
    if (ts.isFunctionLike(parent)) return false;
    if (ts.isTryStatement(parent) && parent.tryBlock === node && parent.catchClause !== undefined)
      return true;
    if (ts.isBlock(parent) || ts.isCaseClause(parent) || ts.isDefaultClause(parent)) {
      const later = parent.statements.slice(parent.statements.indexOf(node as ts.Statement) + 1);
      if (later.some((each) => !endsWithoutWork(each))) return true;
    }
  }
  return false;
}

/**
 * True when an `await` of `fn`'s own body, outside any `try` with a `catch`, is followed by work its rejection would
 * skip: a call it is an argument of (`callback(await processUrl(url))`), or what `workFollows` sees after its
 * statement (`setBusy(true); await save(); setBusy(false);`). An async listener whose awaits are its last steps
 * (`config.set(…); await updateMenu();`) skips nothing when it fails.
 *
 * @example
 * ```ts
 * awaitSkipsWork(listener); // true for `async () => { setBusy(true); await save(); setBusy(false); }`
 * ```
 */
export function awaitSkipsWork(fn: ts.FunctionLikeDeclaration): boolean {
  if (fn.body === undefined) return false;
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || (node !== fn.body && ts.isFunctionLike(node))) return;
    if (ts.isAwaitExpression(node) && !insideCaughtTry(node, fn) && skipsWorkAfter(node, fn)) {
      found = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(fn.body);
  return found;
}

/** True when `node` lies in the `try` block of a `try` with a `catch`, inside `fn`. */
function insideCaughtTry(node: ts.Node, fn: ts.Node): boolean {
  let child: ts.Node = node;
  for (let parent = node.parent; parent !== fn; child = parent, parent = parent.parent) {
    if (ts.isTryStatement(parent) && parent.tryBlock === child && parent.catchClause !== undefined)
      return true;
  }
  return false;
}

/** True when a rejection of `awaited` skips a call it is an argument of, or work after its statement. */
function skipsWorkAfter(awaited: ts.AwaitExpression, fn: ts.Node): boolean {
  let child: ts.Node = awaited;
  for (let parent = awaited.parent; parent !== fn; child = parent, parent = parent.parent) {
    if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.expression !== child)
      return true;
    if (ts.isStatement(parent)) return workFollows(parent);
  }
  return false;
}

/** `return;`, `return value;`, `return () => clean-up`, `break`, `continue`, `;`: statements that do no work. */
function endsWithoutWork(statement: ts.Statement): boolean {
  if (ts.isBreakStatement(statement) || ts.isContinueStatement(statement) || ts.isEmptyStatement(statement))
    return true;
  if (!ts.isReturnStatement(statement)) return false;
  const value = statement.expression;
  return value === undefined || computedWithoutCalls(value);
}

/** An identifier, a literal, a function, or an object or array literal of those: a value made without calling anything. */
function computedWithoutCalls(expression: ts.Expression): boolean {
  const value = skipOuter(expression);
  if (ts.isObjectLiteralExpression(value)) {
    return value.properties.every(
      (property) =>
        ts.isShorthandPropertyAssignment(property) ||
        (ts.isPropertyAssignment(property) && computedWithoutCalls(property.initializer)),
    );
  }
  if (ts.isArrayLiteralExpression(value)) return value.elements.every(computedWithoutCalls);
  return (
    ts.isIdentifier(value) ||
    ts.isLiteralExpression(value) ||
    value.kind === ts.SyntaxKind.TrueKeyword ||
    value.kind === ts.SyntaxKind.FalseKeyword ||
    value.kind === ts.SyntaxKind.NullKeyword ||
    ts.isArrowFunction(value) ||
    ts.isFunctionExpression(value)
  );
}
