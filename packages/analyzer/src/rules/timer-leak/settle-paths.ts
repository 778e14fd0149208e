/**
 * The settle paths of a promise executor that arms a timer: every place the executor's `resolve`/`reject` is called
 * (or handed on as a listener or a `.then` callback) after the timer was armed, and whether the timer is cleared on
 * that path. A timeout cleared where the work succeeds but not where it fails, or a polling interval cleared on the
 * "done" branch but not on the branches that reject, keeps running after the promise settled. Internal to the
 * `timer-leak` rule.
 *
 * @module
 */
import ts from '../../typescript.cjs';
import { calleeName, normalizedText, skipOuter, skipOuterUp } from '../../analysis/syntax/expressions.js';
import {
  enclosingFunction,
  type FunctionLike,
  isExecutor,
  isFunctionLike,
} from '../../analysis/syntax/functions.js';
import { calledName } from '../../analysis/syntax/run-once.js';
import { findDeclaration } from '../../analysis/syntax/scope.js';
import { findDescendant, forEachDescendant, isWithin } from '../../analysis/syntax/walk.js';
import { isThenableType } from '../../analysis/types/promise-types.js';
import { earlierInChain } from './clear-paths.js';
import { clearedHandle } from './timer-calls.js';
import { handleUses } from './timer-promises.js';

/** How many functions out from a timer call its executor may be (the executor, a callback in it, one inside that). */
const executorDepth = 3;

/**
 * True when `fn` is the executor of a promise: `new Promise(fn)`; `new X(fn)` where `X` builds a thenable (bluebird's
 * constructor, a custom promise class), as the checker's types tell; or, where nothing is typed (`new Ctor(…)` of a
 * constructor handed in), `fn` takes two parameters and uses both as functions (calls them, or hands them on as
 * callbacks): the resolve and reject of a promise.
 */
export function isPromiseExecutor(fn: FunctionLike, checker: ts.TypeChecker): boolean {
  if (isExecutor(fn)) return true;
  const outer = skipOuterUp(fn);
  const parent = outer.parent;
  if (!ts.isNewExpression(parent) || parent.arguments?.[0] !== outer || fn.parameters.length === 0)
    return false;
  const type = checker.getTypeAtLocation(parent);
  if (isThenableType(checker, type)) return true;
  if ((type.flags & ts.TypeFlags.Any) === 0 || fn.parameters.length !== 2) return false;
  return fn.parameters.every((parameter) => {
    if (!ts.isIdentifier(parameter.name)) return false;
    const name = parameter.name;
    return (
      findDescendant(fn, (node) => {
        if (!ts.isIdentifier(node) || node === name || node.text !== name.text) return false;
        if (findDeclaration(node) !== parameter) return false;
        const holder = node.parent;
        return (
          ts.isCallExpression(holder) &&
          (skipOuter(holder.expression) === node || holder.arguments.includes(node))
        );
      }) !== undefined
    );
  });
}

/** The promise executor a timer call runs in (itself, or a callback nested in it), if any. */
export function executorAround(call: ts.Node, checker: ts.TypeChecker): FunctionLike | undefined {
  let fn = enclosingFunction(call);
  for (let depth = 0; fn !== undefined && depth < executorDepth; depth++) {
    if (isPromiseExecutor(fn, checker)) return fn;
    fn = enclosingFunction(fn);
  }
  return undefined;
}

/** The places the executor settles its promise: calls of `resolve`/`reject` and references handing them on. */
export function settleSites(executor: FunctionLike): ts.Identifier[] {
  const parameters = executor.parameters
    .slice(0, 2)
    .filter((parameter) => ts.isIdentifier(parameter.name))
    .map((parameter) => parameter.name as ts.Identifier);
  const sites: ts.Identifier[] = [];
  forEachDescendant(executor, (node) => {
    if (!ts.isIdentifier(node) || ts.isParameter(node.parent)) return undefined;
    // `Promise.resolve(value)`, `{ resolve: … }`: another object's member of the same name.
    if (isMemberName(node)) return undefined;
    const declaration = findDeclaration(node);
    if (declaration !== undefined && parameters.some((parameter) => parameter.parent === declaration))
      sites.push(node);
    return undefined;
  });
  return sites;
}

/** True for a name that is a member's, not a variable's: `x.resolve`, `{ resolve: f }`, `resolve() {}` in a class. */
function isMemberName(node: ts.Identifier): boolean {
  const parent = node.parent;
  return (
    (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
    (ts.isQualifiedName(parent) && parent.right === node) ||
    ((ts.isPropertyAssignment(parent) ||
      ts.isMethodDeclaration(parent) ||
      ts.isPropertyDeclaration(parent) ||
      ts.isGetAccessorDeclaration(parent) ||
      ts.isSetAccessorDeclaration(parent)) &&
      parent.name === node)
  );
}

/**
 * True when a settle site can run after the timer is armed: not a call in straight-line code before the arming call
 * (a settle function handed on there, `source.then(resolve, reject)`, runs later), nor a handler of a link earlier on
 * the promise chain whose later link arms the timer (`load().then(resolve).catch(() => setTimeout(retry, ms))`).
 */
function runsAfterArming(site: ts.Identifier, timer: ts.CallExpression, executor: FunctionLike): boolean {
  if (earlierInChain(site, timer, executor)) return false;
  const called = ts.isCallExpression(site.parent) && skipOuter(site.parent.expression) === site;
  const siteFunction = enclosingFunction(site);
  if (siteFunction === enclosingFunction(timer)) return site.pos >= timer.end || !called;
  // `return reject(encodingError)` in the executor's own code, before the statement that declares the function that
  // arms the timer (a `send()` it calls later): it runs before any timer exists.
  if (called && siteFunction === executor && executor.body !== undefined && ts.isBlock(executor.body)) {
    const holder = executor.body.statements.find((statement) => isWithin(timer, statement));
    if (holder !== undefined && site.end <= holder.getStart()) return false;
  }
  return true;
}

/** The nearest statement list holding `node` in its own function (a block, a `case`, the file), if any. */
function statementList(node: ts.Node): ts.Node | undefined {
  for (
    let current: ts.Node | undefined = node.parent;
    current !== undefined;
    current = current.parent as ts.Node | undefined
  ) {
    if (isFunctionLike(current)) return undefined;
    if (
      ts.isBlock(current) ||
      ts.isSourceFile(current) ||
      ts.isCaseClause(current) ||
      ts.isDefaultClause(current)
    ) {
      return current;
    }
  }
  return undefined;
}

/**
 * True when `clear` runs whenever `site` runs: they share a function (the site directly in it, or in a callback it
 * registers) and the clear's statement list holds the site; or the clear is in the `finally` of a `try` around the
 * site; or the clear is a `.finally(…)` callback on the chain the site is handed to.
 */
export function covers(clear: ts.Node, site: ts.Node): boolean {
  const clearFunction = enclosingFunction(clear);
  if (clearFunction !== undefined && isWithin(site, clearFunction)) {
    const list = statementList(clear);
    // An expression-bodied function (`(e) => (clearTimeout(t), reject(e))`) runs all of itself.
    if (list === undefined && clearFunction.body !== undefined && !ts.isBlock(clearFunction.body))
      return true;
    if (list !== undefined && isWithin(site, list)) return true;
    for (let current: ts.Node = clear.parent; current !== clearFunction; current = current.parent) {
      if (
        ts.isTryStatement(current) &&
        current.finallyBlock !== undefined &&
        isWithin(clear, current.finallyBlock)
      ) {
        const guarded =
          current.catchClause === undefined ? [current.tryBlock] : [current.tryBlock, current.catchClause];
        return guarded.some((part) => isWithin(site, part));
      }
    }
  }
  // `work().finally(() => clearTimeout(t)).then(resolve, reject)`.
  if (clearFunction !== undefined) {
    const holder = skipOuterUp(clearFunction).parent;
    if (ts.isCallExpression(holder) && calleeName(holder) === 'finally') {
      const statement = findStatement(holder);
      if (statement !== undefined && isWithin(site, statement)) return true;
    }
  }
  return false;
}

/** The statement a node sits in. */
function findStatement(node: ts.Node): ts.Statement | undefined {
  for (
    let current: ts.Node | undefined = node;
    current !== undefined;
    current = current.parent as ts.Node | undefined
  ) {
    if (isFunctionLike(current)) return undefined;
    if (ts.isExpressionStatement(current) || ts.isReturnStatement(current) || ts.isVariableStatement(current))
      return current;
  }
  return undefined;
}

/**
 * The calls in `scope` that clear `handle`: `clearTimeout(handle)`, and calls of a function of the file (a local
 * `cleanup()`, `this.stop()`) whose body clears it, one level deep.
 */
export function clearSites(scope: ts.Node, handle: ts.Expression, sourceFile: ts.SourceFile): ts.Node[] {
  const text = normalizedText(handle, sourceFile);
  const clearsDirectly = (root: ts.Node): boolean =>
    findDescendant(root, (node) => {
      if (!ts.isCallExpression(node)) return false;
      const cleared = clearedHandle(node);
      return (
        cleared !== undefined &&
        (normalizedText(cleared, sourceFile) === text || aliasOf(cleared, text, sourceFile))
      );
    }) !== undefined;
  const sites: ts.Node[] = [];
  forEachDescendant(sourceFile, (node) => {
    if (!ts.isCallExpression(node) || !isWithin(node, scope)) return undefined;
    const cleared = clearedHandle(node);
    if (cleared !== undefined) {
      if (normalizedText(cleared, sourceFile) === text || aliasOf(cleared, text, sourceFile))
        sites.push(node);
      return undefined;
    }
    const helper = calledFunction(node, sourceFile);
    if (helper !== undefined && !isWithin(node, helper) && clearsDirectly(helper)) sites.push(node);
    return undefined;
  });
  return sites;
}

/** True when `cleared` is a local read from the handle first (`const timer = this.timer; clearTimeout(timer)`). */
function aliasOf(cleared: ts.Expression, text: string, sourceFile: ts.SourceFile): boolean {
  const root = skipOuter(cleared);
  if (!ts.isIdentifier(root)) return false;
  const declaration = findDeclaration(root);
  return (
    declaration !== undefined &&
    ts.isVariableDeclaration(declaration) &&
    declaration.initializer !== undefined &&
    normalizedText(declaration.initializer, sourceFile) === text
  );
}

/** The function of the file a call calls: a named function or `const f = () => …`, or `this.method()`. */
export function calledFunction(call: ts.CallExpression, sourceFile: ts.SourceFile): ts.Node | undefined {
  const callee = skipOuter(call.expression);
  if (ts.isIdentifier(callee)) {
    const declaration = findDeclaration(callee);
    if (declaration === undefined || declaration.getSourceFile() !== sourceFile) return undefined;
    if (ts.isFunctionDeclaration(declaration)) return declaration;
    if (ts.isVariableDeclaration(declaration) && declaration.initializer !== undefined) {
      const value = skipOuter(declaration.initializer);
      return isFunctionLike(value) ? value : undefined;
    }
    return undefined;
  }
  if (ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword) {
    let klass: ts.Node = callee;
    while (!ts.isClassLike(klass)) {
      if (ts.isSourceFile(klass)) return undefined;
      klass = klass.parent;
    }
    return klass.members.find(
      (member) =>
        (ts.isMethodDeclaration(member) || ts.isPropertyDeclaration(member)) &&
        member.name.getText(sourceFile) === callee.name.text,
    );
  }
  return undefined;
}

/**
 * The settle sites of `executor` that can run after `timer` is armed and on whose path nothing in `clears` clears
 * it; the timer's own callback is skipped for a one-shot timer (it settles the promise when it fires).
 */
export function uncoveredSettles(
  executor: FunctionLike,
  timer: ts.CallExpression,
  ownCallback: ts.Node | undefined,
  clears: readonly ts.Node[],
): ts.Identifier[] {
  return settleSites(executor).filter(
    (site) =>
      (ownCallback === undefined || !isWithin(site, ownCallback)) &&
      runsAfterArming(site, timer, executor) &&
      !coveredOnEveryCall(site, executor, clears, 0),
  );
}

/**
 * True when a clear runs whenever `node` runs: a clear covers it, or it sits in a helper of the executor (`const fail
 * = (e) => reject(e)`) whose every call is covered in turn (`finish(() => fail(error))`, where `finish` clears first).
 */
function coveredOnEveryCall(
  node: ts.Node,
  executor: FunctionLike,
  clears: readonly ts.Node[],
  depth: number,
): boolean {
  if (clears.some((clear) => covers(clear, node))) return true;
  const helper = enclosingFunction(node);
  if (depth >= 2 || helper === undefined || helper === executor || !isWithin(helper, executor)) return false;
  const name = calledName(helper);
  if (name === undefined) return false;
  const uses: ts.Identifier[] = [];
  forEachDescendant(executor, (reference) => {
    if (!ts.isIdentifier(reference) || reference === name || reference.text !== name.text) return undefined;
    if (!isMemberName(reference) && findDeclaration(reference) === findDeclaration(name))
      uses.push(reference);
    return undefined;
  });
  // Every use is a call (a helper handed on as a value runs where nothing clears), each covered in turn.
  const calls = uses.map((use) => skipOuterUp(use).parent);
  return (
    calls.length > 0 &&
    calls.every(
      (call, index) =>
        ts.isCallExpression(call) &&
        skipOuter(call.expression) === uses[index] &&
        coveredOnEveryCall(call, executor, clears, depth + 1),
    )
  );
}

/** The uses of `handle` in `scope` outside `executor`: code that holds the promise may clear it there. */
export function usesOutside(
  scope: ts.Node,
  executor: FunctionLike,
  handle: ts.Expression,
  sourceFile: ts.SourceFile,
): ts.Node[] {
  return handleUses(scope, handle, sourceFile).filter((use) => !isWithin(use, executor));
}
