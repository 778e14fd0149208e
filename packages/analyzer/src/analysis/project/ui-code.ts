/**
 * UI code: modules that render an interface (React, Preact, Solid and React Native components, Next.js client
 * modules). What sets them apart for the async rules is where a rejection ends: in a browser, a React Native app or a
 * Next.js page, an unhandled rejection is logged (the console, a yellow box, the server log) and the app goes on,
 * whereas a Node process started without a handler exits. So a floating promise in UI code is a defect when work
 * after it depends on it (`dependentWork`), and an async callback when its failure leaves work half done
 * (`workLeftUndone`), not merely because the rejection is unhandled.
 *
 * A module is UI code when it contains JSX or starts with a `'use client'` directive: both are in the file itself,
 * so a `.tsx` file of helpers without JSX is not UI code, and neither is a `.ts` hook (its callers are).
 */
import { dirname } from 'node:path';
import ts from '../../typescript.cjs';
import type { FileReader } from '../../rule.js';
import { declaredRange } from './express.js';
import {
  dottedName,
  lineOf,
  normalizedText,
  referenceText,
  rootOfChain,
  skipOuter,
  skipOuterUp,
} from '../syntax/expressions.js';
import type { FunctionLike } from '../syntax/functions.js';
import { forEachInFunction } from '../syntax/walk.js';

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
 * Work that depends on a pending operation, for a message: where it is and why it depends on it.
 */
export interface DependentWork {
  /** The node that depends on the operation (a later statement, a `catch`, a continuation). */
  readonly node: ts.Node;
  /** Why, in a few words: "`setBusy(false)` (line 14) undoes `setBusy(true)` before it has finished". */
  readonly reason: string;
}

/**
 * The work that depends on the floating promise of `statement` (`part` is the discarded promise in it), or undefined
 * when what follows merely comes after it. Depending means, by data flow within the function and the called
 * function of the program:
 * - a continuation on the promise (`.then(f)`, `.finally(f)`), which runs only once it settles;
 * - a `catch` around it, written to handle a failure its rejection never reaches;
 * - a bracket: a later statement writes what an earlier one set before the call, with another value
 *   (`setBusy(true); save(); setBusy(false)`, `this.loading = true; load(); this.loading = false`): the reset is
 *   meant for when the work is done and runs at once;
 * - a later statement reads what the called function writes once it is running asynchronously (after its first
 *   `await`, or in a callback), so it reads the value from before.
 * Start-up steps one after the other, a listener added after `win.loadURL(…)`, or an unrelated clean-up do not
 * depend on it.
 *
 * @example
 * ```ts
 * dependentWork(statement, part, checker, (call) => analysis.referencedFunction(call.expression));
 * // for `save(form);` in `{ setBusy(true); save(form); setBusy(false); }`:
 * // { node: <setBusy(false)>, reason: '`setBusy(false)` (line 3) undoes `setBusy(true)` before it has finished' }
 * ```
 */
export function dependentWork(
  statement: ts.Statement,
  part: ts.Expression,
  checker: ts.TypeChecker,
  calleeOf: (call: ts.CallExpression) => FunctionLike | undefined,
): DependentWork | undefined {
  const inner = skipOuter(part);
  const sourceFile = statement.getSourceFile();
  if (
    ts.isCallExpression(inner) &&
    inner.arguments.length > 0 &&
    ts.isPropertyAccessExpression(inner.expression)
  ) {
    const method = inner.expression.name.text;
    if (method === 'then' || method === 'finally') {
      return { node: inner, reason: `its \`.${method}(…)\` continuation runs only once it settles` };
    }
  }
  const around = surroundings(statement);
  if (around === undefined) return undefined;
  if (around.caught !== undefined) {
    return {
      node: around.caught,
      reason: `the \`catch\` around it (line ${lineOf(sourceFile, around.caught)}) never sees its rejection`,
    };
  }
  const later = around.after.map((each) => each.statement);
  const bracket = bracketAcross(around.before, later, checker);
  if (bracket !== undefined) {
    return {
      node: bracket.after,
      reason: `\`${shortText(bracket.after)}\` (line ${lineOf(sourceFile, bracket.after)}) undoes \`${shortText(bracket.before)}\` before it has finished`,
    };
  }
  if (ts.isCallExpression(inner)) {
    const callee = calleeOf(inner);
    if (callee !== undefined) {
      const read = readOfAsyncWrite(callee, later, checker);
      if (read !== undefined) {
        return {
          node: read,
          reason: `\`${read.text}\` (line ${lineOf(sourceFile, read)}) is read before the call has written it`,
        };
      }
    }
  }
  return undefined;
}

/**
 * What a rejection of one of `fn`'s own `await`s (outside a \`try\` with a \`catch\`) leaves undone, or undefined when
 * a failure skips only work that needs the awaited value anyway. Undone means:
 * - a call of one of `fn`'s parameters is skipped (`callback(await processUrl(url))`): the caller that handed it in
 *   waits for that call;
 * - a bracket is left open: a statement before the await set something that a skipped statement after it sets again
 *   with another value (`setBusy(true); await save(); setBusy(false)`); a reset in a `finally` is not skipped.
 *
 * @example
 * ```ts
 * workLeftUndone(listener); // for `async () => { setBusy(true); await save(); setBusy(false); }`:
 * // { node: <setBusy(false)>, reason: '`setBusy(false)` (line 4) is skipped, leaving what `setBusy(true)` set' }
 * ```
 */
export function workLeftUndone(
  fn: ts.FunctionLikeDeclaration,
  checker: ts.TypeChecker,
): DependentWork | undefined {
  if (fn.body === undefined) return undefined;
  const body = fn.body;
  const sourceFile = fn.getSourceFile();
  const parameters = new Set<ts.Symbol>();
  for (const parameter of fn.parameters) {
    if (!ts.isIdentifier(parameter.name)) continue;
    const symbol = checker.getSymbolAtLocation(parameter.name);
    if (symbol !== undefined) parameters.add(symbol);
  }
  const callsParameter = (node: ts.Node): ts.CallExpression | undefined => {
    let found: ts.CallExpression | undefined;
    const check = (each: ts.Node): void => {
      if (found !== undefined || !ts.isCallExpression(each)) return;
      const callee = skipOuter(each.expression);
      const symbol = ts.isIdentifier(callee) ? checker.getSymbolAtLocation(callee) : undefined;
      if (symbol !== undefined && parameters.has(symbol)) found = each;
    };
    check(node);
    forEachInFunction(node, check);
    return found;
  };
  let result: DependentWork | undefined;
  forEachInFunction(body, (node) => {
    if (result !== undefined) return 'skip';
    if (!ts.isAwaitExpression(node)) return undefined;
    const statement = statementOf(node, fn);
    if (statement === undefined) return undefined;
    const around = surroundings(statement);
    if (around === undefined || around.caught !== undefined) return undefined;
    // The call the await is an argument of, and the rest of the await's own statement.
    for (
      let child: ts.Node = node, parent = node.parent;
      child !== statement;
      child = parent, parent = parent.parent
    ) {
      if (ts.isCallExpression(parent) && parent.expression !== child && callsParameter(parent) === parent) {
        result = completionSkipped(parent, sourceFile);
        return 'skip';
      }
    }
    const skipped = around.after.filter((each) => each.skipped).map((each) => each.statement);
    for (const later of skipped) {
      const call = callsParameter(later);
      if (call !== undefined) {
        result = completionSkipped(call, sourceFile);
        return 'skip';
      }
    }
    const bracket = bracketAcross(around.before, skipped, checker);
    if (bracket !== undefined) {
      result = {
        node: bracket.after,
        reason: `\`${shortText(bracket.after)}\` (line ${lineOf(sourceFile, bracket.after)}) is skipped, leaving what \`${shortText(bracket.before)}\` set`,
      };
    }
    return 'skip';
  });
  return result;
}

function completionSkipped(call: ts.CallExpression, sourceFile: ts.SourceFile): DependentWork {
  return {
    node: call,
    reason: `\`${shortText(call.expression)}(…)\` (line ${lineOf(sourceFile, call)}), which the caller waits for, is never called`,
  };
}

/** The statement of `fn` (not of a nested function) that contains `node`. */
function statementOf(node: ts.Node, fn: ts.Node): ts.Statement | undefined {
  for (let current: ts.Node = node; current !== fn; current = current.parent) {
    if (ts.isStatement(current)) return current;
  }
  return undefined;
}

interface Surroundings {
  /** Statements of the blocks around it, up to its function, that run before it. */
  readonly before: ts.Statement[];
  /** Statements of those blocks that run after it; `skipped` when a throw at it skips them (not a `finally`). */
  readonly after: { readonly statement: ts.Statement; readonly skipped: boolean }[];
  /** The `catch` clause of a `try` whose block holds it, if any. */
  readonly caught: ts.CatchClause | undefined;
}

/** The statements around `statement` in its function, or undefined at a module's top level. */
function surroundings(statement: ts.Statement): Surroundings | undefined {
  const before: ts.Statement[] = [];
  const after: { statement: ts.Statement; skipped: boolean }[] = [];
  let caught: ts.CatchClause | undefined;
  let skipping = true;
  let node: ts.Node = statement;
  for (let parent = node.parent; ; node = parent, parent = parent.parent) {
    if (ts.isSourceFile(parent)) return undefined;
    if (ts.isFunctionLike(parent) || ts.isClassStaticBlockDeclaration(parent)) break;
    if (ts.isTryStatement(parent) && parent.tryBlock === node) {
      if (parent.catchClause !== undefined) {
        caught ??= parent.catchClause;
        skipping = false;
      }
      if (parent.finallyBlock !== undefined) {
        for (const each of parent.finallyBlock.statements) after.push({ statement: each, skipped: false });
      }
    }
    if (ts.isBlock(parent) || ts.isCaseClause(parent) || ts.isDefaultClause(parent)) {
      const index = parent.statements.indexOf(node as ts.Statement);
      before.push(...parent.statements.slice(0, index));
      for (const each of parent.statements.slice(index + 1))
        after.push({ statement: each, skipped: skipping });
    }
  }
  return { before, after, caught };
}

interface Write {
  readonly node: ts.Expression;
  readonly key: string;
  readonly value: string;
}

/** A write before and a write after with the same target and different values: a state set around the operation. */
function bracketAcross(
  before: readonly ts.Statement[],
  after: readonly ts.Statement[],
  checker: ts.TypeChecker,
): { before: ts.Expression; after: ts.Expression } | undefined {
  if (before.length === 0 || after.length === 0) return undefined;
  const earlier = before.flatMap((each) => writesIn(each, checker));
  if (earlier.length === 0) return undefined;
  for (const write of after.flatMap((each) => writesIn(each, checker))) {
    const opening = earlier.find((each) => each.key === write.key && each.value !== write.value);
    if (opening !== undefined) return { before: opening.node, after: write.node };
  }
  return undefined;
}

/**
 * The state writes of a statement (nested blocks included, nested functions not): an assignment to a variable or a
 * member (`this.loading = true`, `count++`), or a one-argument call used as a statement (`setBusy(true)`,
 * `this.setState({ busy: true })`) that returns nothing, whose argument is not text (`console.log('saving')` reports, it does not set) and
 * whose callee is not a built-in global's.
 */
function writesIn(statement: ts.Statement, checker: ts.TypeChecker): Write[] {
  const writes: Write[] = [];
  const sourceFile = statement.getSourceFile();
  const visit = (node: ts.Node): void => {
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
      node.operatorToken.kind <= ts.SyntaxKind.LastAssignment
    ) {
      const target = referenceText(node.left);
      if (target !== undefined) {
        writes.push({ node, key: `set ${target}`, value: normalizedText(node.right, sourceFile) });
      }
    } else if (
      (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) &&
      (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)
    ) {
      const target = referenceText(node.operand);
      if (target !== undefined) {
        writes.push({
          node,
          key: `set ${target}`,
          value: node.operator === ts.SyntaxKind.PlusPlusToken ? '++' : '--',
        });
      }
    } else if (
      ts.isCallExpression(node) &&
      node.arguments.length === 1 &&
      ts.isExpressionStatement(skipOuterUp(node).parent)
    ) {
      const [first] = node.arguments;
      const argument = skipOuter(first ?? node);
      const callee = dottedName(node.expression);
      if (
        callee !== undefined &&
        !ts.isStringLiteralLike(argument) &&
        !ts.isTemplateExpression(argument) &&
        !isBuiltIn(node.expression, checker) &&
        returnsNothing(node, checker)
      ) {
        writes.push({ node, key: `call ${callee}`, value: normalizedText(argument, sourceFile) });
      }
    }
  };
  visit(statement);
  forEachInFunction(statement, visit);
  return writes;
}

/** True when `call` returns nothing (`void`, `undefined`): a setter, not an operation whose result matters. */
function returnsNothing(call: ts.CallExpression, checker: ts.TypeChecker): boolean {
  return (checker.getTypeAtLocation(call).flags & (ts.TypeFlags.Void | ts.TypeFlags.Undefined)) !== 0;
}

/**
 * True when the root of `callee` (`console` in `console.log`) is a global of declaration files only (the platform's
 * or a library's ambient global), not a binding of the program (a local, a parameter, an import).
 */
function isBuiltIn(callee: ts.Expression, checker: ts.TypeChecker): boolean {
  const root = rootOfChain(callee);
  if (!ts.isIdentifier(root)) return false;
  const declarations = checker.getSymbolAtLocation(root)?.declarations ?? [];
  return declarations.length > 0 && declarations.every((each) => each.getSourceFile().isDeclarationFile);
}

/**
 * The first reference in `later` to a variable or member that `callee` writes once it runs asynchronously (after its
 * first `await`, or inside a callback of its own), declared outside `callee`.
 */
function readOfAsyncWrite(
  callee: FunctionLike,
  later: readonly ts.Statement[],
  checker: ts.TypeChecker,
): ts.Identifier | undefined {
  if (callee.body === undefined || later.length === 0) return undefined;
  const body = callee.body;
  const written = new Set<ts.Symbol>();
  let firstAwait: number | undefined;
  const visit = (node: ts.Node, nested: boolean): void => {
    // Children first: `theme = await fetchTheme()` writes once its own await has settled.
    ts.forEachChild(node, (child) => {
      visit(child, nested || ts.isFunctionLike(child));
    });
    if (ts.isAwaitExpression(node) && !nested) firstAwait ??= node.getStart();
    const target =
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
      node.operatorToken.kind <= ts.SyntaxKind.LastAssignment
        ? node.left
        : (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) &&
            (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)
          ? node.operand
          : undefined;
    if (target !== undefined && (nested || firstAwait !== undefined)) {
      const inner = skipOuter(target);
      const name = ts.isPropertyAccessExpression(inner)
        ? inner.name
        : ts.isIdentifier(inner)
          ? inner
          : undefined;
      const symbol = name === undefined ? undefined : checker.getSymbolAtLocation(name);
      // A member is state of its object, which outlives the call (JavaScript declares it by this very assignment);
      // a variable counts when it is declared outside the callee, not one of its locals.
      const outlivesCall =
        ts.isPropertyAccessExpression(inner) ||
        symbol?.declarations?.some((each) => each.pos < callee.pos || each.end > callee.end) === true;
      if (symbol !== undefined && outlivesCall) written.add(symbol);
    }
  };
  ts.forEachChild(body, (child) => {
    visit(child, ts.isFunctionLike(child));
  });
  if (written.size === 0) return undefined;
  let found: ts.Identifier | undefined;
  for (const statement of later) {
    const look = (node: ts.Node): void => {
      if (found !== undefined) return;
      if (ts.isIdentifier(node)) {
        const symbol = checker.getSymbolAtLocation(node);
        if (symbol !== undefined && written.has(symbol)) found = node;
      }
      ts.forEachChild(node, look);
    };
    look(statement);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The text of a node on one line, shortened: `setBusy(false)`. */
function shortText(node: ts.Node): string {
  const text = node.getText().replace(/\s+/g, ' ');
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}
