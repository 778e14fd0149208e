/**
 * How often a function runs, as far as its own file can tell: the name it is called by, whether only module-level code
 * calls it (it runs once for good), whether it is called where it is written, and the loop a node sits in. Shared by
 * the rules that judge code by how often it runs (listener-leak, timer-leak, sequential-await). Internal to the
 * analyzer.
 *
 * @module
 */
import ts from '../../typescript.cjs';
import { normalizedText, skipOuter, skipOuterUp } from './expressions.js';
import { enclosingClass, enclosingFunction, type FunctionLike, isFunctionLike } from './functions.js';
import { findDeclaration } from './scope.js';
import { forEachDescendant } from './walk.js';

/**
 * The name a function is called by in its file: a declaration's or method's own name, else the variable, property or
 * class field it is assigned to, else a function expression's own name.
 */
export function calledName(fn: FunctionLike): ts.Identifier | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) && fn.name !== undefined) {
    return ts.isIdentifier(fn.name) ? fn.name : undefined;
  }
  const parent = skipOuterUp(fn).parent;
  if (
    (ts.isVariableDeclaration(parent) ||
      ts.isPropertyAssignment(parent) ||
      ts.isPropertyDeclaration(parent)) &&
    ts.isIdentifier(parent.name)
  ) {
    return parent.name;
  }
  return ts.isFunctionExpression(fn) && fn.name !== undefined ? fn.name : undefined;
}

/** A function expression or arrow called where it is written: `(async () => { … })()`. */
export function isImmediatelyInvoked(fn: FunctionLike): boolean {
  if (!ts.isFunctionExpression(fn) && !ts.isArrowFunction(fn)) return false;
  const outer = skipOuterUp(fn);
  const parent = outer.parent;
  return ts.isCallExpression(parent) && parent.expression === outer;
}

/**
 * True when `fn` runs once for good: a function of the module (not exported) that only module-level code calls, or
 * functions that themselves run once (`main()` at the bottom of a script, `void bootstrap()`).
 */
export function runsOnce(fn: FunctionLike, depth = 0): boolean {
  if (depth > 3) return false;
  if (isImmediatelyInvoked(fn)) {
    const outer = enclosingFunction(fn);
    return outer === undefined || runsOnce(outer, depth + 1);
  }
  if (!ts.isFunctionDeclaration(fn) && !ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return false;
  const name = calledName(fn);
  if (name === undefined || isExportedFunction(fn)) return false;
  // A function declared inside another runs as often as the calls around it.
  const declaredIn = enclosingFunction(skipOuterUp(fn).parent);
  if (declaredIn !== undefined && !runsOnce(declaredIn, depth + 1)) return false;
  let calls = 0;
  let others = false;
  forEachDescendant(fn.getSourceFile(), (node) => {
    if (others) return 'skip';
    if (!ts.isIdentifier(node) || node.text !== name.text || node === name) return undefined;
    // `http.createServer()`: another object's member of the same name.
    if (ts.isPropertyAccessExpression(node.parent) && node.parent.name === node) return undefined;
    const declaration = findDeclaration(node);
    if (declaration !== undefined && declaration !== fn && declaration !== skipOuterUp(fn).parent)
      return undefined;
    const parent = skipOuterUp(node).parent;
    if (
      !ts.isCallExpression(parent) ||
      skipOuter(parent.expression) !== node ||
      insideLoop(parent, undefined)
    ) {
      others = true;
      return undefined;
    }
    const caller = enclosingFunction(parent);
    if (caller !== undefined && !runsOnce(caller, depth + 1)) others = true;
    calls += 1;
    return undefined;
  });
  return calls > 0 && !others;
}

/** An exported function that no code of its own file calls: how often it runs is up to other modules. */
export function isUncalledExport(fn: FunctionLike): boolean {
  const name = calledName(fn);
  if (name === undefined || !isExportedFunction(fn)) return false;
  let called = false;
  forEachDescendant(fn.getSourceFile(), (node) => {
    if (called) return 'skip';
    if (ts.isCallExpression(node) && ts.isIdentifier(skipOuter(node.expression))) {
      if ((skipOuter(node.expression) as ts.Identifier).text === name.text) called = true;
    }
    return undefined;
  });
  return !called;
}

/**
 * `export function f`, `export const f = …`, or in CommonJS a function the module hands out by name
 * (`module.exports = { f }`, `module.exports.f = f`, `exports.f = f`, `module.exports = f`).
 */
export function isExportedFunction(fn: FunctionLike): boolean {
  // `export function f`, or `export const f = …` (the function, its declaration, the list, the statement).
  const holder = ts.isFunctionDeclaration(fn) ? fn : skipOuterUp(fn).parent.parent.parent;
  const modifiers = ts.canHaveModifiers(holder) ? ts.getModifiers(holder) : undefined;
  if (modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword) === true) return true;
  const name = calledName(fn);
  return name !== undefined && exportedByCommonJs(name.text, fn.getSourceFile());
}

/** A top-level `module.exports`/`exports` assignment hands out the function named `name`. */
function exportedByCommonJs(name: string, sourceFile: ts.SourceFile): boolean {
  const names = (value: ts.Expression): boolean => {
    const inner = skipOuter(value);
    if (ts.isIdentifier(inner)) return inner.text === name;
    if (!ts.isObjectLiteralExpression(inner)) return false;
    return inner.properties.some(
      (property) =>
        (ts.isShorthandPropertyAssignment(property) && property.name.text === name) ||
        (ts.isPropertyAssignment(property) &&
          ts.isIdentifier(skipOuter(property.initializer)) &&
          (skipOuter(property.initializer) as ts.Identifier).text === name),
    );
  };
  return sourceFile.statements.some((statement) => {
    if (!ts.isExpressionStatement(statement)) return false;
    const assignment = skipOuter(statement.expression);
    if (!ts.isBinaryExpression(assignment) || assignment.operatorToken.kind !== ts.SyntaxKind.EqualsToken)
      return false;
    const left = assignment.left.getText(sourceFile).replace(/\s+/g, '');
    return (
      (left === 'module.exports' || left.startsWith('module.exports.') || left.startsWith('exports.')) &&
      names(assignment.right)
    );
  });
}

/** The loop between `node` and `fn` (or the module), if any. */
export function insideLoop(node: ts.Node, fn: FunctionLike | undefined): ts.IterationStatement | undefined {
  for (
    let current = node.parent as ts.Node | undefined;
    current !== undefined && current !== fn;
    current = current.parent
  ) {
    if (isFunctionLike(current) || ts.isSourceFile(current)) return undefined;
    if (ts.isIterationStatement(current, false) && !isLoopHeader(node, current)) return current;
  }
  return undefined;
}

/** `node` sits in the loop's initializer or iterable, which run once. */
function isLoopHeader(node: ts.Node, loop: ts.IterationStatement): boolean {
  const header =
    ts.isForOfStatement(loop) || ts.isForInStatement(loop)
      ? loop.expression
      : ts.isForStatement(loop)
        ? loop.initializer
        : undefined;
  return header !== undefined && node.pos >= header.pos && node.end <= header.end;
}

/**
 * True when `fn` is a method (or a class field holding a function) that only its class's constructor calls, as
 * `this.name(…)` in the constructor's own body and outside any loop: it runs once per instance, as often as the
 * constructor (`constructor(client) { this.listen(); }` with `private async listen()`).
 */
export function calledOnlyByConstructor(fn: FunctionLike): boolean {
  const name = calledName(fn);
  const klass = enclosingClass(fn);
  if (name === undefined || klass === undefined) return false;
  if (!ts.isMethodDeclaration(fn) && !ts.isPropertyDeclaration(skipOuterUp(fn).parent)) return false;
  if (fn.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.StaticKeyword)) return false;
  let calls = 0;
  let others = false;
  forEachDescendant(klass, (node) => {
    if (others) return 'skip';
    if (!ts.isPropertyAccessExpression(node) || node.name.text !== name.text) return undefined;
    if (node.expression.kind !== ts.SyntaxKind.ThisKeyword) return undefined;
    const call = skipOuterUp(node).parent;
    const caller = enclosingFunction(node);
    if (
      !ts.isCallExpression(call) ||
      skipOuter(call.expression) !== node ||
      caller === undefined ||
      !ts.isConstructorDeclaration(caller) ||
      enclosingClass(caller) !== klass ||
      insideLoop(call, caller) !== undefined
    ) {
      others = true;
      return undefined;
    }
    calls += 1;
    return undefined;
  });
  return calls > 0 && !others;
}

/**
 * True when `fn` or a function it is nested in starts with a once-guard: `if (started) return;` and then
 * `started = true` in the same block. It runs its work again only after the code that resets the flag (a `stop`) ran.
 *
 * @example
 * ```ts
 * // true for `register`: if (registered) return; registered = true; process.on('exit', flush);
 * runsOnceUntilReset(register, sourceFile);
 * ```
 */
export function runsOnceUntilReset(fn: FunctionLike, sourceFile: ts.SourceFile): boolean {
  for (
    let current: FunctionLike | undefined = fn;
    current !== undefined;
    current = enclosingFunction(current)
  ) {
    const body = current.body;
    if (body === undefined || !ts.isBlock(body)) continue;
    const statements = body.statements;
    for (const [index, statement] of statements.entries()) {
      if (!ts.isIfStatement(statement) || statement.elseStatement !== undefined) continue;
      const then = statement.thenStatement;
      const exits =
        ts.isReturnStatement(then) || (ts.isBlock(then) && then.statements.some(ts.isReturnStatement));
      if (!exits) continue;
      // `if (started) return;`, also as one of several reasons to return: `if (this.closing || this.busy) return;`.
      const flags = orTerms(statement.expression)
        .filter((term) => ts.isIdentifier(term) || ts.isPropertyAccessExpression(term))
        .map((term) => normalizedText(term, sourceFile));
      const setsFlag = statements.slice(index + 1).some((later) => {
        if (!ts.isExpressionStatement(later)) return false;
        const expression = skipOuter(later.expression);
        return (
          ts.isBinaryExpression(expression) &&
          expression.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
          expression.right.kind === ts.SyntaxKind.TrueKeyword &&
          flags.includes(normalizedText(expression.left, sourceFile))
        );
      });
      if (setsFlag) return true;
    }
  }
  return false;
}

/** The operands of a chain of `||` (`a || b || c`), or the expression itself. */
function orTerms(expression: ts.Expression): ts.Expression[] {
  const inner = skipOuter(expression);
  if (ts.isBinaryExpression(inner) && inner.operatorToken.kind === ts.SyntaxKind.BarBarToken)
    return [...orTerms(inner.left), ...orTerms(inner.right)];
  return [inner];
}
