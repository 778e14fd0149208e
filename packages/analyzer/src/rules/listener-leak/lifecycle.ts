/**
 * Listeners whose owner has a lifecycle: an instance that adds a listener to something that outlives it (`process`,
 * `window`, a module-level emitter) must take it off when it ends (`close`, `dispose`, `destroy`, `stop`,
 * `disconnect` …); a class that keeps emitters handed to it (`attach(worker)`) must take its listener off when it
 * lets one go (`detach`). Internal to the `listener-leak` rule.
 *
 * @module
 */
import ts from '../../typescript.cjs';
import { memberName, normalizedText, skipOuter } from '../../analysis/syntax/expressions.js';
import { enclosingFunction, type FunctionLike, isFunctionLike } from '../../analysis/syntax/functions.js';
import { componentEndOf, lifecycleEndNames } from '../../analysis/project/lifecycle.js';
import { findDeclaration, initializedVariable } from '../../analysis/syntax/scope.js';
import { findDescendant, forEachDescendant } from '../../analysis/syntax/walk.js';
import { endMethods, isAliasOfThis, owningClass } from './emitter-origin.js';
import { instanceMembers, isMemberCode, type Member } from './instance-members.js';
import { eventText, type Registration, type Removal, targetKey } from './registration.js';
import { compareRemoval, removalsIn } from './removal.js';

/** The methods that end an instance: the lifecycle's last step; a pooled resource also ends by being released. */
const endingMembers = new Set([...lifecycleEndNames, 'release']);

/** The type has a method that ends what it is (`close()`, `dispose()`, `stop()` …): a lifecycle shorter than the process. */
export function hasEndingMember(type: ts.Type, checker: ts.TypeChecker): boolean {
  for (const name of endingMembers) {
    const member = type.getProperty(name);
    if (member === undefined) continue;
    const memberType = checker.getTypeOfSymbol(member);
    if (checker.getNonNullableType(memberType).getCallSignatures().length > 0) return true;
  }
  return false;
}

/** The code that runs when `roots` run: the members they call on `this` and the local functions they call. */
function reachedFrom(members: readonly Member[], roots: readonly ts.Node[]): ts.Node[] {
  const reached = new Set<ts.Node>(roots);
  const queue = [...roots];
  while (queue.length > 0 && reached.size < 40) {
    const current = queue.shift() as ts.Node;
    forEachDescendant(current, (node) => {
      let next: ts.Node | undefined;
      if (ts.isPropertyAccessExpression(node) && isInstance(node.expression)) {
        next = members.find((member) => member.name === node.name.text)?.node;
      } else if (ts.isCallExpression(node) && ts.isIdentifier(skipOuter(node.expression))) {
        const declaration = findDeclaration(skipOuter(node.expression) as ts.Identifier);
        if (
          declaration !== undefined &&
          (ts.isFunctionDeclaration(declaration) || ts.isVariableDeclaration(declaration))
        )
          next = declaration;
      }
      if (next !== undefined && !reached.has(next)) {
        reached.add(next);
        queue.push(next);
      }
    });
  }
  return [...reached];
}

/** `this`, or `self` of `const self = this`. */
function isInstance(expression: ts.Expression): boolean {
  const inner = skipOuter(expression);
  return inner.kind === ts.SyntaxKind.ThisKeyword || (ts.isIdentifier(inner) && isAliasOfThis(inner));
}

/** The removal takes off this event of this emitter (whatever the handler's name, unless it cannot be the same). */
function removesEvent(removal: Removal, added: Registration, checker: ts.TypeChecker): boolean {
  if (targetKey(removal.target) !== targetKey(added.target)) return false;
  const match = compareRemoval(removal, added, checker);
  return match === 'removes' || (match === 'unrelated' && sameEvent(removal, added));
}

function sameEvent(removal: Removal, added: Registration): boolean {
  const removed = eventText(removal.event);
  const adding = eventText(added.event);
  return removal.event === undefined || removed === undefined || adding === undefined || removed === adding;
}

/**
 * The ending member of the class that leaves the listener in place, when `fn` (a constructor or instance member)
 * adds it to an emitter that outlives the instance and nothing the ending members run removes it.
 */
export function endingWithoutRemoval(
  added: Registration,
  fn: FunctionLike,
  checker: ts.TypeChecker,
): string | undefined {
  const members = instanceMembers(fn);
  if (members === undefined) return undefined;
  const ending = members.filter(
    (member) =>
      endingMembers.has(member.name) &&
      (ts.isMethodDeclaration(member.node) ||
        ts.isPropertyDeclaration(member.node) ||
        isFunctionLike(member.node)),
  );
  const first = ending[0];
  if (first === undefined || ending.some((member) => isMemberCode(member, fn))) return undefined;
  const code = reachedFrom(
    members,
    ending.map((member) => member.node),
  );
  const removed = code.some((root) =>
    removalsIn(root).some((removal) => removesEvent(removal, added, checker)),
  );
  if (removed) return undefined;
  // Removed by another member than the one that adds it (`onDestroy`, `unsubscribe`), or by a callback of the same
  // member (a pointer-up handler ending a drag): a lifecycle of its own. A removal next to the registration (taking
  // off a previous instance's handlers) does not end this one's.
  const elsewhere = members.some((member) =>
    removalsIn(member.node).some(
      (removal) =>
        removesEvent(removal, added, checker) &&
        (!isMemberCode(member, fn) || enclosingFunction(removal.call) !== fn),
    ),
  );
  return elsewhere ? undefined : first.name;
}

/**
 * For a component class the framework mounts and unmounts many times (`componentEndOf`: a React class component, a
 * custom element, an Angular component) that has no ending member of its own: that framework end, when `fn` (a
 * constructor or instance member) adds a listener to an emitter that outlives the instance and no member of the class
 * removes a listener of that event there. Each unmounted instance stays reachable from `window`/`document` and keeps
 * reacting.
 */
export function componentEndWithoutRemoval(
  added: Registration,
  fn: FunctionLike,
  checker: ts.TypeChecker,
): string | undefined {
  const members = instanceMembers(fn);
  const klass = owningClass(fn);
  if (members === undefined || klass === undefined) return undefined;
  const end = componentEndOf(klass, checker);
  if (end === undefined || members.some((member) => endingMembers.has(member.name))) return undefined;
  const removed = members.some((member) =>
    removalsIn(member.node).some((removal) => removesEvent(removal, added, checker)),
  );
  return removed ? undefined : end;
}

/**
 * For a listener added to an emitter handed in as a parameter (or to one of its members: `client.socket`) and kept by
 * the instance (`this.workers.set(name, worker)`, `list.push(client)` with `const list = this.subscribers[name]`): the
 * member that lets it go (`this.workers.delete(name)`, `delete this.subscribers[name]`) without removing any listener
 * of that event. Classes in either spelling (`class`, or a constructor function with prototype methods). Undefined
 * when there is none or it removes the listener.
 */
export function droppedWithoutRemoval(
  added: Registration,
  fn: FunctionLike,
  parameter: ts.ParameterDeclaration,
): string | undefined {
  const members = instanceMembers(fn);
  if (members === undefined || parameter.parent !== fn || !ts.isIdentifier(parameter.name)) return undefined;
  const kept = keptIn(fn, parameter.name.text);
  if (kept === undefined) return undefined;
  const event = eventText(added.event);
  for (const member of members) {
    if (isMemberCode(member, fn)) continue;
    const body = memberBody(member.node);
    if (body === undefined || !drops(body, kept)) continue;
    // `client.close()` while letting it go: its listeners end with it.
    if (endsSomething(body)) return undefined;
    const code = reachedFrom(members, [member.node]);
    const removes = code.some((root) =>
      removalsIn(root).some((removal) => {
        const removed = eventText(removal.event);
        return (
          removal.event === undefined || removed === undefined || event === undefined || removed === event
        );
      }),
    );
    return removes ? undefined : member.name;
  }
  return undefined;
}

/** The code of a method (a class method, or a prototype function). */
function memberBody(node: ts.Node): ts.Node | undefined {
  if (ts.isMethodDeclaration(node)) return node.body;
  return isFunctionLike(node) ? node.body : undefined;
}

/** The code calls an ending method (`close`, `destroy`, `terminate` …) on something. */
function endsSomething(body: ts.Node): boolean {
  let found = false;
  forEachDescendant(body, (node) => {
    if (ts.isCallExpression(node) && endMethods.has(memberName(node.expression) ?? '')) found = true;
  });
  return found;
}

/** The instance collection (`this.workers`: a Map, Set, array or object of arrays) that `fn` adds the parameter to. */
function keptIn(fn: FunctionLike, name: string): string | undefined {
  let kept: string | undefined;
  const isParameter = (node: ts.Node | undefined): boolean =>
    node !== undefined &&
    ts.isIdentifier(skipOuter(node as ts.Expression)) &&
    (skipOuter(node as ts.Expression) as ts.Identifier).text === name;
  forEachDescendant(fn, (node) => {
    if (kept !== undefined) return 'skip';
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(skipOuter(node.expression))) {
      const method = memberName(node.expression);
      const receiver = (skipOuter(node.expression) as ts.PropertyAccessExpression).expression;
      if ((method === 'set' || method === 'push' || method === 'add') && node.arguments.some(isParameter))
        kept = collectionKey(receiver);
    }
    return undefined;
  });
  return kept;
}

/**
 * The instance collection an expression is, or an entry of, as text without the entry (`this.subscribers` for
 * `this.subscribers[name]`), through a local name for it (`const list = this.subscribers[name] || …`); undefined
 * when it is not the instance's.
 */
function collectionKey(expression: ts.Expression, depth = 0): string | undefined {
  let current = skipOuter(expression);
  if (ts.isIdentifier(current) && depth < 3) {
    const declaration = initializedVariable(current);
    if (declaration === undefined) return undefined;
    const isChain = (node: ts.Node): boolean =>
      (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) && isThisChain(node);
    const initializer = skipOuter(declaration.initializer);
    const chain = isChain(initializer) ? initializer : findDescendant(initializer, isChain);
    return chain === undefined ? undefined : collectionKey(chain as ts.Expression, depth + 1);
  }
  while (ts.isElementAccessExpression(current)) current = skipOuter(current.expression);
  return isThisChain(current) ? normalizedText(current, current.getSourceFile()) : undefined;
}

function isThisChain(node: ts.Expression): boolean {
  let current = skipOuter(node);
  while (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current))
    current = skipOuter(current.expression);
  return current.kind === ts.SyntaxKind.ThisKeyword || (ts.isIdentifier(current) && isAliasOfThis(current));
}

/**
 * `body` takes something out of the collection `kept`: `kept.delete(…)`, `kept.splice(…)`, `kept.clear()` (also through
 * an entry or a local name for it), or `delete kept[key]`.
 */
function drops(body: ts.Node, kept: string): boolean {
  return (
    findDescendant(body, (node) => {
      if (ts.isDeleteExpression(node)) return collectionKey(node.expression) === kept;
      if (!ts.isCallExpression(node)) return false;
      const callee = skipOuter(node.expression);
      return (
        ts.isPropertyAccessExpression(callee) &&
        ['delete', 'splice', 'clear'].includes(callee.name.text) &&
        collectionKey(callee.expression) === kept
      );
    }) !== undefined
  );
}
