/**
 * Whether a removal takes off the listener a registration added: the same emitter, the same event, the same function
 * (by reference: a fresh arrow or `.bind` at either end never matches) and, for `addEventListener`, the same capture
 * flag. Internal to the `listener-leak` rule.
 *
 * @module
 */
import ts from '../../typescript.cjs';
import { normalizedText, skipOuter } from '../../analysis/syntax/expressions.js';
import { forEachDescendant } from '../../analysis/syntax/walk.js';
import {
  eventText,
  isFreshFunction,
  type Registration,
  type Removal,
  removalOf,
  targetKey,
} from './registration.js';

/** Every removal call in `root` (itself, and everything under it, nested functions included). */
export function removalsIn(root: ts.Node): Removal[] {
  const found: Removal[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const removal = removalOf(node);
      if (removal !== undefined) found.push(removal);
    }
  };
  visit(root);
  forEachDescendant(root, visit);
  return found;
}

/** How a removal relates to a registration. */
export type Match = 'removes' | 'other-target' | 'other-function' | 'other-capture' | 'unrelated';

/** Compares one removal with one registration. */
export function compareRemoval(removal: Removal, added: Registration, checker: ts.TypeChecker): Match {
  const addedEvent = eventText(added.event);
  const removedEvent = eventText(removal.event);
  if (
    removal.event !== undefined &&
    addedEvent !== undefined &&
    removedEvent !== undefined &&
    addedEvent !== removedEvent
  )
    return 'unrelated';
  const sameTarget = targetKey(removal.target) === targetKey(added.target);
  if (removal.handler === undefined) return sameTarget ? 'removes' : 'unrelated';
  const sameFunction = sameHandler(added.handler, removal.handler, checker);
  if (!sameTarget) return sameFunction && addedEvent !== undefined ? 'other-target' : 'unrelated';
  if (!sameFunction) {
    // A fresh function at the removal matches nothing; a named one may be meant for another listener.
    return isFreshFunction(removal.handler) ? 'other-function' : 'unrelated';
  }
  if (added.method === 'addEventListener' && removal.capture !== added.capture) return 'other-capture';
  return 'removes';
}

/** True when some removal in `removals` takes the registration's listener off. */
export function isRemovedBy(
  removals: readonly Removal[],
  added: Registration,
  checker: ts.TypeChecker,
): boolean {
  return removals.some((removal) => compareRemoval(removal, added, checker) === 'removes');
}

/** The same function at both ends: the same reference text, or the same variable or property by symbol. */
function sameHandler(added: ts.Expression, removed: ts.Expression, checker: ts.TypeChecker): boolean {
  const left = skipOuter(added);
  const right = skipOuter(removed);
  if (isFreshFunction(left)) {
    // `function onMessage() { … off('x', onMessage) }`: a named function expression removes itself by its name.
    return (
      ts.isFunctionExpression(left) &&
      left.name !== undefined &&
      ts.isIdentifier(right) &&
      right.text === left.name.text
    );
  }
  if (isFreshFunction(right)) return false;
  const sourceFile = left.getSourceFile();
  if (normalizedText(left, sourceFile) === normalizedText(right, sourceFile)) return true;
  const leftSymbol = symbolOf(left, checker);
  return leftSymbol !== undefined && leftSymbol === symbolOf(right, checker);
}

function symbolOf(node: ts.Expression, checker: ts.TypeChecker): ts.Symbol | undefined {
  const name = ts.isPropertyAccessExpression(node) ? node.name : ts.isIdentifier(node) ? node : undefined;
  if (name === undefined) return undefined;
  const symbol = checker.getSymbolAtLocation(name);
  if (symbol === undefined) return undefined;
  return symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
}
