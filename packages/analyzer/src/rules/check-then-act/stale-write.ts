/**
 * `check-then-act`, second detector: shared state (a module variable, a field of `this`) read before an `await` and
 * written after it from what was read (`this.total += await f()`, a snapshot written back), and lazy initialisations
 * that await between the check and the write.
 *
 * @module
 */
import ts from '../../typescript.cjs';
import { isAssignmentOperator, referenceText, skipOuter } from '../../analysis/syntax/expressions.js';
import { type FunctionLike, isFunctionLike } from '../../analysis/syntax/functions.js';
import { isShadowed, isValueReference } from '../../analysis/syntax/scope.js';
import { forEachDescendant, forEachInFunction, isWithin } from '../../analysis/syntax/walk.js';
import { exits, mentionsAny } from './key-race.js';

interface StaleWrite {
  readonly node: ts.Node;
  readonly target: string;
  readonly kind: 'staleWrite' | 'lazyInit';
}

export function staleWrites(fn: FunctionLike, sourceFile: ts.SourceFile, lazyInit: boolean): StaleWrite[] {
  const body = fn.body;
  if (body === undefined) return [];
  const moduleState = moduleVariables(sourceFile);
  const inClass = ts.isMethodDeclaration(fn) || isClassMemberArrow(fn);
  // `at`: where the reference is written; a local declaration of the same name around it hides the module's
  const isShared = (text: string, at: ts.Node): boolean => {
    const root = text.split(/[.[]/)[0] ?? '';
    if (root === 'this') return inClass && text !== 'this';
    return moduleState.has(root) && !isShadowed(root, at, { inFunctionsOnly: true });
  };
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
    // if (!this.client) { this.client = await connect(); }
    if (lazyInit && isLazyInitRace(node, target, isShared)) found.push({ node, target, kind: 'lazyInit' });
    return undefined;
  });
  return found;
}

function isClassMemberArrow(fn: FunctionLike): boolean {
  return (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && ts.isPropertyDeclaration(fn.parent);
}

/** Module-level `let`/`var` variables and `const` objects or arrays (mutable shared state). */
function moduleVariables(sourceFile: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  for (const statement of sourceFile.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    const isConst = (statement.declarationList.flags & ts.NodeFlags.Const) !== 0;
    for (const declaration of statement.declarationList.declarations) {
      if (!ts.isIdentifier(declaration.name)) continue;
      const init = declaration.initializer && skipOuter(declaration.initializer);
      if (
        !isConst ||
        (init !== undefined && (ts.isObjectLiteralExpression(init) || ts.isArrayLiteralExpression(init)))
      ) {
        names.add(declaration.name.text);
      }
    }
  }
  return names;
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

/**
 * `if (!this.client) { this.client = await connect(); }`: the write sits in an `if` that checked the same shared
 * state, an `await` comes between, and nothing claimed the state synchronously (`this.connecting = true`) or checked
 * it again after the await.
 */
function isLazyInitRace(
  write: ts.BinaryExpression,
  target: string,
  isShared: (text: string, at: ts.Node) => boolean,
): boolean {
  if (write.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return false;
  for (let current = write.parent as ts.Node | undefined; current !== undefined; current = current.parent) {
    if (isFunctionLike(current)) return false;
    if (!ts.isIfStatement(current) || !isWithin(write, current.thenStatement)) continue;
    if (!readsTarget(current.expression, target) || !isShared(target, current.expression)) continue;
    const awaitBefore = firstAwaitBetween(
      current.thenStatement,
      current.thenStatement.getStart(),
      write.getEnd(),
      write,
    );
    if (awaitBefore === undefined) return false;
    const claimed = writesTargetBetween(
      current.thenStatement,
      target,
      current.thenStatement.getStart(),
      awaitBefore.getStart(),
      write,
    );
    if (claimed) return false;
    const rechecked = readsTargetBetween(
      current.thenStatement,
      target,
      awaitBefore.getEnd(),
      write.getStart(),
    );
    return !rechecked;
  }
  return false;
}

function readsTarget(node: ts.Expression, target: string): boolean {
  let found = referenceText(node) === target;
  forEachDescendant(node, (child) => {
    if (found) return 'skip';
    if ((ts.isPropertyAccessExpression(child) || ts.isIdentifier(child)) && referenceText(child) === target)
      found = true;
    return undefined;
  });
  return found;
}

function firstAwaitBetween(
  root: ts.Node,
  from: number,
  to: number,
  write: ts.BinaryExpression,
): ts.AwaitExpression | undefined {
  let found: ts.AwaitExpression | undefined;
  const visit = (node: ts.Node): void => {
    if (found !== undefined || isFunctionLike(node)) return;
    if (ts.isAwaitExpression(node) && node.getStart() >= from && node.getEnd() <= to) {
      // the await must complete before the write happens: in the write's right side or a statement before it
      if (isWithin(node, write.right) || node.getEnd() <= write.getStart()) {
        found = node;
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(root);
  return found;
}

function writesTargetBetween(
  root: ts.Node,
  target: string,
  from: number,
  to: number,
  except: ts.Node,
): boolean {
  let found = false;
  forEachInFunction(root, (node) => {
    if (found) return 'skip';
    if (
      node !== except &&
      ts.isBinaryExpression(node) &&
      isAssignmentOperator(node.operatorToken.kind) &&
      referenceText(node.left) === target &&
      node.getStart() >= from &&
      node.getStart() < to
    ) {
      found = true;
    }
    return undefined;
  });
  return found;
}

function readsTargetBetween(root: ts.Node, target: string, from: number, to: number): boolean {
  let found = false;
  forEachInFunction(root, (node) => {
    if (found) return 'skip';
    const start = node.getStart();
    if (start < from || start >= to) return undefined;
    if ((ts.isPropertyAccessExpression(node) || ts.isIdentifier(node)) && referenceText(node) === target)
      found = true;
    return undefined;
  });
  return found;
}
