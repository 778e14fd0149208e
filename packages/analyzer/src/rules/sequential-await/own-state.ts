/**
 * Whether a call of a method of the object itself (`await this.get(key)`) changes the object's state, for
 * `sequential-await`: two such calls are ordered when the first leaves something on `this` that the second may read
 * (a counter, a current page, a connection's state), and independent when the method only reads the object's fields
 * (or fills a cache keyed by its own arguments, as `this.cache.set(key, value)` does: each call fills its own entry).
 *
 * The method is read in its class: every `this.<field> = …`, `this.<field>++`, `delete this.<field>`, a mutating
 * method on a field (`this.items.push(…)`) and a call whose order is the point (a stream write, a lock, a sleep)
 * counts, also inside its callbacks and in the object's other methods it calls (followed a few calls deep). A method
 * the class does not declare (inherited from a library, or a function stored in a field) cannot be read: it counts
 * as changing state.
 *
 * @module
 */
import ts from '../../typescript.cjs';
import {
  calleeName,
  calleeReceiver,
  isAssignmentOperator,
  skipOuter,
} from '../../analysis/syntax/expressions.js';
import { enclosingClass, isFunctionLike } from '../../analysis/syntax/functions.js';
import { boundNames } from '../../analysis/syntax/scope.js';
import { forEachDescendant } from '../../analysis/syntax/walk.js';
import { mentions, mutatingMethods } from './data-flow.js';

/** Mutating methods that fill or drop one entry of a keyed collection: a cache, when keyed by the call's input. */
const keyedMethods = new Set(['set', 'add', 'delete']);

/** How many calls deep the object's own methods are followed. */
const maxDepth = 4;

/**
 * Whether `call`, a call on `this`, may change the object's state (see the module comment); `isOrderedCall` says
 * whether a call inside the method is one whose order is the point.
 *
 * @example
 * ```ts
 * if (receiver.kind === ts.SyntaxKind.ThisKeyword && changesOwnState(call, isOrderedName)) ordered = true;
 * ```
 */
export function changesOwnState(
  call: ts.CallExpression,
  isOrderedCall: (call: ts.CallExpression) => boolean,
): boolean {
  return methodChangesState(call, isOrderedCall, new Set(), 0);
}

function methodChangesState(
  call: ts.CallExpression,
  isOrderedCall: (call: ts.CallExpression) => boolean,
  seen: Set<ts.Node>,
  depth: number,
): boolean {
  const name = calleeName(call);
  const owner = enclosingClass(call);
  if (name === undefined || owner === undefined) return true;
  const method = ownMethod(owner, name);
  if (method === undefined) return true;
  if (seen.has(method)) return false;
  if (depth >= maxDepth) return true;
  seen.add(method);
  const keys = inputsOf(method);
  let changes = false;
  forEachDescendant(method.body ?? method, (node) => {
    if (changes) return 'skip';
    if (node.kind === ts.SyntaxKind.ThisKeyword && writesThrough(node, keys)) changes = true;
    else if (ts.isCallExpression(node)) {
      if (isOrderedCall(node)) changes = true;
      const receiver = calleeReceiver(node);
      if (
        receiver !== undefined &&
        skipOuter(receiver).kind === ts.SyntaxKind.ThisKeyword &&
        methodChangesState(node, isOrderedCall, seen, depth + 1)
      )
        changes = true;
    }
    return undefined;
  });
  return changes;
}

/**
 * Whether `call` is `this.<name>(…)` of a method (or function-valued field) its class declares: its body, not its
 * name, says what it does.
 *
 * @example
 * ```ts
 * if (!callsOwnMethod(call) && isOrderedByName(call)) ordered = true;
 * ```
 */
export function callsOwnMethod(call: ts.CallExpression): boolean {
  const receiver = calleeReceiver(call);
  const name = calleeName(call);
  const owner = enclosingClass(call);
  return (
    receiver !== undefined &&
    skipOuter(receiver).kind === ts.SyntaxKind.ThisKeyword &&
    name !== undefined &&
    owner !== undefined &&
    ownMethod(owner, name) !== undefined
  );
}

/** The method (or function-valued field) `name` declared by the class itself. */
function ownMethod(owner: ts.ClassLikeDeclaration, name: string): ts.FunctionLikeDeclaration | undefined {
  for (const member of owner.members) {
    if (member.name === undefined || !ts.isIdentifier(member.name) || member.name.text !== name) continue;
    if (ts.isMethodDeclaration(member) && member.body !== undefined) return member;
    if (ts.isPropertyDeclaration(member) && member.initializer !== undefined) {
      const value = skipOuter(member.initializer);
      if ((ts.isArrowFunction(value) || ts.isFunctionExpression(value)) && isFunctionLike(value))
        return value;
    }
  }
  return undefined;
}

/**
 * A function's own input: its parameters and the variables computed from them (`const key = url + query`).
 *
 * @example
 * ```ts
 * const keys = inputsOf(method); // a cache keyed by these is filled per call, not shared state
 * ```
 */
export function inputsOf(fn: ts.FunctionLikeDeclaration): Set<string> {
  const names = new Set(fn.parameters.flatMap((parameter) => boundNames(parameter.name)));
  if (fn.body === undefined) return names;
  for (let size = -1; size !== names.size;) {
    size = names.size;
    forEachDescendant(fn.body, (node) => {
      if (
        ts.isVariableDeclaration(node) &&
        node.initializer !== undefined &&
        mentions(node.initializer, names)
      )
        for (const name of boundNames(node.name)) names.add(name);
      return undefined;
    });
  }
  return names;
}

/**
 * `this` is the root of a write: `this.x = …`, `this.x.y = …`, `this.x++`, `delete this.x`, `this.items.push(…)`;
 * not `this.cache.set(key, …)` or `this.cache[key] = …` with a key computed from the method's input.
 */
function writesThrough(self: ts.Node, keys: ReadonlySet<string>): boolean {
  const target = writeThrough(self, keys, false);
  return target !== undefined && target !== self;
}

/**
 * What a chain of accesses from `root` writes: the assigned (or `++`/`delete`d) access, or the mutating method's
 * callee for `root.items.push(…)`; `undefined` when the chain only reads, or when it writes a keyed entry
 * (`x.cache.set(key, …)`, `x.cache[key] = …`) whose key mentions `keys` (the caller's input: each call fills its own
 * entry). `keyedOnRoot` says whether a keyed method called on `root` itself (`x.set(key, …)`) counts as such an entry.
 *
 * @example
 * ```ts
 * const target = writeThrough(identifier, inputs, true);
 * if (target !== undefined) written.add(identifier.text);
 * ```
 */
export function writeThrough(
  root: ts.Node,
  keys: ReadonlySet<string>,
  keyedOnRoot: boolean,
): ts.Node | undefined {
  let target: ts.Node = root;
  while (
    (ts.isPropertyAccessExpression(target.parent) || ts.isElementAccessExpression(target.parent)) &&
    target.parent.expression === target
  ) {
    const access = target.parent;
    if (
      ts.isPropertyAccessExpression(access) &&
      ts.isCallExpression(access.parent) &&
      access.parent.expression === access
    ) {
      const method = access.name.text;
      if (!mutatingMethods.has(method)) return undefined;
      const key = access.parent.arguments[0];
      const ownEntry =
        keyedMethods.has(method) &&
        key !== undefined &&
        mentions(key, keys) &&
        (keyedOnRoot || target !== root);
      return ownEntry ? undefined : access;
    }
    if (
      ts.isElementAccessExpression(access) &&
      mentions(access.argumentExpression, keys) &&
      isWriteTarget(access)
    )
      return undefined;
    target = access;
  }
  return isWriteTarget(target) ? target : undefined;
}

/**
 * `node` is what an assignment, `++`/`--` or `delete` changes.
 *
 * @example
 * ```ts
 * if (isWriteTarget(access)) written.add(field);
 * ```
 */
export function isWriteTarget(node: ts.Node): boolean {
  const parent = node.parent;
  if (ts.isBinaryExpression(parent) && parent.left === node)
    return isAssignmentOperator(parent.operatorToken.kind);
  if (ts.isPrefixUnaryExpression(parent) || ts.isPostfixUnaryExpression(parent))
    return (
      parent.operator === ts.SyntaxKind.PlusPlusToken || parent.operator === ts.SyntaxKind.MinusMinusToken
    );
  return ts.isDeleteExpression(parent);
}
