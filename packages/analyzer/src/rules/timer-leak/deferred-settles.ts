/**
 * Timers that settle a deferred: a promise whose `resolve`/`reject` left its executor (`deferred.reject`, a
 * `this.reject` field, `{ promise, resolve, reject }` from a helper). The timer's callback settles it one way; every
 * other place that settles it (`work.then(ok, deferred.reject)`, a `fail()` method calling `this.reject(err)`, a caller
 * of a public `reject` field) is a path on which the timer must be cleared. The executor check (settle-paths.ts) sees
 * only the executor's own parameters; this one follows the settle functions where they were stored. Internal to the
 * `timer-leak` rule.
 *
 * @module
 */
import ts from '../../typescript.cjs';
import { calleeName, normalizedText, skipOuter, skipOuterUp } from '../../analysis/syntax/expressions.js';
import { enclosingFunction } from '../../analysis/syntax/functions.js';
import { findDeclaration } from '../../analysis/syntax/scope.js';
import { forEachDescendant, isWithin } from '../../analysis/syntax/walk.js';
import { calledFunction, clearSites, covers } from './settle-paths.js';
import { clearedHandle } from './timer-calls.js';
import { handleTarget, handleUses } from './timer-promises.js';

/** The members a deferred settles through. */
const settleNames = new Set(['resolve', 'reject']);

/** A deferred settled by a timer's callback: the object that holds its settle functions, as written. */
interface SettledDeferred {
  /** `deferred` in `deferred.reject(…)`, `this` in `this.reject(…)`. */
  readonly holder: ts.Expression;
  /** Where the settle functions live: the class for `this`, the function (or file) that declares the holder. */
  readonly scope: ts.Node;
}

/** The deferred a timer callback settles (`() => deferred.reject(new Error('…'))`), if it settles one. */
function deferredSettledBy(callback: ts.Node): SettledDeferred | undefined {
  let found: SettledDeferred | undefined;
  forEachDescendant(callback, (node) => {
    if (found !== undefined) return 'skip';
    if (!ts.isCallExpression(node)) return undefined;
    const callee = skipOuter(node.expression);
    if (!ts.isPropertyAccessExpression(callee) || !settleNames.has(callee.name.text)) return undefined;
    const holder = skipOuter(callee.expression);
    if (holder.kind === ts.SyntaxKind.ThisKeyword) {
      let klass: ts.Node = holder;
      while (!ts.isClassLike(klass) && !ts.isSourceFile(klass)) klass = klass.parent;
      if (ts.isClassLike(klass) && settleFieldsFromExecutor(klass)) found = { holder, scope: klass };
      return undefined;
    }
    // `Promise.resolve(…)` and other library objects are not deferreds: the holder is a variable of the code.
    if (!ts.isIdentifier(holder)) return undefined;
    const declaration = findDeclaration(holder);
    if (
      declaration === undefined ||
      !ts.isVariableDeclaration(declaration) ||
      declaration.getSourceFile() !== callback.getSourceFile()
    )
      return undefined;
    found = { holder, scope: enclosingFunction(declaration) ?? declaration.getSourceFile() };
    return undefined;
  });
  return found;
}

/** True when the class stores a promise executor's settle functions in its own `resolve`/`reject` fields. */
function settleFieldsFromExecutor(klass: ts.ClassLikeDeclaration): boolean {
  let stored = false;
  forEachDescendant(klass, (node) => {
    if (stored) return 'skip';
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(node.left) &&
      node.left.expression.kind === ts.SyntaxKind.ThisKeyword &&
      settleNames.has(node.left.name.text)
    ) {
      const fn = enclosingFunction(node);
      const holder = fn === undefined ? undefined : skipOuterUp(fn).parent;
      if (holder !== undefined && ts.isNewExpression(holder)) stored = true;
    }
    return undefined;
  });
  return stored;
}

/** True when the class lets other code call its settle functions: a `resolve`/`reject` field not marked private. */
function handsOutSettleFields(klass: ts.ClassLikeDeclaration): boolean {
  return klass.members.some(
    (member) =>
      ts.isPropertyDeclaration(member) &&
      ts.isIdentifier(member.name) &&
      settleNames.has(member.name.text) &&
      !(ts.getCombinedModifierFlags(member) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)),
  );
}

/** True when a node is the target of an assignment (`this.reject = reject`): a store, not a settle. */
function isAssigned(node: ts.Node): boolean {
  const outer = skipOuterUp(node);
  const parent = outer.parent;
  return (
    ts.isBinaryExpression(parent) &&
    parent.left === outer &&
    parent.operatorToken.kind === ts.SyntaxKind.EqualsToken
  );
}

/** True when `node` runs in a `.finally(…)` callback: it runs whichever way the promise settles. */
function inFinallyCallback(node: ts.Node): boolean {
  for (let fn = enclosingFunction(node); fn !== undefined; fn = enclosingFunction(fn)) {
    const holder = skipOuterUp(fn).parent;
    if (ts.isCallExpression(holder) && calleeName(holder) === 'finally') return true;
  }
  return false;
}

/**
 * True when a timeout settles a deferred from its callback, is cleared on some path, and another path settles the
 * deferred where no clear runs: a settle call or hand-on the clears do not cover, or (for `this.resolve`/`this.reject`
 * fields other code may call) settle functions handed out while no `.finally` on the promise clears the timer.
 */
export function deferredSettleLeak(call: ts.CallExpression, sourceFile: ts.SourceFile): boolean {
  const callback = call.arguments[0] === undefined ? undefined : skipOuter(call.arguments[0]);
  if (callback === undefined || (!ts.isArrowFunction(callback) && !ts.isFunctionExpression(callback)))
    return false;
  const deferred = deferredSettledBy(callback);
  if (deferred === undefined) return false;
  const fn = enclosingFunction(call);
  const target = handleTarget(call, fn);
  if (typeof target === 'string') return false;
  const root = skipOuter(target);
  let handleScope: ts.Node;
  if (ts.isIdentifier(root)) {
    const declaration = findDeclaration(root);
    if (declaration === undefined) return false;
    handleScope = enclosingFunction(declaration) ?? sourceFile;
  } else if (ts.isPropertyAccessExpression(root) && root.expression.kind === ts.SyntaxKind.ThisKeyword) {
    let klass: ts.Node = root;
    while (!ts.isClassLike(klass) && !ts.isSourceFile(klass)) klass = klass.parent;
    handleScope = klass;
  } else {
    return false;
  }
  const clears = clearSites(handleScope, target, sourceFile).filter((clear) => !isWithin(clear, callback));
  // Never cleared is the owner checks' shape; cleared whichever way the promise settles is fine.
  if (clears.length === 0 || clears.some(inFinallyCallback)) return false;
  // Handed on (to a registry, a helper): managed there. A local read from the handle only to clear it
  // (`const timer = this.timer; clearTimeout(timer)`) is a clear.
  const clearedAliases = new Set(
    clears.flatMap((clear) => {
      const cleared = ts.isCallExpression(clear) ? clearedHandle(clear) : undefined;
      const root = cleared === undefined ? undefined : skipOuter(cleared);
      const declaration = root !== undefined && ts.isIdentifier(root) ? findDeclaration(root) : undefined;
      return declaration === undefined ? [] : [declaration];
    }),
  );
  const handedOn = handleUses(handleScope, target, sourceFile).some(
    (use) =>
      !isWithin(use, call) &&
      !isWithin(use, callback) &&
      !clearedAliases.has(use) &&
      !(ts.isCallExpression(use) && clearedHandle(use) !== undefined),
  );
  if (handedOn) return false;
  const holderText = normalizedText(deferred.holder, sourceFile);
  // A settle function stored as a wrapper that clears the timer itself (`this.reject = (err) => { this.clearTimers();
  // reject(err); }`, `this.resolve = this.convert(resolve)` whose function clears): every call of it is covered.
  const clearingNames = settleNamesThatClear(deferred, holderText, target, sourceFile);
  const sites: ts.Node[] = [];
  forEachDescendant(deferred.scope, (node) => {
    if (!ts.isPropertyAccessExpression(node) || !settleNames.has(node.name.text)) return undefined;
    if (normalizedText(node.expression, sourceFile) !== holderText || isWithin(node, callback))
      return undefined;
    if (isAssigned(node) || clearingNames.has(node.name.text)) return undefined;
    // A settle in straight-line code before the timer is armed runs before any timer exists.
    const called = ts.isCallExpression(node.parent) && skipOuter(node.parent.expression) === node;
    if (called && enclosingFunction(node) === fn && node.end <= call.getStart()) return undefined;
    sites.push(node);
    return undefined;
  });
  if (sites.some((site) => !clears.some((clear) => covers(clear, site)))) return true;
  return (
    ts.isClassLike(deferred.scope) &&
    handsOutSettleFields(deferred.scope) &&
    [...settleNames].some((name) => !clearingNames.has(name))
  );
}

/**
 * The settle names (`resolve`, `reject`) of the deferred whose every stored value clears the timer: a function whose
 * body clears it (directly or through a member or function of the file), or a call of one that returns such a
 * function (`this.convert(resolve)`).
 */
function settleNamesThatClear(
  deferred: SettledDeferred,
  holderText: string,
  handle: ts.Expression,
  sourceFile: ts.SourceFile,
): Set<string> {
  const values = new Map<string, ts.Expression[]>();
  forEachDescendant(deferred.scope, (node) => {
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(node.left) &&
      settleNames.has(node.left.name.text) &&
      normalizedText(node.left.expression, sourceFile) === holderText
    ) {
      const list = values.get(node.left.name.text) ?? [];
      list.push(skipOuter(node.right));
      values.set(node.left.name.text, list);
    }
    return undefined;
  });
  const clears = (value: ts.Expression): boolean => {
    if (ts.isArrowFunction(value) || ts.isFunctionExpression(value))
      return clearSites(value, handle, sourceFile).length > 0;
    if (!ts.isCallExpression(value)) return false;
    const helper = calledFunction(value, sourceFile);
    return helper !== undefined && clearSites(helper, handle, sourceFile).length > 0;
  };
  const names = new Set<string>();
  for (const [name, list] of values) if (list.length > 0 && list.every(clears)) names.add(name);
  return names;
}
