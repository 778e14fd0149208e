/**
 * Whether a removal takes off the listener a registration added: the same emitter, the same event, the same function
 * (by reference: a fresh arrow or `.bind` at either end never matches) and, for `addEventListener`, the same capture
 * flag. Internal to the `listener-leak` rule.
 *
 * @module
 */
import ts from '../../typescript.cjs';
import { memberName, normalizedText, skipOuter, skipOuterUp } from '../../analysis/syntax/expressions.js';
import { enclosingFunction, type FunctionLike } from '../../analysis/syntax/functions.js';
import { findDeclaration, initializedVariable } from '../../analysis/syntax/scope.js';
import { findDescendant, forEachDescendant, isWithin } from '../../analysis/syntax/walk.js';
import { isAliasOfThis, localFunction } from './emitter-origin.js';
import { instanceMembers } from './instance-members.js';
import {
  eventText,
  isFreshFunction,
  type Registration,
  type Removal,
  removalOf,
  targetKey,
} from './registration.js';

/**
 * Every removal call in `root` (itself, and everything under it, nested functions included), and the removals a call
 * of a helper of the file makes on what the call hands it (`detach(this.client, 'ready', onReady)` with
 * `function detach(emitter, event, fn) { emitter.off(event, fn); }`).
 */
export function removalsIn(root: ts.Node): Removal[] {
  const found: Removal[] = [];
  const visit = (node: ts.Node): void => {
    if (!ts.isCallExpression(node)) return;
    const removal = removalOf(node);
    if (removal !== undefined) found.push(removal);
    else found.push(...helperRemovals(node));
  };
  visit(root);
  forEachDescendant(root, visit);
  return found;
}

/**
 * The removals the function of the file that `call` runs makes on its parameters, with the call's arguments in their
 * place: the emitter, the event or the listener it is handed.
 */
function helperRemovals(call: ts.CallExpression): Removal[] {
  const helper = localFunction(call);
  if (helper?.body === undefined) return [];
  const argumentFor = (expression: ts.Expression | undefined): ts.Expression | undefined => {
    if (expression === undefined) return undefined;
    const inner = skipOuter(expression);
    if (!ts.isIdentifier(inner)) return undefined;
    const declaration = findDeclaration(inner);
    const index = helper.parameters.findIndex((parameter) => parameter === declaration);
    return index < 0 ? undefined : call.arguments[index];
  };
  const result: Removal[] = [];
  forEachDescendant(helper.body, (node) => {
    if (!ts.isCallExpression(node)) return;
    const removal = removalOf(node);
    if (removal === undefined) return;
    const target = argumentFor(removal.target);
    const event = argumentFor(removal.event);
    const handler = argumentFor(removal.handler);
    // A helper that takes off listeners it names itself (`function dropReplies() { channel.off('done') … }`):
    // those removals, as written, when they name nothing of the helper's own.
    if (target === undefined && event === undefined && handler === undefined) {
      if (namesOnlyOuter(removal, helper)) result.push({ ...removal, call });
      return;
    }
    result.push({
      call: removal.call,
      target: target ?? removal.target,
      event: event ?? removal.event,
      handler: handler === undefined ? removal.handler : skipOuter(handler),
      capture: removal.capture,
    });
  });
  return result;
}

/**
 * The removal's emitter, event and listener name nothing declared inside `helper` (its parameters and locals): the
 * removal means the same at the helper's call.
 */
function namesOnlyOuter(removal: Removal, helper: FunctionLike): boolean {
  const parts = [removal.target, removal.event, removal.handler].filter(
    (part): part is ts.Expression => part !== undefined,
  );
  const inner = (node: ts.Node): boolean => {
    if (!ts.isIdentifier(node)) return false;
    const declaration = findDeclaration(node);
    // The helper's own name (`emitter.off('error', cleanup)` inside `cleanup`) means the same at its call.
    return declaration !== undefined && declaration !== helper && isWithin(declaration, helper);
  };
  return parts.every((part) => !inner(part) && findDescendant(part, inner) === undefined);
}

/** How a removal relates to a registration. */
export type Match =
  'removes' | 'other-target' | 'other-function' | 'wrapped' | 'no-function' | 'other-capture' | 'unrelated';

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
    // A listener kept in a collection and taken off from it (`for (const fn of this.handlers) emitter.off(…, fn)`).
    if (fromCollection(removal.handler) && storedInCollection(added.handler)) return 'removes';
    // A fresh function at the removal matches nothing; a named one may be meant for another listener, unless it names
    // a member the instance never has (`this.onTouchMove` in a class that defines and assigns no such member).
    if (isFreshFunction(removal.handler)) return 'other-function';
    // The caller's callback taken off, where the code added a function of its own that calls it.
    if (removesWhatItWraps(added.handler, removal.handler)) return 'wrapped';
    return namesNoMember(removal.handler) ? 'no-function' : 'unrelated';
  }
  if (added.method === 'addEventListener' && removal.capture !== added.capture) return 'other-capture';
  return 'removes';
}

/**
 * The removal passes a callback handed in (a parameter), while the listener added is a function the code wrote around
 * a callback handed in under the same name (`const listener = (m) => handler(topic, m); on(topic, listener)` and then
 * `off(topic, handler)`): the wrapper is what the emitter holds, and it stays.
 */
function removesWhatItWraps(addedHandler: ts.Expression, removedHandler: ts.Expression): boolean {
  const removed = skipOuter(removedHandler);
  if (!ts.isIdentifier(removed)) return false;
  const removedDeclaration = findDeclaration(removed);
  if (removedDeclaration === undefined || !ts.isParameter(removedDeclaration)) return false;
  let wrapper: ts.Node = skipOuter(addedHandler);
  if (ts.isIdentifier(wrapper)) {
    const variable = initializedVariable(wrapper);
    if (variable === undefined) return false;
    wrapper = skipOuter(variable.initializer);
  }
  if (!isFreshFunction(wrapper as ts.Expression)) return false;
  const body = wrapper;
  return (
    findDescendant(body, (node) => {
      if (!ts.isCallExpression(node)) return false;
      const callee = skipOuter(node.expression);
      if (!ts.isIdentifier(callee) || callee.text !== removed.text) return false;
      const declaration = findDeclaration(callee);
      return declaration !== undefined && ts.isParameter(declaration) && !isWithin(declaration, body);
    }) !== undefined
  );
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
  if (leftSymbol !== undefined && leftSymbol === symbolOf(right, checker)) return true;
  // `state.listeners.onMove = onMove` next to the registration, `off('move', state.listeners.onMove)` elsewhere: the
  // removal passes the reference the code stored.
  return ts.isIdentifier(left) && storesOf(left).some((store) => sameStore(store, right, checker));
}

/** The properties the function held by `handler` is stored in (`x.y = handler`, `{ y: handler }` given to `x.y`). */
function storesOf(handler: ts.Identifier): ts.PropertyAccessExpression[] {
  const declaration = findDeclaration(handler);
  if (declaration === undefined) return [];
  const scope = enclosingFunction(declaration) ?? declaration.getSourceFile();
  const stores: ts.PropertyAccessExpression[] = [];
  forEachDescendant(scope, (node) => {
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(skipOuter(node.left))
    ) {
      const value = skipOuter(node.right);
      if (ts.isIdentifier(value) && value.text === handler.text && findDeclaration(value) === declaration)
        stores.push(skipOuter(node.left) as ts.PropertyAccessExpression);
    }
  });
  return stores;
}

/** The removal's handler reads the stored property: the same text, or the same declared property (`onMove`). */
function sameStore(
  store: ts.PropertyAccessExpression,
  removed: ts.Expression,
  checker: ts.TypeChecker,
): boolean {
  const sourceFile = store.getSourceFile();
  if (normalizedText(store, sourceFile) === normalizedText(removed, sourceFile)) return true;
  const inner = skipOuter(removed);
  if (!ts.isPropertyAccessExpression(inner) || inner.name.text !== store.name.text) return false;
  const symbol = symbolOf(store, checker);
  return (
    symbol !== undefined &&
    symbol === symbolOf(inner, checker) &&
    (symbol.flags & ts.SymbolFlags.Property) !== 0
  );
}

function symbolOf(node: ts.Expression, checker: ts.TypeChecker): ts.Symbol | undefined {
  const name = ts.isPropertyAccessExpression(node) ? node.name : ts.isIdentifier(node) ? node : undefined;
  if (name === undefined) return undefined;
  const symbol = checker.getSymbolAtLocation(name);
  if (symbol === undefined) return undefined;
  return symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
}

/** Methods that put a value into a collection (an array, a Map, a Set). */
const storingMethods = new Set(['push', 'unshift', 'set', 'add']);

/**
 * The removal's listener is read out of a collection: an element (`handlers[i]`, `map.get(key)`), or the variable of
 * a loop or `forEach` over one (`for (const [event, fn] of entries)`).
 */
function fromCollection(handler: ts.Expression): boolean {
  const inner = skipOuter(handler);
  if (ts.isElementAccessExpression(inner)) return true;
  if (ts.isCallExpression(inner)) return memberName(inner.expression) === 'get';
  if (!ts.isIdentifier(inner)) return false;
  let declaration = findDeclaration(inner);
  while (declaration !== undefined && ts.isBindingElement(declaration))
    declaration = declaration.parent.parent;
  if (declaration === undefined) return false;
  if (ts.isVariableDeclaration(declaration)) {
    const list = declaration.parent;
    return (
      ts.isVariableDeclarationList(list) &&
      (ts.isForOfStatement(list.parent) || ts.isForInStatement(list.parent))
    );
  }
  if (!ts.isParameter(declaration)) return false;
  // `handlers.forEach((fn) => …)`, `Object.entries(map).forEach(([event, fn]) => …)`.
  const callback = declaration.parent as FunctionLike;
  const call = skipOuterUp(callback).parent;
  return ts.isCallExpression(call) && memberName(call.expression) === 'forEach';
}

/** The listener (a name or a member) is also put into a collection in its file (`this.handlers.push(onData)`). */
function storedInCollection(handler: ts.Expression): boolean {
  const inner = skipOuter(handler);
  if (!ts.isIdentifier(inner) && !ts.isPropertyAccessExpression(inner)) return false;
  const sourceFile = inner.getSourceFile();
  const text = normalizedText(inner, sourceFile);
  const isHandler = (node: ts.Node | undefined): boolean =>
    node !== undefined && ts.isExpression(node) && normalizedText(skipOuter(node), sourceFile) === text;
  return (
    findDescendant(sourceFile, (node) => {
      if (ts.isCallExpression(node) && storingMethods.has(memberName(node.expression) ?? ''))
        return node.arguments.some(isHandler);
      if (ts.isArrayLiteralExpression(node)) return node.elements.some(isHandler);
      return false;
    }) !== undefined
  );
}

/**
 * `this.name` (or `self.name`) in a method of a class (either spelling) that neither defines a member `name` nor
 * assigns `this.name` anywhere: the expression is `undefined`, so a removal passing it takes nothing off.
 */
function namesNoMember(handler: ts.Expression): boolean {
  const inner = skipOuter(handler);
  if (!ts.isPropertyAccessExpression(inner) || !ts.isIdentifier(inner.name)) return false;
  const receiver = skipOuter(inner.expression);
  const ofInstance =
    receiver.kind === ts.SyntaxKind.ThisKeyword || (ts.isIdentifier(receiver) && isAliasOfThis(receiver));
  const fn = enclosingFunction(inner);
  if (!ofInstance || fn === undefined) return false;
  let owner: FunctionLike = fn;
  // `self.x` inside a callback of a method: the method's instance.
  while (instanceMembers(owner) === undefined) {
    const outer = enclosingFunction(owner);
    if (outer === undefined) return false;
    owner = outer;
  }
  const members = instanceMembers(owner) ?? [];
  const name = inner.name.text;
  if (members.some((member) => member.name === name)) return false;
  const holders = members.map((member) => member.node);
  const klass = ts.isClassLike(owner.parent)
    ? owner.parent
    : ts.isPropertyDeclaration(owner.parent)
      ? owner.parent.parent
      : undefined;
  if (klass !== undefined) {
    // Inherited members: a base class may define it.
    if (
      klass.heritageClauses?.some((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword) === true &&
      !klass.heritageClauses.every(
        (clause) => clause.token !== ts.SyntaxKind.ExtendsKeyword || isComponentBase(clause),
      )
    )
      return false;
    holders.push(klass);
  } else holders.push(owner);
  return !holders.some(
    (holder) =>
      findDescendant(holder, (node) => {
        if (!ts.isPropertyAccessExpression(node) || node.name.text !== name) return false;
        const parent = skipOuterUp(node).parent;
        const assigned =
          ts.isBinaryExpression(parent) &&
          parent.left === skipOuterUp(node) &&
          parent.operatorToken.kind === ts.SyntaxKind.EqualsToken;
        return assigned;
      }) !== undefined,
  );
}

/** `extends Component`/`React.PureComponent`/`HTMLElement`: a framework base whose own members are not handlers. */
function isComponentBase(clause: ts.HeritageClause): boolean {
  return clause.types.every((type) => {
    const text = type.expression.getText();
    return /^(?:React\.)?(?:Pure)?Component$|^HTMLElement$/.test(text);
  });
}
