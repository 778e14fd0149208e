/**
 * A listener added on every pass of a loop: the emitter is made before the loop and the same listener goes on it again
 * each time round, with nothing in the loop taking the previous one off. Internal to the `listener-leak` rule.
 *
 * @module
 */
import ts from '../../typescript.cjs';
import { normalizedText, rootOfChain, skipOuter } from '../../analysis/syntax/expressions.js';
import type { FunctionLike } from '../../analysis/syntax/functions.js';
import { findDeclaration } from '../../analysis/syntax/scope.js';
import { findDescendant, forEachDescendant, isWithin } from '../../analysis/syntax/walk.js';
import { endsEmitter } from './emitter-origin.js';
import { isFreshFunction, type Registration } from './registration.js';
import { compareRemoval, removalsIn } from './removal.js';
import { insideLoop } from '../../analysis/syntax/run-once.js';

/** The outermost loop between `node` and its function: a name any of them declares changes per pass. */
export function outermostLoop(node: ts.Node, fn: FunctionLike): ts.IterationStatement | undefined {
  let outer: ts.IterationStatement | undefined;
  for (let loop = insideLoop(node, fn); loop !== undefined; loop = insideLoop(loop, fn)) outer = loop;
  return outer;
}

/**
 * Each pass of `loop` adds the listener again to the same emitter: the emitter is made before the loop (not
 * declared or reassigned in it), the event does not change per pass, and nothing in the loop removes it.
 */
export function addedAgainEachPass(
  added: Registration,
  loop: ts.IterationStatement,
  checker: ts.TypeChecker,
): boolean {
  const root = rootOfChain(added.target);
  if (!ts.isIdentifier(root) && root.kind !== ts.SyntaxKind.ThisKeyword) return false;
  if (ts.isIdentifier(root)) {
    const declaration = findDeclaration(root);
    if (declaration === undefined && !['process', 'window', 'document', 'globalThis'].includes(root.text))
      return false;
    if (declaration !== undefined && isWithin(declaration, loop)) return false;
  }
  const sourceFile = loop.getSourceFile();
  const target = normalizedText(added.target, sourceFile);
  const changes =
    findDescendant(
      loop,
      (node) =>
        ts.isBinaryExpression(node) &&
        node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
        target.startsWith(normalizedText(node.left, sourceFile)),
    ) !== undefined;
  if (changes || dependsOnLoop(added.event, loop) || dependsOnLoop(added.target, loop)) return false;
  // `emitter.on(event, listener)` over a list of listeners: another function each pass.
  if (!isFreshFunction(added.handler) && dependsOnLoop(added.handler, loop)) return false;
  // A loop whose body waits for the listener's promise and ends the emitter, or removes it: no pile-up.
  if (removalsIn(loop).some((removal) => compareRemoval(removal, added, checker) === 'removes')) return false;
  return !endsEmitter(added.target, loop);
}

/** The expression reads a name declared in the loop (its variable, or a `const` of its body). */
function dependsOnLoop(expression: ts.Expression, loop: ts.IterationStatement): boolean {
  let depends = false;
  forEachDescendant(expression, (node) => {
    if (!ts.isIdentifier(node)) return;
    const declaration = findDeclaration(node);
    if (declaration !== undefined && isWithin(declaration, loop)) depends = true;
  });
  if (ts.isIdentifier(skipOuter(expression))) {
    const declaration = findDeclaration(skipOuter(expression) as ts.Identifier);
    if (declaration !== undefined && isWithin(declaration, loop)) depends = true;
  }
  return depends;
}
