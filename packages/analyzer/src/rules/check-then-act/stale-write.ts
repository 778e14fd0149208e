/**
 * `check-then-act`, second detector: shared state (a module variable, a field of `this`) read before an `await` and
 * written after it from what was read (`this.total += await f()`, a snapshot written back).
 *
 * @module
 */
import ts from '../../typescript.cjs';
import { isAssignmentOperator, referenceText, skipOuter } from '../../analysis/syntax/expressions.js';
import type { FunctionLike } from '../../analysis/syntax/functions.js';
import { boundNames, isShadowed, isValueReference } from '../../analysis/syntax/scope.js';
import { forEachDescendant, forEachInFunction } from '../../analysis/syntax/walk.js';
import { exits, mentionsAny } from './key-race.js';

interface StaleWrite {
  readonly node: ts.Node;
  readonly target: string;
  readonly kind: 'staleWrite';
}

export function staleWrites(
  fn: FunctionLike,
  isShared: (text: string, at: ts.Node) => boolean,
): StaleWrite[] {
  const body = fn.body;
  if (body === undefined) return [];
  const awaits: number[] = [];
  forEachInFunction(body, (node) => {
    if (ts.isAwaitExpression(node)) awaits.push(node.getEnd());
  });
  if (awaits.length === 0) return [];

  const found: StaleWrite[] = [];
  const snapshots = new Map<string, { target: string; at: number }>(); // local name → shared target it copied
  forEachInFunction(body, (node) => {
    // const n = this.count;  (a snapshot of shared state)
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer !== undefined) {
      const init = skipOuter(node.initializer);
      const text = referenceText(init);
      if (text !== undefined && isShared(text, init) && !containsAwait(init)) {
        snapshots.set(node.name.text, { target: text, at: node.getEnd() });
      }
      return undefined;
    }
    if (!ts.isBinaryExpression(node) || !isAssignmentOperator(node.operatorToken.kind)) return undefined;
    const target = referenceText(node.left);
    if (target === undefined || !isShared(target, node.left)) return undefined;
    const operator = node.operatorToken.kind;
    const awaitInRight = firstAwait(node.right);
    // this.total += await f()   /   this.total = this.total + await f()
    if (awaitInRight !== undefined) {
      const compound =
        operator !== ts.SyntaxKind.EqualsToken &&
        operator !== ts.SyntaxKind.QuestionQuestionEqualsToken &&
        operator !== ts.SyntaxKind.BarBarEqualsToken &&
        operator !== ts.SyntaxKind.AmpersandAmpersandEqualsToken;
      if (compound || readsBefore(node.right, target, awaitInRight.getStart())) {
        found.push({ node, target, kind: 'staleWrite' });
        return undefined;
      }
    }
    // const n = this.count; await …; this.count = n + 1;
    for (const [local, snapshot] of snapshots) {
      if (snapshot.target !== target || !mentionsAny(node.right, new Set([local]))) continue;
      const between = awaits.some((end) => end > snapshot.at && end <= node.getStart());
      if (
        between &&
        !reReadAfterLastAwait(body, target, awaits, node) &&
        !guardedAfterLastAwait(body, awaits, node)
      ) {
        found.push({ node, target, kind: 'staleWrite' });
        return undefined;
      }
    }
    return undefined;
  });
  return found;
}

/**
 * Whether a reference chain is state shared between calls of `fn`: a module-level `let`/`var`, a module `const`
 * object, array or instance (`new Map()`), or a field of `this` in a class member. `at`: where the reference is; a
 * local declaration of the same name around it hides the module's.
 */
export function sharedState(
  fn: FunctionLike,
  sourceFile: ts.SourceFile,
): (text: string, at: ts.Node) => boolean {
  const moduleState = moduleVariables(sourceFile);
  // `this` in a class member, or in a method of an object literal (`const store = { cache: new Map(), async get(id)
  // { … } }`): the object every call of the method is made on
  const inClass = ts.isMethodDeclaration(fn) || isClassMemberArrow(fn) || isObjectLiteralMethod(fn);
  return (text, at) => {
    const root = text.split(/[.[]/)[0] ?? '';
    if (root === 'this') return inClass && text !== 'this';
    const kind = moduleState.get(root);
    if (kind === undefined || (kind === 'properties' && root === text)) return false;
    return !isShadowed(root, at, { inFunctionsOnly: true });
  };
}

/** `{ async load() { … } }`, `{ load: async function () { … } }`: `this` is the object literal. */
function isObjectLiteralMethod(fn: FunctionLike): boolean {
  if (ts.isMethodDeclaration(fn)) return ts.isObjectLiteralExpression(fn.parent);
  return (
    ts.isFunctionExpression(fn) &&
    ts.isPropertyAssignment(fn.parent) &&
    ts.isObjectLiteralExpression(fn.parent.parent)
  );
}

function isClassMemberArrow(fn: FunctionLike): boolean {
  return (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && ts.isPropertyDeclaration(fn.parent);
}

/**
 * Module-level mutable state: `let`/`var` variables and `const` objects, arrays or instances (`'whole'`: the variable
 * and its properties), and `const` bindings to what a call made (`'properties'`: `const subscriptions = ref({})`, a
 * store a factory built; the binding never changes, but its properties are one object every call shares), and the
 * bindings of imports and of `require('./…')` of the project's own modules (`'whole'`, as they cannot be reassigned:
 * another module's cache or registry is one object for the whole process, as this module's own would be).
 */
function moduleVariables(sourceFile: ts.SourceFile): Map<string, 'whole' | 'properties'> {
  const names = new Map<string, 'whole' | 'properties'>();
  for (const statement of sourceFile.statements) {
    // `import { sessions } from './state'`: another module's object, one for the whole process like this module's own
    if (ts.isImportDeclaration(statement)) {
      for (const name of importedNames(statement)) names.set(name, 'whole');
      continue;
    }
    // `class Connection { static instance?: Connection }`: a class's static fields are one slot for the process
    if (ts.isClassDeclaration(statement) && statement.name !== undefined) {
      names.set(statement.name.text, 'properties');
      continue;
    }
    if (!ts.isVariableStatement(statement)) continue;
    const isConst = (statement.declarationList.flags & ts.NodeFlags.Const) !== 0;
    for (const declaration of statement.declarationList.declarations) {
      const init = declaration.initializer && skipOuter(declaration.initializer);
      if (!ts.isIdentifier(declaration.name)) {
        if (init !== undefined && ts.isCallExpression(init) && isRequire(init, { relative: true })) {
          for (const name of boundNames(declaration.name)) names.set(name, 'whole');
        }
        continue;
      }
      if (
        !isConst ||
        (init !== undefined &&
          (ts.isObjectLiteralExpression(init) ||
            ts.isArrayLiteralExpression(init) ||
            ts.isNewExpression(init)))
      ) {
        names.set(declaration.name.text, 'whole');
      } else if (init !== undefined && ts.isCallExpression(init) && !isRequire(init)) {
        names.set(declaration.name.text, 'properties');
      } else if (init !== undefined && ts.isCallExpression(init) && isRequire(init, { relative: true })) {
        // `const { sessions } = require('./state')`: like an import of the project's own module
        for (const name of boundNames(declaration.name)) names.set(name, 'whole');
      }
    }
  }
  return names;
}

/** The value bindings an import declaration makes (default, named and namespace; `import type` makes none). */
function importedNames(statement: ts.ImportDeclaration): string[] {
  const clause = statement.importClause;
  if (clause === undefined || clause.phaseModifier === ts.SyntaxKind.TypeKeyword) return [];
  const names = clause.name === undefined ? [] : [clause.name.text];
  const bindings = clause.namedBindings;
  if (bindings !== undefined && ts.isNamespaceImport(bindings)) names.push(bindings.name.text);
  if (bindings !== undefined && ts.isNamedImports(bindings)) {
    for (const element of bindings.elements) if (!element.isTypeOnly) names.push(element.name.text);
  }
  return names;
}

/** `require('m')`: the module's exports, configuration rather than state this file keeps. */
function isRequire(call: ts.CallExpression, { relative = false } = {}): boolean {
  if (!ts.isIdentifier(call.expression) || call.expression.text !== 'require') return false;
  const source = call.arguments[0];
  return !relative || (source !== undefined && ts.isStringLiteralLike(source) && source.text.startsWith('.'));
}

function containsAwait(node: ts.Node): boolean {
  return firstAwait(node) !== undefined;
}

function firstAwait(node: ts.Node): ts.AwaitExpression | undefined {
  if (ts.isAwaitExpression(node)) return node;
  let found: ts.AwaitExpression | undefined;
  forEachInFunction(node, (child) => {
    if (found !== undefined) return 'skip';
    if (ts.isAwaitExpression(child)) found = child;
    return undefined;
  });
  return found;
}

/** The right-hand side reads `target` before its first await: `x = x + await f()`. */
function readsBefore(right: ts.Node, target: string, awaitStart: number): boolean {
  let reads = false;
  forEachDescendant(right, (node) => {
    if (reads) return 'skip';
    if (node.getStart() >= awaitStart) return undefined;
    if ((ts.isPropertyAccessExpression(node) || ts.isIdentifier(node)) && referenceText(node) === target) {
      if (!ts.isIdentifier(node) || isValueReference(node)) reads = true;
    }
    return undefined;
  });
  return reads;
}

/** Whether `target` is read again between the last await before `write` and the write itself. */
function reReadAfterLastAwait(
  body: ts.Node,
  target: string,
  awaits: readonly number[],
  write: ts.BinaryExpression,
): boolean {
  const last = Math.max(...awaits.filter((end) => end <= write.getStart()));
  let reread = false;
  forEachInFunction(body, (node) => {
    if (reread) return 'skip';
    const start = node.getStart();
    if (start < last || start >= write.getStart()) return undefined;
    if ((ts.isPropertyAccessExpression(node) || ts.isIdentifier(node)) && referenceText(node) === target)
      reread = true;
    return undefined;
  });
  return reread;
}

/** An `if (…) return`/`throw` between the last await and the write: the code re-validates after waiting. */
function guardedAfterLastAwait(
  body: ts.Node,
  awaits: readonly number[],
  write: ts.BinaryExpression,
): boolean {
  const last = Math.max(...awaits.filter((end) => end <= write.getStart()));
  let guarded = false;
  forEachInFunction(body, (node) => {
    if (guarded) return 'skip';
    if (
      ts.isIfStatement(node) &&
      node.getStart() >= last &&
      node.getEnd() <= write.getStart() &&
      exits(node.thenStatement)
    ) {
      guarded = true;
    }
    return undefined;
  });
  return guarded;
}
