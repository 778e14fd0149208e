/**
 * Emitters of test code made per test: a worker or fixture a function of the test file assigns a new object to, so
 * that its listeners go with it when the next test makes another. Internal to the `listener-leak` rule.
 *
 * @module
 */
import ts from '../../typescript.cjs';
import { normalizedText, rootOfChain, skipOuter } from '../../analysis/syntax/expressions.js';
import { enclosingFunction } from '../../analysis/syntax/functions.js';
import { findDescendant } from '../../analysis/syntax/walk.js';

/** In a test file: an emitter assigned a new object by some function of the file (a per-test worker or fixture). */
export function madePerTest(target: ts.Expression): boolean {
  const root = rootOfChain(target);
  const sourceFile = target.getSourceFile();
  const text = ts.isIdentifier(root) ? root.text : normalizedText(skipOuter(target), sourceFile);
  return (
    findDescendant(sourceFile, (node) => {
      if (!ts.isBinaryExpression(node) || node.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return false;
      if (normalizedText(node.left, sourceFile) !== text) return false;
      const value = skipOuter(node.right);
      const made = ts.isAwaitExpression(value) ? skipOuter(value.expression) : value;
      return (ts.isNewExpression(made) || ts.isCallExpression(made)) && enclosingFunction(node) !== undefined;
    }) !== undefined
  );
}
